// Allocation and peak memory: 600k small objects, all alive at once, then walked.
const N = 600000;
const objs = new Array(N);
for (let i = 0; i < N; i++) {
  objs[i] = { id: i, value: i * 2, tag: i % 16, next: i > 0 ? objs[i - 1] : null };
}
let total = 0;
for (let i = 0; i < N; i++) {
  const o = objs[i];
  total += o.id + o.value + o.tag + (o.next === null ? 0 : 1);
}
console.log("checksum " + total);
