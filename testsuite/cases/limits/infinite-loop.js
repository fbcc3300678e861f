// @flags: --timeout 2000
// @exit: 124
// Runaway code is stopped by the wall-time limit on every engine (AOT code included).
console.log("spinning");
let n = 0;
for (;;) n++;
