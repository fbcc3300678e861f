//! The WAMR engine: LLVM AOT code (`.aot`) or the fast interpreter (`.wasm`), with WAMR's own
//! WASI preview 1 implementation.

use super::{Engine, Outcome};
use crate::artifact::{Artifact, ArtifactKind};
use crate::sandbox::{LimitError, LimitHit, Sandbox};
use edgebox_abi::EXPORT_FUEL;
use edgebox_wamr_sys::{Error, Module, Runtime, WasiConfig};

/// The native stack AOT code runs on (QuickJS's interpreter recurses deeply; its own limit
/// on the guest's shadow stack must trip before this one, see guest/src/run.rs).
const RUN_THREAD_STACK: usize = edgebox_wamr_sys::MAX_NATIVE_STACK + 16 * 1024 * 1024;
/// WAMR's own stack per execution environment: the interpreter keeps wasm frames and operands
/// there, so it must hold as deep a QuickJS recursion as the guest's shadow stack allows; AOT
/// code uses the native stack and needs little. WAMR zeroes it at every start (twice: once for
/// instantiation, once for `_start`), so it is not made larger than needed.
const INTERP_STACK: u32 = 64 * 1024 * 1024;
/// Our WAMR keeps no AOT stack frames (no WAMR_BUILD_DUMP_CALL_STACK/PERF_PROFILING/GC), so
/// AOT code never uses this stack; 1 MiB here cost 2 × 256 page faults at every start.
const AOT_STACK: u32 = 64 * 1024;

#[derive(Debug, Default, Clone, Copy)]
pub struct WamrEngine {
    /// The process exits as soon as the run is over (the `edgebox` CLI): leave WAMR's module and
    /// instance to the kernel instead of freeing them. For an `.aot` that saves ~2.1 M
    /// instructions of free() (one allocation per relocation group and data segment) and the
    /// munmaps, ~9% of a hello world (callgrind). A long-lived host must leave it false.
    pub exit_after_run: bool,
}

impl WamrEngine {
    fn run_on_this_thread(&self, artifact: Artifact, sandbox: &Sandbox) -> anyhow::Result<Outcome> {
        let runtime = Runtime::get().map_err(|e| anyhow::anyhow!("{e}"))?;
        let Artifact {
            path,
            kind,
            bytes,
            memory_image,
            ..
        } = artifact;
        let mut module = Module::load(runtime, bytes).map_err(|e| {
            anyhow::anyhow!("{}: WAMR cannot load this artifact: {e}", path.display())
        })?;
        module
            .set_wasi(WasiConfig {
                args: sandbox.args.clone(),
                env: sandbox.wasi_env(),
                ..Default::default()
            })
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        // The guest brings its own allocator (wasi-libc malloc), so WAMR's app heap is 0.
        let stack = if kind == ArtifactKind::Aot {
            AOT_STACK
        } else {
            INTERP_STACK
        };
        let limits = &sandbox.limits;
        let instance = module
            .instantiate_limited(stack, 0, Some(limits.max_memory_pages))
            .map_err(|e| anyhow::anyhow!("cannot instantiate the guest: {e}"))?;
        if let Some(image) = &memory_image {
            let memory = instance.linear_memory().ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: the artifact has a memory image but its guest has no memory; rebuild it with edgeboxc",
                    path.display()
                )
            })?;
            image
                .apply(memory)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        }
        if let Some(budget) = limits.max_instructions {
            if !instance.set_global_i64(EXPORT_FUEL, super::fuel(budget)) {
                return Err(LimitError::NotMetered {
                    path: path.display().to_string(),
                }
                .into());
            }
        }
        let terminator = instance.terminator();
        let (result, timed_out) = super::with_watchdog(
            limits.timeout,
            move || terminator.terminate(),
            || instance.run_start(),
        );
        let outcome = judge(&instance, result, timed_out);
        if self.exit_after_run {
            std::mem::forget(instance);
            std::mem::forget(module);
        }
        Ok(outcome)
    }
}

/// How the run ended, from what `_start` returned.
fn judge(
    instance: &edgebox_wamr_sys::Instance<'_>,
    result: Result<u32, Error>,
    timed_out: bool,
) -> Outcome {
    if timed_out {
        return Outcome::LimitExceeded(LimitHit::Time);
    }
    // Metering traps with the fuel global below zero, and nothing else leaves it there.
    if result.is_err()
        && instance
            .global_i64(EXPORT_FUEL)
            .is_some_and(|fuel| fuel < 0)
    {
        return Outcome::LimitExceeded(LimitHit::Instructions);
    }
    // A refused memory.grow surfaces in the guest as an out-of-memory error; if the app
    // did not survive it, the limit is what ended the run.
    let failed = !matches!(result, Ok(0));
    if failed && instance.memory_grow_refused() {
        return Outcome::LimitExceeded(LimitHit::Memory);
    }
    match result {
        Ok(code) => Outcome::Exited(code as i32),
        Err(Error::Trap(msg)) => Outcome::Trapped(msg.trim_start_matches("Exception: ").to_owned()),
        Err(e) => Outcome::Trapped(e.to_string()),
    }
}

impl Engine for WamrEngine {
    fn run(&self, artifact: Artifact, sandbox: &Sandbox) -> anyhow::Result<Outcome> {
        super::on_guest_thread(RUN_THREAD_STACK, || {
            self.run_on_this_thread(artifact, sandbox)
        })
    }
}
