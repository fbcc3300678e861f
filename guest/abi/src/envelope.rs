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
//! pad=
//!
//! <payload>
//! ```
//!
//! `pad` is spaces that make the payload start at a multiple of [`PAYLOAD_ALIGN`] in the file, so
//! a runner can map the file and hand the payload to an engine in place. Readers ignore it (older
//! artifacts without it still load, by copying the payload to an aligned buffer).
//!
//! `map-at` (optional) is the address the runner should map the whole file at: the payload's
//! code was prelinked for it (`edgebox_wamr_sys::prelink`). Mapped anywhere else it still runs,
//! relocated at load like any other.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// The first line of every enveloped artifact.
pub const MAGIC: &[u8] = b"EDGEBOX-ARTIFACT\n";
/// Bumped whenever the header's meaning changes.
pub const FORMAT: u32 = 1;
/// Headers are short; anything longer is not ours.
const MAX_HEADER_BYTES: usize = 64 * 1024;
/// Where in the file the payload starts: a multiple of this. WAMR's AOT loader aligns its reads
/// to absolute addresses, so the payload must sit in memory at least as aligned as its format
/// assumes (4 bytes); a page, because prelinked code must start on a page boundary of the
/// mapped file (it is made executable in place).
pub const PAYLOAD_ALIGN: usize = 4096;

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
    /// Header + payload.
    pub fn wrap(&self, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(payload.len() + 512);
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
        // "pad=" + spaces + "\n", then the empty line that ends the header.
        let unpadded = out.len() + "pad=\n\n".len();
        line(
            &mut out,
            "pad",
            &" ".repeat(unpadded.next_multiple_of(PAYLOAD_ALIGN) - unpadded),
        );
        out.push(b'\n');
        out.extend_from_slice(payload);
        out
    }

    /// Splits an enveloped artifact into its header and payload.
    pub fn unwrap(bytes: &[u8]) -> Result<(Envelope, &[u8]), EnvelopeError> {
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
        let payload = &rest[end + 2..];

        let (mut format, mut kind, mut edgebox, mut engine, mut features, mut entry) =
            (None, None, None, None, None, None);
        let mut map_at = None;
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
            },
            payload,
        ))
    }
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
