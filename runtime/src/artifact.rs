//! Recognising an EdgeBox artifact before any engine sees it.

use edgebox_abi::{ArtifactManifest, MANIFEST_SECTION};
use std::path::{Path, PathBuf};
use wasmparser::{Parser, Payload};

const WASM_MAGIC: &[u8; 4] = b"\0asm";

/// A file that passed the checks: an EdgeBox module and what its manifest says.
#[derive(Debug, Clone)]
pub struct Artifact {
    pub path: PathBuf,
    pub kind: ArtifactKind,
    pub bytes: Vec<u8>,
    /// The `edgeboxc` version that built it.
    pub built_by: String,
    /// The entry file it was built from.
    pub entry: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    /// A portable WebAssembly module (`.wasm`).
    Wasm,
}

#[derive(Debug, thiserror::Error)]
pub enum ArtifactError {
    #[error("{path}: cannot read: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error("{path}: not an EdgeBox artifact (not a WebAssembly module); build one with `edgeboxc build app.js -o app.wasm`")]
    NotWasm { path: String },
    #[error("{path}: truncated or corrupt WebAssembly module ({detail}); rebuild it with edgeboxc")]
    Corrupt { path: String, detail: String },
    #[error("{path}: a WebAssembly module, but not one built by edgeboxc (no `{MANIFEST_SECTION}` section)")]
    Foreign { path: String },
    #[error("{path}: built by edgeboxc {found}, but this edgebox is {expected}; rebuild it with this version's edgeboxc")]
    Version { path: String, found: String, expected: String },
}

impl Artifact {
    pub fn load(path: &Path) -> Result<Self, ArtifactError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|cause| ArtifactError::Read { path: shown.clone(), cause })?;
        Self::from_bytes(path, bytes)
    }

    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Self, ArtifactError> {
        let shown = path.display().to_string();
        if !bytes.starts_with(WASM_MAGIC) {
            return Err(ArtifactError::NotWasm { path: shown });
        }
        // Walk every section (not just the custom ones) so truncation anywhere is caught here
        // with a clear message instead of deep inside an engine.
        let mut manifest = None;
        for payload in Parser::new(0).parse_all(&bytes) {
            let payload = payload.map_err(|e| ArtifactError::Corrupt { path: shown.clone(), detail: e.to_string() })?;
            if let Payload::CustomSection(c) = payload {
                if c.name() == MANIFEST_SECTION {
                    let m = ArtifactManifest::decode(c.data()).ok_or_else(|| ArtifactError::Foreign { path: shown.clone() })?;
                    manifest = Some((m.edgebox_version.to_owned(), m.entry.to_owned()));
                }
            }
        }
        let (built_by, entry) = manifest.ok_or_else(|| ArtifactError::Foreign { path: shown.clone() })?;
        let expected = env!("CARGO_PKG_VERSION");
        if built_by != expected {
            return Err(ArtifactError::Version { path: shown, found: built_by, expected: expected.into() });
        }
        Ok(Self { path: path.to_path_buf(), kind: ArtifactKind::Wasm, bytes, built_by, entry })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(bytes: &[u8]) -> String {
        Artifact::from_bytes(Path::new("x.wasm"), bytes.to_vec()).unwrap_err().to_string()
    }

    #[test]
    fn refuses_non_wasm_and_truncated_and_foreign() {
        assert!(load(b"console.log(1)").contains("not a WebAssembly module"));
        assert!(load(b"\0asm\x01\0\0\0\x01\x05").contains("truncated or corrupt"));
        assert!(load(b"\0asm\x01\0\0\0").contains("not one built by edgeboxc"));
    }

    #[test]
    fn refuses_other_versions() {
        let mut m = String::new();
        ArtifactManifest { edgebox_version: "0.0.1", entry: "a.js" }.encode_into(&mut m).unwrap();
        let mut bytes = b"\0asm\x01\0\0\0\0".to_vec();
        let name = MANIFEST_SECTION.as_bytes();
        bytes.push((1 + name.len() + m.len()) as u8);
        bytes.push(name.len() as u8);
        bytes.extend_from_slice(name);
        bytes.extend_from_slice(m.as_bytes());
        assert!(load(&bytes).contains("built by edgeboxc 0.0.1"), "{}", load(&bytes));
    }
}
