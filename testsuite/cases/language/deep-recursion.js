// Unbounded recursion must become a catchable RangeError, never a crash of the host.
function down(n) { return down(n + 1) + 1; }
try {
  down(0);
} catch (e) {
  console.log(e instanceof RangeError, e.message);
}
let depth = 0;
function measure() { depth++; measure(); }
try { measure(); } catch { console.log("reached a depth above 1000:", depth > 1000); }
