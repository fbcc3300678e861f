"use strict";
// freezer-required (strict mode: proper tail calls): the interpreter alone overflows (RangeError) — node and native qjs too.
// Freezer: `return this.m(...)` compiles to tail_call_method, which becomes a Wasm tail call,
// so a method recursing on its receiver 100,000 deep runs in constant stack, with `this`
// kept correct on every step.
const counter = {
  hits: 0,
  loop(n) {
    this.hits++;
    if (n === 0) return this.hits;
    return this.loop(n - 1);
  },
};
console.log(counter.loop(100000));
const borrowed = { hits: 0.5, loop: counter.loop };
console.log(borrowed.loop(100000), counter.hits);
class Walker {
  constructor() { this.steps = 0; }
  walk(n) {
    if (n === 0) return this.steps;
    this.steps += 2;
    return this.walk(n - 1);
  }
}
console.log(new Walker().walk(100000));
