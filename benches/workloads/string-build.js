// String building: concatenation in a loop, then join, slice and char codes.
const N = 300000;
let s = "";
for (let i = 0; i < N; i++) {
  s += "item" + i + ";";
}
const parts = [];
for (let i = 0; i < N; i++) parts.push(String.fromCharCode(97 + (i % 26)) + i.toString(36));
const joined = parts.join(",");
let total = s.length + joined.length;
for (let i = 0; i < joined.length; i += 97) total += joined.charCodeAt(i);
total += s.slice(1000, 2000).length + s.indexOf("item299999;");
console.log("checksum " + total);
