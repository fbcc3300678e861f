// Freezer: semantics of calls in tail position at depths the interpreter handles too: results,
// `this` for tail_call (undefined → globalThis in sloppy callees) and tail_call_method,
// argument counts changing between steps, tail calls to natives, bound functions, closures
// and non-functions, exceptions crossing them, and `return f()` inside try/finally (not a
// tail call: finally runs after f). Both the if/return form (tail_call opcode) and the
// ternary form (plain call + return) are used.
function sumIf(n, acc) { if (n === 0) return acc; return sumIf(n - 1, acc + n); }
function sumTernary(n, acc) { return n === 0 ? acc : sumTernary(n - 1, acc + n); }
let s = 0;
for (let i = 0; i < 20; i++) s += sumIf(900, i) - sumTernary(900, i);
console.log("warm", s, sumIf(1000, 0), sumTernary(1000, 0.5));
console.log("overflowing accumulator", sumIf(1000, 2147480000));

function step(n, acc) { if (n === 0) return acc; return helper(n, acc); }
function helper(n, acc) { return step(n - 1, acc + 2); }
console.log("via another function", step(500, 0));

const counter = { hits: 0, loop(n) { this.hits++; if (n === 0) return this.hits; return this.loop(n - 1); } };
const other = { hits: 100, loop: counter.loop };
console.log("tail_call_method", counter.loop(1000), other.loop(5), counter.hits);

function sloppyThis() { return this === globalThis ? "global" : typeof this; }
function strictThis() { "use strict"; return this === undefined ? "undefined" : typeof this; }
function callSloppy() { return sloppyThis(); }
function callStrict() { return strictThis(); }
function callMethodSloppy(x) { return sloppyThis.call(x); }
console.log("this in tail-called functions", callSloppy(), callStrict(), callMethodSloppy(5), strictThis.call(5));

function varargs(n, a, b, c) {
  if (n === 0) return [a, b, c].join("/");
  if (n % 2) return varargs(n - 1, a);
  return varargs(n - 1, a + 1, b, c, 99);
}
console.log("changing argument counts", varargs(901, 0, "b", "c"), varargs(900, 0, "b", "c"));

function mx(a, b) { return Math.max(a, b); }
let m = 0;
for (let i = 0; i < 3000; i++) m += mx(i, 1500);
console.log("tail call to a native", m, mx(-0, 0), mx(NaN, 1));
const bound = sumIf.bind(null, 100);
function callBound(acc) { return bound(acc); }
console.log("tail call to a bound function", callBound(0), callBound("x"));
const makeAdder = (k) => (x) => x + k;
const add5 = makeAdder(5);
function callClosure(x) { return add5(x); }
console.log("tail call to a closure", callClosure(1), callClosure("a"));
function callNotAFunction(f) { return f(1); }
for (const v of [undefined, null, 5, "f", {}]) {
  try { callNotAFunction(v); } catch (e) { console.log("tail call to", String(v), e.name); }
}
class C { constructor() { this.v = 1; } }
function callClass() { return C(); }
try { callClass(); } catch (e) { console.log("tail call to a class", e.name); }

function thrower(n) { if (n === 0) throw new RangeError("bottom"); return thrower(n - 1); }
try { thrower(900); } catch (e) { console.log("exception through 900 tail calls", e.name, e.message); }
const order = [];
function traced(x) { order.push("callee " + x); return x * 2; }
function tryFinally(x) { try { return traced(x); } finally { order.push("finally"); } }
console.log("try/finally", tryFinally(21), order.join(", "));
function tryCatch(f) { try { return f(); } catch (e) { return "caught " + e.name; } }
console.log("try/catch around a return call", tryCatch(() => null.x), tryCatch(() => 7));

function viaGetter(o, n) { return o.f(n); }
const getterObj = { get f() { return (n) => n * 3; } };
let g = 0;
for (let i = 0; i < 2000; i++) g += viaGetter(getterObj, i);
console.log("tail call through a getter", g);
function depthOf(n) { return n === 0 ? 0 : 1 + depthOf(n - 1); }
function tailToNonTail(n) { if (n < 0) return -1; return depthOf(n); }
console.log("tail call into non-tail recursion", tailToNonTail(900));
