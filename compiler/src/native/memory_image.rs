//! The snapshot's linear memory as a *memory image* beside the `.aot` code rather than inside it.
//!
//! A snapshot's data segments hold ~0.8 MiB of initialised memory. WAMR copies them into linear
//! memory at every start: zeroed fresh pages, then a copy of every byte (~0.4 ms of a hello
//! world on the 2-core dev VM, a sixth of its start-up). Whole pages of them can instead be
//! stored page-aligned after the payload (see `edgebox_abi::envelope`) and mapped into linear
//! memory copy-on-write by the runner (`runtime/src/memory_image.rs`): the pages a run never
//! touches cost nothing, read pages share the page cache, and only written pages are copied.
//!
//! [`split`] takes the full pages of every large active segment out of the module; the bytes
//! before the first and after the last full page stay segments. Why instances start with the
//! same memory:
//! - Active segments are applied in index order, and the image after all of them. That is the
//!   same memory only if no segment writes where another one does, so the split is made only
//!   when all active segments are disjoint, and otherwise not at all.
//! - Segment indices are what `memory.init` and `data.drop` name, so they do not move: a split
//!   segment keeps its index with its head bytes (possibly none), and its tail is appended as a
//!   new segment, which no code can name (the code validated against the old count).
//! - The image lies within the memory's initial size (checked here; the runner checks it
//!   again before mapping), as the segments it came from did.

use edgebox_abi::envelope::{IMAGE_PAGE, ImageRun};
use wasm_encoder::{ConstExpr, DataCountSection, DataSection, RawSection};
use wasmparser::{DataKind, Operator, Parser, Payload, TypeRef};

/// Only segments with at least this much in whole pages are split: each run costs the runner a
/// system call (~5 µs), about what copying this many bytes costs.
const MIN_RUN: u32 = 64 * 1024;

/// A module without its memory image, and the image.
#[derive(Debug)]
pub struct Split {
    pub module: Vec<u8>,
    pub runs: Vec<ImageRun>,
    /// The runs' bytes, one after the other.
    pub image: Vec<u8>,
}

/// One active data segment of memory 0 at a constant offset.
struct Active<'a> {
    offset: u32,
    bytes: &'a [u8],
}

/// Moves the whole pages of `wasm`'s large active segments into a memory image. When the module
/// does not qualify (segments that overlap, or at an offset that is not a constant, an imported
/// memory) or nothing is large enough, the module is returned unchanged with no image.
pub fn split(wasm: &[u8]) -> Result<Split, wasmparser::BinaryReaderError> {
    let unchanged = || Split {
        module: wasm.to_vec(),
        runs: Vec::new(),
        image: Vec::new(),
    };
    let mut initial_bytes = None;
    let mut segments = None;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(r) => {
                for import in r {
                    if matches!(import?.ty, TypeRef::Memory(_)) {
                        return Ok(unchanged());
                    }
                }
            }
            Payload::MemorySection(r) => {
                if let Some(memory) = r.into_iter().next() {
                    let memory = memory?;
                    initial_bytes = Some(memory.initial.saturating_mul(65536));
                }
            }
            Payload::DataSection(r) => segments = Some(read_segments(r)?),
            _ => {}
        }
    }
    let (Some(initial_bytes), Some(Some(segments))) = (initial_bytes, segments) else {
        return Ok(unchanged());
    };
    let page = u64::from(IMAGE_PAGE as u32);
    // Per segment index: the full pages it gives up, if any.
    let cuts: Vec<Option<ImageRun>> = segments
        .iter()
        .map(|segment| {
            let s = segment.as_ref()?;
            let start = u64::from(s.offset).next_multiple_of(page);
            let end = (u64::from(s.offset) + s.bytes.len() as u64) / page * page;
            let fits = end <= initial_bytes.min(u64::from(u32::MAX));
            (end > start && end - start >= u64::from(MIN_RUN) && fits).then(|| ImageRun {
                offset: start as u32,
                len: (end - start) as u32,
            })
        })
        .collect();
    if cuts.iter().all(Option::is_none) {
        return Ok(unchanged());
    }

    // The runs in memory order, with their bytes.
    let mut pieces: Vec<(ImageRun, &[u8])> = segments
        .iter()
        .zip(&cuts)
        .filter_map(|(s, cut)| {
            let (s, cut) = (s.as_ref()?, (*cut)?);
            let from = (cut.offset - s.offset) as usize;
            Some((cut, &s.bytes[from..from + cut.len as usize]))
        })
        .collect();
    pieces.sort_by_key(|(run, _)| run.offset);
    let runs: Vec<ImageRun> = pieces.iter().map(|(run, _)| *run).collect();
    let image: Vec<u8> = pieces
        .iter()
        .flat_map(|(_, bytes)| bytes.iter().copied())
        .collect();

    let tails: Vec<(u32, &[u8])> = segments
        .iter()
        .zip(&cuts)
        .filter_map(|(s, cut)| {
            let (s, cut) = (s.as_ref()?, cut.as_ref()?);
            let from = (cut.offset + cut.len - s.offset) as usize;
            (from < s.bytes.len()).then(|| (cut.offset + cut.len, &s.bytes[from..]))
        })
        .collect();
    let total = u32::try_from(segments.len() + tails.len()).expect("fewer than 2^32 segments");

    let mut out = wasm_encoder::Module::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::DataCountSection { .. } => {
                out.section(&DataCountSection { count: total });
            }
            Payload::DataSection(r) => {
                let mut section = DataSection::new();
                for ((data, segment), cut) in r.into_iter().zip(&segments).zip(&cuts) {
                    let data = data?;
                    match (segment, cut) {
                        (Some(s), Some(cut)) => {
                            let head = (cut.offset - s.offset) as usize;
                            section.active(
                                0,
                                &ConstExpr::i32_const(s.offset.cast_signed()),
                                s.bytes[..head].iter().copied(),
                            );
                        }
                        _ => {
                            section.raw(&wasm[data.range]);
                        }
                    }
                }
                for (offset, bytes) in &tails {
                    section.active(
                        0,
                        &ConstExpr::i32_const(offset.cast_signed()),
                        bytes.iter().copied(),
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
    Ok(Split {
        module: out.finish(),
        runs,
        image,
    })
}

/// Per segment: `Some` for an active segment of memory 0 at a constant offset, `None` for a
/// passive one. `None` overall when the split must not be made: an active segment at a
/// computed offset or for another memory, or two active segments that overlap.
fn read_segments(
    reader: wasmparser::DataSectionReader<'_>,
) -> Result<Option<Vec<Option<Active<'_>>>>, wasmparser::BinaryReaderError> {
    let mut segments = Vec::new();
    for data in reader {
        let data = data?;
        let DataKind::Active {
            memory_index,
            offset_expr,
        } = data.kind
        else {
            segments.push(None);
            continue;
        };
        let mut ops = offset_expr.get_operators_reader();
        let (0, Operator::I32Const { value }, Operator::End) =
            (memory_index, ops.read()?, ops.read()?)
        else {
            return Ok(None);
        };
        segments.push(Some(Active {
            offset: value.cast_unsigned(),
            bytes: data.data,
        }));
    }
    let mut ranges: Vec<(u64, u64)> = segments
        .iter()
        .flatten()
        .map(|s| {
            (
                u64::from(s.offset),
                u64::from(s.offset) + s.bytes.len() as u64,
            )
        })
        .filter(|(start, end)| end > start)
        .collect();
    ranges.sort_unstable();
    if ranges.windows(2).any(|w| w[1].0 < w[0].1) {
        return Ok(None);
    }
    Ok(Some(segments))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{MemorySection, MemoryType, Module};

    fn module(passive: &[&[u8]], active: &[(u32, Vec<u8>)]) -> Vec<u8> {
        let mut m = Module::new();
        let mut memories = MemorySection::new();
        memories.memory(MemoryType {
            minimum: 64,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        m.section(&memories);
        m.section(&DataCountSection {
            count: (passive.len() + active.len()) as u32,
        });
        let mut data = DataSection::new();
        for (offset, bytes) in active {
            data.active(
                0,
                &ConstExpr::i32_const(*offset as i32),
                bytes.iter().copied(),
            );
        }
        for bytes in passive {
            data.passive(bytes.iter().copied());
        }
        m.section(&data);
        m.finish()
    }

    /// What an instance's memory starts as: the active segments in order, then the image.
    fn initial_memory(split: &Split) -> Vec<u8> {
        let mut memory = crate::snapshot::segments::initial_memory(&split.module);
        memory.resize(64 * 65536, 0);
        let mut image = &split.image[..];
        for run in &split.runs {
            let (bytes, rest) = image.split_at(run.len as usize);
            memory[run.offset as usize..][..bytes.len()].copy_from_slice(bytes);
            image = rest;
        }
        memory
    }

    fn pattern(len: usize, seed: u8) -> Vec<u8> {
        (0..len)
            .map(|i| (i as u8).wrapping_mul(31) ^ seed)
            .collect()
    }

    #[test]
    fn moves_whole_pages_out_and_keeps_the_rest() {
        let big = pattern(MIN_RUN as usize + 3 * IMAGE_PAGE + 123, 7);
        let wasm = module(
            &[b"passive"],
            &[(100, big.clone()), (1_000_000, pattern(10, 1))],
        );
        let split = split(&wasm).unwrap();
        wasmparser::Validator::new()
            .validate_all(&split.module)
            .unwrap();
        let unsplit = Split {
            module: wasm.clone(),
            runs: vec![],
            image: vec![],
        };
        assert_eq!(initial_memory(&split), initial_memory(&unsplit));
        let first_page = IMAGE_PAGE as u32;
        let end = (100 + big.len() as u32) / first_page * first_page;
        assert_eq!(
            split.runs,
            vec![ImageRun {
                offset: first_page,
                len: end - first_page
            }]
        );
        assert_eq!(split.image.len(), (end - first_page) as usize);
        // The head keeps index 0, the small segment and the passive one keep theirs, the tail
        // comes last.
        let mut sizes = Vec::new();
        for payload in Parser::new(0).parse_all(&split.module) {
            match payload.unwrap() {
                Payload::DataSection(r) => {
                    sizes = r.into_iter().map(|d| d.unwrap().data.len()).collect()
                }
                Payload::DataCountSection { count, .. } => assert_eq!(count, 4),
                _ => {}
            }
        }
        let tail = 100 + big.len() - end as usize;
        assert_eq!(sizes, vec![IMAGE_PAGE - 100, 10, 7, tail]);
    }

    #[test]
    fn leaves_small_and_overlapping_segments_alone() {
        let small = module(&[], &[(0, pattern(MIN_RUN as usize - 1, 3))]);
        let split_small = split(&small).unwrap();
        assert!(split_small.runs.is_empty());
        assert_eq!(split_small.module, small);

        let big = pattern(2 * MIN_RUN as usize, 5);
        let overlapping = module(&[], &[(0, big), (70_000, pattern(10, 2))]);
        let split_overlapping = split(&overlapping).unwrap();
        assert!(split_overlapping.runs.is_empty(), "order matters there");
        assert_eq!(split_overlapping.module, overlapping);
    }
}
