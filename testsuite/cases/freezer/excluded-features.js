// Freezer: functions using generators, async/await, `arguments`, eval and `with` are excluded
// from freezing; they run hot next to frozen functions (calling them and called by them) and
// must behave exactly as before. Nothing here may be miscompiled by the exclusion rules.
function add(a, b) { return a + b; }
function* range(n) { for (let i = 0; i < n; i++) yield add(i, 0); }
function sumGen(n) { let s = 0; for (const v of range(n)) s = add(s, v); return s; }
let t = 0;
for (let i = 0; i < 200; i++) t += sumGen(50);
console.log("generator", t, [...range(5)].join(","));
function* delegating() { const r = yield* range(3); yield "after " + r; }
console.log("yield*", [...delegating()].join(","));
const it = range(2);
console.log("manual next", JSON.stringify(it.next()), JSON.stringify(it.return(9)), JSON.stringify(it.next()));
function* twoWay() { let got = 0; for (;;) got = add(got, yield got); }
const tw = twoWay();
tw.next();
let last;
for (let i = 1; i <= 1000; i++) last = tw.next(i).value;
console.log("values sent into a generator", last);

function countArgs() { return arguments.length; }
function sumArgs() { let s = 0; for (let i = 0; i < arguments.length; i++) s = add(s, arguments[i]); return s; }
function aliased(a) { arguments[0] = "changed"; return a; }
function strictAliased(a) { "use strict"; arguments[0] = "changed"; return a; }
let a = 0;
for (let i = 0; i < 5000; i++) a += countArgs(i, i) + sumArgs(i, 1, 2);
console.log("arguments", a, countArgs(), sumArgs(2147483647, 1), aliased("orig"), strictAliased("orig"));
const arrowArgs = function () { return (() => arguments[0])(); };
console.log("arguments in an arrow", arrowArgs("outer"));

function useEval(x) { return eval("x * 2 + add(1, 1)"); }
function indirectEval(x) { return (0, eval)("typeof x"); }
let e = 0;
for (let i = 0; i < 300; i++) e += useEval(i);
console.log("eval", e, indirectEval(5));
function evalDeclares() { eval("var declared = 7"); return declared; }
console.log("eval declares a var", evalDeclares());

function useWith(o) { with (o) { return x + y; } }
let w = 0;
for (let i = 0; i < 3000; i++) w += useWith({ x: i, y: 1 });
const scoped = { x: "s" };
console.log("with", w, useWith({ x: 1, get y() { return 10; } }), useWith(Object.assign(Object.create(scoped), { y: "!" })));

async function asyncAdd(x, y) { await null; return add(x, y); }
async function asyncLoop(n) { let s = 0; for (let i = 0; i < n; i++) s = await asyncAdd(s, i); return s; }
async function* asyncGen() { for (let i = 0; i < 3; i++) { await null; yield i * 10; } }
(async () => {
  console.log("async", await asyncLoop(2000));
  const got = [];
  for await (const v of asyncGen()) got.push(v);
  console.log("async generator", got.join(","));
  try { await (async () => { await null; throw new TypeError("async throw"); })(); } catch (err) { console.log("async rejection caught", err.name); }
})();
console.log("sync part done", add(1, 2));
