// @exit: 3
console.log("setting exitCode");
process.exitCode = 3;
setTimeout(() => console.log("the loop still runs to the end"), 1);
