// Freezer: the inline caches of get_field/get_length/put_field (one cache word per site, the
// index of the property in the shape it was last found in). Each check warms a site up, then
// changes what the cached index means: the property deleted and re-added elsewhere, turned
// into an accessor, made read-only, the object frozen, shapes that alternate, a hash table
// that grows under a hot site, array `length` (a special property) written through a field
// site, lazily created properties (a function's `prototype`), refcounted values replaced.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "string" ? JSON.stringify(x) : String(x);

function getA(o) { return o.a; }
function setA(o, v) { o.a = v; }
function setAStrict(o, v) { "use strict"; o.a = v; }
function len(o) { return o.length; }
function setLen(o, n) { o.length = n; }

const o = { a: 1, b: 2, c: 3 };
let t = 0;
for (let k = 0; k < 2000; k++) { setA(o, k); t += getA(o); }
console.log("warm", t, o.a);
delete o.a;
console.log("deleted", show(getA(o)), Object.keys(o).join());
o.a = "again";
console.log("re-added at the end", getA(o), Object.keys(o).join());
setA(o, "set again");
console.log("written at its new index", getA(o), o.b, o.c);
delete o.b;
setA(o, "after deleting another");
console.log("neighbour deleted", getA(o), show(o.b), o.c, Object.keys(o).join());

const acc = { a: 0, z: 0 };
for (let k = 0; k < 2000; k++) { setA(acc, k); getA(acc); }
const log = [];
Object.defineProperty(acc, "a", { get() { log.push("get"); return "from getter"; }, set(v) { log.push("set " + v); }, configurable: true });
setA(acc, 7);
console.log("turned into an accessor", getA(acc), log.join(", "));
Object.defineProperty(acc, "a", { value: "data again", writable: true, configurable: true });
setA(acc, "written");
console.log("back to data", getA(acc), log.length);

const ro = { a: 1 };
for (let k = 0; k < 2000; k++) setA(ro, k);
Object.defineProperty(ro, "a", { writable: false });
setA(ro, "ignored");
console.log("read-only, sloppy write ignored", getA(ro));
try { setAStrict(ro, "throws"); } catch (e) { console.log("read-only, strict write:", e.name); }
const fr = { a: "x", b: "y" };
for (let k = 0; k < 2000; k++) setAStrict(fr, "v" + (k % 3));
Object.freeze(fr);
setA(fr, "ignored");
try { setAStrict(fr, "throws"); } catch (e) { console.log("frozen, strict write:", e.name); }
console.log("frozen", getA(fr), Object.isFrozen(fr));

const layouts = [{ a: "first" }, { b: 0, a: "second" }, { c: 0, b: 0, a: "third" }, Object.create({ a: "inherited" }), { a: "fourth", b: 1 }];
const seen = [];
for (let k = 0; k < 5000; k++) { const x = layouts[k % 5]; setA(x, getA(x)); if (k >= 4995) seen.push(getA(x)); }
console.log("alternating layouts", seen.join(), Object.keys(layouts[3]).join());

const growing = { a: 0 };
let sum = 0;
for (let k = 0; k < 300; k++) { growing["p" + k] = k; setA(growing, getA(growing) + k); sum += getA(growing); }
delete growing.p5;
for (let k = 0; k < 300; k += 3) delete growing["p" + k];
setA(growing, getA(growing) + 1);
console.log("hash table grew under hot sites", sum, getA(growing), Object.keys(growing).length);

const arr = [1, 2, 3, 4, 5, 6, 7, 8];
let lens = 0;
for (let k = 0; k < 2000; k++) { arr.push(k); lens += len(arr); setLen(arr, 8); }
console.log("array length read and written through field sites", lens, len(arr), arr.join());
setLen(arr, 3);
console.log("truncated", len(arr), arr.join(), show(arr[5]));
setLen(arr, 5);
console.log("extended with holes", len(arr), 4 in arr, arr.length);
try { setLen(arr, -1); } catch (e) { console.log("invalid length:", e.name); }
const frozenArr = Object.freeze([1, 2]);
setLen(frozenArr, 0);
console.log("frozen array length unchanged", len(frozenArr));
const arrayLike = { length: 2 };
for (let k = 0; k < 2000; k++) setLen(arrayLike, k);
console.log("array-like length", len(arrayLike), len("four"), len(new Int16Array(3)), len(function (a, b, c) {}));

function protoOf(f) { return f.prototype; }
const fns = [];
for (let k = 0; k < 50; k++) fns.push(function () {});
let protos = 0;
for (let r = 0; r < 40; r++) for (const f of fns) if (typeof protoOf(f) === "object") protos++;
console.log("lazily created prototypes", protos, protoOf(fns[3]).constructor === fns[3]);

const holder = { a: null };
for (let k = 0; k < 10000; k++) setA(holder, { n: k, s: "s" + k });
let strs = "";
for (let k = 0; k < 10000; k++) { setA(holder, "str" + (k % 10)); strs = getA(holder); }
console.log("refcounted values replaced", strs, typeof holder.a);
for (let k = 0; k < 1000; k++) setA({ a: [k] }, [k, k]);
console.log("objects freed by the write", getA({ a: "temp" }));

globalThis.a = "global a";
for (let k = 0; k < 1000; k++) getA(globalThis);
console.log("global object", getA(globalThis));
