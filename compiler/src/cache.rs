//! A content-addressed cache of native code. LLVM takes about a minute to AOT-compile the guest;
//! rebuilding an unchanged app (or running the test suite again) should not pay that twice.
//!
//! The key is a SHA-256 over everything that determines the output: the EdgeBox version, the
//! target, the compile options, the host CPU features, and the input module. Entries live in
//! `$EDGEBOX_CACHE_DIR`, else `$XDG_CACHE_HOME/edgebox/native`, else
//! `$HOME/.cache/edgebox/native`. A cache that cannot be read or written is simply not used: it
//! only ever saves time, never changes a result.

use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Where entries live, if anywhere.
fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("EDGEBOX_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("edgebox").join("native"))
}

/// The cache key for compiling `input` with `settings` (a description of target and options).
pub fn key(settings: &str, input: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION").as_bytes());
    hash.update([0]);
    hash.update(settings.as_bytes());
    hash.update([0]);
    hash.update(edgebox_abi::cpu::host_features().join(" ").as_bytes());
    hash.update([0]);
    hash.update(input);
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Returns the cached output for `key`, or computes, stores and returns it.
pub fn get_or_compute<E>(
    key: &str,
    compute: impl FnOnce() -> Result<Vec<u8>, E>,
) -> Result<Vec<u8>, E> {
    let path = cache_dir().map(|d| d.join(key));
    if let Some(bytes) = path.as_ref().and_then(|p| std::fs::read(p).ok()) {
        return Ok(bytes);
    }
    let bytes = compute()?;
    if let Some(path) = path {
        store(&path, &bytes);
    }
    Ok(bytes)
}

/// Writes via a temporary name and a rename, so a concurrent reader never sees half a file.
fn store(path: &std::path::Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(
        ".tmp-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_depends_on_settings_and_input() {
        assert_ne!(key("aot", b"a"), key("aot", b"b"));
        assert_ne!(key("aot", b"a"), key("cwasm", b"a"));
        assert_eq!(key("aot", b"a"), key("aot", b"a"));
    }
}
