//! `cargo run -p benches --release -- [--quick] [--filter NAME] [--runs N] [--out DIR]`
//! Flags only; the work is in the library (see `lib.rs`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Parser;

use benches::report::{Meta, Report};
use benches::{chart, harness, machine, measure, readme, report, runtime, tools, workload};

/// Benchmarks EdgeBox against Bun, Node, native QuickJS-NG and C, in one interleaved run, and
/// writes latest.md (table), latest.svg (chart) and latest.json (raw numbers).
#[derive(Parser, Debug)]
#[command(name = "benches")]
struct Args {
    /// Smoke-test mode: same workloads and runtimes, no warm-up, 1 run per cell, 20 s timeout.
    /// Proves everything runs and checks out in under 2 minutes; not numbers to publish.
    #[arg(long)]
    quick: bool,
    /// Only workloads whose name contains this.
    #[arg(long)]
    filter: Option<String>,
    /// Only runtimes whose id contains this (ids: edgebox-aot, edgebox-wasm, node, bun, qjs, c, …).
    #[arg(long)]
    runtime: Option<String>,
    /// Also measure the cost of each limit (--timeout, memory caps, metering) on .aot and .cwasm.
    #[arg(long)]
    limit_overhead: bool,
    /// Measured runs per cell (default 10, or 1 with --quick).
    #[arg(long)]
    runs: Option<usize>,
    /// Warm-up runs per cell, not recorded (default 2, or 0 with --quick).
    #[arg(long)]
    warmups: Option<usize>,
    /// Seconds before a run is killed and its cell shows "timeout" (default 60, or 20 with --quick).
    #[arg(long)]
    timeout: Option<f64>,
    /// Where latest.md, latest.svg and latest.json go.
    #[arg(long, default_value_os_t = default_out())]
    out: PathBuf,
    /// Tool cache (Bun, qjs). Default: $EDGEBOX_BENCH_CACHE or ~/.cache/edgebox/bench-tools.
    #[arg(long)]
    cache: Option<PathBuf>,
    /// Use the edgeboxc/edgebox already in target/release instead of building them first.
    #[arg(long)]
    no_build: bool,
    /// Do not measure: rewrite the README section between `<!-- bench:start -->` and
    /// `<!-- bench:end -->` from OUT/latest.md.
    #[arg(long)]
    update_readme: bool,
    /// The README for --update-readme.
    #[arg(long, default_value_os_t = tools::workspace_root().join("README.md"))]
    readme: PathBuf,
}

fn default_out() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("results")
}

fn main() {
    // The launcher mode runs before anything else so that it stays a small process.
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if raw.get(1).is_some_and(|a| a == measure::LAUNCH_ARG) {
        std::process::exit(measure::launcher_main(&raw[2..]));
    }
    if let Err(e) = run(Args::parse()) {
        eprintln!("benches: error: {e:#}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> Result<()> {
    if args.update_readme {
        return update_readme(&args);
    }
    let started = Instant::now();
    let settings = harness::Settings {
        warmups: args.warmups.unwrap_or(if args.quick { 0 } else { 2 }),
        runs: args.runs.unwrap_or(if args.quick { 1 } else { 10 }).max(1),
        timeout: Duration::from_secs_f64(args.timeout.unwrap_or(if args.quick {
            20.0
        } else {
            60.0
        })),
    };
    let workloads = workload::discover(&workload::default_dir(), args.filter.as_deref())?;

    let workspace = tools::workspace_root();
    let cache_dir = args.cache.clone().unwrap_or_else(tools::default_cache_dir);
    let work_dir = cache_dir.join("work");
    std::fs::create_dir_all(&work_dir)
        .with_context(|| format!("creating {}", work_dir.display()))?;
    let edgebox_bins = tools::build_edgebox(&workspace, !args.no_build, &work_dir.join("bin"))
        .map_err(|e| format!("{e:#}"));
    let launcher =
        std::env::current_exe().context("locating the harness binary (it is also the launcher)")?;
    let env = tools::Env {
        workspace: workspace.clone(),
        cache_dir,
        work_dir,
        launcher,
        edgebox_bins,
        edgebox_rev: tools::git_rev(&workspace),
    };

    let mut runtimes = runtime::all(args.limit_overhead);
    if let Some(f) = &args.runtime {
        runtimes.retain(|r| r.id().contains(f.as_str()));
        anyhow::ensure!(!runtimes.is_empty(), "no runtime id contains {f:?}");
    }
    let mut machine = machine::describe();
    let infos = harness::setup(&mut runtimes, &env);

    let mut cells = Vec::new();
    for w in &workloads {
        cells.push(harness::measure_workload(
            w, &runtimes, &infos, &env, settings,
        ));
    }
    machine.load_end = machine::load();

    let mut versions = vec![("edgebox".to_string(), env.edgebox_rev.clone())];
    for info in &infos {
        if let (Ok(v), false) = (&info.version, info.edgebox) {
            versions.push((info.id.clone(), v.clone()));
        }
    }
    if let Ok(v) = tools::version_line(std::path::Path::new("rustc"), &["--version"]) {
        versions.push(("rustc".into(), v.trim_start_matches("rustc ").to_string()));
    }
    let rep = Report {
        meta: Meta {
            date: machine::utc_now(),
            command: command_line(),
            mode: if args.quick {
                "quick".into()
            } else {
                "full".into()
            },
            warmups: settings.warmups,
            runs: settings.runs,
            timeout_s: settings.timeout.as_secs_f64(),
            machine,
            versions,
        },
        runtimes: infos,
        workloads: workloads.iter().map(|w| w.name.clone()).collect(),
        cells,
    };

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let md = report::render_markdown(&rep);
    write(&args.out.join("latest.md"), &md)?;
    write(
        &args.out.join("latest.json"),
        &serde_json::to_string_pretty(&rep)?,
    )?;
    write(&args.out.join("latest.svg"), &chart::render_svg(&rep)?)?;
    println!("{md}");
    eprintln!(
        "benches: wrote {}/latest.{{md,svg,json}} in {:.0} s",
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn update_readme(args: &Args) -> Result<()> {
    let latest = args.out.join("latest.md");
    let md = std::fs::read_to_string(&latest)
        .with_context(|| format!("reading {} (run the benchmarks first)", latest.display()))?;
    let chart = args.out.join("latest.svg");
    let readme_dir = args.readme.parent().unwrap_or(std::path::Path::new("."));
    let chart_rel = chart
        .strip_prefix(readme_dir)
        .unwrap_or(&chart)
        .display()
        .to_string();
    let text = std::fs::read_to_string(&args.readme)
        .with_context(|| format!("reading {}", args.readme.display()))?;
    let new = readme::replace_section(&text, &readme::section_from_latest(&md, &chart_rel))
        .with_context(|| args.readme.display().to_string())?;
    write(&args.readme, &new)?;
    eprintln!(
        "benches: updated the performance section of {}",
        args.readme.display()
    );
    Ok(())
}

/// How this report can be reproduced: the cargo command plus the flags given.
fn command_line() -> String {
    let flags: Vec<String> = std::env::args().skip(1).collect();
    let mut s = "cargo run -p benches --release --".to_string();
    for f in flags {
        s.push(' ');
        s.push_str(&f);
    }
    s
}

fn write(path: &std::path::Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
