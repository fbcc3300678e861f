// @env: GREETING=hello EMPTY=
console.log(process.env.GREETING, JSON.stringify(process.env.EMPTY));
console.log(process.env.HOME === undefined, process.env.PATH === undefined);
console.log(Object.keys(process.env).sort().join(","));
