// Freezer: typed-array fast paths must convert exactly like the interpreter: Int8/Int16/Int32
// wrap modulo 2^n, Uint8Clamped rounds half to even and clamps, Uint32 reads above 2^31-1 are
// doubles, Float32 rounds to single precision, BigInt64/BigUint64 wrap modulo 2^64 and reject
// Numbers (and the number arrays reject BigInts). Out-of-bounds and non-integer indices
// neither read nor write.
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);

function put(ta, i, v) { ta[i] = v; return ta[i]; }
function get(ta, i) { return ta[i]; }
function sum(ta) { let s = 0; for (let i = 0; i < ta.length; i++) s += ta[i]; return s; }
function fillSeq(ta) { for (let i = 0; i < ta.length; i++) ta[i] = i * 3 - 100; return ta; }

const kinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
let t = 0;
for (let k = 0; k < 20; k++) for (const K of kinds) t += sum(fillSeq(new K(200)));
console.log("warm", t);

const values = [1, 127, 128, 255, 256, -1, -128, -129, 1.5, 2.5, -1.5, 0.5, 300, 65536, 2147483648,
  4294967295, 4294967296, -2147483649, 0.1, 1e40, -0, NaN, Infinity, "7", null, true, undefined];
for (const K of kinds) {
  const ta = new K(1);
  console.log(K.name, values.map((v) => show(put(ta, 0, v))).join(" "));
}

const big = new BigInt64Array(1), ubig = new BigUint64Array(1);
console.log("BigInt64Array", [1n, 2n ** 63n, 2n ** 63n - 1n, -(2n ** 63n) - 1n, 2n ** 64n, -1n].map((v) => show(put(big, 0, v))).join(" "));
console.log("BigUint64Array", [1n, -1n, 2n ** 64n, 2n ** 64n + 5n, -(2n ** 64n)].map((v) => show(put(ubig, 0, v))).join(" "));
for (const [label, f] of [["Number into BigInt64Array", () => put(big, 0, 1)], ["BigInt into Int32Array", () => put(new Int32Array(1), 0, 1n)],
  ["string into BigInt64Array", () => put(big, 0, "12")], ["bad string into BigInt64Array", () => put(big, 0, "1.5")]]) {
  try { console.log(label, "gives", show(f())); } catch (e) { console.log(label, "throws", e.name); }
}
let bs = 0n;
const bigs = new BigInt64Array(100);
for (let i = 0; i < 100; i++) bigs[i] = BigInt(i) * 2n ** 57n;
for (let i = 0; i < 100; i++) bs += get(bigs, i);
console.log("BigInt64 sum", show(bs));

const i32 = new Int32Array(4);
for (let i = 0; i < 3000; i++) put(i32, i & 3, i);
console.log("hot Int32 writes", Array.from(i32).join(","));
console.log("oob write ignored", show(put(i32, 4, 9)), i32.length, Object.keys(i32).join(","));
console.log("negative write ignored", show(put(i32, -1, 9)), show(get(i32, -1)));
console.log("fractional write ignored", show(put(i32, 1.5, 9)), show(get(i32, 1.5)));
console.log("string index", show(put(i32, "2", 42)), show(get(i32, "2")));
console.log("'-0' index", show(put(i32, "-0", 5)), show(get(i32, "-0")), show(get(i32, -0)));
console.log("non-numeric key is a property", show(put(i32, "foo", 5)));
const u32 = new Uint32Array([4294967295, 2147483648, 0]);
console.log("Uint32 sum", sum(u32), "read", show(get(u32, 0)), "|0", get(u32, 0) | 0);
const f32 = new Float32Array([0.1, 0.2, 16777217, 3.4e38, 1e-46]);
console.log("Float32 values", Array.from(f32, show).join(" "), "sum", sum(f32));
const u8 = new Uint8Array(256);
for (let i = 0; i < 1000; i++) u8[i & 255] += i;
console.log("Uint8 += wraps", sum(u8), u8[0], u8[255]);
const c8 = new Uint8ClampedArray(4);
for (let i = 0; i < 1000; i++) c8[i & 3] += i;
console.log("Uint8Clamped += saturates", Array.from(c8).join(","));
const shared = new ArrayBuffer(8);
const asF64 = new Float64Array(shared), asU32 = new Uint32Array(shared);
asF64[0] = -0;
console.log("-0 bits", asU32[0], asU32[1]);
asF64[0] = NaN;
console.log("NaN bits", asU32[0], asU32[1]);
const view = new Int16Array(shared, 2, 2);
view[0] = -1;
console.log("subarray view writes through", asU32[0], view.length, show(get(view, 2)));
