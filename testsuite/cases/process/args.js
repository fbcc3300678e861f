// @args: one "two words" --flag -x ""
const args = process.argv.slice(2);
console.log(args.length, JSON.stringify(args));
console.log(typeof process.argv[0], process.argv[1].endsWith(".wasm"));
