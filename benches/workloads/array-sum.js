// A plain Array of 1e6 small integers, summed 4 times.
const N = 1000000;
const PASSES = 4;
const a = [];
for (let i = 0; i < N; i++) a.push((i * 7) % 1000);
let total = 0;
for (let p = 0; p < PASSES; p++) {
  for (let i = 0; i < N; i++) total += a[i];
}
console.log("checksum " + total);
