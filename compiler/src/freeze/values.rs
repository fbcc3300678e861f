//! QuickJS-NG's JSValue on wasm32: 64-bit NaN boxing (quickjs.h, `JS_NAN_BOXING`). The tag is
//! the high 32 bits, the payload (int32, bool, pointer) the low 32; doubles are stored offset so
//! that their high word never collides with a tag. Tags below zero carry a reference count in
//! the first word of the pointed-to object.

pub const TAG_INT: i32 = 0;
pub const TAG_BOOL: i32 = 1;
pub const TAG_NULL: i32 = 2;
pub const TAG_UNDEFINED: i32 = 3;
pub const TAG_UNINITIALIZED: i32 = 4;
pub const TAG_EXCEPTION: i32 = 6;
/// `JS_TAG_FIRST`: tags in `[TAG_FIRST, -1]` are reference counted (as unsigned: the top nine).
pub const TAG_FIRST: i32 = -9;

/// `JS_MKVAL(tag, payload)`.
pub const fn mkval(tag: i32, payload: i32) -> i64 {
    ((tag as u32 as u64) << 32 | payload as u32 as u64) as i64
}

pub const UNDEFINED: i64 = mkval(TAG_UNDEFINED, 0);
pub const NULL: i64 = mkval(TAG_NULL, 0);
pub const FALSE: i64 = mkval(TAG_BOOL, 0);
pub const TRUE: i64 = mkval(TAG_BOOL, 1);
pub const EXCEPTION: i64 = mkval(TAG_EXCEPTION, 0);
pub const UNINITIALIZED: i64 = mkval(TAG_UNINITIALIZED, 0);

pub const fn int(n: i32) -> i64 {
    mkval(TAG_INT, n)
}

/// Wasm that replaces the i64 on the stack with i32 "it is an int32": `t + 2^31 <= 2^32 − 1`
/// as unsigned. For a sum of two sign-extended i32s LLVM turns this form into an overflow
/// intrinsic (`add; jo` on x86-64); comparing `t` with its own sign-extended low half is the
/// same test, but LLVM keeps that as four instructions.
pub fn in_int32_range() -> [wasm_encoder::Instruction<'static>; 4] {
    use wasm_encoder::Instruction as I;
    [
        I::I64Const(1 << 31),
        I::I64Add,
        I::I64Const(u32::MAX as i64),
        I::I64LeU,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_match_quickjs() {
        assert_eq!(UNDEFINED, 0x0000_0003_0000_0000);
        assert_eq!(TRUE, 0x0000_0001_0000_0001);
        assert_eq!(int(-1), 0x0000_0000_ffff_ffff);
        assert_eq!(mkval(-1, 0x1000) as u64, 0xffff_ffff_0000_1000);
    }
}
