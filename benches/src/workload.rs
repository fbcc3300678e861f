//! Workloads are data: `workloads/NAME.js` plus `workloads/NAME.expected`, the exact stdout a
//! correct run prints (one checksum line). Adding a file pair adds a row to the table.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// One benchmark program and the output that proves it ran correctly.
#[derive(Debug, Clone)]
pub struct Workload {
    /// File stem, e.g. `fib`; the row name and what `--filter` matches.
    pub name: String,
    pub script: PathBuf,
    /// The expected stdout, trailing whitespace trimmed.
    pub expected: String,
}

/// The workloads directory of this crate.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("workloads")
}

/// Every `*.js` in `dir` whose name contains `filter` (all when `None`), sorted by name.
/// A workload without its `.expected` file is an error, not a silent skip.
pub fn discover(dir: &Path, filter: Option<&str>) -> Result<Vec<Workload>> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "js") {
            continue;
        }
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if filter.is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let expected_path = path.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path).with_context(|| {
            format!(
                "workload {name} has no {}: write the stdout a correct run prints",
                expected_path.display()
            )
        })?;
        out.push(Workload {
            name,
            script: path,
            expected: expected.trim_end().to_string(),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    if out.is_empty() {
        match filter {
            Some(f) => bail!("no workload in {} matches --filter {f:?}", dir.display()),
            None => bail!("no workloads in {}", dir.display()),
        }
    }
    Ok(out)
}

/// Checks one finished run: it must have exited 0 and printed exactly the expected output.
/// `Err` is the one-line reason the cell shows as "failed: …".
pub fn verify(expected: &str, exit: ExitKind, stdout: &[u8], stderr: &[u8]) -> Result<(), String> {
    match exit {
        ExitKind::Code(0) => {}
        ExitKind::Code(code) => return Err(format!("exit {code}: {}", error_line(stderr, stdout))),
        ExitKind::Signal(sig) => {
            return Err(format!("killed by signal {sig} ({})", signal_name(sig)));
        }
    }
    let got = normalise(&String::from_utf8_lossy(stdout));
    if got == expected.trim_end() {
        return Ok(());
    }
    let first = got.lines().next().unwrap_or("");
    let shown = if first.is_empty() {
        "no output".to_string()
    } else {
        format!("`{}`", clip(first, 60))
    };
    Err(format!(
        "checksum mismatch: expected `{}`, got {shown}",
        clip(expected.trim_end(), 60)
    ))
}

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ExitKind {
    Code(i32),
    Signal(i32),
}

fn normalise(s: &str) -> String {
    s.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}

/// The most telling line of a failed run's output: the first that names an error (engines
/// print a source line or a stack first), else the first non-empty line of stderr, else of stdout.
fn error_line(stderr: &[u8], stdout: &[u8]) -> String {
    let err = String::from_utf8_lossy(stderr);
    let out = String::from_utf8_lossy(stdout);
    let lines = || {
        err.lines()
            .chain(out.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty())
    };
    let line = lines()
        .find(|l| l.contains("Error") || l.starts_with("Uncaught") || l.contains("error:"))
        .or_else(|| lines().next())
        .unwrap_or("no output");
    clip(line, 100)
}

fn signal_name(sig: i32) -> &'static str {
    match sig {
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGABRT => "SIGABRT",
        libc::SIGKILL => "SIGKILL",
        libc::SIGILL => "SIGILL",
        libc::SIGBUS => "SIGBUS",
        libc::SIGTRAP => "SIGTRAP",
        _ => "signal",
    }
}

/// At most `max` characters, with an ellipsis when cut. Table cells stay one line.
pub fn clip(s: &str, max: usize) -> String {
    let s = s.replace(['|', '\n', '\r'], " ");
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_exact_checksum_with_trailing_whitespace() {
        assert_eq!(
            verify("checksum 42", ExitKind::Code(0), b"checksum 42  \n\n", b""),
            Ok(())
        );
    }

    #[test]
    fn rejects_wrong_checksum() {
        let err = verify("checksum 42", ExitKind::Code(0), b"checksum 41\n", b"").unwrap_err();
        assert_eq!(
            err,
            "checksum mismatch: expected `checksum 42`, got `checksum 41`"
        );
    }

    #[test]
    fn rejects_extra_output() {
        assert!(
            verify(
                "checksum 42",
                ExitKind::Code(0),
                b"debug\nchecksum 42\n",
                b""
            )
            .is_err()
        );
    }

    #[test]
    fn reports_missing_output() {
        let err = verify("checksum 42", ExitKind::Code(0), b"", b"").unwrap_err();
        assert!(err.ends_with("got no output"), "{err}");
    }

    #[test]
    fn nonzero_exit_names_the_error_not_the_source_line() {
        let stderr =
            b"/w/tail-sum.js:6\n  if (n === 0) return acc;\n\nRangeError: Maximum call stack size exceeded\n    at sum";
        let err = verify("checksum 1", ExitKind::Code(1), b"", stderr).unwrap_err();
        assert_eq!(err, "exit 1: RangeError: Maximum call stack size exceeded");
    }

    #[test]
    fn signal_is_named() {
        let err = verify("x", ExitKind::Signal(libc::SIGSEGV), b"x\n", b"").unwrap_err();
        assert_eq!(err, "killed by signal 11 (SIGSEGV)");
    }

    #[test]
    fn every_shipped_workload_has_an_expectation() {
        let all = discover(&default_dir(), None).unwrap();
        assert!(all.iter().any(|w| w.name == "hello"));
        assert!(all.iter().all(|w| !w.expected.is_empty()));
    }

    #[test]
    fn clip_keeps_cells_on_one_line() {
        assert_eq!(clip("a|b\nc", 10), "a b c");
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
