// JSON round trip: stringify a 20k-record document and parse it back, 3 times.
const RECORDS = 20000;
const ROUNDS = 3;
const doc = [];
for (let i = 0; i < RECORDS; i++) {
  doc.push({ id: i, name: "user" + i, active: i % 3 === 0, score: i % 1000, tags: ["a" + (i % 7), "b" + (i % 11)] });
}
let total = 0;
let current = doc;
for (let r = 0; r < ROUNDS; r++) {
  const text = JSON.stringify(current);
  total += text.length;
  current = JSON.parse(text);
  total += current.length + current[r * 7].score;
}
console.log("checksum " + total);
