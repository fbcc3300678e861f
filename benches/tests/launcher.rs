//! The launcher end to end: output is captured, exit codes and timeouts are reported, and the
//! peak RSS is the measured process's own, not the (much larger) harness's.

use std::time::Duration;

use benches::measure::{Invocation, run_once};
use benches::workload::ExitKind;

fn run(program: &str, args: &[&str], timeout: Duration) -> benches::measure::RunResult {
    let launcher = std::path::Path::new(env!("CARGO_BIN_EXE_benches"));
    let scratch = std::env::temp_dir().join(
        format!(
            "benches-launcher-test-{}-{program:?}.json",
            std::process::id()
        )
        .replace('/', "_"),
    );
    let inv = Invocation {
        program: program.into(),
        args: args.iter().map(Into::into).collect(),
    };
    let result = run_once(&inv, timeout, launcher, &scratch);
    // The launcher's report file is scratch: leave nothing behind in the temp dir.
    let _ = std::fs::remove_file(&scratch);
    result.unwrap()
}

#[test]
fn captures_output_and_exit_code() {
    let r = run(
        "/bin/sh",
        &["-c", "echo out; echo err >&2; exit 3"],
        Duration::from_secs(20),
    );
    assert_eq!(r.exit, Some(ExitKind::Code(3)));
    assert_eq!(r.stdout, b"out\n");
    assert_eq!(r.stderr, b"err\n");
}

#[test]
fn timeout_is_reported() {
    let r = run("/bin/sh", &["-c", "sleep 30"], Duration::from_millis(300));
    assert_eq!(r.exit, None);
}

#[test]
fn rss_is_the_measured_process_own() {
    // Grow this (test) process well past what `true` needs: a fork straight from here would
    // report at least this much.
    let ballast = vec![1u8; 64 << 20];
    std::hint::black_box(&ballast);
    let r = run("/bin/true", &[], Duration::from_secs(20));
    assert_eq!(r.exit, Some(ExitKind::Code(0)));
    assert!(
        r.peak_rss_kib > 0 && r.peak_rss_kib < 16 * 1024,
        "peak RSS of /bin/true: {} KiB",
        r.peak_rss_kib
    );
}
