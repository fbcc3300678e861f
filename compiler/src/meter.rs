//! Stage 4½ (only with `edgeboxc build --metered`): instruction metering, so the runner can
//! enforce `max_instructions` on every engine.
//!
//! The pass appends one exported mutable `i64` global, [`edgebox_abi::EXPORT_FUEL`], whose
//! initial value is `i64::MAX` (a metered artifact run without a budget is effectively
//! unlimited), and inserts a check at every function entry and after every `loop` header:
//!
//! ```text
//! global.get $fuel  i64.const COST  i64.sub  global.set $fuel
//! global.get $fuel  i64.const 0  i64.lt_s  if  unreachable  end
//! ```
//!
//! `COST` is the number of instructions in the straight-line run that starts there (up to and
//! including the next branch or block boundary), so the count approximates Wasm instructions
//! executed: code after a `block`/`if` inside a loop body is not charged separately, which is
//! why the count is a lower bound, not exact. The runner writes the budget into the global
//! before `_start`; when a trap ends the run and the global is negative, the budget is what
//! stopped it (no other trap leaves it below zero).
//!
//! One mechanism for all three artifact kinds: the pass runs on the Wasm module before native
//! compilation, so `.aot` (WAMR/LLVM), `.cwasm` (Wasmtime/Cranelift) and `.wasm` count the same
//! way and stop at the same point. Wasmtime's own fuel would need `consume_fuel` in the engine
//! configuration, which must match between `edgeboxc` and `edgebox` for every `.cwasm`, so
//! unmetered artifacts would pay for it too. Here an artifact built without `--metered` is the
//! unchanged module: unlimited runs pay nothing.
//!
//! Indices never move: the global is appended after the existing ones, and the inserted code
//! uses no locals. Every other byte is copied; the result is validated.

use crate::link::GuestModule;
use edgebox_abi::EXPORT_FUEL;
use wasm_encoder::{BlockType, CodeSection, Encode, Instruction, RawSection};
use wasmparser::{Operator, Parser, Payload};

/// Section ids of the binary format (the spec's numbering).
const GLOBAL_SECTION: u8 = 6;
const EXPORT_SECTION: u8 = 7;
/// `exportdesc` kind byte of a global.
const EXPORT_KIND_GLOBAL: u8 = 3;

#[derive(Debug, thiserror::Error)]
pub enum MeterError {
    #[error("the module cannot be parsed: {0}")]
    Parse(#[from] wasmparser::BinaryReaderError),
    #[error("the module has no {0} section; it is not an EdgeBox guest")]
    MissingSection(&'static str),
    #[error("the module already exports `{EXPORT_FUEL}`; it is metered already")]
    AlreadyMetered,
    #[error("the metered module does not validate: {0}")]
    Invalid(wasmparser::BinaryReaderError),
}

/// Returns `module` with instruction metering added (see the module docs).
pub fn meter(module: &GuestModule) -> Result<GuestModule, MeterError> {
    let wasm = &module.bytes;
    let mut imported_globals = 0u32;
    let mut defined_globals = None;
    let mut has_exports = false;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(r) => {
                for import in r {
                    if matches!(import?.ty, wasmparser::TypeRef::Global(_)) {
                        imported_globals += 1;
                    }
                }
            }
            Payload::GlobalSection(r) => defined_globals = Some(r.count()),
            Payload::ExportSection(r) => {
                has_exports = true;
                for export in r {
                    if export?.name == EXPORT_FUEL {
                        return Err(MeterError::AlreadyMetered);
                    }
                }
            }
            _ => {}
        }
    }
    let defined_globals = defined_globals.ok_or(MeterError::MissingSection("global"))?;
    if !has_exports {
        return Err(MeterError::MissingSection("export"));
    }
    let fuel = imported_globals + defined_globals;

    let mut out = wasm_encoder::Module::new();
    let mut code = CodeSection::new();
    let mut code_remaining = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::Version { .. } | Payload::End(_) => {}
            Payload::GlobalSection(r) => {
                let mut entry = vec![0x7e, 0x01]; // i64, mutable
                Instruction::I64Const(i64::MAX).encode(&mut entry);
                Instruction::End.encode(&mut entry);
                out.section(&RawSection {
                    id: GLOBAL_SECTION,
                    data: &append_entries(wasm, r.range(), r.count(), 1, &entry),
                });
            }
            Payload::ExportSection(r) => {
                let mut entry = Vec::new();
                EXPORT_FUEL.encode(&mut entry);
                entry.push(EXPORT_KIND_GLOBAL);
                fuel.encode(&mut entry);
                out.section(&RawSection {
                    id: EXPORT_SECTION,
                    data: &append_entries(wasm, r.range(), r.count(), 1, &entry),
                });
            }
            Payload::CodeSectionStart { count, .. } => code_remaining = count,
            Payload::CodeSectionEntry(body) => {
                code.raw(&metered_body(wasm, &body, fuel)?);
                code_remaining -= 1;
                if code_remaining == 0 {
                    out.section(&code);
                }
            }
            other => {
                if let Some((id, range)) = other.as_section() {
                    out.section(&RawSection {
                        id,
                        data: &wasm[range],
                    });
                }
            }
        }
    }
    let bytes = out.finish();
    wasmparser::Validator::new()
        .validate_all(&bytes)
        .map_err(MeterError::Invalid)?;
    Ok(GuestModule { bytes })
}

/// A vector section's payload with `added` more entries (encoded in `entries`) at the end:
/// the count is rewritten, the existing entries are copied as they are.
pub(crate) fn append_entries(
    wasm: &[u8],
    range: std::ops::Range<usize>,
    count: u32,
    added: u32,
    entries: &[u8],
) -> Vec<u8> {
    let mut old_count = Vec::new();
    count.encode(&mut old_count);
    let mut data = Vec::new();
    (count + added).encode(&mut data);
    data.extend_from_slice(&wasm[range.start + old_count.len()..range.end]);
    data.extend_from_slice(entries);
    data
}

/// How an instruction bears on metering.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Straight-line code.
    Plain,
    /// Ends a straight-line run: a branch, or a block boundary.
    Boundary,
    /// A loop header: ends the run, and its body starts a new metered one.
    Loop,
}

fn kind(op: &Operator) -> Kind {
    match op {
        Operator::Loop { .. } => Kind::Loop,
        Operator::Block { .. }
        | Operator::If { .. }
        | Operator::Else
        | Operator::End
        | Operator::Br { .. }
        | Operator::BrIf { .. }
        | Operator::BrTable { .. }
        | Operator::Return
        | Operator::ReturnCall { .. }
        | Operator::ReturnCallIndirect { .. }
        | Operator::Unreachable
        | Operator::TryTable { .. }
        | Operator::Throw { .. }
        | Operator::ThrowRef => Kind::Boundary,
        _ => Kind::Plain,
    }
}

/// One function body (locals and code) with checks at its entry and after each `loop`.
fn metered_body(
    wasm: &[u8],
    body: &wasmparser::FunctionBody,
    fuel: u32,
) -> Result<Vec<u8>, MeterError> {
    let mut reader = body.get_operators_reader()?;
    let code_start = reader.original_position();
    // (end offset, kind) of every instruction.
    let mut ops = Vec::new();
    while !reader.eof() {
        let k = kind(&reader.read()?);
        ops.push((reader.original_position(), k));
    }
    // The cost of the run starting at instruction `i`: it and everything up to and including
    // the next boundary or loop.
    let run_cost = |i: usize| -> i64 {
        let len = ops[i..]
            .iter()
            .position(|&(_, k)| k != Kind::Plain)
            .map_or(ops.len() - i, |n| n + 1);
        len.max(1) as i64
    };

    let mut out = Vec::with_capacity(body.range().len() + 32);
    out.extend_from_slice(&wasm[body.range().start..code_start]);
    check(&mut out, fuel, run_cost(0));
    let mut copied = code_start;
    for (i, &(end, k)) in ops.iter().enumerate() {
        if k == Kind::Loop && i + 1 < ops.len() {
            out.extend_from_slice(&wasm[copied..end]);
            copied = end;
            check(&mut out, fuel, run_cost(i + 1));
        }
    }
    out.extend_from_slice(&wasm[copied..body.range().end]);
    Ok(out)
}

/// Charges `cost` to the fuel global and traps once it is below zero.
fn check(out: &mut Vec<u8>, fuel: u32, cost: i64) {
    for instruction in [
        Instruction::GlobalGet(fuel),
        Instruction::I64Const(cost),
        Instruction::I64Sub,
        Instruction::GlobalSet(fuel),
        Instruction::GlobalGet(fuel),
        Instruction::I64Const(0),
        Instruction::I64LtS,
        Instruction::If(BlockType::Empty),
        Instruction::Unreachable,
        Instruction::End,
    ] {
        instruction.encode(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        ExportKind, ExportSection, Function, FunctionSection, GlobalSection, GlobalType,
        TypeSection, ValType,
    };

    /// A module whose export `spin(n)` loops `n` times, with one global of its own (as the
    /// guest has `__stack_pointer`).
    fn spin_module() -> Vec<u8> {
        let mut module = wasm_encoder::Module::new();
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], []);
        module.section(&types);
        let mut funcs = FunctionSection::new();
        funcs.function(0);
        module.section(&funcs);
        let mut globals = GlobalSection::new();
        globals.global(
            GlobalType {
                val_type: ValType::I32,
                mutable: true,
                shared: false,
            },
            &wasm_encoder::ConstExpr::i32_const(0),
        );
        module.section(&globals);
        let mut exports = ExportSection::new();
        exports.export("spin", ExportKind::Func, 0);
        module.section(&exports);
        let mut f = Function::new([]);
        // loop: n -= 1; br_if loop (n != 0)
        for i in [
            Instruction::Loop(BlockType::Empty),
            Instruction::LocalGet(0),
            Instruction::I32Const(1),
            Instruction::I32Sub,
            Instruction::LocalTee(0),
            Instruction::BrIf(0),
            Instruction::End,
            Instruction::End,
        ] {
            f.instruction(&i);
        }
        let mut code = CodeSection::new();
        code.function(&f);
        module.section(&code);
        module.finish()
    }

    fn run_spin(wasm: &[u8], budget: i64, n: i32) -> (bool, i64) {
        let engine = wasmtime::Engine::default();
        let module = wasmtime::Module::new(&engine, wasm).unwrap();
        let mut store = wasmtime::Store::new(&engine, ());
        let instance = wasmtime::Instance::new(&mut store, &module, &[]).unwrap();
        let fuel = instance.get_global(&mut store, EXPORT_FUEL).unwrap();
        fuel.set(&mut store, wasmtime::Val::I64(budget)).unwrap();
        let spin = instance
            .get_typed_func::<i32, ()>(&mut store, "spin")
            .unwrap();
        let ok = spin.call(&mut store, n).is_ok();
        (ok, fuel.get(&mut store).unwrap_i64())
    }

    #[test]
    fn counts_loop_iterations_and_stops_at_the_budget() {
        let metered = meter(&GuestModule {
            bytes: spin_module(),
        })
        .unwrap()
        .bytes;
        // Entry: `loop` (1); each iteration: local.get .. br_if (5). The trailing `end`s are
        // after the loop, in no metered run of their own.
        let (ok, left) = run_spin(&metered, 1_000_000, 100);
        assert!(ok);
        assert_eq!(1_000_000 - left, 1 + 100 * 5);
        let (ok, left) = run_spin(&metered, 50, 100);
        assert!(!ok, "the budget must stop the loop");
        assert!(
            left < 0,
            "an exhausted budget leaves the global negative: {left}"
        );
    }

    #[test]
    fn meters_the_real_guest() {
        let guest = GuestModule {
            bytes: crate::GUEST_WASM.to_vec(),
        };
        let metered = meter(&guest).unwrap();
        wasmparser::Validator::new()
            .validate_all(&metered.bytes)
            .unwrap();
        assert!(metered.bytes.len() > guest.bytes.len());
        assert!(matches!(meter(&metered), Err(MeterError::AlreadyMetered)));
    }
}
