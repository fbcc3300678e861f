//! The EdgeBox runtime: identify an artifact, decide what the app may see, run it on an engine.
//!
//! - [`artifact`]: reads a file and says what it is (an EdgeBox `.wasm` module, or why not);
//!   [`payload`]: its bytes, mapped from the file where possible.
//! - [`config`]: `.edgebox.json`, parsed strictly into typed structs.
//! - [`sandbox`]: everything the app is given (args, env) — the one place policy is decided.
//! - [`engine`]: runs an artifact with a [`sandbox::Sandbox`]; engines hold no policy.

pub mod artifact;
pub mod config;
pub mod engine;
pub mod memory_image;
pub mod payload;
pub mod sandbox;

/// Exit codes of `edgebox` itself (the app's own exit code passes through unchanged).
pub mod exit_code {
    /// The artifact is missing, unreadable, truncated, or not built by EdgeBox.
    pub const BAD_ARTIFACT: i32 = 2;
    /// The guest trapped (a bug in the guest or engine; the host is unharmed).
    pub const TRAP: i32 = 134;
    /// The run exceeded its wall-time limit (`--timeout`); the same code as coreutils' `timeout`.
    pub const TIME_LIMIT: i32 = 124;
    /// The app needed more memory than `max_memory_pages` (linear memory) or `heap_size` (the
    /// JS heap; the guest itself exits with this code, see guest/src/run.rs) allows.
    pub const MEMORY_LIMIT: i32 = 123;
    /// The app ran more instructions than `max_instructions` allows (metered artifacts only).
    pub const INSTRUCTION_LIMIT: i32 = 122;
}
