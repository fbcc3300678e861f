// Recursive calls: fib(35) makes ~30 million calls.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
console.log("checksum " + fib(35));
