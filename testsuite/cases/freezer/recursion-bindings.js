// Freezer: a direct self-call is only valid while the binding still holds the same function.
// Reassigning a `var`/function-declaration binding (also in the middle of a recursion), named
// function expressions (their name is an immutable inner binding), two different functions
// that are both called `f`, redeclared functions, and methods recursing through `this.m()`
// on a different receiver. Functions are identified by identity, never by name.
function down(n) { return n <= 0 ? 0 : 1 + down(n - 1); }
let s = 0;
for (let i = 0; i < 2000; i++) s += down(10);
console.log("hot declaration", s);
const down0 = down;
down = function () { return 100; };
console.log("declaration rebound after warm-up", down0(5), down(5));

var f = function (n) { return n <= 0 ? 0 : 1 + f(n - 1); };
const g = f;
for (let i = 0; i < 2000; i++) s = g(20);
console.log("var before rebinding", s);
f = function () { return 100; };
console.log("var after rebinding", g(5));

let armed = false;
var h = function (n) {
  if (n === 3 && armed) h = function (m) { return 1000 + m; };
  return n <= 0 ? 0 : 1 + h(n - 1);
};
const h0 = h;
for (let i = 0; i < 1000; i++) s = h0(10);
armed = true;
console.log("rebound mid-recursion", s, h0(6), "then", h0(1), h(6));

let viaLet = function (n) { return n <= 0 ? "done" : viaLet(n - 1); };
const viaLet0 = viaLet;
for (let i = 0; i < 1000; i++) viaLet0(5);
viaLet = (n) => "replaced " + n;
console.log("let rebinding", viaLet0(5));

const fact = function me(n) { return n <= 1 ? 1 : n * me(n - 1); };
for (let i = 0; i < 2000; i++) s = fact(10);
console.log("named function expression", s, fact(20), fact.name);
const sloppyMe = function me(n) { me = null; return n <= 0 ? "kept" : me(n - 1); };
console.log("assigning to own name is ignored (sloppy)", sloppyMe(3));
const strictMe = function me(n) { "use strict"; try { me = null; } catch (e) { return e.name; } };
console.log("assigning to own name throws (strict)", strictMe(1));
let outerName = "outer";
const shadow = function outerName(n) { return n === 0 ? typeof outerName : outerName(n - 1); };
console.log("own name shadows outer binding", shadow(3), outerName);

function scopeA() { function f(n) { return n <= 0 ? 0 : 2 + f(n - 1); } return f; }
function scopeB() { function f(n) { return n <= 0 ? 0 : 3 + f(n - 1); } return f; }
const fa = scopeA(), fb = scopeB();
let ta = 0, tb = 0;
for (let i = 0; i < 1000; i++) { ta += fa(10); tb += fb(10); }
console.log("two functions named f", ta, tb, fa.name, fb.name, fa === fb);
const fa2 = scopeA();
console.log("new closure of the same code", fa2(4), fa2 === fa);
const objs = [0, 1, 2].map((k) => ({ f(n) { return n <= 0 ? k : this.f(n - 1) + 1; } }));
console.log("three methods named f", objs.map((o) => o.f(5)).join(","));

function dup() { return "first"; }
console.log("redeclared function", dup());
function dup() { return "second"; }

const obj = {
  depth(n) { return n === 0 ? 0 : 1 + this.depth(n - 1); },
  count: 0,
  tick(n) { this.count++; return n === 0 ? this.count : this.tick(n - 1); },
};
for (let i = 0; i < 1000; i++) s = obj.depth(10);
console.log("method recursion", s, obj.tick(99));
const other = { depth(n) { return "other" + n; }, m: obj.depth };
console.log("borrowed method recurses on the new receiver", other.m(3));
const proto = { depth(n) { return "proto" + n; } };
const child = Object.create(proto);
child.depth = function (n) { return n === 0 ? "child-done" : super_(this, n); };
function super_(self, n) { return Object.getPrototypeOf(self).depth.call(self, n - 1); }
console.log("recursion through the prototype", child.depth(2));
obj.depth = function (n) { return "patched" + n; };
console.log("method replaced after warm-up", other.m(3), obj.depth.call(other, 4));
