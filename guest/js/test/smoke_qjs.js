// Smoke test of guest/js/inspect.js under QuickJS-NG.
//
//   qjs --std guest/js/test/smoke_qjs.js   -> output of inspect.js in QuickJS
//   node guest/js/test/smoke_qjs.js        -> output of Node's real util
//
// Diffing the two shows where QuickJS necessarily differs from Node
// (see guest/js/test/smoke_diff.sh). Cases are grouped: the "portable" ones
// must be identical; the "engine" ones print engine-specific text (stacks,
// promise state) and are expected to differ.
'use strict';

const isNode = typeof process === 'object' && typeof require === 'function';
const out = isNode ? (s) => console.log(s) : (s) => print(s);

let util;
if (isNode) {
  util = require('util');
} else {
  // Load inspect.js next to this test directory as a classic script; its
  // completion value is the API object. Indirect eval = global scope.
  const dir = scriptArgs[0].replace(/[^/]*$/, '');
  const src = std.loadFile(`${dir}../inspect.js`);
  if (src === null) throw new Error('cannot read inspect.js');
  util = (0, eval)(src);
  if (Object.keys(globalThis).some((k) => k === 'inspect' || k === 'format')) {
    throw new Error('inspect.js leaked globals');
  }
}
const { inspect, format } = util;
const custom = Symbol.for('nodejs.util.inspect.custom');

const portable = [
  ['string', () => inspect("it's \"q\" \n")],
  ['-0 / bigint / symbol', () => inspect([-0, 1n, Symbol('s')])],
  ['holes', () => inspect([1, , , 4])],
  ['101 items', () => inspect(Array.from({ length: 101 }, (_, i) => i))],
  ['grouped', () => inspect(Array.from({ length: 26 }, (_, i) => i * 37))],
  ['nested depth', () => inspect({ a: { b: { c: { d: {} } } }, arr: [[[[1]]]] })],
  ['circular', () => { const o = { n: 1 }; o.self = o; o.list = [o]; return inspect(o); }],
  ['keys', () => inspect({ 'a-b': 1, ok: 2, [Symbol('k')]: 3 })],
  ['accessors', () => inspect({ get g() { return 1; }, get gs() { return 1; }, set gs(v) {} })],
  ['functions', () => inspect([function named() {}, () => {}, async function af() {},
    function* gen() {}, async function* ag() {}])],
  ['classes', () => { class X {} class Y extends X {} return inspect([X, Y, class {}]); }],
  ['function props', () => inspect(Object.assign(function fp() {}, { a: 1 }))],
  ['date', () => inspect(new Date(0))],
  ['regexp', () => inspect(/a+b/gi)],
  ['map/set', () => inspect([new Map([['a', 1], ['b', 2]]), new Set([1])])],
  ['weak', () => inspect([new WeakMap(), new WeakSet()])],
  ['typed', () => inspect([new Uint8Array([1, 2, 3]), new Float64Array(2)])],
  ['arraybuffer', () => inspect(new Uint8Array([1, 2]).buffer)],
  ['dataview', () => inspect(new DataView(new ArrayBuffer(2)))],
  ['boxed', () => inspect([new Number(3), new String('x'), new Boolean(true), Object(2n)])],
  ['null proto', () => inspect([Object.create(null), Object.assign(Object.create(null), { a: 1 })])],
  ['class instance', () => { class Foo { constructor() { this.a = 1; } } return inspect(new Foo()); }],
  ['toStringTag', () => { class T { get [Symbol.toStringTag]() { return 'TT'; } } return inspect(new T()); }],
  ['custom inspect', () => inspect({ x: { [custom]() { return 'CUSTOM'; } } })],
  ['pending promise', () => inspect(new Promise(() => {}))],
  ['error without stack', () => { const e = new Error('m'); Object.defineProperty(e, 'stack', { value: undefined }); return inspect(e); }],
  ['wide object', () => inspect({ alpha: 'a'.repeat(20), beta: 'b'.repeat(20), gamma: 'c'.repeat(20), d: 1 })],
  ['format', () => format('%s|%d|%i|%f|%j|%o|%O|%c|%%|%s', 'str', 42, 4.5, '1.5', { a: 1 },
    [1], { b: 2 }, 'css', 5n, 'extra', { c: 3 })],
  ['format %s object', () => format('%s', { a: { b: 1 } })],
  ['format %j circular', () => { const o = {}; o.o = o; return format('%j', o); }],
  ['format symbol', () => format('%s %d', Symbol('y'), Symbol('z'))],
  ['format raw strings', () => format('a', 'b', 1, 'c')],
  ['colors', () => inspect({ n: 1, s: 's' }, { colors: true })],
];

// Engine-specific text: expected to differ between Node and QuickJS.
const engine = [
  ['error', () => inspect(new Error('boom'))],
  ['error props', () => inspect(Object.assign(new TypeError('coded'), { code: 'X' }))],
  ['nested error', () => inspect({ e: new RangeError('nested') })],
  ['error cause', () => inspect(new Error('outer', { cause: new Error('inner') }))],
  ['resolved promise', () => inspect(Promise.resolve(1))],
  ['map iterator', () => inspect(new Map([[1, 2]]).entries())],
];

function run(group, cases) {
  for (const [name, fn] of cases) {
    let s;
    try {
      s = fn();
    } catch (e) {
      s = `THROWS ${e && e.stack || e}`;
    }
    // Drop stack frame lines (file names and positions differ per engine).
    if (group === 'engine') s = s.replace(/\n\s+at .*/g, '\n    at <frame>');
    out(`## ${group}: ${name}\n${s}`);
  }
}
run('portable', portable);
run('engine', engine);
