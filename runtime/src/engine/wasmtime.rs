//! The Wasmtime engine (Cranelift), with WASI preview 1 from wasmtime-wasi.

use super::{Engine, Outcome};
use crate::artifact::{Artifact, ArtifactKind};
use crate::sandbox::{LimitError, LimitHit, Sandbox};
use edgebox_abi::EXPORT_FUEL;
use wasmtime::{Config, Linker, Module, Store};
use wasmtime_wasi::WasiCtxBuilder;
use wasmtime_wasi::p1::{self, WasiP1Ctx};

/// Native stack the guest may use. QuickJS's interpreter is deeply recursive and keeps its own
/// limit on the guest's 8 MiB shadow stack (guest/src/run.rs); the native stack must be large
/// enough that QuickJS's check (a catchable RangeError) fires before this one (a trap).
const MAX_WASM_STACK: usize = 128 * 1024 * 1024;
/// The thread that runs the guest: the Wasm stack plus room for the host's own frames.
const RUN_THREAD_STACK: usize = MAX_WASM_STACK + 16 * 1024 * 1024;

const WASM_PAGE_BYTES: u64 = 64 * 1024;

struct StoreData {
    wasi: WasiP1Ctx,
    limiter: MemoryCap,
}

/// Caps linear memory and remembers whether it had to refuse growth.
struct MemoryCap {
    max_bytes: u64,
    refused: bool,
}

impl wasmtime::ResourceLimiter for MemoryCap {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = desired as u64 <= self.max_bytes;
        self.refused |= !allowed;
        Ok(allowed)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        _desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(true)
    }
}

pub struct WasmtimeEngine {
    engine: wasmtime::Engine,
}

impl WasmtimeEngine {
    pub fn new() -> anyhow::Result<Self> {
        let mut config = Config::new();
        // wasmtime-wasi enables Wasmtime's async support, which insists that the async stack
        // be at least the Wasm stack, even though EdgeBox only calls synchronously.
        config.async_stack_size(MAX_WASM_STACK + 1024 * 1024);
        config.max_wasm_stack(MAX_WASM_STACK);
        // Code-affecting settings: keep equal to `wasmtime_code_config` in compiler/src/native.rs
        // (Wasmtime refuses a `.cwasm` built with different ones).
        config.wasm_tail_call(true);
        config.cranelift_opt_level(wasmtime::OptLevel::Speed);
        config.epoch_interruption(true);
        let engine = wasmtime::Engine::new(&config)
            .map_err(|e| with_context(e, "cannot configure Wasmtime".into()))?;
        Ok(Self { engine })
    }

    fn run_on_this_thread(
        &self,
        artifact: &Artifact,
        sandbox: &Sandbox,
    ) -> anyhow::Result<Outcome> {
        let module = match artifact.kind {
            ArtifactKind::Cwasm => {
                // SAFETY: `Artifact` checked the envelope (EdgeBox version, CPU features) and
                // Wasmtime checks its own version and settings in the payload; the bytes are
                // code that our own compiler produced for this engine configuration.
                unsafe { Module::deserialize(&self.engine, &artifact.bytes) }.map_err(|e| {
                    with_context(
                        e,
                        format!(
                            "{}: Wasmtime cannot load this artifact; rebuild it with edgeboxc",
                            artifact.path.display()
                        ),
                    )
                })?
            }
            _ => Module::new(&self.engine, &artifact.bytes).map_err(|e| {
                with_context(
                    e,
                    format!(
                        "{}: Wasmtime cannot compile this module",
                        artifact.path.display()
                    ),
                )
            })?,
        };
        let mut linker: Linker<StoreData> = Linker::new(&self.engine);
        p1::add_to_linker_sync(&mut linker, |data: &mut StoreData| &mut data.wasi)?;
        let mut builder = WasiCtxBuilder::new();
        builder
            .inherit_stdout()
            .inherit_stderr()
            .args(&sandbox.args);
        for (name, value) in &sandbox.wasi_env() {
            builder.env(name, value);
        }
        let limiter = MemoryCap {
            max_bytes: u64::from(sandbox.limits.max_memory_pages) * WASM_PAGE_BYTES,
            refused: false,
        };
        let mut store = Store::new(
            &self.engine,
            StoreData {
                wasi: builder.build_p1(),
                limiter,
            },
        );
        store.limiter(|data| &mut data.limiter);
        // The watchdog bumps the epoch once; one tick of deadline means "stop at the next
        // check after that". Without a timeout the epoch never moves.
        store.set_epoch_deadline(1);
        let instance = linker
            .instantiate(&mut store, &module)
            .map_err(|e| with_context(e, "cannot instantiate the guest".into()))?;
        let fuel = instance.get_global(&mut store, EXPORT_FUEL);
        if let Some(budget) = sandbox.limits.max_instructions {
            let set = fuel.map(|g| g.set(&mut store, wasmtime::Val::I64(super::fuel(budget))));
            if !matches!(set, Some(Ok(()))) {
                return Err(LimitError::NotMetered {
                    path: artifact.path.display().to_string(),
                }
                .into());
            }
        }
        let start = instance
            .get_typed_func::<(), ()>(&mut store, "_start")
            .map_err(|e| with_context(e, "the guest has no `_start`".into()))?;
        let engine = self.engine.clone();
        let (result, timed_out) = super::with_watchdog(
            sandbox.limits.timeout,
            move || engine.increment_epoch(),
            || start.call(&mut store, ()),
        );
        if timed_out {
            return Ok(Outcome::LimitExceeded(LimitHit::Time));
        }
        let code = match &result {
            Ok(()) => Some(0),
            Err(e) => e
                .downcast_ref::<wasmtime_wasi::I32Exit>()
                .map(|exit| exit.0),
        };
        // Metering traps with the fuel global below zero, and nothing else leaves it there.
        let out_of_fuel = fuel
            .and_then(|g| g.get(&mut store).i64())
            .is_some_and(|left| left < 0);
        if code.is_none() && out_of_fuel {
            return Ok(Outcome::LimitExceeded(LimitHit::Instructions));
        }
        // A refused memory.grow surfaces in the guest as an out-of-memory error; if the app
        // did not survive it, the limit is what ended the run.
        if code != Some(0) && store.data().limiter.refused {
            return Ok(Outcome::LimitExceeded(LimitHit::Memory));
        }
        Ok(match (code, result) {
            (Some(code), _) => Outcome::Exited(code),
            (None, Err(e)) => Outcome::Trapped(trap_message(&e)),
            (None, Ok(())) => unreachable!("a successful call has exit code 0"),
        })
    }
}

/// Wasmtime's error type is its own; this adds our context while converting it to anyhow.
fn with_context(e: wasmtime::Error, context: String) -> anyhow::Error {
    anyhow::Error::from(e).context(context)
}

fn trap_message(e: &wasmtime::Error) -> String {
    match e.downcast_ref::<wasmtime::Trap>() {
        Some(trap) => trap.to_string(),
        None => format!("{e:#}")
            .lines()
            .next()
            .unwrap_or("unknown failure")
            .to_owned(),
    }
}

impl Engine for WasmtimeEngine {
    fn run(&self, artifact: Artifact, sandbox: &Sandbox) -> anyhow::Result<Outcome> {
        super::on_guest_thread(RUN_THREAD_STACK, || {
            self.run_on_this_thread(&artifact, sandbox)
        })
    }
}
