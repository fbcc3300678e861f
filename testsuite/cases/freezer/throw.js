// Freezer: `throw` and the bytecode compiler's own throw_error (assignment to a const) inside
// hot functions, which are frozen; the callers that catch stay interpreted (try/catch is not
// frozen). What is thrown (Error subclasses, primitives, objects, BigInt, Symbol, undefined),
// what was already done before the throw, values still on the stack when it happens (a
// switch's discriminant), and that the function works again afterwards. Line numbers are part
// of the expected output (e.stack): do not reformat this file.
function describe(e) {
  if (e instanceof Error) return e.name + ": " + e.message;
  if (typeof e === "symbol") return "symbol " + e.description;
  if (typeof e === "object" && e !== null) return "object " + JSON.stringify(e);
  return typeof e + " " + String(e);
}
function attempt(f, a, b) {
  try { return "ok " + f(a, b); } catch (e) { return "caught " + describe(e); }
}

function check(n) {
  if (typeof n !== "number") throw new TypeError("not a number: " + n);
  if (n < 0) throw new RangeError("negative: " + n);
  return n * 2;
}
let sum = 0;
for (let i = 0; i < 10000; i++) sum += check(i);
console.log("hot", sum);
console.log(attempt(check, "x"), "|", attempt(check, -1), "|", attempt(check, 21));

function throwValue(k) {
  if (k === 0) throw 42;
  if (k === 1) throw "a string";
  if (k === 2) throw undefined;
  if (k === 3) throw null;
  if (k === 4) throw { code: k, list: [1, 2] };
  if (k === 5) throw 12345678901234567890n;
  if (k === 6) throw Symbol("sym");
  if (k === 7) throw -0;
  if (k === 8) throw 1.5;
  return k;
}
let kept = 0;
for (let i = 9; i < 10000; i++) kept += throwValue(i);
console.log("kept", kept);
for (let k = 0; k <= 9; k++) console.log(k, attempt(throwValue, k));

// The discriminant of a switch is on the stack when a case throws.
function pick(s) {
  switch (s) {
    case "alpha": return 1;
    case "beta": return 2;
    default: throw new Error("unknown " + s);
  }
}
let picked = 0;
for (let i = 0; i < 10000; i++) picked += pick(i % 2 ? "alpha" : "beta");
console.log("picked", picked);
for (let i = 0; i < 1000; i++) attempt(pick, "gam" + "ma".repeat(i % 3));
console.log(attempt(pick, "gam" + "ma"), "|", attempt(pick, "alpha"));

// Side effects before the throw happen exactly once; the function is fine afterwards.
const log = [];
function partial(o, n) {
  o.before = n;
  log.push("before " + n);
  if (n % 1000 === 999) throw new Error("at " + n);
  o.after = n;
  return n;
}
const target = {};
let caught = 0;
for (let i = 0; i < 3000; i++) {
  try { partial(target, i); } catch (e) { caught++; }
}
console.log("partial", caught, log.length, target.before, target.after, log[log.length - 1]);

// Rethrowing an error made elsewhere keeps the stack it was created with.
const made = new Error("made at top level");
function rethrow(e, n) {
  if (n > 0) throw e;
  return n;
}
for (let i = 0; i < 10000; i++) rethrow(made, 0);
try { rethrow(made, 1); } catch (e) { console.log(e === made, e.stack); }

// A new Error thrown below two frozen frames.
function inner(n) {
  if (n === 7777) throw new SyntaxError("inner " + n);
  return n;
}
function outer(n) {
  return inner(n) + 1;
}
for (let i = 0; i < 7777; i++) outer(i);
try { outer(7777); } catch (e) { console.log(e.name, e.message); console.log(e.stack); }

// Assigning to a const is compiled to throw_error.
function assignConst(n) {
  const c = n;
  if (n > 100000) c = 0;
  return c;
}
function strictAssignConst(n) {
  "use strict";
  const c = n;
  if (n > 100000) c = 0;
  return c;
}
let consts = 0;
for (let i = 0; i < 10000; i++) consts += assignConst(i) + strictAssignConst(i);
console.log("consts", consts);
const constName = (f, n) => { try { return "ok " + f(n); } catch (e) { return "caught " + e.name; } };
console.log(constName(assignConst, 100001), "|", constName(strictAssignConst, 100001));
console.log(attempt(assignConst, 5), "|", attempt(strictAssignConst, 5));

// Uncaught from a frozen function would end the program; here it is caught one level up by
// an interpreted function, from a frozen top-level loop's callee.
function validate(list) {
  for (let i = 0; i < list.length; i++) {
    if (list[i] !== (list[i] | 0)) throw new TypeError("item " + i + " is " + list[i]);
  }
  return list.length;
}
console.log(attempt(validate, [1, 2, 3]), "|", attempt(validate, [1, 2.5, 3]), "|", attempt(validate, [1, "2"]));
