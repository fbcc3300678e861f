// @flags: --max-instructions 1000
// @exit: 2
// An instruction limit cannot be honoured by an artifact built without metering: refused, not
// ignored.
console.log("must not run");
