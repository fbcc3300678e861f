//! The limits the guest enforces itself, because only QuickJS can: its heap (`heap_size`) and
//! the stack JS may use (`stack_size`). The runner decides them (runtime/src/sandbox.rs) and
//! hands them over in the WASI environment ([`edgebox_abi::RUN_LIMITS_ENV`]); they are taken at
//! the start of every run, since a snapshot holds the build-time state.

use crate::exit_code::EXIT_MEMORY_LIMIT;
use crate::init::Engine;
use crate::qjs;
use crate::sys as q;
use edgebox_abi::RunLimits;
use std::cell::Cell;

/// QuickJS's recursion check fires this far into the stack JS may use; the last quarter is
/// left for the C code that runs between two checks (native functions, the error being built).
pub const fn js_stack_limit(stack_bytes: u64) -> usize {
    (stack_bytes / 4 * 3) as usize
}

thread_local! {
    /// The heap limit of this run, for the message when it is exceeded.
    static HEAP_LIMIT: Cell<Option<u64>> = const { Cell::new(None) };
}

/// Takes this run's limits out of the environment (so the app never sees them) and applies
/// them. Without them (the module run by a plain WASI runtime) the guest keeps its build-time
/// stack limit and no heap limit.
pub fn apply(engine: &Engine) -> Result<(), String> {
    let Some(text) = std::env::var_os(edgebox_abi::RUN_LIMITS_ENV) else {
        engine.set_stack_limit(js_stack_limit(edgebox_abi::GUEST_STACK_BYTES));
        return Ok(());
    };
    // SAFETY: single-threaded guest; nothing else reads the environment concurrently.
    unsafe { std::env::remove_var(edgebox_abi::RUN_LIMITS_ENV) };
    let limits = text.to_str().and_then(RunLimits::decode).ok_or_else(|| {
        format!(
            "malformed {} from the runner: {text:?}",
            edgebox_abi::RUN_LIMITS_ENV
        )
    })?;
    engine.set_stack_limit(js_stack_limit(
        limits.stack_bytes.min(edgebox_abi::GUEST_STACK_BYTES),
    ));
    // 4 GiB does not fit wasm32's size_t; the address space is the limit then anyway.
    let heap = usize::try_from(limits.heap_bytes).unwrap_or(usize::MAX);
    // SAFETY: the runtime is alive for the whole run.
    unsafe { q::JS_SetMemoryLimit(engine.rt, heap as _) };
    HEAP_LIMIT.set(Some(limits.heap_bytes));
    Ok(())
}

/// For an uncaught `error`: if it is QuickJS's out-of-memory error and the heap limit (not
/// the engine's page cap) is what ran out, the line to print last and the exit code.
pub unsafe fn heap_limit_hit(ctx: *mut q::JSContext, error: qjs::JSValue) -> Option<(String, i32)> {
    let limit = HEAP_LIMIT.get()?;
    // SAFETY: `error` is alive (caller's contract).
    if unsafe { qjs::to_string(ctx, error) } != "InternalError: out of memory" {
        return None;
    }
    // QuickJS reports both of its failure causes the same way: its own limit, or malloc
    // finding no memory because the engine refused to grow it. Growing by a page tells them
    // apart; a refusal is reported by the runner as the page cap (runtime.max_memory_pages).
    if core::arch::wasm32::memory_grow(0, 1) == usize::MAX {
        return None;
    }
    let line = format!(
        "edgebox: error: memory limit exceeded: the app's JS heap needed more than {limit} bytes ({} MiB) (runtime.heap_size / --heap-size)",
        limit / (1024 * 1024)
    );
    Some((line, EXIT_MEMORY_LIMIT))
}
