//! Stage 1: the app's source text and whether it is a script or an ES module.

use edgebox_abi::SourceKind;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: cannot read: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error("{path}: not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { path: String, offset: usize },
    #[error("{path}: contains a NUL byte at offset {offset}; JavaScript source cannot")]
    Nul { path: String, offset: usize },
}

/// The entry point's text, the name used for it in stack traces, and its kind.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it; it appears in error messages and JS stack traces.
    pub filename: String,
    pub text: String,
    /// Script or module, when known from the command line or the extension; `None` means
    /// "decide by syntax", which the bytecode stage does by compiling (see `bytecode::compile`).
    pub kind: Option<SourceKind>,
}

impl Source {
    /// Reads `path`. The kind is `forced` if given, else `.mjs` → module, `.cjs` → script,
    /// else left to the syntax.
    pub fn load(path: &Path, forced: Option<SourceKind>) -> Result<Self, SourceError> {
        let filename = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|cause| SourceError::Read {
            path: filename.clone(),
            cause,
        })?;
        Self::from_bytes(filename, bytes, forced)
    }

    pub fn from_bytes(
        filename: String,
        bytes: Vec<u8>,
        forced: Option<SourceKind>,
    ) -> Result<Self, SourceError> {
        let text = String::from_utf8(bytes).map_err(|e| SourceError::NotUtf8 {
            path: filename.clone(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        if let Some(offset) = text.find('\0') {
            return Err(SourceError::Nul {
                path: filename,
                offset,
            });
        }
        let kind = forced.or_else(|| kind_from_extension(&filename));
        Ok(Self {
            filename,
            text,
            kind,
        })
    }
}

fn kind_from_extension(filename: &str) -> Option<SourceKind> {
    if filename.ends_with(".mjs") {
        Some(SourceKind::Module)
    } else if filename.ends_with(".cjs") {
        Some(SourceKind::Script)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(name: &str, forced: Option<SourceKind>) -> Option<SourceKind> {
        Source::from_bytes(name.into(), b"1".to_vec(), forced)
            .unwrap()
            .kind
    }

    #[test]
    fn kind_comes_from_flag_then_extension() {
        assert_eq!(kind("a.mjs", None), Some(SourceKind::Module));
        assert_eq!(kind("a.cjs", None), Some(SourceKind::Script));
        assert_eq!(kind("a.js", None), None);
        assert_eq!(
            kind("a.mjs", Some(SourceKind::Script)),
            Some(SourceKind::Script)
        );
    }

    #[test]
    fn rejects_binary_input() {
        let err = Source::from_bytes("x.js".into(), vec![b'a', 0xff, b'b'], None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.js: not UTF-8 text (invalid byte at offset 1)"
        );
        let err = Source::from_bytes("x.js".into(), b"a\0b".to_vec(), None).unwrap_err();
        assert!(err.to_string().contains("NUL byte at offset 1"));
    }
}
