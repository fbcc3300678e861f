//! The shape of one function's bytecode: its instructions, the operand-stack depth before each
//! one, and its basic blocks. QuickJS guarantees a consistent stack depth at every pc (its own
//! compiler computes `stack_size` the same way), so each stack slot can become a Wasm local.

use edgebox_opcodes::instr::{self, Instr, Operand};
use edgebox_opcodes::{Op, OpFormat};
use std::collections::BTreeSet;

/// One decoded function body.
#[derive(Debug)]
pub struct Flow {
    pub instrs: Vec<Instr>,
    /// Stack depth before `instrs[i]`.
    pub depth: Vec<u16>,
    /// Basic blocks as ranges of instruction indices, in code order; block 0 is the entry.
    pub blocks: Vec<std::ops::Range<usize>>,
    /// The block starting at each pc that starts one.
    pub block_at_pc: std::collections::HashMap<u32, usize>,
    /// The deepest the stack gets.
    pub max_depth: u16,
    /// The largest argument count of any call (for the argv scratch area).
    pub max_call_args: u16,
}

/// Stack values `ins` pops and pushes.
pub fn stack_effect(ins: &Instr) -> (u16, u16) {
    let info = ins.op.info();
    let argc = |i: usize| match ins.operands.get(i) {
        Some(Operand::Int(n)) => *n as u16,
        _ => 0,
    };
    let extra = match info.format {
        OpFormat::Npop | OpFormat::Npopx | OpFormat::NpopU16 => argc(0),
        _ => 0,
    };
    (u16::from(info.n_pop) + extra, u16::from(info.n_push))
}

/// Where control can go after `ins`: its jump target, and whether it falls through.
pub fn successors(ins: &Instr) -> (Option<u32>, bool) {
    let label = ins.operands.iter().find_map(|o| match o {
        Operand::Label(l) => Some(*l),
        _ => None,
    });
    match ins.op {
        Op::Goto | Op::Goto8 | Op::Goto16 => (label, false),
        Op::IfFalse | Op::IfFalse8 | Op::IfTrue | Op::IfTrue8 => (label, true),
        Op::Return
        | Op::ReturnUndef
        | Op::Throw
        | Op::ThrowError
        | Op::TailCall
        | Op::TailCallMethod => (None, false),
        _ => (label, true),
    }
}

/// The jump target (a pc) of a jump instruction.
pub fn label(ins: &Instr) -> u32 {
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

/// The local, argument or closure-variable index an instruction names.
pub fn index_operand(ins: &Instr) -> u16 {
    match ins.operands.first() {
        Some(Operand::Loc(n) | Operand::Arg(n) | Operand::VarRef(n)) => *n,
        other => panic!("{}: expected an index operand, got {other:?}", ins.op),
    }
}

impl Flow {
    /// Decodes `code` and computes depths and blocks, or says why it cannot.
    pub fn analyze(code: &[u8]) -> Result<Flow, String> {
        let instrs: Vec<Instr> = instr::decode(code)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("undecodable bytecode at pc {}: {}", e.pc, e.reason))?;
        let index_of: std::collections::HashMap<u32, usize> = instrs
            .iter()
            .enumerate()
            .map(|(i, ins)| (ins.pc, i))
            .collect();

        // Leaders: the entry, every jump target, every instruction after a jump or a return.
        let mut leaders = BTreeSet::from([0usize]);
        for (i, ins) in instrs.iter().enumerate() {
            let (target, falls_through) = successors(ins);
            if let Some(t) = target {
                let t = *index_of.get(&t).ok_or_else(|| {
                    format!("jump into the middle of an instruction at pc {}", ins.pc)
                })?;
                leaders.insert(t);
            }
            if (target.is_some() || !falls_through) && i + 1 < instrs.len() {
                leaders.insert(i + 1);
            }
        }

        // Depths by a worklist over the control-flow graph.
        let mut depth: Vec<Option<u16>> = vec![None; instrs.len()];
        let mut work = vec![(0usize, 0u16)];
        let mut max_depth = 0u16;
        let mut max_call_args = 0u16;
        while let Some((start, d0)) = work.pop() {
            let mut i = start;
            let mut d = d0;
            loop {
                let Some(ins) = instrs.get(i) else {
                    return Err("control runs off the end of the bytecode".into());
                };
                match depth[i] {
                    Some(seen) if seen == d => break,
                    Some(seen) => {
                        return Err(format!(
                            "inconsistent stack depth at pc {} ({seen} and {d})",
                            ins.pc
                        ));
                    }
                    None => depth[i] = Some(d),
                }
                let (pop, push) = stack_effect(ins);
                if matches!(
                    ins.op.info().format,
                    OpFormat::Npop | OpFormat::Npopx | OpFormat::NpopU16
                ) {
                    max_call_args = max_call_args.max(pop);
                }
                d = d
                    .checked_sub(pop)
                    .ok_or_else(|| format!("stack underflow at pc {}", ins.pc))?
                    + push;
                max_depth = max_depth.max(d);
                let (target, falls_through) = successors(ins);
                if let Some(t) = target {
                    work.push((index_of[&t], d));
                }
                if !falls_through {
                    break;
                }
                i += 1;
            }
        }

        let starts: Vec<usize> = leaders.into_iter().collect();
        let mut blocks = Vec::new();
        let mut block_at_pc = std::collections::HashMap::new();
        for (k, &s) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(instrs.len());
            block_at_pc.insert(instrs[s].pc, blocks.len());
            blocks.push(s..end);
        }
        // Unreachable instructions (dead code QuickJS left) get depth 0; they are never run.
        let depth = depth.into_iter().map(|d| d.unwrap_or(0)).collect();
        Ok(Flow {
            instrs,
            depth,
            blocks,
            block_at_pc,
            max_depth,
            max_call_args,
        })
    }

    /// The basic block that starts at `pc` (a jump target).
    pub fn block_of_pc(&self, pc: u32) -> usize {
        self.block_at_pc[&pc]
    }
}

/// The branch depth that reaches block `to` directly from inside block `from` of a dispatch
/// loop (nested `nesting` deep there), when `to` comes later in code order: both emitters lay
/// the blocks out as `loop (block (block … br_table …) code₀) code₁ …`, so the block around
/// `from`'s code that ends right before `to`'s code is `to − from − 1` levels out. `None` for a
/// backward jump, which must go through the loop (setting the state first).
///
/// Why not always through the loop: WAMR puts a thread-manager suspend check on every branch
/// to a loop, and LLVM sees a forward branch's target without threading the state variable.
pub fn forward_branch_depth(from: usize, to: usize, nesting: u32) -> Option<u32> {
    (to > from).then(|| (to - from - 1) as u32 + nesting)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depths_and_blocks_of_a_conditional() {
        // get_arg0; push_2; lt; if_false8 L7; get_arg0; return; L7: push_1; return
        let code = [
            Op::GetArg0 as u8,
            Op::Push2 as u8,
            Op::Lt as u8,
            Op::IfFalse8 as u8,
            3,
            Op::GetArg0 as u8,
            Op::Return as u8,
            Op::Push1 as u8,
            Op::Return as u8,
        ];
        let flow = Flow::analyze(&code).unwrap();
        assert_eq!(flow.depth, [0, 1, 2, 1, 0, 1, 0, 1]);
        assert_eq!(flow.blocks, [0..4, 4..6, 6..8]);
        assert_eq!(flow.max_depth, 2);
        assert_eq!(flow.block_of_pc(7), 2);
    }

    #[test]
    fn inconsistent_depths_are_refused() {
        // push_1; if_false8 +1 (to the push_2 below at depth 0); push_2; ... the jump lands at depth 0
        // while the fall-through arrives at depth 0 too; then a goto back to pc 0 at depth 1.
        let code = [Op::Push1 as u8, Op::Push2 as u8, Op::Goto8 as u8, 0xfd];
        assert!(
            Flow::analyze(&code)
                .unwrap_err()
                .contains("inconsistent stack depth")
        );
    }
}
