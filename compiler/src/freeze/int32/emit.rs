//! Wasm for an int32 clone: `(budget, arg0..argN: i32) -> i64`.
//!
//! Every argument, local and stack slot is an unboxed i32 (booleans as 0/1); [`super::types`]
//! proved which is which. The result is the boxed JSValue (an int32 or a boolean), or one of
//! the two "give up" values (both JS_EXCEPTION-tagged, a tag no result can have):
//! - [`BAIL_VALUE`]: a value left the int32 domain (overflow, -0, a division by zero, `>>>`
//!   above 2^31−1);
//! - [`BAIL_STACK`]: the recursion `budget` ran out.
//!
//! A self-call passes `budget − 1` (a strict tail call is a jump back to the start with the new
//! arguments and the same budget, so tail recursion runs in constant stack); a callee that gives up makes its caller give up
//! with the same value, so the whole clone call unwinds at once and the generic code runs the
//! call again from its start.
//!
//! Self-calls are inlined a few levels deep when the function is small and has no self tail
//! call (see [`inline_levels`]): each copy gets locals of its own and is charged one level of
//! the budget, as the call would have been. LLVM does not inline a recursive function into
//! itself; for fib (two self-calls, six levels: 127 copies) 126 of every 127 calls go. The
//! depth was chosen over fib(30..38), not one argument: the time moves a lot with the argument
//! (LLVM folds the small cases of the inlined copies into constants, and which cases the calls
//! left reach depends on it). Compute time against four levels, 2026-12-05, median of 9:
//! five levels 0.94× on average, six 0.83× (0.64× at fib(35), 0.88× at fib(38), 1.03× at
//! fib(30)), seven 0.93×.
//!
//! When every self-call's result is added to a value and returned, `return a + f(x)`, each
//! becomes a jump back to the start with the new arguments and `a` added to an accumulator that every
//! return adds in (see [`is_accumulating`]): the recursion turned into a loop, as LLVM's and
//! GCC's tail-recursion elimination do for C. The sum is made in another order, which is exact
//! here: a partial sum outside int32 gives up (the generic code then adds in the original
//! order), and a total inside it is the same number whichever order made it (the generic
//! code's doubles are exact at these magnitudes). Each turn of that loop stands for a frame the recursion would have
//! had, so it is charged one level of the budget: a recursion too deep for the JS stack still
//! gives up, and the generic code throws the RangeError it always did.

use super::types::{Shape, Ty, shuffle_pattern};
use crate::freeze::flow::{Flow, forward_branch_depth, index_operand, label, stack_effect};
use crate::freeze::values::{TAG_BOOL, in_int32_range, mkval};
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

/// Inlining limits: at most this many copies of the function in one clone, this many
/// bytecode instructions over all copies, and this many levels.
const INLINE_MAX_COPIES: usize = 128;
const INLINE_MAX_INSTRS: usize = 3200;
const INLINE_MAX_LEVELS: u32 = 6;

/// How many levels of self-calls to inline, and the number of copies that makes.
fn inline_levels(calls: usize, instrs: usize) -> (i32, usize) {
    let mut best = (0, 1);
    for levels in 1..=INLINE_MAX_LEVELS {
        let copies: usize = (0..=levels).map(|l| calls.pow(l)).sum();
        if copies > INLINE_MAX_COPIES || copies * instrs > INLINE_MAX_INSTRS {
            break;
        }
        best = (levels as i32, copies);
    }
    best
}

/// The locals of one copy of the function: the clone itself (depth 0) or an inlined self-call.
#[derive(Clone, Copy)]
struct Instance {
    args: u32,
    vars: u32,
    slots: u32,
    state: u32,
    /// Self-calls between the clone's entry and this copy (budget levels it is charged).
    depth: i32,
    /// The local holding this copy's budget: frames left for it and everything it calls.
    budget: u32,
    /// The accumulator of [`is_accumulating`] calls (only read when the function has one).
    acc: u32,
    /// An inlined copy's result: the caller's slot that receives the call's value.
    result: u32,
}

struct CloneEmitter<'a> {
    f: &'a JsFunction,
    flow: &'a Flow,
    shape: Shape,
    self_index: u32,
    out: Function,
    t64: u32,
    /// The first local not yet given to an instance.
    next_local: u32,
    /// Self-calls from instances shallower than this are inlined.
    inline_levels: i32,
    /// Whether some self-call is [`is_accumulating`]: every return then adds the accumulator.
    accumulates: bool,
    at: Instance,
    block: usize,
    nesting: u32,
}

/// Emits the clone of `f`; `self_index` is the clone's own function index.
pub fn emit(f: &JsFunction, flow: &Flow, shape: Shape, self_index: u32) -> Function {
    // Accumulating calls become jumps only when that leaves no call at all (a loop instead of
    // a recursion). With calls left, the inlined tree below is faster: fib(41), whose second
    // call accumulates, ran in 431 ms as a loop around one inlined call against 334 ms as the
    // 31-copy tree; a linear recursion (`n + s(n - 1)`, 60 M levels) went 80 → 69 ms.
    let calls = flow.instrs.iter().filter(|i| is_call(i.op)).count();
    let accumulating = (0..flow.instrs.len())
        .filter(|&idx| is_accumulating(f, flow, idx))
        .count();
    let accumulates = shape.returns == Ty::Int && accumulating > 0 && accumulating == calls;
    let calls = if accumulates { 0 } else { calls };
    let has_tail = flow
        .instrs
        .iter()
        .enumerate()
        .any(|(idx, i)| is_call(i.op) && is_tail(f, flow, idx));
    let (inline_levels, instances) = if has_tail {
        (0, 1)
    } else {
        inline_levels(calls, flow.instrs.len())
    };
    // Arguments, variables, stack slots, and the dispatch state, budget and accumulator.
    let per_instance =
        u32::from(f.arg_count) + u32::from(f.var_count) + u32::from(flow.max_depth) + 3;
    let instances = instances as u32;
    let i32_locals = per_instance * instances - u32::from(f.arg_count);
    let t64 = FIRST_ARG + u32::from(f.arg_count) + i32_locals;
    let out = Function::new([(i32_locals, ValType::I32), (1, ValType::I64)]);
    let top = Instance {
        args: FIRST_ARG,
        vars: 0,
        slots: 0,
        state: 0,
        depth: 0,
        budget: BUDGET,
        acc: 0,
        result: 0,
    };
    let mut e = CloneEmitter {
        f,
        flow,
        shape,
        self_index,
        out,
        t64,
        next_local: FIRST_ARG + u32::from(f.arg_count),
        inline_levels,
        accumulates,
        at: top,
        block: 0,
        nesting: 0,
    };
    e.at = e.instance(0, false);
    e.e(&[I::LocalGet(BUDGET), I::LocalSet(e.at.budget)]);
    // The budget must cover this call and every inlined level below it (each would have been
    // a call charged one level): checked once here rather than at every inlined call. Giving up
    // a few levels early near the limit is exact — the generic code runs the call instead.
    e.e(&[
        I::LocalGet(BUDGET),
        I::I32Const(inline_levels),
        I::I32LeS,
        I::If(BlockType::Empty),
        I::I64Const(BAIL_STACK),
        I::Return,
        I::End,
    ]);
    e.body();
    e.e(&[I::End]);
    e.out
}

fn is_call(op: Op) -> bool {
    matches!(
        op,
        Op::Call0 | Op::Call1 | Op::Call2 | Op::Call3 | Op::Call | Op::TailCall
    )
}

/// A self-call whose result is the right operand of an `add` whose sum is returned at once:
/// `return a + f(x)` (the left operand was computed before the call).
fn is_accumulating(f: &JsFunction, flow: &Flow, idx: usize) -> bool {
    let ops = |k: usize| flow.instrs.get(idx + k).map(|i| i.op);
    is_call(ops(0).unwrap_or(Op::Nop))
        && flow.instrs[idx].op != Op::TailCall
        && !is_tail(f, flow, idx)
        && ops(1) == Some(Op::Add)
        && ops(2) == Some(Op::Return)
        // The add reads the call's result and the value below it.
        && flow.depth[idx + 1] >= 2
        && flow.depth[idx + 1] == flow.depth[idx] - (stack_effect(&flow.instrs[idx]).0 - 1)
}

/// A call in tail position that strict code turns into a proper tail call (as the generic
/// body does: only strict code drops its frame).
fn is_tail(f: &JsFunction, flow: &Flow, idx: usize) -> bool {
    f.is_strict()
        && (flow.instrs[idx].op == Op::TailCall
            || flow.instrs.get(idx + 1).is_some_and(|n| n.op == Op::Return))
}

impl CloneEmitter<'_> {
    fn e(&mut self, seq: &[I<'_>]) {
        for ins in seq {
            self.out.instruction(ins);
        }
    }

    /// Gives the next locals to a new instance (the top one keeps the parameters as its args).
    fn instance(&mut self, depth: i32, own_args: bool) -> Instance {
        let args = if own_args {
            let a = self.next_local;
            self.next_local += u32::from(self.f.arg_count);
            a
        } else {
            FIRST_ARG
        };
        let vars = self.next_local;
        let slots = vars + u32::from(self.f.var_count);
        let state = slots + u32::from(self.flow.max_depth);
        self.next_local = state + 3;
        Instance {
            args,
            vars,
            slots,
            state,
            depth,
            budget: state + 1,
            acc: state + 2,
            result: 0,
        }
    }

    fn slot(&self, k: u16) -> u32 {
        self.at.slots + u32::from(k)
    }

    fn var(&self, ins: &Instr) -> u32 {
        self.at.vars + u32::from(index_operand(ins))
    }

    fn arg(&self, ins: &Instr) -> u32 {
        self.at.args + u32::from(index_operand(ins))
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

    /// The dispatch loop over the basic blocks of the current instance. Control never leaves
    /// it by falling out: the top instance returns, an inlined one branches past its block.
    fn body(&mut self) {
        let n = self.flow.blocks.len();
        if self.accumulates {
            self.e(&[I::I32Const(0), I::LocalSet(self.at.acc)]);
        }
        self.e(&[
            I::I32Const(0),
            I::LocalSet(self.at.state),
            I::Loop(BlockType::Empty),
        ]);
        for _ in 0..n {
            self.e(&[I::Block(BlockType::Empty)]);
        }
        let labels: Vec<u32> = (0..n as u32).collect();
        self.e(&[I::LocalGet(self.at.state), I::BrTable(labels.into(), 0)]);
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
        self.e(&[I::End, I::Unreachable]);
    }

    /// Branch depth of the current instance's dispatch loop.
    fn depth_loop(&self) -> u32 {
        (self.flow.blocks.len() - 1 - self.block) as u32 + self.nesting
    }

    fn jump(&mut self, pc: u32) {
        self.jump_to_block(self.flow.block_of_pc(pc));
    }

    fn jump_to_block(&mut self, target: usize) {
        if let Some(depth) = forward_branch_depth(self.block, target, self.nesting) {
            self.e(&[I::Br(depth)]);
            return;
        }
        let depth = self.depth_loop();
        self.e(&[
            I::I32Const(target as i32),
            I::LocalSet(self.at.state),
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
        self.e(&[I::LocalTee(self.t64)]);
        self.e(&in_int32_range());
        self.e(&[I::I32Eqz]);
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
                self.e(&[I::LocalGet(self.arg(ins)), I::LocalSet(self.slot(d))])
            }
            PutArg | PutArg0 | PutArg1 | PutArg2 | PutArg3 => {
                self.e(&[I::LocalGet(self.slot(top(1))), I::LocalSet(self.arg(ins))])
            }
            SetArg | SetArg0 | SetArg1 | SetArg2 | SetArg3 => {
                self.e(&[I::LocalGet(self.slot(top(1))), I::LocalSet(self.arg(ins))])
            }
            GetLoc | GetLoc8 | GetLoc0 | GetLoc1 | GetLoc2 | GetLoc3 | GetLocCheck => {
                let v = self.var(ins);
                self.e(&[I::LocalGet(v), I::LocalSet(self.slot(d))]);
            }
            GetLoc0Loc1 => {
                for k in 0..2 {
                    self.e(&[
                        I::LocalGet(self.at.vars + u32::from(k)),
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
            Return if self.at.depth > 0 => {
                // The inlined copy's result goes to the caller's slot (the `result` local), then
                // control leaves the copy's block, just outside its dispatch loop.
                self.add_accumulator(self.slot(top(1)));
                self.leave_inlined(self.slot(top(1)));
                return false;
            }
            Return => {
                self.add_accumulator(self.slot(top(1)));
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

    /// Ends an inlined copy with the i32 in `value` as its result.
    fn leave_inlined(&mut self, value: u32) {
        self.e(&[I::LocalGet(value), I::LocalSet(self.at.result)]);
        let d = self.depth_loop() + 1;
        self.e(&[I::Br(d)]);
    }

    /// Adds the accumulator into the value about to be returned (see [`is_accumulating`]).
    fn add_accumulator(&mut self, value: u32) {
        if self.accumulates {
            self.arith(Op::Add, self.at.acc, value, value);
        }
    }

    /// Pushes the budget a call from the current instance passes on.
    fn callee_budget(&mut self) {
        self.e(&[I::LocalGet(self.at.budget), I::I32Const(1), I::I32Sub]);
    }

    /// `return a + f(args)` as a jump: `acc += a`, the arguments replaced, back to the start,
    /// charged one budget level as the frame it stands for.
    fn accumulate(&mut self, func_slot: u16, first_arg: u16) {
        self.arith(Op::Add, self.at.acc, self.slot(func_slot - 1), self.at.acc);
        // The levels inlined below this copy still need one each (the entry checked this for
        // the start budget; each turn lowers it).
        let below = self.inline_levels - self.at.depth;
        self.e(&[
            I::LocalGet(self.at.budget),
            I::I32Const(1),
            I::I32Sub,
            I::LocalTee(self.at.budget),
            I::I32Const(below),
            I::I32LeS,
            I::If(BlockType::Empty),
            I::I64Const(BAIL_STACK),
            I::Return,
            I::End,
        ]);
        self.restart_with_args(first_arg);
    }

    /// Back to the start of the current copy with the arguments in the slots from `first_arg`
    /// (a self-call that needs no frame of its own).
    fn restart_with_args(&mut self, first_arg: u16) {
        for k in 0..self.f.arg_count {
            self.e(&[I::LocalGet(self.slot(first_arg + k))]);
        }
        for k in (0..u32::from(self.f.arg_count)).rev() {
            self.e(&[I::LocalSet(self.at.args + k)]);
        }
        self.jump_to_block(0);
    }

    /// A self-call (the analysis proved the callee is the function itself).
    fn call(&mut self, idx: usize, ins: &Instr, d: u16) -> bool {
        let argc = stack_effect(ins).0 - 1;
        let func_slot = d - argc - 1;
        let first_arg = func_slot + 1;
        let tail = is_tail(self.f, self.flow, idx);
        if tail {
            // A proper tail call to itself is a jump back to the start with the new arguments
            // (same budget, as a `return_call` would pass): no frame at all, on any engine (WAMR's
            // LLVM AOT makes `return_call` a real call). The locals need no reset: the analysis
            // rejects reading one before it is written. Only ever in the top instance: functions
            // with tail self-calls are not inlined.
            self.restart_with_args(first_arg);
            return false;
        }
        if self.accumulates && is_accumulating(self.f, self.flow, idx) {
            self.accumulate(func_slot, first_arg);
            return false;
        }
        if self.at.depth < self.inline_levels {
            self.inline_call(func_slot, first_arg);
        } else {
            self.callee_budget();
            for k in 0..self.f.arg_count {
                self.e(&[I::LocalGet(self.slot(first_arg + k))]);
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
        }
        if ins.op == Op::TailCall {
            // A tail_call the function's mode does not make a proper tail call: return the value.
            if self.at.depth > 0 {
                self.leave_inlined(self.slot(func_slot));
            } else {
                self.boxed(self.slot(func_slot));
                self.e(&[I::Return]);
            }
            return false;
        }
        true
    }

    /// The callee's code in place of the call: its own locals, its result in `func_slot`.
    fn inline_call(&mut self, func_slot: u16, first_arg: u16) {
        // No budget check: the entry made sure the budget covers every inlined level.
        let mut callee = self.instance(self.at.depth + 1, true);
        callee.result = self.slot(func_slot);
        self.e(&[
            I::LocalGet(self.at.budget),
            I::I32Const(1),
            I::I32Sub,
            I::LocalSet(callee.budget),
        ]);
        for k in 0..u32::from(self.f.arg_count) {
            self.e(&[
                I::LocalGet(self.slot(first_arg + k as u16)),
                I::LocalSet(callee.args + k),
            ]);
        }
        let caller = (self.at, self.block, self.nesting);
        self.at = callee;
        self.e(&[I::Block(BlockType::Empty)]);
        self.body();
        self.e(&[I::End]);
        (self.at, self.block, self.nesting) = caller;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inlining_stays_within_its_limits() {
        // fib: two self-calls, six levels = 1 + 2 + 4 + … + 64 copies.
        assert_eq!(inline_levels(2, 16), (6, 127));
        // Linear recursion: one copy per level, as deep as allowed.
        assert_eq!(inline_levels(1, 10), (6, 7));
        // Three calls: four levels (1 + 3 + 9 + 27 + 81); five would be 364 copies.
        assert_eq!(inline_levels(3, 10), (4, 121));
        // fib-sized but longer: the instruction budget stops it at five levels (63 × 50).
        assert_eq!(inline_levels(2, 50), (5, 63));
        // A long function is not copied (2 × 1700 instructions is over the budget).
        assert_eq!(inline_levels(1, 1700), (0, 1));
    }
}
