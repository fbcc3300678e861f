//! Wasm for one frozen function.
//!
//! Each frozen function becomes two Wasm functions:
//! - the *body* `(ctx, func, this, new_target, flags, arg0..argN) -> JSValue`, which owns
//!   `this` and the arguments (it frees them) and borrows `func` and `new_target`;
//! - the *entry* with `JS_CallInternal`'s signature `(ctx, func, this, new_target, argc, argv,
//!   flags)`, which the dispatcher calls: it takes references to `this` and the arguments
//!   (padding missing ones with `undefined`) and tail-calls the body.
//!
//! A call from the body to its own function object skips both the dispatcher and the entry: it
//! calls the body directly, and in tail position (strict mode) with `return_call`, so tail
//! recursion runs in constant stack.
//!
//! Inside the body, arguments, locals and operand-stack slots are Wasm locals holding owned
//! JSValues, exactly like the interpreter's frame. Control flow is a dispatch loop: a `loop`
//! around one block per basic block, entered through a `br_table` on the block number; a block
//! falls through into the next one or sets the block number and branches back to the loop.
//! Exceptions branch to a landing that frees the live stack slots, adds the frame to the
//! backtrace and returns `JS_EXCEPTION`, as the interpreter's `exception:` label does.
//!
//! Int32 arithmetic and comparisons are inlined when both operands are int32 and the result
//! cannot overflow; everything else calls the guest's helper for that opcode, which runs the
//! interpreter's own code for it (guest/c/edgebox_frozen.c).
//!
//! The emitter is one struct, [`BodyEmitter`], with its methods split by job:
//! - `frame.rs`: prologue, epilogue, the dispatch loop, jumps, pc and exception exits;
//! - `opcodes.rs`: the translation of each instruction;
//! - `arith.rs`: operators; `calls.rs`: calls, self-calls and the entry;
//! - `values.rs`: tags, reference counts, int32 tests;
//! - `fast_paths.rs`: inline caches, element access and float64 arithmetic.

use super::flow::Flow;
use super::guest_api::GuestApi;
use edgebox_abi::frozen::FRAME_SIZE;
use edgebox_opcodes::bytecode::Function as JsFunction;
use wasm_encoder::{Function, Instruction as I, MemArg, ValType};

mod arith;
mod calls;
mod fast_paths;
mod frame;
mod opcodes;
mod values;

pub use calls::entry;

/// Parameters of a body before its arguments: ctx, func, this, new_target, flags.
const CTX: u32 = 0;
const FUNC: u32 = 1;
const THIS: u32 = 2;
const NEW_TARGET: u32 = 3;
const FLAGS: u32 = 4;
const FIRST_ARG: u32 = 5;

/// The value types of a body with `arg_count` parameters.
pub fn body_params(arg_count: u16) -> Vec<ValType> {
    let mut p = vec![
        ValType::I32,
        ValType::I64,
        ValType::I64,
        ValType::I64,
        ValType::I32,
    ];
    p.extend(std::iter::repeat_n(ValType::I64, usize::from(arg_count)));
    p
}

fn mem(offset: u32, align: u32) -> MemArg {
    MemArg {
        offset: u64::from(offset),
        align,
        memory_index: 0,
    }
}

/// The functions a body's direct self-calls may go to: the body itself and, for a function
/// with an int32 clone, the clone's gate (same signature; see [`super::int32`]).
#[derive(Clone, Copy)]
pub struct SelfCalls {
    pub body: u32,
    pub gate: Option<u32>,
}

/// Emits the body of one frozen function.
pub struct BodyEmitter<'a> {
    api: &'a GuestApi,
    f: &'a JsFunction,
    flow: &'a Flow,
    /// Where direct self-calls go.
    self_calls: SelfCalls,
    out: Function,
    // Local indices.
    vars: u32,
    slots: u32,
    t0: u32,
    t1: u32,
    frame: u32,
    bc: u32,
    state: u32,
    exc_depth: u32,
    ti: u32,
    /// i32 scratch of the inline fast paths (fast_paths.rs); `tf` is also `free`'s.
    ta: u32,
    tb: u32,
    tf: u32,
    /// The initial values of the Wasm globals the sites' inline caches use so far, numbered
    /// from the guest's global count; the link stage appends them (see
    /// [`super::FrozenCode::site_globals`]).
    site_globals: &'a mut Vec<i64>,
    /// Bytes of shadow stack the body reserves: the frame plus the argv scratch area.
    frame_bytes: u32,
    /// Block being emitted and `if`/`block` nesting inside it (for branch depths).
    block: usize,
    nesting: u32,
}

impl<'a> BodyEmitter<'a> {
    pub fn emit(
        api: &'a GuestApi,
        f: &'a JsFunction,
        flow: &'a Flow,
        self_calls: SelfCalls,
        site_globals: &'a mut Vec<i64>,
    ) -> Function {
        let args = u32::from(f.arg_count);
        let vars = FIRST_ARG + args;
        let slots = vars + u32::from(f.var_count);
        let t0 = slots + u32::from(flow.max_depth);
        let i64_locals = u32::from(f.var_count) + u32::from(flow.max_depth) + 2;
        let frame = t0 + 2;
        let scratch = u32::from(flow.max_call_args.max(2)) * 8;
        let frame_bytes = (FRAME_SIZE + scratch).next_multiple_of(16);
        let out = Function::new([(i64_locals, ValType::I64), (8, ValType::I32)]);
        let mut e = BodyEmitter {
            api,
            f,
            flow,
            self_calls,
            out,
            vars,
            slots,
            t0,
            t1: t0 + 1,
            frame,
            bc: frame + 1,
            state: frame + 2,
            exc_depth: frame + 3,
            ti: frame + 4,
            ta: frame + 5,
            tb: frame + 6,
            tf: frame + 7,
            site_globals,
            frame_bytes,
            block: 0,
            nesting: 0,
        };
        e.prologue();
        e.body();
        e.out
    }

    fn i(&mut self, ins: I<'_>) -> &mut Self {
        self.out.instruction(&ins);
        self
    }

    /// Emits a sequence (operands are evaluated before `self` is borrowed mutably).
    fn e(&mut self, seq: &[I<'_>]) {
        for ins in seq {
            self.out.instruction(ins);
        }
    }

    fn helper(&mut self, name: &str) -> &mut Self {
        let index = self.api.helper(name);
        self.i(I::Call(index))
    }

    fn slot(&self, k: u16) -> u32 {
        self.slots + u32::from(k)
    }

    fn var(&self, k: u16) -> u32 {
        self.vars + u32::from(k)
    }

    fn arg(&self, k: u16) -> u32 {
        FIRST_ARG + u32::from(k)
    }
}
