//! The contracts between the compiler (`edgeboxc`), the guest (`guest/`) and the runner
//! (`edgebox`): the app image inside the guest, and the envelope around native artifacts
//! ([`envelope`]).
//!
//! The compiler turns JavaScript into QuickJS bytecode, wraps it in an *app image* (a small header
//! followed by the bytecode) and places that image in a passive data segment of a copy of the
//! guest module. The guest exports two stub functions whose bodies the compiler replaces:
//! [`EXPORT_APP_LEN`] returns the image length and [`EXPORT_APP_COPY`] copies the image to guest
//! memory with `memory.init`. Keeping every name and byte layout here means the two sides cannot
//! drift apart silently.
#![no_std]

extern crate alloc;

pub mod cpu;
pub mod envelope;
pub mod frozen;

/// Guest export `() -> i32`: the length of the embedded app image, 0 in the unpatched guest.
pub const EXPORT_APP_LEN: &str = "edgebox_app_len";
/// Guest export `(dst: i32) -> ()`: copies the app image to `dst`; a no-op in the unpatched guest.
pub const EXPORT_APP_COPY: &str = "edgebox_app_copy";

/// Exported mutable `i64` global of a metered artifact (`edgeboxc build --metered`): the
/// instruction budget left. The runner writes the budget before `_start`; a trap with the
/// global below zero means the budget ran out. Unmetered artifacts do not have it.
pub const EXPORT_FUEL: &str = "edgebox_fuel";

/// The guest's stack (the shadow stack in linear memory that C and Rust frames use, and that
/// QuickJS's recursion check measures), fixed when the guest is linked (guest/build.rs). It
/// cannot grow at run time, so it is the most `runtime.stack_size` can be.
pub const GUEST_STACK_BYTES: u64 = 8 * 1024 * 1024;

/// WASI environment variable through which the runner hands the guest this run's JS limits
/// ([`RunLimits`]). The guest removes it before the app can see `process.env`.
pub const RUN_LIMITS_ENV: &str = "EDGEBOX_RUN_LIMITS";

/// The limits the guest itself enforces, because only QuickJS can: its heap and its stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunLimits {
    /// QuickJS's memory limit (`JS_SetMemoryLimit`), in bytes.
    pub heap_bytes: u64,
    /// The stack JS may use, in bytes, at most [`GUEST_STACK_BYTES`].
    pub stack_bytes: u64,
}

impl RunLimits {
    /// `heap=<bytes> stack=<bytes>`, the value of [`RUN_LIMITS_ENV`].
    pub fn encode(&self) -> alloc::string::String {
        alloc::format!("heap={} stack={}", self.heap_bytes, self.stack_bytes)
    }

    pub fn decode(text: &str) -> Option<Self> {
        let mut heap_bytes = None;
        let mut stack_bytes = None;
        for field in text.split(' ') {
            let (key, value) = field.split_once('=')?;
            let value = value.parse().ok()?;
            match key {
                "heap" => heap_bytes = Some(value),
                "stack" => stack_bytes = Some(value),
                _ => return None,
            }
        }
        Some(Self {
            heap_bytes: heap_bytes?,
            stack_bytes: stack_bytes?,
        })
    }
}

/// Custom section that marks a module as an EdgeBox artifact. Its payload is
/// [`ArtifactManifest::encode`]. Runners use it to refuse modules EdgeBox did not build.
pub const MANIFEST_SECTION: &str = "edgebox.manifest";

/// First bytes of an app image.
pub const APP_MAGIC: [u8; 8] = *b"EBXAPP\0\x01";

/// QuickJS-NG's bytecode format version (`BC_VERSION` in quickjs.c) this EdgeBox speaks.
pub const QUICKJS_BC_VERSION: u8 = 28;
/// The QuickJS-NG release the compiler and guest are both built from.
pub const QUICKJS_VERSION: &str = "0.16.2";

/// How the guest must evaluate the bytecode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A classic script (`JS_EVAL_TYPE_GLOBAL`).
    Script = 0,
    /// An ES module (`JS_EVAL_TYPE_MODULE`).
    Module = 1,
}

/// The fixed-size header in front of the bytecode in an app image.
///
/// Layout (little endian): magic (8) | bc_version (1) | kind (1) | reserved (2) |
/// bytecode length (4) | quickjs version, NUL padded (16).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppHeader {
    pub bc_version: u8,
    pub kind: SourceKind,
    pub bytecode_len: u32,
    pub quickjs_version: [u8; 16],
}

/// Size in bytes of an encoded [`AppHeader`].
pub const APP_HEADER_LEN: usize = 32;

/// Why an app image was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppImageError {
    TooShort { len: usize },
    BadMagic,
    BytecodeVersion { found: u8, expected: u8 },
    QuickJsVersion,
    BadKind(u8),
    LengthMismatch { header: u32, actual: usize },
}

impl core::fmt::Display for AppImageError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::TooShort { len } => write!(f, "app image is truncated ({len} bytes)"),
            Self::BadMagic => write!(f, "app image has no EdgeBox header"),
            Self::BytecodeVersion { found, expected } => write!(
                f,
                "app bytecode is version {found} but this guest runs version {expected}; rebuild the app with a matching edgeboxc"
            ),
            Self::QuickJsVersion => write!(
                f,
                "app was compiled by a different QuickJS-NG release; rebuild it with a matching edgeboxc"
            ),
            Self::BadKind(k) => write!(f, "app image has unknown source kind {k}"),
            Self::LengthMismatch { header, actual } => write!(
                f,
                "app image says {header} bytes of bytecode but carries {actual}"
            ),
        }
    }
}

impl AppHeader {
    /// A header for bytecode produced by this EdgeBox's QuickJS-NG.
    pub fn new(kind: SourceKind, bytecode_len: u32) -> Self {
        let mut quickjs_version = [0u8; 16];
        quickjs_version[..QUICKJS_VERSION.len()].copy_from_slice(QUICKJS_VERSION.as_bytes());
        Self {
            bc_version: QUICKJS_BC_VERSION,
            kind,
            bytecode_len,
            quickjs_version,
        }
    }

    pub fn encode(&self) -> [u8; APP_HEADER_LEN] {
        let mut out = [0u8; APP_HEADER_LEN];
        out[..8].copy_from_slice(&APP_MAGIC);
        out[8] = self.bc_version;
        out[9] = self.kind as u8;
        out[12..16].copy_from_slice(&self.bytecode_len.to_le_bytes());
        out[16..32].copy_from_slice(&self.quickjs_version);
        out
    }

    /// Parses and checks an app image; returns the header and the bytecode that follows it.
    pub fn decode(image: &[u8]) -> Result<(AppHeader, &[u8]), AppImageError> {
        if image.len() < APP_HEADER_LEN {
            return Err(AppImageError::TooShort { len: image.len() });
        }
        if image[..8] != APP_MAGIC {
            return Err(AppImageError::BadMagic);
        }
        let bc_version = image[8];
        if bc_version != QUICKJS_BC_VERSION {
            return Err(AppImageError::BytecodeVersion {
                found: bc_version,
                expected: QUICKJS_BC_VERSION,
            });
        }
        let kind = match image[9] {
            0 => SourceKind::Script,
            1 => SourceKind::Module,
            other => return Err(AppImageError::BadKind(other)),
        };
        let mut quickjs_version = [0u8; 16];
        quickjs_version.copy_from_slice(&image[16..32]);
        if quickjs_version != AppHeader::new(kind, 0).quickjs_version {
            return Err(AppImageError::QuickJsVersion);
        }
        let bytecode_len = u32::from_le_bytes([image[12], image[13], image[14], image[15]]);
        let bytecode = &image[APP_HEADER_LEN..];
        if bytecode.len() != bytecode_len as usize {
            return Err(AppImageError::LengthMismatch {
                header: bytecode_len,
                actual: bytecode.len(),
            });
        }
        Ok((
            AppHeader {
                bc_version,
                kind,
                bytecode_len,
                quickjs_version,
            },
            bytecode,
        ))
    }
}

/// What the manifest custom section records about an artifact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtifactManifest<'a> {
    /// The EdgeBox version that built the artifact (`CARGO_PKG_VERSION` of edgeboxc).
    pub edgebox_version: &'a str,
    /// The file name of the app's entry point, as given to `edgeboxc build`.
    pub entry: &'a str,
}

impl<'a> ArtifactManifest<'a> {
    const PREFIX: &'static str = "edgebox-artifact v1\n";

    /// Encodes as `edgebox-artifact v1\nversion=..\nentry=..\n`: text, so `strings` shows it.
    pub fn encode_into(&self, out: &mut impl core::fmt::Write) -> core::fmt::Result {
        write!(
            out,
            "{}version={}\nentry={}\n",
            Self::PREFIX,
            self.edgebox_version,
            self.entry
        )
    }

    /// Parses a manifest payload; `None` if it is not one this EdgeBox understands.
    pub fn decode(payload: &'a [u8]) -> Option<Self> {
        let text = core::str::from_utf8(payload).ok()?;
        let rest = text.strip_prefix(Self::PREFIX)?;
        let mut edgebox_version = None;
        let mut entry = None;
        for line in rest.lines() {
            if let Some(v) = line.strip_prefix("version=") {
                edgebox_version = Some(v);
            } else if let Some(v) = line.strip_prefix("entry=") {
                entry = Some(v);
            }
        }
        Some(Self {
            edgebox_version: edgebox_version?,
            entry: entry?,
        })
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::{string::String, vec::Vec};

    #[test]
    fn run_limits_round_trip() {
        let limits = RunLimits {
            heap_bytes: 268435456,
            stack_bytes: 65536,
        };
        assert_eq!(limits.encode(), "heap=268435456 stack=65536");
        assert_eq!(RunLimits::decode(&limits.encode()), Some(limits));
        assert_eq!(RunLimits::decode("heap=1"), None);
        assert_eq!(RunLimits::decode("heap=x stack=1"), None);
    }

    fn image(kind: SourceKind, bytecode: &[u8]) -> Vec<u8> {
        let mut v = AppHeader::new(kind, bytecode.len() as u32)
            .encode()
            .to_vec();
        v.extend_from_slice(bytecode);
        v
    }

    #[test]
    fn header_round_trips() {
        let img = image(SourceKind::Module, b"\x1c\x01\x02");
        let (h, bc) = AppHeader::decode(&img).unwrap();
        assert_eq!(h.kind, SourceKind::Module);
        assert_eq!(bc, b"\x1c\x01\x02");
    }

    #[test]
    fn refuses_other_bytecode_version() {
        let mut img = image(SourceKind::Script, b"x");
        img[8] = 27;
        assert_eq!(
            AppHeader::decode(&img).unwrap_err(),
            AppImageError::BytecodeVersion {
                found: 27,
                expected: QUICKJS_BC_VERSION
            }
        );
    }

    #[test]
    fn refuses_truncated_and_foreign_images() {
        let img = image(SourceKind::Script, b"abc");
        assert_eq!(
            AppHeader::decode(&img[..img.len() - 1]).unwrap_err(),
            AppImageError::LengthMismatch {
                header: 3,
                actual: 2
            }
        );
        assert_eq!(
            AppHeader::decode(&img[..5]).unwrap_err(),
            AppImageError::TooShort { len: 5 }
        );
        assert_eq!(
            AppHeader::decode(&[0u8; 40]).unwrap_err(),
            AppImageError::BadMagic
        );
    }

    #[test]
    fn manifest_round_trips() {
        let m = ArtifactManifest {
            edgebox_version: "0.1.0",
            entry: "app.js",
        };
        let mut s = String::new();
        m.encode_into(&mut s).unwrap();
        assert_eq!(ArtifactManifest::decode(s.as_bytes()), Some(m));
        assert_eq!(ArtifactManifest::decode(b"something else"), None);
    }
}
