//! The EdgeBox compiler pipeline, stage by stage:
//!
//! 1. [`source`]: read the entry file and decide script or module → [`source::Source`]
//! 2. [`bytecode`]: compile with the host's QuickJS-NG (same release as the guest)
//!    → [`bytecode::BytecodeModule`]; syntax errors become [`diagnostics::SyntaxError`]
//! 3. [`link`]: embed the bytecode into a copy of the guest module → [`link::GuestModule`]
//!
//! Each stage takes the previous stage's value and nothing else; [`build`] chains them.

pub mod bytecode;
pub mod diagnostics;
pub mod link;
pub mod source;

use std::path::Path;

/// The guest module (QuickJS-NG + polyfills, no app), built by build.rs.
pub static GUEST_WASM: &[u8] = include_bytes!(env!("EDGEBOX_GUEST_WASM"));

/// Options of `edgeboxc build`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Force script or module instead of detecting it from the source.
    pub kind: Option<edgebox_abi::SourceKind>,
}

/// Runs the whole pipeline for one entry file and returns the linked guest module.
pub fn build(entry: &Path, options: &BuildOptions) -> anyhow::Result<link::GuestModule> {
    let source = source::Source::load(entry, options.kind)?;
    let bytecode = bytecode::compile(&source)?;
    let module = link::link(GUEST_WASM, &bytecode)?;
    Ok(module)
}
