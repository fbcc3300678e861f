// A tour of the language features the guest must run: classes, generators, destructuring,
// spread, optional chaining, BigInt, Map/Set, JSON, RegExp, typed arrays, Proxy, Symbol.
class Animal {
  #secret = "hidden";
  static count = 0;
  constructor(name) { this.name = name; Animal.count++; }
  speak() { return `${this.name} makes a sound`; }
  get secret() { return this.#secret; }
}
class Dog extends Animal {
  speak() { return `${super.speak()} (woof)`; }
}
const d = new Dog("Rex");
console.log(d.speak(), d.secret, Animal.count);
function* fib() { let [a, b] = [0, 1]; for (;;) { yield a; [a, b] = [b, a + b]; } }
const first = [];
for (const x of fib()) { if (first.length >= 10) break; first.push(x); }
console.log(first.join(","));
const { x, y = 5, ...rest } = { x: 1, z: 3, w: 4 };
console.log(x, y, rest, [...first.slice(0, 3), ...[99]]);
console.log(d?.missing?.deep ?? "nullish default");
console.log(2n ** 64n, BigInt.asIntN(8, 255n));
console.log(JSON.stringify({ m: [...new Map([[1, 2]])], s: [...new Set("hello")] }));
console.log("2024-01-15".replace(/(\d+)-(\d+)-(\d+)/, "$3/$2/$1"), "a1b2c3".match(/\d/g));
const f64 = new Float64Array([1.5, 2.5]);
console.log(f64.reduce((s, v) => s + v, 0), new DataView(f64.buffer).getFloat64(8, true));
const p = new Proxy({}, { get: (_, key) => `proxied ${String(key)}` });
console.log(p.anything);
const tag = (s, ...v) => s.raw.join("|") + v.join("+");
console.log(tag`a${1}b${2}c`);
console.log([3, 1, 2].toSorted(), Object.groupBy([1, 2, 3, 4], (n) => (n % 2 ? "odd" : "even")));
console.log(Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2, (1234.5678).toFixed(2), parseInt("ff", 16));
label: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue label; if (i === 2) break label; console.log("loop", i, j); } }
