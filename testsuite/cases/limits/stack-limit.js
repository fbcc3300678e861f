// @flags: --stack-size 131072
// A smaller stack (runtime.stack_size) makes deep recursion a RangeError sooner; still
// catchable, never a crash.
let depth = 0;
function measure() { depth++; measure(); }
try {
  measure();
} catch (e) {
  console.log(e instanceof RangeError, e.message);
}
console.log("depth between 10 and 1000:", depth > 10 && depth < 1000);
