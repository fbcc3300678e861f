// @exit: 1
async function fails() {
  await null;
  throw new RangeError("async failure");
}
fails();
setTimeout(() => console.log("never: the rejection ends the program first"), 10);
