// @build-flags: --metered
// A metered artifact run without a budget behaves like any other.
let sum = 0;
for (let i = 0; i < 100000; i++) sum += i;
console.log(sum);
