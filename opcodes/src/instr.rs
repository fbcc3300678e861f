//! Decoding of finished QuickJS bytecode into instructions with typed operands.
//!
//! Operand layouts follow the `OpFormat` of each opcode; implicit operands of the short
//! forms (`get_loc2`, `push_3`, `call1`, …) are made explicit so consumers see one shape.

use crate::bytecode::Atom;
use crate::op::{Op, OpFormat};

/// One operand, with its meaning resolved from the opcode's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operand {
    /// An immediate integer (push values, argument counts, flags).
    Int(i64),
    /// Index of a local variable (into `Function::vars`).
    Loc(u16),
    /// Index of an argument.
    Arg(u16),
    /// Index of a closure variable.
    VarRef(u16),
    /// Index into the constant pool.
    Const(u32),
    /// An atom as the file refers to it.
    Atom(Atom),
    /// A jump target, as an absolute pc.
    Label(u32),
}

/// A decoded instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instr {
    /// Offset of the opcode byte in the function's bytecode.
    pub pc: u32,
    pub op: Op,
    pub operands: Vec<Operand>,
}

/// Why bytecode could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError {
    pub pc: u32,
    pub reason: &'static str,
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// Absolute target of a relative jump whose offset is stored at `base`.
fn target(base: usize, rel: i64) -> Result<u32, &'static str> {
    u32::try_from(base as i64 + rel).map_err(|_| "jump target out of range")
}

/// Operands of `op`; `ins` is the whole instruction. Labels are filled in by the caller.
fn operands(op: Op, ins: &[u8]) -> Vec<Operand> {
    use Operand::*;
    let o = 1; // operands start after the opcode byte
    let low2 = |first: Op| u16::from((op as u8 - first as u8) % 4);
    match op.info().format {
        OpFormat::None => vec![],
        OpFormat::NoneInt => vec![Int(i64::from(op as u8) - i64::from(Op::Push0 as u8))],
        OpFormat::NoneLoc if op == Op::GetLoc0Loc1 => vec![Loc(0), Loc(1)],
        OpFormat::NoneLoc => vec![Loc(low2(Op::GetLoc0))],
        OpFormat::NoneArg => vec![Arg(low2(Op::GetArg0))],
        OpFormat::NoneVarRef => vec![VarRef(low2(Op::GetVarRef0))],
        OpFormat::U8 => vec![Int(ins[o].into())],
        OpFormat::I8 => vec![Int((ins[o] as i8).into())],
        OpFormat::Loc8 => vec![Loc(ins[o].into())],
        OpFormat::Const8 => vec![Const(ins[o].into())],
        OpFormat::Label8 => vec![Label(0)], // fixed up by caller (needs pc)
        OpFormat::U16 | OpFormat::Npop => vec![Int(u16_at(ins, o).into())],
        OpFormat::I16 => vec![Int((u16_at(ins, o) as i16).into())],
        OpFormat::Label16 => vec![Label(0)],
        OpFormat::Npopx => vec![Int(i64::from(op as u8 - Op::Call0 as u8))],
        OpFormat::NpopU16 => vec![Int(u16_at(ins, o).into()), Int(u16_at(ins, o + 2).into())],
        OpFormat::Loc => vec![Loc(u16_at(ins, o))],
        OpFormat::Arg => vec![Arg(u16_at(ins, o))],
        OpFormat::VarRef => vec![VarRef(u16_at(ins, o))],
        OpFormat::U32 => vec![Int(u32_at(ins, o).into())],
        OpFormat::U32x2 => vec![Int(u32_at(ins, o).into()), Int(u32_at(ins, o + 4).into())],
        OpFormat::I32 => vec![Int((u32_at(ins, o) as i32).into())],
        OpFormat::Const => vec![Const(u32_at(ins, o))],
        OpFormat::Label => vec![Label(0)],
        OpFormat::Atom => vec![Atom(crate::bytecode::Atom(u32_at(ins, o)))],
        OpFormat::AtomU8 => vec![
            Atom(crate::bytecode::Atom(u32_at(ins, o))),
            Int(ins[o + 4].into()),
        ],
        OpFormat::AtomU16 => vec![
            Atom(crate::bytecode::Atom(u32_at(ins, o))),
            Int(u16_at(ins, o + 4).into()),
        ],
        OpFormat::AtomLabelU8 => vec![
            Atom(crate::bytecode::Atom(u32_at(ins, o))),
            Label(0),
            Int(ins[o + 8].into()),
        ],
        OpFormat::AtomLabelU16 => vec![
            Atom(crate::bytecode::Atom(u32_at(ins, o))),
            Label(0),
            Int(u16_at(ins, o + 8).into()),
        ],
        OpFormat::LabelU16 => vec![Label(0), Int(u16_at(ins, o + 4).into())],
    }
}

/// Decodes one instruction at `pc`.
pub fn decode_at(code: &[u8], pc: usize) -> Result<Instr, DecodeError> {
    let err = |reason| DecodeError {
        pc: pc as u32,
        reason,
    };
    let op = Op::from_u8(code[pc]).ok_or(err("invalid opcode byte"))?;
    let size = usize::from(op.info().size);
    let ins = code
        .get(pc..pc + size)
        .ok_or(err("instruction runs past the end of the bytecode"))?;
    let mut operands = operands(op, ins);
    // Jump offsets are relative to the position of the offset itself (QuickJS's `pos`).
    let label = match op.info().format {
        OpFormat::Label8 => Some((pc + 1, i64::from(ins[1] as i8))),
        OpFormat::Label16 => Some((pc + 1, i64::from(u16_at(ins, 1) as i16))),
        OpFormat::Label | OpFormat::LabelU16 => Some((pc + 1, i64::from(u32_at(ins, 1) as i32))),
        OpFormat::AtomLabelU8 | OpFormat::AtomLabelU16 => {
            Some((pc + 5, i64::from(u32_at(ins, 5) as i32)))
        }
        _ => None,
    };
    if let Some((base, rel)) = label {
        let t = target(base, rel).map_err(err)?;
        for operand in &mut operands {
            if let Operand::Label(l) = operand {
                *l = t;
            }
        }
    }
    Ok(Instr {
        pc: pc as u32,
        op,
        operands,
    })
}

/// Iterator over the instructions of `code`; stops after the first error.
pub fn decode(code: &[u8]) -> impl Iterator<Item = Result<Instr, DecodeError>> + '_ {
    let mut pc = 0usize;
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed || pc >= code.len() {
            return None;
        }
        let r = decode_at(code, pc);
        match &r {
            Ok(i) => pc += usize::from(i.op.info().size),
            Err(_) => failed = true,
        }
        Some(r)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_get_explicit_operands() {
        let code = [
            Op::GetLoc2 as u8,
            Op::PushMinus1 as u8,
            Op::Call1 as u8,
            Op::GetLoc0Loc1 as u8,
        ];
        let ins: Vec<_> = decode(&code).collect::<Result<_, _>>().unwrap();
        assert_eq!(ins[0].operands, [Operand::Loc(2)]);
        assert_eq!(ins[1].operands, [Operand::Int(-1)]);
        assert_eq!(ins[2].operands, [Operand::Int(1)]);
        assert_eq!(ins[3].operands, [Operand::Loc(0), Operand::Loc(1)]);
    }

    #[test]
    fn jump_targets_are_absolute() {
        // goto8 -2 at pc 1: target = (1 + 1) - 2 = 0
        let code = [Op::Nop as u8, Op::Goto8 as u8, 0xfe];
        let ins: Vec<_> = decode(&code).collect::<Result<_, _>>().unwrap();
        assert_eq!(ins[1].operands, [Operand::Label(0)]);
        let mut code = vec![Op::IfFalse as u8];
        code.extend(3i32.to_le_bytes());
        assert_eq!(decode_at(&code, 0).unwrap().operands, [Operand::Label(4)]);
    }

    #[test]
    fn truncated_and_invalid_bytes_are_errors() {
        let code = [Op::PushI32 as u8, 1, 2];
        assert_eq!(decode(&code).next().unwrap().unwrap_err().pc, 0);
        let code = [Op::Nop as u8, 0xff];
        let r: Vec<_> = decode(&code).collect();
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].as_ref().unwrap_err().reason, "invalid opcode byte");
    }
}
