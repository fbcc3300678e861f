//! Stage 5: the artifact for an engine. `.wasm` is the linked module as is; `.aot` is WAMR
//! native code (LLVM, -O3, tail calls on, hardware bounds checks kept); `.cwasm` is Wasmtime
//! native code (Cranelift). Native code is wrapped in an EdgeBox envelope
//! (`edgebox_abi::envelope`) naming the EdgeBox version, the engine and the CPU features it may
//! use, so `edgebox` can refuse a stale or foreign file before an engine loads it.

mod memory_image;

use crate::link::GuestModule;
use edgebox_abi::envelope::{Envelope, NativeKind};
use std::path::Path;

/// What `edgeboxc build -o FILE` produces, chosen by FILE's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A portable module: WAMR's fast interpreter runs it, or Wasmtime with `--engine wasmtime`.
    Wasm,
    /// WAMR ahead-of-time code for this CPU.
    Aot,
    /// Wasmtime (Cranelift) precompiled code for this CPU.
    Cwasm,
}

/// The WAMR release; `.aot` envelopes record [`edgebox_wamr_sys::engine_name`], which adds
/// the runtime build's fingerprint.
pub const WAMR_ENGINE: &str = "wamr 2.4.3";
/// The engine name recorded in `.cwasm` envelopes.
pub const WASMTIME_ENGINE: &str = "wasmtime 48";

#[derive(Debug, thiserror::Error)]
pub enum NativeError {
    #[error(
        "{path}: unsupported output kind `.{ext}`; use `.aot` (WAMR), `.cwasm` (Wasmtime) or `.wasm` (portable)"
    )]
    UnknownExtension { path: String, ext: String },
    #[error(
        "{path}: the output needs an extension that names the artifact kind (`.aot`, `.cwasm` or `.wasm`)"
    )]
    NoExtension { path: String },
    #[error("cannot take the memory image out of the module: {0}")]
    MemoryImage(#[from] wasmparser::BinaryReaderError),
    #[error("WAMR's AOT compiler failed: {0}")]
    Wamr(String),
    #[error("Cranelift failed: {0}")]
    Cranelift(String),
}

impl Target {
    pub fn from_output_path(path: &Path) -> Result<Target, NativeError> {
        let shown = path.display().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("wasm") => Ok(Target::Wasm),
            Some("aot") => Ok(Target::Aot),
            Some("cwasm") => Ok(Target::Cwasm),
            Some(ext) => Err(NativeError::UnknownExtension {
                path: shown,
                ext: ext.into(),
            }),
            None => Err(NativeError::NoExtension { path: shown }),
        }
    }
}

/// The Wasmtime configuration that affects generated code. The runner builds its engine with
/// the same settings (runtime/src/engine/wasmtime.rs); Wasmtime refuses a `.cwasm` compiled
/// with incompatible ones.
pub fn wasmtime_code_config() -> wasmtime::Config {
    let mut config = wasmtime::Config::new();
    config.wasm_tail_call(true);
    config.cranelift_opt_level(wasmtime::OptLevel::Speed);
    // The runner's wall-time limit interrupts code through epochs (a cheap check at function
    // entries and loop back-edges); it must be compiled in.
    config.epoch_interruption(true);
    config
}

/// The WAMR compiler options for `.aot` code on this machine.
pub fn aot_options() -> edgebox_wamr_compiler::AotOptions {
    // Segue when this machine lets user space write GS; the envelope's CPU features then
    // include `fsgsbase`, so a runner where it cannot be written refuses the file.
    edgebox_wamr_compiler::AotOptions {
        segue: edgebox_abi::cpu::gs_base_writable(),
        ..Default::default()
    }
}

/// Produces the bytes of the artifact for `target`. `profile` (`.aot` only) is the guest's
/// LLVM profile to optimise with (`crate::profile`).
pub fn compile(
    module: &GuestModule,
    entry: &str,
    target: Target,
    profile: Option<&crate::profile::GuestProfile>,
) -> Result<Vec<u8>, NativeError> {
    let envelope = |kind, engine: &str| Envelope {
        kind,
        edgebox_version: env!("CARGO_PKG_VERSION").into(),
        engine: engine.into(),
        cpu_features: edgebox_abi::cpu::host_features(),
        entry: entry.into(),
        map_at: None,
        memory_image: Vec::new(),
    };
    match target {
        Target::Wasm => Ok(module.bytes.clone()),
        Target::Aot => {
            // WAMR would copy the snapshot's memory in at every start; the runner maps it.
            let split = memory_image::split(&module.bytes)?;
            let options = aot_options();
            let mut settings = format!(
                "{WAMR_ENGINE} {} {options:?} {:?}",
                edgebox_wamr_compiler::SOURCE_FINGERPRINT,
                edgebox_wamr_compiler::LLVM_OPTIONS
            );
            if let Some(profile) = profile {
                settings += &format!(" pgo {}", crate::cache::key("profile", &profile.bytes));
            }
            let key = crate::cache::key(&settings, &split.module);
            let code = crate::cache::get_or_compute(&key, || {
                let mut options = options.clone();
                // WAMR reads the profile from a file; the directory goes when `_dir` drops.
                let mut _dir = None;
                if let Some(profile) = profile {
                    let dir = crate::profile::TempDir::new()
                        .map_err(|e| NativeError::Wamr(e.to_string()))?;
                    let path = dir.path.join("guest.profdata");
                    _dir = Some(dir);
                    std::fs::write(&path, &profile.bytes)
                        .map_err(|e| NativeError::Wamr(format!("{}: {e}", path.display())))?;
                    options.pgo_profile = Some(path);
                }
                edgebox_wamr_compiler::compile_aot(&split.module, &options)
                    .map_err(|e| NativeError::Wamr(e.to_string()))
            })?;
            let mut envelope = envelope(NativeKind::Aot, &edgebox_wamr_sys::engine_name());
            envelope.memory_image = split.runs;
            Ok(prelinked_aot(envelope, &code, &split.image))
        }
        Target::Cwasm => {
            let engine = wasmtime::Engine::new(&wasmtime_code_config())
                .map_err(|e| NativeError::Cranelift(format!("{e:#}")))?;
            let code = engine
                .precompile_module(&module.bytes)
                .map_err(|e| NativeError::Cranelift(format!("{e:#}")))?;
            Ok(envelope(NativeKind::Cwasm, WASMTIME_ENGINE).wrap(&code))
        }
    }
}

/// The `.aot` file, its code prelinked for the address `edgebox` maps it at (see
/// `edgebox_wamr_sys::prelink`), so that a start runs the code from the file's pages instead of
/// copying and relocating it. If prelinking is impossible here the plain code is written, which
/// loads everywhere, only slower; the reason is printed. `image` is the memory image's bytes.
fn prelinked_aot(mut envelope: Envelope, code: &[u8], image: &[u8]) -> Vec<u8> {
    use edgebox_wamr_sys::prelink;
    envelope.map_at = Some(prelink::MAP_BASE as u64);
    // The header's length does not depend on the payload (`payload-len` has a fixed width).
    let payload_offset = envelope.header_len();
    let linked = edgebox_wamr_sys::Runtime::get()
        .map_err(prelink::PrelinkError::Load)
        .and_then(|rt| prelink::prelink(rt, code, payload_offset, image.len()));
    match linked {
        Ok(linked) => envelope.wrap_with_image(&linked, image),
        Err(e) => {
            eprintln!("edgeboxc: warning: the .aot is not prelinked (it starts slower): {e}");
            envelope.map_at = None;
            envelope.wrap_with_image(code, image)
        }
    }
}
