// Freezer: the same arithmetic function, hot with ints, then fed strings (concatenation and
// number-to-string formatting), booleans, null, undefined, arrays, objects and symbols. The
// generic path must produce exactly the interpreter's values, including the shortest
// round-trip formatting of doubles when they are concatenated.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);
const out = (label, x) => console.log(label, show(x));

function add(a, b) { return a + b; }
function sub(a, b) { return a - b; }
function mul(a, b) { return a * b; }
function div(a, b) { return a / b; }
function mod(a, b) { return a % b; }
function cat3(a, b, c) { return a + b + c; }

let acc = 0;
for (let i = 0; i < 5000; i++) acc += add(i, 2) + sub(i, 1) + mul(i, 3) + mod(i, 7) + cat3(i, 1, 2);
out("warm", acc);

out("'a'+1", add("a", 1));
out("1+'a'", add(1, "a"));
out("1+2+'3'", cat3(1, 2, "3"));
out("'1'+2+3", cat3("1", 2, 3));
out("1.5+''", add(1.5, ""));
out("-0+''", add(-0, ""));
out("''+-0", add("", -0));
out("NaN+''", add(NaN, ""));
out("-Infinity+''", add(-Infinity, ""));
out("0.1+0.2 as string", add("", add(0.1, 0.2)));
out("1/3 as string", add("", div(1, 3)));
out("2^31 as string", add("", 2147483648));
out("-2^31-1 as string", add("", -2147483649));
out("1e21 as string", add(1e21, ""));
out("1e20 as string", add(1e20, ""));
out("123456789012345680000", add("", 123456789012345680000));
out("1e-7 as string", add(1e-7, ""));
out("0.000001 as string", add(0.000001, ""));
out("-1e-7 as string", add(-1e-7, ""));
out("5e-324 as string", add(5e-324, ""));
out("MAX_VALUE as string", add(Number.MAX_VALUE, ""));
out("2^53+1 as string", add(2 ** 53 + 1, ""));
out("1.005*1000", add(mul(1.005, 1000), ""));
out("null+1", add(null, 1));
out("undefined+1", add(undefined, 1));
out("true+1", add(true, 1));
out("true+true", add(true, true));
out("true+'x'", add(true, "x"));
out("null+'x'", add(null, "x"));
out("undefined+'x'", add(undefined, "x"));
out("null+null", add(null, null));
out("null+undefined", add(null, undefined));
out("[]+[]", add([], []));
out("[1]+[2]", add([1], [2]));
out("[1,2]+3", add([1, 2], 3));
out("{}+''", add({}, ""));
out("fn+''", add(function () {}, "").length > 0);
out("'5'-2", sub("5", 2));
out("'5'*'2'", mul("5", "2"));
out("'-0'*1", mul("-0", 1));
out("''/1", div("", 1));
out("'7'%'4'", mod("7", "4"));
out("' '*3", mul(" ", 3));
out("'0b101'*1", mul("0b101", 1));
out("'1_000'*1", mul("1_000", 1));
out("'Infinity'-1", sub("Infinity", 1));
out("'infinity'-1", sub("infinity", 1));
out("null*5", mul(null, 5));
out("undefined*5", mul(undefined, 5));
out("true-true", sub(true, true));
out("false/false", div(false, false));
out("[5]*[2]", mul([5], [2]));
out("[]-1", sub([], 1));
out("[1,2]-1", sub([1, 2], 1));
try { add(Symbol("s"), 1); } catch (e) { out("symbol+1 throws", e.name); }
try { add("", Symbol("s")); } catch (e) { out("''+symbol throws", e.name); }
try { sub(Symbol("s"), 1); } catch (e) { out("symbol-1 throws", e.name); }
out("symbol description via String", String(Symbol("ok")));

// string building in a hot loop, then the result is used numerically
let s = "";
for (let i = 0; i < 500; i++) s = add(s, i % 10);
out("built length", s.length);
out("built prefix", s.slice(0, 12));
out("prefix * 1", mul(s.slice(0, 12), 1));
let t = 0;
for (let i = 0; i < 500; i++) t = add(t, s[i]);
out("number + digit strings", t.length);
let u = 0;
for (let i = 0; i < 500; i++) u = add(u, mul(s[i], 1));
out("sum of digits", u);
