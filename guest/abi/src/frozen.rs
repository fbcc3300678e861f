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

/// QuickJS-NG 0.16.2 structure layouts and constants on wasm32 that frozen code reads inline
/// (the fast paths of global-variable access, own properties and array indexing), as `(C macro, value)`.
/// guest/build.rs defines each macro for the C compiler and edgebox_frozen.c checks it with
/// `_Static_assert` against `offsetof`/the enum, so a QuickJS update that moves one fails the
/// guest build.
pub const LAYOUT: &[(&str, u32)] = &[
    ("EDGEBOX_FZ_CTX_GLOBAL_OBJ", CTX_GLOBAL_OBJ),
    ("EDGEBOX_FZ_CTX_GLOBAL_VAR_OBJ", CTX_GLOBAL_VAR_OBJ),
    ("EDGEBOX_FZ_OBJ_CLASS_ID", OBJ_CLASS_ID),
    ("EDGEBOX_FZ_OBJ_SHAPE", OBJ_SHAPE),
    ("EDGEBOX_FZ_OBJ_PROP", OBJ_PROP),
    ("EDGEBOX_FZ_OBJ_ARRAY_VALUES", OBJ_ARRAY_VALUES),
    ("EDGEBOX_FZ_OBJ_ARRAY_COUNT", OBJ_ARRAY_COUNT),
    ("EDGEBOX_FZ_SHAPE_PROP_HASH_MASK", SHAPE_PROP_HASH_MASK),
    ("EDGEBOX_FZ_SHAPE_PROP_COUNT", SHAPE_PROP_COUNT),
    ("EDGEBOX_FZ_SHAPE_HASH_TABLE", SHAPE_HASH_TABLE),
    ("EDGEBOX_FZ_SHAPE_PROP_FLAGS_SHIFT", SHAPE_PROP_FLAGS_SHIFT),
    ("EDGEBOX_FZ_CLASS_ARRAY", CLASS_ARRAY),
    ("EDGEBOX_FZ_CLASS_ARGUMENTS", CLASS_ARGUMENTS),
    ("EDGEBOX_FZ_CLASS_UINT8C_ARRAY", CLASS_UINT8C_ARRAY),
    ("EDGEBOX_FZ_CLASS_INT8_ARRAY", CLASS_INT8_ARRAY),
    ("EDGEBOX_FZ_CLASS_UINT8_ARRAY", CLASS_UINT8_ARRAY),
    ("EDGEBOX_FZ_CLASS_INT16_ARRAY", CLASS_INT16_ARRAY),
    ("EDGEBOX_FZ_CLASS_UINT16_ARRAY", CLASS_UINT16_ARRAY),
    ("EDGEBOX_FZ_CLASS_INT32_ARRAY", CLASS_INT32_ARRAY),
    ("EDGEBOX_FZ_CLASS_UINT32_ARRAY", CLASS_UINT32_ARRAY),
    ("EDGEBOX_FZ_PROP_WRITABLE", PROP_WRITABLE),
    ("EDGEBOX_FZ_PROP_LENGTH", PROP_LENGTH),
    ("EDGEBOX_FZ_PROP_TMASK", PROP_TMASK),
    ("EDGEBOX_FZ_ATOM_LENGTH", ATOM_LENGTH),
];

/// `JSContext.global_obj`, `JSContext.global_var_obj` (the lexical globals: `let`/`const`/`class`).
pub const CTX_GLOBAL_OBJ: u32 = 256;
pub const CTX_GLOBAL_VAR_OBJ: u32 = 264;
/// `JSObject.class_id` (u16), `.shape`, `.prop` (the property values), `.u.array.u.values`
/// (the element pointer of fast arrays and typed arrays) and `.u.array.count` (their length).
pub const OBJ_CLASS_ID: u32 = 10;
pub const OBJ_SHAPE: u32 = 12;
pub const OBJ_PROP: u32 = 16;
pub const OBJ_ARRAY_VALUES: u32 = 28;
pub const OBJ_ARRAY_COUNT: u32 = 32;
/// `JSShape.prop_hash_mask`, `.prop_count` and `.hash_table`: the shape's property entries
/// (`JSShapeProperty`, 8 bytes: hash_next:26 and flags:6 in the first word, the atom in the
/// second) follow the `prop_hash_mask + 1` words of the hash table (`get_shape_prop`).
pub const SHAPE_PROP_HASH_MASK: u32 = 16;
pub const SHAPE_PROP_COUNT: u32 = 24;
pub const SHAPE_HASH_TABLE: u32 = 40;
/// Where a shape entry's `flags` start in its first word.
pub const SHAPE_PROP_FLAGS_SHIFT: u32 = 26;
/// Class ids (`JS_CLASS_*`). The six typed arrays from Uint8Clamped to Int32 are consecutive.
pub const CLASS_ARRAY: u32 = 2;
pub const CLASS_ARGUMENTS: u32 = 8;
pub const CLASS_UINT8C_ARRAY: u32 = 22;
pub const CLASS_INT8_ARRAY: u32 = 23;
pub const CLASS_UINT8_ARRAY: u32 = 24;
pub const CLASS_INT16_ARRAY: u32 = 25;
pub const CLASS_UINT16_ARRAY: u32 = 26;
pub const CLASS_INT32_ARRAY: u32 = 27;
pub const CLASS_UINT32_ARRAY: u32 = 28;
/// Property flags (`JS_PROP_*`).
pub const PROP_WRITABLE: u32 = 1 << 1;
pub const PROP_LENGTH: u32 = 1 << 3;
pub const PROP_TMASK: u32 = 3 << 4;
/// `JS_ATOM_length`, the property `get_length` reads (a predefined atom, not in the bytecode).
pub const ATOM_LENGTH: u32 = 51;

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
