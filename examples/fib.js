// fib(n) with n from the command line, timed inside the app (no start-up in the figure):
//   edgeboxc build examples/fib.js -o fib.aot && edgebox fib.aot 38
// The argument is only known at run time, so whatever the compiler does to `fib` has to hold
// for every n (try negative, fractional and large ones: fib(47) no longer fits an int32).
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
const n = Number(process.argv[2] ?? 30);
const started = Date.now();
const result = fib(n);
console.log(`fib(${n}) = ${result} in ${Date.now() - started} ms`);
