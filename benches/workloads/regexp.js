// Regular expressions: scan a generated log for dates, emails and key=value pairs.
const LINES = 15000;
const lines = [];
for (let i = 0; i < LINES; i++) {
  const d = 1 + (i % 28);
  const m = 1 + (i % 12);
  lines.push("2024-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d +
    " user" + i + "@example" + (i % 5) + ".com level=" + (i % 4) + " took=" + (i % 997) + "ms");
}
const text = lines.join("\n");
const dateRe = /(\d{4})-(\d{2})-(\d{2})/g;
const emailRe = /([a-z0-9]+)@([a-z0-9]+)\.com/g;
const kvRe = /(\w+)=(\d+)/g;
let total = 0;
let m;
while ((m = dateRe.exec(text)) !== null) total += Number(m[2]) + Number(m[3]);
while ((m = emailRe.exec(text)) !== null) total += m[1].length + m[2].length;
while ((m = kvRe.exec(text)) !== null) total += Number(m[2]);
total += text.replace(/level=(\d)/g, "L$1").length;
console.log("checksum " + total);
