//! The int32 clone: a second, unboxed copy of a frozen function for calls whose arguments are
//! all int32s, when [`types`] proves the function pure and int32-typed (issue 5, item 3).
//!
//! A function with a clone gets a *gate* with its body's signature; its entry and its own
//! self-calls go through the gate instead of straight to the body. The gate takes the clone
//! when
//! - the call is not a `new` and the generic code has not given up on the clone for this
//!   recursion already (the [`NO_CLONE`] flag),
//! - every argument is an int32,
//! - the function's self-binding (the global or closure variable its self-calls read) holds
//!   this very function object, as a plain value — so each `get_var` the clone skips would have
//!   returned it, without a getter, a proxy or a dead zone — and enough JS stack is left: the
//!   guest's `edgebox_fz_clone_gate` checks both and returns the recursion budget.
//!
//! The binding cannot change while the clone runs: the clone runs no code but its own.
//!
//! When the clone gives up (an overflow, -0, the budget) the gate runs the generic body from the
//! start, with [`NO_CLONE`] set so that the body's own self-calls do not try the clone again
//! (that could redo the same work at every level of a deep recursion). Nothing the clone did
//! is visible, so starting over is exact: the result, or the exception, is the generic code's.

pub mod emit;
pub mod types;

use super::guest_api::GuestApi;
use super::values::{TAG_BOOL, TAG_FIRST};
use edgebox_opcodes::bytecode::Function as JsFunction;
use types::SelfBinding;
use wasm_encoder::{BlockType, Function, Instruction as I, ValType};

/// A call flag of frozen code's own, passed between a function's gate and its body on direct
/// self-calls only (QuickJS's JS_CALL_FLAG_* use the low bits; the guest's helpers ignore it).
pub const NO_CLONE: i32 = 1 << 30;
const JS_CALL_FLAG_CONSTRUCTOR: i32 = 1;

/// `edgebox_fz_clone_gate`'s `kind` argument (guest/c/edgebox_frozen.c).
fn binding_kind(binding: SelfBinding) -> (i32, i32) {
    match binding {
        SelfBinding::None => (0, 0),
        SelfBinding::Global { pc, .. } => (1, pc as i32),
        SelfBinding::VarRef(k) => (2, i32::from(k)),
    }
}

/// The gate of `f`: the body's signature `(ctx, func, this, new_target, flags, args…)`; takes
/// the clone (`clone_index`) when it may, else tail-calls the body (`body_index`).
pub fn gate(
    api: &GuestApi,
    f: &JsFunction,
    shape: types::Shape,
    clone_index: u32,
    body_index: u32,
) -> Function {
    const CTX: u32 = 0;
    const FUNC: u32 = 1;
    const THIS: u32 = 2;
    const FLAGS: u32 = 4;
    const FIRST_ARG: u32 = 5;
    let args = u32::from(f.arg_count);
    let result = FIRST_ARG + args; // i64 local
    let budget = result + 1; // i32 local
    let mut out = Function::new([(1, ValType::I64), (1, ValType::I32)]);
    let mut e = |seq: &[I<'_>]| {
        for ins in seq {
            out.instruction(ins);
        }
    };
    e(&[
        I::LocalGet(FLAGS),
        I::I32Const(NO_CLONE | JS_CALL_FLAG_CONSTRUCTOR),
        I::I32And,
        I::I32Eqz,
    ]);
    if args > 0 {
        // Every argument an int32: the tags (high words) OR'ed together are zero.
        e(&[I::I64Const(0)]);
        for k in 0..args {
            e(&[I::LocalGet(FIRST_ARG + k), I::I64Or]);
        }
        e(&[I::I64Const(32), I::I64ShrU, I::I64Eqz, I::I32And]);
    }
    e(&[I::If(BlockType::Empty)]);
    {
        let (kind, reference) = binding_kind(shape.binding);
        e(&[
            I::LocalGet(CTX),
            I::LocalGet(FUNC),
            I::I32Const(kind),
            I::I32Const(reference),
        ]);
        e(&[
            I::Call(api.helper("edgebox_fz_clone_gate")),
            I::LocalTee(budget),
            I::If(BlockType::Empty),
        ]);
        {
            e(&[I::LocalGet(budget)]);
            for k in 0..args {
                e(&[I::LocalGet(FIRST_ARG + k), I::I32WrapI64]);
            }
            e(&[I::Call(clone_index), I::LocalTee(result)]);
            e(&[
                I::I64Const(32),
                I::I64ShrU,
                I::I32WrapI64,
                I::I32Const(TAG_BOOL),
                I::I32LeU,
                I::If(BlockType::Empty),
            ]);
            {
                // Done: the body would have freed `this` (int32 arguments need no freeing).
                e(&[
                    I::LocalGet(THIS),
                    I::I64Const(32),
                    I::I64ShrU,
                    I::I32WrapI64,
                    I::I32Const(TAG_FIRST),
                    I::I32GeU,
                ]);
                e(&[
                    I::If(BlockType::Empty),
                    I::LocalGet(CTX),
                    I::LocalGet(THIS),
                    I::Call(api.helper("edgebox_fz_free")),
                    I::End,
                ]);
                e(&[I::LocalGet(result), I::Return]);
            }
            e(&[I::End]);
            e(&[
                I::LocalGet(FLAGS),
                I::I32Const(NO_CLONE),
                I::I32Or,
                I::LocalSet(FLAGS),
            ]);
        }
        e(&[I::End]);
    }
    e(&[I::End]);
    for param in 0..FIRST_ARG + args {
        e(&[I::LocalGet(param)]);
    }
    e(&[I::ReturnCall(body_index), I::End]);
    out
}
