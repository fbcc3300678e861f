// Freezer: get_array_el / put_array_el / get_length fast paths for dense arrays must fall back
// correctly: holes read as undefined (and make sums NaN), out-of-bounds and negative, fractional
// or string indices, writes that extend an array or leave holes, `length` of arrays, strings,
// typed arrays, functions and plain objects with a length property. Strings index like arrays;
// indexing null/undefined throws TypeError.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);
const out = (label, x) => console.log(label, show(x));

function sum(a) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; }
function get(a, i) { return a[i]; }
function set(a, i, v) { a[i] = v; return a.length; }
function len(a) { return a.length; }
function fill(n) { const a = []; for (let i = 0; i < n; i++) a[i] = i * i; return a; }

const ints = fill(1000);
let t = 0;
for (let k = 0; k < 30; k++) t += sum(ints);
out("warm int sum", t);
out("double sum", sum([0.5, 1.25, -0.75, 1e300, -1e300]));
out("mixed sum", sum([1, 2.5, "3", 4]));
out("sum of empty", sum([]));
out("sum with hole", sum([1, , 3]));
out("sum of strings", sum(["a", "b"]));
out("int sum overflowing int32", sum([2147483647, 1, 2147483647]));
out("sum of array-like", sum({ length: 3, 0: 1, 1: 2, 2: 3 }));
out("sum of string", sum("123"));
out("sum of Int32Array", sum(new Int32Array([2147483647, 2147483647])));

const a = [10, 20, 30];
for (let k = 0; k < 2000; k++) t = get(a, k % 3);
out("warm get", t);
out("hole", get([1, , 3], 1));
out("hole 'in'", 1 in [1, , 3]);
out("out of bounds", get(a, 3));
out("far out of bounds", get(a, 1e9));
out("index -1", get(a, -1));
out("index 1.5", get(a, 1.5));
out("index 1.0 (double)", get(a, 0.5 * 2));
out("index -0", get(a, -0));
out("index '1'", get(a, "1"));
out("index '01'", get(a, "01"));
out("index '1.0'", get(a, "1.0"));
out("index NaN", get(a, NaN));
out("index 2^32-1", get(a, 4294967295));
out("index true", get(a, true));
out("index [1]", get(a, [1]));
out("index {toString}", get(a, { toString: () => "2" }));
out("'abc'[1]", get("abc", 1));
out("'abc'[3]", get("abc", 3));
out("'abc'[-1]", get("abc", -1));
out("'abc'['length']", get("abc", "length"));
out("emoji[0] is a lone surrogate", get("\u{1F600}", 0) === "\ud83d");
out("(5)[0]", get(5, 0));
out("true['x']", get(true, "x"));
for (const v of [null, undefined]) {
  try { get(v, 0); } catch (e) { out("index " + v, e.name); }
  try { set(v, 0, 1); } catch (e) { out("write index " + v, e.name); }
}

const b = [1, 2, 3];
out("write at length", set(b, 3, 4));
out("write past length", set(b, 10, 11));
out("hole after write past length", get(b, 7));
out("keys after write past length", Object.keys(b).join(","));
out("write -1 keeps length", set(b, -1, "neg"));
out("read -1 property", get(b, -1));
out("write 1.5 keeps length", set(b, 1.5, "frac"));
out("write '2' overwrites element", (set(b, "2", "two"), b[2]));
out("write 2^32-1 is a property", set(b, 4294967295, "max"));
out("write 2^32-2 extends", set([], 4294967294, "last"));
b.length = 2;
out("after truncation", b.join(","));
out("truncated element", get(b, 2));
const grow = [];
for (let i = 0; i < 3000; i++) set(grow, grow.length, i);
out("grown by writes", len(grow) + ":" + sum(grow));
const back = [];
for (let i = 999; i >= 0; i--) back[i] = i;
out("filled backwards", len(back) + ":" + sum(back));

out("length of string", len("hello"));
out("length of emoji string", len("\u{1F600}"));
out("length of Float64Array", len(new Float64Array(7)));
out("length of function", len(function (x, y) {}));
out("length of object", len({ length: "3" }));
out("length of object without it", len({}));
out("length of number", len(5));
out("length of sparse", len([, , ,]));
out("length of new Array(5)", len(new Array(5)));
try { len(null); } catch (e) { out("length of null", e.name); }
