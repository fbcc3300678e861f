//! Installs the JS polyfills (js/inspect.js, js/bootstrap.js) and hands back the hooks object
//! through which the event loop runs timers and reports uncaught errors. Installing happens
//! while loading (possibly at build time, see `init`); [`begin_run`] then fills in what belongs
//! to the run: `process.argv` and `process.env`.

use crate::sys as q;
use crate::{native, qjs};
use std::ffi::CString;

const INSPECT_JS: &str = include_str!("../js/inspect.js");
const BOOTSTRAP_JS: &str = include_str!("../js/bootstrap.js");

/// The object returned by bootstrap.js: `beginRun`, `nextTimerDelay`, `runNextTimer`,
/// `exitCode`, `reportUncaught`. Owned by the guest for the whole run.
pub struct Hooks(pub qjs::JSValue);

/// Evaluates the polyfills and defines console, process and the timer functions globally.
/// Reads nothing that differs between runs.
pub unsafe fn install(ctx: *mut q::JSContext) -> Result<Hooks, String> {
    // SAFETY: `ctx` is a fresh live context; every value created here is released or handed on.
    unsafe {
        let describe = |e: qjs::JSValue| {
            let msg = qjs::to_string(ctx, e);
            qjs::free(ctx, e);
            msg
        };
        let util = qjs::eval_script(ctx, INSPECT_JS, "edgebox:inspect.js").map_err(describe)?;
        let bootstrap =
            qjs::eval_script(ctx, BOOTSTRAP_JS, "edgebox:bootstrap.js").map_err(describe)?;

        let bindings = q::JS_NewObject(ctx);
        for &(name, arity, func) in native::BINDINGS {
            let cname = CString::new(name).expect("binding name contains NUL");
            let f = q::JS_NewCFunction2(
                ctx,
                Some(func),
                cname.as_ptr(),
                arity,
                q::JSCFunctionEnum_JS_CFUNC_generic,
                0,
            );
            qjs::set(ctx, bindings, name, f);
        }

        let result = qjs::call(ctx, bootstrap, qjs::UNDEFINED, &[bindings, util]);
        for v in [bootstrap, bindings, util] {
            qjs::free(ctx, v);
        }
        result.map(Hooks).map_err(describe)
    }
}

/// Gives the polyfills this run's arguments and environment (`process.argv`, `process.env`).
pub unsafe fn begin_run(ctx: *mut q::JSContext, hooks: &Hooks) -> Result<(), String> {
    // SAFETY: `ctx` and `hooks` are alive; every value created here is released.
    unsafe {
        let argv = q::JS_NewArray(ctx);
        for (i, a) in std::env::args_os().enumerate() {
            let a = qjs::new_string(ctx, &a.to_string_lossy());
            q::JS_SetPropertyUint32(ctx, argv, i as u32, a);
        }
        let env = q::JS_NewObject(ctx);
        for (k, v) in std::env::vars_os() {
            let v = qjs::new_string(ctx, &v.to_string_lossy());
            qjs::set(ctx, env, &k.to_string_lossy(), v);
        }
        let result = qjs::call_method(ctx, hooks.0, "beginRun", &[argv, env]);
        qjs::free(ctx, argv);
        qjs::free(ctx, env);
        match result {
            Ok(v) => {
                qjs::free(ctx, v);
                Ok(())
            }
            Err(e) => {
                let msg = qjs::to_string(ctx, e);
                qjs::free(ctx, e);
                Err(msg)
            }
        }
    }
}
