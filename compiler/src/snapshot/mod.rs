//! Stage 4: pre-initialisation. Runs the linked guest's loading half at build time and returns
//! a module whose memory already holds its result, so a run starts at the app's first
//! instruction.
//!
//! Loading (guest/src/init.rs, export `wizer-initialize`) creates the QuickJS runtime and
//! context, installs the polyfills and reads the app's bytecode (for a module, also links it);
//! it runs no app code. wasmtime-wizer instruments the module, this stage instantiates it in
//! Wasmtime with WASI preview 1 and calls the export, and wizer writes the instance's memory
//! and globals back out as data segments and global initialisers. At run time `_start` finds
//! the loaded state and goes on with the run: arguments, environment, clock origin, the
//! Math.random seed, then the app's top-level code — every run, as before.
//!
//! Two details of the linked guest need care:
//! - wizer refuses modules that contain `data.drop` (it cannot tell which segments were
//!   dropped). The app-copy body written by [`crate::link`] ends with one; this stage removes it
//!   from that function before instrumenting (the app image segment then stays allocated in the
//!   instance, which only an un-snapshotted module would ever read, once).
//! - Loading must not depend on the build machine. WASI gets no arguments, no environment, no
//!   files, and clocks fixed at zero; this also makes the snapshot reproducible. The guest takes
//!   the real values at run time (`edgebox_begin_run` in guest/c/edgebox_quickjs.c).
//!
//! The output keeps the passive app image segment and the `edgebox.manifest` section, so
//! `edgeboxc disasm` and the runtime's artifact check work on it unchanged. Its memory is
//! written by a few tens of data segments rather than wizer's ~10,000 ([`segments`]): each
//! segment costs WAMR time at every start.

pub(crate) mod segments;

use crate::link::GuestModule;
use edgebox_abi::EXPORT_APP_COPY;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use wasm_encoder::{CodeSection, RawSection};
use wasmparser::{ExternalKind, Operator, Parser, Payload};
use wasmtime::{Config, Engine, Linker, Module, Store};
use wasmtime_wasi::p1::{self, WasiP1Ctx};
use wasmtime_wasi::{HostMonotonicClock, HostWallClock, WasiCtxBuilder};
use wasmtime_wizer::{WasmtimeWizer, Wizer};

/// Wasm stack for running the guest's loading code. QuickJS's parser and bytecode reader
/// recurse; loading the polyfills needs far less than the 128 MiB the runtime allows a run.
const INIT_WASM_STACK: usize = 16 * 1024 * 1024;
/// The host thread that runs it: the Wasm stack plus room for Wasmtime's own frames.
const INIT_THREAD_STACK: usize = INIT_WASM_STACK + 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("the guest module cannot be parsed: {0}")]
    Parse(#[from] wasmparser::BinaryReaderError),
    #[error("the guest module has no export `{0}`; it is not an EdgeBox guest")]
    MissingExport(String),
    #[error("cannot pre-initialise the guest: {0}")]
    Wizer(String),
    #[error("the guest failed while loading the app at build time: {0}")]
    Init(String),
    #[error("cannot merge the snapshot's data segments: {0}")]
    Segments(&'static str),
    #[error("the pre-initialised module does not validate: {0}")]
    Invalid(wasmparser::BinaryReaderError),
}

/// Runs the guest's loading code at build time and returns the pre-initialised module.
///
/// A broken app image is not an error here: the guest keeps the failure and reports it at run
/// time, with the same message and exit code as an un-snapshotted module.
pub fn snapshot(module: &GuestModule) -> Result<GuestModule, SnapshotError> {
    let prepared = without_app_data_drop(&module.bytes)?;
    let bytes = segments::merge(&wizer_snapshot(&prepared)?, segments::count(&prepared)?)?;
    wasmparser::Validator::new()
        .validate_all(&bytes)
        .map_err(SnapshotError::Invalid)?;
    Ok(GuestModule { bytes })
}

/// The module wizer writes after running `prepared`'s loading code: one active data segment
/// per run of non-zero memory, appended after `prepared`'s own segments.
fn wizer_snapshot(prepared: &[u8]) -> Result<Vec<u8>, SnapshotError> {
    let wizer = Wizer::new();
    let (cx, instrumented) = wizer
        .instrument(prepared)
        .map_err(|e| SnapshotError::Wizer(one_line(&e)))?;
    let init_func = wizer.get_init_func();

    let mut config = Config::new();
    // Loading runs once, briefly: compile time matters more than code quality.
    config.cranelift_opt_level(wasmtime::OptLevel::None);
    config.max_wasm_stack(INIT_WASM_STACK);
    // wasmtime-wasi turns on async support, which wants an async stack at least this large.
    config.async_stack_size(INIT_WASM_STACK + 1024 * 1024);
    let engine = Engine::new(&config).map_err(|e| SnapshotError::Wizer(one_line(&e)))?;
    let compiled =
        Module::new(&engine, &instrumented).map_err(|e| SnapshotError::Wizer(one_line(&e)))?;
    if compiled.get_export(init_func).is_none() {
        return Err(SnapshotError::MissingExport(init_func.to_owned()));
    }

    let run = || -> Result<Vec<u8>, SnapshotError> {
        let mut linker: Linker<WasiP1Ctx> = Linker::new(&engine);
        p1::add_to_linker_sync(&mut linker, |ctx| ctx)
            .map_err(|e| SnapshotError::Wizer(one_line(&e)))?;
        let wasi = WasiCtxBuilder::new()
            .wall_clock(FixedClock)
            .monotonic_clock(FixedClock)
            .build_p1();
        let mut store = Store::new(&engine, wasi);
        let instance = linker
            .instantiate(&mut store, &compiled)
            .map_err(|e| SnapshotError::Wizer(one_line(&e)))?;
        let init = instance
            .get_typed_func::<(), ()>(&mut store, init_func)
            .map_err(|_| SnapshotError::MissingExport(init_func.to_owned()))?;
        init.call(&mut store, ())
            .map_err(|e| SnapshotError::Init(one_line(&e)))?;
        block_on(wizer.snapshot(
            &cx,
            &mut WasmtimeWizer {
                store: &mut store,
                instance,
            },
        ))
        .map_err(|e| SnapshotError::Wizer(one_line(&e)))
    };
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("edgebox-snapshot".into())
            .stack_size(INIT_THREAD_STACK)
            .spawn_scoped(scope, run)
            .map_err(|e| SnapshotError::Wizer(format!("cannot start a thread: {e}")))?
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// A copy of `wasm` whose app-copy function (see [`crate::link`]) no longer drops the app image
/// segment after copying it. Every other byte is copied.
fn without_app_data_drop(wasm: &[u8]) -> Result<Vec<u8>, SnapshotError> {
    let mut imported_funcs = 0;
    let mut app_copy = None;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(r) => {
                for import in r {
                    if matches!(import?.ty, wasmparser::TypeRef::Func(_)) {
                        imported_funcs += 1;
                    }
                }
            }
            Payload::ExportSection(r) => {
                for export in r {
                    let export = export?;
                    if export.kind == ExternalKind::Func && export.name == EXPORT_APP_COPY {
                        app_copy = Some(export.index);
                    }
                }
            }
            _ => {}
        }
    }
    let app_copy =
        app_copy.ok_or_else(|| SnapshotError::MissingExport(EXPORT_APP_COPY.to_owned()))?;

    let mut out = wasm_encoder::Module::new();
    let mut code = CodeSection::new();
    let mut code_remaining = 0;
    let mut next_func = imported_funcs;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::Version { .. } | Payload::End(_) => {}
            Payload::CodeSectionStart { count, .. } => code_remaining = count,
            Payload::CodeSectionEntry(body) => {
                if next_func == app_copy {
                    // The body is its locals, then its instructions; keep the bytes of all but
                    // `data.drop` (which takes and leaves nothing on the stack).
                    let mut bytes = Vec::new();
                    let mut ops = body.get_operators_reader()?;
                    let mut kept_from = body.range().start;
                    while !ops.eof() {
                        let at = ops.original_position();
                        if let Operator::DataDrop { .. } = ops.read()? {
                            bytes.extend_from_slice(&wasm[kept_from..at]);
                            kept_from = ops.original_position();
                        }
                    }
                    bytes.extend_from_slice(&wasm[kept_from..body.range().end]);
                    code.raw(&bytes);
                } else {
                    code.raw(&wasm[body.range()]);
                }
                next_func += 1;
                code_remaining -= 1;
                if code_remaining == 0 {
                    out.section(&code);
                }
            }
            other => {
                if let Some((id, range)) = other.as_section() {
                    out.section(&RawSection {
                        id,
                        data: &wasm[range],
                    });
                }
            }
        }
    }
    Ok(out.finish())
}

/// A clock stopped at zero: what the guest sees of time while loading at build time.
struct FixedClock;

impl HostWallClock for FixedClock {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(1)
    }
    fn now(&self) -> Duration {
        Duration::ZERO
    }
}

impl HostMonotonicClock for FixedClock {
    fn resolution(&self) -> u64 {
        1
    }
    fn now(&self) -> u64 {
        0
    }
}

/// Drives wizer's snapshot future, which only reads the instance's memory and globals and never
/// waits, so no async runtime is needed.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
        std::thread::yield_now();
    }
}

/// Wasmtime's errors carry a chain and, for traps, a Wasm backtrace; one line is kept.
fn one_line(e: &wasmtime::Error) -> String {
    let text = format!("{e:#}");
    text.lines().next().unwrap_or("unknown failure").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::compile;
    use crate::link::link;
    use crate::source::Source;

    fn exports(wasm: &[u8]) -> Vec<String> {
        let mut names = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::ExportSection(r) = payload.unwrap() {
                names.extend(r.into_iter().map(|e| e.unwrap().name.to_owned()));
            }
        }
        names
    }

    #[test]
    fn snapshots_a_real_app() {
        let dir =
            std::env::temp_dir().join(format!("edgebox-snapshot-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let entry = dir.join("app.js");
        std::fs::write(&entry, "console.log('hello', Math.random() < 1);\n").unwrap();
        let source = Source::load(&entry, None).unwrap();
        let linked = link(crate::GUEST_WASM, &compile(&source).unwrap(), None).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();

        let snapshotted = snapshot(&linked).unwrap();
        wasmparser::Validator::new()
            .validate_all(&snapshotted.bytes)
            .unwrap();
        let names = exports(&snapshotted.bytes);
        assert!(names.iter().any(|n| n == "_start"), "exports: {names:?}");
        assert!(
            !names.iter().any(|n| n == Wizer::new().get_init_func()),
            "the init export is removed"
        );
        assert_eq!(
            crate::link::embedded_bytecode(&snapshotted.bytes).unwrap(),
            crate::link::embedded_bytecode(&linked.bytes).unwrap()
        );
        // Loading sees no clock, arguments or environment: the snapshot is reproducible.
        assert_eq!(snapshot(&linked).unwrap().bytes, snapshotted.bytes);
    }

    /// The memory an instance of `wasm` starts with, as Wasmtime builds it (no code runs: the
    /// snapshot has no start function).
    fn initial_memory(wasm: &[u8]) -> Vec<u8> {
        let mut config = Config::new();
        config.cranelift_opt_level(wasmtime::OptLevel::None);
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, wasm).unwrap();
        let mut linker: Linker<WasiP1Ctx> = Linker::new(&engine);
        p1::add_to_linker_sync(&mut linker, |ctx| ctx).unwrap();
        let mut store = Store::new(&engine, WasiCtxBuilder::new().build_p1());
        let instance = linker.instantiate(&mut store, &module).unwrap();
        instance
            .get_memory(&mut store, "memory")
            .unwrap()
            .data(&store)
            .to_vec()
    }

    #[test]
    fn merges_the_data_segments_into_few_with_the_same_memory() {
        let dir =
            std::env::temp_dir().join(format!("edgebox-segments-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let entry = dir.join("app.js");
        std::fs::write(&entry, "console.log([1, 2, 3].map((x) => x * 2));\n").unwrap();
        let source = Source::load(&entry, None).unwrap();
        let linked = link(crate::GUEST_WASM, &compile(&source).unwrap(), None).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();

        let prepared = without_app_data_drop(&linked.bytes).unwrap();
        let unmerged = wizer_snapshot(&prepared).unwrap();
        let merged = snapshot(&linked).unwrap().bytes;
        let (before, after) = (
            segments::active_count(&unmerged),
            segments::active_count(&merged),
        );
        assert!(
            before > 1000,
            "wizer's snapshot has {before} active segments; the merge may no longer be needed"
        );
        assert!(
            after <= 64,
            "{after} active data segments remain after merging"
        );
        // The module's own (passive) segments keep their indices: code names them.
        assert_eq!(
            segments::count(&merged).unwrap() - after as u32,
            segments::count(&prepared).unwrap()
        );
        assert_eq!(
            crate::link::embedded_bytecode(&merged).unwrap(),
            crate::link::embedded_bytecode(&linked.bytes).unwrap()
        );
        assert_eq!(
            segments::initial_memory(&merged),
            segments::initial_memory(&unmerged)
        );
        let memory = initial_memory(&merged);
        assert!(
            memory == initial_memory(&unmerged),
            "an instance's memory differs after merging"
        );
    }

    #[test]
    fn refuses_a_module_that_is_not_a_guest() {
        let not_a_guest = wasm_encoder::Module::new().finish();
        let err = snapshot(&GuestModule { bytes: not_a_guest }).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the guest module has no export `edgebox_app_copy`; it is not an EdgeBox guest"
        );
    }
}
