// Freezer: QuickJS's interpreter keeps the caller's frame for a call in tail position
// (tail_call is a call followed by a return), so an error thrown below tail calls shows every
// frame. Frozen tail calls (Wasm return_call) must still report the same stack. Line numbers
// in this file are part of the expected output: do not reformat it.
function leaf(n) {
  if (n < 0) throw new Error("leaf " + n);
  return n;
}
function viaTail(n) {
  if (n > 1000) return -1;
  return leaf(n);
}
function viaTailMethod(o, n) {
  return o.leafMethod(n);
}
function selfTail(n, v) {
  if (n === 0) return leaf(v);
  return selfTail(n - 1, v);
}
const o = { leafMethod(n) { return leaf(n); } };
let s = 0;
for (let i = 0; i < 10000; i++) s += viaTail(i & 7) + viaTailMethod(o, i & 3) + selfTail(3, i & 1);
console.log("warm", s);
try { viaTail(-1); } catch (e) { console.log(e.stack); }
try { viaTailMethod(o, -2); } catch (e) { console.log(e.stack); }
try { selfTail(3, -3); } catch (e) { console.log(e.stack); }
