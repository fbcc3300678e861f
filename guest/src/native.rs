//! The native functions behind the JS polyfills (`js/bootstrap.js`): the only ways the
//! polyfills reach outside the JS heap. Each one is a thin wrapper over a WASI call.

use crate::sys as q;
use crate::{output, qjs};
use std::cell::Cell;
use std::time::{Duration, Instant};

type NativeFn =
    unsafe extern "C" fn(*mut q::JSContext, q::JSValue, i32, *mut q::JSValue) -> q::JSValue;

/// `(name, arity, function)` of every native binding.
pub const BINDINGS: &[(&str, i32, NativeFn)] = &[
    ("write", 2, write),
    ("exit", 1, exit),
    ("sleep", 1, sleep),
    ("now", 0, now),
];

thread_local! {
    /// The origin of `now()`. Set by [`start_clock`] at the start of every run: a snapshot
    /// must not carry the build machine's clock.
    static START: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// `write(fd, text)`: program output to stdout (1) or stderr (2).
unsafe extern "C" fn write(
    ctx: *mut q::JSContext,
    _this: q::JSValue,
    argc: i32,
    argv: *mut q::JSValue,
) -> q::JSValue {
    // SAFETY: called by QuickJS with a live context and `argc` arguments.
    unsafe {
        let mut fd = 0i32;
        if q::JS_ToInt32(ctx, &mut fd, qjs::arg(argc, argv, 0)) < 0 {
            return q::JS_EXCEPTION;
        }
        let text = qjs::to_string(ctx, qjs::arg(argc, argv, 1));
        output::write(fd, text.as_bytes());
    }
    qjs::UNDEFINED
}

/// `exit(code)`: ends the program now, as `process.exit` does.
unsafe extern "C" fn exit(
    ctx: *mut q::JSContext,
    _this: q::JSValue,
    argc: i32,
    argv: *mut q::JSValue,
) -> q::JSValue {
    let mut code = 0i32;
    // SAFETY: as above.
    if unsafe { q::JS_ToInt32(ctx, &mut code, qjs::arg(argc, argv, 0)) } < 0 {
        return q::JS_EXCEPTION;
    }
    std::process::exit(code)
}

/// `sleep(ms)`: blocks until the next timer is due.
unsafe extern "C" fn sleep(
    ctx: *mut q::JSContext,
    _this: q::JSValue,
    argc: i32,
    argv: *mut q::JSValue,
) -> q::JSValue {
    let mut ms = 0f64;
    // SAFETY: as above.
    if unsafe { q::JS_ToFloat64(ctx, &mut ms, qjs::arg(argc, argv, 0)) } < 0 {
        return q::JS_EXCEPTION;
    }
    sleep_ms(ms);
    qjs::UNDEFINED
}

pub fn sleep_ms(ms: f64) {
    if ms > 0.0 && ms.is_finite() {
        std::thread::sleep(Duration::from_secs_f64(ms / 1000.0));
    }
}

/// `now()`: monotonic milliseconds since the run started.
unsafe extern "C" fn now(
    ctx: *mut q::JSContext,
    _this: q::JSValue,
    _argc: i32,
    _argv: *mut q::JSValue,
) -> q::JSValue {
    // SAFETY: plain value constructor.
    unsafe { qjs::new_float(ctx, now_ms()) }
}

/// Makes "now" the origin of [`now_ms`]. Called first thing in every run.
pub fn start_clock() {
    START.set(Some(Instant::now()));
}

pub fn now_ms() -> f64 {
    let start = START.get().unwrap_or_else(|| {
        let now = Instant::now();
        START.set(Some(now));
        now
    });
    start.elapsed().as_secs_f64() * 1000.0
}
