// Functions that create closures are frozen when the closures capture nothing of their frame:
// only what the creating function captured itself (its closure variables) or nothing at all.
// A script's top level with function declarations (define_func) is frozen too.
function show(label, v) {
  console.log(label + ": " + (Object.is(v, -0) ? "-0" : typeof v === "string" ? JSON.stringify(v) : String(v)));
}

// Top-level declarations: hoisted, callable before their text, redeclared (the last one wins),
// visible as properties of the global object, configurable: false, like the interpreter's.
show("hoisted", early(2));
function early(x) { return x * 3; }
function twice(x) { return x + 1; }
function twice(x) { return x * 2; }
show("redeclared", twice(21));
const d = Object.getOwnPropertyDescriptor(globalThis, "early");
show("global prop", [typeof d.value, d.writable, d.enumerable, d.configurable].join());
var early2 = early;
show("same object", early2 === globalThis.early);

// A factory that captures nothing of its own: every call makes a new function object with the
// full set of properties (name, length, prototype for non-arrows, constructor bit).
function makePlain() {
  return function named(a, b) { return a + b; };
}
function makeArrow() {
  return (a, b, c) => a * b * c;
}
let total = 0;
for (let i = 0; i < 2000; i++) {
  total += makePlain()(i, 1) + makeArrow()(i, 2, 3);
}
show("factory total", total);
const p1 = makePlain(), p2 = makePlain();
show("fresh objects", p1 !== p2);
show("name/length", p1.name + "/" + p1.length + " " + JSON.stringify(makeArrow().name) + "/" + makeArrow().length);
show("prototype", typeof p1.prototype + " " + (p1.prototype.constructor === p1) + " " + makeArrow().hasOwnProperty("prototype"));
show("new", Object.getPrototypeOf(new p1(1, 2)) === p1.prototype);
function newArrow() {
  try { new (makeArrow())(); } catch (e) { return e.name; }
}
show("new arrow", newArrow());
show("toString", makeArrow().toString());

// Closures that reach a variable of an outer scope through the creating function's own closure
// variables: the counter is shared by all of them and by the outer code.
const counters = (() => {
  let count = 0;
  function make() { return () => ++count; }
  function read() { return count; }
  function reset() { count = 0; }
  return { make, read, reset };
})();
for (let i = 0; i < 1000; i++) counters.make()();
const c1 = counters.make(), c2 = counters.make();
c1(); c2(); c2();
show("shared count", counters.read());
counters.reset();
show("after reset", c1());

// Generators and async functions created by a frozen function.
function makeGen(n) {
  return function* () { yield 1; yield 2; };
}
show("generator", Array.from(makeGen()()).join());
function makeAsync() {
  return async (v) => v + 1;
}
makeAsync()(41).then((v) => show("async", v));

// Top-level callbacks: closures made by the top level itself (capturing only globals).
const doubled = [1, 2, 3].map((x) => x * 2);
show("map", doubled.join());
let sum = 0;
[4, 5, 6].forEach(function (x) { sum += x; });
show("forEach", sum);
const sorted = [3, 1, 2].sort((a, b) => b - a);
show("sort", sorted.join());

// The creating function is still excluded when the closure captures its own locals or `this`.
function captures(k) { return () => k; }
show("captured arg", captures(7)());
function Box(v) { this.v = v; }
Box.prototype.get = function () { return (() => this.v)(); };
show("captured this", new Box(5).get());

// Exceptions thrown inside a created closure carry the closure's frame.
function makeThrower() {
  return function thrower() { throw new Error("boom"); };
}
function catchIt() {
  try { makeThrower()(); } catch (e) { return e.message + " " + e.stack.includes("at thrower"); }
}
show("thrown", catchIt());
