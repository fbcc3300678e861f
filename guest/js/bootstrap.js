// The guest's Node.js-style globals: console, process, timers.
//
// Evaluated once while loading, as a classic script. Its completion value is the function below,
// which the guest (src/polyfills.rs) calls with the native bindings and the inspect library
// (inspect.js). It returns the hooks the Rust side drives: `beginRun(argv, env)` once per run,
// then the event loop's.
// Loading may happen at build time and be snapshotted into the artifact (src/init.rs), so
// nothing here may capture what differs between runs (arguments, environment, clock readings):
// those arrive through `beginRun`, before the app's first instruction.
// Native bindings: write(fd, string), exit(code), sleep(ms), now() -> ms (monotonic).
(function bootstrap(native, util) {
  'use strict';

  const STDOUT = 1;
  const STDERR = 2;
  const write = native.write;

  // ---- console -------------------------------------------------------------------------------
  let groupIndent = '';
  function emit(fd, text) {
    if (groupIndent !== '') text = groupIndent + text.split('\n').join('\n' + groupIndent);
    write(fd, text + '\n');
  }
  const counts = new Map();
  const timers = new Map();
  const console = {
    log(...args) { emit(STDOUT, util.format(...args)); },
    info(...args) { emit(STDOUT, util.format(...args)); },
    debug(...args) { emit(STDOUT, util.format(...args)); },
    warn(...args) { emit(STDERR, util.format(...args)); },
    error(...args) { emit(STDERR, util.format(...args)); },
    trace(...args) {
      // Drop this frame: the trace starts at the caller, as in Node.
      const stack = new Error().stack.split('\n').slice(2).join('\n');
      emit(STDERR, 'Trace' + (args.length ? ': ' + util.format(...args) : '') + '\n' + stack.replace(/\n$/, ''));
    },
    dir(value, options) { emit(STDOUT, util.inspect(value, options)); },
    assert(condition, ...args) {
      if (condition) return;
      emit(STDERR, 'Assertion failed' + (args.length ? ': ' + util.format(...args) : ''));
    },
    count(label = 'default') {
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      emit(STDOUT, `${label}: ${n}`);
    },
    countReset(label = 'default') { counts.delete(label); },
    time(label = 'default') { timers.set(String(label), native.now()); },
    timeLog(label = 'default', ...args) { logElapsed(String(label), args, false); },
    timeEnd(label = 'default') { logElapsed(String(label), [], true); },
    group(...args) { if (args.length) console.log(...args); groupIndent += '  '; },
    groupEnd() { groupIndent = groupIndent.slice(0, -2); },
  };
  console.groupCollapsed = console.group;
  function logElapsed(label, args, end) {
    const start = timers.get(label);
    if (start === undefined) {
      emit(STDERR, `Warning: No such label '${label}' for console.time${end ? 'End' : 'Log'}()`);
      return;
    }
    if (end) timers.delete(label);
    const ms = native.now() - start;
    const extra = args.length ? ' ' + args.map((a) => util.inspect(a)).join(' ') : '';
    emit(STDOUT, `${label}: ${ms.toFixed(3)}ms${extra}`);
  }

  // ---- timers --------------------------------------------------------------------------------
  // Pending timers, kept sorted by (due time, creation order) so equal deadlines fire in the
  // order they were set, as in Node.
  const pending = [];
  let nextTimerId = 1;
  const MAX_DELAY_MS = 2147483647;

  class Timeout {
    constructor(callback, delay, args, repeat) {
      this._id = nextTimerId++;
      this._callback = callback;
      this._delay = delay;
      this._args = args;
      this._repeat = repeat;
      this._ref = true;
      this._active = true;
      this._due = 0;
    }
    ref() { this._ref = true; return this; }
    unref() { this._ref = false; return this; }
    hasRef() { return this._ref; }
    refresh() { if (this._active) { unschedule(this); schedule(this); } return this; }
    close() { cancel(this); return this; }
    [Symbol.toPrimitive]() { return this._id; }
  }

  function normaliseDelay(ms) {
    ms = Number(ms);
    // Node: anything outside [1, 2^31-1] (or NaN) becomes 1ms.
    return ms >= 1 && ms <= MAX_DELAY_MS ? ms : 1;
  }
  function schedule(timer) {
    timer._due = native.now() + timer._delay;
    let lo = 0;
    let hi = pending.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pending[mid]._due <= timer._due) lo = mid + 1; else hi = mid;
    }
    pending.splice(lo, 0, timer);
  }
  function unschedule(timer) {
    const i = pending.indexOf(timer);
    if (i >= 0) pending.splice(i, 1);
  }
  function cancel(timer) {
    if (timer instanceof Timeout) {
      timer._active = false;
      unschedule(timer);
    } else if (typeof timer === 'number') {
      const found = pending.find((t) => t._id === timer);
      if (found) cancel(found);
    }
  }
  function checkCallback(callback) {
    if (typeof callback !== 'function') {
      const err = new TypeError(`The "callback" argument must be of type function. Received ${util.inspect(callback)}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
  }
  function setTimeout(callback, ms, ...args) {
    checkCallback(callback);
    const t = new Timeout(callback, normaliseDelay(ms), args, false);
    schedule(t);
    return t;
  }
  function setInterval(callback, ms, ...args) {
    checkCallback(callback);
    const t = new Timeout(callback, normaliseDelay(ms), args, true);
    schedule(t);
    return t;
  }
  function setImmediate(callback, ...args) {
    checkCallback(callback);
    const t = new Timeout(callback, 0, args, false);
    schedule(t);
    return t;
  }

  // Milliseconds until the next referenced timer is due (0 if one is due now), or -1 when no
  // referenced timer remains and the program may end.
  function nextTimerDelay() {
    if (!pending.some((t) => t._ref)) return -1;
    return Math.max(0, pending[0]._due - native.now());
  }
  // Runs the earliest timer. The host drains promise jobs between two calls.
  function runNextTimer() {
    const timer = pending.shift();
    if (timer === undefined) return;
    if (timer._repeat) schedule(timer); else timer._active = false;
    timer._callback.apply(undefined, timer._args);
  }

  // ---- process -------------------------------------------------------------------------------
  let startedAt = 0;
  let exitCode;
  function validExitCode(code) {
    if (code === undefined || code === null) return undefined;
    const n = typeof code === 'string' && code.trim() !== '' ? Number(code) : code;
    if (!Number.isInteger(n)) {
      const err = new TypeError(`The "code" argument must be of type number. Received ${util.inspect(code)}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    return n;
  }
  function writeStream(fd) {
    return {
      fd,
      isTTY: false,
      write(chunk, encoding, callback) {
        if (typeof encoding === 'function') callback = encoding;
        write(fd, typeof chunk === 'string' ? chunk : String(chunk));
        if (typeof callback === 'function') queueMicrotask(callback);
        return true;
      },
    };
  }
  // argv, argv0, execPath and env are filled in by beginRun; listed here to keep Node's order.
  const process = {
    argv: [],
    argv0: '',
    execPath: '',
    execArgv: [],
    env: {},
    platform: 'wasi',
    arch: 'wasm32',
    pid: 1,
    ppid: 0,
    title: 'edgebox',
    versions: Object.freeze({ quickjs: '0.16.2' }),
    stdout: writeStream(STDOUT),
    stderr: writeStream(STDERR),
    get exitCode() { return exitCode; },
    set exitCode(code) { exitCode = validExitCode(code); },
    exit(code) {
      const resolved = validExitCode(code);
      native.exit(resolved === undefined ? (exitCode === undefined ? 0 : exitCode) : resolved);
    },
    cwd() { return '/'; },
    uptime() { return (native.now() - startedAt) / 1000; },
    hrtime: Object.assign(
      function hrtime(previous) {
        const ns = BigInt(Math.round(native.now() * 1e6));
        let secs = Number(ns / 1000000000n);
        let nanos = Number(ns % 1000000000n);
        if (previous) {
          secs -= previous[0];
          nanos -= previous[1];
          if (nanos < 0) { secs -= 1; nanos += 1e9; }
        }
        return [secs, nanos];
      },
      { bigint() { return BigInt(Math.round(native.now() * 1e6)); } },
    ),
    nextTick(callback, ...args) {
      checkCallback(callback);
      queueMicrotask(() => callback(...args));
    },
  };

  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  define('console', console);
  define('process', process);
  define('global', globalThis);
  define('setTimeout', setTimeout);
  define('setInterval', setInterval);
  define('setImmediate', setImmediate);
  define('clearTimeout', cancel);
  define('clearInterval', cancel);
  define('clearImmediate', cancel);

  return {
    // This run's arguments and environment, and the origin of process.uptime().
    beginRun(argv, env) {
      process.argv = argv;
      process.argv0 = argv[0];
      process.execPath = argv[0];
      process.env = env;
      startedAt = native.now();
    },
    nextTimerDelay,
    runNextTimer,
    exitCode() { return exitCode === undefined ? 0 : exitCode; },
    // `Uncaught <inspected error>` on stderr, as Node prints for an uncaught exception.
    reportUncaught(error) { write(STDERR, 'Uncaught ' + util.inspect(error) + '\n'); },
  };
})
