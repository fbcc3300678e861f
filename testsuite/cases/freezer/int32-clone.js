// The int32 clone (compiler/src/freeze/int32): pure int32 functions run unboxed while every
// argument is an int32, and the generic code takes over, from the start of the call, whenever
// the clone gives up. Each line must be what the interpreter prints.
function show(v) {
  return Object.is(v, -0) ? "-0" : typeof v === "string" ? JSON.stringify(v) : String(v);
}

// Overflow deep inside a recursion: the clone gives up at the bottom, the generic code redoes
// the whole call and produces doubles.
function sumSq(n) { return n === 0 ? 0 : n * n + sumSq(n - 1); }
console.log("sumSq", sumSq(100), sumSq(1860), sumSq(1861), sumSq(3000));
function tri(n) { let s = 0; for (let i = 1; i <= n; i++) s = s + i * i; return s; }
console.log("tri", tri(100), tri(2000), tri(3000));

// -0, division by zero in %, >>> above 2^31-1, -(-2^31): each leaves the int32 domain.
function negMod(a, b) { return -(a % b); }
console.log("negMod", show(negMod(7, 3)), show(negMod(6, 3)), show(negMod(-6, 3)), show(negMod(5, 0)), show(negMod(-2147483648, -1)));
function shifts(a, b) { return (a >>> b) + (a << b) + (a >> b); }
console.log("shifts", shifts(5, 1), shifts(-1, 0), shifts(-8, 33));
function negate(x) { return -x; }
console.log("negate", show(negate(5)), show(negate(0)), show(negate(-2147483648)));
function mul(a, b) { return a * b; }
console.log("mul", show(mul(-3, 0)), show(mul(0, -3)), show(mul(65536, 65536)), show(mul(-46341, 46341)));

// Booleans: results keep their type, === between a boolean and a number stays false.
function isEven(n) { return n === 0 ? true : n === 1 ? false : isEven(n - 2); }
console.log("isEven", isEven(10), isEven(7), typeof isEven(4), isEven(4) === true, isEven(4) === 1);
function cmp(a, b) { return (a < b) + (a === b) * 2; }
console.log("cmp", cmp(1, 2), cmp(2, 2), cmp(3, 2));

// Arguments that are not int32s never enter the clone; the same function answers both ways.
function twice(x) { return x + x; }
console.log("twice", twice(21), twice(1.5), twice("ab"), twice(true), show(twice(-0)), twice(2147483647));

// Recursion deeper than the clone's budget: the generic code reports the RangeError itself.
function down(n) { return n === 0 ? 0 : 1 + down(n - 1); }
console.log("down", down(5000));
try {
  down(1e7);
  console.log("down(1e7) returned");
} catch (e) {
  console.log("down(1e7)", e instanceof RangeError);
}
console.log("down again", down(10));

// The self-binding: rebinding the name, a getter in its place, a closure variable.
function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }
console.log("fact", fact(10), fact(13), fact(20));
const realFact = fact;
fact = function (n) { return -n; };
console.log("fact rebound", realFact(5));
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
console.log("fib", fib(20), fib(30));
// A configurable global, later turned into an accessor: every self-call must run the getter.
globalThis.k = function (n) { return n === 0 ? 0 : 1 + k(n - 1); };
const realK = k;
console.log("k plain", k(100));
let getterCalls = 0;
Object.defineProperty(globalThis, "k", { get() { getterCalls++; return realK; }, configurable: true });
console.log("k via getter", realK(100), "getter calls", getterCalls);
Object.defineProperty(globalThis, "k", { value: realK, writable: true, configurable: true });
console.log("k plain again", realK(100), "getter calls", getterCalls);
function makeCounter() {
  function steps(n) { return n <= 0 ? 0 : 1 + steps(n - 1); }
  return steps;
}
const steps = makeCounter();
console.log("closure steps", steps(300), steps(-5));

// `new`, `this`, call/apply: the clone only ever replaces plain calls.
function add(a, b) { return a + b; }
const r = new add(1, 2);
console.log("new", typeof r, r instanceof add);
const obj = { add };
console.log("method", obj.add(2, 3), add.call({}, 4, 5), add.apply(null, [6, 7]), [1, 2, 3].map(add).join());
