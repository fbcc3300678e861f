// Freezer: bitwise operators work on ToInt32/ToUint32 of their operands; `>>>` yields values
// above 2^31-1 (which are doubles, not SMIs); shift counts are masked by 31; doubles, NaN,
// Infinity, strings and null go through ToInt32 (modulo 2^32, truncation toward zero).
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);
const out = (label, x) => console.log(label, show(x));

function and(a, b) { return a & b; }
function or(a, b) { return a | b; }
function xor(a, b) { return a ^ b; }
function not(a) { return ~a; }
function shl(a, b) { return a << b; }
function sar(a, b) { return a >> b; }
function shr(a, b) { return a >>> b; }
function toU32(a) { return a >>> 0; }
function shrPlusOne(a) { return (a >>> 0) + 1; }
function orAssign(a, b) { a |= b; return a; }
function shrAssign(a, b) { a >>>= b; return a; }

let acc = 0;
for (let i = 0; i < 5000; i++) {
  acc = xor(acc, and(i, 0xff) + or(i, 3) + not(i) + shl(i, 3) + sar(i, 1) + shr(i, 2));
  acc = xor(acc, toU32(i) + orAssign(i, 8) + shrAssign(i, 1));
}
out("warm", acc);

out("-1>>>0", shr(-1, 0));
out("-8>>>1", shr(-8, 1));
out("-1>>>31", shr(-1, 31));
out("-1>>>32", shr(-1, 32));
out("1>>>-1", shr(1, -1));
out("-1>>>-1", shr(-1, -1));
out("toU32 -2147483648", toU32(-2147483648));
out("toU32 -1 + 1", shrPlusOne(-1));
out("(-1>>>0) > 0", shr(-1, 0) > 0);
out("shrAssign -16 by 2", shrAssign(-16, 2));
out("1<<31", shl(1, 31));
out("1<<32", shl(1, 32));
out("1<<33", shl(1, 33));
out("1<<-1", shl(1, -1));
out("3<<30", shl(3, 30));
out("0x7fffffff<<1", shl(0x7fffffff, 1));
out("1<<1.9", shl(1, 1.9));
out("1<<'4'", shl(1, "4"));
out("5>>33", sar(5, 33));
out("-5>>1", sar(-5, 1));
out("-1>>31", sar(-1, 31));
out("min>>31", sar(-2147483648, 31));
out("2^32>>0", sar(4294967296, 0));
out("~-1", not(-1));
out("~0", not(0));
out("~max", not(2147483647));
out("~min", not(-2147483648));
out("~2^32", not(4294967296));
out("~1.5", not(1.5));
out("~'-1'", not("-1"));
out("~undefined", not(undefined));
out("2^32+5|0", or(2 ** 32 + 5, 0));
out("1.9|0", or(1.9, 0));
out("-1.9|0", or(-1.9, 0));
out("NaN|0", or(NaN, 0));
out("Infinity|0", or(Infinity, 0));
out("-Infinity|0", or(-Infinity, 0));
out("2^31|0", or(2 ** 31, 0));
out("2^53|0", or(2 ** 53, 0));
out("2^53+2|0", or(2 ** 53 + 2, 0));
out("-(2^32)-1|0", or(-(2 ** 32) - 1, 0));
out("1e21|0", or(1e21, 0));
out("-0|0", or(-0, 0));
out("4294967295&1", and(4294967295, 1));
out("-1&0xffff", and(-1, 0xffff));
out("0x80000000&0x80000000", and(0x80000000, 0x80000000));
out("0xffffffff^0", xor(0xffffffff, 0));
out("'12'&7", and("12", 7));
out("null|0", or(null, 0));
out("true<<4", shl(true, 4));
out("[]^1", xor([], 1));
out("'0x10'|0", or("0x10", 0));
out("orAssign 1.5|2.5", orAssign(1.5, 2.5));

// a 32-bit hash in a hot loop: mixes >>> and * overflow (Math.imul would wrap, * must not)
function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = (h * 16777619) >>> 0;
  }
  return h;
}
let hs = 0;
for (let i = 0; i < 2000; i++) hs = hash("key" + i) ^ hs;
out("hash xor", hs);
out("hash abc", hash("abc"));
function imulHash(s) {
  let h = 2166136261 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
out("imul hash abc", imulHash("abc"));
