//! The end-to-end suite: every case in `testsuite/cases/` is built with `edgeboxc` and run with
//! `edgebox`, and its stdout, stderr and exit code are compared with the expectations beside it.
//!
//! `EDGEBOX_BLESS=1 cargo test -p edgebox-testsuite --test e2e` rewrites the `.stdout`/`.stderr`
//! files from the actual output (review the diff before committing).

use edgebox_testsuite::case::{Case, discover};
use edgebox_testsuite::{cases_dir, edgebox, edgeboxc, glob, run, scratch_dir, text};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::Path;

/// Artifact kinds every case is run as: WAMR AOT, Wasmtime precompiled, and the portable
/// module on WAMR's interpreter.
const ARTIFACT_KINDS: &[&str] = &["aot", "cwasm", "wasm"];

/// Cases in this directory test the freezer: each also runs with the freezer off
/// (`interp::…`, a `.wasm` built with `--no-freeze`), against the same expectations, so frozen
/// code is shown to behave exactly as QuickJS's interpreter. A case that only passes frozen
/// (deep tail recursion) says `// freezer-required` and is not run that way.
const FREEZER_CASES: &str = "freezer/";

fn main() {
    let args = Arguments::from_args();
    let dir = cases_dir();
    let mut trials = Vec::new();
    for file in discover(&dir) {
        let case = match Case::load(&dir, &file) {
            Ok(c) => c,
            Err(e) => {
                trials.push(Trial::test(file.display().to_string(), move || {
                    Err(e.into())
                }));
                continue;
            }
        };
        for kind in ARTIFACT_KINDS {
            let case = case.clone();
            let name = format!("{kind}::{}", case.rel_path);
            trials.push(Trial::test(name, move || run_case(&case, kind, &[])));
        }
        let freezer_required = std::fs::read_to_string(dir.join(&case.rel_path))
            .is_ok_and(|js| js.contains("// freezer-required"));
        if case.rel_path.starts_with(FREEZER_CASES) && !freezer_required {
            let name = format!("interp::{}", case.rel_path);
            trials.push(Trial::test(name, move || {
                run_case(&case, "wasm", &["--no-freeze"])
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

fn run_case(case: &Case, kind: &str, extra_build_flags: &[&str]) -> Result<(), Failed> {
    let dir = cases_dir();
    let variant = if extra_build_flags.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}{}", extra_build_flags.join(""))
    };
    let scratch = scratch_dir(&format!("{variant}-{}", case.rel_path.replace('/', "-")));
    let artifact = scratch.join(format!("app.{kind}"));
    let build = run(edgeboxc()
        .current_dir(&dir)
        .arg("build")
        .args(&case.build_flags)
        .args(extra_build_flags)
        .arg(&case.rel_path)
        .arg("-o")
        .arg(&artifact));

    if case.build_fails {
        if build.status.success() {
            return Err("edgeboxc accepted a file it must refuse".into());
        }
        if artifact.exists() {
            return Err("edgeboxc failed but still wrote an output file".into());
        }
        return check_output(case, "", &text(&build.stderr), None);
    }
    if !build.status.success() {
        return Err(format!("edgeboxc failed:\n{}", text(&build.stderr)).into());
    }

    let mut cmd = edgebox();
    for e in &case.env {
        cmd.arg("--env").arg(e);
    }
    cmd.args(&case.flags);
    let out = run(cmd.arg(&artifact).args(&case.args));
    check_output(
        case,
        &text(&out.stdout),
        &text(&out.stderr),
        out.status.code(),
    )
}

fn check_output(case: &Case, stdout: &str, stderr: &str, exit: Option<i32>) -> Result<(), Failed> {
    let dir = cases_dir();
    if std::env::var_os("EDGEBOX_BLESS").is_some() {
        write_expectation(&case.stdout_path(&dir), stdout);
        write_expectation(&case.stderr_path(&dir), stderr);
        return Ok(());
    }
    let mut problems = Vec::new();
    if stdout != case.stdout {
        problems.push(format!(
            "stdout differs\n--- expected\n{}--- actual\n{}",
            case.stdout, stdout
        ));
    }
    if !glob::matches(&case.stderr, stderr) {
        problems.push(format!(
            "stderr differs\n--- expected (pattern)\n{}--- actual\n{}",
            case.stderr, stderr
        ));
    }
    if let Some(code) = exit {
        if code != case.exit {
            problems.push(format!("exit code {code}, expected {}", case.exit));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

fn write_expectation(path: &Path, content: &str) {
    if content.is_empty() {
        let _ = std::fs::remove_file(path);
    } else {
        std::fs::write(path, content).expect("cannot write expectation");
    }
}
