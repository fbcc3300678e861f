// Freezer: get_field/put_field on plain objects of different shapes (one hot function sees
// them all), accessors that log (called once per access, with the right receiver), the
// prototype chain (inherited setters, non-writable inherited properties), primitives
// ("abc".length, (5).toFixed), and null/undefined receivers (TypeError).
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);

function getX(o) { return o.x; }
function setX(o, v) { o.x = v; return o.x; }
function setXStrict(o, v) { "use strict"; o.x = v; return o.x; }
function incX(o) { o.x++; return o.x; }
function len(o) { return o.length; }

const shapes = [{ x: 1 }, { y: 2, x: 3 }, Object.create({ x: 4 }), [5], function () {}, { get x() { return 6; } }];
shapes[3].x = 5;
shapes[4].x = 5.5;
let t = 0;
for (let k = 0; k < 3000; k++) t += getX(shapes[k % 6]);
console.log("polymorphic warm", t);
const o = { x: 0 };
for (let k = 0; k < 3000; k++) incX(o);
console.log("hot increments", o.x, setX(o, 2147483647), incX(o));

const log = [];
const acc = {
  _x: 1,
  get x() { log.push("get " + this.name); return this._x; },
  set x(v) { log.push("set " + v + " on " + this.name); this._x = v * 2; },
  name: "acc",
};
console.log("accessor incX", incX(acc), "|", log.join(", "));
log.length = 0;
const child = Object.create(acc);
child.name = "child";
console.log("inherited accessor", setX(child, 5), Object.keys(child).join(","), "|", log.join(", "));
log.length = 0;
for (let k = 0; k < 500; k++) getX(child);
console.log("hot inherited getter calls", log.length, log[0]);

const ro = Object.create(Object.defineProperty({}, "x", { value: "proto", writable: false }));
console.log("inherited read-only, sloppy write", setX(ro, 1), Object.keys(ro).length);
try { setXStrict(ro, 1); } catch (e) { console.log("inherited read-only, strict write:", e.name); }
const frozenObj = Object.freeze({ x: "frozen" });
console.log("frozen object sloppy write", setX(frozenObj, 2));
try { setXStrict(frozenObj, 2); } catch (e) { console.log("frozen object strict write:", e.name); }
const shadowed = Object.create({ x: "proto" });
console.log("own property shadows", setX(shadowed, "own"), Object.getPrototypeOf(shadowed).x);
const deleted = { x: 1 };
getX(deleted);
delete deleted.x;
console.log("after delete", show(getX(deleted)));
const nullProto = Object.create(null);
nullProto.x = "np";
console.log("null-prototype object", getX(nullProto), show(len(nullProto)));

console.log("'abc'.length", len("abc"), "(5).toFixed(2)", (5).toFixed(2), "getX(5)", show(getX(5)), "getX('s')", show(getX("s")));
console.log("true.toString()", true.toString(), "(5n).toString(2)", (5n).toString(2), "Symbol().description", show(Symbol("d").description));
console.log("sloppy write to a primitive", show(setX(5, 1)), show(setX("str", 1)));
for (const p of [5, "str", true, Symbol("s"), 1n]) {
  try { setXStrict(p, 1); console.log("strict write to", typeof p, "no throw"); } catch (e) { console.log("strict write to", typeof p + ":", e.name); }
}
Object.defineProperty(Number.prototype, "selfType", { get() { return typeof this; }, configurable: true });
Object.defineProperty(String.prototype, "selfTypeStrict", { get() { "use strict"; return typeof this; }, configurable: true });
function selfType(v) { return v.selfType; }
function selfTypeStrict(v) { return v.selfTypeStrict; }
for (let k = 0; k < 1000; k++) selfType(k);
console.log("getter this on a number: sloppy", selfType(1), "strict", selfTypeStrict("s"));

let nullErrors = 0;
for (let k = 0; k < 1000; k++) { try { getX(k % 2 ? null : undefined); } catch (e) { if (e instanceof TypeError) nullErrors++; } }
console.log("TypeErrors from null/undefined reads", nullErrors);
for (const [label, f] of [["read null", () => getX(null)], ["read undefined", () => getX(undefined)], ["write null", () => setX(null, 1)],
  ["write undefined", () => setX(undefined, 1)], ["length of undefined", () => len(undefined)]]) {
  try { f(); } catch (e) { console.log(label, e.name, e.message); }
}
