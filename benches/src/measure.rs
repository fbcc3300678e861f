//! Times one process: the runtime binary itself is spawned (no shell in between), its wall time
//! is taken from just before `spawn` to the moment it exits, and its peak RSS comes from the
//! `rusage` that `wait4` returns for exactly that process. The spawning is done by a small
//! launcher process (the harness binary re-run as `benches __launch`), see [`run_once`].

use std::ffi::OsString;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::workload::ExitKind;

/// A command to time: a program and its arguments, run with the harness's environment.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub program: PathBuf,
    pub args: Vec<OsString>,
}

/// What one run produced.
#[derive(Debug)]
pub struct RunResult {
    pub wall: Duration,
    /// `ru_maxrss` of the process, in KiB (Linux reports kilobytes).
    pub peak_rss_kib: u64,
    /// `None` when the run was killed for exceeding the timeout.
    pub exit: Option<ExitKind>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// What the launcher reports about the process it timed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    pub wall_ns: u64,
    pub peak_rss_kib: u64,
    /// `None`: killed at the timeout.
    pub exit: Option<ExitKind>,
}

/// The argument that turns the harness binary into a launcher (see [`launcher_main`]).
pub const LAUNCH_ARG: &str = "__launch";

/// Runs `inv` once through the launcher (`launcher` is the harness binary itself), capturing
/// its output. `scratch` is a file path the launcher writes its measurement to.
///
/// Why a launcher: Linux's `ru_maxrss` of a child includes the memory of whatever process it
/// was forked from up to its `exec`. Spawned straight from the harness (tens of MB once it has
/// parsed `cargo metadata`), every runtime would show at least the harness's size. The launcher
/// is a fresh, small process that spawns the runtime directly and reports `wait4`'s numbers.
pub fn run_once(
    inv: &Invocation,
    timeout: Duration,
    launcher: &Path,
    scratch: &Path,
) -> Result<RunResult> {
    let _ = std::fs::remove_file(scratch);
    let mut cmd = Command::new(launcher);
    cmd.arg(LAUNCH_ARG)
        .arg(timeout.as_millis().to_string())
        .arg(scratch)
        .arg(&inv.program)
        .args(&inv.args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .with_context(|| format!("starting the launcher {}", launcher.display()))?;
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let status = child.wait().context("waiting for the launcher")?;
    let (stdout, stderr) = (
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    );
    let text = std::fs::read_to_string(scratch).with_context(|| {
        format!(
            "the launcher ({status}) wrote no measurement for {}: {}",
            inv.program.display(),
            String::from_utf8_lossy(&stderr)
                .lines()
                .last()
                .unwrap_or("")
        )
    })?;
    let m: Measured = serde_json::from_str(&text).context("reading the launcher's measurement")?;
    Ok(RunResult {
        wall: Duration::from_nanos(m.wall_ns),
        peak_rss_kib: m.peak_rss_kib,
        exit: m.exit,
        stdout,
        stderr,
    })
}

/// The launcher: `benches __launch TIMEOUT_MS RESULT_FILE PROGRAM [ARGS...]`. Runs PROGRAM with
/// the launcher's own stdio, measures it with [`measure_direct`], writes [`Measured`] as JSON
/// to RESULT_FILE. Returns the process exit code.
pub fn launcher_main(args: &[OsString]) -> i32 {
    let [timeout_ms, result, program, rest @ ..] = args else {
        eprintln!("benches {LAUNCH_ARG}: usage: TIMEOUT_MS RESULT_FILE PROGRAM [ARGS...]");
        return 2;
    };
    let Some(timeout_ms) = timeout_ms.to_str().and_then(|t| t.parse::<u64>().ok()) else {
        eprintln!("benches {LAUNCH_ARG}: bad timeout {timeout_ms:?}");
        return 2;
    };
    let inv = Invocation {
        program: program.into(),
        args: rest.to_vec(),
    };
    match measure_direct(&inv, Duration::from_millis(timeout_ms)) {
        Ok(m) => match std::fs::write(result, serde_json::to_string(&m).unwrap_or_default()) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!(
                    "benches {LAUNCH_ARG}: writing {}: {e}",
                    Path::new(result).display()
                );
                2
            }
        },
        Err(e) => {
            eprintln!("benches {LAUNCH_ARG}: {e:#}");
            2
        }
    }
}

/// Spawns `inv` with inherited stdio, kills its process group after `timeout`, and returns its
/// wall time (from just before `spawn` to its exit) and `wait4`'s peak RSS for it.
pub fn measure_direct(inv: &Invocation, timeout: Duration) -> Result<Measured> {
    let mut cmd = Command::new(&inv.program);
    cmd.args(&inv.args)
        // Its own process group, so a timeout kill reaches anything it started.
        .process_group(0);
    // A `pre_exec` hook makes std use fork+exec instead of posix_spawn's vfork. With vfork the
    // child's `ru_maxrss` starts at the launcher's whole peak RSS (the shared address space is
    // what `exec` leaves); a forked child only carries the pages it actually copied, so tiny
    // programs report what `/usr/bin/time` reports for them.
    // SAFETY: the hook does nothing, so it is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| Ok(()));
    }

    let start = Instant::now();
    let child = cmd
        .spawn()
        .with_context(|| format!("starting {}", inv.program.display()))?;
    let pid = child.id() as libc::pid_t;

    // The watchdog may kill only while the child is unreaped (alive or a zombie), so it can
    // never hit a recycled pid: `exited` is set, under the lock, before `wait4` reaps.
    let exited = Arc::new(Mutex::new(false));
    let timed_out = Arc::new(Mutex::new(false));
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let watchdog = {
        let (exited, timed_out) = (exited.clone(), timed_out.clone());
        thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = done_rx.recv_timeout(timeout) {
                let exited = exited.lock().unwrap();
                if !*exited {
                    // SAFETY: plain syscall; `pid` is our unreaped child and its group leader.
                    unsafe { libc::kill(-pid, libc::SIGKILL) };
                    *timed_out.lock().unwrap() = true;
                }
            }
        })
    };

    wait_exited_without_reaping(pid)?;
    let wall = start.elapsed();
    *exited.lock().unwrap() = true;
    let _ = done_tx.send(());
    let _ = watchdog.join();

    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value; `wait4` fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our exited, not yet reaped child; both pointers are valid for the call.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if r != pid {
        return Err(std::io::Error::last_os_error()).context("wait4");
    }
    drop(child); // Already reaped; dropping a `Child` neither waits nor kills.

    let exit = if *timed_out.lock().unwrap() {
        None
    } else if libc::WIFEXITED(status) {
        Some(ExitKind::Code(libc::WEXITSTATUS(status)))
    } else {
        Some(ExitKind::Signal(libc::WTERMSIG(status)))
    };
    Ok(Measured {
        wall_ns: wall.as_nanos() as u64,
        peak_rss_kib: usage.ru_maxrss.max(0) as u64,
        exit,
    })
}

/// Blocks until `pid` has exited, leaving it a zombie (`WNOWAIT`) so its rusage is still there.
fn wait_exited_without_reaping(pid: libc::pid_t) -> Result<()> {
    loop {
        // SAFETY: an all-zero `siginfo_t` is valid; `waitid` fills it in.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: plain syscall on our own child with a valid out-pointer.
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e).context("waitid");
        }
    }
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Invocation {
        Invocation {
            program: "/bin/sh".into(),
            args: vec!["-c".into(), script.into()],
        }
    }

    #[test]
    fn reports_exit_code_and_rss() {
        let m = measure_direct(&sh("exit 3"), Duration::from_secs(10)).unwrap();
        assert_eq!(m.exit, Some(ExitKind::Code(3)));
        assert!(m.peak_rss_kib > 0);
    }

    #[test]
    fn kills_on_timeout() {
        let m = measure_direct(&sh("sleep 30"), Duration::from_millis(200)).unwrap();
        assert_eq!(m.exit, None);
        assert!(m.wall_ns < 10_000_000_000);
    }
}
