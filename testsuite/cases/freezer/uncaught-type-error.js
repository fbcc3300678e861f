// @exit: 1
// Freezer: calling a non-function inside a hot function throws QuickJS's TypeError with the
// stack of the call site; uncaught, it ends the program with exit 1.
function apply(f, x) {
  return f(x) + 1;
}
let s = 0;
for (let i = 0; i < 10000; i++) s = apply((v) => v * 2, i);
console.log("warm", s);
apply(undefined, 1);
