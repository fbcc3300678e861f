//! The EdgeBox compiler pipeline, stage by stage:
//!
//! 1. [`source`]: read the entry file and decide script or module → [`source::Source`]
//! 2. [`bytecode`]: compile with the host's QuickJS-NG (same release as the guest)
//!    → [`bytecode::BytecodeModule`]; syntax errors become [`diagnostics::SyntaxError`]
//!    2b. [`freeze`]: compile the functions that can be compiled to Wasm → [`freeze::FrozenCode`]
//! 3. [`link`]: embed the bytecode into a copy of the guest module → [`link::GuestModule`]
//! 4. [`snapshot`]: run the guest's loading phase at build time (wasmtime-wizer) and keep the
//!    resulting memory, so a run starts at the app's first instruction → [`link::GuestModule`]
//!    4b. [`meter`] (only with `--metered`): instruction metering for `max_instructions`
//! 5. [`native`]: the artifact for the chosen engine (`.wasm`, `.aot`, `.cwasm`) → bytes;
//!    `.aot` code is optimised with the guest's LLVM profile ([`profile`]: made once by
//!    training runs of this same pipeline, then cached)
//!
//! Each stage takes the previous stage's value and nothing else; [`build`] chains them.

pub mod bytecode;
pub mod cache;
pub mod diagnostics;
pub mod freeze;
pub mod link;
pub mod meter;
pub mod native;
pub mod profile;
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
    /// Run the freezer (stage 2b). Off to compare against the plain interpreter.
    pub freeze: bool,
    /// Add instruction metering (stage 4½), so the runner can enforce `max_instructions`.
    pub metered: bool,
}

/// What a build produced.
pub struct Built {
    pub artifact: Vec<u8>,
    /// Which functions were frozen and why the others were not (empty without the freezer).
    pub freeze_report: freeze::Report,
}

/// Runs the whole pipeline for one entry file.
pub fn build(entry: &Path, options: &BuildOptions) -> anyhow::Result<Built> {
    let source = source::Source::load(entry, options.kind)?;
    let bytecode = bytecode::compile(&source)?;
    let (frozen, freeze_report) = if options.freeze {
        let object = edgebox_opcodes::bytecode::read(&bytecode.bytes).map_err(|e| {
            anyhow::anyhow!(
                "{}: the freezer cannot read QuickJS's bytecode: {e}",
                source.filename
            )
        })?;
        let api = freeze::guest_api::GuestApi::read(GUEST_WASM)?;
        freeze::freeze(&object, &api)
    } else {
        (None, freeze::Report::default())
    };
    let module = link::link(GUEST_WASM, &bytecode, frozen.as_ref())?;
    let module = if options.snapshot {
        snapshot::snapshot(&module)?
    } else {
        module
    };
    // After the snapshot, so loading at build time is not charged and the snapshot is the same
    // with and without metering.
    let module = if options.metered {
        meter::meter(&module)?
    } else {
        module
    };
    // A metered build's functions all differ from the profiled ones: no profile to apply.
    let profile = if options.target == native::Target::Aot && !options.metered {
        profile::for_aot()
    } else {
        None
    };
    let artifact = native::compile(&module, &source.filename, options.target, profile.as_ref())?;
    Ok(Built {
        artifact,
        freeze_report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build_wasm(js: &str, metered: bool) -> (Vec<u8>, Vec<u8>) {
        let dir = std::env::temp_dir().join(format!(
            "edgebox-build-test-{}-{metered}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let entry = dir.join("app.js");
        std::fs::write(&entry, js).unwrap();
        // Without the freezer: this compares against the plain linked module.
        let options = BuildOptions {
            kind: None,
            target: native::Target::Wasm,
            snapshot: false,
            freeze: false,
            metered,
        };
        let built = build(&entry, &options).unwrap();
        let linked = link::link(
            GUEST_WASM,
            &bytecode::compile(&source::Source::load(&entry, None).unwrap()).unwrap(),
            None,
        )
        .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        (built.artifact, linked.bytes)
    }

    #[test]
    fn metering_only_when_asked() {
        let (plain, linked) = build_wasm("console.log(1);\n", false);
        assert_eq!(
            plain, linked,
            "an unmetered build is the linked module, byte for byte"
        );
        let (metered, linked) = build_wasm("console.log(1);\n", true);
        assert_eq!(
            metered,
            meter::meter(&link::GuestModule { bytes: linked })
                .unwrap()
                .bytes
        );
    }
}
