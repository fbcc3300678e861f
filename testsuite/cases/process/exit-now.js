// @exit: 7
console.log("before");
setTimeout(() => console.log("never: timers do not run after exit"), 0);
Promise.resolve().then(() => console.log("never: jobs do not run after exit"));
process.exit(7);
console.log("never: code after exit");
