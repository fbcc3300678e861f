//! Wasm for one frozen function.
//!
//! Each frozen function becomes two Wasm functions:
//! - the *body* `(ctx, func, this, new_target, flags, arg0..argN) -> JSValue`, which owns
//!   `this` and the arguments (it frees them) and borrows `func` and `new_target`;
//! - the *entry* with `JS_CallInternal`'s signature `(ctx, func, this, new_target, argc, argv,
//!   flags)`, which the dispatcher calls: it takes references to `this` and the arguments
//!   (padding missing ones with `undefined`) and tail-calls the body.
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

use super::flow::{Flow, forward_branch_depth, index_operand, label};
use super::guest_api::GuestApi;
use super::values::*;
use edgebox_abi::frozen::{ATOM_LENGTH, FRAME_CUR_PC, FRAME_SIZE, REFCOUNT_BELOW};
use edgebox_opcodes::Op;
use edgebox_opcodes::bytecode::Function as JsFunction;
use edgebox_opcodes::instr::{Instr, Operand};
use wasm_encoder::{BlockType, Function, Instruction as I, MemArg, ValType};

mod fast_paths;

/// Parameters of a body before its arguments: ctx, func, this, new_target, flags.
const CTX: u32 = 0;
const FUNC: u32 = 1;
const THIS: u32 = 2;
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
    /// The next Wasm global index for a get_var/put_var site's inline cache word; the link
    /// stage appends the globals (see [`super::FrozenCode::site_globals`]).
    next_global: &'a mut u32,
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
        next_global: &'a mut u32,
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
            next_global,
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

    // ---- values ----------------------------------------------------------------------------

    /// Pushes the tag (high word) of local `l` as i32.
    fn tag(&mut self, l: u32) -> &mut Self {
        self.i(I::LocalGet(l))
            .i(I::I64Const(32))
            .i(I::I64ShrU)
            .i(I::I32WrapI64)
    }

    /// `JS_DupValue` of local `l`, in place: the count sits in the allocator header below the
    /// object (edgebox_abi::frozen::REFCOUNT_BELOW). Uses `ti` as scratch: never call it
    /// between setting `ti` to an address and using that address.
    fn dup(&mut self, l: u32) {
        self.tag(l);
        self.e(&[I::I32Const(TAG_FIRST), I::I32GeU, I::If(BlockType::Empty)]);
        self.e(&[
            I::LocalGet(l),
            I::I32WrapI64,
            I::I32Const(REFCOUNT_BELOW as i32),
            I::I32Sub,
            I::LocalTee(self.ti),
        ]);
        self.e(&[
            I::LocalGet(self.ti),
            I::I32Load(mem(0, 2)),
            I::I32Const(1),
            I::I32Add,
            I::I32Store(mem(0, 2)),
        ]);
        self.i(I::End);
    }

    /// `JS_FreeValue` of local `l`: the count is decremented inline and the guest is called
    /// only to free a value whose count reached zero. Uses `tf` as scratch.
    fn free(&mut self, l: u32) {
        self.tag(l);
        self.e(&[I::I32Const(TAG_FIRST), I::I32GeU, I::If(BlockType::Empty)]);
        self.e(&[
            I::LocalGet(l),
            I::I32WrapI64,
            I::I32Const(REFCOUNT_BELOW as i32),
            I::I32Sub,
            I::LocalTee(self.tf),
            I::LocalGet(self.tf),
            I::I32Load(mem(0, 2)),
            I::I32Const(1),
            I::I32Sub,
            I::I32Store(mem(0, 2)),
            I::LocalGet(self.tf),
            I::I32Load(mem(0, 2)),
            I::I32Const(0),
            I::I32LeS,
            I::If(BlockType::Empty),
            I::LocalGet(CTX),
            I::LocalGet(l),
        ]);
        self.helper("edgebox_fz_free_last");
        self.e(&[I::End, I::End]);
    }

    /// `*dst = src` where the old value of `dst` is freed after the store (`set_value`).
    fn set_value(&mut self, dst: u32, src: u32) {
        let t = self.t1;
        self.e(&[
            I::LocalGet(dst),
            I::LocalSet(t),
            I::LocalGet(src),
            I::LocalSet(dst),
        ]);
        self.free(t);
    }

    /// Pushes i32: whether both locals hold int32s.
    fn both_int(&mut self, a: u32, b: u32) -> &mut Self {
        self.i(I::LocalGet(a))
            .i(I::LocalGet(b))
            .i(I::I64Or)
            .i(I::I64Const(32))
            .i(I::I64ShrU)
            .i(I::I64Eqz)
    }

    /// Pushes the int32 payload of local `l`, sign-extended to i64.
    fn int64_of(&mut self, l: u32) -> &mut Self {
        self.i(I::LocalGet(l)).i(I::I32WrapI64).i(I::I64ExtendI32S)
    }

    // ---- frame, pc, exceptions ----------------------------------------------------------------

    /// `sf->cur_pc = pc after this instruction`, before anything that can throw or call out.
    fn set_pc(&mut self, ins: &Instr) {
        let next = ins.pc + u32::from(ins.op.info().size);
        self.e(&[
            I::LocalGet(self.frame),
            I::LocalGet(self.bc),
            I::I32Const(next as i32),
            I::I32Add,
        ]);
        self.i(I::I32Store(mem(FRAME_CUR_PC, 2)));
    }

    /// Branch depths from the current position.
    fn depth_loop(&self) -> u32 {
        (self.flow.blocks.len() - 1 - self.block) as u32 + self.nesting
    }

    fn depth_ret(&self) -> u32 {
        self.depth_loop() + 1
    }

    fn depth_exc(&self) -> u32 {
        self.depth_loop() + 2
    }

    /// With an i32 condition on the stack: if it holds, leave with an exception, `live` stack
    /// slots still owned.
    fn throw_if(&mut self, live: u16) {
        self.i(I::If(BlockType::Empty));
        self.nesting += 1;
        self.e(&[I::I32Const(i32::from(live)), I::LocalSet(self.exc_depth)]);
        let d = self.depth_exc();
        self.i(I::Br(d));
        self.nesting -= 1;
        self.i(I::End);
    }

    /// The JSValue in local `l` is JS_EXCEPTION → leave with `live` slots owned.
    fn check_exception(&mut self, l: u32, live: u16) {
        self.e(&[I::LocalGet(l), I::I64Const(EXCEPTION), I::I64Eq]);
        self.throw_if(live);
    }

    /// The i32 status on the stack is negative → leave with `live` slots owned.
    fn check_status(&mut self, live: u16) {
        self.e(&[I::I32Const(0), I::I32LtS]);
        self.throw_if(live);
    }

    /// Frees `this`, the arguments and the locals, pops the frame and the shadow stack.
    fn epilogue(&mut self) {
        for k in 0..self.f.var_count {
            self.free(self.var(k));
        }
        for k in 0..self.f.arg_count {
            self.free(self.arg(k));
        }
        self.free(THIS);
        self.e(&[I::LocalGet(CTX), I::LocalGet(self.frame)]);
        self.helper("edgebox_fz_leave");
        self.release_shadow_stack();
    }

    fn release_shadow_stack(&mut self) {
        self.e(&[
            I::LocalGet(self.frame),
            I::I32Const(self.frame_bytes as i32),
            I::I32Add,
        ]);
        self.i(I::GlobalSet(self.api.stack_pointer));
    }

    fn prologue(&mut self) {
        let sp = self.api.stack_pointer;
        self.e(&[
            I::GlobalGet(sp),
            I::I32Const(self.frame_bytes as i32),
            I::I32Sub,
            I::LocalTee(self.frame),
            I::GlobalSet(sp),
        ]);
        self.e(&[
            I::LocalGet(CTX),
            I::LocalGet(self.frame),
            I::LocalGet(FUNC),
            I::LocalGet(FLAGS),
        ]);
        self.helper("edgebox_fz_enter");
        self.e(&[I::LocalTee(self.bc), I::I32Eqz, I::If(BlockType::Empty)]);
        {
            // Stack overflow: thrown by enter; nothing is pushed yet.
            for k in 0..self.f.arg_count {
                self.free(self.arg(k));
            }
            self.free(THIS);
            self.release_shadow_stack();
            self.e(&[I::I64Const(EXCEPTION), I::Return]);
        }
        self.i(I::End);
        for k in 0..self.f.var_count {
            self.e(&[
                I::I64Const(UNDEFINED),
                I::LocalSet(self.vars + u32::from(k)),
            ]);
        }
    }

    fn body(&mut self) {
        let n = self.flow.blocks.len();
        self.i(I::Block(BlockType::Empty)); // exception landing follows
        self.i(I::Block(BlockType::Empty)); // return epilogue follows
        self.i(I::Loop(BlockType::Empty));
        for _ in 0..n {
            self.i(I::Block(BlockType::Empty));
        }
        let labels: Vec<u32> = (0..n as u32).collect();
        self.e(&[I::LocalGet(self.state), I::BrTable(labels.into(), 0)]);
        for b in 0..n {
            self.i(I::End);
            self.block = b;
            self.nesting = 0;
            let range = self.flow.blocks[b].clone();
            let mut falls_through = true;
            for idx in range.clone() {
                let ins = self.flow.instrs[idx].clone();
                falls_through = self.instr(idx, &ins);
            }
            if falls_through && b + 1 == n {
                // QuickJS ends every function with a return; never reached.
                self.i(I::Unreachable);
            }
        }
        self.i(I::End); // loop
        self.i(I::Unreachable);
        self.i(I::End); // return block: the result is in t0
        self.epilogue();
        self.e(&[I::LocalGet(self.t0), I::Return]);
        self.i(I::End); // exception block
        for k in 0..self.flow.max_depth {
            self.e(&[
                I::LocalGet(self.exc_depth),
                I::I32Const(i32::from(k)),
                I::I32GtU,
                I::If(BlockType::Empty),
            ]);
            self.free(self.slot(k));
            self.i(I::End);
        }
        self.i(I::LocalGet(CTX));
        self.helper("edgebox_fz_exception");
        self.epilogue();
        self.e(&[I::I64Const(EXCEPTION), I::End]);
    }

    /// Continues at the block starting at `pc`.
    fn jump(&mut self, pc: u32) {
        let target = self.flow.block_of_pc(pc);
        if let Some(depth) = forward_branch_depth(self.block, target, self.nesting) {
            self.i(I::Br(depth));
            return;
        }
        self.e(&[I::I32Const(target as i32), I::LocalSet(self.state)]);
        let d = self.depth_loop();
        self.i(I::Br(d));
    }

    fn int_operand(ins: &Instr, i: usize) -> i64 {
        match ins.operands.get(i) {
            Some(Operand::Int(n)) => *n,
            other => panic!("{}: expected an integer operand, got {other:?}", ins.op),
        }
    }

    /// Pushes the atom `ins` names: its operand (resolved at load time, so read from the
    /// bytecode), or `length` for get_length.
    fn atom(&mut self, ins: &Instr) {
        if ins.op == Op::GetLength {
            self.i(I::I32Const(ATOM_LENGTH as i32));
        } else {
            self.e(&[I::LocalGet(self.bc), I::I32Load(mem(ins.pc + 1, 0))]);
        }
    }

    /// Rearranges the top `pop` slots: new slot k (from the bottom of that region) takes old
    /// slot `pattern[k].0`, duplicated when `pattern[k].1`.
    fn shuffle(&mut self, d: u16, pop: u16, pattern: &[(u16, bool)]) {
        let base = d - pop;
        for &(src, _) in pattern {
            self.i(I::LocalGet(self.slot(base + src)));
        }
        for k in (0..pattern.len() as u16).rev() {
            self.i(I::LocalSet(self.slot(base + k)));
        }
        for (k, &(_, dup)) in pattern.iter().enumerate() {
            if dup {
                self.dup(self.slot(base + k as u16));
            }
        }
    }

    /// Emits one instruction; returns whether control falls through to the next one.
    fn instr(&mut self, idx: usize, ins: &Instr) -> bool {
        use Op::*;
        let d = self.flow.depth[idx];
        let top = |k: u16| d - k; // slot index of the k-th value from the top (1 = top)
        match ins.op {
            PushI32 | PushI8 | PushI16 | PushMinus1 | Push0 | Push1 | Push2 | Push3 | Push4
            | Push5 | Push6 | Push7 => {
                let n = Self::int_operand(ins, 0) as i32;
                self.e(&[I::I64Const(int(n)), I::LocalSet(self.slot(d))]);
            }
            PushConst | PushConst8 => {
                let Some(Operand::Const(c)) = ins.operands.first() else {
                    unreachable!()
                };
                self.e(&[I::LocalGet(FUNC), I::I32Const(*c as i32)]);
                self.helper("edgebox_fz_const");
                self.i(I::LocalSet(self.slot(d)));
            }
            Undefined => {
                self.e(&[I::I64Const(UNDEFINED), I::LocalSet(self.slot(d))]);
            }
            Null => {
                self.e(&[I::I64Const(NULL), I::LocalSet(self.slot(d))]);
            }
            PushFalse => {
                self.e(&[I::I64Const(FALSE), I::LocalSet(self.slot(d))]);
            }
            PushTrue => {
                self.e(&[I::I64Const(TRUE), I::LocalSet(self.slot(d))]);
            }
            PushThis => {
                self.set_pc(ins);
                self.e(&[
                    I::LocalGet(CTX),
                    I::LocalGet(THIS),
                    I::I32Const(i32::from(self.f.is_strict())),
                ]);
                self.helper("edgebox_fz_push_this");
                self.i(I::LocalSet(self.slot(d)));
                self.check_exception(self.slot(d), d);
            }
            Object => {
                self.i(I::LocalGet(CTX));
                self.helper("edgebox_fz_object");
                self.i(I::LocalSet(self.slot(d)));
                self.check_exception(self.slot(d), d);
            }
            GetLoc | GetLoc8 | GetLoc0 | GetLoc1 | GetLoc2 | GetLoc3 => {
                let v = self.var(index_operand(ins));
                self.e(&[I::LocalGet(v), I::LocalSet(self.slot(d))]);
                self.dup(self.slot(d));
            }
            GetLoc0Loc1 => {
                for k in 0..2 {
                    self.e(&[I::LocalGet(self.var(k)), I::LocalSet(self.slot(d + k))]);
                    self.dup(self.slot(d + k));
                }
            }
            PutLoc | PutLoc8 | PutLoc0 | PutLoc1 | PutLoc2 | PutLoc3 => {
                let v = self.var(index_operand(ins));
                self.set_value(v, self.slot(top(1)));
            }
            SetLoc | SetLoc8 | SetLoc0 | SetLoc1 | SetLoc2 | SetLoc3 => {
                let v = self.var(index_operand(ins));
                self.dup(self.slot(top(1)));
                self.set_value(v, self.slot(top(1)));
            }
            GetArg | GetArg0 | GetArg1 | GetArg2 | GetArg3 => {
                let a = self.arg(index_operand(ins));
                self.e(&[I::LocalGet(a), I::LocalSet(self.slot(d))]);
                self.dup(self.slot(d));
            }
            PutArg | PutArg0 | PutArg1 | PutArg2 | PutArg3 => {
                let a = self.arg(index_operand(ins));
                self.set_value(a, self.slot(top(1)));
            }
            SetArg | SetArg0 | SetArg1 | SetArg2 | SetArg3 => {
                let a = self.arg(index_operand(ins));
                self.dup(self.slot(top(1)));
                self.set_value(a, self.slot(top(1)));
            }
            GetVarRef | GetVarRef0 | GetVarRef1 | GetVarRef2 | GetVarRef3 | GetVarRefCheck => {
                let k = index_operand(ins);
                self.var_ref_ptr(k);
                self.e(&[
                    I::LocalGet(self.ti),
                    I::I64Load(mem(0, 3)),
                    I::LocalSet(self.slot(d)),
                ]);
                if ins.op == GetVarRefCheck {
                    self.uninitialized_check(self.slot(d), k, true, d, ins);
                }
                self.dup(self.slot(d));
            }
            PutVarRef | PutVarRef0 | PutVarRef1 | PutVarRef2 | PutVarRef3 | PutVarRefCheck
            | SetVarRef | SetVarRef0 | SetVarRef1 | SetVarRef2 | SetVarRef3 => {
                let k = index_operand(ins);
                let is_set = matches!(
                    ins.op,
                    SetVarRef | SetVarRef0 | SetVarRef1 | SetVarRef2 | SetVarRef3
                );
                if is_set {
                    // Before taking the variable's address: `dup` uses `ti` as its scratch.
                    // (Done after it, an object stored by set_var_ref overwrote its own header.)
                    self.dup(self.slot(top(1)));
                }
                self.var_ref_ptr(k);
                self.e(&[
                    I::LocalGet(self.ti),
                    I::I64Load(mem(0, 3)),
                    I::LocalSet(self.t1),
                ]);
                if ins.op == PutVarRefCheck {
                    self.uninitialized_check(self.t1, k, true, d, ins);
                }
                self.e(&[
                    I::LocalGet(self.ti),
                    I::LocalGet(self.slot(top(1))),
                    I::I64Store(mem(0, 3)),
                ]);
                self.free(self.t1);
            }
            SetLocUninitialized => {
                let v = self.var(index_operand(ins));
                self.e(&[I::I64Const(UNINITIALIZED), I::LocalSet(self.t0)]);
                self.set_value(v, self.t0);
            }
            GetLocCheck => {
                let k = index_operand(ins);
                self.uninitialized_check(self.var(k), k, false, d, ins);
                self.e(&[I::LocalGet(self.var(k)), I::LocalSet(self.slot(d))]);
                self.dup(self.slot(d));
            }
            PutLocCheck => {
                let k = index_operand(ins);
                self.uninitialized_check(self.var(k), k, false, d, ins);
                self.set_value(self.var(k), self.slot(top(1)));
            }
            GetVar | GetVarUndef => self.get_var(ins, d),
            PutVar => self.put_var(ins, top(1)),
            PutVarInit => {
                self.set_pc(ins);
                self.i(I::LocalGet(CTX));
                self.atom(ins);
                self.i(I::LocalGet(self.slot(top(1))));
                self.helper("edgebox_fz_put_var_init");
                self.check_status(top(1));
            }
            CheckDefineVar | DefineVar => {
                self.set_pc(ins);
                self.i(I::LocalGet(CTX));
                self.atom(ins);
                self.i(I::I32Const(Self::int_operand(ins, 1) as i32));
                self.helper(if ins.op == CheckDefineVar {
                    "edgebox_fz_check_define_var"
                } else {
                    "edgebox_fz_define_var"
                });
                self.check_status(d);
            }
            PushAtomValue => {
                self.i(I::LocalGet(CTX));
                self.atom(ins);
                self.helper("edgebox_fz_atom_value");
                self.i(I::LocalSet(self.slot(d)));
            }
            PushEmptyString => {
                self.i(I::LocalGet(CTX));
                self.helper("edgebox_fz_empty_string");
                self.i(I::LocalSet(self.slot(d)));
            }
            ArrayFrom => {
                // The helper consumes the elements, also when it throws.
                let argc = Self::int_operand(ins, 0) as u16;
                let first = d - argc;
                self.set_pc(ins);
                self.i(I::LocalGet(CTX));
                self.i(I::I32Const(i32::from(argc)));
                self.spill_args(first, argc);
                self.helper("edgebox_fz_array_from");
                self.i(I::LocalSet(self.slot(first)));
                self.check_exception(self.slot(first), first);
            }
            Regexp => {
                // Consumes the source and the compiled bytecode.
                let (pattern, bytecode) = (self.slot(top(2)), self.slot(top(1)));
                self.set_pc(ins);
                self.e(&[
                    I::LocalGet(CTX),
                    I::LocalGet(pattern),
                    I::LocalGet(bytecode),
                ]);
                self.helper("edgebox_fz_regexp");
                self.i(I::LocalSet(pattern));
                self.check_exception(pattern, top(2));
            }
            DefineField => {
                // Borrows the object, consumes the value.
                self.set_pc(ins);
                self.e(&[I::LocalGet(CTX), I::LocalGet(self.slot(top(2)))]);
                self.atom(ins);
                self.i(I::LocalGet(self.slot(top(1))));
                self.helper("edgebox_fz_define_field");
                self.check_status(top(1));
            }
            DefineArrayEl => {
                // Borrows the object and the key (which stays on the stack), consumes the value.
                self.set_pc(ins);
                self.e(&[
                    I::LocalGet(CTX),
                    I::LocalGet(self.slot(top(3))),
                    I::LocalGet(self.slot(top(2))),
                    I::LocalGet(self.slot(top(1))),
                ]);
                self.helper("edgebox_fz_define_array_el");
                self.check_status(top(1));
            }
            ToPropkey => {
                let v = self.slot(top(1));
                self.set_pc(ins);
                self.e(&[I::LocalGet(CTX), I::LocalGet(v)]);
                self.helper("edgebox_fz_to_propkey");
                self.i(I::LocalSet(v));
                self.check_exception(v, top(1));
            }
            ToPropkey2 => {
                // Borrows the object, consumes the key (also when it throws).
                let key = self.slot(top(1));
                self.set_pc(ins);
                self.e(&[
                    I::LocalGet(CTX),
                    I::LocalGet(self.slot(top(2))),
                    I::LocalGet(key),
                ]);
                self.helper("edgebox_fz_to_propkey2");
                self.i(I::LocalSet(key));
                self.check_exception(key, top(1));
            }
            CallConstructor => {
                // Stack: func, new_target, args…; all consumed, the result takes func's slot.
                let argc = Self::int_operand(ins, 0) as u16;
                let first = d - argc;
                let func = first - 2;
                self.set_pc(ins);
                self.e(&[
                    I::LocalGet(CTX),
                    I::LocalGet(self.slot(func)),
                    I::LocalGet(self.slot(func + 1)),
                    I::I32Const(i32::from(argc)),
                ]);
                self.spill_args(first, argc);
                self.helper("edgebox_fz_call_constructor");
                self.i(I::LocalSet(self.slot(func)));
                self.check_exception(self.slot(func), func);
            }
            Drop => self.free(self.slot(top(1))),
            Nip => {
                self.free(self.slot(top(2)));
                self.shuffle(d, 2, &[(1, false)]);
            }
            Nip1 => {
                self.free(self.slot(top(3)));
                self.shuffle(d, 3, &[(1, false), (2, false)]);
            }
            Dup => self.shuffle(d, 1, &[(0, false), (0, true)]),
            Dup1 => self.shuffle(d, 2, &[(0, false), (0, true), (1, false)]),
            Dup2 => self.shuffle(d, 2, &[(0, false), (1, false), (0, true), (1, true)]),
            Dup3 => self.shuffle(
                d,
                3,
                &[
                    (0, false),
                    (1, false),
                    (2, false),
                    (0, true),
                    (1, true),
                    (2, true),
                ],
            ),
            Insert2 => self.shuffle(d, 2, &[(1, true), (0, false), (1, false)]),
            Insert3 => self.shuffle(d, 3, &[(2, true), (0, false), (1, false), (2, false)]),
            Insert4 => self.shuffle(
                d,
                4,
                &[(3, true), (0, false), (1, false), (2, false), (3, false)],
            ),
            Perm3 => self.shuffle(d, 3, &[(1, false), (0, false), (2, false)]),
            Rot3l => self.shuffle(d, 3, &[(1, false), (2, false), (0, false)]),
            Rot4l => self.shuffle(d, 4, &[(1, false), (2, false), (3, false), (0, false)]),
            Rot5l => self.shuffle(
                d,
                5,
                &[(1, false), (2, false), (3, false), (4, false), (0, false)],
            ),
            Rot3r => self.shuffle(d, 3, &[(2, false), (0, false), (1, false)]),
            Perm4 => self.shuffle(d, 4, &[(2, false), (0, false), (1, false), (3, false)]),
            Perm5 => self.shuffle(
                d,
                5,
                &[(3, false), (0, false), (1, false), (2, false), (4, false)],
            ),
            Swap => self.shuffle(d, 2, &[(1, false), (0, false)]),
            Swap2 => self.shuffle(d, 4, &[(2, false), (3, false), (0, false), (1, false)]),
            Add | Sub | Mul | Div | Mod | Pow | Shl | Sar | Shr | And | Or | Xor | Lt | Lte
            | Gt | Gte | Eq | Neq | StrictEq | StrictNeq => self.binary(ins, d),
            Neg | Plus | Not | Lnot | Typeof => self.unary_slow(ins, top(1)),
            Inc | Dec => {
                let a = self.slot(top(1));
                let (limit, delta) = if ins.op == Inc {
                    (i32::MAX, 1)
                } else {
                    (i32::MIN, -1)
                };
                self.int_step_fast(a, limit, delta, a);
                self.i(I::Else);
                self.nesting += 1;
                self.unary_slow(ins, top(1));
                self.nesting -= 1;
                self.i(I::End);
            }
            PostInc | PostDec => {
                let a = self.slot(top(1));
                let (limit, delta) = if ins.op == PostInc {
                    (i32::MAX, 1)
                } else {
                    (i32::MIN, -1)
                };
                self.int_step_fast(a, limit, delta, self.slot(d));
                self.i(I::Else);
                self.nesting += 1;
                self.set_pc(ins);
                self.e(&[
                    I::LocalGet(CTX),
                    I::I32Const(i32::from(ins.op as u8)),
                    I::LocalGet(a),
                    I::LocalGet(self.frame),
                ]);
                self.e(&[I::I32Const(FRAME_SIZE as i32), I::I32Add]);
                self.helper("edgebox_fz_post_inc");
                self.check_status(top(1));
                for k in 0..2u16 {
                    self.e(&[
                        I::LocalGet(self.frame),
                        I::I64Load(mem(FRAME_SIZE + 8 * u32::from(k), 3)),
                    ]);
                    self.i(I::LocalSet(self.slot(top(1) + k)));
                }
                self.nesting -= 1;
                self.i(I::End);
            }
            IncLoc | DecLoc => {
                let v = self.var(index_operand(ins));
                let (limit, delta, op) = if ins.op == IncLoc {
                    (i32::MAX, 1, Inc)
                } else {
                    (i32::MIN, -1, Dec)
                };
                self.int_step_fast(v, limit, delta, v);
                self.i(I::Else);
                self.nesting += 1;
                self.set_pc(ins);
                self.e(&[I::LocalGet(v), I::LocalSet(self.t0)]);
                self.dup(self.t0);
                self.e(&[
                    I::LocalGet(CTX),
                    I::I32Const(i32::from(op as u8)),
                    I::LocalGet(self.t0),
                ]);
                self.helper("edgebox_fz_unary");
                self.i(I::LocalSet(self.t0));
                self.check_exception(self.t0, d);
                self.set_value(v, self.t0);
                self.nesting -= 1;
                self.i(I::End);
            }
            AddLoc => {
                let v = self.var(index_operand(ins));
                let b = self.slot(top(1));
                self.add_fast_condition(v, b);
                self.i(I::If(BlockType::Empty));
                self.e(&[
                    I::LocalGet(self.t0),
                    I::I64Const(0xffff_ffff),
                    I::I64And,
                    I::LocalSet(v),
                ]);
                self.i(I::Else);
                self.nesting += 1;
                // Two numbers: the variable's old value needs no freeing, nor does `b`.
                assert!(self.float64_binary(Add, v, b));
                self.i(I::Else);
                self.nesting += 1;
                self.set_pc(ins);
                self.e(&[I::LocalGet(CTX), I::LocalGet(v), I::LocalGet(b)]);
                self.helper("edgebox_fz_add_loc");
                self.i(I::LocalSet(self.t0));
                self.check_exception(self.t0, top(1));
                self.set_value(v, self.t0);
                self.nesting -= 2;
                self.e(&[I::End, I::End]);
            }
            IsUndefinedOrNull | IsUndefined | IsNull => {
                let a = self.slot(top(1));
                let tags: &[i32] = match ins.op {
                    IsUndefinedOrNull => &[TAG_UNDEFINED, TAG_NULL],
                    IsUndefined => &[TAG_UNDEFINED],
                    _ => &[TAG_NULL],
                };
                self.i(I::I32Const(0));
                for &t in tags {
                    self.tag(a);
                    self.e(&[I::I32Const(t), I::I32Eq, I::I32Or]);
                }
                self.i(I::LocalSet(self.ti));
                self.free(a);
                self.e(&[
                    I::LocalGet(self.ti),
                    I::I64ExtendI32U,
                    I::I64Const(FALSE),
                    I::I64Or,
                    I::LocalSet(a),
                ]);
            }
            Goto | Goto8 | Goto16 => {
                self.jump(label(ins));
                return false;
            }
            IfFalse | IfFalse8 | IfTrue | IfTrue8 => {
                self.truthiness(self.slot(top(1)));
                if matches!(ins.op, IfFalse | IfFalse8) {
                    self.i(I::I32Eqz);
                }
                self.i(I::If(BlockType::Empty));
                self.nesting += 1;
                self.jump(label(ins));
                self.nesting -= 1;
                self.i(I::End);
            }
            Return => {
                for k in 0..top(1) {
                    self.free(self.slot(k));
                }
                self.e(&[I::LocalGet(self.slot(top(1))), I::LocalSet(self.t0)]);
                let r = self.depth_ret();
                self.i(I::Br(r));
                return false;
            }
            ReturnUndef => {
                for k in 0..d {
                    self.free(self.slot(k));
                }
                self.e(&[I::I64Const(UNDEFINED), I::LocalSet(self.t0)]);
                let r = self.depth_ret();
                self.i(I::Br(r));
                return false;
            }
            Nop => {}
            Call0 | Call1 | Call2 | Call3 | Call | CallMethod | TailCall | TailCallMethod => {
                return self.call(idx, ins, d);
            }
            GetField | GetField2 | GetLength => {
                let obj = self.slot(top(1));
                self.get_field(ins, obj);
                self.check_exception(self.t0, d);
                if ins.op == GetField2 {
                    self.e(&[I::LocalGet(self.t0), I::LocalSet(self.slot(d))]);
                } else {
                    self.free(obj);
                    self.e(&[I::LocalGet(self.t0), I::LocalSet(obj)]);
                }
            }
            PutField => self.put_field(ins, top(2)),
            GetArrayEl | GetArrayEl2 => {
                let (obj, prop) = (self.slot(top(2)), self.slot(top(1)));
                self.get_array_el(ins, obj, prop);
                if ins.op == GetArrayEl {
                    self.free(obj);
                    self.e(&[I::LocalGet(self.t0), I::LocalSet(obj)]);
                    self.check_exception(self.t0, top(2));
                } else {
                    self.e(&[I::LocalGet(self.t0), I::LocalSet(prop)]);
                    self.check_exception(self.t0, top(1));
                }
            }
            PutArrayEl => self.put_array_el(ins, top(3)),
            other => unreachable!("select.rs admitted `{other}` but emit.rs has no code for it"),
        }
        true
    }

    /// Sets `ti` to the address of closure variable `k`.
    fn var_ref_ptr(&mut self, k: u16) {
        self.e(&[I::LocalGet(FUNC), I::I32Const(i32::from(k))]);
        self.helper("edgebox_fz_var_ref");
        self.i(I::LocalSet(self.ti));
    }

    /// Throws the TDZ ReferenceError when local `l` (variable or closure variable `k`) is
    /// uninitialized.
    fn uninitialized_check(&mut self, l: u32, k: u16, is_ref: bool, live: u16, ins: &Instr) {
        self.e(&[
            I::LocalGet(l),
            I::I64Const(UNINITIALIZED),
            I::I64Eq,
            I::If(BlockType::Empty),
        ]);
        self.nesting += 1;
        self.set_pc(ins);
        self.e(&[
            I::LocalGet(CTX),
            I::LocalGet(FUNC),
            I::I32Const(i32::from(k)),
            I::I32Const(i32::from(is_ref)),
        ]);
        self.helper("edgebox_fz_throw_uninitialized");
        self.e(&[I::Drop, I::I32Const(1)]);
        self.throw_if(live);
        self.nesting -= 1;
        self.i(I::End);
    }

    /// Opens `if` on "local `a` is an int32 other than `limit`" and in it stores `a + delta`
    /// into `dst`; the caller emits the `else` arm and the `end`.
    fn int_step_fast(&mut self, a: u32, limit: i32, delta: i32, dst: u32) {
        self.tag(a);
        self.e(&[I::I32Eqz]);
        self.e(&[
            I::LocalGet(a),
            I::I32WrapI64,
            I::I32Const(limit),
            I::I32Ne,
            I::I32And,
        ]);
        self.i(I::If(BlockType::Empty));
        self.e(&[
            I::LocalGet(a),
            I::I32WrapI64,
            I::I32Const(delta),
            I::I32Add,
            I::I64ExtendI32U,
            I::LocalSet(dst),
        ]);
    }

    /// Pushes i32 "a + b is an int32 sum without overflow", leaving the i64 sum in t0.
    fn add_fast_condition(&mut self, a: u32, b: u32) {
        self.e(&[I::I32Const(0), I::LocalSet(self.ti)]);
        self.both_int(a, b);
        self.e(&[I::If(BlockType::Empty)]);
        self.int64_of(a);
        self.int64_of(b);
        self.e(&[I::I64Add, I::LocalTee(self.t0)]);
        self.e(&[
            I::LocalGet(self.t0),
            I::I32WrapI64,
            I::I64ExtendI32S,
            I::I64Eq,
            I::LocalSet(self.ti),
        ]);
        self.i(I::End);
        self.i(I::LocalGet(self.ti));
    }

    /// Pushes i32 truthiness of local `a`, consuming it (JS_ToBoolFree never throws).
    fn truthiness(&mut self, a: u32) {
        self.tag(a);
        self.e(&[I::I32Const(TAG_UNDEFINED), I::I32LeU]);
        self.i(I::If(BlockType::Result(ValType::I32)));
        self.e(&[I::LocalGet(a), I::I32WrapI64, I::I32Const(0), I::I32Ne]);
        self.i(I::Else);
        self.e(&[I::LocalGet(CTX), I::LocalGet(a)]);
        self.helper("edgebox_fz_to_bool");
        self.i(I::End);
    }

    fn unary_slow(&mut self, ins: &Instr, at: u16) {
        let a = self.slot(at);
        self.set_pc(ins);
        self.e(&[
            I::LocalGet(CTX),
            I::I32Const(i32::from(ins.op as u8)),
            I::LocalGet(a),
        ]);
        self.helper("edgebox_fz_unary");
        self.i(I::LocalSet(a));
        // On an exception the helper has consumed the operand: the slot is not live.
        self.check_exception(a, at);
    }

    /// Binary operators: inline int32 fast path where one exists, else the helper.
    fn binary(&mut self, ins: &Instr, d: u16) {
        use Op::*;
        let (a, b) = (self.slot(d - 2), self.slot(d - 1));
        let fast = match ins.op {
            Add | Sub | Mul => {
                self.e(&[I::I32Const(0), I::LocalSet(self.ti)]);
                self.both_int(a, b);
                self.e(&[I::If(BlockType::Empty)]);
                self.int64_of(a).int64_of(b);
                self.i(match ins.op {
                    Add => I::I64Add,
                    Sub => I::I64Sub,
                    _ => I::I64Mul,
                });
                self.e(&[
                    I::LocalTee(self.t0),
                    I::LocalGet(self.t0),
                    I::I32WrapI64,
                    I::I64ExtendI32S,
                    I::I64Eq,
                ]);
                if ins.op == Mul {
                    // 0 from a negative operand is -0, a double: slow path.
                    self.e(&[I::LocalGet(self.t0), I::I64Eqz]);
                    self.e(&[
                        I::LocalGet(a),
                        I::LocalGet(b),
                        I::I64Or,
                        I::I32WrapI64,
                        I::I32Const(0),
                        I::I32LtS,
                    ]);
                    self.e(&[I::I32And, I::I32Eqz, I::I32And]);
                }
                self.i(I::LocalSet(self.ti));
                self.i(I::End);
                self.e(&[I::LocalGet(self.ti), I::If(BlockType::Empty)]);
                self.e(&[
                    I::LocalGet(self.t0),
                    I::I64Const(0xffff_ffff),
                    I::I64And,
                    I::LocalSet(a),
                ]);
                true
            }
            Lt | Lte | Gt | Gte | Eq | Neq | StrictEq | StrictNeq | And | Or | Xor | Shl | Sar => {
                self.both_int(a, b);
                self.e(&[I::If(BlockType::Empty)]);
                self.e(&[I::LocalGet(a), I::I32WrapI64, I::LocalGet(b), I::I32WrapI64]);
                let (op, is_bool) = match ins.op {
                    Lt => (I::I32LtS, true),
                    Lte => (I::I32LeS, true),
                    Gt => (I::I32GtS, true),
                    Gte => (I::I32GeS, true),
                    Eq | StrictEq => (I::I32Eq, true),
                    Neq | StrictNeq => (I::I32Ne, true),
                    And => (I::I32And, false),
                    Or => (I::I32Or, false),
                    Xor => (I::I32Xor, false),
                    Shl => (I::I32Shl, false), // Wasm masks shift counts by 31, as JS does
                    _ => (I::I32ShrS, false),
                };
                self.e(&[op, I::I64ExtendI32U]);
                if is_bool {
                    self.e(&[I::I64Const(FALSE), I::I64Or]);
                }
                self.i(I::LocalSet(a));
                true
            }
            _ => false,
        };
        if fast {
            self.i(I::Else);
            self.nesting += 1;
        }
        // Two numbers, not both int32 (or an int32 result that overflowed): float64 inline.
        let float = self.float64_binary(ins.op, a, b);
        if float {
            self.i(I::Else);
            self.nesting += 1;
        }
        self.set_pc(ins);
        self.e(&[
            I::LocalGet(CTX),
            I::I32Const(i32::from(ins.op as u8)),
            I::LocalGet(a),
            I::LocalGet(b),
        ]);
        self.helper("edgebox_fz_binary");
        self.i(I::LocalSet(a));
        self.check_exception(a, d - 2);
        for open in [float, fast] {
            if open {
                self.nesting -= 1;
                self.i(I::End);
            }
        }
    }

    /// call, call0..3, call_method, tail_call, tail_call_method. Returns whether control falls
    /// through.
    fn call(&mut self, idx: usize, ins: &Instr, d: u16) -> bool {
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
            I::I32Const(super::int32::NO_CLONE),
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
    fn spill_args(&mut self, first: u16, n: u16) {
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
            I::I32Const(super::int32::NO_CLONE),
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
