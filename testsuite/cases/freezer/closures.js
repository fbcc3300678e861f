// Freezer: arguments and captured variables. Missing arguments are undefined, extra ones are
// ignored; captured variables are read and written through the real var_refs, so writes by a
// hot (frozen) closure are seen by other closures and by the outer code, and vice versa;
// `let` in a for loop gets a fresh binding per iteration, `var` does not.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);

function three(a, b, c) { return show(a) + "," + show(b) + "," + show(c); }
function countDefined(a, b, c) { return (a !== undefined) + (b !== undefined) + (c !== undefined); }
let n = 0;
for (let i = 0; i < 3000; i++) n += countDefined(i) + countDefined(i, i) + countDefined(i, i, i, i);
console.log("defined args counted", n);
console.log(three(1), "|", three(1, 2), "|", three(1, 2, 3, 4), "|", three());
function withDefault(a, b = a * 2) { return a + b; }
console.log("default param", withDefault(3), withDefault(3, 1), withDefault(3, undefined), withDefault(3, null));

function makeCounter(start) {
  let count = start;
  return { inc() { return ++count; }, add(k) { count += k; return count; }, get() { return count; } };
}
const c1 = makeCounter(0), c2 = makeCounter(100);
for (let i = 0; i < 5000; i++) { c1.inc(); if (i % 2) c2.add(2); }
console.log("counters", c1.get(), c2.get());
const big = makeCounter(2147483640);
for (let i = 0; i < 10; i++) big.inc();
console.log("captured counter past int32", big.get());

function shared() {
  let v = 0;
  const write = (x) => { v = x; };
  const read = () => v;
  const bump = () => v++;
  return [write, read, bump];
}
const [write, read, bump] = shared();
for (let i = 0; i < 1000; i++) bump();
console.log("shared after bumps", read());
write("now a string");
console.log("shared after write", read());
bump();
console.log("shared after bump of string", show(read()));

let total = 0;
function addToTotal(x) { total += x; }
for (let i = 0; i < 5000; i++) addToTotal(i);
console.log("outer let written by function", total);
total = 0.5;
addToTotal(1);
console.log("outer let written by outer code, then function", total);
let outerSeen = "start";
function readOuter() { return outerSeen; }
const seen = [];
for (const v of ["a", 1, null, -0]) { outerSeen = v; seen.push(show(readOuter())); }
console.log("function sees outer writes", seen.join(" "));

const lets = [], vars = [];
for (let i = 0; i < 3; i++) lets.push(() => i);
for (var j = 0; j < 3; j++) vars.push(() => j);
console.log("let per iteration", lets.map((f) => f()).join(","), "var shared", vars.map((f) => f()).join(","));
const bumped = [];
for (let i = 0; i < 5; i++) { bumped.push(() => i); i++; }
console.log("let modified in body", bumped.map((f) => f()).join(","));
const incs = [];
for (let i = 0; i < 3; i++) incs.push(() => ++i);
console.log("closures incrementing their own i", incs.map((f) => f()).join(","), incs.map((f) => f()).join(","));

function level1() {
  let x = 1;
  function level2() {
    let y = 10;
    function level3(k) { x += k; y += k; return x * 1000 + y; }
    for (let i = 0; i < 999; i++) level3(1);
    return level3(1) + ":" + y;
  }
  const r = level2();
  return r + ":" + x;
}
console.log("three levels", level1());

function paramCapture(p) { const get = () => p; p = p * 2; return get; }
console.log("captured parameter", paramCapture(21)(), paramCapture("ab")());
function captureInLoop() {
  const fs = [];
  for (let i = 0; i < 2000; i++) { let own = i * 2; fs.push(() => own++); }
  let s = 0;
  for (const f of fs) s += f() + f();
  return s;
}
console.log("2000 closures with own variables", captureInLoop());
const constCap = (() => { const k = 7; return () => k * 6; })();
let s = 0;
for (let i = 0; i < 1000; i++) s += constCap();
console.log("captured const", s);
// set_var_ref (an assignment to a closure variable used as a value) of an object, and a class's
// static fields, whose initializer sets the class's inner binding that way.
function setCaptured() {
  let captured;
  const assign = (v) => [captured = { v }, captured.v];
  const r = assign(7);
  return [r[0] === captured, r[1], captured.v];
}
for (let i = 0; i < 3; i++) console.log("set_var_ref of an object", setCaptured().join());
function staticFields() {
  class S { static x = 42; static y = S.x; static z = this.x; }
  return [S.y, S.z];
}
console.log("static fields", staticFields().join());
