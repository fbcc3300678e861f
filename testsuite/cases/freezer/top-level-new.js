// @exit: 1
// Freezer: `new` of something that is not a constructor, in frozen top-level code, throws
// QuickJS's TypeError from the `new` expression's position.
const made = new Array(3);
console.log("made", made.length, new Map([[1, "one"]]).get(1));
const notACtor = Math.max;
console.log(new notACtor(1, 2));
