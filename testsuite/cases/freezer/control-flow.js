// Freezer: control flow and stack opcodes in frozen functions: if/else on truthiness of every
// type (0, -0, NaN, "", 0n, objects), && || ?? returning operands (not booleans), ternaries,
// while/do-while/for with break/continue and labels, switch fallthrough, comma and void,
// typeof, and calls with 0 to 6 arguments (call0..call3 and the generic call).
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : typeof x === "object" && x !== null ? "obj" : String(x);

function truthy(v) { if (v) return "T"; else return "F"; }
function not(v) { return !v; }
function and(a, b) { return a && b; }
function or(a, b) { return a || b; }
function nullish(a, b) { return a ?? b; }
function typeOf(v) { return typeof v; }
function voided(v) { return void v; }
function comma(a, b) { return (a, b); }
let t = 0;
for (let i = 0; i < 5000; i++) t += (truthy(i) === "T") + not(i) + and(i, 2) + or(i, 3) + nullish(i, 4) + comma(i, 1);
console.log("warm", t);
const values = [0, -0, 1, -1, 0.5, NaN, Infinity, "", "0", " ", "false", 0n, 1n, null, undefined, false, true, {}, [], Symbol("s")];
console.log("truthy", values.map(truthy).join(""));
console.log("not", values.map((v) => (not(v) ? 1 : 0)).join(""));
console.log("typeof", values.map(typeOf).join(","), typeOf(() => 1), typeOf(class {}));
for (const [a, b] of [[0, "b"], [1, "b"], ["", null], [null, 0], [undefined, -0], [NaN, 1], [0n, 2], [-0, "x"]]) {
  console.log("a=" + show(a), "b=" + show(b), "&&", show(and(a, b)), "||", show(or(a, b)), "??", show(nullish(a, b)));
}
console.log("void", show(voided(5)), "comma", show(comma(1, -0)));
let calls = 0;
const side = (v) => { calls++; return v; };
function shortCircuit(a) { return and(a, side(1)) && side(2) || side(3); }
console.log("short-circuit", shortCircuit(0), shortCircuit(1), calls);

function loops(n) {
  let out = "", i = 0;
  while (true) { if (++i > n) break; if (i % 2) continue; out += i; }
  do { out += "d"; } while (i-- > n);
  outer: for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 4; b++) {
      if (b === 2) continue outer;
      if (a === 3) break outer;
      out += a + "" + b + " ";
    }
  }
  for (let x = 0.5; x < 2; x += 0.5) out += "f" + x;
  for (const k in { p: 1, q: 2 }) out += k;
  for (const v of "ab") out += v;
  return out;
}
for (let i = 0; i < 2000; i++) t = loops(i & 7);
console.log("loops", loops(6), "|", t);
function sw(v) {
  let r = "";
  switch (v) {
    case 0: r += "zero ";
    case 1: r += "one "; break;
    case "2": r += "string two "; break;
    default: r += "default ";
    case 3: r += "three ";
  }
  return r;
}
console.log("switch", [0, 1, 2, "2", 3, 4, -0, 1.0, "1"].map(sw).join("| "));
function countdown(n) { let c = 0; while (n-- > 0) c++; return c + ":" + n; }
console.log("countdown", countdown(5), countdown(0), countdown(2.5), countdown("3"), countdown(-1));

function c0() { return 0; }
function c1(a) { return a; }
function c2(a, b) { return a + b; }
function c3(a, b, c) { return a + b + c; }
function c4(a, b, c, d) { return a + b + c + d; }
function c6(a, b, c, d, e, f) { return [a, b, c, d, e, f].map(show).join(","); }
let cs = 0;
for (let i = 0; i < 3000; i++) cs += c0() + c1(i) + c2(i, 1) + c3(i, 1, 2) + c4(i, 1, 2, 3);
console.log("calls", cs, c6(1, 2, 3, 4, 5, 6), c6(1, 2), c6(1, 2, 3, 4, 5, 6, 7, 8), c4("a", 1, 2, 3), c3(1, 2));
