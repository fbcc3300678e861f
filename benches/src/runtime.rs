//! The runtimes compared. A runtime is two steps: *prepare* (untimed: install or build the tool
//! once, then build the workload's artifact) and *run* (the timed command). Adding a runtime is
//! adding an entry to [`all`]; a new EdgeBox artifact kind is one line in [`EDGEBOX_VARIANTS`].
//! When a preparation step fails because the feature does not exist yet, the runtime's cells
//! say "n/a: <reason>" — never a number.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::measure::Invocation;
use crate::tools::{self, Env};
use crate::workload::{Workload, clip};

/// What a runtime made of one workload during preparation.
#[derive(Debug, Clone)]
pub enum Prepared {
    /// Ready to time.
    Ready(Invocation),
    /// This runtime has nothing to run for this workload (no C kernel for a JSON round trip).
    NotApplicable,
    /// It should run this but cannot (yet); the reason is one line.
    Unavailable(String),
}

/// A column of the table.
pub trait Runtime {
    /// Stable key for the JSON output and `--runtime`, e.g. `edgebox-wasm`.
    fn id(&self) -> &str;
    /// Column header, e.g. `edgebox .wasm`.
    fn label(&self) -> &str;
    /// EdgeBox columns get ratio columns against Bun and Node.
    fn is_edgebox(&self) -> bool {
        false
    }
    /// Once per harness run, untimed: find, install or build the tool. `Ok` is its version
    /// string for the report; `Err` makes every cell of the column "n/a: <reason>".
    fn setup(&mut self, env: &Env) -> Result<String, String>;
    /// Once per workload, untimed: build whatever the timed command needs.
    fn prepare(&self, workload: &Workload, env: &Env) -> Prepared;
}

/// One EdgeBox artifact kind: how `edgeboxc` builds it and how `edgebox` runs it.
#[derive(Debug, Clone, Copy)]
pub struct EdgeboxVariant {
    pub id: &'static str,
    pub label: &'static str,
    /// Output extension; `edgeboxc` picks the artifact kind from it.
    pub ext: &'static str,
    pub build_flags: &'static [&'static str],
    pub run_flags: &'static [&'static str],
    /// Measures what one limit costs (issue 4); only run with `--limit-overhead`, so the default
    /// table compares runtimes, not flags.
    pub limit_overhead: bool,
}

/// Every EdgeBox artifact kind the issue asks for. Kinds `edgeboxc` cannot produce yet show up
/// as "n/a" with `edgeboxc`'s own one-line refusal.
pub const EDGEBOX_VARIANTS: &[EdgeboxVariant] = &[
    EdgeboxVariant {
        id: "edgebox-aot",
        label: "edgebox .aot",
        ext: "aot",
        build_flags: &[],
        run_flags: &[],
        limit_overhead: false,
    },
    EdgeboxVariant {
        id: "edgebox-aot-nofreeze",
        label: "edgebox .aot no-freeze",
        ext: "aot",
        build_flags: &["--no-freeze"],
        run_flags: &[],
        limit_overhead: false,
    },
    EdgeboxVariant {
        id: "edgebox-cwasm",
        label: "edgebox .cwasm",
        ext: "cwasm",
        build_flags: &[],
        run_flags: &[],
        limit_overhead: false,
    },
    // The overhead of each limit (issue 4): the same artifact kinds with one limit switched on.
    // The memory cap and the JS heap limit always apply (their defaults are 2 GiB and 256 MiB),
    // so their variants set tighter values; metering is compiled in, so it has a build variant
    // without a budget and one with a budget too large to be reached.
    EdgeboxVariant {
        id: "edgebox-aot-timeout",
        label: "edgebox .aot --timeout",
        ext: "aot",
        build_flags: &[],
        run_flags: &["--timeout", "3600000"],
        limit_overhead: true,
    },
    EdgeboxVariant {
        id: "edgebox-aot-memcap",
        label: "edgebox .aot memory caps",
        ext: "aot",
        build_flags: &[],
        run_flags: &["--max-memory-pages", "4096", "--heap-size", "134217728"],
        limit_overhead: true,
    },
    EdgeboxVariant {
        id: "edgebox-aot-metered",
        label: "edgebox .aot --metered",
        ext: "aot",
        build_flags: &["--metered"],
        run_flags: &[],
        limit_overhead: true,
    },
    EdgeboxVariant {
        id: "edgebox-aot-budget",
        label: "edgebox .aot --metered + budget",
        ext: "aot",
        build_flags: &["--metered"],
        run_flags: &["--max-instructions", "9000000000000000000"],
        limit_overhead: true,
    },
    EdgeboxVariant {
        id: "edgebox-cwasm-timeout",
        label: "edgebox .cwasm --timeout",
        ext: "cwasm",
        build_flags: &[],
        run_flags: &["--timeout", "3600000"],
        limit_overhead: true,
    },
    EdgeboxVariant {
        id: "edgebox-cwasm-memcap",
        label: "edgebox .cwasm memory caps",
        ext: "cwasm",
        build_flags: &[],
        run_flags: &["--max-memory-pages", "4096", "--heap-size", "134217728"],
        limit_overhead: true,
    },
    EdgeboxVariant {
        id: "edgebox-cwasm-metered",
        label: "edgebox .cwasm --metered",
        ext: "cwasm",
        build_flags: &["--metered"],
        run_flags: &[],
        limit_overhead: true,
    },
    EdgeboxVariant {
        id: "edgebox-cwasm-budget",
        label: "edgebox .cwasm --metered + budget",
        ext: "cwasm",
        build_flags: &["--metered"],
        run_flags: &["--max-instructions", "9000000000000000000"],
        limit_overhead: true,
    },
    // The engine is named so the column keeps its meaning if `edgebox`'s default changes.
    EdgeboxVariant {
        id: "edgebox-wasm",
        label: "edgebox .wasm (WAMR interp)",
        ext: "wasm",
        build_flags: &[],
        run_flags: &["--engine", "wamr"],
        limit_overhead: false,
    },
];

/// Every runtime, in column order.
pub fn all(limit_overhead: bool) -> Vec<Box<dyn Runtime>> {
    let mut v: Vec<Box<dyn Runtime>> = Vec::new();
    for variant in EDGEBOX_VARIANTS
        .iter()
        .filter(|v| limit_overhead || !v.limit_overhead)
    {
        v.push(Box::new(Edgebox {
            variant: *variant,
            tools: None,
            compiler_hash: 0,
        }));
    }
    v.push(Box::new(Node { exe: None }));
    v.push(Box::new(Bun { exe: None }));
    v.push(Box::new(Qjs { exe: None }));
    v.push(Box::new(NativeC { cc: None }));
    v
}

struct Edgebox {
    variant: EdgeboxVariant,
    /// `edgeboxc` and `edgebox`, once found.
    tools: Option<(PathBuf, PathBuf)>,
    /// Hash of the `edgeboxc` binary: part of the artifact cache key.
    compiler_hash: u64,
}

impl Runtime for Edgebox {
    fn id(&self) -> &str {
        self.variant.id
    }
    fn label(&self) -> &str {
        self.variant.label
    }
    fn is_edgebox(&self) -> bool {
        true
    }
    fn setup(&mut self, env: &Env) -> Result<String, String> {
        let (compiler, runner) = env.edgebox_bins.clone().map_err(|e| clip(&e, 100))?;
        self.compiler_hash =
            hash_of(&[&std::fs::read(&compiler).map_err(|e| format!("reading edgeboxc: {e}"))?]);
        self.tools = Some((compiler, runner));
        Ok(env.edgebox_rev.clone())
    }
    fn prepare(&self, w: &Workload, env: &Env) -> Prepared {
        let Some((compiler, runner)) = &self.tools else {
            return Prepared::Unavailable("not set up".into());
        };
        // Building an `.aot` takes a minute (LLVM over the whole guest), so artifacts are cached,
        // keyed by the compiler binary, the workload's source and the build flags. Untimed.
        let source = std::fs::read(&w.script).unwrap_or_default();
        let flags = self.variant.build_flags.join(" ");
        let key = hash_of(&[&self.compiler_hash.to_le_bytes(), &source, flags.as_bytes()]);
        let artifact = env.work_dir.join(format!(
            "{}.{}.{key:016x}.{}",
            w.name, self.variant.id, self.variant.ext
        ));
        let ready = |artifact: PathBuf| {
            let mut args: Vec<OsString> =
                self.variant.run_flags.iter().map(OsString::from).collect();
            args.push(artifact.into_os_string());
            Prepared::Ready(Invocation {
                program: runner.clone(),
                args,
            })
        };
        if artifact.is_file() {
            return ready(artifact);
        }
        let out = Command::new(compiler)
            .arg("build")
            .arg(&w.script)
            .arg("-o")
            .arg(&artifact)
            .args(self.variant.build_flags)
            .output();
        match out {
            Err(e) => Prepared::Unavailable(format!("cannot run edgeboxc: {e}")),
            Ok(o) if !o.status.success() || !artifact.is_file() => {
                // The artifact's path differs per workload; without it the same refusal reads
                // the same on every row and the table gives it one note.
                let stderr = String::from_utf8_lossy(&o.stderr).replace(
                    &*artifact.to_string_lossy(),
                    &format!("app.{}", self.variant.ext),
                );
                let line = stderr
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("no message");
                let line = if line.starts_with("edgeboxc") {
                    line.to_string()
                } else {
                    format!("edgeboxc: {line}")
                };
                Prepared::Unavailable(clip(&line, 110))
            }
            Ok(_) => ready(artifact),
        }
    }
}

/// A JS engine that takes the script path as its only argument.
fn script_invocation(exe: &Option<PathBuf>, w: &Workload) -> Prepared {
    match exe {
        Some(exe) => Prepared::Ready(Invocation {
            program: exe.clone(),
            args: vec![w.script.clone().into_os_string()],
        }),
        None => Prepared::Unavailable("not set up".into()),
    }
}

struct Node {
    exe: Option<PathBuf>,
}

impl Runtime for Node {
    fn id(&self) -> &str {
        "node"
    }
    fn label(&self) -> &str {
        "node"
    }
    fn setup(&mut self, _env: &Env) -> Result<String, String> {
        let exe = tools::which("node").ok_or("no `node` on PATH")?;
        let version = tools::version_line(&exe, &["--version"])?;
        self.exe = Some(exe);
        Ok(version)
    }
    fn prepare(&self, w: &Workload, _env: &Env) -> Prepared {
        script_invocation(&self.exe, w)
    }
}

struct Bun {
    exe: Option<PathBuf>,
}

impl Runtime for Bun {
    fn id(&self) -> &str {
        "bun"
    }
    fn label(&self) -> &str {
        "bun"
    }
    fn setup(&mut self, env: &Env) -> Result<String, String> {
        let exe = tools::ensure_bun(&env.cache_dir).map_err(|e| clip(&format!("{e:#}"), 100))?;
        let version = tools::version_line(&exe, &["--version"])?;
        self.exe = Some(exe);
        Ok(version)
    }
    fn prepare(&self, w: &Workload, _env: &Env) -> Prepared {
        script_invocation(&self.exe, w)
    }
}

struct Qjs {
    exe: Option<PathBuf>,
}

impl Runtime for Qjs {
    fn id(&self) -> &str {
        "qjs"
    }
    fn label(&self) -> &str {
        "qjs (native)"
    }
    fn setup(&mut self, env: &Env) -> Result<String, String> {
        let exe = tools::ensure_qjs(&env.cache_dir, &env.workspace)
            .map_err(|e| clip(&format!("{e:#}"), 100))?;
        let version = tools::version_line(&exe, &["--help"])?;
        self.exe = Some(exe);
        Ok(version)
    }
    fn prepare(&self, w: &Workload, _env: &Env) -> Prepared {
        script_invocation(&self.exe, w)
    }
}

/// Hand-written C versions of the numeric kernels (`c/NAME.c`), built with `cc -O2`.
struct NativeC {
    cc: Option<PathBuf>,
}

/// The C sources beside the workloads.
pub fn c_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("c")
}

impl Runtime for NativeC {
    fn id(&self) -> &str {
        "c"
    }
    fn label(&self) -> &str {
        "C -O2"
    }
    fn setup(&mut self, _env: &Env) -> Result<String, String> {
        let cc = tools::which("cc").ok_or("no `cc` on PATH")?;
        let version = tools::version_line(&cc, &["--version"])?;
        self.cc = Some(cc);
        Ok(version)
    }
    fn prepare(&self, w: &Workload, env: &Env) -> Prepared {
        let source = c_dir().join(format!("{}.c", w.name));
        if !source.is_file() {
            return Prepared::NotApplicable;
        }
        let Some(cc) = &self.cc else {
            return Prepared::Unavailable("not set up".into());
        };
        let exe = env.work_dir.join(format!("{}.c.exe", w.name));
        match Command::new(cc)
            .arg("-O2")
            .arg("-o")
            .arg(&exe)
            .arg(&source)
            .output()
        {
            Ok(o) if o.status.success() => Prepared::Ready(Invocation {
                program: exe,
                args: vec![],
            }),
            Ok(o) => Prepared::Unavailable(clip(
                &format!("cc failed: {}", String::from_utf8_lossy(&o.stderr)),
                100,
            )),
            Err(e) => Prepared::Unavailable(format!("cannot run cc: {e}")),
        }
    }
}

/// A 64-bit hash of some byte strings, for cache keys (not security).
fn hash_of(parts: &[&[u8]]) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    for p in parts {
        h.write_usize(p.len());
        h.write(p);
    }
    h.finish()
}
