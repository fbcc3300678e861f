//! `cargo run -p opcodes-gen [-- --header PATH] [--check]`
//!
//! Regenerates `opcodes/src/generated/*.rs` from QuickJS-NG's headers.

use anyhow::{Context, Result, bail};
use clap::Parser;
use std::path::PathBuf;

#[derive(Parser)]
#[command(about = "Generate the edgebox-opcodes tables from quickjs-opcode.h")]
struct Args {
    /// quickjs-opcode.h to read (quickjs-atom.h and quickjs.h are taken from the same
    /// directory). Defaults to the copy inside the pinned rquickjs-sys sources.
    #[arg(long)]
    header: Option<PathBuf>,
    /// Only report whether the committed files are up to date; write nothing.
    #[arg(long)]
    check: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let header = match args.header {
        Some(h) => h,
        None => opcodes_gen::pinned_header()?,
    };
    let sources = opcodes_gen::Sources::load(&header)?;
    let mut stale = Vec::new();
    for (rel, text) in opcodes_gen::generate(&sources)? {
        let path = opcodes_gen::crate_dir().join(rel);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == text {
            continue;
        }
        stale.push(rel);
        if !args.check {
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
    }
    eprintln!("source: {}", header.display());
    if args.check && !stale.is_empty() {
        bail!("stale generated files: {}", stale.join(", "));
    }
    if stale.is_empty() {
        eprintln!("generated files are up to date");
    }
    Ok(())
}
