//! WAMR 2.4.3 built from source, with a small safe API.
//!
//! * Runtime (always): AOT loader + fast interpreter, WASI preview1 (libc-wasi), thread
//!   manager and a stop signal (so [`Terminator::terminate`] can stop running code),
//!   guard-page bounds checks.
//! * The AOT compiler is a separate crate, `edgebox-wamr-compiler`, so that the runner never
//!   links LLVM (a cargo feature would be unified into the runner by a workspace build).
//!
//! This crate holds no policy (capabilities, limits): it is the engine's raw mechanism.
//! The raw declarations live in `ffi`; every `unsafe` block is in this file or that one.

mod ffi;
pub mod prelink;

use std::ffi::{CStr, CString, c_char};
use std::marker::PhantomData;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

/// WAMR writes load/instantiate errors into a caller buffer; 128 bytes is what `iwasm` uses.
/// The most native stack WAMR lets code use on one thread (its `APP_THREAD_STACK_SIZE_MAX`, set
/// by build.rs). Run guests on a thread with at least this much stack plus room for the host.
pub const MAX_NATIVE_STACK: usize = 256 * 1024 * 1024;

/// The engine named in the envelope of `.aot` files this build compiles and runs: WAMR's
/// version and a fingerprint of this runtime build (its patched AOT sources and options, see
/// `runtime_fingerprint` in build.rs). Prelinked code is only correct on the same build.
pub fn engine_name() -> String {
    format!("wamr 2.4.3+{}", env!("EDGEBOX_WAMR_RUNTIME_FINGERPRINT"))
}

const ERROR_BUF_LEN: usize = 128;
/// The exception WAMR's libc-wasi raises to unwind `proc_exit`; it is a normal exit.
const PROC_EXIT_EXCEPTION: &str = "wasi proc exit";
/// The exception `wasm_runtime_terminate` raises.
const TERMINATED_EXCEPTION: &str = "terminated by user";
/// The signal [`Terminator::terminate`] sends the thread running an instance to stop its AOT
/// code (`cmake/runtime/edgebox_stop_signal.c`). WAMR itself uses SIGUSR1 to wake threads
/// from blocking WASI calls.
const STOP_SIGNAL: std::ffi::c_int = libc::SIGUSR2;

/// Errors from WAMR, with WAMR's own message.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("WAMR runtime initialisation failed")]
    Init,
    #[error("module is {0} bytes; WAMR loads at most 4 GiB")]
    TooLarge(usize),
    #[error("loading module failed: {0}")]
    Load(String),
    #[error("instantiating module failed: {0}")]
    Instantiate(String),
    #[error("module has no exported function `{0}`")]
    MissingExport(String),
    #[error("string for WASI contains a NUL byte: {0:?}")]
    NulInString(String),
    #[error("wasm trapped: {0}")]
    Trap(String),
    #[error("execution was terminated")]
    Terminated,
    #[error("AOT compilation failed: {0}")]
    Compile(String),
}

/// The process-wide WAMR runtime. WAMR keeps global state, so this is a token proving
/// `wasm_runtime_init` ran; get it with [`Runtime::get`].
#[derive(Clone, Copy, Debug)]
pub struct Runtime {
    _private: (),
}

impl Runtime {
    /// Initialises WAMR on first use (system allocator, default settings).
    pub fn get() -> Result<Runtime, Error> {
        static INIT: OnceLock<bool> = OnceLock::new();
        let ok = *INIT.get_or_init(|| {
            // SAFETY: wasm_runtime_init has no preconditions; OnceLock runs it exactly once.
            // It also sets up the calling thread's env (guard pages at the bottom of this
            // thread's stack). Drop that straight away: if this thread exited without undoing
            // it, glibc would hand the still-protected stack to the next thread and crash it.
            // `ensure_thread_env` then treats every thread alike, this one included.
            unsafe {
                let ok = ffi::wasm_runtime_init();
                if ok {
                    ffi::wasm_runtime_destroy_thread_env();
                }
                // SAFETY: installs a process-wide handler for a signal nothing else here uses.
                ok && ffi::edgebox_wamr_install_stop_signal(STOP_SIGNAL) == 0
            }
        });
        if ok {
            Ok(Runtime { _private: () })
        } else {
            Err(Error::Init)
        }
    }
}

/// Ensures the calling thread has WAMR's per-thread state (signal handlers and stack
/// guard for the hardware bounds checks); freed when the thread exits.
fn ensure_thread_env() -> Result<(), Error> {
    struct ThreadEnv;
    impl Drop for ThreadEnv {
        fn drop(&mut self) {
            // SAFETY: only created after a successful wasm_runtime_init_thread_env on this thread.
            unsafe { ffi::wasm_runtime_destroy_thread_env() }
        }
    }
    thread_local!(static THREAD_ENV: std::cell::OnceCell<Option<ThreadEnv>> = const { std::cell::OnceCell::new() });
    THREAD_ENV.with(|cell| {
        let env = cell.get_or_init(|| {
            // SAFETY: the runtime is initialised (callers hold a `Runtime`); the thread that
            // ran wasm_runtime_init already has an env, which the check detects.
            unsafe {
                if ffi::wasm_runtime_thread_env_inited() {
                    None
                } else if ffi::wasm_runtime_init_thread_env() {
                    Some(ThreadEnv)
                } else {
                    None
                }
            }
        });
        // SAFETY: a plain query of thread-local state.
        if env.is_some() || unsafe { ffi::wasm_runtime_thread_env_inited() } {
            Ok(())
        } else {
            Err(Error::Init)
        }
    })
}

/// What kind of binary a module was loaded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    /// A `.wasm`, run by the fast interpreter.
    Wasm,
    /// A WAMR `.aot`, run natively.
    Aot,
}

/// WASI preview1 settings for a module's instances.
#[derive(Debug, Default)]
pub struct WasiConfig {
    /// `argv`, including the program name.
    pub args: Vec<String>,
    /// Environment variables.
    pub env: Vec<(String, String)>,
    /// Host directories preopened under the same path.
    pub preopen_dirs: Vec<PathBuf>,
    /// `(guest path, host path)` preopens.
    pub mapped_dirs: Vec<(String, PathBuf)>,
    /// Descriptors for the guest's fd 0/1/2; `None` inherits the host's.
    /// They stay open for as long as the [`Module`] lives (WAMR never closes them).
    pub stdin: Option<OwnedFd>,
    pub stdout: Option<OwnedFd>,
    pub stderr: Option<OwnedFd>,
}

/// C strings handed to `wasm_runtime_set_wasi_args_ex`, which keeps the pointers (not
/// copies) until instantiation, so they live as long as the module.
struct WasiStorage {
    _strings: Vec<CString>,
    dirs: Vec<*const c_char>,
    map_dirs: Vec<*const c_char>,
    env: Vec<*const c_char>,
    argv: Vec<*mut c_char>,
    _stdio: [Option<OwnedFd>; 3],
}

/// A loaded module (`.wasm` or `.aot`).
pub struct Module {
    raw: ffi::WasmModule,
    kind: ModuleKind,
    wasi: Option<Box<WasiStorage>>,
    /// WAMR's loaders keep pointers into the buffer (and may patch it), so it lives here.
    _bytes: Box<dyn AsMut<[u8]>>,
}

impl Module {
    /// Loads a `.wasm` or a WAMR `.aot` (detected from the header). WAMR keeps pointers into the
    /// buffer for the module's lifetime, so the module takes its owner (a `Vec<u8>`, a boxed
    /// slice, a file mapping: anything whose bytes stay where they are while it lives).
    pub fn load(_rt: Runtime, bytes: impl AsMut<[u8]> + 'static) -> Result<Module, Error> {
        let mut owned: Box<dyn AsMut<[u8]>> = Box::new(bytes);
        let buf = (*owned).as_mut();
        let len = u32::try_from(buf.len()).map_err(|_| Error::TooLarge(buf.len()))?;
        // SAFETY: `owned` is valid for `len` bytes.
        let kind = match unsafe { ffi::wasm_runtime_get_file_package_type(buf.as_ptr(), len) } {
            ffi::WASM_MODULE_BYTECODE => ModuleKind::Wasm,
            ffi::WASM_MODULE_AOT => ModuleKind::Aot,
            _ => return Err(Error::Load("neither a wasm nor a WAMR AOT binary".into())),
        };
        let mut err = [0 as c_char; ERROR_BUF_LEN];
        // SAFETY: the buffer is valid, writable and outlives the module (its owner is stored in
        // `_bytes` and does not move it); `err` is ERROR_BUF_LEN long.
        let raw = unsafe {
            ffi::wasm_runtime_load(
                buf.as_mut_ptr(),
                len,
                err.as_mut_ptr(),
                ERROR_BUF_LEN as u32,
            )
        };
        if raw.is_null() {
            return Err(Error::Load(c_buf_to_string(&err)));
        }
        Ok(Module {
            raw,
            kind,
            wasi: None,
            _bytes: owned,
        })
    }

    pub fn kind(&self) -> ModuleKind {
        self.kind
    }

    /// Sets WASI arguments, environment, preopens and stdio for later instantiations.
    pub fn set_wasi(&mut self, config: WasiConfig) -> Result<(), Error> {
        let cstr = |s: &str| CString::new(s).map_err(|_| Error::NulInString(s.to_owned()));
        let dirs: Vec<CString> = config
            .preopen_dirs
            .iter()
            .map(|d| cstr(&d.to_string_lossy()))
            .collect::<Result<_, _>>()?;
        let map_dirs: Vec<CString> = config
            .mapped_dirs
            .iter()
            .map(|(guest, host)| cstr(&format!("{guest}::{}", host.to_string_lossy())))
            .collect::<Result<_, _>>()?;
        let env: Vec<CString> = config
            .env
            .iter()
            .map(|(k, v)| cstr(&format!("{k}={v}")))
            .collect::<Result<_, _>>()?;
        let args: Vec<CString> = config
            .args
            .iter()
            .map(|a| cstr(a))
            .collect::<Result<_, _>>()?;

        let fd = |f: &Option<OwnedFd>| f.as_ref().map_or(-1, |f| i64::from(f.as_raw_fd()));
        let stdio_fds = [fd(&config.stdin), fd(&config.stdout), fd(&config.stderr)];
        let mut storage = Box::new(WasiStorage {
            dirs: dirs.iter().map(|s| s.as_ptr()).collect(),
            map_dirs: map_dirs.iter().map(|s| s.as_ptr()).collect(),
            env: env.iter().map(|s| s.as_ptr()).collect(),
            argv: args.iter().map(|s| s.as_ptr().cast_mut()).collect(),
            _strings: dirs
                .into_iter()
                .chain(map_dirs)
                .chain(env)
                .chain(args)
                .collect(),
            _stdio: [config.stdin, config.stdout, config.stderr],
        });
        // SAFETY: all pointer arrays and the strings they point to are owned by `storage`,
        // which the module keeps until it is unloaded (CString heap buffers do not move when
        // the CStrings are moved into `_strings`). WAMR never writes through `argv`.
        unsafe {
            ffi::wasm_runtime_set_wasi_args_ex(
                self.raw,
                storage.dirs.as_ptr(),
                storage.dirs.len() as u32,
                storage.map_dirs.as_ptr(),
                storage.map_dirs.len() as u32,
                storage.env.as_ptr(),
                storage.env.len() as u32,
                storage.argv.as_mut_ptr(),
                storage.argv.len() as i32,
                stdio_fds[0],
                stdio_fds[1],
                stdio_fds[2],
            );
        }
        self.wasi = Some(storage);
        Ok(())
    }

    /// Instantiates the module. `stack_size` is the wasm operand/frame stack for the
    /// interpreter (AOT code runs on the native stack); `heap_size` is WAMR's app heap inside
    /// linear memory (0 for WASI programs, which bring their own malloc).
    pub fn instantiate(&self, stack_size: u32, heap_size: u32) -> Result<Instance<'_>, Error> {
        self.instantiate_limited(stack_size, heap_size, None)
    }

    /// Like [`Module::instantiate`], with linear memory capped at `max_memory_pages` (64 KiB
    /// pages; `None` = the module's own maximum). A refused `memory.grow` is recorded: see
    /// [`Instance::memory_grow_refused`].
    pub fn instantiate_limited(
        &self,
        stack_size: u32,
        heap_size: u32,
        max_memory_pages: Option<u32>,
    ) -> Result<Instance<'_>, Error> {
        ensure_thread_env()?;
        install_grow_callback();
        let args = ffi::InstantiationArgs {
            default_stack_size: stack_size,
            host_managed_heap_size: heap_size,
            // WAMR reads 0 as "no cap beyond the module's".
            max_memory_pages: max_memory_pages.unwrap_or(0),
        };
        let mut err = [0 as c_char; ERROR_BUF_LEN];
        // SAFETY: `self.raw` is a live module; `args` outlives the call; `err` is ERROR_BUF_LEN
        // long.
        let raw = unsafe {
            ffi::wasm_runtime_instantiate_ex(
                self.raw,
                &args,
                err.as_mut_ptr(),
                ERROR_BUF_LEN as u32,
            )
        };
        if raw.is_null() {
            return Err(Error::Instantiate(c_buf_to_string(&err)));
        }
        Ok(Instance {
            shared: Arc::new(InstanceShared {
                raw: Mutex::new(raw),
                running_on: Mutex::new(None),
            }),
            stack_size,
            _module: PhantomData,
        })
    }
}

impl Drop for Module {
    fn drop(&mut self) {
        // SAFETY: `raw` came from wasm_runtime_load; instances borrow the module, so none
        // is alive here.
        unsafe { ffi::wasm_runtime_unload(self.raw) }
    }
}

/// The instance pointer, shared with [`Terminator`]s; null once deinstantiated.
struct InstanceShared {
    raw: Mutex<ffi::WasmModuleInst>,
    /// The thread running the instance's code, while a call is in progress. A terminator
    /// signals it only under this lock, and the call clears it under the lock before its
    /// thread can go away, so the signal never reaches a thread that has exited.
    running_on: Mutex<Option<libc::pthread_t>>,
}

impl InstanceShared {
    fn running_on(&self) -> std::sync::MutexGuard<'_, Option<libc::pthread_t>> {
        self.running_on.lock().unwrap_or_else(|e| e.into_inner())
    }
}

// SAFETY: the pointer is only dereferenced by WAMR; cross-thread use is limited to
// `wasm_runtime_terminate`, which WAMR makes thread-safe (cluster lock), and the mutex makes
// it impossible to race with deinstantiation.
unsafe impl Send for InstanceShared {}
unsafe impl Sync for InstanceShared {}

/// Instances whose `memory.grow` WAMR refused (by address). WAMR's callback is process-wide, so
/// the instances are told apart here.
static GROW_REFUSED: Mutex<Vec<usize>> = Mutex::new(Vec::new());

unsafe extern "C" fn on_grow_refused(
    _inc_pages: u32,
    _current_size: u64,
    _memory_index: u32,
    _reason: std::ffi::c_int,
    instance: ffi::WasmModuleInst,
    _exec_env: ffi::WasmExecEnv,
    _user_data: *mut std::ffi::c_void,
) {
    GROW_REFUSED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(instance as usize);
}

fn install_grow_callback() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // SAFETY: the callback only records an address; user data is unused.
        unsafe {
            ffi::wasm_runtime_set_enlarge_mem_error_callback(
                Some(on_grow_refused),
                std::ptr::null_mut(),
            )
        }
    });
}

/// A module instance. Not `Send`: WAMR ties execution to the thread's environment.
pub struct Instance<'m> {
    shared: Arc<InstanceShared>,
    stack_size: u32,
    _module: PhantomData<&'m Module>,
}

impl Instance<'_> {
    fn raw(&self) -> ffi::WasmModuleInst {
        *self.shared.raw.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs the WASI command entry point `_start`. Returns the exit code (`proc_exit`'s
    /// argument, 0 if `_start` returns).
    pub fn run_start(&self) -> Result<u32, Error> {
        self.call_void("_start")
    }

    /// Calls an exported `() -> ()` function; `proc_exit` counts as a normal exit.
    pub fn call_void(&self, name: &str) -> Result<u32, Error> {
        ensure_thread_env()?;
        let raw = self.raw();
        let c_name = CString::new(name).map_err(|_| Error::NulInString(name.to_owned()))?;
        // SAFETY: `raw` is live for `&self`; `c_name` is NUL-terminated.
        let func = unsafe { ffi::wasm_runtime_lookup_function(raw, c_name.as_ptr()) };
        if func.is_null() {
            return Err(Error::MissingExport(name.to_owned()));
        }
        // SAFETY: `raw` is live; the exec env is destroyed below, before `raw` can be.
        let exec_env = unsafe { ffi::wasm_runtime_create_exec_env(raw, self.stack_size) };
        if exec_env.is_null() {
            return Err(Error::Instantiate(
                "cannot create execution environment".into(),
            ));
        }
        // SAFETY: pthread_self has no preconditions.
        *self.shared.running_on() = Some(unsafe { libc::pthread_self() });
        // SAFETY: `func` belongs to `raw`, takes no parameters and returns nothing, so a null
        // argv with argc 0 is valid.
        let ok = unsafe { ffi::wasm_runtime_call_wasm(exec_env, func, 0, std::ptr::null_mut()) };
        *self.shared.running_on() = None;
        // SAFETY: created above, no longer used.
        unsafe { ffi::wasm_runtime_destroy_exec_env(exec_env) };
        if ok {
            // SAFETY: `raw` is live.
            return Ok(unsafe { ffi::wasm_runtime_get_wasi_exit_code(raw) });
        }
        let exception = self.exception().unwrap_or_default();
        if exception.ends_with(PROC_EXIT_EXCEPTION) {
            // SAFETY: `raw` is live.
            Ok(unsafe { ffi::wasm_runtime_get_wasi_exit_code(raw) })
        } else if exception.ends_with(TERMINATED_EXCEPTION) {
            Err(Error::Terminated)
        } else {
            Err(Error::Trap(exception))
        }
    }

    /// The pending exception, as WAMR words it (e.g. `Exception: unreachable`).
    pub fn exception(&self) -> Option<String> {
        // SAFETY: `raw` is live; WAMR returns null or a NUL-terminated string inside the
        // instance, copied out before anything else can touch it.
        unsafe {
            let msg = ffi::wasm_runtime_get_exception(self.raw());
            (!msg.is_null()).then(|| CStr::from_ptr(msg).to_string_lossy().into_owned())
        }
    }

    /// Clears the pending exception so the instance can be called again.
    pub fn clear_exception(&self) {
        // SAFETY: `raw` is live.
        unsafe { ffi::wasm_runtime_clear_exception(self.raw()) }
    }

    /// Whether WAMR refused a `memory.grow` of this instance (e.g. the page cap was reached).
    pub fn memory_grow_refused(&self) -> bool {
        let raw = self.raw() as usize;
        GROW_REFUSED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&raw)
    }

    /// The counters of PGO-instrumented AOT code (`AotOptions::pgo_instrument` of
    /// edgebox-wamr-compiler) as an LLVM raw profile; `None` for code without them.
    pub fn pgo_profile(&self) -> Option<Vec<u8>> {
        // SAFETY: `raw` is live; no wasm code runs on this thread meanwhile.
        let size = unsafe { ffi::wasm_runtime_get_pgo_prof_data_size(self.raw()) };
        if size == 0 {
            return None;
        }
        let mut buf = vec![0u8; size as usize];
        // SAFETY: `buf` holds `size` writable bytes.
        let written = unsafe {
            ffi::wasm_runtime_dump_pgo_prof_data_to_buf(self.raw(), buf.as_mut_ptr().cast(), size)
        };
        buf.truncate(written as usize);
        (written > 0).then_some(buf)
    }

    /// The instance's linear memory (its default memory) as it is now: `None` when it has
    /// none. The slice is valid until the memory grows or the instance goes; no wasm code may
    /// run while it is used (it is not a Rust-owned buffer: the guest writes it too).
    #[allow(clippy::mut_from_ref)] // the memory is WAMR's, not borrowed from `self`'s fields
    pub fn linear_memory(&self) -> Option<&mut [u8]> {
        // SAFETY: `raw` is live; WAMR returns null for an instance without memory.
        let memory = unsafe { ffi::wasm_runtime_get_default_memory(self.raw()) };
        if memory.is_null() {
            return None;
        }
        // SAFETY: `memory` belongs to the live instance.
        let (base, pages, page_size) = unsafe {
            (
                ffi::wasm_memory_get_base_address(memory),
                ffi::wasm_memory_get_cur_page_count(memory),
                ffi::wasm_memory_get_bytes_per_page(memory),
            )
        };
        let len = usize::try_from(pages.checked_mul(page_size)?).ok()?;
        if base.is_null() || len == 0 {
            return None;
        }
        // SAFETY: WAMR maps `len` bytes readable and writable at `base` for the instance's
        // current memory size; the caller keeps to the rules above.
        Some(unsafe { std::slice::from_raw_parts_mut(base.cast::<u8>(), len) })
    }

    /// The current value of the exported mutable `i64` global `name`; `None` if there is no
    /// such export (or it is not a mutable i64).
    pub fn global_i64(&self, name: &str) -> Option<i64> {
        let data = self.mutable_i64_global(name)?;
        // SAFETY: WAMR's global storage for an i64 global holds 8 bytes, not necessarily
        // aligned; the instance is alive and no wasm code runs on this thread meanwhile.
        Some(unsafe { data.read_unaligned() })
    }

    /// Sets the exported mutable `i64` global `name`; `false` if there is no such export.
    pub fn set_global_i64(&self, name: &str, value: i64) -> bool {
        let Some(data) = self.mutable_i64_global(name) else {
            return false;
        };
        // SAFETY: as in `global_i64`; the global is mutable, so wasm code reads it from this
        // storage (AOT and interpreter alike) rather than from a constant.
        unsafe { data.write_unaligned(value) };
        true
    }

    fn mutable_i64_global(&self, name: &str) -> Option<*mut i64> {
        let c_name = CString::new(name).ok()?;
        let mut inst = ffi::GlobalInst {
            kind: 0,
            is_mutable: false,
            global_data: std::ptr::null_mut(),
        };
        // SAFETY: `raw` is live; `c_name` is NUL-terminated; `inst` is a valid out-parameter.
        let found = unsafe {
            ffi::wasm_runtime_get_export_global_inst(self.raw(), c_name.as_ptr(), &mut inst)
        };
        (found && inst.kind == ffi::WASM_I64 && inst.is_mutable && !inst.global_data.is_null())
            .then(|| inst.global_data.cast::<i64>())
    }

    /// A handle that can stop this instance's running code from any thread.
    pub fn terminator(&self) -> Terminator {
        Terminator {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl Drop for Instance<'_> {
    fn drop(&mut self) {
        let mut raw = self.shared.raw.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: `raw` came from wasm_runtime_instantiate and is nulled under the lock, so
        // no Terminator can use it afterwards.
        unsafe { ffi::wasm_runtime_deinstantiate(*raw) };
        GROW_REFUSED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|p| *p != *raw as usize);
        *raw = std::ptr::null_mut();
    }
}

/// Stops an [`Instance`]'s running code from another thread; the call then returns
/// [`Error::Terminated`]. The interpreter notices at its next branch. AOT code carries no
/// checks (they cost 17 % of QuickJS's interpreter loop): the running thread gets
/// `STOP_SIGNAL`, whose handler leaves the AOT code if that is where the signal landed. A
/// signal that lands in a host call (WASI, WAMR's helpers) is ignored so that no host state is
/// left half-changed, so **call `terminate` again** until the call has returned; a millisecond
/// apart is plenty. Once the instance is dropped it is a no-op; on an idle instance it only
/// records the "terminated" exception (call [`Instance::clear_exception`] before reusing it).
#[derive(Clone)]
pub struct Terminator {
    shared: Arc<InstanceShared>,
}

impl Terminator {
    pub fn terminate(&self) {
        let raw = self.shared.raw.lock().unwrap_or_else(|e| e.into_inner());
        if raw.is_null() {
            return;
        }
        // SAFETY: non-null means the instance is alive, and the lock keeps it so. This sets
        // the flag the stop signal's handler checks, so it must come first.
        unsafe { ffi::wasm_runtime_terminate(*raw) }
        let running_on = self.shared.running_on();
        if let Some(thread) = *running_on {
            // SAFETY: the thread is inside `call_void`, which cannot clear `running_on` (and
            // so cannot return and exit) while we hold the lock.
            unsafe { libc::pthread_kill(thread, STOP_SIGNAL) };
        }
    }
}

fn c_buf_to_string(buf: &[c_char]) -> String {
    let bytes: Vec<u8> = buf
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}
