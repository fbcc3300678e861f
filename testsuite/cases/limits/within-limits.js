// @flags: --timeout 20000 --max-memory-pages 2048
// Limits that are not reached change nothing.
const big = new Array(1_000_000).fill(1);
console.log(big.reduce((a, b) => a + b, 0));
