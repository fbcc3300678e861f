// @build-flags: --metered
// @flags: --max-instructions 50000000
// @exit: 122
// Runaway code in a metered artifact is stopped by the instruction budget on every engine;
// the count is the same everywhere, so it stops at the same point.
console.log("spinning");
let n = 0;
for (;;) n++;
