//! The EdgeBox compiler pipeline, stage by stage:
//!
//! 1. [`source`]: read the entry file and decide script or module → [`source::Source`]
//! 2. [`bytecode`]: compile with the host's QuickJS-NG (same release as the guest)
//!    → [`bytecode::BytecodeModule`]; syntax errors become [`diagnostics::SyntaxError`]
//! 3. [`link`]: embed the bytecode into a copy of the guest module → [`link::GuestModule`]
//! 4. [`snapshot`]: run the guest's loading phase at build time (wasmtime-wizer) and keep the
//!    resulting memory, so a run starts at the app's first instruction → [`link::GuestModule`]
//! 5. [`native`]: the artifact for the chosen engine (`.wasm`, `.aot`, `.cwasm`) → bytes
//!
//! Each stage takes the previous stage's value and nothing else; [`build`] chains them.

pub mod bytecode;
pub mod cache;
pub mod diagnostics;
pub mod link;
pub mod native;
pub mod snapshot;
pub mod source;

use std::path::Path;

/// The guest module (QuickJS-NG + polyfills, no app), built by build.rs.
pub static GUEST_WASM: &[u8] = include_bytes!(env!("EDGEBOX_GUEST_WASM"));

/// Options of `edgeboxc build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Force script or module instead of detecting it from the source.
    pub kind: Option<edgebox_abi::SourceKind>,
    /// The artifact to produce.
    pub target: native::Target,
    /// Take the start-up snapshot (stage 4). Off only to measure or debug start-up.
    pub snapshot: bool,
}

/// Runs the whole pipeline for one entry file and returns the artifact's bytes.
pub fn build(entry: &Path, options: &BuildOptions) -> anyhow::Result<Vec<u8>> {
    let source = source::Source::load(entry, options.kind)?;
    let bytecode = bytecode::compile(&source)?;
    let module = link::link(GUEST_WASM, &bytecode)?;
    let module = if options.snapshot { snapshot::snapshot(&module)? } else { module };
    Ok(native::compile(&module, &source.filename, options.target)?)
}
