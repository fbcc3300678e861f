// Freezer: a hole or an out-of-bounds read of an array is a property lookup that continues on
// the prototype chain, so a fast path that returns undefined for them must first check that
// Array.prototype / Object.prototype have no indexed properties (set here, after warm-up).
// Typed arrays never consult the prototype for numeric indices.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);
const out = (label, x) => console.log(label, show(x));

function get(a, i) { return a[i]; }
function sum(a) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; }
function sumTo(a, n) { let s = 0; for (let i = 0; i < n; i++) s += a[i]; return s; }

const holey = [0, 1, 2, , 4];
const dense = [0, 1, 2];
const ta = new Int8Array(3);
let t = 0;
for (let k = 0; k < 2000; k++) t += sum(dense) + sumTo(dense, 3) + (get(holey, k % 5) === undefined);
out("warm", t);
out("hole before", get(holey, 3));
out("oob before", get(dense, 3));

Array.prototype[3] = "proto3";
out("hole reads Array.prototype", get(holey, 3));
out("oob reads Array.prototype", get(dense, 3));
out("sum over hole", sum(holey));
out("sumTo past the end", sumTo(dense, 4));
out("'in' sees inherited index", 3 in dense);
out("own keys unchanged", Object.keys(holey).join(","));
out("typed array oob ignores prototype", get(ta, 3));
out("string oob ignores Array.prototype", get("abc", 3));

Object.prototype[4] = "object4";
out("oob reaches Object.prototype", get(dense, 4));
out("plain object index", get({}, 4));
out("string oob reaches Object.prototype", get("abc", 4));
out("number reaches Object.prototype", get(5, 4));
out("typed array index 4", get(ta, 4));
Object.defineProperty(Array.prototype, 5, { get() { return "getter on " + this.length; }, configurable: true });
out("inherited getter with receiver", get(dense, 5));
out("inherited getter on holey", get(holey, 5));

const withSetter = [];
let seen = "";
Object.defineProperty(Array.prototype, 6, { set(v) { seen = "setter got " + v; }, get() { return "g6"; }, configurable: true });
withSetter[6] = "value";
out("inherited setter intercepts the write", seen);
out("no own element created", withSetter.length);
out("read goes to the getter", get(withSetter, 6));

delete Array.prototype[3];
delete Object.prototype[4];
delete Array.prototype[5];
delete Array.prototype[6];
out("hole after cleanup", get(holey, 3));
out("oob after cleanup", get(dense, 4));
out("sum over hole after cleanup", sum(holey));

const protoArr = Object.create([10, 20, 30]);
out("object with array prototype [1]", get(protoArr, 1));
out("its length", protoArr.length);
const sub = Object.setPrototypeOf([1], { 1: "from custom proto" });
out("array with custom prototype [1]", get(sub, 1));
