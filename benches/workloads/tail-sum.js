"use strict";
// Tail calls: sum 1..1e6 through 1e6 nested calls in tail position. A runtime with proper
// tail calls (ES2015, strict mode) runs it in constant stack; one without throws a RangeError,
// and the harness reports that instead of shrinking the depth.
function sum(n, acc) {
  if (n === 0) return acc;
  return sum(n - 1, acc + n);
}
console.log("checksum " + sum(1000000, 0));
