//! Engines run an [`Artifact`] inside a [`Sandbox`]. They hold no policy: what the app may see
//! is decided by the sandbox before an engine is involved.

pub mod wamr;
pub mod wasmtime;

use crate::artifact::Artifact;
use crate::sandbox::Sandbox;

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The app exited (normally, via `process.exit`, or with an uncaught error: code 1).
    Exited(i32),
    /// The guest trapped; the message says where.
    Trapped(String),
    /// A resource limit ended the run.
    LimitExceeded(crate::sandbox::LimitHit),
}

/// How often the watchdog repeats `stop` after the deadline until the body has returned.
const STOP_REPEAT: std::time::Duration = std::time::Duration::from_millis(1);

/// Runs `body` while a watchdog calls `stop` once `timeout` has passed, and again every
/// millisecond until the body returns (WAMR's stop signal only takes effect when it lands in
/// AOT code, see `edgebox_wamr_sys::Terminator`); returns the body's result and whether the
/// watchdog fired. Both engines use it for the wall-time limit.
pub fn with_watchdog<R>(
    timeout: Option<std::time::Duration>,
    stop: impl Fn() + Send,
    body: impl FnOnce() -> R,
) -> (R, bool) {
    use std::sync::mpsc::RecvTimeoutError;
    let Some(timeout) = timeout else {
        return (body(), false);
    };
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let fired = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let fired = &fired;
        scope.spawn(move || {
            if finished.recv_timeout(timeout) == Err(RecvTimeoutError::Timeout) {
                fired.store(true, std::sync::atomic::Ordering::SeqCst);
                stop();
                while finished.recv_timeout(STOP_REPEAT) == Err(RecvTimeoutError::Timeout) {
                    stop();
                }
            }
        });
        let result = body();
        let _ = done.send(());
        (result, fired.load(std::sync::atomic::Ordering::SeqCst))
    })
}

/// Runs `body` on a fresh thread with `stack_size` bytes of stack: the guest's QuickJS recurses
/// deeply on the native stack, far beyond a default thread's 2 MiB.
pub fn on_guest_thread<R: Send>(
    stack_size: usize,
    body: impl FnOnce() -> anyhow::Result<R> + Send,
) -> anyhow::Result<R> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("edgebox-guest".into())
            .stack_size(stack_size)
            .spawn_scoped(scope, body)
            .map_err(|e| anyhow::anyhow!("cannot start the guest thread: {e}"))?
            .join()
            .map_err(|_| anyhow::anyhow!("the guest thread panicked"))?
    })
}

/// The fuel global's value for a budget (the global is an `i64`; budgets above `i64::MAX`
/// cannot be told from "unlimited" anyway).
fn fuel(budget: u64) -> i64 {
    i64::try_from(budget).unwrap_or(i64::MAX)
}

pub trait Engine {
    /// Runs the artifact. It is taken by value so an engine can keep its (megabytes of) code
    /// without copying it: WAMR holds on to the buffer it loads from.
    fn run(&self, artifact: Artifact, sandbox: &Sandbox) -> anyhow::Result<Outcome>;
}
