// Freezer: arrays whose elements are accessors (Object.defineProperty on an index) call the
// getter/setter from get_array_el/put_array_el with the array as `this`, once per access;
// frozen/sealed arrays and arrays with a non-writable length ignore writes in sloppy code and
// throw TypeError in strict code.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);

function sum(a) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; }
function put(a, i, v) { a[i] = v; return a[i]; }
function putStrict(a, i, v) { "use strict"; a[i] = v; return a[i]; }
function push(a, v) { return a.push(v); }

const plain = [1, 2, 3, 4];
let t = 0;
for (let k = 0; k < 2000; k++) { t += sum(plain); put(plain, k & 3, k & 7); putStrict(plain, (k + 1) & 3, 1); }
console.log("warm", t, plain.join(","));

const log = [];
const acc = [1, 2, 3, 4];
let backing = 40;
Object.defineProperty(acc, 1, {
  get() { log.push("get"); return backing + this.length; },
  set(v) { log.push("set " + v); backing = v; },
  enumerable: true, configurable: true,
});
console.log("sum with getter", sum(acc), log.join(","));
log.length = 0;
let s = 0;
for (let k = 0; k < 1000; k++) s += sum(acc);
console.log("hot sum with getter", s, "getter calls", log.length);
log.length = 0;
console.log("write through setter", show(put(acc, 1, 7)), show(putStrict(acc, 1, 8)), log.join(","));
Object.defineProperty(acc, 2, { get() { throw new RangeError("getter threw"); }, configurable: true });
try { sum(acc); } catch (e) { console.log("throwing getter:", e.name); }
const getterOnly = [0];
Object.defineProperty(getterOnly, 0, { get() { return "g"; } });
console.log("getter-only sloppy write", show(put(getterOnly, 0, 1)));
try { putStrict(getterOnly, 0, 1); } catch (e) { console.log("getter-only strict write:", e.name); }

const frozen = Object.freeze([1, 2, 3]);
console.log("frozen sloppy write", show(put(frozen, 0, 9)), show(put(frozen, 5, 9)), frozen.length, frozen.join(","));
for (const [label, f] of [["frozen strict write", () => putStrict(frozen, 0, 9)], ["frozen strict append", () => putStrict(frozen, 3, 9)],
  ["frozen push", () => push(frozen, 4)]]) {
  try { f(); console.log(label, "no throw"); } catch (e) { console.log(label + ":", e.name); }
}
console.log("frozen hot sum", (() => { let r = 0; for (let k = 0; k < 1000; k++) r += sum(frozen); return r; })());
const sealed = Object.seal([1, 2, 3]);
console.log("sealed write existing", show(put(sealed, 0, 9)), show(putStrict(sealed, 1, 8)), sealed.join(","));
console.log("sealed sloppy append", show(put(sealed, 3, 9)), sealed.length);
try { putStrict(sealed, 3, 9); } catch (e) { console.log("sealed strict append:", e.name); }
const noLen = [1, 2];
Object.defineProperty(noLen, "length", { writable: false });
console.log("non-writable length, sloppy append", show(put(noLen, 2, 3)), noLen.length);
try { putStrict(noLen, 2, 3); } catch (e) { console.log("non-writable length, strict append:", e.name); }
console.log("non-writable length, overwrite", show(putStrict(noLen, 0, "ok")));
const nonWritable = [1, 2];
Object.defineProperty(nonWritable, 0, { writable: false });
console.log("non-writable element sloppy", show(put(nonWritable, 0, 5)));
try { putStrict(nonWritable, 0, 5); } catch (e) { console.log("non-writable element strict:", e.name); }
const nonExt = Object.preventExtensions([1]);
console.log("non-extensible sloppy append", show(put(nonExt, 1, 2)), nonExt.length);
try { putStrict(nonExt, 1, 2); } catch (e) { console.log("non-extensible strict append:", e.name); }
const frozenTa = new Int8Array(2);
try { Object.freeze(frozenTa); } catch (e) { console.log("freezing a non-empty typed array:", e.name); }
const frozenObj = Object.freeze({ 0: "a", length: 1 });
console.log("frozen array-like", show(put(frozenObj, 0, "b")), sum(frozenObj));
