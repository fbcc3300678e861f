//! End-to-end checks of both WAMR execution paths: the fast interpreter on `.wasm`, and
//! `compile_aot` + the AOT loader on `.aot`. Guests are the `.wat` files in `tests/wat/`.

use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

use edgebox_wamr_compiler::{AotOptions, compile_aot};
use edgebox_wamr_sys::{Error, Module, ModuleKind, Runtime, WasiConfig};

/// Interpreter stack for the tests; AOT code uses the native stack.
const STACK_SIZE: u32 = 64 * 1024;
/// How long the spinning guest runs before it is terminated.
const SPIN_BEFORE_TERMINATE: Duration = Duration::from_millis(200);
/// Generous bound on how long termination may take before the test declares it broken.
const TERMINATE_DEADLINE: Duration = Duration::from_secs(20);

fn wasm(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/wat/{name}.wat", env!("CARGO_MANIFEST_DIR"));
    wat::parse_file(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[derive(Clone, Copy, Debug)]
enum Engine {
    Interp,
    Aot,
}

/// The module bytes as the given engine runs them.
fn binary(name: &str, engine: Engine) -> Vec<u8> {
    binary_with(name, engine, &AotOptions::default())
}

fn binary_with(name: &str, engine: Engine, options: &AotOptions) -> Vec<u8> {
    let wasm = wasm(name);
    match engine {
        Engine::Interp => wasm,
        Engine::Aot => compile_aot(&wasm, options).expect("compile_aot"),
    }
}

/// Runs `_start` with stdout captured; returns (exit result, stdout).
fn run(name: &str, engine: Engine) -> (Result<u32, Error>, String) {
    run_with(name, engine, &AotOptions::default())
}

fn run_with(name: &str, engine: Engine, options: &AotOptions) -> (Result<u32, Error>, String) {
    let bytes = binary_with(name, engine, options);
    let rt = Runtime::get().expect("runtime");
    let mut module = Module::load(rt, bytes.clone()).expect("load");
    let expected_kind = match engine {
        Engine::Interp => ModuleKind::Wasm,
        Engine::Aot => ModuleKind::Aot,
    };
    assert_eq!(module.kind(), expected_kind);
    let (mut reader, writer) = std::io::pipe().expect("pipe");
    module
        .set_wasi(WasiConfig {
            args: vec![name.to_owned()],
            stdout: Some(writer.into()),
            ..WasiConfig::default()
        })
        .expect("set_wasi");
    let result = {
        let instance = module.instantiate(STACK_SIZE, 0).expect("instantiate");
        instance.run_start()
    };
    drop(module); // closes our end of the pipe's write side
    let mut stdout = String::new();
    reader.read_to_string(&mut stdout).expect("read stdout");
    (result, stdout)
}

fn hello(engine: Engine) {
    let (result, stdout) = run("hello", engine);
    assert_eq!(
        result.expect("hello runs"),
        7,
        "{engine:?}: exit code from proc_exit"
    );
    assert_eq!(stdout, "hello from wamr\n", "{engine:?}: stdout");
}

#[test]
fn hello_interp() {
    hello(Engine::Interp);
}

#[test]
fn hello_aot() {
    hello(Engine::Aot);
}

#[test]
fn start_returning_exits_zero() {
    for engine in [Engine::Interp, Engine::Aot] {
        assert_eq!(run("returns", engine).0.expect("runs"), 0, "{engine:?}");
    }
}

#[test]
fn trap_is_reported() {
    for engine in [Engine::Interp, Engine::Aot] {
        match run("trap", engine).0 {
            Err(Error::Trap(msg)) => assert!(msg.contains("unreachable"), "{engine:?}: {msg}"),
            other => panic!("{engine:?}: expected a trap, got {other:?}"),
        }
    }
}

/// Unbounded recursion ends in a trap, never a crash. AOT code does not check the native
/// stack itself: it faults in WAMR's guard pages below the stack, and the runtime turns that
/// fault into a trap (see build.rs, `WAMR_DISABLE_STACK_HW_BOUND_CHECK`). Twice on one thread,
/// so the guard is still in place after the first overflow; then the thread is reused.
#[test]
fn unbounded_recursion_is_a_trap() {
    // The interpreter keeps wasm frames on its own stack, AOT code on the native one.
    for (engine, overflow) in [
        (Engine::Interp, "wasm operand stack overflow"),
        (Engine::Aot, "native stack overflow"),
    ] {
        for attempt in 1..=2 {
            match run("recurse", engine).0 {
                Err(Error::Trap(msg)) => assert!(
                    msg.contains(overflow),
                    "{engine:?}, attempt {attempt}: {msg}"
                ),
                other => panic!("{engine:?}, attempt {attempt}: expected a trap, got {other:?}"),
            }
        }
        assert_eq!(
            run("returns", engine).0.expect("runs after an overflow"),
            0,
            "{engine:?}"
        );
    }
}

/// Loads and stores of every type land where they should, after memory growth too, and an
/// access past the end traps: on the interpreter, on AOT code with the memory base in a
/// register, and on AOT code that addresses memory through GS (segue), which needs the
/// runtime to write GS before it enters the code (build.rs, patch_gs_base_when_writable).
#[test]
fn linear_memory_on_every_path() {
    let mut paths = vec![
        (Engine::Interp, AotOptions::default()),
        (Engine::Aot, AotOptions::default()),
    ];
    if edgebox_abi::cpu::gs_base_writable() {
        paths.push((
            Engine::Aot,
            AotOptions {
                segue: true,
                ..AotOptions::default()
            },
        ));
    } else {
        eprintln!("this machine cannot write GS from user space: segue code is not run here");
    }
    for (engine, options) in paths {
        let what = format!("{engine:?}, segue {}", options.segue);
        match run_with("memory", engine, &options).0 {
            Err(Error::Trap(msg)) => {
                assert!(msg.contains("out of bounds memory access"), "{what}: {msg}")
            }
            other => panic!("{what}: expected the final out-of-bounds trap, got {other:?}"),
        }
    }
}

#[test]
fn aot_output_is_wamr_aot() {
    let aot = binary("hello", Engine::Aot);
    assert_eq!(&aot[..4], b"\0aot", "WAMR AOT magic");
}

#[test]
fn bad_wasm_fails_to_compile() {
    let err = compile_aot(b"\0asm\x01\0\0\0garbage", &AotOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Load(_)), "{err}");
}

/// An infinite loop is stopped from another thread. AOT code has no suspend checks (by
/// default): `terminate` signals the running thread, and the handler leaves the AOT code.
/// `terminate` is repeated every millisecond, as the runner's watchdog does, when the guest
/// spends its time in host calls (where a signal is ignored).
fn terminate_spinning(name: &str, engine: Engine, options: &AotOptions, repeat: bool) {
    let bytes = binary_with(name, engine, options);
    let (terminator_tx, terminator_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    // The instance is not Send, so it lives and runs entirely on this thread.
    std::thread::spawn(move || {
        let module = Module::load(Runtime::get().expect("runtime"), bytes.clone()).expect("load");
        let instance = module.instantiate(STACK_SIZE, 0).expect("instantiate");
        terminator_tx
            .send(instance.terminator())
            .expect("send terminator");
        let _ = done_tx.send(instance.run_start());
    });
    let terminator = terminator_rx.recv().expect("terminator");
    std::thread::sleep(SPIN_BEFORE_TERMINATE);
    assert!(
        done_rx.try_recv().is_err(),
        "{name} {engine:?}: the spin loop returned on its own"
    );
    let started = std::time::Instant::now();
    let result = loop {
        terminator.terminate();
        let wait = if repeat {
            Duration::from_millis(1)
        } else {
            TERMINATE_DEADLINE
        };
        match done_rx.recv_timeout(wait) {
            Ok(result) => break result,
            Err(_) if started.elapsed() < TERMINATE_DEADLINE => {}
            Err(_) => {
                panic!("{name} {engine:?}: still running {TERMINATE_DEADLINE:?} after terminate()")
            }
        }
    };
    assert!(
        matches!(result, Err(Error::Terminated)),
        "{name} {engine:?}: expected Terminated, got {result:?}"
    );
}

#[test]
fn terminate_interp() {
    terminate_spinning("spin", Engine::Interp, &AotOptions::default(), false);
}

#[test]
fn terminate_aot() {
    terminate_spinning("spin", Engine::Aot, &AotOptions::default(), false);
}

#[test]
fn terminate_aot_in_and_out_of_host_calls() {
    terminate_spinning("spin-host", Engine::Aot, &AotOptions::default(), true);
}

#[test]
fn terminate_interp_in_and_out_of_host_calls() {
    terminate_spinning("spin-host", Engine::Interp, &AotOptions::default(), true);
}

/// AOT code compiled with suspend checks (no longer the default) stops as well, at a check or
/// by the signal, whichever comes first.
#[test]
fn terminate_aot_with_suspend_checks() {
    let options = AotOptions {
        suspend_checks: true,
        ..AotOptions::default()
    };
    terminate_spinning("spin", Engine::Aot, &options, false);
}

/// Memory at exactly `addr` holding `bytes`, as `edgebox` maps a prelinked file there.
struct AtAddress {
    ptr: *mut u8,
    len: usize,
}

impl AtAddress {
    fn new(addr: usize, bytes: &[u8]) -> AtAddress {
        // SAFETY: MAP_FIXED_NOREPLACE never replaces an existing mapping.
        let ptr = unsafe {
            libc::mmap(
                addr as *mut libc::c_void,
                bytes.len(),
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE,
                -1,
                0,
            )
        };
        assert_eq!(ptr as usize, addr, "cannot map at {addr:#x}");
        let mut mem = AtAddress {
            ptr: ptr.cast(),
            len: bytes.len(),
        };
        mem.as_mut().copy_from_slice(bytes);
        mem
    }
}

impl AsMut<[u8]> for AtAddress {
    fn as_mut(&mut self) -> &mut [u8] {
        // SAFETY: mapped read-write in `new` for this value's life.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl Drop for AtAddress {
    fn drop(&mut self) {
        // SAFETY: mapped in `new`.
        unsafe { libc::munmap(self.ptr.cast(), self.len) };
    }
}

/// Runs `_start` of a loaded module (no WASI stdio).
fn exit_code(mut module: Module) -> Result<u32, Error> {
    module.set_wasi(WasiConfig::default()).expect("set_wasi");
    let instance = module.instantiate(STACK_SIZE, 0).expect("instantiate");
    instance.run_start()
}

/// Whether some page in [start, start+len) is mapped executable (the prelinked code runs from
/// the buffer it was loaded from, instead of a copy).
fn executable_pages_in(start: usize, len: usize) -> bool {
    std::fs::read_to_string("/proc/self/maps")
        .expect("/proc/self/maps")
        .lines()
        .any(|line| {
            let (range, rest) = line.split_once(' ').unwrap();
            let (lo, hi) = range.split_once('-').unwrap();
            let (lo, hi) = (
                usize::from_str_radix(lo, 16).unwrap(),
                usize::from_str_radix(hi, 16).unwrap(),
            );
            rest.starts_with("r-x") && lo < start + len && hi > start
        })
}

/// A prelinked `.aot` (edgebox_wamr_sys::prelink) runs the same wherever it is loaded: at the
/// address it was linked for (code used in place, relocations skipped), at that address with
/// its data address taken (code relocated in place), and anywhere else (copied and relocated
/// as usual, over the prelinked bytes).
#[test]
fn prelinked_aot_runs_in_place_and_elsewhere() {
    use edgebox_wamr_sys::prelink::{MAP_BASE, prelink};
    const PAYLOAD_OFFSET: usize = 4096;
    let rt = Runtime::get().expect("runtime");
    let aot = binary("prelink", Engine::Aot);
    assert_eq!(
        exit_code(Module::load(rt, aot.clone()).expect("load plain")).unwrap(),
        124,
        "the plain .aot"
    );
    let linked = prelink(rt, &aot, PAYLOAD_OFFSET, 0).expect("prelink");
    assert_ne!(linked, aot);
    let again = prelink(rt, &aot, PAYLOAD_OFFSET, 0).expect("prelink again");
    assert!(linked == again, "prelinking is deterministic");
    assert!(
        prelink(rt, &linked, PAYLOAD_OFFSET, 0).is_err(),
        "refuses to prelink twice"
    );
    assert!(
        prelink(rt, &aot, 100, 0).is_err(),
        "refuses an unaligned payload"
    );

    // Elsewhere: an ordinary heap buffer.
    let elsewhere = Module::load(rt, linked.clone()).expect("load elsewhere");
    assert_eq!(exit_code(elsewhere).unwrap(), 124, "loaded elsewhere");

    // In place.
    let addr = MAP_BASE + PAYLOAD_OFFSET;
    let module = Module::load(rt, AtAddress::new(addr, &linked)).expect("load in place");
    assert!(
        executable_pages_in(addr, linked.len()),
        "the code runs from the loaded buffer"
    );
    assert_eq!(exit_code(module).unwrap(), 124, "in place");
    assert!(!executable_pages_in(addr, linked.len()), "unloaded");

    // In place, with the data sections' address taken: the marker holds it (after the
    // "EBPL" subtype and the state).
    let marker = linked
        .windows(4)
        .position(|w| w == b"EBPL")
        .expect("marker");
    let data_addr = u64::from_le_bytes(linked[marker + 16..marker + 24].try_into().unwrap());
    let squatter = AtAddress::new(data_addr as usize, &[0; 4096]);
    let module = Module::load(rt, AtAddress::new(addr, &linked)).expect("load, data taken");
    assert_eq!(exit_code(module).unwrap(), 124, "in place, data elsewhere");
    drop(squatter);
}
