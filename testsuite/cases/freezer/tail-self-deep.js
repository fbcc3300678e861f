// freezer-required: the interpreter alone overflows (RangeError) — node and native qjs too.
// Only strict-mode code gets proper tail calls (see the sloppy part at the end).
// Freezer: `return f(...)` in statement position compiles to QuickJS's tail_call opcode, which
// the freezer turns into a Wasm return_call, so a self-tail-recursive function runs 1,000,000
// deep in constant stack and gives the mathematically correct result (its int32 accumulator
// overflows into exact doubles on the way). Note: `return c ? x : f()` is NOT compiled to
// tail_call by QuickJS-NG 0.16.2 (a label sits between the call and the return), so these use
// if/return.
function sum(n, acc) {
  "use strict";
  if (n === 0) return acc;
  return sum(n - 1, acc + n);
}
for (let i = 0; i < 5; i++) console.log(sum(100000, i));
console.log(sum(1000000, 0));
// A double accumulator from the start: every step is the generic body's tail call, whose five
// leading parameters put JS arguments on the native stack (see patch_proper_tail_calls in
// runtime/wamr-sys/build.rs: before it, WAMR's AOT code took ~140 bytes per step and ran out
// of its 272 MiB native stack at about 1.9 million).
console.log(sum(2500000, 0.5));
// An int32 accumulator that never overflows: the int32 clone's own tail call, a jump.
function sumMod7(n, acc) {
  "use strict";
  if (n === 0) return acc;
  return sumMod7(n - 1, (acc + n) % 7);
}
console.log(sumMod7(3000000, 0));
// Sloppy-mode code keeps every frame (proper tail calls are a strict-mode feature, and sloppy
// stack traces stay the interpreter's), so the same recursion overflows there, as in QuickJS.
function countSloppy(n, acc) {
  if (n <= 0) return acc;
  return countSloppy(n - 1, acc + 0.5);
}
console.log(countSloppy(1000, 0));
try { countSloppy(1000000, 0); } catch (e) { console.log("sloppy 1e6:", e.name); }
