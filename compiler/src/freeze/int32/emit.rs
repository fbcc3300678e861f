//! Wasm for an int32 clone: `(budget, arg0..argN: i32) -> i64`.
//!
//! Every argument, local and stack slot is an unboxed i32 (booleans as 0/1); [`super::types`]
//! proved which is which. The result is the boxed JSValue (an int32 or a boolean), or one of
//! the two "give up" values (both JS_EXCEPTION-tagged, a tag no result can have):
//! - [`BAIL_VALUE`]: a value left the int32 domain (overflow, -0, a division by zero, `>>>`
//!   above 2^31−1);
//! - [`BAIL_STACK`]: the recursion `budget` ran out.
//!
//! A self-call passes `budget − 1` (a strict tail call passes it unchanged, as a `return_call`,
//! so tail recursion runs in constant stack); a callee that gives up makes its caller give up
//! with the same value, so the whole clone call unwinds at once and the generic code runs the
//! call again from its start.

use super::types::{Shape, Ty, shuffle_pattern};
use crate::freeze::flow::{Flow, stack_effect};
use crate::freeze::values::{TAG_BOOL, mkval};
use edgebox_opcodes::Op;
use edgebox_opcodes::bytecode::Function as JsFunction;
use edgebox_opcodes::instr::{Instr, Operand};
use wasm_encoder::{BlockType, Function, Instruction as I, ValType};

/// Results of a clone that gave up: JS_EXCEPTION's tag with payload 0 or 1.
pub const BAIL_VALUE: i64 = mkval(crate::freeze::values::TAG_EXCEPTION, 0);
pub const BAIL_STACK: i64 = mkval(crate::freeze::values::TAG_EXCEPTION, 1);

const BUDGET: u32 = 0;
const FIRST_ARG: u32 = 1;

/// The clone's parameter types.
pub fn params(arg_count: u16) -> Vec<ValType> {
    vec![ValType::I32; 1 + usize::from(arg_count)]
}

struct CloneEmitter<'a> {
    f: &'a JsFunction,
    flow: &'a Flow,
    shape: Shape,
    self_index: u32,
    out: Function,
    vars: u32,
    slots: u32,
    state: u32,
    t64: u32,
    block: usize,
    nesting: u32,
}

/// Emits the clone of `f`; `self_index` is the clone's own function index.
pub fn emit(f: &JsFunction, flow: &Flow, shape: Shape, self_index: u32) -> Function {
    let vars = FIRST_ARG + u32::from(f.arg_count);
    let slots = vars + u32::from(f.var_count);
    let state = slots + u32::from(flow.max_depth);
    let i32_locals = u32::from(f.var_count) + u32::from(flow.max_depth) + 1;
    let out = Function::new([(i32_locals, ValType::I32), (1, ValType::I64)]);
    let mut e = CloneEmitter {
        f,
        flow,
        shape,
        self_index,
        out,
        vars,
        slots,
        state,
        t64: state + 1,
        block: 0,
        nesting: 0,
    };
    e.body();
    e.out
}

impl CloneEmitter<'_> {
    fn e(&mut self, seq: &[I<'_>]) {
        for ins in seq {
            self.out.instruction(ins);
        }
    }

    fn slot(&self, k: u16) -> u32 {
        self.slots + u32::from(k)
    }

    fn index(ins: &Instr) -> u32 {
        match ins.operands.first() {
            Some(Operand::Loc(n) | Operand::Arg(n) | Operand::VarRef(n)) => u32::from(*n),
            other => panic!("{}: expected an index operand, got {other:?}", ins.op),
        }
    }

    fn var(&self, ins: &Instr) -> u32 {
        self.vars + Self::index(ins)
    }

    fn arg(ins: &Instr) -> u32 {
        FIRST_ARG + Self::index(ins)
    }

    /// Leaves the clone with [`BAIL_VALUE`] when the i32 condition on the stack holds.
    fn bail_if(&mut self) {
        self.e(&[
            I::If(BlockType::Empty),
            I::I64Const(BAIL_VALUE),
            I::Return,
            I::End,
        ]);
    }

    fn body(&mut self) {
        self.e(&[
            I::LocalGet(BUDGET),
            I::I32Eqz,
            I::If(BlockType::Empty),
            I::I64Const(BAIL_STACK),
            I::Return,
            I::End,
        ]);
        let n = self.flow.blocks.len();
        self.e(&[I::Loop(BlockType::Empty)]);
        for _ in 0..n {
            self.e(&[I::Block(BlockType::Empty)]);
        }
        let labels: Vec<u32> = (0..n as u32).collect();
        self.e(&[I::LocalGet(self.state), I::BrTable(labels.into(), 0)]);
        for b in 0..n {
            self.e(&[I::End]);
            self.block = b;
            self.nesting = 0;
            let mut falls_through = true;
            for idx in self.flow.blocks[b].clone() {
                let ins = self.flow.instrs[idx].clone();
                falls_through = self.instr(idx, &ins);
            }
            if falls_through && b + 1 == n {
                self.e(&[I::Unreachable]);
            }
        }
        self.e(&[I::End, I::Unreachable, I::End]);
    }

    fn jump(&mut self, pc: u32) {
        let target = self.flow.block_of_pc(pc);
        let depth = (self.flow.blocks.len() - 1 - self.block) as u32 + self.nesting;
        self.e(&[
            I::I32Const(target as i32),
            I::LocalSet(self.state),
            I::Br(depth),
        ]);
    }

    /// Boxes the i32 in local `l` as the function's return type.
    fn boxed(&mut self, l: u32) {
        self.e(&[I::LocalGet(l), I::I64ExtendI32U]);
        if self.shape.returns == Ty::Bool {
            self.e(&[I::I64Const(mkval(TAG_BOOL, 0)), I::I64Or]);
        }
    }

    /// `dst = a op b` for + - *, giving up on overflow and on -0.
    fn arith(&mut self, op: Op, a: u32, b: u32, dst: u32) {
        self.e(&[
            I::LocalGet(a),
            I::I64ExtendI32S,
            I::LocalGet(b),
            I::I64ExtendI32S,
        ]);
        self.e(&[match op {
            Op::Add => I::I64Add,
            Op::Sub => I::I64Sub,
            _ => I::I64Mul,
        }]);
        self.e(&[
            I::LocalTee(self.t64),
            I::LocalGet(self.t64),
            I::I32WrapI64,
            I::I64ExtendI32S,
            I::I64Ne,
        ]);
        self.bail_if();
        if op == Op::Mul {
            // 0 from a negative operand is -0, a double.
            self.e(&[
                I::LocalGet(self.t64),
                I::I64Eqz,
                I::LocalGet(a),
                I::LocalGet(b),
                I::I32Or,
                I::I32Const(0),
                I::I32LtS,
                I::I32And,
            ]);
            self.bail_if();
        }
        self.e(&[I::LocalGet(self.t64), I::I32WrapI64, I::LocalSet(dst)]);
    }

    /// `dst = a + delta` for ++/--, giving up at the int32 limit.
    fn step(&mut self, a: u32, delta: i32, dst: u32) {
        let limit = if delta > 0 { i32::MAX } else { i32::MIN };
        self.e(&[I::LocalGet(a), I::I32Const(limit), I::I32Eq]);
        self.bail_if();
        self.e(&[
            I::LocalGet(a),
            I::I32Const(delta),
            I::I32Add,
            I::LocalSet(dst),
        ]);
    }

    fn instr(&mut self, idx: usize, ins: &Instr) -> bool {
        use Op::*;
        let d = self.flow.depth[idx];
        let top = |k: u16| d - k;
        match ins.op {
            PushI32 | PushI8 | PushI16 | PushMinus1 | Push0 | Push1 | Push2 | Push3 | Push4
            | Push5 | Push6 | Push7 => {
                let Some(Operand::Int(n)) = ins.operands.first() else {
                    unreachable!()
                };
                self.e(&[I::I32Const(*n as i32), I::LocalSet(self.slot(d))]);
            }
            PushFalse => self.e(&[I::I32Const(0), I::LocalSet(self.slot(d))]),
            PushTrue => self.e(&[I::I32Const(1), I::LocalSet(self.slot(d))]),
            GetArg | GetArg0 | GetArg1 | GetArg2 | GetArg3 => {
                self.e(&[I::LocalGet(Self::arg(ins)), I::LocalSet(self.slot(d))])
            }
            PutArg | PutArg0 | PutArg1 | PutArg2 | PutArg3 => {
                self.e(&[I::LocalGet(self.slot(top(1))), I::LocalSet(Self::arg(ins))])
            }
            SetArg | SetArg0 | SetArg1 | SetArg2 | SetArg3 => {
                self.e(&[I::LocalGet(self.slot(top(1))), I::LocalSet(Self::arg(ins))])
            }
            GetLoc | GetLoc8 | GetLoc0 | GetLoc1 | GetLoc2 | GetLoc3 | GetLocCheck => {
                let v = self.var(ins);
                self.e(&[I::LocalGet(v), I::LocalSet(self.slot(d))]);
            }
            GetLoc0Loc1 => {
                for k in 0..2 {
                    self.e(&[
                        I::LocalGet(self.vars + u32::from(k)),
                        I::LocalSet(self.slot(d + k)),
                    ]);
                }
            }
            PutLoc | PutLoc8 | PutLoc0 | PutLoc1 | PutLoc2 | PutLoc3 | PutLocCheck | SetLoc
            | SetLoc8 | SetLoc0 | SetLoc1 | SetLoc2 | SetLoc3 => {
                let v = self.var(ins);
                self.e(&[I::LocalGet(self.slot(top(1))), I::LocalSet(v)]);
            }
            // Types only: nothing reads these values at run time.
            SetLocUninitialized | GetVar | GetVarRef | GetVarRef0 | GetVarRef1 | GetVarRef2
            | GetVarRef3 | GetVarRefCheck | Drop | Nop | Plus => {}
            Nip | Nip1 | Dup | Dup1 | Dup2 | Dup3 | Swap | Swap2 | Insert2 | Insert3 | Insert4
            | Perm3 | Perm4 | Perm5 | Rot3l | Rot3r | Rot4l | Rot5l => {
                let (n, pattern) = shuffle_pattern(ins.op);
                let base = d - n as u16;
                for &src in pattern {
                    self.e(&[I::LocalGet(self.slot(base + src as u16))]);
                }
                for k in (0..pattern.len() as u16).rev() {
                    self.e(&[I::LocalSet(self.slot(base + k))]);
                }
            }
            Add | Sub | Mul => self.arith(
                ins.op,
                self.slot(top(2)),
                self.slot(top(1)),
                self.slot(top(2)),
            ),
            Mod => {
                let (a, b) = (self.slot(top(2)), self.slot(top(1)));
                // x % 0 is NaN; a zero remainder of a negative dividend is -0. (i32.rem_s of
                // -2^31 by -1 is 0 in Wasm, no trap, and gives up here as -0.)
                self.e(&[I::LocalGet(b), I::I32Eqz]);
                self.bail_if();
                self.e(&[
                    I::LocalGet(a),
                    I::LocalGet(b),
                    I::I32RemS,
                    I::LocalTee(b),
                    I::I32Eqz,
                    I::LocalGet(a),
                    I::I32Const(0),
                    I::I32LtS,
                    I::I32And,
                ]);
                self.bail_if();
                self.e(&[I::LocalGet(b), I::LocalSet(a)]);
            }
            And | Or | Xor | Shl | Sar | Shr | Lt | Lte | Gt | Gte | Eq | Neq | StrictEq
            | StrictNeq => {
                let (a, b) = (self.slot(top(2)), self.slot(top(1)));
                self.e(&[I::LocalGet(a), I::LocalGet(b)]);
                self.e(&[match ins.op {
                    And => I::I32And,
                    Or => I::I32Or,
                    Xor => I::I32Xor,
                    Shl => I::I32Shl, // Wasm masks shift counts by 31, as JS does
                    Sar => I::I32ShrS,
                    Shr => I::I32ShrU,
                    Lt => I::I32LtS,
                    Lte => I::I32LeS,
                    Gt => I::I32GtS,
                    Gte => I::I32GeS,
                    Eq | StrictEq => I::I32Eq,
                    _ => I::I32Ne,
                }]);
                self.e(&[I::LocalSet(a)]);
                if ins.op == Shr {
                    // Above 2^31 − 1 the result is a double.
                    self.e(&[I::LocalGet(a), I::I32Const(0), I::I32LtS]);
                    self.bail_if();
                }
            }
            Neg => {
                let a = self.slot(top(1));
                // -0 and -(-2^31) are doubles.
                self.e(&[I::LocalGet(a), I::I32Const(i32::MAX), I::I32And, I::I32Eqz]);
                self.bail_if();
                self.e(&[I::I32Const(0), I::LocalGet(a), I::I32Sub, I::LocalSet(a)]);
            }
            Not => {
                let a = self.slot(top(1));
                self.e(&[I::LocalGet(a), I::I32Const(-1), I::I32Xor, I::LocalSet(a)]);
            }
            Lnot => {
                let a = self.slot(top(1));
                self.e(&[I::LocalGet(a), I::I32Eqz, I::LocalSet(a)]);
            }
            Inc | Dec => {
                let a = self.slot(top(1));
                self.step(a, if ins.op == Inc { 1 } else { -1 }, a);
            }
            PostInc | PostDec => {
                let a = self.slot(top(1));
                self.step(a, if ins.op == PostInc { 1 } else { -1 }, self.slot(d));
            }
            IncLoc | DecLoc => {
                let v = self.var(ins);
                self.step(v, if ins.op == IncLoc { 1 } else { -1 }, v);
            }
            AddLoc => {
                let v = self.var(ins);
                self.arith(Add, v, self.slot(top(1)), v);
            }
            IfFalse | IfFalse8 | IfTrue | IfTrue8 => {
                self.e(&[I::LocalGet(self.slot(top(1)))]);
                if matches!(ins.op, IfFalse | IfFalse8) {
                    self.e(&[I::I32Eqz]);
                }
                self.e(&[I::If(BlockType::Empty)]);
                self.nesting += 1;
                self.jump(label(ins));
                self.nesting -= 1;
                self.e(&[I::End]);
            }
            Goto | Goto8 | Goto16 => {
                self.jump(label(ins));
                return false;
            }
            Return => {
                self.boxed(self.slot(top(1)));
                self.e(&[I::Return]);
                return false;
            }
            Call0 | Call1 | Call2 | Call3 | Call | TailCall => return self.call(idx, ins, d),
            other => {
                unreachable!("int32 analysis admitted `{other}` but the clone has no code for it")
            }
        }
        true
    }

    /// A self-call (the analysis proved the callee is the function itself).
    fn call(&mut self, idx: usize, ins: &Instr, d: u16) -> bool {
        let argc = stack_effect(ins).0 - 1;
        let func_slot = d - argc - 1;
        let first_arg = func_slot + 1;
        // As in the generic body: only strict code drops its frame for a call in tail position.
        let tail = self.f.is_strict()
            && (ins.op == Op::TailCall
                || self
                    .flow
                    .instrs
                    .get(idx + 1)
                    .is_some_and(|n| n.op == Op::Return));
        self.e(&[I::LocalGet(BUDGET)]);
        if !tail {
            self.e(&[I::I32Const(1), I::I32Sub]);
        }
        for k in 0..self.f.arg_count {
            self.e(&[I::LocalGet(self.slot(first_arg + k))]);
        }
        if tail {
            self.e(&[I::ReturnCall(self.self_index)]);
            return false;
        }
        self.e(&[I::Call(self.self_index), I::LocalTee(self.t64)]);
        // A callee that gave up (a JS_EXCEPTION tag): give up the same way.
        self.e(&[
            I::I64Const(32),
            I::I64ShrU,
            I::I32WrapI64,
            I::I32Const(TAG_BOOL),
            I::I32GtU,
        ]);
        self.e(&[
            I::If(BlockType::Empty),
            I::LocalGet(self.t64),
            I::Return,
            I::End,
        ]);
        self.e(&[
            I::LocalGet(self.t64),
            I::I32WrapI64,
            I::LocalSet(self.slot(func_slot)),
        ]);
        if ins.op == Op::TailCall {
            self.boxed(self.slot(func_slot));
            self.e(&[I::Return]);
            return false;
        }
        true
    }
}

fn label(ins: &Instr) -> u32 {
    ins.operands
        .iter()
        .find_map(|o| {
            if let Operand::Label(l) = o {
                Some(*l)
            } else {
                None
            }
        })
        .expect("jump without a label")
}
