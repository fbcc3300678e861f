//! Loading: the part of start-up that is the same for every run of a given module. Creates the
//! QuickJS runtime and context, installs the polyfills, and reads the app's bytecode (for a
//! module, also links it). Nothing of the app runs here.
//!
//! It runs once per instance, in one of two places:
//! - at build time, when `edgeboxc` calls the `wizer-initialize` export and wasmtime-wizer
//!   snapshots the instance's memory (compiler/src/snapshot.rs): the artifact then starts with
//!   everything below already done;
//! - otherwise at the start of `_start` ([`take`]), so an un-snapshotted module behaves the same.
//!
//! Because its result may be frozen into the artifact, nothing here may read what differs
//! between runs: arguments, environment, clocks, randomness. `run::run` supplies those. A
//! failure is not printed here either: it is kept and reported by `run::run`, so that a
//! snapshotted module prints it at run time, exactly as an un-snapshotted one does.

use crate::exit_code::{EXIT_BAD_ARTIFACT, EXIT_INTERNAL};
use crate::polyfills::Hooks;
use crate::sys as q;
use crate::{app, event_loop, polyfills, qjs};
use edgebox_abi::{AppHeader, SourceKind};
use std::cell::RefCell;

/// QuickJS's own recursion limit while loading, kept below the guest's 8 MiB shadow stack
/// (guest/build.rs) so that deep recursion throws `RangeError: Maximum call stack size exceeded`
/// while there is still room for the C code that runs after the check. (QuickJS-NG disables its
/// check under WASI; `edgebox_set_stack_limit` turns it back on.) A run sets its own from
/// `runtime.stack_size` (src/limits.rs).
const QUICKJS_STACK_LIMIT: usize = crate::limits::js_stack_limit(edgebox_abi::GUEST_STACK_BYTES);

/// QuickJS with the polyfills installed: what every run needs, whatever the app.
pub struct Engine {
    pub rt: *mut q::JSRuntime,
    pub ctx: *mut q::JSContext,
    pub hooks: Hooks,
}

impl Engine {
    /// Sets the recursion limit `size` bytes below the caller's stack frame. Called again at run
    /// time: the snapshot's frame was the build-time one.
    pub fn set_stack_limit(&self, size: usize) {
        // SAFETY: `rt` is alive for the whole run.
        unsafe { q::edgebox_set_stack_limit(self.rt, size as _) }
    }
}

/// The loaded app, ready to evaluate.
pub struct Loaded {
    pub engine: Engine,
    /// The app's function (an owned reference), or the exception thrown while linking the module
    /// (e.g. an unknown import), which is reported as an uncaught error.
    pub app: Result<qjs::JSValue, qjs::JSValue>,
}

/// The module itself is unusable: a one-line diagnostic and the exit code.
pub struct Fatal {
    pub message: String,
    pub exit_code: i32,
}

thread_local! {
    /// What loading produced, until `_start` takes it. `Some` in a snapshotted module.
    static LOADED: RefCell<Option<Result<Loaded, Fatal>>> = const { RefCell::new(None) };
}

/// The pre-initialisation entry point: wasmtime-wizer calls it once at build time and snapshots
/// the result (its default init function name).
#[unsafe(export_name = "wizer-initialize")]
pub extern "C" fn wizer_initialize() {
    LOADED.with_borrow_mut(|slot| {
        if slot.is_none() {
            *slot = Some(load());
        }
    });
}

/// The result of loading: the snapshot's, or a fresh one when this module was not snapshotted.
pub fn take() -> Result<Loaded, Fatal> {
    LOADED.with_borrow_mut(Option::take).unwrap_or_else(load)
}

fn load() -> Result<Loaded, Fatal> {
    // SAFETY: this is the only thread; the runtime and context live until the process exits.
    unsafe {
        let rt = q::JS_NewRuntime();
        q::edgebox_set_stack_limit(rt, QUICKJS_STACK_LIMIT as _);
        let ctx = q::JS_NewContext(rt);
        if rt.is_null() || ctx.is_null() {
            return Err(Fatal {
                message: "edgebox: internal error: cannot create the QuickJS context".into(),
                exit_code: EXIT_INTERNAL,
            });
        }
        event_loop::install_rejection_tracker(rt);

        let hooks = polyfills::install(ctx).map_err(|msg| Fatal {
            message: format!("edgebox: internal error while installing polyfills: {msg}"),
            exit_code: EXIT_INTERNAL,
        })?;
        let engine = Engine { rt, ctx, hooks };

        let Some(mut image) = app::image() else {
            return Err(Fatal {
                message: "edgebox: this module carries no app; build one with `edgeboxc build app.js -o app.wasm`".into(),
                exit_code: EXIT_BAD_ARTIFACT,
            });
        };
        let (header, bytecode) = AppHeader::decode(&image).map_err(|e| Fatal {
            message: format!("edgebox: {e}"),
            exit_code: EXIT_BAD_ARTIFACT,
        })?;

        let code = q::JS_ReadObject(
            ctx,
            bytecode.as_ptr(),
            bytecode.len() as _,
            q::JS_READ_OBJ_BYTECODE as i32,
        );
        let kind = header.kind;
        // JS_ReadObject copied what it needs. Clearing the buffer before it is freed keeps a
        // second copy of the image out of the snapshot (which stores only non-zero memory).
        image.fill(0);
        std::hint::black_box(&image);
        drop(image);

        let code = qjs::check(ctx, code).map_err(|e| Fatal {
            message: format!(
                "edgebox: cannot load the app's bytecode: {}",
                qjs::to_string(ctx, e)
            ),
            exit_code: EXIT_BAD_ARTIFACT,
        })?;
        // Before resolving: that wraps a module's top-level bytecode in a function object.
        if q::edgebox_frozen_register(ctx, code) < 0 {
            return Err(Fatal {
                message: "edgebox: out of memory while loading the app".into(),
                exit_code: EXIT_INTERNAL,
            });
        }
        let app = if kind == SourceKind::Module && q::JS_ResolveModule(ctx, code) < 0 {
            Err(qjs::take_exception(ctx))
        } else {
            Ok(code)
        };
        Ok(Loaded { engine, app })
    }
}
