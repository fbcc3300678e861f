// @exit: 1
// Freezer: `obj[key] += v` on undefined, in frozen top-level code, throws QuickJS's TypeError
// before the key is converted (to_propkey2).
const box = { n: 1 };
box["n"] += 1;
console.log("box", box.n);
let missing;
missing[box.n] += 1;
