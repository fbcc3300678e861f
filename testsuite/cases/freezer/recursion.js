// Freezer: self-recursion. A self-call may become a direct Wasm call (and an int32-only clone
// is allowed), but the result must be exactly the generic one: fib overflows int32 into exact
// doubles, non-int arguments (2.5, "10", true, null, -0) follow JS semantics, and recursion with
// an accumulator reaches fib(78) exactly. See recursion-bindings.js for rebinding.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);
const out = (label, x) => console.log(label, show(x));

function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function fibGe(n) { return n >= 2 ? fibGe(n - 1) + fibGe(n - 2) : n; }
function fibAcc(n, a, b) { return n === 0 ? a : fibAcc(n - 1, b, a + b); }
function fibIf(n) {
  if (n <= 1) return n;
  const a = fibIf(n - 1);
  const b = fibIf(n - 2);
  return a + b;
}

let s = 0;
for (let i = 0; i < 200; i++) s += fib(i % 15);
out("warm fib", s);
out("fib(20)", fib(20));
out("fibIf(20)", fibIf(20));
out("fib(2.5)", fib(2.5));
out("fib(10.5)", fib(10.5));
out("fib('10')", fib("10"));
out("fib('1')", fib("1"));
out("fib(-1)", fib(-1));
out("fib(-0)", fib(-0));
out("fib(true)", fib(true));
out("fib(false)", fib(false));
out("fib(null)", fib(null));
out("fib([5])", fib([5]));
out("fib(1n)", fib(1n));
out("fib(10n) throws", (() => { try { return fib(10n); } catch (e) { return e.name; } })());
out("fibGe(undefined)", fibGe(undefined));
out("fibGe(NaN)", fibGe(NaN));
out("fibGe('abc')", fibGe("abc"));
out("fibGe(12)", fibGe(12));
out("fibIf(7.5)", fibIf(7.5));
out("fibIf('8')", fibIf("8"));

for (let i = 0; i < 1000; i++) s = fibAcc(40, 0, 1);
out("fibAcc(40) hot", s);
out("fibAcc(46)", fibAcc(46, 0, 1));
out("fibAcc(47)", fibAcc(47, 0, 1));
out("fibAcc(50)", fibAcc(50, 0, 1));
out("fibAcc(78)", fibAcc(78, 0, 1));
out("fibAcc(79)", fibAcc(79, 0, 1));
out("fibAcc(100)", fibAcc(100, 0, 1));
out("fibAcc(1476)", fibAcc(1476, 0, 1));
out("fibAcc(1477)", fibAcc(1477, 0, 1));
out("fibAcc(10, 0.5, 0.5)", fibAcc(10, 0.5, 0.5));
out("fibAcc(5, 'a', 'b')", fibAcc(5, "a", "b"));
out("fibAcc('3', 0, 1)", fibAcc("3", 0, 1));
out("fibAcc(100, 0n, 1n)", fibAcc(100, 0n, 1n));
out("fibAcc(3, {}, 1)", fibAcc(3, {}, 1));

function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }
out("fact(12)", fact(12));
out("fact(13)", fact(13));
out("fact(25)", fact(25));
out("fact(170)", fact(170));
out("fact(171)", fact(171));
out("fact(25n) throws", (() => { try { return fact(25n); } catch (e) { return e.name; } })());
function factBig(n) { return n <= 1n ? 1n : n * factBig(n - 1n); }
out("factBig(25n)", factBig(25n));
out("factBig(5) throws", (() => { try { return factBig(5); } catch (e) { return e.name; } })());
function ackermann(m, n) { return m === 0 ? n + 1 : n === 0 ? ackermann(m - 1, 1) : ackermann(m - 1, ackermann(m, n - 1)); }
out("ackermann(2, 3)", ackermann(2, 3));
function gcd(a, b) { return b === 0 ? a : gcd(b, a % b); }
out("gcd(1071, 462)", gcd(1071, 462));
out("gcd(2^40, 6^20)", gcd(2 ** 40, 6 ** 20));
out("gcd(-12, 18)", gcd(-12, 18));
out("gcd(7.5, 2.5)", gcd(7.5, 2.5));
function power(b, e) { return e === 0 ? 1 : e % 2 === 0 ? power(b * b, e / 2) : b * power(b, e - 1); }
out("power(3, 40)", power(3, 40));
out("power(-2, 31)", power(-2, 31));
out("power(1.1, 10)", power(1.1, 10));
function depthSum(n) { return n === 0 ? 0 : n + depthSum(n - 1); }
out("depthSum(1000)", depthSum(1000));
