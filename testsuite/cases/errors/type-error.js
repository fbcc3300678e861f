// @exit: 1
const obj = {};
console.log("calling");
obj.missing();
