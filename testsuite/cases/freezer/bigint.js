// Freezer: the arithmetic functions, hot with ints, then given BigInts: + - * / % ** & | ^ << >>
// (arbitrary precision, truncating division), `>>>` and mixing with Numbers throw TypeError,
// division by 0n throws RangeError, comparisons and == with Numbers/strings are exact, and
// there is no -0n.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);
const out = (label, x) => console.log(label, show(x));
const err = (label, f) => { try { out(label + " no throw", f()); } catch (e) { out(label + " throws", e.name); } };

function add(a, b) { return a + b; }
function sub(a, b) { return a - b; }
function mul(a, b) { return a * b; }
function div(a, b) { return a / b; }
function mod(a, b) { return a % b; }
function pow(a, b) { return a ** b; }
function and(a, b) { return a & b; }
function or(a, b) { return a | b; }
function xor(a, b) { return a ^ b; }
function shl(a, b) { return a << b; }
function sar(a, b) { return a >> b; }
function shr(a, b) { return a >>> b; }
function neg(a) { return -a; }
function not(a) { return ~a; }
function pos(a) { return +a; }
function inc(a) { return ++a; }
function lt(a, b) { return a < b; }
function eq(a, b) { return a == b; }
function seq(a, b) { return a === b; }

let acc = 0;
for (let i = 1; i < 3000; i++) {
  acc += add(i, 1) + sub(i, 2) + mul(i, 3) + div(i, 2) + mod(i, 5) + pow(2, i & 7) + and(i, 7) + or(i, 1);
  acc += xor(i, 3) + shl(i, 2) + sar(i, 1) + shr(i, 1) + neg(i) + not(i) + pos(i) + inc(i) + lt(i, 9) + eq(i, 4) + seq(i, 4);
}
out("warm", acc);

out("1n+2n", add(1n, 2n));
out("2n**64n-1n", sub(pow(2n, 64n), 1n));
out("2n**64n*3n", mul(pow(2n, 64n), 3n));
out("u64max*u64max", mul(0xffffffffffffffffn, 0xffffffffffffffffn));
out("7n/2n", div(7n, 2n));
out("-7n/2n", div(-7n, 2n));
out("-7n%2n", mod(-7n, 2n));
out("7n%-2n", mod(7n, -2n));
out("-7n%-2n", mod(-7n, -2n));
out("-4n%2n", mod(-4n, 2n));
out("2n**100n", pow(2n, 100n));
out("(-3n)**3n", pow(-3n, 3n));
out("0n**0n", pow(0n, 0n));
out("0xf0n&0x3cn", and(0xf0n, 0x3cn));
out("-1n&0xffn", and(-1n, 0xffn));
out("1n|2n**70n", or(1n, pow(2n, 70n)));
out("-6n^3n", xor(-6n, 3n));
out("1n<<100n", shl(1n, 100n));
out("1n<<-1n", shl(1n, -1n));
out("-5n>>1n", sar(-5n, 1n));
out("-1n>>1000n", sar(-1n, 1000n));
out("5n<<64n", shl(5n, 64n));
out("-0n", neg(0n));
out("Object.is(-0n,0n)", Object.is(neg(0n), 0n));
out("-(5n)", neg(5n));
out("~5n", not(5n));
out("++(2n**64n)", inc(pow(2n, 64n)));
out("{valueOf:3n}+1n", add({ valueOf: () => 3n }, 1n));
out("'x'+1n", add("x", 1n));
out("1n+''", add(1n, ""));
err("1n+1", () => add(1n, 1));
err("1*1n", () => mul(1, 1n));
err("1n>>>0n", () => shr(1n, 0n));
err("1n/0n", () => div(1n, 0n));
err("1n%0n", () => mod(1n, 0n));
err("2n**-1n", () => pow(2n, -1n));
err("+1n", () => pos(1n));
err("1n|0", () => or(1n, 0));
err("null+1n", () => add(null, 1n));

out("1n<2", lt(1n, 2));
out("2<1n", lt(2, 1n));
out("1n<1.5", lt(1n, 1.5));
out("2n<NaN", lt(2n, NaN));
out("1n<'2'", lt(1n, "2"));
out("1n<'x'", lt(1n, "x"));
out("-1n<-Infinity", lt(-1n, -Infinity));
out("1e19<2n**64n", lt(1e19, pow(2n, 64n)));
out("2n==2", eq(2n, 2));
out("2n===2", seq(2n, 2));
out("2n**53n+1n==2**53+1", eq(add(pow(2n, 53n), 1n), 2 ** 53 + 1));
out("2n**53n==2**53", eq(pow(2n, 53n), 2 ** 53));
out("1n=='1'", eq(1n, "1"));
out("1n=='1.5'", eq(1n, "1.5"));
out("0n==false", eq(0n, false));
out("0n==''", eq(0n, ""));
out("10n===10n", seq(10n, 10n));
out("big===big", seq(pow(2n, 80n), pow(2n, 80n)));

// BigInt accumulation in a hot loop: factorial of 30 exactly, and a 64-bit wrap via asUintN
let f = 1n;
for (let i = 1n; i <= 30n; i++) f = mul(f, i);
out("30!", f);
let h = 0n;
for (let i = 0n; i < 1000n; i++) h = BigInt.asUintN(64, add(mul(h, 31n), i));
out("hash64", h);
