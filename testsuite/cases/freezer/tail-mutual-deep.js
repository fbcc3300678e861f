// freezer-required: the interpreter alone overflows (RangeError) — node and native qjs too.
// Freezer: tail calls between two (and three) different frozen functions become Wasm tail
// calls too (return_call / return_call_indirect), so mutual recursion 100,000 deep runs in
// constant stack. The functions use if/return so that QuickJS emits tail_call.
function isEven(n) {
  if (n === 0) return true;
  return isOdd(n - 1);
}
function isOdd(n) {
  if (n === 0) return false;
  return isEven(n - 1);
}
console.log(isEven(100000), isOdd(100001), isEven(99999), isOdd(100000));
function a(n, acc) { if (n <= 0) return acc + "a"; return b(n - 1, acc + 1); }
function b(n, acc) { if (n <= 0) return acc + "b"; return c(n - 1, acc + 2); }
function c(n, acc) { if (n <= 0) return acc + "c"; return a(n - 1, acc + 3); }
console.log(a(100000, 0), a(100001, 0), a(100002, 0));
