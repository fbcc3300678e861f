// @flags: --heap-size 16777216
// @exit: 123
// Allocating past the JS heap limit (runtime.heap_size) is an out-of-memory error in JS; left
// uncaught, it ends the run with the memory-limit exit code and a line naming the limit.
const hoard = [];
for (;;) hoard.push(new Array(10000).fill(hoard.length));
