// Freezer: a function that has been hot (10,000 calls) is still the same function object with
// the same behaviour: length, name, toString() (exact source text), prototype, `new` (this.x
// assignments; returning an object replaces `this`, returning a primitive does not; new.target),
// call/apply/bind/Reflect.apply, and properties stored on the function itself.
function point(x, y) { this.x = x; this.y = y; return x + y; }
function addOne(a, b = 2, ...rest) { return a + 1; }
const arrow = (p, q) => p * q;
let t = 0;
for (let i = 0; i < 10000; i++) t += point(i, 1) + addOne(i) + arrow(i, 2);
console.log("warm", t, typeof x, typeof y);
delete globalThis.x;
delete globalThis.y;

console.log("length", point.length, addOne.length, arrow.length);
console.log("name", point.name, addOne.name, arrow.name, (() => {}).name === "");
console.log("toString", point.toString());
console.log("toString", String(addOne));
console.log("toString", `${arrow}`);
console.log("prototype", typeof point.prototype, point.prototype.constructor === point, "prototype" in arrow);

const pts = [];
for (let i = 0; i < 10000; i++) pts.push(new point(i, -i));
console.log("new", pts.length, pts[9999].x, pts[9999].y, pts[5] instanceof point, Object.keys(pts[0]).join(","));
function ReturnsObject(v) { this.v = v; return { replaced: v }; }
function ReturnsPrimitive(v) { this.v = v; return 42; }
function ReturnsNull(v) { this.v = v; return null; }
for (let i = 0; i < 5000; i++) { new ReturnsObject(i); new ReturnsPrimitive(i); }
console.log("returns object", JSON.stringify(new ReturnsObject(1)), new ReturnsObject(1) instanceof ReturnsObject);
console.log("returns primitive", JSON.stringify(new ReturnsPrimitive(2)), new ReturnsPrimitive(2) instanceof ReturnsPrimitive);
console.log("returns null", JSON.stringify(new ReturnsNull(3)));
function Target() { return new.target === Target ? "new" : typeof new.target; }
for (let i = 0; i < 5000; i++) Target();
console.log("new.target", Target(), new Target() instanceof Target);
try { new arrow(1, 2); } catch (e) { console.log("new on an arrow:", e.name); }
class Base { constructor(v) { this.v = v; } }
function makeBase(v) { return new Base(v); }
for (let i = 0; i < 5000; i++) makeBase(i);
console.log("class construction from a hot function", makeBase(7).v);
try { Base(1); } catch (e) { console.log("class called without new:", e.name); }

const target = { x: 0, y: 0 };
console.log("call", point.call(target, 3, 4), target.x, target.y);
console.log("apply", point.apply(target, [5, 6]), target.x, target.y);
console.log("apply with array-like", point.apply(target, { length: 2, 0: "a", 1: "b" }), target.x);
console.log("apply with too few", point.apply(target, [1]), String(target.y));
console.log("Reflect.apply", Reflect.apply(point, target, [7, 8]), target.x);
console.log("Reflect.construct", JSON.stringify(Reflect.construct(point, [1, 2])));
const bound = point.bind(target, 100);
console.log("bind", bound(1), target.x, target.y, bound.name, bound.length);
const newed = new bound(5);
console.log("new on bound", JSON.stringify(newed), newed instanceof point, target.y);
const boundArrow = arrow.bind(null, 6);
let b = 0;
for (let i = 0; i < 5000; i++) b += boundArrow(i);
console.log("hot bound arrow", b, boundArrow.name);
console.log("call.call", Function.prototype.call.call(arrow, null, 3, 4));

function counted() { counted.calls = (counted.calls || 0) + 1; return counted.calls; }
for (let i = 0; i < 10000; i++) counted();
console.log("property on the function itself", counted.calls, Object.keys(counted).join(","));
counted.extra = "x";
console.log("own keys after adding", Object.keys(counted).join(","), Object.getOwnPropertyNames(point).sort().join(","));
