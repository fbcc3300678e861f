//! The body's frame and control flow: prologue and epilogue, the dispatch loop over basic
//! blocks, jumps, the current pc for stack traces, and leaving with an exception.

use super::{BodyEmitter, CTX, FLAGS, FUNC, THIS, mem};
use crate::freeze::flow::forward_branch_depth;
use crate::freeze::values::*;
use edgebox_abi::frozen::FRAME_CUR_PC;
use edgebox_opcodes::instr::Instr;
use wasm_encoder::{BlockType, Instruction as I};

impl BodyEmitter<'_> {
    /// `sf->cur_pc = pc after this instruction`, before anything that can throw or call out.
    pub(super) fn set_pc(&mut self, ins: &Instr) {
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

    pub(super) fn depth_ret(&self) -> u32 {
        self.depth_loop() + 1
    }

    fn depth_exc(&self) -> u32 {
        self.depth_loop() + 2
    }

    /// With an i32 condition on the stack: if it holds, leave with an exception, `live` stack
    /// slots still owned.
    pub(super) fn throw_if(&mut self, live: u16) {
        self.i(I::If(BlockType::Empty));
        self.nesting += 1;
        self.e(&[I::I32Const(i32::from(live)), I::LocalSet(self.exc_depth)]);
        let d = self.depth_exc();
        self.i(I::Br(d));
        self.nesting -= 1;
        self.i(I::End);
    }

    /// The JSValue in local `l` is JS_EXCEPTION → leave with `live` slots owned.
    pub(super) fn check_exception(&mut self, l: u32, live: u16) {
        self.e(&[I::LocalGet(l), I::I64Const(EXCEPTION), I::I64Eq]);
        self.throw_if(live);
    }

    /// The i32 status on the stack is negative → leave with `live` slots owned.
    pub(super) fn check_status(&mut self, live: u16) {
        self.e(&[I::I32Const(0), I::I32LtS]);
        self.throw_if(live);
    }

    /// Frees `this`, the arguments and the locals, pops the frame and the shadow stack.
    pub(super) fn epilogue(&mut self) {
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

    pub(super) fn prologue(&mut self) {
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

    pub(super) fn body(&mut self) {
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
    pub(super) fn jump(&mut self, pc: u32) {
        let target = self.flow.block_of_pc(pc);
        if let Some(depth) = forward_branch_depth(self.block, target, self.nesting) {
            self.i(I::Br(depth));
            return;
        }
        self.e(&[I::I32Const(target as i32), I::LocalSet(self.state)]);
        let d = self.depth_loop();
        self.i(I::Br(d));
    }
}
