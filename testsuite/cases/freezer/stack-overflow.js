// Freezer: unbounded non-tail recursion in hot (frozen) code must end in a catchable
// RangeError — never a Wasm stack-exhaustion trap — and leave the runtime usable: the same
// functions work normally afterwards. Depths are engine-specific, so only names and
// results are printed.
function down(n) { return down(n + 1) + 1; }
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function ping(n) { return pong(n + 1) * 1; }
function pong(n) { return ping(n + 1) * 1; }
const obj = { deep(n) { return this.deep(n + 1) + 1; } };
function withLocals(n, a, b, c) { const x = a + b, y = b * c, z = [x, y]; return withLocals(n + 1, x, y, z.length) + z[0]; }
const viaValueOf = { valueOf() { return 1 + viaValueOf; } };
function viaArith() { return 1 + viaValueOf; }

let warm = 0;
for (let i = 0; i < 200; i++) warm += fib(i % 12);
console.log("warm", warm);
for (const [label, f] of [["down", () => down(0)], ["fib(undefined)", () => fib(undefined)], ["fib('x')", () => fib("x")],
  ["ping/pong", () => ping(0)], ["method", () => obj.deep(0)], ["with locals", () => withLocals(0, 1, 2, 3)],
  ["valueOf", () => viaArith()]]) {
  try { f(); console.log(label, "returned?"); } catch (e) { console.log(label, e.name, e instanceof RangeError); }
}
console.log("still works", fib(20));

let caughtInside = 0;
function catchAtBottom(n) {
  try { return catchAtBottom(n + 1); } catch (e) { caughtInside++; return n >= 0 ? "caught" : "?"; }
}
console.log("caught by the recursion itself", catchAtBottom(0), caughtInside >= 1);
let depthA = 0, depthB = 0;
function measureA() { depthA++; measureA(); }
function measureB() { depthB++; measureB(); }
try { measureA(); } catch (e) {}
try { measureB(); } catch (e) {}
console.log("same depth twice", depthA === depthB, depthA > 1000);
for (let k = 0; k < 3; k++) { try { down(0); } catch (e) { if (k === 2) console.log("repeated overflows", e.name); } }
console.log("after", fib(15), [1, 2, 3].map((x) => fib(x + 10)).join(","));
