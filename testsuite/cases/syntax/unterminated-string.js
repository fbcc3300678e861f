// @build-fails
console.log("fine");
console.log("never closed);
