export const answer = 42;
const data = await Promise.resolve({ loaded: true });
console.log("top-level await:", data, answer);
console.log(typeof import.meta, this === undefined);
