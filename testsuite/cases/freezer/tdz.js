// Freezer: reading or writing a `let`/`const`/class binding before its initialisation throws
// ReferenceError even from inside a (hot) function, `typeof` does not protect a TDZ binding,
// and after initialisation the same function sees the value. Assigning to a const throws
// TypeError. Only e.name is printed: the messages differ between engines.
function readLater() { return later; }
function writeLater(v) { later = v; }
function typeofLater() { return typeof later; }
let errors = 0;
for (let i = 0; i < 1000; i++) {
  try { readLater(); } catch (e) { if (e instanceof ReferenceError) errors++; }
}
console.log("read before init: ReferenceErrors", errors);
try { writeLater(1); } catch (e) { console.log("write before init:", e.name); }
try { typeofLater(); } catch (e) { console.log("typeof before init:", e.name); }
let later = 5;
let sum = 0;
for (let i = 0; i < 3000; i++) sum += readLater();
console.log("after init", sum, typeofLater());
writeLater("changed");
console.log("after write", readLater());

function innerTdz() {
  const get = () => x;
  let r;
  try { r = get(); } catch (e) { r = e.name; }
  let x = "ready";
  return r + "/" + get();
}
let ok = 0;
for (let i = 0; i < 1000; i++) if (innerTdz() === "ReferenceError/ready") ok++;
console.log("closure TDZ inside a function", ok);

function selfRef() { let y = y + 1; return y; }
try { selfRef(); } catch (e) { console.log("let y = y + 1:", e.name); }

function useClass() { return new K().v; }
try { useClass(); } catch (e) { console.log("class before declaration:", e.name); }
class K { constructor() { this.v = "k"; } }
console.log("class after declaration:", useClass());

const fixed = 1;
function assignConst() { fixed = 2; }
try { assignConst(); } catch (e) { console.log("assign to const:", e.name, fixed); }
function assignConstInLoop() { const c = 0; for (let i = 0; i < 2; i++) c += i; }
try { assignConstInLoop(); } catch (e) { console.log("const += in loop:", e.name); }

function loopTdz(n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (i === n - 1) { try { s += z; } catch (e) { return s + ":" + e.name; } }
    let z = i;
    s += z;
  }
  return s;
}
console.log("TDZ on the last iteration", loopTdz(100));
function switchTdz(k) {
  switch (k) {
    case 0: let w = "zero"; return w;
    case 1: return w;
  }
}
console.log("switch case 0", switchTdz(0));
try { switchTdz(1); } catch (e) { console.log("switch case 1:", e.name); }
