// @exit: 1
console.log("module starts");
await new Promise((r) => setTimeout(r, 1));
throw new Error("top-level failure after await");
