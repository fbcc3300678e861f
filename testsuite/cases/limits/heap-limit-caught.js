// @flags: --heap-size 16777216
// The heap limit's error is catchable: the app can drop what it holds and carry on.
let hoard = [];
try {
  for (;;) hoard.push(new Array(10000).fill(hoard.length));
} catch (e) {
  const held = hoard.length;
  hoard = null;
  console.log(String(e), held > 10);
}
console.log("still running:", new Array(1000).fill(1).length);
