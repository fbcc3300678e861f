// Closures and higher-order functions: map/filter/reduce chains with captured state.
const N = 200000;
const ROUNDS = 4;
const data = Array.from({ length: N }, (_, i) => i);
function makeScaler(k) { return (x) => x * k; }
function makeFilter(m) { return (x) => x % m !== 0; }
let total = 0;
for (let r = 0; r < ROUNDS; r++) {
  const scale = makeScaler(r + 1);
  const keep = makeFilter(r + 2);
  total += data.map(scale).filter(keep).reduce((acc, x) => acc + (x % 1000), 0);
  let counter = 0;
  data.forEach(() => { counter++; });
  total += counter;
}
console.log("checksum " + total);
