'use strict';
// Compares guest/js/inspect.js against Node's real util.format/util.inspect.
//
//   node guest/js/test/compare.js [filter]
//       inspect.js runs inside Node (loaded with vm.runInThisContext into
//       this realm, so both implementations see the very same values).
//   node guest/js/test/compare.js --qjs /path/to/qjs [filter]
//       inspect.js runs inside QuickJS-NG (test/run_cases_qjs.js); its
//       outputs are compared with Node's. Stack frame lines are dropped on
//       both sides, since file names / frame text are engine specific.
//
// The corpus lives in test/cases.js. The script re-executes itself with
// --expose-internals so that Node's V8 internals (promise state, proxy
// target) can be wired into inspect.js's optional host hooks, like the
// EdgeBox host can do natively.

const { spawnSync } = require('child_process');
if (!process.execArgv.includes('--expose-internals')) {
  const r = spawnSync(process.execPath,
                      ['--expose-internals', '--no-warnings', __filename, ...process.argv.slice(2)],
                      { stdio: 'inherit' });
  process.exit(r.status === null ? 1 : r.status);
}

const fs = require('fs');
const path = require('path');
const vm = require('vm');
const util = require('util');

const args = process.argv.slice(2);
let qjsPath;
if (args[0] === '--qjs') {
  qjsPath = args[1];
  args.splice(0, 2);
}
const only = args[0];

const load = (file) =>
  vm.runInThisContext(fs.readFileSync(path.join(__dirname, file), 'utf8'), { filename: file });

const mine = load('../inspect.js');
for (const k of ['format', 'formatWithOptions', 'inspect']) {
  if (typeof mine[k] !== 'function') throw new Error(`inspect.js does not export ${k}`);
}
const cases = load('cases.js');
if (cases.length < 150) throw new Error(`corpus too small: ${cases.length}`);

// Hooks are only installed for the cases that need them, so that the
// default (hook-less, as on a bare QuickJS) behaviour is tested too.
const { internalBinding } = require('internal/test/binding');
const binding = internalBinding('util');
function installHooks() {
  mine.inspect.hooks.getPromiseDetails = (p) => binding.getPromiseDetails(p);
  mine.inspect.hooks.getProxyDetails = (v) => binding.getProxyDetails(v, true);
}
function removeHooks() {
  mine.inspect.hooks.getPromiseDetails = undefined;
  mine.inspect.hooks.getProxyDetails = undefined;
}

function runInNode(c) {
  if (c.hooks) installHooks();
  try {
    return c.fn(mine);
  } catch (e) {
    return `THROWS ${e && e.stack}`;
  } finally {
    removeHooks();
  }
}

// Outputs of all cases computed by QuickJS, keyed by case name.
function runInQjs() {
  const runner = path.join(__dirname, 'run_cases_qjs.js');
  const r = spawnSync(qjsPath, ['--std', runner], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) {
    console.log(r.stdout, r.stderr);
    throw new Error(`qjs exited with ${r.status}`);
  }
  return new Map(JSON.parse(r.stdout));
}

// Stack frames differ per engine: drop them (keeping a trailing " {"),
// together with Node's "... n lines matching cause stack trace ..." line.
function dropFrames(s) {
  return s.replace(/\n *at [^\n]*?( \{)?(?=\n|$)/g, '$1')
    .replace(/\n *\.\.\. \d+ lines matching cause stack trace \.\.\./g, '');
}

let passed = 0;
let failed = 0;
let known = 0;
let skipped = 0;
const qjsOut = qjsPath ? runInQjs() : undefined;
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  let expected, actual;
  try {
    expected = c.fn(util);
  } catch (e) {
    expected = `THROWS ${e && e.message}`;
  }
  if (qjsOut) {
    if (c.hooks || c.nodeOnly) {
      skipped++;
      continue;
    }
    actual = dropFrames(qjsOut.get(c.name));
    expected = dropFrames(expected);
  } else {
    actual = runInNode(c);
  }
  const knownReason = c.known || (qjsOut && c.knownQjs);
  if (expected === actual) {
    passed++;
  } else if (knownReason) {
    // Documented engine-specific difference: shown, but not a failure.
    known++;
    console.log(`KNOWN (${knownReason}) ${c.name}\n--- node:\n${expected}\n--- inspect.js:\n${actual}\n`);
  } else {
    failed++;
    console.log(`FAIL ${c.name}\n--- node:\n${expected}\n--- inspect.js:\n${actual}\n`);
  }
}
if (skipped) console.log(`${skipped} cases skipped (need host hooks / Node-only)`);
if (known) console.log(`${known} known engine-specific differences (not counted)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
