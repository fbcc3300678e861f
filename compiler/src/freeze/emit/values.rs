//! JSValue plumbing for the body emitter: tags, inline reference counting, int32 checks and
//! truthiness.

use super::{BodyEmitter, CTX, mem};
use crate::freeze::values::*;
use edgebox_abi::frozen::REFCOUNT_BELOW;
use wasm_encoder::{BlockType, Instruction as I, ValType};

impl BodyEmitter<'_> {
    /// Pushes the tag (high word) of local `l` as i32.
    pub(super) fn tag(&mut self, l: u32) -> &mut Self {
        self.i(I::LocalGet(l))
            .i(I::I64Const(32))
            .i(I::I64ShrU)
            .i(I::I32WrapI64)
    }

    /// Opens `if` on "local `l` holds a reference-counted value" and in it leaves the address of
    /// its count (in the allocator header below the object) both in `scratch` and on the stack.
    fn if_refcounted_count_address(&mut self, l: u32, scratch: u32) {
        self.tag(l);
        self.e(&[I::I32Const(TAG_FIRST), I::I32GeU, I::If(BlockType::Empty)]);
        self.e(&[
            I::LocalGet(l),
            I::I32WrapI64,
            I::I32Const(REFCOUNT_BELOW as i32),
            I::I32Sub,
            I::LocalTee(scratch),
        ]);
    }

    /// `JS_DupValue` of local `l`, in place: the count sits in the allocator header below the
    /// object (edgebox_abi::frozen::REFCOUNT_BELOW). Uses `ti` as scratch: never call it
    /// between setting `ti` to an address and using that address.
    pub(super) fn dup(&mut self, l: u32) {
        self.if_refcounted_count_address(l, self.ti);
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
    pub(super) fn free(&mut self, l: u32) {
        self.if_refcounted_count_address(l, self.tf);
        self.e(&[
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
    pub(super) fn set_value(&mut self, dst: u32, src: u32) {
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
    pub(super) fn both_int(&mut self, a: u32, b: u32) -> &mut Self {
        self.i(I::LocalGet(a))
            .i(I::LocalGet(b))
            .i(I::I64Or)
            .i(I::I64Const(32))
            .i(I::I64ShrU)
            .i(I::I64Eqz)
    }

    /// Pushes the int32 payload of local `l`, sign-extended to i64.
    pub(super) fn int64_of(&mut self, l: u32) -> &mut Self {
        self.i(I::LocalGet(l)).i(I::I32WrapI64).i(I::I64ExtendI32S)
    }

    /// Pushes i32 truthiness of local `a`, consuming it (JS_ToBoolFree never throws).
    pub(super) fn truthiness(&mut self, a: u32) {
        self.tag(a);
        self.e(&[I::I32Const(TAG_UNDEFINED), I::I32LeU]);
        self.i(I::If(BlockType::Result(ValType::I32)));
        self.e(&[I::LocalGet(a), I::I32WrapI64, I::I32Const(0), I::I32Ne]);
        self.i(I::Else);
        self.e(&[I::LocalGet(CTX), I::LocalGet(a)]);
        self.helper("edgebox_fz_to_bool");
        self.i(I::End);
    }
}
