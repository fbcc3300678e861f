console.log("1 sync start");
setTimeout(() => console.log("7 timeout 0"), 0);
Promise.resolve().then(() => console.log("3 microtask 1")).then(() => console.log("5 microtask 3"));
queueMicrotask(() => console.log("4 microtask 2"));
(async () => {
  console.log("2 async fn body runs synchronously");
  await null;
  console.log("4b after await");
  await new Promise((r) => setTimeout(r, 5));
  console.log("8 after awaited timeout");
})();
setTimeout(() => {
  console.log("7b second timeout 0");
  Promise.resolve().then(() => console.log("7c microtask inside timeout runs before next timer"));
}, 0);
setTimeout(() => console.log("7d third timeout 0"), 0);
console.log("1b sync end");
