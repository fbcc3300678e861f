//! Raw QuickJS-NG C API: rquickjs-sys's pregenerated wasm32-wasip1 bindings and inline
//! helpers, included by build.rs, plus our wrapper's helpers (c/edgebox_quickjs.c).
#![allow(
    non_upper_case_globals,
    non_camel_case_types,
    non_snake_case,
    dead_code,
    clippy::all
)]

use core::ptr;

include!(concat!(env!("OUT_DIR"), "/quickjs_sys.rs"));

unsafe extern "C" {
    /// Sets QuickJS's recursion limit to `size` bytes below the caller's stack frame.
    pub fn edgebox_set_stack_limit(rt: *mut JSRuntime, size: size_t);
    /// Replaces what JS_NewContext fixed at creation and must differ per run: the Math.random
    /// seed and the `performance` time origin. Returns 0, or -1 if the host gives no randomness.
    pub fn edgebox_begin_run(ctx: *mut JSContext) -> i32;
    /// Records which functions of freshly read app bytecode have frozen (compiled) code, so
    /// calls to them run it. Returns 0, or -1 when out of memory.
    pub fn edgebox_frozen_register(ctx: *mut JSContext, bytecode: JSValue) -> i32;
}
