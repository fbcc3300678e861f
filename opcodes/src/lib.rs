//! QuickJS-NG bytecode, by name.
//!
//! - [`Op`]: every opcode of the pinned QuickJS-NG, generated from `quickjs-opcode.h`.
//! - [`bytecode`]: reader and writer for `JS_WriteObject(…, JS_WRITE_OBJ_BYTECODE)` output.
//! - [`disasm`]: a human-readable listing of a read [`bytecode::BytecodeObject`].
//!
//! This crate knows nothing about Wasm or the freezer; it only describes QuickJS bytecode.

pub mod generated;
pub mod op;

pub use op::{OP_COUNT, OP_INFO, Op, OpFormat, OpInfo};
pub mod bytecode;
pub mod disasm;
pub mod instr;
