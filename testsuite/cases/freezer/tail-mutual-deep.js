"use strict";
// Tail calls between *different* frozen functions are ordinary calls for now (only a function
// calling itself becomes a Wasm return_call), so mutual recursion keeps its frames: correct
// results at moderate depth, and at 100,000 deep the same RangeError as the interpreter.
// The functions use if/return so that QuickJS emits tail_call.
function isEven(n) {
  if (n === 0) return true;
  return isOdd(n - 1);
}
function isOdd(n) {
  if (n === 0) return false;
  return isEven(n - 1);
}
console.log(isEven(1000), isOdd(1001), isEven(999), isOdd(1000));
function a(n, acc) { if (n <= 0) return acc + "a"; return b(n - 1, acc + 1); }
function b(n, acc) { if (n <= 0) return acc + "b"; return c(n - 1, acc + 2); }
function c(n, acc) { if (n <= 0) return acc + "c"; return a(n - 1, acc + 3); }
console.log(a(1000, 0), a(1001, 0), a(1002, 0));
try { isEven(100000); } catch (e) { console.log("mutual 1e5:", e.name); }
