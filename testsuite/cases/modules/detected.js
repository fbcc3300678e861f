// A .js file with export syntax is compiled as an ES module.
export function greet(name) { return `hi ${name}`; }
console.log(greet("module"), this === undefined);
