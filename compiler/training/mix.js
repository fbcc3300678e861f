// The training run of edgeboxc's profile-guided optimisation (compiler/src/profile.rs): what
// QuickJS's interpreter and runtime do for typical code, so LLVM lays out and allocates
// registers for the paths that run most. Deliberately general, and none of benches/workloads:
// a profile shaped like the benchmarks would make them look better than apps will be.
// It prints nothing; a wrong total throws, so a broken guest cannot train silently.
function makeTree(depth) { return depth === 0 ? null : { left: makeTree(depth - 1), right: makeTree(depth - 1), v: depth }; }
function sumTree(t) { if (t === null) return 0; return t.v + sumTree(t.left) + sumTree(t.right); }
function ack(m, n) { if (m === 0) return n + 1; if (n === 0) return ack(m - 1, 1); return ack(m - 1, ack(m, n - 1)); }
function hanoi(n, a, b, c) { if (n === 0) return 0; return hanoi(n - 1, a, c, b) + 1 + hanoi(n - 1, c, b, a); }
class Vec2 { constructor(x, y) { this.x = x; this.y = y; } add(o) { return new Vec2(this.x + o.x, this.y + o.y); } len() { return Math.sqrt(this.x * this.x + this.y * this.y); } }
function bubble(a) { for (let i = 0; i < a.length; i++) for (let j = 0; j + 1 < a.length - i; j++) if (a[j] > a[j + 1]) { const t = a[j]; a[j] = a[j + 1]; a[j + 1] = t; } return a; }
function collatz(n) { let steps = 0; while (n !== 1) { n = n % 2 === 0 ? n / 2 : 3 * n + 1; steps++; } return steps; }
function sieve(n) { const s = new Uint8Array(n + 1); let c = 0; for (let i = 2; i <= n; i++) { if (!s[i]) { c++; for (let j = i * i; j <= n; j += i) s[j] = 1; } } return c; }
function words(text) { const m = new Map(); for (const w of text.split(/\s+/)) m.set(w, (m.get(w) || 0) + 1); return m.size; }
function compose(...fs) { return x => fs.reduceRight((v, f) => f(v), x); }
let total = 0;
for (let r = 0; r < 3; r++) {
  total += sumTree(makeTree(14));
  total += ack(2, 300) + hanoi(16, 1, 2, 3);
  let v = new Vec2(0, 0); for (let i = 0; i < 100000; i++) v = v.add(new Vec2(1, 2)); total += v.len() | 0;
  total += bubble(Array.from({ length: 600 }, (_, i) => (i * 7919) % 601))[5];
  for (let i = 1; i < 20000; i++) total += collatz(i);
  total += sieve(300000);
  total += words("the quick brown fox jumps over the lazy dog ".repeat(3000));
  const f = compose(x => x + 1, x => x * 2, x => x - 3); for (let i = 0; i < 50000; i++) total += f(i) & 1;
  const o = JSON.parse(JSON.stringify({ a: [1, 2, 3], b: { c: "x".repeat(100) }, d: Array.from({ length: 2000 }, (_, i) => ({ i, s: String(i) })) }));
  total += o.d.length + o.b.c.length;
  let s = ""; for (let i = 0; i < 20000; i++) s += String.fromCharCode(65 + (i % 26)); total += s.length + s.indexOf("XYZ");
  total += [..."hello world".repeat(1000)].filter(ch => /[aeiou]/.test(ch)).length;
  const set = new Set(); for (let i = 0; i < 50000; i++) set.add(i % 977); total += set.size;
  let acc = 0; for (const k in { p: 1, q: 2, r: 3 }) acc += k.length; total += acc;
  try { null.x; } catch (e) { total += e.message.length; }
}
if (total !== 6777738) throw new Error(`training total ${total}, expected 6777738`);
