// @exit: 1
// Freezer: an error escaping from a hot function ends the program exactly as in the
// interpreter: output printed so far, then "Uncaught ..." with the stack on stderr, exit 1.
function check(n) {
  if (n === 5000) throw new RangeError("n reached " + n);
  return n;
}
function loop() {
  let s = 0;
  for (let i = 0; i < 10000; i++) s += check(i);
  return s;
}
console.log("before");
loop();
console.log("never");
