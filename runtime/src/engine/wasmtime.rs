//! The Wasmtime engine (Cranelift), with WASI preview 1 from wasmtime-wasi.

use super::{Engine, Outcome};
use crate::artifact::Artifact;
use crate::sandbox::Sandbox;
use anyhow::Context;
use wasmtime::{Config, Linker, Module, Store};
use wasmtime_wasi::WasiCtxBuilder;
use wasmtime_wasi::p1::{self, WasiP1Ctx};

/// Native stack the guest may use. QuickJS's interpreter is deeply recursive and keeps its own
/// limit on the guest's 8 MiB shadow stack (guest/src/run.rs); the native stack must be large
/// enough that QuickJS's check (a catchable RangeError) fires before this one (a trap).
const MAX_WASM_STACK: usize = 128 * 1024 * 1024;
/// The thread that runs the guest: the Wasm stack plus room for the host's own frames.
const RUN_THREAD_STACK: usize = MAX_WASM_STACK + 16 * 1024 * 1024;

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
        config.wasm_tail_call(true);
        config.cranelift_opt_level(wasmtime::OptLevel::Speed);
        let engine = wasmtime::Engine::new(&config).map_err(|e| with_context(e, "cannot configure Wasmtime".into()))?;
        Ok(Self { engine })
    }

    fn run_on_this_thread(&self, artifact: &Artifact, sandbox: &Sandbox) -> anyhow::Result<Outcome> {
        let module = Module::new(&self.engine, &artifact.bytes)
            .map_err(|e| with_context(e, format!("{}: Wasmtime cannot compile this module", artifact.path.display())))?;
        let mut linker: Linker<WasiP1Ctx> = Linker::new(&self.engine);
        p1::add_to_linker_sync(&mut linker, |ctx| ctx)?;
        let mut builder = WasiCtxBuilder::new();
        builder.inherit_stdout().inherit_stderr().args(&sandbox.args);
        for (name, value) in &sandbox.env {
            builder.env(name, value);
        }
        let mut store = Store::new(&self.engine, builder.build_p1());
        let instance = linker
            .instantiate(&mut store, &module)
            .map_err(|e| with_context(e, "cannot instantiate the guest".into()))?;
        let start = instance
            .get_typed_func::<(), ()>(&mut store, "_start")
            .map_err(|e| with_context(e, "the guest has no `_start`".into()))?;
        Ok(match start.call(&mut store, ()) {
            Ok(()) => Outcome::Exited(0),
            Err(e) => match e.downcast_ref::<wasmtime_wasi::I32Exit>() {
                Some(exit) => Outcome::Exited(exit.0),
                None => Outcome::Trapped(trap_message(&e)),
            },
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
        None => format!("{e:#}").lines().next().unwrap_or("unknown failure").to_owned(),
    }
}

impl Engine for WasmtimeEngine {
    fn run(&self, artifact: &Artifact, sandbox: &Sandbox) -> anyhow::Result<Outcome> {
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("edgebox-guest".into())
                .stack_size(RUN_THREAD_STACK)
                .spawn_scoped(scope, || self.run_on_this_thread(artifact, sandbox))
                .context("cannot start the guest thread")?
                .join()
                .map_err(|_| anyhow::anyhow!("the guest thread panicked"))?
        })
    }
}
