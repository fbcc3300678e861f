// Freezer: non-number operands go through ToPrimitive with the right hint, in the right order,
// exactly once each: `+` and `==` use "default" (Dates then prefer toString), `-` `*` `<` `~`
// and unary +/- use "number"; the left operand is converted before the right one (also for
// `>`); a throwing valueOf stops evaluation, and nothing is ever re-executed.
const log = [];
const obj = (name, v) => ({
  valueOf() { log.push(name + ".valueOf"); return v; },
  toString() { log.push(name + ".toString"); return "S" + name; },
});
const hinted = (name, v) => ({ [Symbol.toPrimitive](hint) { log.push(name + ":" + hint); return v; } });
const flush = (label, result) => { console.log(label, typeof result, String(result), "|", log.join(" ")); log.length = 0; };

function add(a, b) { return a + b; }
function sub(a, b) { return a - b; }
function mul(a, b) { return a * b; }
function lt(a, b) { return a < b; }
function gt(a, b) { return a > b; }
function eq(a, b) { return a == b; }
function neg(a) { return -a; }
function bnot(a) { return ~a; }
function inc(a) { a++; return a; }
function tmpl(a) { return `${a}`; }
function prop(o, k) { return o[k]; }

let acc = 0;
for (let i = 0; i < 3000; i++) acc += add(i, 1) + sub(i, 1) + mul(i, 2) + lt(i, 5) + gt(i, 5) + eq(i, 5) + neg(i) + bnot(i) + inc(i);
console.log("warm", acc);

const a = obj("a", 10), b = obj("b", 3);
flush("a+b", add(a, b));
flush("a-b", sub(a, b));
flush("a*b", mul(a, b));
flush("a<b", lt(a, b));
flush("a>b", gt(a, b));
flush("a==b", eq(a, b));
flush("a==10", eq(a, 10));
flush("a==a", eq(a, a));
flush("a==null", eq(a, null));
flush("-a", neg(a));
flush("~a", bnot(a));
flush("a++", inc(a));
flush("'x'+a", add("x", a));
flush("a+'x'", add(a, "x"));
flush("`${a}`", tmpl(a));
flush("o[a]", prop({ Sa: "by toString" }, a));

const objValueOfObject = { valueOf() { log.push("v"); return {}; }, toString() { log.push("t"); return "7"; } };
flush("fallback to toString +", add(objValueOfObject, 1));
flush("fallback to toString -", sub(objValueOfObject, 1));
const noPrimitive = { valueOf() { log.push("v"); return {}; }, toString() { log.push("t"); return {}; } };
try { add(noPrimitive, 1); } catch (e) { flush("no primitive throws", e.name); }

const h = hinted("h", 4), h2 = hinted("h2", "2");
flush("h+1", add(h, 1));
flush("h-1", sub(h, 1));
flush("h<h2", lt(h, h2));
flush("h2>h", gt(h2, h));
flush("h==4", eq(h, 4));
flush("`${h}`", tmpl(h));
flush("h+h2", add(h, h2));
flush("-h2", neg(h2));

const d = new Date(0);
const plus = add(d, 1);
console.log("date+1 is toString()+1:", plus === d.toString() + "1");
console.log("date-1:", sub(d, 1), "date*1:", mul(d, 1), "date<1:", lt(d, 1), "date==0:", eq(d, 0));

const thrower = { valueOf() { log.push("throw!"); throw new RangeError("from valueOf"); } };
for (const [label, f] of [["thrower+b", () => add(thrower, b)], ["a+thrower", () => add(a, thrower)],
  ["thrower<b", () => lt(thrower, b)], ["b>thrower", () => gt(b, thrower)], ["-thrower", () => neg(thrower)]]) {
  try { f(); console.log(label, "no throw?"); } catch (e) { flush(label + " throws", e.name); }
}

// counts in a hot loop: one conversion per operand per operation, no more
let count = 0;
const counted = { valueOf() { count++; return 2; } };
let s = 0;
for (let i = 0; i < 2000; i++) s = add(s, mul(counted, i));
console.log("hot sum", s, "valueOf calls", count);
count = 0;
let n = 0;
for (let i = 0; i < 1000; i++) if (lt(counted, i)) n++;
console.log("hot compare", n, "valueOf calls", count);
