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
    pub kind: SourceKind,
}

impl Source {
    /// Reads `path`. The kind is `forced` if given, else `.mjs` → module, `.cjs` → script,
    /// else QuickJS's own detection (top-level `import`/`export` → module).
    pub fn load(path: &Path, forced: Option<SourceKind>) -> Result<Self, SourceError> {
        let filename = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|cause| SourceError::Read { path: filename.clone(), cause })?;
        Self::from_bytes(filename, bytes, forced)
    }

    pub fn from_bytes(filename: String, bytes: Vec<u8>, forced: Option<SourceKind>) -> Result<Self, SourceError> {
        let text = String::from_utf8(bytes)
            .map_err(|e| SourceError::NotUtf8 { path: filename.clone(), offset: e.utf8_error().valid_up_to() })?;
        if let Some(offset) = text.find('\0') {
            return Err(SourceError::Nul { path: filename, offset });
        }
        let kind = forced.unwrap_or_else(|| detect_kind(&filename, &text));
        Ok(Self { filename, text, kind })
    }
}

fn detect_kind(filename: &str, text: &str) -> SourceKind {
    if filename.ends_with(".mjs") {
        return SourceKind::Module;
    }
    if filename.ends_with(".cjs") {
        return SourceKind::Script;
    }
    let c = std::ffi::CString::new(text).expect("NUL checked above");
    // SAFETY: a NUL-terminated buffer of `text.len()` bytes.
    let is_module = unsafe { rquickjs_sys::JS_DetectModule(c.as_ptr(), text.len() as _) };
    if is_module { SourceKind::Module } else { SourceKind::Script }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(name: &str, text: &str) -> SourceKind {
        Source::from_bytes(name.into(), text.as_bytes().to_vec(), None).unwrap().kind
    }

    #[test]
    fn detects_modules_by_syntax_and_extension() {
        assert_eq!(kind("a.js", "import x from 'y';"), SourceKind::Module);
        assert_eq!(kind("a.js", "export const a = 1;"), SourceKind::Module);
        assert_eq!(kind("a.js", "console.log(1)"), SourceKind::Script);
        assert_eq!(kind("a.mjs", "console.log(1)"), SourceKind::Module);
        assert_eq!(kind("a.cjs", "console.log(1)"), SourceKind::Script);
    }

    #[test]
    fn rejects_binary_input() {
        let err = Source::from_bytes("x.js".into(), vec![b'a', 0xff, b'b'], None).unwrap_err();
        assert_eq!(err.to_string(), "x.js: not UTF-8 text (invalid byte at offset 1)");
        let err = Source::from_bytes("x.js".into(), b"a\0b".to_vec(), None).unwrap_err();
        assert!(err.to_string().contains("NUL byte at offset 1"));
    }
}
