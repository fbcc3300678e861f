// Runs the shared corpus (test/cases.js) with inspect.js inside QuickJS-NG
// and prints [[name, output], ...] as JSON for compare.js --qjs.
//   qjs --std guest/js/test/run_cases_qjs.js
'use strict';
const dir = scriptArgs[0].replace(/[^/]*$/, '') || './';
const read = (file) => {
  const src = std.loadFile(dir + file);
  if (src === null) throw new Error(`cannot read ${file}`);
  return src;
};
// Indirect eval: evaluated as global classic scripts; completion values.
const util = (0, eval)(read('../inspect.js'));
const cases = (0, eval)(read('cases.js'));
const results = [];
for (const c of cases) {
  if (c.hooks || c.nodeOnly) continue;
  let s;
  try {
    s = c.fn(util);
  } catch (e) {
    s = `THROWS ${e && e.stack || e}`;
  }
  results.push([c.name, s]);
}
std.out.puts(JSON.stringify(results));
