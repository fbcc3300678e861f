//! `edgeboxc`: the EdgeBox compiler command line. Parses arguments and calls the library.

use anyhow::Context;
use clap::{Parser, Subcommand};
use edgebox_abi::SourceKind;
use edgebox_compiler::native::Target;
use edgebox_compiler::source::Source;
use edgebox_compiler::{BuildOptions, build, bytecode, link};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "edgeboxc",
    version,
    about = "Compile JavaScript into a sandboxed EdgeBox artifact"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile a JavaScript file into a runnable artifact (`.aot`, `.cwasm` or `.wasm`).
    Build {
        /// The entry JavaScript file.
        input: PathBuf,
        /// Output file; its extension picks the artifact: `.aot` (WAMR native code, the default),
        /// `.cwasm` (Wasmtime native code) or `.wasm` (portable). Default: the input name with `.aot`.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Treat the input as an ES module (default: detected from its syntax and extension).
        #[arg(long, conflicts_with = "script")]
        module: bool,
        /// Treat the input as a classic script.
        #[arg(long)]
        script: bool,
        /// Skip the start-up snapshot: the artifact then initialises QuickJS and loads the app
        /// at every run (slower start; for measuring and debugging start-up).
        #[arg(long)]
        no_snapshot: bool,
        /// Do not compile functions to Wasm: run every function in QuickJS's interpreter.
        #[arg(long)]
        no_freeze: bool,
        /// Print, for every function, whether it was frozen (compiled to Wasm) and if not, why.
        #[arg(long, conflicts_with = "no_freeze")]
        freeze_report: bool,
        /// Count instructions at run time, so `edgebox --max-instructions N` (or the config's
        /// `runtime.max_instructions`) can stop runaway code. Costs some speed on every run of
        /// the artifact; without it the artifact cannot be run with an instruction limit.
        #[arg(long)]
        metered: bool,
    },
    /// Print the QuickJS bytecode of a JavaScript file or of a built `.wasm` artifact.
    Disasm {
        /// A `.js`/`.mjs` file (compiled first) or an artifact built by `edgeboxc build`.
        input: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("edgeboxc: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Build {
            input,
            output,
            module,
            script,
            no_snapshot,
            no_freeze,
            freeze_report,
            metered,
        } => {
            let kind = match (module, script) {
                (true, _) => Some(SourceKind::Module),
                (_, true) => Some(SourceKind::Script),
                _ => None,
            };
            let output = output.unwrap_or_else(|| input.with_extension("aot"));
            let target = Target::from_output_path(&output)?;
            let built = build(
                &input,
                &BuildOptions {
                    kind,
                    target,
                    snapshot: !no_snapshot,
                    freeze: !no_freeze,
                    metered,
                },
            )?;
            if freeze_report {
                print!("{}", built.freeze_report);
            }
            write_atomically(&output, &built.artifact)
        }
        Command::Disasm { input } => {
            let bytes = std::fs::read(&input)
                .with_context(|| format!("{}: cannot read", input.display()))?;
            let bytecode = if bytes.starts_with(b"\0asm") {
                link::embedded_bytecode(&bytes).with_context(|| input.display().to_string())?
            } else {
                let source = Source::from_bytes(input.display().to_string(), bytes, None)?;
                bytecode::compile(&source)?.bytes
            };
            let object = edgebox_opcodes::bytecode::read(&bytecode)
                .with_context(|| input.display().to_string())?;
            print!("{}", edgebox_opcodes::disasm::disassemble(&object));
            Ok(())
        }
    }
}

/// Writes via a temporary file in the same directory, so a failed build never leaves a
/// half-written artifact behind.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&tmp, bytes).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot write", path.display()))
}
