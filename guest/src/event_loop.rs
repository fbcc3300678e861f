//! The event loop: promise jobs, unhandled-rejection checks and timers, until nothing is left.
//!
//! Order per turn, as in Node: drain every pending job (microtasks); then, if a rejected promise
//! still has no handler, that rejection is fatal; then run the earliest due timer, sleeping
//! until it is due.

use crate::sys as q;
use crate::{native, polyfills::Hooks, qjs};
use std::cell::RefCell;

thread_local! {
    /// Rejected promises that have no handler yet, with their rejection reasons (owned refs).
    static UNHANDLED: RefCell<Vec<(q::JSValue, q::JSValue)>> = const { RefCell::new(Vec::new()) };
}

/// QuickJS calls this when a promise is rejected without a handler (`is_handled == false`) and
/// when a handler is attached to such a promise later (`is_handled == true`).
unsafe extern "C" fn track_rejection(
    ctx: *mut q::JSContext,
    promise: q::JSValue,
    reason: q::JSValue,
    is_handled: bool,
    _opaque: *mut std::ffi::c_void,
) {
    UNHANDLED.with_borrow_mut(|list| {
        // SAFETY: QuickJS passes live values; we keep our own references.
        unsafe {
            if is_handled {
                if let Some(i) = list.iter().position(|(p, _)| *p == promise) {
                    let (p, r) = list.remove(i);
                    qjs::free(ctx, p);
                    qjs::free(ctx, r);
                }
            } else {
                list.push((qjs::dup(ctx, promise), qjs::dup(ctx, reason)));
            }
        }
    });
}

pub unsafe fn install_rejection_tracker(rt: *mut q::JSRuntime) {
    // SAFETY: `rt` is alive for the whole run.
    unsafe { q::JS_SetHostPromiseRejectionTracker(rt, Some(track_rejection), std::ptr::null_mut()) }
}

/// Runs until no job and no referenced timer is left. `Err` carries an uncaught exception or
/// the reason of an unhandled rejection (an owned reference).
pub unsafe fn run(ctx: *mut q::JSContext, hooks: &Hooks) -> Result<(), qjs::JSValue> {
    // SAFETY: `ctx` and `hooks` stay alive for the whole loop.
    unsafe {
        loop {
            drain_jobs(ctx)?;
            if let Some(reason) = take_unhandled_rejection(ctx) {
                return Err(reason);
            }
            let delay = qjs::call_method(ctx, hooks.0, "nextTimerDelay", &[])?;
            let mut ms = 0f64;
            q::JS_ToFloat64(ctx, &mut ms, delay);
            qjs::free(ctx, delay);
            if ms < 0.0 {
                return Ok(());
            }
            native::sleep_ms(ms);
            let done = qjs::call_method(ctx, hooks.0, "runNextTimer", &[])?;
            qjs::free(ctx, done);
        }
    }
}

unsafe fn drain_jobs(ctx: *mut q::JSContext) -> Result<(), qjs::JSValue> {
    // SAFETY: the runtime of a live context.
    unsafe {
        let rt = q::JS_GetRuntime(ctx);
        loop {
            let mut job_ctx: *mut q::JSContext = std::ptr::null_mut();
            match q::JS_ExecutePendingJob(rt, &mut job_ctx) {
                0 => return Ok(()),
                r if r < 0 => {
                    return Err(qjs::take_exception(if job_ctx.is_null() {
                        ctx
                    } else {
                        job_ctx
                    }));
                }
                _ => {}
            }
        }
    }
}

unsafe fn take_unhandled_rejection(ctx: *mut q::JSContext) -> Option<qjs::JSValue> {
    UNHANDLED.with_borrow_mut(|list| {
        if list.is_empty() {
            return None;
        }
        let (promise, reason) = list.remove(0);
        // SAFETY: we own these references.
        unsafe { qjs::free(ctx, promise) };
        Some(reason)
    })
}
