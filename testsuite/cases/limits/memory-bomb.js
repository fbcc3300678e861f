// @flags: --max-memory-pages 512
// @exit: 123
// Allocating without bound is stopped by the memory cap (512 pages = 32 MiB).
const hoard = [];
for (;;) hoard.push(new Array(100000).fill(hoard.length));
