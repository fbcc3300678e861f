// Shared test corpus for compare.js (Node) and run_cases_qjs.js (QuickJS).
// A classic script whose completion value is the list of cases. Each case
// has `fn(u)`, which builds its value and returns a string using `u` (Node's
// util or inspect.js), plus optional flags:
//   hooks: needs host hooks (promise state / proxy target) -> Node only
//   known: documented engine-specific difference (reported, not counted)
(function () {
'use strict';
const cases = [];
function t(name, fn, opts = {}) {
  cases.push({ name, fn, ...opts });
}
const I = (v, o) => (u) => (o === undefined ? u.inspect(v) : u.inspect(v, o));
const F = (...args) => (u) => u.format(...args);

// ---- primitives ----
t('undefined', I(undefined));
t('null', I(null));
t('true', I(true));
t('number', I(42));
t('float', I(3.14159));
t('-0', I(-0));
t('NaN', I(NaN));
t('Infinity', I(-Infinity));
t('bigint', I(123n));
t('neg bigint', I(-5n));
t('symbol', I(Symbol('foo')));
t('symbol no desc', I(Symbol()));
t('symbol.for', I(Symbol.for('x y')));
t('string', I('hello'));
t('empty string', I(''));
t('string single quote', I("it's"));
t('string both quotes', I('it\'s "x"'));
t('string all quotes', I('it\'s "x" `y`'));
t('string control chars', I('a\nb\tc\x00\x1b\x7f'));
t('string backslash', I('a\\b'));
t('string lone surrogate', I('a\ud800b'));
t('string emoji', I('😀 ok'));
t('string unicode', I('héllo wörld ✓'));
t('long string', I('x'.repeat(200)));
t('long multiline string', I('line one is here\nline two is here\nline three is here and it is long enough to wrap'));
t('long string in obj', I({ s: 'lorem ipsum dolor sit amet '.repeat(4) }));
t('maxStringLength', I('abcdefghij', { maxStringLength: 4 }));
t('numericSeparator', I(1234567.891, { numericSeparator: true }));
t('numericSeparator bigint', I(123456789n, { numericSeparator: true }));

// ---- arrays ----
t('empty array', I([]));
t('array', I([1, 2, 3]));
t('array strings', I(['a', 'b']));
t('nested arrays', I([[1, [2, [3, [4]]]]]));
t('array holes', I([1, , 3]));
t('array many holes', I([, , , 1, , ]));
t('array all holes', I(new Array(5)));
t('array extra prop', I(Object.assign([1, 2], { foo: 'bar' })));
t('array 7 numbers', I([1, 2, 3, 4, 5, 6, 7]));
t('array 26 numbers', I(Array.from({ length: 26 }, (_, i) => i * 7)));
t('array 101 numbers', I(Array.from({ length: 101 }, (_, i) => i)));
t('array 150 strings', I(Array.from({ length: 150 }, (_, i) => `s${i}`)));
t('array mixed lengths', I([1, 22, 333, 4444, 55555, 666666, 7777777, 88888888, 999999999, 1, 2, 3]));
t('array words', I('the quick brown fox jumps over the lazy dog and keeps running far away'.split(' ')));
t('array objects', I([{ a: 1 }, { b: 2 }, { c: 3 }]));
t('array long objects', I(Array.from({ length: 8 }, (_, i) => ({ id: i, name: `item${i}` }))));
t('array negative numbers', I([-1, 20, -300, 4000, -5, 60, -7, 800]));
t('array bigints', I([1n, 22n, 333n, 4n, 5n, 6n, 7n]));
t('array floats', I([0.1, 0.25, 1.5, 100.125, 2, 3.75, 4, 9.5, 10.0625]));
t('array mixed types', I([1, 'two', null, undefined, true, 3n, Symbol('s')]));
t('array maxArrayLength', I([1, 2, 3, 4, 5], { maxArrayLength: 2 }));
t('array maxArrayLength 0', I([1, 2, 3], { maxArrayLength: 0 }));
t('array subclass', I((() => { class Foo extends Array {} const f = new Foo(); f.push(1, 2); return f; })()));
t('array null proto', I(Object.setPrototypeOf([1, 2], null)));
t('array 2d matrix', I([[1, 2, 3], [4, 5, 6], [7, 8, 9]]));
t('array in array 7', I([[1], [2], [3], [4], [5], [6], [7]]));
t('array sparse large', I((() => { const a = []; a[5] = 1; a[1000] = 2; return a; })()));
t('array sparse > maxArrayLength', I((() => { const a = [1]; a[300] = 2; return a; })(), { maxArrayLength: 1 }));
t('array of long strings', I(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'c']));
t('array 30 short strings', I(Array.from({ length: 30 }, (_, i) => 'x'.repeat(i % 5))));

// ---- objects ----
t('empty object', I({}));
t('object', I({ a: 1, b: 'two', c: [3] }));
t('object quoted keys', I({ 'a-b': 1, 'c d': 2, '1x': 3, _ok: 4, $d: 5, "it's": 6 }));
t('object numeric keys', I({ 1: 'a', 20: 'b', x: 'c' }));
t('object __proto__ key', I(JSON.parse('{"__proto__": 1}')));
t('symbol keys', I({ [Symbol('x')]: 1, [Symbol.iterator]: 2, y: 3 }));
t('non-enumerable symbol key', I(Object.defineProperty({ a: 1 }, Symbol('h'), { value: 2 })));
t('nested depth', I({ a: { b: { c: { d: { e: 1 } } } } }));
t('nested depth 0', I({ a: { b: 1 }, c: [1] }, { depth: 0 }));
t('nested depth Infinity', I({ a: { b: { c: { d: { e: 1 } } } } }, { depth: Infinity }));
t('nested depth null', I({ a: { b: { c: { d: {} } } } }, { depth: null }));
t('deep array depth', I([[[[[1]]]]]));
t('object breakLength', I({ alpha: 'aaaaaaaaaaaa', beta: 'bbbbbbbbbbbbbb', gamma: 'cccccccccccc', delta: 'dddddd' }));
t('object 4 levels break', I({ a: { b: { c: {} } }, x: { y: { z: 1 } } }));
t('object breakLength Infinity', I({ a: 1, b: { c: [1, 2, 3], d: 'x'.repeat(100) } }, { breakLength: Infinity }));
t('object compact false', I({ a: 1, b: { c: 2 } }, { compact: false }));
t('object compact true', I({ a: 1, b: { c: 2 }, d: [1, 2] }, { compact: true }));
t('object compact 1', I({ a: 1, b: { c: { d: 2 } } }, { compact: 1 }));
t('object compact true long', I({ a: 'x'.repeat(40), b: 'y'.repeat(40), c: { d: 'z'.repeat(60) } }, { compact: true }));
t('object sorted', I({ c: 1, a: 2, b: 3 }, { sorted: true }));
t('getter', I({ get a() { return 1; } }));
t('getter/setter', I({ get a() { return 1; }, set a(v) {} }));
t('setter', I({ set a(v) {} }));
t('getters option', I({ get a() { return 1; }, get o() { return { x: 1 }; }, get n() { return null; } }, { getters: true }));
t('getter throws', I({ get a() { throw new Error('boom'); } }, { getters: true }));
t('undefined value', I({ a: undefined }));
t('null prototype', I(Object.create(null)));
t('null prototype props', I(Object.assign(Object.create(null), { a: 1 })));
t('class instance', I((() => { class Foo { constructor() { this.a = 1; } } return new Foo(); })()));
t('class instance empty', I((() => { class Bar {} return new Bar(); })()));
t('anon class instance', I(new (class {})()));
// V8 reports the map's constructor name ('Baz'); plain JS cannot see it.
t('instance of null-proto class', I((() => { function Baz() {} Baz.prototype = Object.create(null); return new Baz(); })()),
  { known: 'V8 internal constructor name' });
t('object with toStringTag', I({ [Symbol.toStringTag]: 'own', a: 1 }));
t('class with toStringTag', I((() => { class T { get [Symbol.toStringTag]() { return 'Tag'; } } const x = new T(); x.a = 1; return x; })()));
t('object proto toStringTag', I(Object.create({ [Symbol.toStringTag]: 'Proto' })));
t('Object.create(obj)', I(Object.create({ inherited: 1 })));
t('circular', I((() => { const o = { a: 1 }; o.self = o; return o; })()));
t('circular nested', I((() => { const o = { a: { b: {} } }; o.a.b.c = o.a; o.a.b.d = o; return o; })()));
t('circular array', I((() => { const a = [1]; a.push(a); return a; })()));
t('circular two refs', I((() => { const a = {}; const b = { a }; a.b = b; const root = { a, b }; return root; })()));
t('circular map', I((() => { const m = new Map(); m.set('self', m); return m; })()));
t('same object twice (not circular)', I((() => { const x = { v: 1 }; return { x1: x, x2: x }; })()));
t('arguments', I((function () { return arguments; })(1, 'a')));
t('object with many keys', I(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, i]))));
t('wide nested', I({ a: [1, 2, 3], b: { c: 'str', d: [{ e: 1 }, { f: [1, 2] }] }, g: null }));
t('compact 3 inner', I({ x: { y: { z: { w: 1 } } }, arr: [[1, 2], [3, 4]] }));
t('object property with newline in key', I({ 'a\nb': 1 }));
t('object nested long string', I({ outer: { inner: 'a'.repeat(90) } }));

// ---- functions & classes ----
t('function', I(function foo() {}));
t('anon function', I(() => {}));
t('arrow named', I((() => { const bar = () => {}; return bar; })()));
t('async function', I(async function af() {}));
t('async arrow', I(async () => {}));
t('generator', I(function* gen() {}));
t('async generator', I(async function* ag() {}));
t('class', I(class Foo {}));
t('class extends', I((() => { class A {} class B extends A {} return B; })()));
t('anon class', I(class {}));
t('class extends null', I(class N extends null {}));
t('function with props', I(Object.assign(function withProps() {}, { a: 1, b: 'x' })));
t('class with static', I(class S { static x = 1; }));
t('builtin function', I(Math.max));
t('bound function', I(function bf() {}.bind(null)));
t('function null proto', I(Object.setPrototypeOf(function np() {}, null)));
t('functions in object', I({ f() {}, g: () => 1, h: class {} }));
t('method', I({ m() {} }.m));
t('class comment', I(class /* c */ Cmt {}));

// ---- errors ----
t('error', I(new Error('boom')));
t('type error', I(new TypeError('bad type')));
t('error no message', I(new Error()));
t('error with props', I(Object.assign(new Error('coded'), { code: 'X', errno: 2 })));
t('error nested in object', I({ err: new RangeError('nested') }));
t('error nested deep', I({ a: { b: new Error('deep') } }));
t('error in array', I([new Error('in array')]));
t('error no stack', I((() => { const e = new Error('nostack'); Object.defineProperty(e, 'stack', { value: undefined, writable: true, configurable: true }); return e; })()));
t('error stack no frames', I((() => { const e = new Error('x'); e.stack = 'Error: x'; return e; })()));
t('error custom name', I((() => { const e = new Error('m'); e.name = 'CustomError'; return e; })()));
t('error subclass', I((() => { class MyError extends Error {} return new MyError('sub'); })()));
t('error subclass with name', I((() => { class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } } return new MyError('named'); })()));
t('error cause', I(new Error('outer', { cause: new Error('inner') })));
t('error cause primitive', I(new Error('outer', { cause: 'just a string' })));
t('aggregate error', I(new AggregateError([new Error('a'), 1], 'agg')));
t('error null proto', I(Object.setPrototypeOf(new Error('np'), null)));
t('error multiline message', I(new Error('line1\nline2')));
t('error message not in stack', I((() => { const e = new Error('orig'); e.message = 'changed'; return e; })()));
t('error in map', I(new Map([['e', new Error('in map')]])));

// ---- builtin objects ----
t('date', I(new Date(0)));
t('invalid date', I(new Date(NaN)));
t('date with props', I(Object.assign(new Date(86400000), { x: 1 })));
t('date subclass', I((() => { class D extends Date {} return new D(1e12); })()));
t('regexp', I(/ab+c/gi));
t('regexp with props', I(Object.assign(/x/, { y: 1 })));
t('regexp subclass', I((() => { class R extends RegExp {} return new R('a', 'g'); })()));
t('map', I(new Map([['a', 1], ['b', 2]])));
t('map empty', I(new Map()));
t('map nested', I(new Map([[{ k: 1 }, [1, 2]], ['x', new Map([[1, 2]])]])));
t('map with props', I(Object.assign(new Map([[1, 2]]), { extra: true })));
t('map maxArrayLength', I(new Map([[1, 1], [2, 2], [3, 3]]), { maxArrayLength: 1 }));
t('set', I(new Set([1])));
t('set strings', I(new Set(['a', 'b', 'c'])));
t('set empty', I(new Set()));
t('set big', I(new Set(Array.from({ length: 30 }, (_, i) => i))));
t('set subclass', I((() => { class MySet extends Set {} return new MySet([1, 2]); })()));
t('map long', I(new Map(Array.from({ length: 10 }, (_, i) => [`key${i}`, { value: i }]))));
t('weakmap', I(new WeakMap()));
t('weakset', I(new WeakSet()));
t('weakref', I(new WeakRef({})));
t('uint8array', I(new Uint8Array([1, 2, 3])));
t('uint8array empty', I(new Uint8Array(0)));
t('float64array', I(new Float64Array([1.5, -0, NaN])));
t('int16array long', I(new Int16Array(120).map((_, i) => i * (i % 2 ? -1 : 1))));
t('bigint64array', I(new BigInt64Array([1n, -2n])));
t('typed array with prop', I(Object.assign(new Uint8Array(2), { p: 1 })));
t('typedarray subclass', I((() => { class U extends Uint8Array {} return new U(3); })()));
t('arraybuffer', I(new Uint8Array([1, 2]).buffer));
t('arraybuffer empty', I(new ArrayBuffer(0)));
t('arraybuffer big', I(new ArrayBuffer(120)));
t('arraybuffer with props', I(Object.assign(new ArrayBuffer(3), { tag: 'x' })));
t('dataview', I(new DataView(new ArrayBuffer(4), 1, 2)));
t('boxed number', I(new Number(3)));
t('boxed -0', I(new Number(-0)));
t('boxed string', I(new String('x')));
t('boxed string with prop', I(Object.assign(new String('ab'), { p: 1 })));
t('boxed boolean', I(new Boolean(false)));
t('boxed bigint', I(Object(7n)));
t('boxed symbol', I(Object(Symbol('bs'))));
t('math', I(Math));
t('JSON', I(JSON));
t('Reflect', I(Reflect));
t('promise pending', I(new Promise(() => {})));
t('promise resolved (hook)', I(Promise.resolve(1)), { hooks: true });
t('promise resolved obj (hook)', I(Promise.resolve({ a: [1, 2] })), { hooks: true });
t('promise rejected (hook)', I((() => { const p = Promise.reject(new Error('rej')); p.catch(() => {}); return p; })()), { hooks: true });
t('promise in object (hook)', I({ p: Promise.resolve('x') }), { hooks: true });
t('proxy (hook)', I(new Proxy({ a: 1 }, {})), { hooks: true });
t('proxy showProxy (hook)', I(new Proxy({ a: 1 }, {}), { showProxy: true }), { hooks: true });
t('revoked proxy (hook)', I((() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()), { hooks: true });
t('proxy of array', I(new Proxy([1, 2, 3], {})));
// Without V8's previewEntries iterators cannot be shown without consuming them.
t('map iterator', I(new Map([['a', 1]]).entries()), { known: 'no iterator preview' });
t('set iterator', I(new Set([1]).values()), { known: 'no iterator preview' });
// Without a host hook the promise state is unknown and printed as <pending>.
t('promise resolved (no hook)', I(Promise.resolve(1)), { known: 'no promise introspection' });
t('globalThis-like', (u) => String(u.inspect(globalThis).length > 0));

// ---- custom inspect ----
const custom = Symbol.for('nodejs.util.inspect.custom');
t('custom inspect string', I({ [custom]() { return 'CUSTOM'; } }));
t('custom inspect object', I({ [custom]() { return { replaced: true }; } }));
t('custom inspect nested multiline', I({ inner: { [custom]() { return 'a\nb'; } } }));
t('custom inspect depth arg', I({ a: { [custom](depth, opts) { return `depth=${depth} bl=${opts.breakLength}`; } } }));
t('custom inspect returns this', I({ x: 1, [custom]() { return this; } }));
t('custom inspect uses inspect arg', I({ v: { [custom](d, o, insp) { return insp({ z: 1 }, o); } } }));
t('custom inspect disabled', I({ [custom]() { return 'NO'; } }, { customInspect: false }));
t('custom inspect user option', I({ [custom](d, o) { return String(o.myOption); } }, { myOption: 42 }));
t('custom in class proto', I((() => { class C { [custom]() { return 'C!'; } } return [new C(), C.prototype]; })()));

// ---- showHidden ----
t('showHidden array', I([1, 2], { showHidden: true }));
t('showHidden object', I(Object.defineProperty({ a: 1 }, 'hidden', { value: 2 }), { showHidden: true }));
// QuickJS has no own `stack` property (it is an Error.prototype accessor).
t('showHidden error', I(new Error('h'), { showHidden: true }), { knownQjs: 'stack is not an own property' });
t('showHidden typedarray', I(new Uint8Array(2), { showHidden: true }));
t('showHidden weakmap', I(new WeakMap(), { showHidden: false }));
t('showHidden class proto props', I((() => { class P { get g() { return 1; } } return new P(); })(), { showHidden: true }));
t('legacy args', (u) => u.inspect({ a: { b: { c: { d: 1 } } } }, false, 0));

// ---- format ----
t('format no args', F());
t('format plain', F('hello'));
t('format %s', F('%s', 'str'));
t('format %s number', F('%s', 42));
t('format %s -0', F('%s', -0));
t('format %s bigint', F('%s', 5n));
t('format %s symbol', F('%s', Symbol('sym')));
t('format %s null/undefined', F('%s %s', null, undefined));
t('format %s object', F('%s', { a: { b: { c: 1 } } }));
t('format %s array', F('%s', [1, [2, [3]]]));
t('format %s custom toString', F('%s', { toString() { return 'TS'; } }));
t('format %s class toString', F('%s', (() => { class K { toString() { return 'K!'; } } return new K(); })()));
t('format %s error', F('%s', new Error('fmt err')));
t('format %s date', F('%s', new Date(0)));
t('format %s function', F('%s', function fn() { return 1; }));
t('format %s null proto', F('%s', Object.create(null)));
t('format %s toPrimitive', F('%s', { [Symbol.toPrimitive]() { return 'prim'; } }));
t('format %d', F('%d', 42));
t('format %d string', F('%d', '42.5'));
t('format %d bigint', F('%d', 1n));
t('format %d symbol', F('%d', Symbol('s')));
t('format %d object', F('%d', {}));
t('format %d -0', F('%d', -0));
t('format %i', F('%i', 42.9));
t('format %i bigint', F('%i', 10n));
t('format %i string', F('%i', '0x10'));
t('format %i symbol', F('%i', Symbol('s')));
t('format %f', F('%f', '3.5abc'));
t('format %f symbol', F('%f', Symbol('s')));
t('format %j', F('%j', { a: [1, 'x'] }));
t('format %j circular', F('%j', (() => { const o = {}; o.o = o; return o; })()));
t('format %j undefined', F('%j', undefined));
t('format %o', F('%o', { a: 1, b: [1, 2] }));
t('format %o nested', F('%o', { a: { b: { c: { d: { e: { f: 1 } } } } } }));
t('format %O', F('%O', { a: { b: { c: { d: 1 } } } }));
t('format %c', F('%cstyled', 'color: red'));
t('format %%', F('100%% sure', 1));
t('format %% alone', F('%%'));
t('format %% no args', F('a %% b'));
t('format unknown %x', F('%x %s', 'a'));
t('format too few args', F('%s %s', 'only'));
t('format extra args', F('%s', 'a', 'b', 3, { c: 1 }));
t('format trailing %', F('50%', 1));
t('format non-string first', F(1, 'two', { three: 3 }));
t('format object first', F({ a: 1 }, 'x'));
t('format strings raw', F('a', 'b\nc'));
t('format multiple', F('%s:%d:%i:%f:%j', 'a', 1.5, 2.5, '3.25', [1]));
t('format symbol arg', F(Symbol('s'), 'x'));
t('format adjacent', F('%s%s', 'a', 'b'));
t('format undefined first', F(undefined, 'x'));
t('format %s boxed', F('%s', new String('boxed')));
t('format %s map', F('%s', new Map([[1, { a: { b: 1 } }]])));
t('formatWithOptions colors', (u) => u.formatWithOptions({ colors: true }, 'x', { a: 1, s: 'str', n: null, u: undefined, d: new Date(0), r: /x/ }));
t('formatWithOptions depth', (u) => u.formatWithOptions({ depth: 0 }, { a: { b: 1 } }));
t('formatWithOptions numericSeparator %d', (u) => u.formatWithOptions({ numericSeparator: true }, '%d', 1234567));
t('inspect colors', I({ a: [1, 'x', true, null, undefined, Symbol('s'), 1n] }, { colors: true }));
t('inspect colors grouped', I(Array.from({ length: 20 }, (_, i) => i), { colors: true }));

// ---- more layout / edge cases ----
t('function with props class', I(Object.assign(class WithProps {}, { a: 1 })));
t('class static method', I(class SM { static m() {} }));
t('object from class proto', I((() => { class CP { constructor() { this.x = 1; } } return Object.create(CP.prototype); })()));
t('symbol key with newline', I({ [Symbol('a\nb')]: 1 }));
t('escaped key', I({ 'a\'b': 1, 'c"d': 2, 'tab\there': 3 }));
t('nested grouped arrays', I({ data: { values: Array.from({ length: 40 }, (_, i) => i * i) } }));
t('array of 8 objects short', I(Array.from({ length: 8 }, (_, i) => ({ i }))));
t('array 7 mixed strings', I(['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'g']));
t('map at depth limit', I({ a: { b: { c: new Map([[1, 2]]) } } }));
t('set at depth limit', I({ a: { b: { c: new Set([1]) } } }));
t('typed at depth limit', I({ a: { b: { c: new Uint8Array(2) } } }));
t('error at depth limit', I({ a: { b: { c: Object.assign(new Error('deep'), { x: 1 }) } } }));
t('regexp at depth limit', I({ a: { b: { c: Object.assign(/re/, { x: 1 }) } } }));
t('date at depth limit', I({ a: { b: { c: Object.assign(new Date(0), { x: 1 }) } } }));
t('class instance at depth limit', I((() => { class Deep { constructor() { this.v = 1; } } return { a: { b: { c: new Deep() } } }; })()));
t('null proto at depth limit', I({ a: { b: { c: Object.assign(Object.create(null), { x: 1 }) } } }));
t('array at depth limit', I({ a: { b: { c: [1, 2] } } }));
t('empty things at depth limit', I({ a: { b: { c: {}, d: [], e: new Map() } } }));
t('map object keys', I(new Map([[{ a: 1, b: 'two' }, { c: [1, 2, 3] }], [[1, 2], new Set(['x'])]])));
t('set of objects', I(new Set([{ a: 1 }, { b: { c: { d: 1 } } }])));
t('map many entries', I(new Map(Array.from({ length: 120 }, (_, i) => [i, i]))));
t('long key names', I({ aVeryLongPropertyNameNumberOne: 1, aVeryLongPropertyNameNumberTwo: 2, three: 3 }));
t('string 17 chars deep', I({ a: { b: { c: ['x'.repeat(17) + '\n' + 'y'.repeat(70)] } } }));
t('array of arrays 7', I(Array.from({ length: 7 }, (_, i) => [i, i + 1])));
t('boxed with tag', I(Object.assign(new Number(5), { [Symbol.toStringTag]: 'T' })));
t('boxed subclass', I((() => { class N extends Number {} return new N(4); })()));
t('object constructor overwritten', I({ constructor: 'nope', a: 1 }));
t('Object.create(Array.prototype)', I(Object.create(Array.prototype)));
t('array-like', I({ length: 2, 0: 'a', 1: 'b' }));
t('invalid date in object', I({ d: new Date('nope') }));
t('error name changed', I((() => { const e = new Error('m'); e.name = 'Renamed'; return e; })()));
t('format %o function', F('%o', function foo() {}));
t('format %o array', F('%o', [1, [2, [3]]]));
t('format %o class instance', F('%o', (() => { class O { constructor() { this.q = 1; } } return new O(); })()));
t('format %s symbol desc', F('%s', Symbol('')));
t('format %d empty string', F('%d', ''));
t('format %i negative', F('%i', -42.9));
t('format %f Infinity', F('%f', 'Infinity'));
t('format %s array of strings', F('%s', ['a', 'b']));
t('format %s nested error', F('%s', { e: 1, f: [new Error('x')] }));
t('format many percents', F('%s%%%s%%', 1, 2, 3));
t('format only %', F('%', 1));
t('inspect depth -1', I({ a: 1 }, { depth: -1 }));
t('inspect breakLength 20', I({ alpha: 1, beta: 2, gamma: [1, 2, 3] }, { breakLength: 20 }));
t('inspect compact 0', I({ a: [1, 2], b: 'x' }, { compact: 0 }));
t('inspect sorted fn', I({ b: 1, a: 2, c: 3 }, { sorted: (x, y) => (x < y ? 1 : -1) }));
t('inspect getters set', I({ get a() { return 1; }, set a(v) {}, get b() { return 2; } }, { getters: 'set' }));
t('inspect maxArrayLength null', I(Array.from({ length: 105 }, () => 0), { maxArrayLength: null }));
t('inspect typed maxArrayLength', I(new Uint8Array(10), { maxArrayLength: 3 }));
t('inspect arraybuffer maxArrayLength', I(new ArrayBuffer(10), { maxArrayLength: 3 }));
t('inspect set sorted', I(new Set([3, 1, 2]), { sorted: true }));


return cases;
})()
