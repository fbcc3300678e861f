// Reads of global `const`s: frozen code keeps an initialised const's value at the read site
// (compiler/src/freeze/emit/fast_paths.rs, get_var) and stops looking it up. Everything else a
// global read can meet must still be seen. Each line must be what the interpreter prints.

// Before its declaration runs, a const is in its dead zone: a hot reader throws, and keeps
// nothing; once initialised it reads the value.
function readLimit() { return LIMIT; }
function typeofLimit() { return typeof LIMIT; }
let early = 0;
for (let i = 0; i < 1000; i++) {
  try { readLimit(); } catch (e) { if (e instanceof ReferenceError) early++; }
}
let earlyTypeof = 0;
for (let i = 0; i < 1000; i++) {
  try { typeofLimit(); } catch (e) { if (e instanceof ReferenceError) earlyTypeof++; }
}
console.log("dead zone", early, earlyTypeof);
const LIMIT = 1000;
console.log("initialised", readLimit(), typeofLimit());

// Hot loops over consts: a number, a string, an object and a function.
const N = 10000;
const WORD = "ab";
const BOX = { count: 0, items: [1, 2, 3] };
const twice = (x) => x * 2;
function work() {
  let s = 0;
  for (let i = 0; i < N; i++) s += BOX.items[i % 3] + twice(i & 3);
  BOX.count++;
  return s + WORD.length;
}
console.log("work", work(), work(), BOX.count);
// The const holds the same object; its contents change and are seen.
BOX.items = [10, 20, 30];
BOX.extra = true;
console.log("changed contents", work(), BOX.count, BOX.extra);
function sameBox() { return BOX; }
console.log("identity", sameBox() === BOX, sameBox() === sameBox());
// Assigning a const still throws, from frozen code too, and changes nothing.
function assignLimit(v) { LIMIT = v; }
let assignErrors = 0;
for (let i = 0; i < 100; i++) {
  try { assignLimit(i); } catch (e) { if (e instanceof TypeError) assignErrors++; }
}
console.log("assign", assignErrors, readLimit());

// `let` globals are not kept: a reassignment is seen by the next read.
let level = 1;
function readLevel() { return level; }
let seen = 0;
for (let i = 0; i < 1000; i++) { level = i; seen += readLevel(); }
console.log("let", seen, readLevel());

// A read-only property of the global object is not a const: it can be redefined.
Object.defineProperty(globalThis, "FIXED", { value: 1, writable: false, configurable: true });
function readFixed() { return FIXED; }
let fixedSum = 0;
for (let i = 0; i < 1000; i++) fixedSum += readFixed();
Object.defineProperty(globalThis, "FIXED", { value: 2, writable: false, configurable: true });
console.log("global object", fixedSum, readFixed());
Object.defineProperty(globalThis, "FIXED", { get() { return 3; }, configurable: true });
console.log("getter", readFixed());
delete globalThis.FIXED;
try { readFixed(); } catch (e) { console.log("deleted", e.name); }

// A lexical const shadows a global object property of the same name.
globalThis.SHADOW = "object";
const SHADOW = "lexical";
function readShadow() { return SHADOW; }
let shadowHits = 0;
for (let i = 0; i < 1000; i++) if (readShadow() === "lexical") shadowHits++;
globalThis.SHADOW = "object again";
console.log("shadow", shadowHits, readShadow(), globalThis.SHADOW);
