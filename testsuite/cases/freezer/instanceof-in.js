// Freezer: `instanceof` and `in` in hot (frozen) functions: classes and built-ins, primitives on
// the left, Symbol.hasInstance (custom, counted, throwing), bound functions, a prototype
// replaced after warm-up, a non-callable right side (TypeError); `in` over own and inherited
// keys, array indices and holes, symbols, keys converted with toString, a proxy's `has` trap
// (counted), deleted keys, and a primitive right side (TypeError). Each error is caught by an
// interpreted caller and the functions keep working.
function attempt(f, a, b) {
  try { return "ok " + f(a, b); } catch (e) { return "caught " + e.name; }
}

function isA(v, C) { return v instanceof C; }
class Animal { }
class Dog extends Animal { }
const values = [new Dog(), new Animal(), {}, [], 5, "s", null, undefined, Object.create(null), () => 1];
let hits = 0;
for (let i = 0; i < 20000; i++) {
  const v = values[i % values.length];
  hits += isA(v, Animal) + isA(v, Dog) * 2 + isA(v, Object) * 4 + isA(v, Array) * 8 + isA(v, Function) * 16;
}
console.log("instanceof hot", hits);
console.log(values.map((v) => [isA(v, Animal), isA(v, Dog), isA(v, Object), isA(v, Array), isA(v, Function)].map(Number).join("")).join(" "));

let asked = 0;
const Even = { [Symbol.hasInstance](n) { asked++; return n % 2 === 0; } };
let evens = 0;
for (let i = 0; i < 10000; i++) evens += isA(i, Even);
console.log("hasInstance", evens, asked);
const Throwing = { [Symbol.hasInstance]() { throw new RangeError("no"); } };
console.log(attempt(isA, 1, Throwing), "|", attempt(isA, {}, {}), "|", attempt(isA, {}, 5), "|", attempt(isA, {}, undefined));
const BoundDog = Dog.bind(null);
console.log("bound", isA(new Dog(), BoundDog), isA(new Animal(), BoundDog));
function Legacy() { }
const before = new Legacy();
Legacy.prototype = { swapped: true };
console.log("prototype replaced", isA(before, Legacy), isA(new Legacy(), Legacy), attempt(isA, 1, Legacy));

function has(k, o) { return k in o; }
const proto = { inherited: 1 };
const obj = Object.create(proto);
obj.own = 2;
const sym = Symbol("s");
obj[sym] = 3;
Object.defineProperty(obj, "getter", { get() { throw new Error("getter must not run"); } });
const arr = [1, , 3];
const keys = ["own", "inherited", "missing", "getter", sym, 0, 1, 2, "length", "toString"];
let found = 0;
for (let i = 0; i < 20000; i++) {
  const k = keys[i % keys.length];
  found += has(k, obj) + has(k, arr) * 2;
}
console.log("in hot", found);
console.log(keys.map((k) => [has(k, obj), has(k, arr)].map(Number).join("")).join(" "));
const key = { toString() { return "own"; } };
console.log("converted key", has(key, obj), has(1.0, arr), has("1", arr), has(-0, [7]));
let trapped = 0;
const proxy = new Proxy({ a: 1 }, { has(t, k) { trapped++; return k === "a" || k === "virtual"; } });
let viaProxy = 0;
for (let i = 0; i < 10000; i++) viaProxy += has(i % 2 ? "a" : "virtual", proxy) + has("b", proxy);
console.log("proxy has", viaProxy, trapped);
delete obj.own;
console.log("deleted", has("own", obj), has("inherited", obj));
console.log(attempt(has, "a", "string"), "|", attempt(has, "a", 5), "|", attempt(has, "a", null), "|", attempt(has, "length", [1]));
let after = 0;
for (let i = 0; i < 1000; i++) after += has("inherited", obj) + isA(new Dog(), Animal);
console.log("after errors", after);
