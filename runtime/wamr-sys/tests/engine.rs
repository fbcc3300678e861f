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

/// An infinite loop is stopped from another thread; for AOT this only works because
/// `compile_aot` emits suspend checks (see build.rs, `patch_suspend_checks`).
fn terminate_spinning(engine: Engine) {
    let bytes = binary("spin", engine);
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
        "{engine:?}: the spin loop returned on its own"
    );
    terminator.terminate();
    match done_rx.recv_timeout(TERMINATE_DEADLINE) {
        Ok(Err(Error::Terminated)) => {}
        Ok(other) => panic!("{engine:?}: expected Terminated, got {other:?}"),
        Err(_) => panic!("{engine:?}: still running {TERMINATE_DEADLINE:?} after terminate()"),
    }
}

#[test]
fn terminate_interp() {
    terminate_spinning(Engine::Interp);
}

#[test]
fn terminate_aot() {
    terminate_spinning(Engine::Aot);
}
