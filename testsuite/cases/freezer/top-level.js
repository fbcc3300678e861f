// Freezer: a script's top-level code. With no function declarations, closures or try in it,
// the top level itself is frozen (--freeze-report: "frozen <top level>"): global `let`/`const`/
// `var` declarations and initialisations, string/array/object/regexp literals, computed keys
// (ToPropertyKey of arrays, symbols, -0, doubles, null), `new` with and without arguments,
// loops over a global array and typed array. The errors are in top-level-*.js (no try here).
var counter = 0;
let total = 0;
const N = 1000;
const values = [];
for (let i = 0; i < N; i++) values.push((i * 7) % 100);
for (let i = 0; i < N; i++) total += values[i];
console.log("sum", total, values.length, typeof counter, counter);
const typed = new Int32Array(N);
for (let i = 0; i < N; i++) typed[i] = i - 500;
let typedSum = 0;
for (let i = 0; i < N; i++) typedSum += typed[i];
console.log("typed", typedSum, typed.length, new Int32Array().length);
console.log("literals", [], [1, "two", [3]].length, "", "" + 1, "abc".length, [undefined, null].length);
const obj = { a: 1, b: "two", c: [3], d: { e: null } };
console.log("object", JSON.stringify(obj), Object.keys(obj).join());
const computed = { [["k", 1]]: 1, [[2]]: 2, [3]: 3, [Symbol.iterator]: 4, [-0]: 5, [1.5]: 6, [null]: 7 };
console.log("computed", JSON.stringify(computed), computed[Symbol.iterator]);
const re = /a(b+)c/g;
console.log("regexp", re.source, re.flags, "xabbcx abc".replace(re, "[$1]"), /x/.test("yxy"));
const date = new Date(0);
console.log("new", date.getTime(), new Array(3).length, new Map([[1, 2]]).get(1), new Error("m").message);
let later = 5;
console.log("after init", later);
counter++;
counter += 10;
console.log("var", counter);
let big = 0;
for (let i = 0; i < 100000; i++) big += i;
console.log("big", big, 2147483647 + total);
const bag = {};
const names = ["x", "y"];
for (let i = 0; i < 4; i++) bag[names[i % 2]] = (bag[names[i % 2]] ?? 0) + i;
bag[names] = 1;
bag[names] += 2;
bag[[1]] ??= "set";
console.log("computed writes", JSON.stringify(bag));
