//! Arithmetic, bitwise and comparison operators: inline int32 paths where the result is
//! exact, float64 paths from `fast_paths.rs`, and the guest's helpers for everything else.

use super::{BodyEmitter, CTX};
use crate::freeze::values::*;
use edgebox_opcodes::Op;
use edgebox_opcodes::instr::Instr;
use wasm_encoder::{BlockType, Instruction as I};

impl BodyEmitter<'_> {
    /// Opens `if` on "local `a` is an int32 other than `limit`" and in it stores `a + delta`
    /// into `dst`; the caller emits the `else` arm and the `end`.
    pub(super) fn int_step_fast(&mut self, a: u32, limit: i32, delta: i32, dst: u32) {
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
    pub(super) fn add_fast_condition(&mut self, a: u32, b: u32) {
        self.e(&[I::I32Const(0), I::LocalSet(self.ti)]);
        self.both_int(a, b);
        self.e(&[I::If(BlockType::Empty)]);
        self.int64_of(a);
        self.int64_of(b);
        self.e(&[I::I64Add, I::LocalTee(self.t0)]);
        self.e(&in_int32_range());
        self.i(I::LocalSet(self.ti));
        self.i(I::End);
        self.i(I::LocalGet(self.ti));
    }

    pub(super) fn unary_slow(&mut self, ins: &Instr, at: u16) {
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
    pub(super) fn binary(&mut self, ins: &Instr, d: u16) {
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
                self.i(I::LocalTee(self.t0));
                self.e(&in_int32_range());
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
}
