// Cold start: the smallest program. What is measured is process start-up, engine
// initialisation and teardown.
console.log("Hello, world!");
