// The README's first example: a greeting and the arguments it was given.
const args = process.argv.slice(2);
console.log("Hello from EdgeBox!");
console.log("args: %j", args);
