//! The guest's LLVM profile for profile-guided optimisation of `.aot` code.
//!
//! QuickJS's interpreter is one huge function; without knowing which of its paths are hot,
//! LLVM spread its registers evenly and spilled the interpreter's stack pointer around every
//! dispatch. With a profile, fib(35) unfrozen went from 1315 to 1023 ms (median of 7
//! interleaved runs, native qjs 893 ms; 2026-12-06, 2-core AMD EPYC VM).
//!
//! How the profile is made, once per guest and compiler (then cached, see [`crate::cache`]):
//! 1. `training/mix.js`, a general mix of JS (recursion, objects, classes, closures, arrays,
//!    typed arrays, strings, JSON, regexps, Map/Set; none of the benchmark workloads), is built
//!    through the normal pipeline twice, with and without the freezer, and both are compiled
//!    with WAMR's LLVM instrumentation.
//! 2. Both run here, in edgeboxc, on WAMR (its output checked: it throws on a wrong total); WAMR
//!    hands back the counters as raw profiles, which `llvm-profdata-19 merge` (Debian's
//!    `llvm-19`) turns into one indexed profile.
//!
//! The profile fits every app: the link stage appends an app's frozen functions after the
//! guest's own, so QuickJS's functions keep their index and thus their profile name
//! (`aot_func#N`); a function whose control flow differs (the few the link stage re-targets,
//! every function of a `--metered` build) is matched by hash and compiled as if unprofiled.
//! Functions the training never ran are optimised for size, so the mix must be broad.

use crate::native::Target;
use edgebox_wamr_compiler::AotOptions;
use std::path::{Path, PathBuf};

/// The training program (see the module comment).
const TRAINING_JS: &str = include_str!("../training/mix.js");

/// An indexed LLVM profile (`.profdata` bytes).
#[derive(Debug, Clone)]
pub struct GuestProfile {
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot build the training program: {0:#}")]
    Build(anyhow::Error),
    #[error("WAMR cannot compile the instrumented training program: {0}")]
    Compile(String),
    #[error("the instrumented training program failed: {0}")]
    Run(String),
    #[error("the instrumented training program produced no profile")]
    NoCounters,
    #[error("{tool}: {detail} (Debian's llvm-19 package provides it; tools/setup installs it)")]
    Merge { tool: String, detail: String },
    #[error("{path}: {cause}")]
    Io { path: String, cause: std::io::Error },
}

/// The guest's profile for this machine's `.aot` code, or `None` with a warning printed: an
/// artifact without it is correct, only slower (like one that could not be prelinked).
pub fn for_aot() -> Option<GuestProfile> {
    match guest_profile(&crate::native::aot_options()) {
        Ok(profile) => Some(profile),
        Err(e) => {
            eprintln!(
                "edgeboxc: warning: no profile-guided optimisation (the .aot is slower): {e}"
            );
            None
        }
    }
}

/// The guest's profile for AOT code compiled with `options` (instrumented code must be
/// compiled like the code the profile is for), from the cache or made now (~1.5 minutes).
pub fn guest_profile(options: &AotOptions) -> Result<GuestProfile, ProfileError> {
    let settings = format!(
        "pgo-profile 1 {} {} {options:?} {:?}",
        crate::native::WAMR_ENGINE,
        edgebox_wamr_compiler::SOURCE_FINGERPRINT,
        edgebox_wamr_compiler::LLVM_OPTIONS
    );
    let input = [crate::GUEST_WASM, TRAINING_JS.as_bytes()].concat();
    let key = crate::cache::key(&settings, &input);
    let bytes = crate::cache::get_or_compute(&key, || train(options))?;
    Ok(GuestProfile { bytes })
}

fn train(options: &AotOptions) -> Result<Vec<u8>, ProfileError> {
    let dir = TempDir::new()?;
    let entry = dir.path.join("mix.js");
    write(&entry, TRAINING_JS.as_bytes())?;
    let instrumented = AotOptions {
        pgo_instrument: true,
        pgo_profile: None,
        ..options.clone()
    };
    let mut raw_profiles = Vec::new();
    for freeze in [false, true] {
        let build = crate::BuildOptions {
            kind: None,
            target: Target::Wasm,
            snapshot: true,
            freeze,
            metered: false,
        };
        let module = crate::build(&entry, &build)
            .map_err(ProfileError::Build)?
            .artifact;
        let code = edgebox_wamr_compiler::compile_aot(&module, &instrumented)
            .map_err(|e| ProfileError::Compile(e.to_string()))?;
        let raw = dir.path.join(format!("mix-{freeze}.profraw"));
        write(&raw, &run_instrumented(code)?)?;
        raw_profiles.push(raw);
    }
    let merged = dir.path.join("mix.profdata");
    merge(&raw_profiles, &merged)?;
    std::fs::read(&merged).map_err(|cause| ProfileError::Io {
        path: merged.display().to_string(),
        cause,
    })
}

/// Runs instrumented AOT code to its end and returns its counters (a raw profile). On a thread
/// of its own, with a stack like the runner's guest thread has, as the runner would.
fn run_instrumented(code: Vec<u8>) -> Result<Vec<u8>, ProfileError> {
    let stack = edgebox_wamr_sys::MAX_NATIVE_STACK + 16 * 1024 * 1024;
    let thread = std::thread::Builder::new()
        .name("edgeboxc-training".into())
        .stack_size(stack)
        .spawn(move || -> Result<Vec<u8>, ProfileError> {
            let run_error = |e: edgebox_wamr_sys::Error| ProfileError::Run(e.to_string());
            let runtime = edgebox_wamr_sys::Runtime::get().map_err(run_error)?;
            let mut module = edgebox_wamr_sys::Module::load(runtime, code).map_err(run_error)?;
            module
                .set_wasi(edgebox_wamr_sys::WasiConfig {
                    args: vec!["mix.js".into()],
                    ..Default::default()
                })
                .map_err(run_error)?;
            let instance = module.instantiate(64 * 1024, 0).map_err(run_error)?;
            match instance.run_start().map_err(run_error)? {
                0 => {}
                code => return Err(ProfileError::Run(format!("exit code {code}"))),
            }
            instance.pgo_profile().ok_or(ProfileError::NoCounters)
        })
        .map_err(|e| ProfileError::Run(format!("cannot start its thread: {e}")))?;
    thread
        .join()
        .map_err(|_| ProfileError::Run("its thread panicked".into()))?
}

/// `llvm-profdata merge`, from Debian's LLVM 19 (the LLVM the AOT compiler is built with).
fn merge(raw: &[PathBuf], out: &Path) -> Result<(), ProfileError> {
    let tool = ["llvm-profdata-19", "/usr/lib/llvm-19/bin/llvm-profdata"]
        .into_iter()
        .find(|t| {
            std::process::Command::new(t)
                .arg("--version")
                .output()
                .is_ok()
        })
        .unwrap_or("llvm-profdata-19");
    let output = std::process::Command::new(tool)
        .arg("merge")
        .arg("-o")
        .arg(out)
        .args(raw)
        .output()
        .map_err(|e| ProfileError::Merge {
            tool: tool.into(),
            detail: e.to_string(),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(ProfileError::Merge {
            tool: tool.into(),
            detail: stderr.lines().next().unwrap_or("failed").trim().into(),
        });
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ProfileError> {
    std::fs::write(path, bytes).map_err(|cause| ProfileError::Io {
        path: path.display().to_string(),
        cause,
    })
}

/// A private directory under the system temp dir, removed when dropped.
pub(crate) struct TempDir {
    pub(crate) path: PathBuf,
}

impl TempDir {
    pub(crate) fn new() -> Result<TempDir, ProfileError> {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("edgeboxc-pgo-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(|cause| ProfileError::Io {
            path: path.display().to_string(),
            cause,
        })?;
        Ok(TempDir { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
