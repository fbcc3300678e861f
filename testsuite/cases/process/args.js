// @args: one "two words" --flag -x ""
const args = process.argv.slice(2);
console.log(args.length, JSON.stringify(args));
console.log(typeof process.argv[0], /[/]app[.](aot|cwasm|wasm)$/.test(process.argv[1]));
