//! Hand-written declarations for the subset of WAMR 2.4.3's `wasm_export.h` we use.
//! Checked against `core/iwasm/include/wasm_export.h`; build.rs refuses other WAMR versions.

use std::ffi::{c_char, c_int, c_void};

/// `wasm_module_t`
pub type WasmModule = *mut c_void;
/// `wasm_module_inst_t`
pub type WasmModuleInst = *mut c_void;
/// `wasm_memory_inst_t`
pub type WasmMemoryInst = *mut c_void;
/// `wasm_function_inst_t`
pub type WasmFunctionInst = *mut c_void;
/// `wasm_exec_env_t`
pub type WasmExecEnv = *mut c_void;

/// `InstantiationArgs` of wasm_export.h.
#[repr(C)]
pub struct InstantiationArgs {
    pub default_stack_size: u32,
    pub host_managed_heap_size: u32,
    pub max_memory_pages: u32,
}

/// `enlarge_memory_error_callback_t` of wasm_export.h (the reason is a C enum: an int).
pub type EnlargeMemErrorCallback = unsafe extern "C" fn(
    inc_page_count: u32,
    current_memory_size: u64,
    memory_index: u32,
    failure_reason: std::ffi::c_int,
    instance: WasmModuleInst,
    exec_env: WasmExecEnv,
    user_data: *mut c_void,
);

/// `wasm_global_inst_t` of wasm_export.h.
#[repr(C)]
pub struct GlobalInst {
    pub kind: u8,
    pub is_mutable: bool,
    pub global_data: *mut c_void,
}

/// `WASM_I64` of `wasm_valkind_enum`.
pub const WASM_I64: u8 = 1;

/// `package_type_t`
pub const WASM_MODULE_BYTECODE: c_int = 0;
pub const WASM_MODULE_AOT: c_int = 1;

unsafe extern "C" {
    /// EdgeBox's handler that stops AOT code (`cmake/runtime/edgebox_stop_signal.c`); 0 on
    /// success, -1 with errno set.
    pub fn edgebox_wamr_install_stop_signal(signo: c_int) -> c_int;

    pub fn wasm_runtime_init() -> bool;
    pub fn wasm_runtime_init_thread_env() -> bool;
    pub fn wasm_runtime_destroy_thread_env();
    pub fn wasm_runtime_thread_env_inited() -> bool;

    pub fn wasm_runtime_get_file_package_type(buf: *const u8, size: u32) -> c_int;
    /// Bytes of the PLT WAMR's loader appends to AOT code (one entry per runtime symbol).
    pub fn aot_get_plt_table_size() -> u32;
    pub fn wasm_runtime_load(
        buf: *mut u8,
        size: u32,
        error_buf: *mut c_char,
        error_buf_size: u32,
    ) -> WasmModule;
    pub fn wasm_runtime_unload(module: WasmModule);
    pub fn wasm_runtime_set_wasi_args_ex(
        module: WasmModule,
        dir_list: *const *const c_char,
        dir_count: u32,
        map_dir_list: *const *const c_char,
        map_dir_count: u32,
        env: *const *const c_char,
        env_count: u32,
        argv: *mut *mut c_char,
        argc: c_int,
        stdinfd: i64,
        stdoutfd: i64,
        stderrfd: i64,
    );

    pub fn wasm_runtime_instantiate_ex(
        module: WasmModule,
        args: *const InstantiationArgs,
        error_buf: *mut c_char,
        error_buf_size: u32,
    ) -> WasmModuleInst;
    pub fn wasm_runtime_set_enlarge_mem_error_callback(
        callback: Option<EnlargeMemErrorCallback>,
        user_data: *mut c_void,
    );
    pub fn wasm_runtime_deinstantiate(module_inst: WasmModuleInst);
    pub fn wasm_runtime_lookup_function(
        module_inst: WasmModuleInst,
        name: *const c_char,
    ) -> WasmFunctionInst;
    pub fn wasm_runtime_create_exec_env(
        module_inst: WasmModuleInst,
        stack_size: u32,
    ) -> WasmExecEnv;
    pub fn wasm_runtime_destroy_exec_env(exec_env: WasmExecEnv);
    pub fn wasm_runtime_call_wasm(
        exec_env: WasmExecEnv,
        function: WasmFunctionInst,
        argc: u32,
        argv: *mut u32,
    ) -> bool;
    pub fn wasm_runtime_get_exception(module_inst: WasmModuleInst) -> *const c_char;
    pub fn wasm_runtime_clear_exception(module_inst: WasmModuleInst);
    pub fn wasm_runtime_get_wasi_exit_code(module_inst: WasmModuleInst) -> u32;
    pub fn wasm_runtime_get_export_global_inst(
        module_inst: WasmModuleInst,
        name: *const c_char,
        global_inst: *mut GlobalInst,
    ) -> bool;
    pub fn wasm_runtime_terminate(module_inst: WasmModuleInst);
    pub fn wasm_runtime_get_pgo_prof_data_size(module_inst: WasmModuleInst) -> u32;
    pub fn wasm_runtime_dump_pgo_prof_data_to_buf(
        module_inst: WasmModuleInst,
        buf: *mut c_char,
        len: u32,
    ) -> u32;
    pub fn wasm_runtime_get_default_memory(module_inst: WasmModuleInst) -> WasmMemoryInst;
    pub fn wasm_memory_get_cur_page_count(memory_inst: WasmMemoryInst) -> u64;
    pub fn wasm_memory_get_bytes_per_page(memory_inst: WasmMemoryInst) -> u64;
    pub fn wasm_memory_get_base_address(memory_inst: WasmMemoryInst) -> *mut c_void;
}
