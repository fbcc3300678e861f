//! The envelope around native artifacts (`.aot` for WAMR, `.cwasm` for Wasmtime).
//!
//! Native code is only safe to load by the engine build that produced it, on a CPU that has
//! every instruction-set feature it was compiled for. WAMR does not check CPU features at all
//! (an AVX-512 instruction on a CPU without it is a SIGILL, not an error), so the runner checks
//! this header *before* any engine sees the payload, and refuses with a message saying to
//! rebuild.
//!
//! Layout: a text header, one `key=value` per line, ended by an empty line, then the payload:
//!
//! ```text
//! EDGEBOX-ARTIFACT
//! format=1
//! kind=aot
//! edgebox=0.1.0
//! engine=wamr 2.4.3
//! cpu-features=avx avx2 bmi1 ...
//! entry=app.js
//! map-at=0x20000000
//! payload-len=0x00000000002a1000
//! memory-image=0x1000+0xd2000
//! pad=
//!
//! <payload>
//! <zeros up to a page boundary>
//! <memory image>
//! ```
//!
//! `pad` is spaces that make the payload start at a multiple of [`PAYLOAD_ALIGN`] in the file, so
//! a runner can map the file and hand the payload to an engine in place. Readers ignore it (older
//! artifacts without it still load, by copying the payload to an aligned buffer).
//!
//! `map-at` (optional) is the address the runner should map the whole file at: the payload's
//! code was prelinked for it (`edgebox_wamr_sys::prelink`). Mapped anywhere else it still runs,
//! relocated at load like any other.
//!
//! `memory-image` (optional, `.aot` only) lists runs of the snapshot's linear memory, each
//! `OFFSET+LEN` (page-aligned, ascending, not overlapping), that are not in the payload's data
//! segments but stored after the payload, one after the other from the first page boundary
//! after it. The runner maps them into linear memory copy-on-write instead of letting the engine
//! zero pages and copy the bytes in (see `runtime/src/memory_image.rs`). `payload-len` says where
//! the payload ends when something follows it; its value is written at a fixed width, so the
//! header's length does not depend on it.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// The first line of every enveloped artifact.
pub const MAGIC: &[u8] = b"EDGEBOX-ARTIFACT\n";
/// Bumped whenever the header's meaning changes. 2: `payload-len` and `memory-image` (a runner
/// that ignored them would start the app with parts of its memory missing).
pub const FORMAT: u32 = 2;
/// Headers are short; anything longer is not ours.
const MAX_HEADER_BYTES: usize = 64 * 1024;
/// Where in the file the payload starts: a multiple of this. WAMR's AOT loader aligns its reads
/// to absolute addresses, so the payload must sit in memory at least as aligned as its format
/// assumes (4 bytes); a page, because prelinked code must start on a page boundary of the
/// mapped file (it is made executable in place).
pub const PAYLOAD_ALIGN: usize = 4096;
/// The unit of a memory image: runs start and end on these boundaries, in linear memory and in
/// the file, so that they can be mapped.
pub const IMAGE_PAGE: usize = 4096;

/// A run of linear memory stored after the payload: `len` bytes for `[offset, offset + len)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageRun {
    pub offset: u32,
    pub len: u32,
}

/// Where the parts of an enveloped artifact are in its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub payload: core::ops::Range<usize>,
    /// The memory image's bytes (empty when there is none), runs in [`Envelope::memory_image`]
    /// order.
    pub image: core::ops::Range<usize>,
}

/// Which engine the payload is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NativeKind {
    /// WAMR AOT (`.aot`), compiled by LLVM.
    Aot,
    /// Wasmtime precompiled module (`.cwasm`), compiled by Cranelift.
    Cwasm,
}

impl NativeKind {
    pub fn name(self) -> &'static str {
        match self {
            NativeKind::Aot => "aot",
            NativeKind::Cwasm => "cwasm",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        match name {
            "aot" => Some(NativeKind::Aot),
            "cwasm" => Some(NativeKind::Cwasm),
            _ => None,
        }
    }
}

/// The header fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub kind: NativeKind,
    /// The EdgeBox version that built the artifact.
    pub edgebox_version: String,
    /// The engine and its version, e.g. `wamr 2.4.3`.
    pub engine: String,
    /// CPU features the native code may use; every one must be present where it runs.
    pub cpu_features: Vec<String>,
    /// The entry file the app was built from.
    pub entry: String,
    /// The address to map the file at, if its code was prelinked for one.
    pub map_at: Option<u64>,
    /// Linear memory stored after the payload rather than in its data segments.
    pub memory_image: Vec<ImageRun>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvelopeError {
    NotEnveloped,
    Truncated,
    Malformed(String),
    Format(u32),
}

impl core::fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::NotEnveloped => write!(f, "not an EdgeBox native artifact"),
            Self::Truncated => write!(f, "truncated EdgeBox artifact header"),
            Self::Malformed(what) => write!(f, "malformed EdgeBox artifact header ({what})"),
            Self::Format(v) => write!(
                f,
                "EdgeBox artifact format {v}, but this edgebox reads format {FORMAT}"
            ),
        }
    }
}

impl Envelope {
    /// Header + payload (the envelope must list no memory image).
    pub fn wrap(&self, payload: &[u8]) -> Vec<u8> {
        self.wrap_with_image(payload, &[])
    }

    /// Header + payload + the memory image: `image` is the bytes of [`Envelope::memory_image`]'s
    /// runs, one after the other.
    pub fn wrap_with_image(&self, payload: &[u8], image: &[u8]) -> Vec<u8> {
        let image_len: usize = self.memory_image.iter().map(|r| r.len as usize).sum();
        assert_eq!(image.len(), image_len, "memory image bytes vs. its runs");
        let mut out = self.header(payload.len());
        out.reserve(payload.len() + image.len() + IMAGE_PAGE);
        out.extend_from_slice(payload);
        if !image.is_empty() {
            out.resize(out.len().next_multiple_of(IMAGE_PAGE), 0);
            out.extend_from_slice(image);
        }
        out
    }

    /// The length of the header, padding included: where the payload starts. It does not depend
    /// on the payload.
    pub fn header_len(&self) -> usize {
        self.header(0).len()
    }

    /// The header for a payload of `payload_len` bytes.
    fn header(&self, payload_len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(PAYLOAD_ALIGN);
        out.extend_from_slice(MAGIC);
        fn line(out: &mut Vec<u8>, k: &str, v: &str) {
            out.extend_from_slice(k.as_bytes());
            out.push(b'=');
            out.extend_from_slice(v.as_bytes());
            out.push(b'\n');
        }
        line(&mut out, "format", &FORMAT.to_string());
        line(&mut out, "kind", self.kind.name());
        line(&mut out, "edgebox", &self.edgebox_version);
        line(&mut out, "engine", &self.engine);
        line(&mut out, "cpu-features", &self.cpu_features.join(" "));
        line(&mut out, "entry", &self.entry);
        if let Some(addr) = self.map_at {
            line(&mut out, "map-at", &alloc::format!("{addr:#x}"));
        }
        if !self.memory_image.is_empty() {
            line(
                &mut out,
                "payload-len",
                &alloc::format!("{payload_len:#018x}"),
            );
            let runs: Vec<String> = self
                .memory_image
                .iter()
                .map(|r| alloc::format!("{:#x}+{:#x}", r.offset, r.len))
                .collect();
            line(&mut out, "memory-image", &runs.join(" "));
        }
        // "pad=" + spaces + "\n", then the empty line that ends the header.
        let unpadded = out.len() + "pad=\n\n".len();
        line(
            &mut out,
            "pad",
            &" ".repeat(unpadded.next_multiple_of(PAYLOAD_ALIGN) - unpadded),
        );
        out.push(b'\n');
        out
    }

    /// Splits an enveloped artifact into its header and payload.
    pub fn unwrap(bytes: &[u8]) -> Result<(Envelope, &[u8]), EnvelopeError> {
        let (envelope, layout) = Self::parse(bytes)?;
        Ok((envelope, &bytes[layout.payload]))
    }

    /// The header, and where the payload and the memory image are in `bytes` (checked to be
    /// inside it).
    pub fn parse(bytes: &[u8]) -> Result<(Envelope, Layout), EnvelopeError> {
        let (envelope, payload_start, payload_len) = Self::parse_header(bytes)?;
        let layout = match payload_len {
            None if envelope.memory_image.is_empty() => Layout {
                payload: payload_start..bytes.len(),
                image: bytes.len()..bytes.len(),
            },
            None => return Err(EnvelopeError::Malformed("no payload-len".into())),
            Some(len) => {
                let payload_end = usize::try_from(len)
                    .ok()
                    .and_then(|len| payload_start.checked_add(len))
                    .filter(|&end| end <= bytes.len())
                    .ok_or(EnvelopeError::Truncated)?;
                let image_start = payload_end.next_multiple_of(IMAGE_PAGE);
                let image_len: usize = envelope.memory_image.iter().map(|r| r.len as usize).sum();
                let image_end = image_start
                    .checked_add(image_len)
                    .filter(|&end| end <= bytes.len())
                    .ok_or(EnvelopeError::Truncated)?;
                Layout {
                    payload: payload_start..payload_end,
                    image: image_start..image_end,
                }
            }
        };
        Ok((envelope, layout))
    }

    /// The header alone, from `bytes` that start with it (the rest of the file need not be
    /// there).
    pub fn read_header(bytes: &[u8]) -> Result<Envelope, EnvelopeError> {
        Ok(Self::parse_header(bytes)?.0)
    }

    /// The header, where the payload starts and its `payload-len`.
    fn parse_header(bytes: &[u8]) -> Result<(Envelope, usize, Option<u64>), EnvelopeError> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or(EnvelopeError::NotEnveloped)?;
        let window = &rest[..rest.len().min(MAX_HEADER_BYTES)];
        let end = window.windows(2).position(|w| w == b"\n\n").ok_or(
            if rest.len() > MAX_HEADER_BYTES {
                EnvelopeError::Malformed("header too long".into())
            } else {
                EnvelopeError::Truncated
            },
        )?;
        let header = core::str::from_utf8(&rest[..end])
            .map_err(|_| EnvelopeError::Malformed("not UTF-8".into()))?;
        let payload_start = MAGIC.len() + end + 2;

        let (mut format, mut kind, mut edgebox, mut engine, mut features, mut entry) =
            (None, None, None, None, None, None);
        let (mut map_at, mut payload_len, mut memory_image) = (None, None, Vec::new());
        for line in header.split('\n') {
            let (k, v) = line
                .split_once('=')
                .ok_or_else(|| EnvelopeError::Malformed(alloc::format!("line `{line}`")))?;
            match k {
                "format" => {
                    format = Some(
                        v.parse::<u32>()
                            .map_err(|_| EnvelopeError::Malformed("format".into()))?,
                    )
                }
                "kind" => {
                    kind =
                        Some(NativeKind::from_name(v).ok_or_else(|| {
                            EnvelopeError::Malformed(alloc::format!("kind `{v}`"))
                        })?)
                }
                "edgebox" => edgebox = Some(v.to_string()),
                "engine" => engine = Some(v.to_string()),
                "cpu-features" => {
                    features = Some(v.split_whitespace().map(|s| s.to_string()).collect())
                }
                "entry" => entry = Some(v.to_string()),
                "map-at" => {
                    map_at = Some(
                        v.strip_prefix("0x")
                            .and_then(|hex| u64::from_str_radix(hex, 16).ok())
                            .ok_or_else(|| {
                                EnvelopeError::Malformed(alloc::format!("map-at `{v}`"))
                            })?,
                    )
                }
                "payload-len" => {
                    payload_len = Some(parse_hex(v).ok_or_else(|| {
                        EnvelopeError::Malformed(alloc::format!("payload-len `{v}`"))
                    })?)
                }
                "memory-image" => memory_image = parse_runs(v)?,
                // Unknown keys are allowed so that a newer minor header can still be read
                // far enough to say "rebuild".
                _ => {}
            }
        }
        let format = format.ok_or_else(|| EnvelopeError::Malformed("no format".into()))?;
        if format != FORMAT {
            return Err(EnvelopeError::Format(format));
        }
        let missing = |what: &str| EnvelopeError::Malformed(alloc::format!("no {what}"));
        Ok((
            Envelope {
                kind: kind.ok_or_else(|| missing("kind"))?,
                edgebox_version: edgebox.ok_or_else(|| missing("edgebox"))?,
                engine: engine.ok_or_else(|| missing("engine"))?,
                cpu_features: features.ok_or_else(|| missing("cpu-features"))?,
                entry: entry.ok_or_else(|| missing("entry"))?,
                map_at,
                memory_image,
            },
            payload_start,
            payload_len,
        ))
    }
}

fn parse_hex(text: &str) -> Option<u64> {
    u64::from_str_radix(text.strip_prefix("0x")?, 16).ok()
}

/// `OFFSET+LEN ...`: page-aligned, non-empty, ascending and not overlapping.
fn parse_runs(text: &str) -> Result<Vec<ImageRun>, EnvelopeError> {
    let mut runs: Vec<ImageRun> = Vec::new();
    for item in text.split_whitespace() {
        let bad = || EnvelopeError::Malformed(alloc::format!("memory-image run `{item}`"));
        let (offset, len) = item.split_once('+').ok_or_else(bad)?;
        let as_u32 = |v: &str| parse_hex(v).and_then(|v| u32::try_from(v).ok());
        let run = ImageRun {
            offset: as_u32(offset).ok_or_else(bad)?,
            len: as_u32(len).ok_or_else(bad)?,
        };
        let page = IMAGE_PAGE as u32;
        let after_previous = runs
            .last()
            .is_none_or(|prev| prev.offset + prev.len <= run.offset);
        let fits = run.offset.checked_add(run.len).is_some();
        if run.len == 0 || run.offset % page != 0 || run.len % page != 0 || !after_previous || !fits
        {
            return Err(bad());
        }
        runs.push(run);
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn sample() -> Envelope {
        Envelope {
            kind: NativeKind::Aot,
            edgebox_version: "0.1.0".into(),
            engine: "wamr 2.4.3".into(),
            cpu_features: vec!["avx".into(), "avx2".into()],
            entry: "app.js".into(),
            map_at: Some(0x2000_0000),
            memory_image: Vec::new(),
        }
    }

    #[test]
    fn carries_a_memory_image_after_the_payload() {
        let mut env = sample();
        env.memory_image = vec![
            ImageRun {
                offset: 0x1000,
                len: 0x2000,
            },
            ImageRun {
                offset: 0x8000,
                len: 0x1000,
            },
        ];
        let image: Vec<u8> = (0..0x3000u32).map(|i| (i / 0x1000) as u8 + 1).collect();
        let bytes = env.wrap_with_image(b"\0aot payload", &image);
        let (parsed, layout) = Envelope::parse(&bytes).unwrap();
        assert_eq!(parsed, env);
        assert_eq!(&bytes[layout.payload.clone()], b"\0aot payload");
        assert_eq!(layout.payload.start % PAYLOAD_ALIGN, 0);
        assert_eq!(layout.payload.start, env.header_len());
        assert_eq!(
            layout.image.start % IMAGE_PAGE,
            0,
            "the image is page-aligned"
        );
        assert_eq!(&bytes[layout.image.clone()], &image[..]);
        assert_eq!(Envelope::unwrap(&bytes).unwrap().1, b"\0aot payload");
        // Cut inside the image: refused, not read short.
        assert_eq!(
            Envelope::parse(&bytes[..bytes.len() - 1]).unwrap_err(),
            EnvelopeError::Truncated
        );
    }

    #[test]
    fn refuses_bad_memory_image_runs() {
        for runs in [
            "0x1000",
            "0x1001+0x1000",
            "0x1000+0x10",
            "0x2000+0x1000 0x1000+0x1000",
            "0x1000+0x0",
            "0xfffff000+0x2000",
        ] {
            let text = alloc::format!(
                "EDGEBOX-ARTIFACT\nformat={FORMAT}\nkind=aot\nedgebox=0\nengine=e\ncpu-features=\nentry=a\npayload-len=0x1\nmemory-image={runs}\n\nx"
            );
            assert!(
                matches!(
                    Envelope::parse(text.as_bytes()),
                    Err(EnvelopeError::Malformed(_))
                ),
                "{runs}"
            );
        }
    }

    #[test]
    fn round_trips() {
        let bytes = sample().wrap(b"\0aot payload");
        let (env, payload) = Envelope::unwrap(&bytes).unwrap();
        assert_eq!(env, sample());
        assert_eq!(payload, b"\0aot payload");
        assert_eq!(
            (bytes.len() - payload.len()) % PAYLOAD_ALIGN,
            0,
            "the payload starts aligned"
        );
    }

    #[test]
    fn refuses_truncated_and_foreign() {
        let bytes = sample().wrap(b"x");
        assert_eq!(
            Envelope::unwrap(&bytes[..30]).unwrap_err(),
            EnvelopeError::Truncated
        );
        assert_eq!(
            Envelope::unwrap(b"\0asm").unwrap_err(),
            EnvelopeError::NotEnveloped
        );
        let other = b"EDGEBOX-ARTIFACT\nformat=9\n\nx";
        assert_eq!(
            Envelope::unwrap(other).unwrap_err(),
            EnvelopeError::Format(9)
        );
    }
}
