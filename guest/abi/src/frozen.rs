//! The contract between frozen code (Wasm the compiler generates from QuickJS bytecode,
//! `compiler/src/freeze`) and the guest's run-time support for it (`guest/c/edgebox_frozen.c`).
//!
//! Frozen code calls the guest's `edgebox_fz_*` helpers by export name and writes one field of
//! QuickJS's `JSStackFrame` itself. The layout numbers below are passed to the C compiler by
//! guest/build.rs and checked there with `_Static_assert`, so a QuickJS update that moves them
//! fails the guest build instead of corrupting memory.

/// Offset of `cur_pc` in QuickJS's `JSStackFrame` on wasm32 (what backtraces read).
pub const FRAME_CUR_PC: u32 = 28;
/// Bytes reserved for a `JSStackFrame` at the start of a frozen function's shadow-stack area;
/// the call-argument scratch space follows it.
pub const FRAME_SIZE: u32 = 48;

/// Reference counts of QuickJS-NG 0.16.2 live in its allocator's block header, just below
/// the object: the count is the `i32` this many bytes before a JSValue's pointer.
pub const REFCOUNT_BELOW: u32 = 4;

/// Placeholder `(function_index: i32) -> i32`: the frozen slot of the app function at that
/// preorder position, or -1. The compiler gives it a generated body.
pub const EXPORT_FROZEN_SLOT: &str = "edgebox_frozen_slot";
/// Placeholder `(slot, ctx, func, this, new_target, argc, argv, flags) -> JSValue`: runs a
/// frozen function. The compiler gives it a generated body.
pub const EXPORT_FROZEN_CALL: &str = "edgebox_frozen_call";
/// Placeholder with `JS_CallInternal`'s signature that receives the interpreter's body.
pub const EXPORT_INTERP_CALL: &str = "edgebox_interp_call";
/// The dispatcher whose body becomes `JS_CallInternal`'s.
pub const EXPORT_CALL_DISPATCH: &str = "edgebox_call_dispatch";
/// QuickJS's call entry point, found by name in the guest's name section.
pub const QUICKJS_CALL_INTERNAL: &str = "JS_CallInternal";
/// The shadow-stack pointer global, found by name in the guest's name section.
pub const STACK_POINTER_GLOBAL: &str = "__stack_pointer";
