//! Calls: through QuickJS (`JS_Call` semantics via the guest helper), direct self-calls to the
//! body or its int32 gate, proper tail calls in strict code, and the entry every caller of a
//! frozen function goes through.

use super::{BodyEmitter, CTX, FLAGS, FUNC, SelfCalls, THIS, mem};
use crate::freeze::int32::NO_CLONE;
use crate::freeze::values::*;
use edgebox_abi::frozen::{FRAME_SIZE, REFCOUNT_BELOW};
use edgebox_opcodes::Op;
use edgebox_opcodes::bytecode::Function as JsFunction;
use edgebox_opcodes::instr::Instr;
use wasm_encoder::{BlockType, Function, Instruction as I, ValType};

impl BodyEmitter<'_> {
    /// call, call0..3, call_method, tail_call, tail_call_method. Returns whether control falls
    /// through.
    pub(super) fn call(&mut self, idx: usize, ins: &Instr, d: u16) -> bool {
        let argc = match ins.op {
            Op::Call0 => 0,
            Op::Call1 => 1,
            Op::Call2 => 2,
            Op::Call3 => 3,
            _ => Self::int_operand(ins, 0) as u16,
        };
        let method = matches!(ins.op, Op::CallMethod | Op::TailCallMethod);
        let returns = matches!(ins.op, Op::TailCall | Op::TailCallMethod);
        let func_slot = d - argc - 1;
        let this_slot = if method { Some(func_slot - 1) } else { None };
        let result_slot = this_slot.unwrap_or(func_slot);
        let first_arg = d - argc;
        // A call whose result is returned at once (tail_call, or call + return). Only strict
        // code drops its frame for it (a proper tail call, as ES2015 specifies for strict
        // mode); sloppy code keeps every frame, so its stack traces stay the interpreter's.
        let tail = self.f.is_strict()
            && (returns
                || self
                    .flow
                    .instrs
                    .get(idx + 1)
                    .is_some_and(|n| n.op == Op::Return));

        self.set_pc(ins);
        // Is the callee this very function object? Then call the body directly.
        self.e(&[
            I::LocalGet(self.slot(func_slot)),
            I::LocalGet(FUNC),
            I::I64Eq,
        ]);
        self.i(I::If(BlockType::Empty));
        self.nesting += 1;
        {
            // The callee owns `this` and its arguments; extra arguments are dropped (frozen
            // functions never read `arguments`), missing ones are undefined.
            for k in self.f.arg_count..argc {
                self.free(self.slot(first_arg + k));
            }
            if tail {
                // Everything of this frame goes before the call; the function object stays
                // alive through our own caller's reference.
                self.free(self.slot(func_slot));
                for k in 0..result_slot {
                    self.free(self.slot(k));
                }
                self.self_call(first_arg, argc, |e, target| {
                    // Move the outgoing values out of the way of the epilogue (which frees
                    // args). The epilogue frees args/this/locals while the outgoing ones sit on
                    // the Wasm stack (it only uses locals, calls returning nothing and
                    // global.set).
                    e.push_direct_call_args(this_slot, first_arg, argc);
                    e.epilogue();
                    e.i(I::ReturnCall(target));
                });
            } else {
                self.self_call(first_arg, argc, |e, target| {
                    e.push_direct_call_args(this_slot, first_arg, argc);
                    e.e(&[I::Call(target), I::LocalSet(e.t0)]);
                });
                self.free(self.slot(func_slot));
                self.e(&[I::LocalGet(self.t0), I::LocalSet(self.slot(result_slot))]);
            }
        }
        self.nesting -= 1;
        self.i(I::Else);
        self.nesting += 1;
        {
            for k in 0..argc {
                self.e(&[
                    I::LocalGet(self.frame),
                    I::LocalGet(self.slot(first_arg + k)),
                ]);
                self.i(I::I64Store(mem(FRAME_SIZE + 8 * u32::from(k), 3)));
            }
            self.e(&[I::LocalGet(CTX), I::LocalGet(self.slot(func_slot))]);
            match this_slot {
                Some(t) => self.i(I::LocalGet(self.slot(t))),
                None => self.i(I::I64Const(UNDEFINED)),
            };
            self.e(&[
                I::I32Const(i32::from(argc)),
                I::LocalGet(self.frame),
                I::I32Const(FRAME_SIZE as i32),
                I::I32Add,
            ]);
            self.helper("edgebox_fz_call");
            self.i(I::LocalSet(self.slot(result_slot)));
        }
        self.nesting -= 1;
        self.i(I::End);
        self.check_exception(self.slot(result_slot), result_slot);
        if returns {
            for k in 0..result_slot {
                self.free(self.slot(k));
            }
            self.e(&[I::LocalGet(self.slot(result_slot)), I::LocalSet(self.t0)]);
            let r = self.depth_ret();
            self.i(I::Br(r));
            return false;
        }
        true
    }

    /// Emits a direct self-call with `call(self, target)` (its arguments in the slots from
    /// `first_arg`): to the clone's gate when the gate could take the clone — this run has not
    /// given up on the clone (no NO_CLONE in our flags) and every argument is an int32 —, else
    /// straight to the body. Going through a gate that will decline costs a frame per call on
    /// engines whose `return_call` is a real call (WAMR's AOT): deep tail recursion on doubles
    /// would take twice the stack.
    fn self_call(&mut self, first_arg: u16, argc: u16, call: impl Fn(&mut Self, u32)) {
        let SelfCalls { body, gate } = self.self_calls;
        let Some(gate) = gate.filter(|_| argc >= self.f.arg_count) else {
            return call(self, body);
        };
        self.e(&[
            I::LocalGet(FLAGS),
            I::I32Const(NO_CLONE),
            I::I32And,
            I::I32Eqz,
        ]);
        if self.f.arg_count > 0 {
            // Every argument an int32: their tags (high words) OR'ed together are zero.
            self.i(I::I64Const(0));
            for k in 0..self.f.arg_count {
                self.e(&[I::LocalGet(self.slot(first_arg + k)), I::I64Or]);
            }
            self.e(&[I::I64Const(32), I::I64ShrU, I::I64Eqz, I::I32And]);
        }
        self.i(I::If(BlockType::Empty));
        self.nesting += 1;
        call(self, gate);
        self.i(I::Else);
        call(self, body);
        self.nesting -= 1;
        self.i(I::End);
    }

    /// Stores the `n` slots from `first` in the frame's scratch area (sized by the flow's
    /// `max_call_args`) and pushes its address, the `argv` of a helper that takes an array.
    pub(super) fn spill_args(&mut self, first: u16, n: u16) {
        for k in 0..n {
            self.e(&[I::LocalGet(self.frame), I::LocalGet(self.slot(first + k))]);
            self.i(I::I64Store(mem(FRAME_SIZE + 8 * u32::from(k), 3)));
        }
        self.e(&[
            I::LocalGet(self.frame),
            I::I32Const(FRAME_SIZE as i32),
            I::I32Add,
        ]);
    }

    /// Pushes ctx, func, this, new_target (undefined), flags (only NO_CLONE kept) and the arguments of a direct
    /// call of this body.
    fn push_direct_call_args(&mut self, this_slot: Option<u16>, first_arg: u16, argc: u16) {
        self.e(&[I::LocalGet(CTX), I::LocalGet(FUNC)]);
        match this_slot {
            Some(t) => self.i(I::LocalGet(self.slot(t))),
            None => self.i(I::I64Const(UNDEFINED)),
        };
        // Flags: a plain call, except that a recursion the int32 clone gave up on stays off it.
        self.e(&[
            I::I64Const(UNDEFINED),
            I::LocalGet(FLAGS),
            I::I32Const(NO_CLONE),
            I::I32And,
        ]);
        for k in 0..self.f.arg_count {
            if k < argc {
                self.i(I::LocalGet(self.slot(first_arg + k)));
            } else {
                self.i(I::I64Const(UNDEFINED));
            }
        }
    }
}

/// The entry of a frozen function: `JS_CallInternal`'s signature; tail-calls the body (or its
/// int32 gate, which has the body's signature).
pub fn entry(f: &JsFunction, body_index: u32) -> Function {
    const NEW_TARGET: u32 = 3;
    const ARGC: u32 = 4;
    const ARGV: u32 = 5;
    const ENTRY_FLAGS: u32 = 6;
    const T: u32 = 7; // i64 temp
    const TI: u32 = 8; // i32 temp
    let mut code: Vec<I<'static>> = Vec::new();
    let dup = |code: &mut Vec<I<'static>>, l: u32| {
        code.extend([
            I::LocalGet(l),
            I::I64Const(32),
            I::I64ShrU,
            I::I32WrapI64,
            I::I32Const(TAG_FIRST),
            I::I32GeU,
            I::If(BlockType::Empty),
            I::LocalGet(l),
            I::I32WrapI64,
            I::I32Const(REFCOUNT_BELOW as i32),
            I::I32Sub,
            I::LocalTee(TI),
            I::LocalGet(TI),
            I::I32Load(mem(0, 2)),
            I::I32Const(1),
            I::I32Add,
            I::I32Store(mem(0, 2)),
            I::End,
        ]);
    };
    dup(&mut code, THIS);
    code.extend([
        I::LocalGet(CTX),
        I::LocalGet(FUNC),
        I::LocalGet(THIS),
        I::LocalGet(NEW_TARGET),
        I::LocalGet(ENTRY_FLAGS),
    ]);
    for k in 0..u32::from(f.arg_count) {
        code.extend([
            I::LocalGet(ARGC),
            I::I32Const(k as i32),
            I::I32GtS,
            I::If(BlockType::Result(ValType::I64)),
            I::LocalGet(ARGV),
            I::I64Load(mem(8 * k, 3)),
            I::Else,
            I::I64Const(UNDEFINED),
            I::End,
            I::LocalSet(T),
        ]);
        dup(&mut code, T);
        code.push(I::LocalGet(T));
    }
    code.extend([I::ReturnCall(body_index), I::End]);
    let mut out = Function::new([(1, ValType::I64), (1, ValType::I32)]);
    for i in &code {
        out.instruction(i);
    }
    out
}
