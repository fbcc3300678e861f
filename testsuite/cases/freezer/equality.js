// Freezer: == and != across types (null/undefined, string/number, boolean, objects with
// valueOf, BigInt), === and !== with -0 and NaN, an int and a double holding the same value
// (a NaN-boxed int 3 and a float64 3.0 must be ===), strings compared by content, and switch
// (strict equality) on values that are equal but differently represented.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : typeof x === "object" && x !== null ? "obj" : String(x);

function eq(a, b) { return a == b; }
function ne(a, b) { return a != b; }
function seq(a, b) { return a === b; }
function sne(a, b) { return a !== b; }
function isNullish(a) { return a == null; }
function sw(x) {
  switch (x) {
    case 1: return "one";
    case "1": return "string one";
    case 2147483648: return "2^31";
    case -0: return "zero";
    case null: return "null";
    default: return "default";
  }
}

let acc = 0;
for (let i = 0; i < 5000; i++) {
  const j = i % 5;
  acc += eq(i, j) + ne(i, j) + seq(j, 2) + sne(j, 3) + isNullish(i);
  if (sw(j) === "one") acc += 10;
}
console.log("warm", acc);

const calls = [];
const obj5 = { valueOf() { calls.push("valueOf"); return 5; } };
const objS = { toString() { calls.push("toString"); return "x"; } };
const sym = Symbol("s");
const sameObj = {};
const pairs = [
  [null, undefined], [null, 0], [undefined, 0], [null, false], [undefined, ""],
  ["1", 1], [1, "1"], ["1.0", 1], [" 1\n", 1], ["", 0], ["0", false], [0, false], [1, true],
  [2, true], ["true", true], [NaN, NaN], [-0, 0], [0, -0], [Infinity, Infinity],
  [3, 6 / 2], [1, 0.5 * 2], [2147483648, 2 ** 31], [3, Math.sqrt(9)], [0.1 * 3, 0.3],
  ["abc", "ab" + "c"], [obj5, 5], [5, obj5], [obj5, "5"], [objS, "x"], [obj5, obj5],
  [sameObj, sameObj], [{}, {}], [obj5, null], [[1], "1"], [[1, 2], "1,2"], [[], ""], [[], 0],
  [[0], false], [1n, 1], [1n, "1"], [2n, 2.5], [1n, true], [sym, sym], [sym, Symbol("s")],
  [null, null], [undefined, undefined],
];
for (const [a, b] of pairs) {
  console.log(show(a), show(b), "==", eq(a, b), "!=", ne(a, b), "===", seq(a, b), "!==", sne(a, b));
}
console.log("valueOf/toString calls:", calls.join(","));
console.log("nullish:", isNullish(null), isNullish(undefined), isNullish(0), isNullish(""), isNullish(NaN));

for (const x of [1, 1.0, 0.5 * 2, "1", 2147483648, 2 ** 31, 0, -0, 0 * -1, null, undefined, 1n, true]) {
  console.log("switch", show(x), sw(x));
}
let same = 0;
for (let i = 0; i < 3000; i++) if (seq(i, (i * 2) / 2) && seq(i * 0.5, i / 2)) same++;
console.log("int === computed double", same);
