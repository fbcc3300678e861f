// Freezer: a hot function serves every kind of caller, interpreted or native: Array
// callbacks (map/filter/reduce/sort), getters and setters, setTimeout, Promise reactions,
// JSON.stringify replacers, String.prototype.replace; and `this` is globalThis for plain
// calls in sloppy mode, undefined in strict mode, boxed for primitives only in sloppy mode.
function double(x) { return x * 2; }
function pair(x, i) { return x + ":" + i; }
function isOdd(x) { return x % 2 === 1; }
function add(a, b) { return a + b; }
function cmp(a, b) { return a - b; }
let t = 0;
for (let i = 0; i < 10000; i++) t += double(i) + isOdd(i) + add(i, 1) + cmp(i, 3);
console.log("warm", t);

const nums = Array.from({ length: 2000 }, (_, i) => (i * 7919) % 2003);
console.log("map", nums.map(double).slice(0, 5).join(","), "map with index", [5, 6].map(pair).join(" "));
console.log("filter", nums.filter(isOdd).length, "reduce", nums.reduce(add, 0), "reduce strings", ["a", "b"].reduce(add));
console.log("sort", nums.slice().sort(cmp).slice(0, 5).join(","), [3, 1, 2, 10].sort().join(","), [3, 1, 2, 10].sort(cmp).join(","));
console.log("parseInt-style pitfall", ["1", "2", "3"].map(parseInt).join(","), ["1", "2", "3"].map(double).join(","));
console.log("replace callback", "a1b22c333".replace(/\d+/g, double));
console.log("JSON replacer", JSON.stringify({ a: 1, b: [2, 3] }, (k, v) => (typeof v === "number" ? double(v) : v)));

const obj = { base: 5 };
Object.defineProperty(obj, "viaGetter", { get: function getter() { return double(this.base); } });
Object.defineProperty(obj, "viaSetter", { set: function setter(v) { this.base = add(v, 1); } });
for (let i = 0; i < 1000; i++) obj.viaSetter = i;
console.log("getter/setter", obj.viaGetter, obj.base);
const hotGetter = { get value() { return add(this.n, 1); }, n: 1 };
let g = 0;
for (let i = 0; i < 5000; i++) g += hotGetter.value;
console.log("hot getter", g);

function sloppyThis() { return this === globalThis ? "globalThis" : this === undefined ? "undefined" : typeof this; }
function strictThis() { "use strict"; return this === globalThis ? "globalThis" : this === undefined ? "undefined" : typeof this; }
let seen = 0;
for (let i = 0; i < 10000; i++) if (sloppyThis() === "globalThis" && strictThis() === "undefined") seen++;
console.log("this in plain calls", seen, sloppyThis(), strictThis());
console.log("this with call(5)", sloppyThis.call(5), strictThis.call(5));
console.log("this with call(null)", sloppyThis.call(null), strictThis.call(null));
console.log("this with call('s')", sloppyThis.call("s"), strictThis.call("s"));
console.log("this as a method", sloppyThis.call({}), ({ m: strictThis }).m());
console.log("this in map without thisArg", [0].map(sloppyThis)[0], [0].map(strictThis)[0]);
console.log("this in map with thisArg", [0].map(sloppyThis, 7)[0], [0].map(strictThis, 7)[0]);
const detached = ({ m: strictThis }).m;
console.log("detached method", detached());

let timerRuns = 0;
function onTimer(label) { timerRuns++; return label; }
for (let i = 0; i < 3; i++) setTimeout(() => { onTimer("t" + i); if (timerRuns === 3) console.log("timers ran", timerRuns, "this in timer callback:", sloppyThis()); }, 0);
setTimeout(double, 0);
Promise.resolve(21).then(double).then((v) => console.log("promise reaction", v));
queueMicrotask(() => console.log("microtask", add(1, 2), strictThis()));
console.log("sync end");
