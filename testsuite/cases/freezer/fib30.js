// Freezer: the headline benchmark's value. Naive fib(30) is 1.6 million calls of a
// self-recursive function whose int32 fast path (or int32-specialised clone) must produce
// exactly the generic result. Slow on the Wasm interpreter without the freezer (seconds).
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
console.log(fib(30));
function fibIf(n) {
  if (n < 2) return n;
  return fibIf(n - 1) + fibIf(n - 2);
}
console.log(fibIf(20), fibIf(20.5), fibIf("20"));
