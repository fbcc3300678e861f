//! Few, large data segments for the snapshot's memory.
//!
//! wizer writes the initialised memory back as one active segment per run of non-zero bytes
//! (it only joins runs at most 4 bytes apart, and, past its cap of 10,000 segments, the closest
//! ones): a hello world's snapshot had exactly 10,000 segments over ~850 KiB of memory. Every
//! segment costs WAMR at load time (an allocation, a constant expression to read) and again at
//! instantiation (a bounds check and a copy): ~4.2 M of the 15 M instructions a WAMR
//! `.aot` hello world spent before reaching the app (callgrind). Here runs closer than
//! [`MAX_ZERO_GAP`] become one segment, the bytes between them written as zeros.
//!
//! Why the result is the same memory:
//! - The snapshot's memory is defined, not imported, so an instance starts with it zeroed.
//! - wizer turns the module's own active segments into empty passive ones (they were applied
//!   before the snapshot, and the snapshot has their bytes), so the only active segments are the
//!   ones it appends, and those are sorted and do not overlap (checked here, not assumed). The
//!   bytes between two of them are therefore written by no segment: they are zero in every
//!   instance, and writing zeros there changes nothing. They are also zero in the instance wizer
//!   read: it emits exactly the non-zero runs, and copies whatever a join spans from memory.
//! - Segment indices are what `memory.init` and `data.drop` name. The module's own segments keep
//!   their place (and bytes); only the appended segments, which no code can name (the code
//!   predates them and validated against the old data count), are merged, and the data count
//!   section is updated to match.

use super::SnapshotError;
use wasm_encoder::{ConstExpr, DataCountSection, DataSection, RawSection};
use wasmparser::{DataKind, Operator, Parser, Payload, TypeRef};

/// Zero bytes a merged segment may carry rather than starting a new segment. A zero byte costs a
/// byte of the artifact and of the copy into linear memory, well under a nanosecond; a segment
/// costs a few hundred instructions. On a hello world (callgrind, up to the app's first instruction)
/// 64 bytes left 217 segments, 4 KiB 3, 64 KiB 1, all within 1 % of each other; this one keeps
/// the count low without writing zeros over whole unused pages.
const MAX_ZERO_GAP: u32 = 4096;

/// The number of data segments in `wasm` (the data count section is optional; the data section
/// is the authority).
pub(super) fn count(wasm: &[u8]) -> Result<u32, SnapshotError> {
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::DataSection(r) = payload? {
            return Ok(r.count());
        }
    }
    Ok(0)
}

/// One active segment of memory 0 at a constant offset.
#[derive(Debug, Clone, PartialEq)]
struct Active {
    offset: u32,
    bytes: Vec<u8>,
}

/// A copy of the snapshot `wasm` whose active data segments after the first `named` segments
/// (the module's own, which code may name) are merged into few. Every other byte is copied.
pub(super) fn merge(wasm: &[u8], named: u32) -> Result<Vec<u8>, SnapshotError> {
    let mut segments = None;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(r) => {
                for import in r {
                    if matches!(import?.ty, TypeRef::Memory(_)) {
                        return Err(SnapshotError::Segments(
                            "its memory is imported, so it may not start zeroed",
                        ));
                    }
                }
            }
            Payload::DataSection(r) => {
                let (own, appended) = split(r, named)?;
                segments = Some((own, join(appended)));
            }
            _ => {}
        }
    }
    let Some((own, merged)) = segments else {
        return Ok(wasm.to_vec());
    };
    let total = u32::try_from(own.len() + merged.len())
        .map_err(|_| SnapshotError::Segments("too many data segments"))?;

    let mut out = wasm_encoder::Module::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            // It precedes the code section, so it is written before the data section it counts.
            Payload::DataCountSection { .. } => {
                out.section(&DataCountSection { count: total });
            }
            Payload::DataSection(_) => {
                let mut section = DataSection::new();
                for range in &own {
                    section.raw(&wasm[range.clone()]);
                }
                for segment in &merged {
                    section.active(
                        0,
                        &ConstExpr::i32_const(segment.offset.cast_signed()),
                        segment.bytes.iter().copied(),
                    );
                }
                out.section(&section);
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
    Ok(out.finish())
}

/// The encoded ranges of the first `named` segments, and the active segments after them, which
/// must be sorted and disjoint.
fn split(
    reader: wasmparser::DataSectionReader<'_>,
    named: u32,
) -> Result<(Vec<std::ops::Range<usize>>, Vec<Active>), SnapshotError> {
    let mut own = Vec::new();
    let mut appended: Vec<Active> = Vec::new();
    for (index, data) in reader.into_iter().enumerate() {
        let data = data?;
        if (index as u64) < u64::from(named) {
            if matches!(data.kind, DataKind::Active { .. }) && !data.data.is_empty() {
                return Err(SnapshotError::Segments(
                    "one of the module's own data segments is still active",
                ));
            }
            own.push(data.range);
            continue;
        }
        let DataKind::Active {
            memory_index: 0,
            offset_expr,
        } = data.kind
        else {
            return Err(SnapshotError::Segments(
                "a snapshot data segment is passive or not for memory 0",
            ));
        };
        let mut ops = offset_expr.get_operators_reader();
        let (Operator::I32Const { value }, Operator::End) = (ops.read()?, ops.read()?) else {
            return Err(SnapshotError::Segments(
                "a snapshot data segment's offset is not an i32 constant",
            ));
        };
        let offset = value.cast_unsigned();
        if appended
            .last()
            .is_some_and(|last| u64::from(offset) < end(last))
        {
            return Err(SnapshotError::Segments(
                "the snapshot data segments are not sorted and disjoint",
            ));
        }
        appended.push(Active {
            offset,
            bytes: data.data.to_vec(),
        });
    }
    Ok((own, appended))
}

/// Sorted, disjoint segments joined wherever at most [`MAX_ZERO_GAP`] bytes lie between them.
fn join(segments: Vec<Active>) -> Vec<Active> {
    let mut merged: Vec<Active> = Vec::new();
    for segment in segments {
        if let Some(last) = merged.last_mut() {
            let gap = u64::from(segment.offset) - end(last);
            if gap <= u64::from(MAX_ZERO_GAP) {
                last.bytes.resize(last.bytes.len() + gap as usize, 0);
                last.bytes.extend_from_slice(&segment.bytes);
                continue;
            }
        }
        merged.push(segment);
    }
    merged
}

fn end(segment: &Active) -> u64 {
    u64::from(segment.offset) + segment.bytes.len() as u64
}

/// The bytes the active segments of memory 0 write into a fresh (zeroed) memory, up to the last
/// byte written: what an instance starts with.
#[cfg(test)]
pub(crate) fn initial_memory(wasm: &[u8]) -> Vec<u8> {
    let mut memory = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::DataSection(r) = payload.unwrap() {
            for data in r {
                let data = data.unwrap();
                if let DataKind::Active {
                    memory_index: 0,
                    offset_expr,
                } = data.kind
                {
                    let Operator::I32Const { value } =
                        offset_expr.get_operators_reader().read().unwrap()
                    else {
                        panic!("offset")
                    };
                    let at = value.cast_unsigned() as usize;
                    if memory.len() < at + data.data.len() {
                        memory.resize(at + data.data.len(), 0);
                    }
                    memory[at..at + data.data.len()].copy_from_slice(data.data);
                }
            }
        }
    }
    memory
}

/// The number of active data segments in `wasm`.
#[cfg(test)]
pub(super) fn active_count(wasm: &[u8]) -> usize {
    let mut n = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::DataSection(r) = payload.unwrap() {
            n += r
                .into_iter()
                .filter(|d| matches!(d.as_ref().unwrap().kind, DataKind::Active { .. }))
                .count();
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{MemorySection, MemoryType, Module};

    fn module(own_passive: &[&[u8]], active: &[(u32, &[u8])]) -> Vec<u8> {
        let mut m = Module::new();
        let mut memories = MemorySection::new();
        memories.memory(MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        m.section(&memories);
        m.section(&DataCountSection {
            count: (own_passive.len() + active.len()) as u32,
        });
        let mut data = DataSection::new();
        for bytes in own_passive {
            data.passive(bytes.iter().copied());
        }
        for (offset, bytes) in active {
            data.active(
                0,
                &ConstExpr::i32_const(*offset as i32),
                bytes.iter().copied(),
            );
        }
        m.section(&data);
        m.finish()
    }

    #[test]
    fn joins_close_segments_and_keeps_the_named_ones() {
        let far = 100 + MAX_ZERO_GAP + 10;
        let wasm = module(
            &[b"app", b""],
            &[
                (10, b"ab"),
                (13, b"c"),
                (far, b"x"),
                (far + 1 + MAX_ZERO_GAP, b"y"),
            ],
        );
        let merged = merge(&wasm, 2).unwrap();
        wasmparser::Validator::new().validate_all(&merged).unwrap();
        assert_eq!(initial_memory(&merged), initial_memory(&wasm));
        assert_eq!(active_count(&merged), 2);
        assert_eq!(
            count(&merged).unwrap(),
            4,
            "two passive segments, still first, plus two active"
        );
        let expected = module(
            &[b"app", b""],
            &[
                (10, b"ab\0c"),
                (
                    far,
                    &[b"x".as_slice(), &vec![0; MAX_ZERO_GAP as usize], b"y"].concat(),
                ),
            ],
        );
        assert_eq!(merged, expected);
    }

    #[test]
    fn refuses_overlapping_segments() {
        let wasm = module(&[], &[(10, b"abc"), (11, b"x")]);
        let err = merge(&wasm, 0).unwrap_err();
        assert!(err.to_string().contains("not sorted and disjoint"), "{err}");
    }
}
