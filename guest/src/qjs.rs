//! Small helpers over the raw QuickJS-NG C API (rquickjs-sys). Every function here is `unsafe`
//! for the same reason: callers pass a live context and values owned by it.

use crate::sys as q;
use std::ffi::CString;

pub use q::{JSContext, JSValue};

pub const UNDEFINED: JSValue = q::JS_UNDEFINED;

/// Releases one reference to `v`.
pub unsafe fn free(ctx: *mut JSContext, v: JSValue) {
    // SAFETY: caller owns one reference to `v`.
    unsafe { q::JS_FreeValue(ctx, v) }
}

pub unsafe fn dup(ctx: *mut JSContext, v: JSValue) -> JSValue {
    // SAFETY: `v` is alive in `ctx`.
    unsafe { q::JS_DupValue(ctx, v) }
}

pub fn is_exception(v: JSValue) -> bool {
    // SAFETY: pure tag inspection.
    unsafe { q::JS_IsException(v) }
}

/// `String(v)` as UTF-8, or a placeholder if even that throws.
pub unsafe fn to_string(ctx: *mut JSContext, v: JSValue) -> String {
    let mut len: q::size_t = 0;
    // SAFETY: `v` is alive; the returned buffer is freed with JS_FreeCString below.
    unsafe {
        let ptr = q::JS_ToCStringLen2(ctx, &mut len, v, false);
        if ptr.is_null() {
            free(ctx, q::JS_GetException(ctx));
            return "<value that cannot be converted to a string>".to_owned();
        }
        let bytes = std::slice::from_raw_parts(ptr as *const u8, len as usize);
        let s = String::from_utf8_lossy(bytes).into_owned();
        q::JS_FreeCString(ctx, ptr);
        s
    }
}

pub unsafe fn new_string(ctx: *mut JSContext, s: &str) -> JSValue {
    // SAFETY: QuickJS copies the bytes.
    unsafe { q::JS_NewStringLen(ctx, s.as_ptr() as *const _, s.len() as _) }
}

pub fn new_int(v: i32) -> JSValue {
    q::JS_MKVAL(q::JS_TAG_INT, v)
}

pub unsafe fn new_float(ctx: *mut JSContext, v: f64) -> JSValue {
    // SAFETY: plain value constructor.
    unsafe { q::JS_NewNumber(ctx, v) }
}

/// Takes the pending exception (after a call returned the exception marker).
pub unsafe fn take_exception(ctx: *mut JSContext) -> JSValue {
    // SAFETY: context is alive.
    unsafe { q::JS_GetException(ctx) }
}

/// Turns QuickJS's "value or exception marker" convention into a `Result` whose error is the
/// thrown value.
pub unsafe fn check(ctx: *mut JSContext, v: JSValue) -> Result<JSValue, JSValue> {
    if is_exception(v) {
        // SAFETY: an exception is pending when the marker is returned.
        Err(unsafe { take_exception(ctx) })
    } else {
        Ok(v)
    }
}

/// Evaluates `source` as a classic script named `filename`.
pub unsafe fn eval_script(
    ctx: *mut JSContext,
    source: &str,
    filename: &str,
) -> Result<JSValue, JSValue> {
    // QuickJS requires NUL-terminated source.
    let src = CString::new(source).expect("embedded polyfill source contains NUL");
    let name = CString::new(filename).expect("filename contains NUL");
    // SAFETY: buffers outlive the call.
    unsafe {
        let v = q::JS_Eval(
            ctx,
            src.as_ptr(),
            source.len() as _,
            name.as_ptr(),
            q::JS_EVAL_TYPE_GLOBAL as i32,
        );
        check(ctx, v)
    }
}

pub unsafe fn call(
    ctx: *mut JSContext,
    f: JSValue,
    this: JSValue,
    args: &[JSValue],
) -> Result<JSValue, JSValue> {
    let mut argv: Vec<JSValue> = args.to_vec();
    // SAFETY: `f`, `this` and the args are alive; JS_Call does not take ownership of them.
    unsafe {
        let v = q::JS_Call(ctx, f, this, argv.len() as i32, argv.as_mut_ptr());
        check(ctx, v)
    }
}

/// Reads `obj[name]`; returns a new reference.
pub unsafe fn get(ctx: *mut JSContext, obj: JSValue, name: &str) -> JSValue {
    let name = CString::new(name).expect("property name contains NUL");
    // SAFETY: `obj` is alive.
    unsafe { q::JS_GetPropertyStr(ctx, obj, name.as_ptr()) }
}

/// Sets `obj[name] = value`, taking ownership of `value`.
pub unsafe fn set(ctx: *mut JSContext, obj: JSValue, name: &str, value: JSValue) {
    let name = CString::new(name).expect("property name contains NUL");
    // SAFETY: `obj` is alive; JS_SetPropertyStr consumes `value`.
    unsafe {
        q::JS_SetPropertyStr(ctx, obj, name.as_ptr(), value);
    }
}

/// Calls the method `name` of `obj` with `args`.
pub unsafe fn call_method(
    ctx: *mut JSContext,
    obj: JSValue,
    name: &str,
    args: &[JSValue],
) -> Result<JSValue, JSValue> {
    // SAFETY: `obj` is alive; the method reference is released after the call.
    unsafe {
        let f = get(ctx, obj, name);
        let result = call(ctx, f, obj, args);
        free(ctx, f);
        result
    }
}

/// Reads an argument slot of a native function call, `undefined` when absent.
pub unsafe fn arg(argc: i32, argv: *mut JSValue, i: usize) -> JSValue {
    if (i as i32) < argc {
        // SAFETY: QuickJS passes `argc` valid values at `argv`.
        unsafe { *argv.add(i) }
    } else {
        UNDEFINED
    }
}
