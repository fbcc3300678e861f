// Freezer: class constructors run hot, so they are frozen (special_object for the function
// itself and new.target, check_ctor, get_super, put_loc_check_init): base and derived classes,
// super() with arguments, new.target through subclasses and Reflect.construct, instance
// fields, built-in parents (Array, Error, Map), a parent swapped after warm-up, and the errors:
// a call without `new`, super() twice, `this` before super(), a throwing parent constructor.
function show(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (Object.is(v, -0)) return "-0";
  return String(v);
}
function attempt(f) {
  try { return "ok " + show(f()); } catch (e) { return "caught " + e.name; }
}

class Point {
  constructor(x, y) { this.x = x; this.y = y; }
  norm1() { return Math.abs(this.x) + Math.abs(this.y); }
}
class Point3 extends Point {
  constructor(x, y, z) { super(x, y); this.z = z; }
  norm1() { return super.norm1() + Math.abs(this.z); }
}
class Labelled extends Point3 {
  constructor(label, v) { super(v, -v, v * 2); this.label = label + ":" + new.target.name; }
}
let total = 0;
for (let i = 0; i < 20000; i++) {
  total += new Point(i, -i).norm1() + new Point3(i, 1, -1).norm1();
  if (i % 4 === 0) total += new Labelled("p", i).z;
}
console.log("hot", total);
const lab = new Labelled("q", 3);
console.log(lab.label, lab.x, lab.y, lab.z, lab instanceof Point, Object.getPrototypeOf(lab) === Labelled.prototype);
console.log(Object.keys(lab).join(","), lab.constructor.name, Point3.length, Labelled.name);

// new.target is the class `new` named, also when a parent constructor reads it.
class Base {
  constructor() { this.made = new.target === undefined ? "none" : new.target.name; }
}
class Child extends Base {
  constructor(v) { super(); this.v = v; }
}
class Other { }
let names = "";
for (let i = 0; i < 10000; i++) names = new Base().made + "/" + new Child(i).made;
console.log("new.target", names);
const viaReflect = Reflect.construct(Child, [7], Other);
console.log("Reflect.construct", viaReflect.made, viaReflect.v, Object.getPrototypeOf(viaReflect) === Other.prototype);

// Instance fields run from the constructor (the <class_fields_init> closure).
class Fields {
  a = 1;
  b = this.a + 1;
  constructor(c) { this.c = this.b + c; }
}
class MoreFields extends Fields {
  d = this.c * 2;
  constructor(c) { super(c); this.e = this.d + 1; }
}
let f = 0;
for (let i = 0; i < 10000; i++) f += new MoreFields(i).e;
const mf = new MoreFields(1);
console.log("fields", f, Object.keys(mf).join(","), mf.a, mf.b, mf.c, mf.d, mf.e);

// Built-in parents.
class Stack extends Array {
  constructor(n) { super(n); this.top = n - 1; }
  peek() { return this[this.top]; }
}
class AppError extends Error {
  constructor(message, code) { super(message); this.name = "AppError"; this.code = code; }
}
class Registry extends Map {
  constructor(entries) { super(entries); this.created = this.size; }
}
let arrays = 0;
for (let i = 1; i < 5000; i++) {
  const s = new Stack(3);
  s[2] = i;
  arrays += s.peek() + s.length;
  arrays += new AppError("m", i).code + new Registry([[i, i]]).created;
}
const st = new Stack(2);
const err = new AppError("bad thing", 42);
console.log("builtins", arrays, Array.isArray(st), st.length, st instanceof Stack, st instanceof Array);
console.log(err instanceof AppError, err instanceof Error, err.name, err.message, err.code, String(err));
console.log(new Registry([["k", 1], ["j", 2]]).created, new Registry().get("x"));

// The parent looked up at every super(): swapping it after warm-up takes effect.
class ParentA { constructor() { this.from = "A"; } }
class ParentB { constructor() { this.from = "B"; } }
class Swapped extends ParentA {
  constructor() { super(); this.seen = this.from; }
}
let swaps = "";
for (let i = 0; i < 10000; i++) swaps = new Swapped().seen;
Object.setPrototypeOf(Swapped, ParentB);
console.log("swapped", swaps, new Swapped().seen, new Swapped() instanceof ParentA);
Object.setPrototypeOf(Swapped, null);
console.log("parent null", attempt(() => new Swapped()));

// Errors, after the constructors have run hot.
class Twice extends Point {
  constructor(again) { super(1, 2); if (again) super(3, 4); }
}
class Early extends Point {
  constructor(early) { if (early) this.x = 0; super(5, 6); }
}
class Throws extends Point {
  constructor(n) { if (n < 0) throw new RangeError("negative"); super(n, n); }
}
let ok = 0;
for (let i = 0; i < 10000; i++) ok += new Twice(false).y + new Early(false).x + new Throws(i).x;
console.log("errors hot", ok);
console.log("without new", attempt(() => Point(1, 2)), attempt(() => Point3(1, 2, 3)), attempt(() => Point.call({}, 1, 2)));
console.log("super twice", attempt(() => new Twice(true)));
console.log("this before super", attempt(() => new Early(true)));
console.log("parent throws", attempt(() => new Throws(-1)), attempt(() => new Throws(4).y));
let after = 0;
for (let i = 0; i < 1000; i++) after += new Twice(false).x + new Early(false).y;
console.log("after errors", after);
