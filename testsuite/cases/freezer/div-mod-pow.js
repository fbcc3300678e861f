// Freezer: `/` is a double unless exact, `%` takes the sign of the dividend (including -0),
// `**` follows Math.pow. Traps of the Wasm integer instructions must never leak out:
// i32.div_s/rem_s trap on x/0 and on -2147483648 / -1, and rem_s gives +0 where JS gives -0.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);
const out = (label, x) => console.log(label, show(x));

function div(a, b) { return a / b; }
function mod(a, b) { return a % b; }
function pow(a, b) { return a ** b; }
function divAssign(a, b) { a /= b; return a; }
function modAssign(a, b) { a %= b; return a; }
function powAssign(a, b) { a **= b; return a; }
function idiv(a, b) { return (a / b) | 0; }

let acc = 0;
for (let i = 1; i < 5000; i++) {
  acc += div(i * 6, 3) + mod(i, 7) + mod(-i, 5) + pow(i & 7, 3) + idiv(i, 3);
  acc += divAssign(i * 4, 2) + modAssign(i, 10) + powAssign(i & 3, 2);
}
out("warm", acc);

out("7/2", div(7, 2));
out("6/3", div(6, 3));
out("-6/3", div(-6, 3));
out("-7/2", div(-7, 2));
out("1/0", div(1, 0));
out("-1/0", div(-1, 0));
out("0/0", div(0, 0));
out("0/-5", div(0, -5));
out("-0/5", div(-0, 5));
out("0/-1", div(0, -1));
out("1/-0", div(1, -0));
out("min/-1", div(-2147483648, -1));
out("min/1", div(-2147483648, 1));
out("max/0.5", div(2147483647, 0.5));
out("1/3", div(1, 3));
out("'9'/'3'", div("9", "3"));
out("idiv min/-1", idiv(-2147483648, -1));
out("idiv 7/0", idiv(7, 0));
out("idiv -7/2", idiv(-7, 2));

out("-7%2", mod(-7, 2));
out("7%-2", mod(7, -2));
out("-4%2", mod(-4, 2));
out("4%-2", mod(4, -2));
out("-5%5", mod(-5, 5));
out("-1%1", mod(-1, 1));
out("0%5", mod(0, 5));
out("-0%5", mod(-0, 5));
out("min%-1", mod(-2147483648, -1));
out("min%2", mod(-2147483648, 2));
out("min%3", mod(-2147483648, 3));
out("5%0", mod(5, 0));
out("0%0", mod(0, 0));
out("5.5%2", mod(5.5, 2));
out("-5.5%2", mod(-5.5, 2));
out("5%2.5", mod(5, 2.5));
out("Inf%2", mod(Infinity, 2));
out("2%Inf", mod(2, Infinity));
out("-2%Inf", mod(-2, -Infinity));
out("0.3%0.1", mod(0.3, 0.1));
out("2^53%3", mod(9007199254740992, 3));
out("'-7'%'2'", mod("-7", "2"));
out("modAssign -9%3", modAssign(-9, 3));

out("2**31", pow(2, 31));
out("2**32", pow(2, 32));
out("-2**31", pow(-2, 31));
out("2**-1", pow(2, -1));
out("(-8)**(1/3)", pow(-8, 1 / 3));
out("0**0", pow(0, 0));
out("NaN**0", pow(NaN, 0));
out("1**Inf", pow(1, Infinity));
out("(-1)**Inf", pow(-1, Infinity));
out("0**-1", pow(0, -1));
out("-0**-1", pow(-0, -1));
out("-0**3", pow(-0, 3));
out("-0**2", pow(-0, 2));
out("(-2)**3", pow(-2, 3));
out("3**40", pow(3, 40));
out("10**21", pow(10, 21));
out("10**-5", pow(10, -5));
out("2**0.5", pow(2, 0.5));
out("4**0.5", pow(4, 0.5));
out("'2'**'10'", pow("2", "10"));
out("null**0", pow(null, 0));
out("powAssign 2**62", powAssign(2, 62));
out("2**1024", pow(2, 1024));
out("2**-1075", pow(2, -1075));
out("2**-1074", pow(2, -1074));

// a hot loop whose divisions are exact for most iterations but not all
let q = 0, r = 0;
for (let i = -3000; i <= 3000; i++) { q += div(i, 4); r += mod(i, 4); }
out("sum i/4", q);
out("sum i%4", r);
let negZero = 0;
for (let i = -100; i <= 0; i++) if (Object.is(mod(i, 10), -0)) negZero++;
out("count of -0 from i%10", negZero);
