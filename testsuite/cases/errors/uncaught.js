// @exit: 1
function inner() {
  throw new Error("boom");
}
function outer() {
  inner();
}
console.log("before");
outer();
console.log("never");
