//! WAMR's AOT compiler (`core/iwasm/compilation`, API `aot_export.h`) on LLVM 19.
//!
//! The compiler runs on its own compiler-mode copy of WAMR's loader (`wamrc`'s `vmlib`),
//! whose symbols build.rs renamed to `ebwc_*`; hence the `link_name`s below. That copy has its
//! own global state, separate from the runtime's.

use std::ffi::{CStr, c_char, c_void};
use std::sync::Mutex;

use edgebox_wamr_sys::Error;

/// Identifies the compiler's patched sources (see build.rs): part of every native-code cache
/// key, so a changed WAMR patch never reuses code the old compiler made.
pub const SOURCE_FINGERPRINT: &str = env!("EDGEBOX_WAMRC_FINGERPRINT");

/// WAMR writes load errors into a caller buffer; 128 bytes is what `iwasm` uses.
const ERROR_BUF_LEN: usize = 128;

/// `AOTCallStackFeatures` (aot_comp_option.h).
#[repr(C)]
#[derive(Default)]
struct CallStackFeatures {
    bounds_checks: bool,
    ip: bool,
    func_idx: bool,
    trap_ip: bool,
    values: bool,
    frame_per_function: bool,
}

/// `AOTCompOption` (aot_comp_option.h, WAMR 2.4.3). Field order is ABI.
#[repr(C)]
struct CompOption {
    is_jit_mode: bool,
    is_indirect_mode: bool,
    target_arch: *mut c_char,
    target_abi: *mut c_char,
    target_cpu: *mut c_char,
    cpu_features: *mut c_char,
    is_sgx_platform: bool,
    enable_bulk_memory: bool,
    enable_bulk_memory_opt: bool,
    enable_thread_mgr: bool,
    enable_tail_call: bool,
    enable_simd: bool,
    enable_ref_types: bool,
    enable_call_indirect_overlong: bool,
    enable_gc: bool,
    enable_aux_stack_check: bool,
    enable_extended_const: bool,
    enable_lime1: bool,
    /// `AOTStackFrameType`; 0 = `AOT_STACK_FRAME_OFF`.
    aux_stack_frame_type: u32,
    call_stack_features: CallStackFeatures,
    enable_perf_profiling: bool,
    enable_memory_profiling: bool,
    disable_llvm_intrinsics: bool,
    disable_llvm_jump_tables: bool,
    disable_llvm_lto: bool,
    enable_llvm_pgo: bool,
    enable_stack_estimation: bool,
    quick_invoke_c_api_import: bool,
    enable_shared_heap: bool,
    enable_shared_chain: bool,
    use_prof_file: *mut c_char,
    opt_level: u32,
    size_level: u32,
    output_format: u32,
    bounds_checks: u32,
    stack_bounds_checks: u32,
    segue_flags: u32,
    custom_sections: *mut *mut c_char,
    custom_sections_count: u32,
    stack_usage_file: *const c_char,
    llvm_passes: *const c_char,
    builtin_intrinsics: *const c_char,
}

/// WAMR's name for this machine's architecture, used with an explicit `target_cpu`.
#[cfg(target_arch = "x86_64")]
const HOST_ARCH: &CStr = c"x86_64";
#[cfg(target_arch = "aarch64")]
const HOST_ARCH: &CStr = c"aarch64";

/// `AOT_FORMAT_FILE` (aot_export.h).
const AOT_FORMAT_FILE: u32 = 0;
/// `bounds_checks`/`stack_bounds_checks` values: 0 off, 1 on.
/// WAMR's segue flags: bits 0..=4 pick the loads (i32, i64, f32, f64, v128) and bits 8..=12 the
/// stores of the same types that go through GS.
const SEGUE_ALL_LOADS_AND_STORES: u32 = 0x1f1f;
const CHECKS_OFF: u32 = 0;
const CHECKS_ON: u32 = 1;

unsafe extern "C" {
    #[link_name = "ebwc_wasm_runtime_init"]
    fn wasm_runtime_init() -> bool;
    #[link_name = "ebwc_wasm_runtime_load"]
    fn wasm_runtime_load(buf: *mut u8, size: u32, err: *mut c_char, err_size: u32) -> *mut c_void;
    #[link_name = "ebwc_wasm_runtime_unload"]
    fn wasm_runtime_unload(module: *mut c_void);
    #[link_name = "ebwc_aot_create_comp_data"]
    fn aot_create_comp_data(module: *mut c_void, arch: *const c_char, gc: bool) -> *mut c_void;
    #[link_name = "ebwc_aot_destroy_comp_data"]
    fn aot_destroy_comp_data(data: *mut c_void);
    #[link_name = "ebwc_aot_create_comp_context"]
    fn aot_create_comp_context(data: *mut c_void, option: *mut CompOption) -> *mut c_void;
    #[link_name = "ebwc_aot_destroy_comp_context"]
    fn aot_destroy_comp_context(ctx: *mut c_void);
    #[link_name = "ebwc_aot_compile_wasm"]
    fn aot_compile_wasm(ctx: *mut c_void) -> bool;
    #[link_name = "ebwc_aot_emit_aot_file_buf"]
    fn aot_emit_aot_file_buf(ctx: *mut c_void, data: *mut c_void, size: *mut u32) -> *mut u8;
    // aot_export.h declares aot_destroy_aot_file, but 2.4.3 never defines it; the buffer
    // comes from wasm_runtime_malloc, so it goes back through wasm_runtime_free.
    #[link_name = "ebwc_wasm_runtime_free"]
    fn wasm_runtime_free(ptr: *mut c_void);
    #[link_name = "ebwc_aot_get_last_error"]
    fn aot_get_last_error() -> *mut c_char;
}

/// How to compile. `Default` is what EdgeBox ships, except for `segue`, which depends on the
/// machine: `-O3`, size level 3 (small code model, WAMR's default), host CPU, suspend checks
/// on, no software bounds checks.
#[derive(Clone, Debug)]
pub struct AotOptions {
    /// LLVM optimisation level, 0..=3.
    pub opt_level: u32,
    /// LLVM size level, 0..=3 (also picks the code model; 3 = small, WAMR's default).
    pub size_level: u32,
    /// LLVM CPU name (e.g. `x86-64-v3`); `None` = the host CPU. AOT files built for the host
    /// may use instructions other machines lack.
    pub target_cpu: Option<String>,
    /// Emit software memory bounds checks. Off by default (as in wamrc on 64-bit hosts): the
    /// runtime keeps hardware bounds checks (guard pages) for linear memory. The native stack
    /// is never checked in software either: the runtime guards it with guard pages too (see
    /// edgebox-wamr-sys's build.rs).
    pub software_bounds_checks: bool,
    /// Emit thread-manager suspend checks at function entries and loop back-edges. Off by
    /// default: `edgebox_wamr_sys::Terminator` stops AOT code with a signal instead, and the
    /// checks cost 17 % of QuickJS's interpreter loop (fib(35) 1449 → 1198 ms, 2026-12-06).
    pub suspend_checks: bool,
    /// Address linear memory through the GS segment register (WAMR's "segue", x86-64 only):
    /// every load and store becomes `gs:[addr]`, so the code neither keeps the memory base in
    /// a register nor reloads it after calls. QuickJS's interpreter ran fib 14% faster, JSON
    /// and allocation-heavy code about 8% (2026-12-05). The code then only runs where user
    /// space may write GS (`edgebox_abi::cpu::gs_base_writable`); the runtime writes it before
    /// entering AOT code. Off by default; `edgeboxc` turns it on when the host allows it and
    /// records the requirement in the artifact.
    pub segue: bool,
    /// Instrument the code for LLVM profile-guided optimisation: running it counts what
    /// executes, and `edgebox_wamr_sys::Instance::pgo_profile` returns the counts (a raw
    /// profile for `llvm-profdata merge`). Much slower code; for training runs only.
    pub pgo_instrument: bool,
    /// An indexed LLVM profile (`.profdata`) to optimise with. Functions are matched by name
    /// (`aot_func#N`) and a hash of their control flow; ones that changed are compiled as if
    /// there were no profile.
    pub pgo_profile: Option<std::path::PathBuf>,
}

impl Default for AotOptions {
    fn default() -> Self {
        AotOptions {
            opt_level: 3,
            size_level: 3,
            target_cpu: None,
            software_bounds_checks: false,
            suspend_checks: false,
            segue: false,
            pgo_instrument: false,
            pgo_profile: None,
        }
    }
}

/// LLVM's own command-line options, set once per process before the first compile (part of
/// what a compile cache key must cover, like [`SOURCE_FINGERPRINT`]).
///
/// `-disable-icp`: with a profile, LLVM turns hot indirect calls into a compare of the target
/// with a known function's address and a direct call. WAMR loads such addresses through a
/// GOT it fills at every load, and prelinked code (edgebox-wamr-sys's prelink.rs) must not
/// depend on the process, so a profiled `.aot` could not be prelinked: that would cost more
/// at every start than the promotion gains.
///
/// `-no-pgo-warn-mismatch`: functions that differ from their profiled version (an app's own
/// frozen functions, the dispatcher the link stage re-targets) are compiled without a profile,
/// as intended; LLVM would print a warning for each.
pub const LLVM_OPTIONS: &[&str] = &["-disable-icp", "-no-pgo-warn-mismatch"];

fn set_llvm_options() {
    unsafe extern "C" {
        fn LLVMParseCommandLineOptions(
            argc: i32,
            argv: *const *const c_char,
            overview: *const c_char,
        );
    }
    let owned: Vec<std::ffi::CString> = std::iter::once("edgeboxc")
        .chain(LLVM_OPTIONS.iter().copied())
        .map(|a| std::ffi::CString::new(a).expect("no NUL in LLVM_OPTIONS"))
        .collect();
    let args: Vec<*const c_char> = owned.iter().map(|a| a.as_ptr()).collect();
    // SAFETY: NUL-terminated strings that outlive the call (LLVM copies what it keeps); called
    // once, under LOCK, before any compilation in this process.
    unsafe { LLVMParseCommandLineOptions(args.len() as i32, args.as_ptr(), std::ptr::null()) };
}

/// Compiles a `.wasm` to a WAMR `.aot` for this host.
///
/// Serialised process-wide: WAMR's compiler reports errors through a global buffer.
pub fn compile_aot(wasm: &[u8], opts: &AotOptions) -> Result<Vec<u8>, Error> {
    static LOCK: Mutex<bool> = Mutex::new(false);
    let mut initialised = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    if !*initialised {
        // SAFETY: no preconditions; guarded by LOCK so it runs once.
        if !unsafe { wasm_runtime_init() } {
            return Err(Error::Compile(
                "initialising the compiler's WAMR runtime failed".into(),
            ));
        }
        set_llvm_options();
        *initialised = true;
    }

    let len = u32::try_from(wasm.len()).map_err(|_| Error::TooLarge(wasm.len()))?;
    let cpu = opts
        .target_cpu
        .as_deref()
        .map(|c| std::ffi::CString::new(c).map_err(|_| Error::NulInString(c.to_owned())))
        .transpose()?;
    // The loader may patch the buffer and the module points into it: give it a private copy
    // that outlives the module.
    let mut buf = wasm.to_vec();
    let mut err = [0 as c_char; ERROR_BUF_LEN];
    // SAFETY: `buf` is valid and writable for `len` bytes and outlives the module (unloaded
    // below); `err` has the stated length.
    let module = unsafe {
        wasm_runtime_load(
            buf.as_mut_ptr(),
            len,
            err.as_mut_ptr(),
            ERROR_BUF_LEN as u32,
        )
    };
    if module.is_null() {
        return Err(Error::Load(c_buf_to_string(&err)));
    }
    let result = compile_loaded(module, opts, cpu.as_deref());
    // SAFETY: loaded above; comp data/context were destroyed by compile_loaded.
    unsafe { wasm_runtime_unload(module) };
    drop(buf);
    result
}

/// Where LLVM writes the stack-usage report the stack checks are computed from. WAMR's default
/// is a temp file in the *current directory*, which may be read-only or the user's project
/// (and is left behind when the compiler is killed); this one is in the system temp dir.
fn stack_usage_path() -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("edgebox-wamrc-{}-{n}.su", std::process::id()))
}

fn compile_loaded(
    module: *mut c_void,
    opts: &AotOptions,
    cpu: Option<&CStr>,
) -> Result<Vec<u8>, Error> {
    let su_path = stack_usage_path();
    let su_file = std::ffi::CString::new(su_path.as_os_str().as_encoded_bytes())
        .map_err(|_| Error::NulInString(su_path.display().to_string()))?;
    let result = compile_with_stack_usage_file(module, opts, cpu, &su_file);
    let _ = std::fs::remove_file(&su_path);
    result
}

fn compile_with_stack_usage_file(
    module: *mut c_void,
    opts: &AotOptions,
    cpu: Option<&CStr>,
    stack_usage_file: &CStr,
) -> Result<Vec<u8>, Error> {
    let profile = opts
        .pgo_profile
        .as_ref()
        .map(|p| {
            std::ffi::CString::new(p.as_os_str().as_encoded_bytes())
                .map_err(|_| Error::NulInString(p.display().to_string()))
        })
        .transpose()?;
    let mut option = CompOption {
        is_jit_mode: false,
        is_indirect_mode: false,
        // WAMR only takes a CPU name together with an architecture ("target isn't specified
        // for cpu ..."); null for both means the host.
        target_arch: if cpu.is_some() {
            HOST_ARCH.as_ptr().cast_mut()
        } else {
            std::ptr::null_mut()
        },
        target_abi: std::ptr::null_mut(),
        target_cpu: cpu.map_or(std::ptr::null_mut(), |c| c.as_ptr().cast_mut()),
        cpu_features: std::ptr::null_mut(),
        is_sgx_platform: false,
        enable_bulk_memory: true,
        enable_bulk_memory_opt: true,
        enable_thread_mgr: opts.suspend_checks,
        enable_tail_call: true,
        // The runtime is built without SIMD (see edgebox-wamr-sys's build.rs).
        enable_simd: false,
        enable_ref_types: true,
        enable_call_indirect_overlong: true,
        enable_gc: false,
        enable_aux_stack_check: true,
        enable_extended_const: false,
        enable_lime1: false,
        aux_stack_frame_type: 0,
        call_stack_features: CallStackFeatures::default(),
        enable_perf_profiling: false,
        enable_memory_profiling: false,
        disable_llvm_intrinsics: false,
        disable_llvm_jump_tables: false,
        disable_llvm_lto: false,
        enable_llvm_pgo: opts.pgo_instrument,
        enable_stack_estimation: false,
        quick_invoke_c_api_import: false,
        enable_shared_heap: false,
        enable_shared_chain: false,
        use_prof_file: profile
            .as_ref()
            .map_or(std::ptr::null_mut(), |p| p.as_ptr().cast_mut()),
        opt_level: opts.opt_level.min(3),
        size_level: opts.size_level.min(3),
        output_format: AOT_FORMAT_FILE,
        bounds_checks: if opts.software_bounds_checks {
            CHECKS_ON
        } else {
            CHECKS_OFF
        },
        // The runtime puts guard pages below the native stack (WAMR_DISABLE_STACK_HW_BOUND_CHECK=0,
        // see edgebox-wamr-sys's build.rs): an overflow faults there and becomes a trap, so AOT
        // code does not check the stack at every function entry.
        stack_bounds_checks: CHECKS_OFF,
        segue_flags: if opts.segue {
            SEGUE_ALL_LOADS_AND_STORES
        } else {
            0
        },
        custom_sections: std::ptr::null_mut(),
        custom_sections_count: 0,
        stack_usage_file: stack_usage_file.as_ptr(),
        llvm_passes: std::ptr::null(),
        builtin_intrinsics: std::ptr::null(),
    };

    // SAFETY: `module` is a live compiler-mode module; a null arch means the host.
    let data = unsafe { aot_create_comp_data(module, std::ptr::null(), false) };
    if data.is_null() {
        return Err(Error::Compile(last_error()));
    }
    // SAFETY: `data` is live; `option` and the CPU string outlive the call (WAMR copies
    // what it keeps).
    let ctx = unsafe { aot_create_comp_context(data, &mut option) };
    let result = if ctx.is_null() {
        Err(Error::Compile(last_error()))
    } else {
        // SAFETY: `ctx`/`data` are live and belong together.
        let out = unsafe { emit(ctx, data) };
        // SAFETY: created above and no longer used.
        unsafe { aot_destroy_comp_context(ctx) };
        out
    };
    // SAFETY: created above; the context using it is gone.
    unsafe { aot_destroy_comp_data(data) };
    result
}

/// # Safety
/// `ctx` and `data` must be a live compilation context and the data it was created from.
unsafe fn emit(ctx: *mut c_void, data: *mut c_void) -> Result<Vec<u8>, Error> {
    // SAFETY: per the function contract.
    if !unsafe { aot_compile_wasm(ctx) } {
        return Err(Error::Compile(last_error()));
    }
    let mut size = 0u32;
    // SAFETY: per the function contract; `size` receives the buffer length.
    let buf = unsafe { aot_emit_aot_file_buf(ctx, data, &mut size) };
    if buf.is_null() {
        return Err(Error::Compile(last_error()));
    }
    // SAFETY: WAMR returned `size` initialised bytes at `buf`, freed right after copying.
    let aot = unsafe { std::slice::from_raw_parts(buf, size as usize) }.to_vec();
    // SAFETY: `buf` came from aot_emit_aot_file_buf, which allocates with wasm_runtime_malloc.
    unsafe { wasm_runtime_free(buf.cast()) };
    Ok(aot)
}

fn last_error() -> String {
    // SAFETY: WAMR returns a pointer to its static NUL-terminated error buffer; the caller
    // holds the compiler lock so nobody rewrites it meanwhile.
    unsafe { CStr::from_ptr(aot_get_last_error()) }
        .to_string_lossy()
        .into_owned()
}

fn c_buf_to_string(buf: &[c_char]) -> String {
    let bytes: Vec<u8> = buf
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}
