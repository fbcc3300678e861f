//! One run of the app: take the loaded app (see `init`), give it what belongs to this run
//! (arguments, environment, clock origin, random seed), evaluate it, run the event loop, and
//! decide the exit code.

use crate::exit_code::{EXIT_INTERNAL, EXIT_UNCAUGHT};
use crate::init::{self, Engine, Loaded};
use crate::sys as q;
use crate::{event_loop, limits, native, output, polyfills, qjs};

pub fn run() -> i32 {
    native::start_clock();
    let Loaded { engine, app } = match init::take() {
        Ok(loaded) => loaded,
        Err(fatal) => {
            output::error_line(&fatal.message);
            return fatal.exit_code;
        }
    };
    let Engine { ctx, ref hooks, .. } = engine;
    if let Err(msg) = begin(&engine) {
        output::error_line(&format!(
            "edgebox: internal error while starting the app: {msg}"
        ));
        return EXIT_INTERNAL;
    }

    // SAFETY: this is the only thread; the runtime and context live until the process exits.
    unsafe {
        let code = match app {
            Ok(code) => code,
            Err(e) => return uncaught(ctx, hooks, e),
        };

        // For a module this is the promise of its evaluation; a rejection of it is reported
        // through the rejection tracker like any other unhandled rejection.
        match qjs::check(ctx, q::JS_EvalFunction(ctx, code)) {
            Ok(v) => qjs::free(ctx, v),
            Err(e) => return uncaught(ctx, hooks, e),
        }

        if let Err(e) = event_loop::run(ctx, hooks) {
            return uncaught(ctx, hooks, e);
        }

        match qjs::call_method(ctx, hooks.0, "exitCode", &[]) {
            Ok(v) => {
                let mut code = 0i32;
                q::JS_ToInt32(ctx, &mut code, v);
                code
            }
            Err(_) => EXIT_INTERNAL,
        }
    }
}

/// Hands this run's facts to the loaded engine; in a snapshotted module the build-time ones
/// are in memory until now.
fn begin(engine: &Engine) -> Result<(), String> {
    limits::apply(engine)?;
    // SAFETY: the context is alive; no JS has run since loading.
    unsafe {
        if q::edgebox_begin_run(engine.ctx) != 0 {
            return Err("the host provides no randomness (WASI random_get failed)".into());
        }
        polyfills::begin_run(engine.ctx, &engine.hooks)
    }
}

/// Ends the run for an uncaught `error`: reports it, and returns the exit code (the heap
/// limit's, if that is what the error was).
unsafe fn uncaught(ctx: *mut q::JSContext, hooks: &polyfills::Hooks, error: qjs::JSValue) -> i32 {
    // SAFETY: `error` is an owned reference, alive until report_uncaught releases it.
    unsafe {
        let heap_limit = limits::heap_limit_hit(ctx, error);
        report_uncaught(ctx, hooks, error);
        match heap_limit {
            Some((line, code)) => {
                output::error_line(&line);
                code
            }
            None => EXIT_UNCAUGHT,
        }
    }
}

/// Prints `Uncaught <error with stack>` to stderr through the JS inspector; falls back to
/// `String(error)` if the inspector itself throws.
unsafe fn report_uncaught(ctx: *mut q::JSContext, hooks: &polyfills::Hooks, error: qjs::JSValue) {
    // SAFETY: `error` is an owned reference; released here.
    unsafe {
        match qjs::call_method(ctx, hooks.0, "reportUncaught", &[error]) {
            Ok(v) => qjs::free(ctx, v),
            Err(secondary) => {
                qjs::free(ctx, secondary);
                output::error_line(&format!("Uncaught {}", qjs::to_string(ctx, error)));
            }
        }
        qjs::free(ctx, error);
    }
}
