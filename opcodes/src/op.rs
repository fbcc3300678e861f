//! Facts about opcodes. The table itself is generated (`src/generated/opcodes.rs`).

pub use crate::generated::opcodes::Op;
pub use crate::generated::opcodes::{ALL_OPS, OP_COUNT, OP_INFO, OpFormat, QUICKJS_VERSION};

/// Static facts about one opcode, straight from `quickjs-opcode.h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpInfo {
    /// QuickJS's name, e.g. `get_loc0`.
    pub name: &'static str,
    /// Byte value in finished bytecode.
    pub value: u8,
    /// Instruction size in bytes, opcode byte included.
    pub size: u8,
    /// Stack values popped (for `npop` formats, not counting the call arguments).
    pub n_pop: u8,
    /// Stack values pushed.
    pub n_push: u8,
    /// How the operand bytes are laid out and what they mean.
    pub format: OpFormat,
}

impl Op {
    /// The opcode whose byte value is `byte`, if that byte is a valid opcode.
    pub fn from_u8(byte: u8) -> Option<Op> {
        ALL_OPS.get(usize::from(byte)).copied()
    }

    /// Static facts about this opcode.
    pub fn info(self) -> &'static OpInfo {
        &OP_INFO[self as usize]
    }

    /// QuickJS's name for this opcode, e.g. `get_loc0`.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Looks an opcode up by QuickJS's name.
    pub fn from_name(name: &str) -> Option<Op> {
        ALL_OPS.iter().copied().find(|op| op.name() == name)
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_value() {
        for (i, info) in OP_INFO.iter().enumerate() {
            assert_eq!(usize::from(info.value), i, "{}", info.name);
            assert_eq!(ALL_OPS[i] as usize, i);
        }
    }

    #[test]
    fn lookups_by_name_and_byte_agree() {
        assert_eq!(Op::from_name("get_loc0"), Some(Op::GetLoc0));
        assert_eq!(Op::from_u8(Op::GetLoc0 as u8), Some(Op::GetLoc0));
        assert_eq!(Op::GetLoc0.info().format, OpFormat::NoneLoc);
        assert_eq!(Op::PushI32.info().size, 5);
        assert_eq!(Op::from_u8(u8::try_from(OP_COUNT).unwrap()), None);
    }

    #[test]
    fn short_opcode_groups_are_contiguous() {
        // The reader derives implicit operands from these runs (e.g. get_loc2 = get_loc0 + 2).
        assert_eq!(Op::GetLoc3 as u8 - Op::GetLoc0 as u8, 3);
        assert_eq!(Op::SetArg3 as u8 - Op::GetArg0 as u8, 11);
        assert_eq!(Op::SetVarRef3 as u8 - Op::GetVarRef0 as u8, 11);
        assert_eq!(Op::Push7 as u8 - Op::Push0 as u8, 7);
        assert_eq!(Op::Call3 as u8 - Op::Call0 as u8, 3);
    }
}
