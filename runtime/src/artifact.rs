//! Recognising an EdgeBox artifact before any engine sees it.

use crate::memory_image::MemoryImage;
use crate::payload::{Mapping, Payload};
use edgebox_abi::envelope::{Envelope, Layout, NativeKind, PAYLOAD_ALIGN};
use edgebox_abi::{ArtifactManifest, MANIFEST_SECTION};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use wasmparser::Parser;

const WASM_MAGIC: &[u8; 4] = b"\0asm";

/// A file that passed the checks: an EdgeBox module and what its manifest says.
#[derive(Debug, Clone)]
pub struct Artifact {
    pub path: PathBuf,
    pub kind: ArtifactKind,
    /// What the engine loads: the module (`.wasm`) or the native code inside the envelope.
    pub bytes: Payload,
    /// The `edgeboxc` version that built it.
    pub built_by: String,
    /// The entry file it was built from.
    pub entry: String,
    /// `.aot`: linear memory to put in place before the app runs (see `edgebox_abi::envelope`).
    pub memory_image: Option<MemoryImage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    /// A portable WebAssembly module (`.wasm`).
    Wasm,
    /// WAMR native code (`.aot`).
    Aot,
    /// Wasmtime native code (`.cwasm`).
    Cwasm,
}

#[derive(Debug, thiserror::Error)]
pub enum ArtifactError {
    #[error("{path}: cannot read: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error("{path}: not an EdgeBox artifact; build one with `edgeboxc build app.js -o app.aot`")]
    NotWasm { path: String },
    #[error("{path}: {detail}; rebuild it with edgeboxc")]
    BadEnvelope { path: String, detail: String },
    #[error(
        "{path}: built for a CPU with {missing}, which this machine lacks; rebuild it here with edgeboxc"
    )]
    Cpu { path: String, missing: String },
    #[error("{path}: truncated or corrupt WebAssembly module ({detail}); rebuild it with edgeboxc")]
    Corrupt { path: String, detail: String },
    #[error(
        "{path}: built for the engine `{found}`, but this edgebox runs `{expected}`; rebuild it with this version's edgeboxc"
    )]
    Engine {
        path: String,
        found: String,
        expected: String,
    },
    #[error(
        "{path}: a WebAssembly module, but not one built by edgeboxc (no `{MANIFEST_SECTION}` section)"
    )]
    Foreign { path: String },
    #[error(
        "{path}: built by edgeboxc {found}, but this edgebox is {expected}; rebuild it with this version's edgeboxc"
    )]
    Version {
        path: String,
        found: String,
        expected: String,
    },
}

impl Artifact {
    pub fn load(path: &Path) -> Result<Self, ArtifactError> {
        let shown = path.display().to_string();
        let read_error = |cause| ArtifactError::Read {
            path: shown.clone(),
            cause,
        };
        let file = std::fs::File::open(path).map_err(read_error)?;
        let len = file.metadata().map_err(read_error)?.len();
        let map = match prelinked_address(&file) {
            Some(addr) => Mapping::at(&file, len, addr),
            None => Mapping::of(&file, len),
        };
        if let Some(map) = map {
            return Self::from_mapping(path, map, Arc::new(file));
        }
        let mut bytes = Vec::new();
        (&file).read_to_end(&mut bytes).map_err(read_error)?;
        Self::from_bytes(path, bytes)
    }

    /// A mapped file: the payload is used in place when it is aligned (artifacts from this
    /// EdgeBox always are, see `edgebox_abi::envelope::PAYLOAD_ALIGN`), else copied; a memory
    /// image will be mapped from `file`.
    fn from_mapping(
        path: &Path,
        map: Mapping,
        file: Arc<std::fs::File>,
    ) -> Result<Self, ArtifactError> {
        if !map.starts_with(edgebox_abi::envelope::MAGIC) {
            let whole = 0..map.len();
            return Self::from_wasm(path, Payload::mapped(map, whole));
        }
        let (envelope, layout) = Self::parse(path, &map)?;
        let image = (!envelope.memory_image.is_empty()).then(|| {
            MemoryImage::in_file(
                file,
                layout.image.start as u64,
                envelope.memory_image.clone(),
            )
        });
        let payload = if layout.payload.start.is_multiple_of(PAYLOAD_ALIGN) {
            Payload::mapped(map, layout.payload)
        } else {
            Payload::from(aligned_copy(&map[layout.payload]))
        };
        Self::from_envelope(path, envelope, payload, image)
    }

    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Self, ArtifactError> {
        if bytes.starts_with(edgebox_abi::envelope::MAGIC) {
            let (envelope, layout) = Self::parse(path, &bytes)?;
            let image = (!envelope.memory_image.is_empty()).then(|| {
                MemoryImage::in_bytes(&bytes[layout.image.clone()], envelope.memory_image.clone())
            });
            let payload = Payload::from(bytes[layout.payload].to_vec());
            Self::from_envelope(path, envelope, payload, image)
        } else {
            Self::from_wasm(path, Payload::from(bytes))
        }
    }

    fn parse(path: &Path, bytes: &[u8]) -> Result<(Envelope, Layout), ArtifactError> {
        Envelope::parse(bytes).map_err(|e| ArtifactError::BadEnvelope {
            path: path.display().to_string(),
            detail: e.to_string(),
        })
    }

    /// `.aot`/`.cwasm`: everything is checked from the header before an engine sees the code.
    fn from_envelope(
        path: &Path,
        envelope: Envelope,
        payload: Payload,
        memory_image: Option<MemoryImage>,
    ) -> Result<Self, ArtifactError> {
        let shown = path.display().to_string();
        if memory_image.is_some() && envelope.kind != NativeKind::Aot {
            return Err(ArtifactError::BadEnvelope {
                path: shown,
                detail: format!("a memory image in a `{}` artifact", envelope.kind.name()),
            });
        }
        let expected = env!("CARGO_PKG_VERSION");
        if envelope.edgebox_version != expected {
            return Err(ArtifactError::Version {
                path: shown,
                found: envelope.edgebox_version,
                expected: expected.into(),
            });
        }
        if envelope.kind == NativeKind::Aot {
            let expected = edgebox_wamr_sys::engine_name();
            if envelope.engine != expected {
                return Err(ArtifactError::Engine {
                    path: shown,
                    found: envelope.engine,
                    expected,
                });
            }
        }
        let missing = edgebox_abi::cpu::missing_features(&envelope.cpu_features);
        if !missing.is_empty() {
            return Err(ArtifactError::Cpu {
                path: shown,
                missing: missing.join(", "),
            });
        }
        let kind = match envelope.kind {
            NativeKind::Aot => ArtifactKind::Aot,
            NativeKind::Cwasm => ArtifactKind::Cwasm,
        };
        Ok(Self {
            path: path.to_path_buf(),
            kind,
            bytes: payload,
            built_by: envelope.edgebox_version,
            entry: envelope.entry,
            memory_image,
        })
    }

    fn from_wasm(path: &Path, bytes: Payload) -> Result<Self, ArtifactError> {
        let shown = path.display().to_string();
        if !bytes.starts_with(WASM_MAGIC) {
            return Err(ArtifactError::NotWasm { path: shown });
        }
        // Walk every section (not just the custom ones) so truncation anywhere is caught here
        // with a clear message instead of deep inside an engine.
        let mut manifest = None;
        for payload in Parser::new(0).parse_all(&bytes) {
            let payload = payload.map_err(|e| ArtifactError::Corrupt {
                path: shown.clone(),
                detail: e.to_string(),
            })?;
            if let wasmparser::Payload::CustomSection(c) = payload {
                if c.name() == MANIFEST_SECTION {
                    let m = ArtifactManifest::decode(c.data()).ok_or_else(|| {
                        ArtifactError::Foreign {
                            path: shown.clone(),
                        }
                    })?;
                    manifest = Some((m.edgebox_version.to_owned(), m.entry.to_owned()));
                }
            }
        }
        let (built_by, entry) = manifest.ok_or_else(|| ArtifactError::Foreign {
            path: shown.clone(),
        })?;
        let expected = env!("CARGO_PKG_VERSION");
        if built_by != expected {
            return Err(ArtifactError::Version {
                path: shown,
                found: built_by,
                expected: expected.into(),
            });
        }
        Ok(Self {
            path: path.to_path_buf(),
            kind: ArtifactKind::Wasm,
            bytes,
            built_by,
            entry,
            memory_image: None,
        })
    }
}

/// The address a prelinked `.aot` wants to be mapped at (its envelope's `map-at`), read from
/// the start of the file. None for anything else; the full checks come after mapping.
fn prelinked_address(file: &std::fs::File) -> Option<usize> {
    use std::os::unix::fs::FileExt;
    // The header is one page (PAYLOAD_ALIGN) unless its fields are unusually long.
    let mut head = vec![0; 2 * PAYLOAD_ALIGN];
    let n = file.read_at(&mut head, 0).ok()?;
    let envelope = Envelope::read_header(&head[..n]).ok()?;
    usize::try_from(envelope.map_at?).ok()
}

/// `payload` in a fresh buffer (aligned by the allocator, at least as much as WAMR's AOT loader
/// needs), its pages mapped in with one system call instead of one page fault per 4 KiB (for a
/// 3.5 MB `.aot`, ~850 faults). Best effort: an older kernel (before Linux 5.14) refuses the
/// advice and the pages fault in as before.
fn aligned_copy(payload: &[u8]) -> Vec<u8> {
    let mut buf = Vec::with_capacity(payload.len());
    let spare = buf.spare_capacity_mut();
    let (start, end) = (
        spare.as_ptr() as usize,
        spare.as_ptr() as usize + spare.len(),
    );
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(1) as usize;
    let first = start.next_multiple_of(page);
    if first < end {
        // SAFETY: [first, end) lies inside `buf`'s own allocation; MADV_POPULATE_WRITE only
        // maps pages in and never changes their contents.
        unsafe {
            libc::madvise(
                first as *mut libc::c_void,
                end - first,
                libc::MADV_POPULATE_WRITE,
            )
        };
    }
    buf.extend_from_slice(payload);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(bytes: &[u8]) -> String {
        Artifact::from_bytes(Path::new("x.wasm"), bytes.to_vec())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn refuses_non_wasm_and_truncated_and_foreign() {
        assert!(load(b"console.log(1)").contains("not an EdgeBox artifact"));
        assert!(load(b"\0asm\x01\0\0\0\x01\x05").contains("truncated or corrupt"));
        assert!(load(b"\0asm\x01\0\0\0").contains("not one built by edgeboxc"));
        assert!(
            load(b"EDGEBOX-ARTIFACT\nformat=1\n").contains("truncated EdgeBox artifact header")
        );
    }

    fn enveloped(version: &str, features: Vec<String>) -> Vec<u8> {
        Envelope {
            kind: NativeKind::Aot,
            edgebox_version: version.into(),
            engine: edgebox_wamr_sys::engine_name(),
            cpu_features: features,
            entry: "a.js".into(),
            map_at: None,
            memory_image: Vec::new(),
        }
        .wrap(b"\0aot")
    }

    #[test]
    fn checks_envelope_version_and_cpu() {
        let ok = Artifact::from_bytes(
            Path::new("x.aot"),
            enveloped(env!("CARGO_PKG_VERSION"), edgebox_abi::cpu::host_features()),
        )
        .unwrap();
        assert_eq!((ok.kind, &*ok.bytes), (ArtifactKind::Aot, &b"\0aot"[..]));
        assert!(load(&enveloped("9.9.9", vec![])).contains("built by edgeboxc 9.9.9"));
        let other_build = String::from_utf8_lossy(&enveloped(env!("CARGO_PKG_VERSION"), vec![]))
            .replace(
                &edgebox_wamr_sys::engine_name(),
                "wamr 2.4.3+0123456789abcdef",
            );
        let err = load(other_build.as_bytes());
        assert!(
            err.contains("built for the engine `wamr 2.4.3+0123456789abcdef`"),
            "{err}"
        );
        let err = load(&enveloped(
            env!("CARGO_PKG_VERSION"),
            vec!["imaginary-feature".into()],
        ));
        assert!(
            err.contains("built for a CPU with imaginary-feature"),
            "{err}"
        );
    }

    #[test]
    fn loads_a_file_mapped_or_copied() {
        let path =
            std::env::temp_dir().join(format!("edgebox-artifact-test-{}.aot", std::process::id()));
        let padded = enveloped(env!("CARGO_PKG_VERSION"), vec![]);
        // An artifact from before the `pad` line: the payload is misaligned in the file.
        let unpadded = format!(
            "EDGEBOX-ARTIFACT\nformat={}\nkind=aot\nedgebox={}\nengine={}\ncpu-features=\nentry=a.js\n\n\0aot",
            edgebox_abi::envelope::FORMAT,
            env!("CARGO_PKG_VERSION"),
            edgebox_wamr_sys::engine_name()
        );
        for (bytes, mapped) in [(padded, true), (unpadded.into_bytes(), false)] {
            std::fs::write(&path, &bytes).unwrap();
            let artifact = Artifact::load(&path).unwrap();
            assert_eq!(artifact.bytes.is_mapped(), mapped);
            assert_eq!(
                (artifact.kind, &*artifact.bytes),
                (ArtifactKind::Aot, &b"\0aot"[..])
            );
            // WAMR's AOT loader reads 4-byte fields at 4-byte aligned addresses.
            assert_eq!(
                artifact.bytes.as_ptr() as usize % 4,
                0,
                "{:?}",
                artifact.bytes
            );
        }
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn refuses_other_versions() {
        let mut m = String::new();
        ArtifactManifest {
            edgebox_version: "0.0.1",
            entry: "a.js",
        }
        .encode_into(&mut m)
        .unwrap();
        let mut bytes = b"\0asm\x01\0\0\0\0".to_vec();
        let name = MANIFEST_SECTION.as_bytes();
        bytes.push((1 + name.len() + m.len()) as u8);
        bytes.push(name.len() as u8);
        bytes.extend_from_slice(name);
        bytes.extend_from_slice(m.as_bytes());
        assert!(
            load(&bytes).contains("built by edgeboxc 0.0.1"),
            "{}",
            load(&bytes)
        );
    }
}
