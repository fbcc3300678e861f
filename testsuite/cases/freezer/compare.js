// Freezer: relational operators on ints, doubles, NaN, -0, strings (code-unit order, not
// numeric), mixed string/number, undefined/null and booleans. `!(a < b)` is not `a >= b`
// when NaN is involved, so a compiled branch must not swap one for the other.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);

function lt(a, b) { return a < b; }
function le(a, b) { return a <= b; }
function gt(a, b) { return a > b; }
function ge(a, b) { return a >= b; }
function notLt(a, b) { return !(a < b); }
function branchLt(a, b) { if (a < b) return "then"; else return "else"; }
function branchNotGe(a, b) { if (!(a >= b)) return "then"; return "else"; }
function min(a, b) { return a < b ? a : b; }
function max(a, b) { return a > b ? a : b; }

let acc = 0;
for (let i = 0; i < 5000; i++) {
  const j = (i * 7) % 13;
  acc += lt(i, j) + le(j, i) + gt(i, j) + ge(j, i) + notLt(i, j) + min(i, j) + max(i, j);
  if (branchLt(i, j) === "then") acc++;
  if (branchNotGe(j, i) === "then") acc++;
}
console.log("warm", acc);

const pairs = [
  [1, 2], [2, 1], [1, 1], [NaN, 1], [1, NaN], [NaN, NaN], [-0, 0], [0, -0],
  [2147483647, 2147483648], [-2147483649, -2147483648], [1.5, 1], [1, 1.0000000000000002],
  [Infinity, 1e308], [-Infinity, -1e308], ["10", "9"], ["10", 9], [10, "9"], ["a", 1],
  ["abc", "abd"], ["B", "a"], ["", "a"], ["", 0], [" 1 ", 1], ["1e3", 999], ["0x10", 15],
  [undefined, 1], [undefined, undefined], [null, 0], [null, 1], [null, -1], [null, undefined],
  [true, false], [true, 1], [false, null], ["\u00e9", "f"], ["\ud83d\ude00", "\uffff"],
  [[2], 1], [[1, 2], "1,3"], ["-0", 0],
];
for (const [a, b] of pairs) {
  console.log(show(a), show(b), "<", lt(a, b), "<=", le(a, b), ">", gt(a, b), ">=", ge(a, b),
    "!<", notLt(a, b), branchLt(a, b), branchNotGe(a, b));
}
console.log("min(-0, 0)", show(min(-0, 0)), "min(0, -0)", show(min(0, -0)));
console.log("max(NaN, 1)", show(max(NaN, 1)), "max(1, NaN)", show(max(1, NaN)));
console.log("min('b', 'a')", show(min("b", "a")), "max(2, '10')", show(max(2, "10")));

// loops whose bound or counter is not an int
let n = 0;
for (let x = 0; x < 10.5; x += 1) n++;
console.log("x < 10.5", n);
n = 0;
for (let x = 0; x < "12"; x++) n++;
console.log("x < '12'", n);
n = 0;
for (let x = 0.25; x <= 3; x += 0.25) n++;
console.log("x <= 3 step 0.25", n);
n = 0;
for (let x = 0; x < NaN; x++) n++;
console.log("x < NaN", n);
n = 0;
for (let x = 2147483645; x <= 2147483650; x++) n++;
console.log("across 2^31", n);
n = 0;
for (let x = 10; x >= -0; x--) n++;
console.log("x >= -0", n);
