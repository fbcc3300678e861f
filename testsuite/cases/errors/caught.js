try {
  JSON.parse("{bad json");
} catch (e) {
  console.log(e.name, "caught:", e instanceof SyntaxError);
}
try {
  undefinedVariable;
} catch (e) {
  console.log(e.name + ": " + e.message);
}
const err = new Error("with props");
err.code = "E_TEST";
console.log(err.message, err.code, err instanceof Error);
console.log("stack has location:", /errors\/caught\.js:11:/.test(err.stack));
