//! `edgebox`: runs an EdgeBox artifact. Parses arguments and calls the library.

use clap::Parser;
use edgebox_runtime::artifact::{Artifact, ArtifactKind};
use edgebox_runtime::config::Config;
use edgebox_runtime::engine::wamr::WamrEngine;
use edgebox_runtime::engine::wasmtime::WasmtimeEngine;
use edgebox_runtime::engine::{Engine, Outcome};
use edgebox_runtime::exit_code;
use edgebox_runtime::sandbox::{EnvGrant, LimitFlags, Limits, Sandbox};
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "edgebox",
    version,
    about = "Run an EdgeBox artifact in a sandbox"
)]
struct Cli {
    /// Give the app an environment variable: `NAME` forwards the host's value, `NAME=VALUE`
    /// sets one. Repeatable. Without it the app sees an empty environment.
    #[arg(long = "env", value_name = "NAME[=VALUE]", value_parser = EnvGrant::parse)]
    env: Vec<EnvGrant>,
    /// Engine for a `.wasm` artifact: `wamr` (fast interpreter) or `wasmtime` (Cranelift JIT).
    /// `.aot` always runs on WAMR and `.cwasm` on Wasmtime.
    #[arg(long, value_enum, default_value = "wamr")]
    engine: EngineArg,
    /// Configuration file (default: `.edgebox.json` in the current directory, if present).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Cap on the app's linear memory in 64 KiB pages (overrides `runtime.max_memory_pages`).
    #[arg(long, value_name = "PAGES", value_parser = clap::value_parser!(u32).range(1..=65536))]
    max_memory_pages: Option<u32>,
    /// JS heap limit in bytes (overrides `runtime.heap_size`): beyond it allocation throws
    /// `InternalError: out of memory`.
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1024 * 1024..=4 * 1024 * 1024 * 1024))]
    heap_size: Option<u64>,
    /// Stack JS may use, in bytes (overrides `runtime.stack_size`; at most the guest's 8 MiB):
    /// deeper recursion throws `RangeError`.
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(64 * 1024..=1024 * 1024 * 1024))]
    stack_size: Option<u64>,
    /// Instruction budget (overrides `runtime.max_instructions`); needs an artifact built with
    /// `edgeboxc build --metered`.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=i64::MAX as u64))]
    max_instructions: Option<u64>,
    /// Wall-time limit for the whole run, in milliseconds.
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..))]
    timeout: Option<u64>,
    /// The artifact built by `edgeboxc build`.
    artifact: PathBuf,
    /// Arguments for the app (`process.argv.slice(2)`).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<OsString>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum EngineArg {
    Wamr,
    Wasmtime,
}

fn main() {
    // The guest runs on its own thread (for its large stack); glibc would give that thread a
    // fresh malloc arena, grown by one mprotect per few pages (~170 system calls while WAMR
    // loads an .aot). One arena is enough for a process that runs one guest.
    // SAFETY: mallopt only tunes the allocator; called before any other thread exists.
    unsafe { libc::mallopt(libc::M_ARENA_MAX, 1) };
    let cli = Cli::parse();
    std::process::exit(run(cli));
}

fn run(cli: Cli) -> i32 {
    let artifact = match Artifact::load(&cli.artifact) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("edgebox: error: {e}");
            return exit_code::BAD_ARTIFACT;
        }
    };
    let exec_path = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "edgebox".into());
    let artifact_path = std::path::absolute(&cli.artifact)
        .unwrap_or(cli.artifact.clone())
        .display()
        .to_string();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config = match Config::discover(cli.config.as_deref(), &cwd) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("edgebox: error: {e}");
            return exit_code::BAD_ARTIFACT;
        }
    };
    // Variables named in the config's `env` are forwarded; `--env` adds to (and overrides) them.
    let grants: Vec<EnvGrant> = config
        .env
        .iter()
        .map(|n| EnvGrant::Forward(n.clone()))
        .chain(cli.env)
        .collect();
    let sandbox = match Sandbox::new(exec_path, artifact_path, cli.args, &grants, |n| {
        std::env::var_os(n)
    }) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("edgebox: error: {e}");
            return exit_code::BAD_ARTIFACT;
        }
    };
    let flags = LimitFlags {
        max_memory_pages: cli.max_memory_pages,
        heap_size: cli.heap_size,
        stack_size: cli.stack_size,
        max_instructions: cli.max_instructions,
        timeout: cli.timeout.map(Duration::from_millis),
    };
    let mut sandbox = sandbox;
    sandbox.limits = match Limits::resolve(&config.runtime, &flags) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("edgebox: error: {e}");
            return exit_code::BAD_ARTIFACT;
        }
    };
    let outcome = match (artifact.kind, cli.engine) {
        (ArtifactKind::Aot, _) | (ArtifactKind::Wasm, EngineArg::Wamr) => WamrEngine {
            exit_after_run: true,
        }
        .run(artifact, &sandbox),
        (ArtifactKind::Cwasm, _) | (ArtifactKind::Wasm, EngineArg::Wasmtime) => {
            WasmtimeEngine::new().and_then(|engine| engine.run(artifact, &sandbox))
        }
    };
    match outcome {
        Ok(Outcome::Exited(code)) => code,
        Ok(Outcome::LimitExceeded(hit)) => {
            eprintln!("edgebox: error: {}", hit.message(&sandbox.limits));
            hit.exit_code()
        }
        Ok(Outcome::Trapped(msg)) => {
            eprintln!("edgebox: error: the app trapped: {msg}");
            exit_code::TRAP
        }
        Err(e) => {
            eprintln!("edgebox: error: {e:#}");
            exit_code::BAD_ARTIFACT
        }
    }
}
