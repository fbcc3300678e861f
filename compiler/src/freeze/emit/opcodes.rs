//! One bytecode instruction at a time: the opcode-by-opcode translation (`instr`), with the
//! operand-stack shuffles, closure variables and TDZ checks it needs. Arithmetic is in
//! `arith.rs`, calls in `calls.rs`, the inline caches and element fast paths in
//! `fast_paths.rs`.

use super::{BodyEmitter, CTX, FUNC, NEW_TARGET, THIS, mem};
use crate::freeze::flow::{index_operand, label};
use crate::freeze::select::{SPECIAL_OBJECT_NEW_TARGET, SPECIAL_OBJECT_THIS_FUNC};
use crate::freeze::values::*;
use edgebox_abi::frozen::{ATOM_LENGTH, FRAME_SIZE};
use edgebox_opcodes::Op;
use edgebox_opcodes::instr::{Instr, Operand};
use wasm_encoder::{BlockType, Instruction as I};

/// `edgebox_fz_throw_ctor_error`'s argument: a class constructor called without `new`.
const CTOR_ERROR_NOT_NEW: i32 = 0;
/// ... and `super()` called a second time in a derived constructor.
const CTOR_ERROR_THIS_TWICE: i32 = 1;

impl BodyEmitter<'_> {
    pub(super) fn int_operand(ins: &Instr, i: usize) -> i64 {
        match ins.operands.get(i) {
            Some(Operand::Int(n)) => *n,
            other => panic!("{}: expected an integer operand, got {other:?}", ins.op),
        }
    }

    /// Pushes the atom `ins` names: its operand (resolved at load time, so read from the
    /// bytecode), or `length` for get_length.
    pub(super) fn atom(&mut self, ins: &Instr) {
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
    pub(super) fn instr(&mut self, idx: usize, ins: &Instr) -> bool {
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
            Fclosure | Fclosure8 => {
                let Some(Operand::Const(c)) = ins.operands.first() else {
                    unreachable!()
                };
                self.set_pc(ins);
                self.e(&[I::LocalGet(CTX), I::LocalGet(FUNC), I::I32Const(*c as i32)]);
                self.helper("edgebox_fz_fclosure");
                self.i(I::LocalSet(self.slot(d)));
                self.check_exception(self.slot(d), d);
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
            DefineFunc => {
                // The helper consumes the function, also when it throws.
                self.set_pc(ins);
                self.i(I::LocalGet(CTX));
                self.atom(ins);
                self.e(&[
                    I::I32Const(Self::int_operand(ins, 1) as i32),
                    I::LocalGet(self.slot(top(1))),
                ]);
                self.helper("edgebox_fz_define_func");
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
            | Gt | Gte | Eq | Neq | StrictEq | StrictNeq | In | Instanceof => self.binary(ins, d),
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
            Throw => {
                // JS_Throw takes the value; the slots below it are still owned.
                self.set_pc(ins);
                self.e(&[I::LocalGet(CTX), I::LocalGet(self.slot(top(1)))]);
                self.helper("edgebox_fz_throw");
                self.i(I::I32Const(1));
                self.throw_if(top(1));
                return false;
            }
            ThrowError => {
                // The compiler's own errors: assignment to a constant, TDZ, redeclaration.
                self.set_pc(ins);
                self.i(I::LocalGet(CTX));
                self.atom(ins);
                self.i(I::I32Const(Self::int_operand(ins, 1) as i32));
                self.helper("edgebox_fz_throw_error");
                self.i(I::I32Const(1));
                self.throw_if(d);
                return false;
            }
            SpecialObject => {
                // select.rs admits only these two kinds.
                let source = match Self::int_operand(ins, 0) {
                    SPECIAL_OBJECT_THIS_FUNC => FUNC,
                    SPECIAL_OBJECT_NEW_TARGET => NEW_TARGET,
                    other => unreachable!("special_object {other} passed selection"),
                };
                self.e(&[I::LocalGet(source), I::LocalSet(self.slot(d))]);
                self.dup(self.slot(d));
            }
            CheckCtor => {
                // A class constructor called without `new`.
                self.e(&[
                    I::LocalGet(NEW_TARGET),
                    I::I64Const(UNDEFINED),
                    I::I64Eq,
                    I::If(BlockType::Empty),
                ]);
                self.nesting += 1;
                self.set_pc(ins);
                self.e(&[I::LocalGet(CTX), I::I32Const(CTOR_ERROR_NOT_NEW)]);
                self.helper("edgebox_fz_throw_ctor_error");
                self.i(I::I32Const(1));
                self.throw_if(d);
                self.nesting -= 1;
                self.i(I::End);
            }
            GetSuper => {
                // The helper consumes the object, also when it throws.
                self.set_pc(ins);
                self.e(&[I::LocalGet(CTX), I::LocalGet(self.slot(top(1)))]);
                self.helper("edgebox_fz_get_super");
                self.i(I::LocalSet(self.slot(top(1))));
                self.check_exception(self.slot(top(1)), top(1));
            }
            PutLocCheckInit => {
                // `this` of a derived constructor, set by super(): only once.
                let v = self.var(index_operand(ins));
                self.e(&[
                    I::LocalGet(v),
                    I::I64Const(UNINITIALIZED),
                    I::I64Ne,
                    I::If(BlockType::Empty),
                ]);
                self.nesting += 1;
                self.set_pc(ins);
                self.e(&[I::LocalGet(CTX), I::I32Const(CTOR_ERROR_THIS_TWICE)]);
                self.helper("edgebox_fz_throw_ctor_error");
                self.i(I::I32Const(1));
                self.throw_if(d);
                self.nesting -= 1;
                self.i(I::End);
                self.set_value(v, self.slot(top(1)));
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
}
