const p = Promise.reject(new Error("late"));
p.catch((e) => console.log("handled in the same turn:", e.message));
console.log("ok");
