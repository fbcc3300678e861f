// Freezer: errors thrown from inside hot (frozen) code carry the interpreter's stack: the same
// frames, function names and line:col positions (QuickJS format, no header line; the script's
// own frame is <eval>, the file name is the path given to edgeboxc). Line numbers in this file
// are part of the expected output: do not reformat it.
function inner(n) {
  if (n === 9999) throw new Error("deep " + n);
  return n + 1;
}
function middle(n) {
  return inner(n) * 2;
}
function outer(limit) {
  let s = 0;
  for (let i = 0; i < limit; i++) s += middle(i);
  return s;
}
try { outer(10000); } catch (e) { console.log(e.message); console.log(e.stack); }

function callIt(o, i) {
  return o.fn(i) + 1;
}
for (let i = 0; i < 10000; i++) callIt({ fn: (x) => x }, i);
try { callIt({}, 1); } catch (e) { console.log(e.name, e instanceof TypeError); console.log(e.stack); }

function readField(o) {
  return o.field.length;
}
for (let i = 0; i < 10000; i++) readField({ field: "abc" });
try { readField({ field: null }); } catch (e) { console.log(e.name); console.log(e.stack); }

const bad = { valueOf() { throw new RangeError("valueOf"); } };
function arith(a, b) {
  return a * 2 + b;
}
for (let i = 0; i < 10000; i++) arith(i, 1);
try { arith(1, bad); } catch (e) { console.log(e.name); console.log(e.stack); }

function captures() {
  return new Error("not thrown").stack;
}
let st = "";
for (let i = 0; i < 1000; i++) st = captures();
console.log(st);

function mapper(x) {
  if (x === 3) throw new TypeError("in callback");
  return x;
}
try { [1, 2, 3].map(mapper); } catch (e) { console.log(e.stack); }
function rethrow(n) {
  try { return inner(n); } catch (e) { throw new SyntaxError("wrapped", { cause: e }); }
}
try { rethrow(9999); } catch (e) { console.log(e.name, e.cause.message); console.log(e.stack); }
