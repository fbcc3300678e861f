// @flags: --stack-size 131072
// A smaller stack (runtime.stack_size) makes deep recursion a RangeError sooner; still
// catchable, never a crash. (How deep depends on the frame size: `measure` is frozen, and a
// frozen frame is smaller than the interpreter's; with the default 8 MiB both exceed 10,000.)
let depth = 0;
function measure() { depth++; measure(); }
try {
  measure();
} catch (e) {
  console.log(e instanceof RangeError, e.message);
}
console.log("depth between 10 and 10000:", depth > 10 && depth < 10000);
