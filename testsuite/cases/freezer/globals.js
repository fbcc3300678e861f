// Freezer: get_var/put_var of global variables from hot functions go through an inline cache
// (one per access site). Every change a cached site relies on must be seen: lexical globals
// (`let`/`const`) and the global object's properties (`var`, builtins, sloppy assignments)
// read and written, `const` assignment, TDZ, a global turned into an accessor or made
// read-only, deleted and re-created (at another position), replaced builtins, typeof of a
// missing global.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);
const out = (label, x) => console.log(label, show(x));
const err = (label, f) => { try { out(label, f()); } catch (e) { console.log(label, e.name); } };

let counter = 0;
var total = 0;
const LIMIT = 1000;

function bump() { counter++; total += counter; return counter; }
for (let i = 0; i < LIMIT; i++) bump();
out("counter", counter);
out("total", total);
out("globalThis.total", globalThis.total);
out("'counter' in globalThis", "counter" in globalThis);

// Written from outside the hot functions, seen inside.
counter = -5; total = 0.5;
out("bump after outside writes", bump());
out("total", total);
globalThis.total = "s";
bump();
out("total after globalThis write", total);

// const: reads fine, assignment is a TypeError (both in a hot function).
function readLimit() { return LIMIT; }
function writeLimit() { LIMIT = 2; }
let r = 0;
for (let i = 0; i < 2000; i++) r += readLimit();
out("readLimit x2000", r);
err("writeLimit", writeLimit);
out("LIMIT", LIMIT);

// TDZ: a hot function reading a `let` declared further down.
function readLate() { return late; }
function writeLate(v) { late = v; }
for (let i = 0; i < 3; i++) err("readLate before init", readLate);
err("writeLate before init", () => writeLate(1));
let late = "init";
for (let i = 0; i < 1000; i++) r = readLate();
out("readLate after init", r);
writeLate("written");
out("late", late);

// A global property read hot, then turned into an accessor, then back into data at another position.
globalThis.v = 1; // configurable, unlike a `var`
function readV() { return v; }
function writeV(x) { v = x; }
for (let i = 0; i < 1000; i++) { writeV(i); r = readV(); }
out("v hot", r);
let gets = 0, sets = [];
Object.defineProperty(globalThis, "v", { get() { gets++; return "getter"; }, set(x) { sets.push(x); }, configurable: true });
out("readV via getter", readV());
writeV(42);
out("getter calls", gets);
out("setter saw", sets.join());
delete globalThis.v;
err("readV deleted", readV);
out("typeof v deleted", typeof v);
globalThis.padding1 = 1; globalThis.padding2 = 2;
globalThis.v = "recreated";
out("readV recreated", readV());
writeV("again");
out("v", v);

// Read-only: ignored in sloppy code, TypeError in strict code.
var ro = "before";
function writeRoSloppy(x) { ro = x; return ro; }
function writeRoStrict(x) { "use strict"; ro = x; return ro; }
for (let i = 0; i < 1000; i++) { writeRoSloppy(i); writeRoStrict(i); }
out("ro hot", ro);
Object.defineProperty(globalThis, "ro", { writable: false });
out("writeRoSloppy after freeze", writeRoSloppy("x"));
err("writeRoStrict after freeze", () => writeRoStrict("x"));

// Sloppy assignment to an undeclared name creates a global; strict is a ReferenceError.
function makeGlobal(x) { madeHere = x; return madeHere; }
function makeGlobalStrict(x) { "use strict"; madeStrict = x; }
for (let i = 0; i < 1000; i++) r = makeGlobal(i);
out("madeHere", r);
err("makeGlobalStrict", () => makeGlobalStrict(1));
out("typeof madeStrict", typeof madeStrict);
function readMissing() { return typeof missingGlobal; }
for (let i = 0; i < 1000; i++) r = readMissing();
out("typeof missingGlobal", r);
globalThis.missingGlobal = 0;
out("typeof missingGlobal now", readMissing());

// Builtins read in a hot loop, then replaced.
function floorSum(n) { let s = 0; for (let i = 0; i < n; i++) s += Math.floor(i / 3); return s; }
out("floorSum", floorSum(3000));
const realMath = Math;
globalThis.Math = { floor: () => 1 };
out("floorSum with replaced Math", floorSum(10));
globalThis.Math = realMath;
out("floorSum restored", floorSum(10));

// Objects held in globals keep their reference counts straight across many reads and writes.
let holder = { n: 0 };
function cycle() { const o = holder; holder = { n: o.n + 1 }; return holder.n; }
for (let i = 0; i < 10000; i++) r = cycle();
out("holder.n", r);
