//! One run of the app: set up QuickJS, load the embedded bytecode, evaluate it, run the event
//! loop, and decide the exit code.

use crate::{app, event_loop, output, polyfills, qjs};
use edgebox_abi::{AppHeader, SourceKind};
use crate::sys as q;

/// QuickJS's own recursion limit, kept below the guest's 8 MiB shadow stack (guest/build.rs) so
/// that deep recursion throws `RangeError: Maximum call stack size exceeded` while there is
/// still room for the C code that runs after the check. (QuickJS-NG disables its check under
/// WASI; `edgebox_set_stack_limit` turns it back on.)
const QUICKJS_STACK_LIMIT: usize = 6 * 1024 * 1024;

/// Exit code for an uncaught exception or unhandled rejection, as in Node.
const EXIT_UNCAUGHT: i32 = 1;
/// Exit code when the module itself is unusable (no app, wrong bytecode version).
const EXIT_BAD_ARTIFACT: i32 = 2;
/// Exit code for an internal failure of the guest's own setup.
const EXIT_INTERNAL: i32 = 70;

pub fn run() -> i32 {
    // SAFETY: this is the only thread; the runtime and context live until the process exits.
    unsafe {
        let rt = q::JS_NewRuntime();
        q::edgebox_set_stack_limit(rt, QUICKJS_STACK_LIMIT as _);
        let ctx = q::JS_NewContext(rt);
        event_loop::install_rejection_tracker(rt);

        let hooks = match polyfills::install(ctx) {
            Ok(hooks) => hooks,
            Err(msg) => {
                output::error_line(&format!("edgebox: internal error while installing polyfills: {msg}"));
                return EXIT_INTERNAL;
            }
        };

        let Some(image) = app::image() else {
            output::error_line("edgebox: this module carries no app; build one with `edgeboxc build app.js -o app.wasm`");
            return EXIT_BAD_ARTIFACT;
        };
        let (header, bytecode) = match AppHeader::decode(&image) {
            Ok(parts) => parts,
            Err(e) => {
                output::error_line(&format!("edgebox: {e}"));
                return EXIT_BAD_ARTIFACT;
            }
        };

        let code = q::JS_ReadObject(ctx, bytecode.as_ptr(), bytecode.len() as _, q::JS_READ_OBJ_BYTECODE as i32);
        let code = match qjs::check(ctx, code) {
            Ok(v) => v,
            Err(e) => {
                let msg = qjs::to_string(ctx, e);
                output::error_line(&format!("edgebox: cannot load the app's bytecode: {msg}"));
                return EXIT_BAD_ARTIFACT;
            }
        };
        if header.kind == SourceKind::Module && q::JS_ResolveModule(ctx, code) < 0 {
            let e = qjs::take_exception(ctx);
            report_uncaught(ctx, &hooks, e);
            return EXIT_UNCAUGHT;
        }

        // For a module this is the promise of its evaluation; a rejection of it is reported
        // through the rejection tracker like any other unhandled rejection.
        match qjs::check(ctx, q::JS_EvalFunction(ctx, code)) {
            Ok(v) => qjs::free(ctx, v),
            Err(e) => {
                report_uncaught(ctx, &hooks, e);
                return EXIT_UNCAUGHT;
            }
        }

        if let Err(e) = event_loop::run(ctx, &hooks) {
            report_uncaught(ctx, &hooks, e);
            return EXIT_UNCAUGHT;
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
