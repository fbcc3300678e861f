// @exit: 1
// Freezer: reading a global `let` before its initialisation, in frozen top-level code (no
// functions or try in this file), is QuickJS's ReferenceError with the position of the read.
const before = [1, 2, 3];
let sum = 0;
for (let i = 0; i < before.length; i++) sum += before[i];
console.log("sum", sum);
console.log(later + sum);
let later = 5;
