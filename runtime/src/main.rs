//! `edgebox`: runs an EdgeBox artifact. Parses arguments and calls the library.

use clap::Parser;
use edgebox_runtime::artifact::Artifact;
use edgebox_runtime::engine::wasmtime::WasmtimeEngine;
use edgebox_runtime::engine::{Engine, Outcome};
use edgebox_runtime::exit_code;
use edgebox_runtime::sandbox::{EnvGrant, Sandbox};
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "edgebox", version, about = "Run an EdgeBox artifact in a sandbox")]
struct Cli {
    /// Give the app an environment variable: `NAME` forwards the host's value, `NAME=VALUE`
    /// sets one. Repeatable. Without it the app sees an empty environment.
    #[arg(long = "env", value_name = "NAME[=VALUE]", value_parser = EnvGrant::parse)]
    env: Vec<EnvGrant>,
    /// The artifact built by `edgeboxc build`.
    artifact: PathBuf,
    /// Arguments for the app (`process.argv.slice(2)`).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<OsString>,
}

fn main() {
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
    let exec_path = std::env::current_exe().map(|p| p.display().to_string()).unwrap_or_else(|_| "edgebox".into());
    let artifact_path = std::path::absolute(&cli.artifact).unwrap_or(cli.artifact.clone()).display().to_string();
    let sandbox = match Sandbox::new(exec_path, artifact_path, cli.args, &cli.env, |n| std::env::var_os(n)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("edgebox: error: {e}");
            return exit_code::BAD_ARTIFACT;
        }
    };
    let outcome = WasmtimeEngine::new().and_then(|engine| engine.run(&artifact, &sandbox));
    match outcome {
        Ok(Outcome::Exited(code)) => code,
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
