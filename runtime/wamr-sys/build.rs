//! Builds WAMR 2.4.3 from source.
//!
//! 1. Find WAMR's C sources inside the crates.io package `wamrx-sys =0.3.0` via
//!    `cargo metadata` (which also downloads it when missing; see [`locate_wamr_source`]).
//! 2. Copy `core/` and `build-scripts/` into `OUT_DIR`: WAMR's CMake writes `core/version.h`
//!    into its own tree, and the registry copy must stay pristine (and may be read-only).
//!    The copy also receives our source patches ([`prepare_source_copy`] lists them; the
//!    README says why each exists).
//! 3. Build the runtime (`cmake/runtime`) as `libedgebox_wamr_rt.a`.
//! 4. Publish the copy's path (`cargo:root`) for `edgebox-wamr-compiler`, which builds WAMR's
//!    AOT compiler from it.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The WAMR version this crate's hand-written bindings were checked against.
const WAMR_VERSION: (u32, u32, u32) = (2, 4, 3);
/// The crates.io package whose tarball carries WAMR's sources.
const WAMR_CARRIER: (&str, &str) = ("wamrx-sys", "0.3.0");

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=cmake");
    println!("cargo:rerun-if-env-changed=EDGEBOX_WAMR_SRC");

    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let target = wamr_target();

    let upstream = locate_wamr_source(&manifest_dir);
    let wamr_root = out_dir.join("wamr");
    prepare_source_copy(&upstream, &wamr_root);

    build_runtime(&manifest_dir, &out_dir, &wamr_root, target);
    println!(
        "cargo:rustc-env=EDGEBOX_WAMR_RUNTIME_FINGERPRINT={}",
        runtime_fingerprint(&wamr_root)
    );
    // For edgebox-wamr-compiler's build script (DEP_EDGEBOX_WAMR_ROOT): it compiles WAMR's
    // AOT compiler from this same patched copy.
    println!("cargo:root={}", wamr_root.display());
}

/// A hash of what a prelinked `.aot` depends on besides WAMR's version: the runtime's (patched)
/// AOT loader and common sources and its CMake options. A prelinked file holds indices into
/// the runtime's table of helper functions and relies on its structures' layout; built
/// against a runtime configured otherwise (e.g. `WAMR_BUILD_STATIC_PGO`, which adds helpers)
/// it calls the wrong helpers. The envelope records this (see `engine_name` in lib.rs), and
/// the runner refuses a mismatch instead of running it.
fn runtime_fingerprint(wamr_root: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut files: Vec<PathBuf> = Vec::new();
    let mut pending = vec![
        wamr_root.join("core/iwasm/aot"),
        wamr_root.join("core/iwasm/common"),
    ];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).unwrap_or_else(|e| panic!("read {}: {e}", d.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut hash = std::collections::hash_map::DefaultHasher::new();
    for file in files {
        file.strip_prefix(wamr_root)
            .expect("under the root")
            .hash(&mut hash);
        fs::read(&file)
            .unwrap_or_else(|e| panic!("read {}: {e}", file.display()))
            .hash(&mut hash);
    }
    RUNTIME_OPTIONS.hash(&mut hash);
    format!("{:016x}", hash.finish())
}

/// `WAMR_BUILD_TARGET` for the Rust target architecture.
fn wamr_target() -> &'static str {
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    assert_eq!(
        os, "linux",
        "edgebox-wamr-sys only supports Linux hosts (target os: {os})"
    );
    match env::var("CARGO_CFG_TARGET_ARCH")
        .unwrap_or_default()
        .as_str()
    {
        "x86_64" => "X86_64",
        "aarch64" => "AARCH64",
        other => panic!("edgebox-wamr-sys: unsupported target architecture `{other}`"),
    }
}

/// Returns WAMR's source root (the directory holding `core/` and `build-scripts/`).
///
/// `wamrx-sys` is declared as a `cfg(any())` dependency: it is resolved and pinned in
/// Cargo.lock but never built (its build script would compile a second WAMR and its `links`
/// key would clash). `cargo build` does not download packages for inactive platforms, so we
/// ask `cargo metadata`, which downloads every package of the graph and reports where each
/// manifest lives. That works for the registry cache, `cargo vendor` and `--offline` after
/// `cargo fetch` alike. `EDGEBOX_WAMR_SRC` overrides it with a WAMR checkout.
fn locate_wamr_source(manifest_dir: &Path) -> PathBuf {
    if let Some(dir) = env::var_os("EDGEBOX_WAMR_SRC") {
        return check_wamr_root(PathBuf::from(dir));
    }
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(&cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(manifest_dir.join("Cargo.toml"))
        .output()
        .unwrap_or_else(|e| panic!("failed to run `{cargo} metadata`: {e}"));
    assert!(
        output.status.success(),
        "`cargo metadata` failed (needed to locate WAMR's sources in the {} package; \
         set EDGEBOX_WAMR_SRC to a WAMR 2.4.3 checkout to bypass it):\n{}",
        WAMR_CARRIER.0,
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("`cargo metadata` printed invalid JSON");
    let manifest_path = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == WAMR_CARRIER.0 && p["version"] == WAMR_CARRIER.1)
        .and_then(|p| p["manifest_path"].as_str())
        .unwrap_or_else(|| {
            panic!(
                "`cargo metadata` does not list {} {}",
                WAMR_CARRIER.0, WAMR_CARRIER.1
            )
        });
    let package_dir = Path::new(manifest_path)
        .parent()
        .expect("manifest has a parent");
    check_wamr_root(package_dir.join("wasm-micro-runtime"))
}

fn check_wamr_root(root: PathBuf) -> PathBuf {
    let version_cmake = root.join("build-scripts/version.cmake");
    let text = fs::read_to_string(&version_cmake)
        .unwrap_or_else(|e| panic!("not a WAMR source tree: {}: {e}", version_cmake.display()));
    let (major, minor, patch) = WAMR_VERSION;
    for (name, want) in [("MAJOR", major), ("MINOR", minor), ("PATCH", patch)] {
        let line = format!("set(WAMR_VERSION_{name} {want})");
        assert!(
            text.contains(&line),
            "{} is not WAMR {major}.{minor}.{patch} (missing `{line}`)",
            root.display()
        );
    }
    root
}

/// Copies WAMR's `core/` and `build-scripts/` to `dest` and applies our patch. The copy is
/// redone from scratch each time the build script runs, so it never goes stale.
fn prepare_source_copy(upstream: &Path, dest: &Path) {
    if dest.exists() {
        fs::remove_dir_all(dest).expect("remove old WAMR source copy");
    }
    for dir in ["core", "build-scripts"] {
        copy_tree(&upstream.join(dir), &dest.join(dir));
    }
    patch_suspend_checks(dest);
    patch_relocation_memo(dest);
    patch_populate_before_fill(dest);
    patch_pgo_raw_profile_v10(dest);
    patch_proper_tail_calls(dest);
    patch_skip_text_recopy(dest);
    patch_small_pages_for_initial_memory(dest);
    patch_text_huge_page(dest);
    patch_untouched_thread_stacks(dest);
    patch_noinline(dest);
    patch_gs_base_when_writable(dest);
    patch_prelinked_in_place(dest);
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("directory entry");
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&src, &dst);
        } else {
            fs::copy(&src, &dst).unwrap_or_else(|e| panic!("copy {}: {e}", src.display()));
        }
    }
}

/// Applies `edits` to WAMR source `file` (relative to `wamr_root`): each `(old, new)` replaces
/// text that must occur exactly once, so an upstream change that moves it stops the build
/// instead of silently skipping `patch`.
fn patch_source(wamr_root: &Path, file: &str, patch: &str, edits: &[(&str, &str)]) {
    let path = wamr_root.join(file);
    let mut source = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {file}: {e}"));
    for (old, new) in edits {
        assert_eq!(
            source.matches(old).count(),
            1,
            "{file} changed upstream: the {patch} patch no longer applies"
        );
        source = source.replace(old, new);
    }
    fs::write(&path, source).unwrap_or_else(|e| panic!("write {file}: {e}"));
}

/// WAMR's AOT compiler only emits the thread-manager suspend checks for modules whose memory
/// is shared, since it assumes termination is only wanted for wasm threads. EdgeBox's guests
/// use unshared memory but must still be stoppable by `wasm_runtime_terminate` (CPU/time
/// limits), so the shared-memory early return goes.
///
/// WAMR checks before every call, after every call and at every loop back-edge. The checks
/// after calls go (they are the ones asked for with `check_terminate_and_suspend` false): code
/// that runs forever must take a back-edge or make a call infinitely often, and both still
/// check, so a terminated thread stops as surely as before. What goes is a volatile load and
/// a branch per call: fib(35) frozen went from 29.5 to 26.9 ms (whole process, median of 31
/// runs, 2026-12-04); QuickJS's interpreter, which checks at every opcode's back-edge, barely
/// moved (fib(33) unfrozen 512 → 508 ms).
/// The interpreter checks these flags unconditionally; this only affects `enable_thread_mgr`.
fn patch_suspend_checks(wamr_root: &Path) {
    patch_source(
        wamr_root,
        "core/iwasm/compilation/aot_emit_control.c",
        "suspend-check",
        &[(
            "    if (!is_shared_memory) {\n        return true;\n    }\n",
            "    (void)is_shared_memory; /* edgebox: always check */\n    /* edgebox: no check after calls, see patch_suspend_checks in edgebox-wamr-sys */\n    if (!check_terminate_and_suspend) {\n        return true;\n    }\n",
        )],
    );
}

/// WAMR's AOT compiler turns `return_call` into an LLVM call marked `tail`, which LLVM may only
/// make a jump when no argument is passed on the native stack, i.e. with at most five Wasm
/// parameters on x86-64 (the sixth register carries the exec env). A frozen function's body
/// has five parameters before its JS arguments, so its proper tail calls each took a native
/// frame (about 140 bytes): a tail recursion a million deep needed 140 MB. When caller and
/// callee have the same LLVM signature (a self-call always does) and at most one result, the
/// call is `musttail` instead, which LLVM guarantees to be a jump whatever the arguments. For
/// that the call must be followed by the `ret` alone, which holds because the suspend check
/// WAMR put after every call is gone (`patch_suspend_checks`).
fn patch_proper_tail_calls(wamr_root: &Path) {
    let edits: [(&str, &str); 1] = [(
        "        if (tail_call)\n            LLVMSetTailCall(value_ret, true);\n\n        /* Check whether there was exception thrown when executing\n           the function */",
        "        if (tail_call) {\n            /* edgebox: see patch_proper_tail_calls in edgebox-wamr-sys's build.rs */\n            if (llvm_func_type == func_ctx->func_type && func_type->result_count <= 1)\n                LLVMSetTailCallKind(value_ret, LLVMTailCallKindMustTail);\n            else\n                LLVMSetTailCall(value_ret, true);\n        }\n\n        /* Check whether there was exception thrown when executing\n           the function */",
    )];
    patch_source(
        wamr_root,
        "core/iwasm/compilation/aot_emit_function.c",
        "tail-call",
        &edits,
    );
}

/// Before it protects its guard pages at the bottom of a thread's stack, WAMR touches every
/// page of the stack from the current frame down, because the main thread's stack is mapped
/// lazily as it grows and `mprotect` needs the pages to exist. EdgeBox runs guests on threads
/// of its own, whose stacks (`pthread_create`'s) are mapped whole from the start: touching them
/// would commit the whole stack (256 MiB, `MAX_NATIVE_STACK`) at every start. So only the
/// main thread's stack is touched.
fn patch_untouched_thread_stacks(wamr_root: &Path) {
    patch_source(
        wamr_root,
        "core/shared/platform/common/posix/posix_thread.c",
        "untouched-thread-stacks",
        &[
            (
                "static bool\ninit_stack_guard_pages()\n{",
                "/* edgebox: see patch_untouched_thread_stacks in edgebox-wamr-sys's build.rs */\n\
#include <sys/syscall.h>\n\
static bool\n\
edgebox_on_main_thread(void)\n\
{\n\
    return getpid() == (pid_t)syscall(SYS_gettid);\n\
}\n\
\n\
static bool\n\
init_stack_guard_pages()\n\
{",
            ),
            (
                "    (void)touch_pages(stack_min_addr, page_size);\n",
                "    if (edgebox_on_main_thread())\n        (void)touch_pages(stack_min_addr, page_size);\n",
            ),
        ],
    );
}

/// With `WAMR_DISABLE_WRITE_GS_BASE=0` WAMR executes `wrgsbase` on every call into AOT code
/// and on every memory growth, unconditionally. That instruction raises SIGILL on a CPU
/// without FSGSBASE or under a kernel older than 5.9 (and under valgrind), even when the code
/// never reads GS. The write is made conditional on the kernel's HWCAP2_FSGSBASE bit, read
/// once per translation unit; AOT code that does read GS is refused where it is unset, before
/// it is loaded (edgebox's artifact check: the `fsgsbase` feature in `edgebox_abi::cpu`).
fn patch_gs_base_when_writable(wamr_root: &Path) {
    patch_source(
        wamr_root,
        "core/shared/platform/linux/platform_internal.h",
        "gs-base-when-writable",
        &[(
            concat!(
                "#define os_writegsbase(base_addr)                                 \\\n",
                "    do {                                                          \\\n",
                "        uint64 __gs_value = (uint64)(uintptr_t)base_addr;         \\\n",
                "        asm volatile(\"wrgsbase %0\" ::\"r\"(__gs_value) : \"memory\"); \\\n",
                "    } while (0)\n",
            ),
            concat!(
                "/* edgebox: see patch_gs_base_when_writable in edgebox-wamr-sys's build.rs */\n",
                "#include <sys/auxv.h>\n",
                "static inline int\n",
                "edgebox_gs_base_writable(void)\n",
                "{\n",
                "    static int writable = -1; /* HWCAP2_FSGSBASE is bit 1 of AT_HWCAP2 */\n",
                "    if (writable < 0)\n",
                "        writable = (getauxval(AT_HWCAP2) & (1UL << 1)) != 0;\n",
                "    return writable;\n",
                "}\n",
                "#define os_writegsbase(base_addr)                                     \\\n",
                "    do {                                                              \\\n",
                "        if (edgebox_gs_base_writable()) {                             \\\n",
                "            uint64 __gs_value = (uint64)(uintptr_t)base_addr;         \\\n",
                "            asm volatile(\"wrgsbase %0\" ::\"r\"(__gs_value) : \"memory\"); \\\n",
                "        }                                                             \\\n",
                "    } while (0)\n",
            ),
        )],
    );
}

/// Without software stack checks (the runtime guards the native stack with guard pages),
/// WAMR's AOT compiler lets LLVM inline guest functions into each other; with them, every
/// function is split into a check and a body, both `noinline`. Inlining across the guest hurt:
/// QuickJS's interpreter loop, with helpers inlined into it, ran fib(33) unfrozen in 600 ms
/// instead of 500 (register pressure in one huge function). This patch keeps every function
/// `noinline`, as before. Frozen code loses nothing: the freezer does its own inlining.
fn patch_noinline(wamr_root: &Path) {
    patch_source(
        wamr_root,
        "core/iwasm/compilation/aot_llvm.c",
        "noinline",
        &[(
            "    else {\n        *p_precheck_func = func;\n    }\n",
            "    else {\n        /* edgebox: see patch_noinline in edgebox-wamr-sys's build.rs */\n        unsigned int kind =\n            LLVMGetEnumAttributeKindForName(\"noinline\", strlen(\"noinline\"));\n        LLVMAddAttributeAtIndex(func, LLVMAttributeFunctionIndex,\n                                LLVMCreateEnumAttribute(comp_ctx->context, kind, 0));\n        *p_precheck_func = func;\n    }\n",
        )],
    );
}

/// A WAMR `.aot` start fills ~4 MB of fresh memory, one page fault per 4 KiB page as the fill
/// reaches it: the copies of the code (~2 MB) and data sections (~2 MB, mostly `.rodata`) into
/// new mappings, the zeroed relocation tables (~0.9 MB), and the copy of the data segments into
/// linear memory (~0.8 MB). That was ~1,400 of a hello world's ~1,650 page faults. This patch
/// asks the kernel to map each such region in with one call first (`MADV_POPULATE_WRITE`,
/// Linux 5.14; an older kernel refuses and the pages fault in as before). Every region is
/// written whole right away, so nothing is mapped in vain; below 64 KiB the call is not worth it.
fn patch_populate_before_fill(wamr_root: &Path) {
    let helper = "/* edgebox: see patch_populate_before_fill in edgebox-wamr-sys's build.rs */\n\
#ifndef MADV_POPULATE_WRITE\n\
#define MADV_POPULATE_WRITE 23\n\
#endif\n\
static void\n\
eb_populate(void *start, uint64 size)\n\
{\n\
    uintptr_t page = (uintptr_t)os_getpagesize();\n\
    uintptr_t first = ((uintptr_t)start + page - 1) & ~(page - 1);\n\
    uintptr_t end = ((uintptr_t)start + (uintptr_t)size) & ~(page - 1);\n\
    if (size >= 64 * 1024 && first < end)\n\
        (void)madvise((void *)first, end - first, MADV_POPULATE_WRITE);\n\
}\n\n";
    let loader: [(&str, String); 3] = [
        (
            "static void *\nloader_malloc(uint64 size, char *error_buf, uint32 error_buf_size)\n{",
            format!("{helper}static void *\nloader_malloc(uint64 size, char *error_buf, uint32 error_buf_size)\n{{"),
        ),
        ("    memset(mem, 0, (uint32)size);\n    return mem;\n", "    eb_populate(mem, size);\n    memset(mem, 0, (uint32)size);\n    return mem;\n".into()),
        (
            "static void *\nloader_mmap(uint32 size, bool prot_exec, char *error_buf, uint32 error_buf_size)\n{\n",
            "static void *\neb_loader_mmap_lazy(uint32 size, bool prot_exec, char *error_buf, uint32 error_buf_size);\n\n\
static void *\n\
loader_mmap(uint32 size, bool prot_exec, char *error_buf, uint32 error_buf_size)\n\
{\n\
    void *mem = eb_loader_mmap_lazy(size, prot_exec, error_buf, error_buf_size);\n\
    if (mem)\n\
        eb_populate(mem, size);\n\
    return mem;\n\
}\n\n\
static void *\neb_loader_mmap_lazy(uint32 size, bool prot_exec, char *error_buf, uint32 error_buf_size)\n{\n"
                .into(),
        ),
    ];
    let runtime: [(&str, String); 2] = [
        (
            "static bool\nmemories_instantiate(",
            format!("{helper}static bool\nmemories_instantiate("),
        ),
        (
            "        if (memory_inst->memory_data) {\n            bh_memcpy_s((uint8 *)memory_inst->memory_data + base_offset,",
            "        if (memory_inst->memory_data) {\n            eb_populate((uint8 *)memory_inst->memory_data + base_offset, length);\n            bh_memcpy_s((uint8 *)memory_inst->memory_data + base_offset,".into(),
        ),
    ];
    for (file, edits) in [
        ("core/iwasm/aot/aot_loader.c", &loader[..]),
        ("core/iwasm/aot/aot_runtime.c", &runtime[..]),
    ] {
        let edits: Vec<(&str, &str)> = edits
            .iter()
            .map(|(old, new)| (*old, new.as_str()))
            .collect();
        patch_source(wamr_root, file, "populate", &edits);
    }
}

/// WAMR writes the counters of PGO-instrumented code as an LLVM raw profile of version 9 (LLVM
/// 18); Debian's LLVM 19 `llvm-profdata` reads only version 10, which adds two header fields
/// (virtual-table profiling: counts, both 0 here) and a third value-site count per function
/// (same record size: it takes two bytes of the old padding, and the bitmap count moves to the
/// end). The instrumented code itself comes from LLVM 19, so its records already have that
/// layout; only the file WAMR writes changes.
fn patch_pgo_raw_profile_v10(wamr_root: &Path) {
    patch_source(
        wamr_root,
        "core/iwasm/aot/aot_runtime.h",
        "pgo-v10",
        &[
            (
                "    uint64 names_delta;\n    uint64 value_kind_last;\n} LLVMProfileRawHeader;",
                "    uint64 names_delta;\n    uint64 num_vtables;\n    uint64 vnames_size;\n    uint64 value_kind_last;\n} LLVMProfileRawHeader;",
            ),
            (
                "    uint32 num_counters;\n    uint16 num_value_sites[2];\n    uint32 num_bitmaps;\n} LLVMProfileData_64;",
                "    uint32 num_counters;\n    uint16 num_value_sites[3];\n    uint32 num_bitmaps;\n} LLVMProfileData_64;",
            ),
        ],
    );
    patch_source(
        wamr_root,
        "core/iwasm/aot/aot_runtime.c",
        "pgo-v10",
        &[
            (
                "    prof_header.version = 0x0000000000000009LL;",
                "    prof_header.version = 0x000000000000000aLL;",
            ),
            (
                "    prof_header.value_kind_last = 1;",
                "    prof_header.value_kind_last = 2;",
            ),
            (
                "            LLVMProfileData_64 *prof_data_64 = (LLVMProfileData_64 *)buf;\n",
                "            LLVMProfileData_64 *prof_data_64 = (LLVMProfileData_64 *)buf;\n            memset(prof_data_64, 0, sizeof(LLVMProfileData_64));\n",
            ),
        ],
    );
}

/// WAMR's AOT loader resolves every text relocation from its symbol's *name*: copy the name,
/// compare it against each known prefix, `atoi` the function number, and for data symbols
/// walk the section list with `strcmp`. EdgeBox's guest has ~63 k relocations over a few
/// thousand symbols, and that was 56 % of the instructions of a whole `edgebox hello.aot`
/// (callgrind). The loader hands each relocation the same `symbol_name` pointer for the same
/// symbol (one string per symbol-table entry), so this patch remembers, per text relocation
/// group, what a (name pointer, relocation type) pair resolved to in a small direct-mapped
/// table on the stack, and goes straight to `apply_relocation` on a hit. Misses and errors take
/// the original path unchanged.
fn patch_relocation_memo(wamr_root: &Path) {
    let edits: [(&str, &str); 4] = [
        (
            "    char symbol_buf[128] = { 0 }, *symbol, *p;\n    void *symbol_addr;\n    AOTRelocation *relocation = group->relocations;\n",
            "    char symbol_buf[128] = { 0 }, *symbol, *p;\n    void *symbol_addr;\n    AOTRelocation *relocation = group->relocations;\n\
    /* edgebox: resolved symbols, see patch_relocation_memo in edgebox-wamr-sys's build.rs */\n\
    struct { const char *name; uint32 type; int32 index; void *addr; } eb_memo[1024];\n\
    memset(eb_memo, 0, sizeof(eb_memo));\n",
        ),
        (
            "        int32 symbol_index = -1;\n        symbol_len = (uint32)strlen(relocation->symbol_name);\n",
            "        int32 symbol_index = -1;\n\
        uint32 eb_slot = (uint32)(((uintptr_t)relocation->symbol_name >> 1) % 1024);\n\
        if (eb_memo[eb_slot].name == relocation->symbol_name\n\
            && eb_memo[eb_slot].type == relocation->relocation_type) {\n\
            if (!apply_relocation(module, aot_text, aot_text_size,\n\
                                  relocation->relocation_offset,\n\
                                  relocation->relocation_addend,\n\
                                  relocation->relocation_type,\n\
                                  eb_memo[eb_slot].addr, eb_memo[eb_slot].index,\n\
                                  error_buf, error_buf_size))\n\
                return false;\n\
            continue;\n\
        }\n\
        symbol_len = (uint32)strlen(relocation->symbol_name);\n",
        ),
        // The x86-64 GOTPCREL pre-pass zeroed two 128-byte buffers and copied two names for
        // every relocation, to look at the few of GOTPCREL type: read and copy names only for those.
        (
            "            char group_name_buf[128] = { 0 };\n            char symbol_name_buf[128] = { 0 };\n            uint32 symbol_index;\n            uint16 symbol_name_len;\n            uint8 *symbol_name;\n\n            /* relocation offset and addend */\n            buf += sizeof(void *) * 2;\n\n            read_uint32(buf, buf_end, relocation.relocation_type);\n            read_uint32(buf, buf_end, symbol_index);\n\n            if (symbol_index >= symbol_count) {\n                set_error_buf(error_buf, error_buf_size,\n                              \"symbol index out of range\");\n                goto fail;\n            }\n\n            symbol_name = symbol_buf + symbol_offsets[symbol_index];\n            symbol_name_len = *(uint16 *)symbol_name;\n            symbol_name += sizeof(uint16);\n\n            bh_memcpy_s(group_name_buf, (uint32)sizeof(group_name_buf),\n                        group_name, group_name_len);\n            bh_memcpy_s(symbol_name_buf, (uint32)sizeof(symbol_name_buf),\n                        symbol_name, symbol_name_len);\n",
            "            char symbol_name_buf[128];\n            uint32 symbol_index;\n            uint16 symbol_name_len;\n            uint8 *symbol_name;\n\n            /* relocation offset and addend */\n            buf += sizeof(void *) * 2;\n\n            read_uint32(buf, buf_end, relocation.relocation_type);\n            read_uint32(buf, buf_end, symbol_index);\n\n            if (symbol_index >= symbol_count) {\n                set_error_buf(error_buf, error_buf_size,\n                              \"symbol index out of range\");\n                goto fail;\n            }\n\n            symbol_name_buf[0] = '\\0';\n            if (relocation.relocation_type == R_X86_64_GOTPCREL\n                || relocation.relocation_type == R_X86_64_GOTPCRELX\n                || relocation.relocation_type == R_X86_64_REX_GOTPCRELX) {\n                symbol_name = symbol_buf + symbol_offsets[symbol_index];\n                symbol_name_len = *(uint16 *)symbol_name;\n                symbol_name += sizeof(uint16);\n                memset(symbol_name_buf, 0, sizeof(symbol_name_buf));\n                bh_memcpy_s(symbol_name_buf, (uint32)sizeof(symbol_name_buf),\n                            symbol_name, symbol_name_len);\n            }\n",
        ),
        (
            "        if (symbol != symbol_buf)\n            wasm_runtime_free(symbol);\n\n        if (!apply_relocation(\n                module, aot_text, aot_text_size, relocation->relocation_offset,\n",
            "        if (symbol != symbol_buf)\n            wasm_runtime_free(symbol);\n\n\
        eb_memo[eb_slot].name = relocation->symbol_name;\n\
        eb_memo[eb_slot].type = relocation->relocation_type;\n\
        eb_memo[eb_slot].index = symbol_index;\n\
        eb_memo[eb_slot].addr = symbol_addr;\n\
        if (!apply_relocation(\n                module, aot_text, aot_text_size, relocation->relocation_offset,\n",
        ),
    ];
    patch_source(
        wamr_root,
        "core/iwasm/aot/aot_loader.c",
        "relocation-memo",
        &edits,
    );
}

/// WAMR's loader copies the code out of the file into a fresh executable mapping, the data
/// sections (`.rodata` etc.) into another, and then, to keep them within ±2 GB of each other for
/// 32-bit relocations, copies both *again* into one merged mapping and unmaps the first two
/// (`try_merge_data_and_text`). On x86-64 both first mappings are made with `MAP_32BIT`, i.e. in
/// the low 2 GB, where every 32-bit relocation (PC32, 32, 32S) already fits: the second copy of
/// the ~2 MB of code then buys nothing and cost a quarter of a hello world's page faults. This
/// patch keeps the first mappings when the code and every data section end below 2 GB; otherwise
/// (e.g. `MAP_32BIT` space exhausted) the merge runs as before. A relocation that still does not
/// fit is an error from `apply_relocation`, never a wrong jump.
fn patch_skip_text_recopy(wamr_root: &Path) {
    let old = "    if (code_size == 0) {\n        return true;\n    }\n\n    /* calculate the total memory needed */\n";
    let new = "    if (code_size == 0) {\n        return true;\n    }\n\n\
#if defined(BUILD_TARGET_X86_64) || defined(BUILD_TARGET_AMD_64)\n\
    /* edgebox: see patch_skip_text_recopy in edgebox-wamr-sys's build.rs */\n\
    {\n\
        bool eb_low = (uintptr_t)old_end <= (uintptr_t)INT32_MAX;\n\
        for (i = 0; i < module->data_section_count; ++i) {\n\
            if ((uintptr_t)module->data_sections[i].data\n\
                    + module->data_sections[i].size\n\
                > (uintptr_t)INT32_MAX)\n\
                eb_low = false;\n\
        }\n\
        if (eb_low)\n\
            return true;\n\
    }\n\
#endif\n\n    /* calculate the total memory needed */\n";
    patch_source(
        wamr_root,
        "core/iwasm/aot/aot_loader.c",
        "text-recopy",
        &[(old, new)],
    );
}

/// WAMR advises transparent huge pages for the whole linear-memory reservation. The first touch
/// of a 2 MB-aligned stretch then makes the kernel zero a whole 2 MB page, even for one 4 KiB
/// write: a hello world touches the top of the guest's stack and the snapshot's data, and paid
/// ~0.5 ms for zeroing huge pages it barely used (perf: `clear_page_erms` under
/// `do_huge_pmd_anonymous_page`). This patch keeps 4 KiB pages for the memory the module starts
/// with (rounded up to 2 MB), which is what a start touches; memory the app grows into later
/// keeps WAMR's huge-page advice.
fn patch_small_pages_for_initial_memory(wamr_root: &Path) {
    let old = "    if (!new_mem) {\n        return NULL;\n    }\n\n#ifdef BH_PLATFORM_WINDOWS\n    if (commit_size > 0\n";
    let new = "    if (!new_mem) {\n        return NULL;\n    }\n\n\
#if defined(__linux__) && defined(MADV_NOHUGEPAGE)\n\
    /* edgebox: see patch_small_pages_for_initial_memory in edgebox-wamr-sys's build.rs */\n\
    if (!mapped_mem && commit_size > 0) {\n\
        uint64 eb_huge = 2 * 1024 * 1024;\n\
        uint64 eb_len = (commit_size + eb_huge - 1) & ~(eb_huge - 1);\n\
        (void)madvise(new_mem, (size_t)(eb_len < new_size ? eb_len : new_size),\n\
                      MADV_NOHUGEPAGE);\n\
    }\n\
#endif\n\n#ifdef BH_PLATFORM_WINDOWS\n    if (commit_size > 0\n";
    patch_source(
        wamr_root,
        "core/iwasm/common/wasm_memory.c",
        "small-pages",
        &[(old, new)],
    );
}

/// The AOT code (~1.9 MB for the guest) is copied into a fresh mapping of 4 KiB pages: ~470
/// page allocations, each charged and zeroed on its own (~0.45 ms measured with a stand-alone
/// mmap + populate + memcpy of that size on the dev machine, against ~0.25 ms for one 2 MB
/// transparent huge page). This patch maps code of 1 MB or more as whole 2 MB units, which
/// WAMR's `os_mmap` aligns and advises for huge pages, and gives the text section the whole
/// mapping: the PLT moves to its end, and the final `mprotect` to read+execute covers whole
/// huge pages, so they stay huge (fewer iTLB misses at run time too). Only the code itself is
/// populated up front; without huge pages (THP off) the padding is never touched but by the
/// PLT's page. Unloading unmaps the whole mapping, as before, from the section's size.
fn patch_text_huge_page(wamr_root: &Path) {
    let edits: [(&str, &str); 4] = [
        (
            "static char *\nload_string(",
            "/* edgebox: see patch_text_huge_page in edgebox-wamr-sys's build.rs */\n\
static void *\n\
eb_text_mmap(uint32 size, uint32 *p_mapped, char *error_buf, uint32 error_buf_size)\n\
{\n\
    uint64 huge = 2 * 1024 * 1024;\n\
    uint64 rounded = ((uint64)size + huge - 1) & ~(huge - 1);\n\
    void *mem;\n\
    *p_mapped = size;\n\
#if defined(__linux__) && (defined(BUILD_TARGET_X86_64) || defined(BUILD_TARGET_AMD_64))\n\
    if (size >= 1024 * 1024 && rounded < UINT32_MAX) {\n\
        mem = eb_loader_mmap_lazy((uint32)rounded, true, error_buf, error_buf_size);\n\
        if (mem) {\n\
            eb_populate(mem, size);\n\
            *p_mapped = (uint32)rounded;\n\
        }\n\
        return mem;\n\
    }\n\
#endif\n\
    return loader_mmap(size, true, error_buf, error_buf_size);\n\
}\n\n\
static char *\nload_string(",
        ),
        (
            "    uint64 total_size;\n    uint8 *aot_text;\n",
            "    uint64 total_size;\n    uint8 *aot_text;\n    uint32 eb_mapped = 0;\n",
        ),
        (
            "                                 loader_mmap((uint32)total_size, true,\n                                             error_buf, error_buf_size))) {",
            "                                 eb_text_mmap((uint32)total_size, &eb_mapped,\n                                             error_buf, error_buf_size))) {",
        ),
        (
            "                        section->section_body_size = (uint32)total_size;\n                    }\n",
            "                        section->section_body_size = (uint32)total_size;\n                    }\n\
                    section->section_body_size = eb_mapped;\n",
        ),
    ];
    patch_source(
        wamr_root,
        "core/iwasm/aot/aot_loader.c",
        "text huge-page",
        &edits,
    );
}

/// The runtime: AOT loader + fast interpreter, libc-wasi, thread manager (for
/// `wasm_runtime_terminate`), hardware bounds checks via guard pages.
fn build_runtime(manifest_dir: &Path, out_dir: &Path, wamr_root: &Path, target: &str) {
    let mut cfg = cmake::Config::new(manifest_dir.join("cmake/runtime"));
    cfg.out_dir(out_dir.join("runtime"))
        .generator("Ninja")
        // WAMR's own release flags even in dev builds: a debug interpreter is unusably slow
        // and WAMR's asserts are not what we debug.
        .profile("Release")
        .define("WAMR_ROOT_DIR", wamr_root)
        .define("WAMR_BUILD_PLATFORM", "linux")
        .define("WAMR_BUILD_TARGET", target)
        .define("EDGEBOX_NATIVE_STACK_MAX", NATIVE_STACK_MAX.to_string());
    for (key, value) in RUNTIME_OPTIONS {
        cfg.define(key, value);
    }
    let dst = cfg.build();
    println!(
        "cargo:rustc-link-search=native={}",
        dst.join("lib").display()
    );
    println!("cargo:rustc-link-lib=static=edgebox_wamr_rt");
    println!("cargo:rustc-link-lib=dylib=m");
}

/// The native stack WAMR may use on a thread; keep equal to `MAX_NATIVE_STACK` in src/lib.rs.
const NATIVE_STACK_MAX: usize = 256 * 1024 * 1024;

/// WAMR CMake options for the runtime. Anything not listed keeps WAMR's default.
const RUNTIME_OPTIONS: &[(&str, &str)] = &[
    ("WAMR_BUILD_AOT", "1"),
    ("WAMR_BUILD_INTERP", "1"),
    ("WAMR_BUILD_FAST_INTERP", "1"),
    ("WAMR_BUILD_JIT", "0"),
    ("WAMR_BUILD_FAST_JIT", "0"),
    ("WAMR_BUILD_LIBC_BUILTIN", "0"),
    ("WAMR_BUILD_LIBC_WASI", "1"),
    ("WAMR_BUILD_THREAD_MGR", "1"),
    ("WAMR_BUILD_LIB_PTHREAD", "0"),
    ("WAMR_BUILD_LIB_WASI_THREADS", "0"),
    ("WAMR_BUILD_SHARED_MEMORY", "0"),
    ("WAMR_BUILD_TAIL_CALL", "1"),
    ("WAMR_BUILD_BULK_MEMORY", "1"),
    ("WAMR_BUILD_REF_TYPES", "1"),
    // Off: with the fast interpreter WAMR's CMake would download SIMDe.
    ("WAMR_BUILD_SIMD", "0"),
    ("WAMR_BUILD_MULTI_MODULE", "0"),
    ("WAMR_BUILD_MINI_LOADER", "0"),
    ("WAMR_BUILD_MEMORY64", "0"),
    ("WAMR_BUILD_GC", "0"),
    // Loading and dumping the counters of PGO-instrumented AOT code (edgeboxc's training runs);
    // code compiled without instrumentation is untouched.
    ("WAMR_BUILD_STATIC_PGO", "1"),
    // Keep guard-page bounds checks (the AOT code then needs no software checks).
    ("WAMR_DISABLE_HW_BOUND_CHECK", "0"),
    // Guard pages at the bottom of the native stack: AOT code overflowing its stack faults
    // there and WAMR turns the fault into a "native stack overflow" trap, so the code itself
    // checks nothing (edgebox-wamr-compiler sets stack_bounds_checks off). See
    // patch_untouched_thread_stacks for what it costs at start-up.
    ("WAMR_DISABLE_STACK_HW_BOUND_CHECK", "0"),
    // Write the linear memory's base to GS before entering AOT code and after memory growth,
    // for AOT code compiled with segue (edgebox-wamr-compiler's `AotOptions::segue`). Set
    // explicitly, so WAMR's CMake does not probe the *build* machine; whether `wrgsbase` may
    // run is decided on the machine that runs it (patch_gs_base_when_writable).
    ("WAMR_DISABLE_WRITE_GS_BASE", "0"),
];

/// Prelinked `.aot` files (see `src/prelink.rs`): `edgeboxc` applies the loader's relocations
/// at build time for code that will sit at a fixed address, and `edgebox` maps the file there.
/// Loading such a file used to mean copying ~1.5 MB of code into fresh memory and patching
/// ~14,000 relocations in it (about 1.2 ms of a 3 ms hello world); now the code runs from the
/// file's own pages (page cache, copy-on-write) and only the PLT at its end is written.
///
/// An `edgebox.prelink` marker (an AOT custom section, placed before the text section) gives
/// the address the code was linked for, the address of the data sections (copied, as before,
/// but to that fixed address) and a state: 0 = link now (the build-time pass, which applies
/// the relocations in place; it refuses text relocations that add to their field),
/// 1 = linked (text relocations skipped; data relocations are redone, because WAMR's
/// `R_X86_64_64` adds to its field, so the data sections keep their original bytes). The code is used in place only when the text section
/// really lies at the marked address, page-aligned, with room for the PLT; anything else (the
/// file mapped elsewhere, or the data address taken) falls back to the normal path, which
/// relocates correctly whatever the bytes hold (every relocation overwrites its field).
fn patch_prelinked_in_place(wamr_root: &Path) {
    patch_source(
        wamr_root,
        "core/iwasm/aot/aot_runtime.h",
        "prelinked-in-place",
        &[(
            "} AOTModule;",
            "    /* edgebox: see patch_prelinked_in_place in edgebox-wamr-sys's build.rs.\n       0, or EB_* below */\n    uint32 eb_in_place;\n    uintptr_t eb_data_addr;\n} AOTModule;\n\n#define EB_LINK_NOW 1\n#define EB_LINKED 2\n#define EB_RELOCATE_IN_PLACE 3\n#define EB_PRELINK_SUBTYPE 0x4c504245u /* \"EBPL\" */",
        )],
    );
    let helper = "/* edgebox: see patch_prelinked_in_place in edgebox-wamr-sys's build.rs */\n\
#ifndef MAP_FIXED_NOREPLACE\n\
#define MAP_FIXED_NOREPLACE 0x100000\n\
#endif\n\
static uint8 *\n\
eb_map_fixed(uintptr_t addr, uint64 size)\n\
{\n\
    void *p = mmap((void *)addr, (size_t)size, PROT_READ | PROT_WRITE,\n\
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);\n\
    if (p == MAP_FAILED)\n\
        return NULL;\n\
    if ((uintptr_t)p != addr) { /* a kernel before 4.17 took the address as a hint */\n\
        munmap(p, (size_t)size);\n\
        return NULL;\n\
    }\n\
    return (uint8 *)p;\n\
}\n\n\
/* the relocation groups load_relocation_section applies to the text */\n\
static bool\n\
eb_is_text_group(const char *name)\n\
{\n\
    return !strcmp(name, \".rel.text\") || !strcmp(name, \".rela.text\")\n\
           || !strcmp(name, \".rel.ltext\") || !strcmp(name, \".rela.ltext\")\n\
           || !strcmp(name, \".rela.literal\");\n\
}\n\n\
static bool\n";
    patch_source(
        wamr_root,
        "core/iwasm/aot/aot_loader.c",
        "prelinked-in-place",
        &[
            // Helpers, before the first function that needs them.
            (
                "static bool\nload_object_data_sections(",
                &format!("{helper}load_object_data_sections("),
            ),
            // Data sections: at the fixed address when the code is in place.
            (
                "    if (total_size > 0) {\n        /* Allocate memory for data */\n",
                "    if (total_size > 0 && module->eb_in_place) {\n        merged_sections = eb_map_fixed(module->eb_data_addr, total_size);\n        if (merged_sections) {\n            module->merged_data_sections = merged_sections;\n            module->merged_data_sections_size = (uint32)total_size;\n        }\n        else if (module->eb_in_place == EB_LINKED)\n            /* the code stays in place; its relocations are redone there */\n            module->eb_in_place = EB_RELOCATE_IN_PLACE;\n        else {\n            set_error_buf(error_buf, error_buf_size,\n                          \"prelink: the data sections' address is taken\");\n            return false;\n        }\n    }\n    if (total_size > 0 && !merged_sections) {\n        /* Allocate memory for data */\n",
            ),
            // Text: in place when it is where the marker says.
            (
                "            if (section_type == AOT_SECTION_TYPE_TEXT) {\n",
                "            if (section_type == AOT_SECTION_TYPE_CUSTOM && section_size >= 24\n                && *(uint32 *)p == EB_PRELINK_SUBTYPE) {\n                bh_memcpy_s(&eb_state, 4, p + 4, 4);\n                bh_memcpy_s(&eb_text_addr, 8, p + 8, 8);\n                bh_memcpy_s(&eb_data_addr, 8, p + 16, 8);\n            }\n            if (section_type == AOT_SECTION_TYPE_TEXT && eb_text_addr != 0\n                && (uintptr_t)p == eb_text_addr && eb_state <= 1\n                && ((uintptr_t)p & (os_getpagesize() - 1)) == 0\n                && section_size >= aot_get_plt_table_size() + sizeof(uint32)\n                && !module->is_indirect_mode) {\n                /* the code runs from the buffer itself */\n                module->eb_in_place = eb_state == 1 ? EB_LINKED : EB_LINK_NOW;\n                module->eb_data_addr = (uintptr_t)eb_data_addr;\n            }\n            else if (section_type == AOT_SECTION_TYPE_TEXT) {\n",
            ),
            (
                "    uint8 *mirrored_text;\n#endif\n\n    if (!resolve_execute_mode(",
                "    uint8 *mirrored_text;\n#endif\n    uint32 eb_state = 0;\n    uint64 eb_text_addr = 0, eb_data_addr = 0;\n\n    if (!resolve_execute_mode(",
            ),
            // Text relocations: done at build time. (Data relocations are redone: WAMR's
            // R_X86_64_64 adds to the field, so data sections keep their original bytes.)
            (
                "        group->section_name = symbols[name_index];\n\n        read_uint32(buf, buf_end, group->relocation_count);\n",
                "        group->section_name = symbols[name_index];\n\n        read_uint32(buf, buf_end, group->relocation_count);\n\n        if (module->eb_in_place == EB_LINKED\n            && eb_is_text_group(group->section_name)) {\n            /* offset, addend, type, symbol: 24 bytes each, 4-aligned (WAMR reads uint64 at 4-byte alignment) */\n            buf = (uint8 *)align_ptr(buf, sizeof(uint32));\n            CHECK_BUF(buf, buf_end, (uint64)group->relocation_count * 24);\n            buf += (uint64)group->relocation_count * 24;\n            group->relocation_count = 0;\n            continue;\n        }\n",
            ),
            (
                "    ret = true;\n\nfail:\n    if (symbols) {",
                "    if (module->eb_in_place == EB_LINK_NOW) {\n        /* the linked text must not depend on this process, and relinking it elsewhere\n           must overwrite every field it linked */\n        if (module->got_func_ptrs) {\n            set_error_buf(error_buf, error_buf_size,\n                          \"prelink: the code uses a GOT\");\n            goto fail;\n        }\n        for (i = 0, group = groups; i < group_count; i++, group++) {\n            if (!eb_is_text_group(group->section_name))\n                continue;\n            for (j = 0; j < group->relocation_count; j++) {\n                uint32 t = group->relocations[j].relocation_type;\n                if (t != R_X86_64_PC32 && t != R_X86_64_PLT32 && t != R_X86_64_32\n                    && t != R_X86_64_32S) {\n                    set_error_buf(error_buf, error_buf_size,\n                                  \"prelink: a text relocation adds to its field\");\n                    goto fail;\n                }\n            }\n        }\n    }\n    ret = true;\n\nfail:\n    if (symbols) {",
            ),
            // The marker sits between the init-data and text sections; WAMR allowed custom
            // sections only at the end.
            (
                "        last_section_type = section_type;\n",
                "        if (section_type != AOT_SECTION_TYPE_CUSTOM)\n            last_section_type = section_type;\n",
            ),
            // No copy to merge: the code is in place and the data at a fixed address.
            (
                "if (!module->is_indirect_mode && is_load_from_file_buf)",
                "if (!module->is_indirect_mode && is_load_from_file_buf\n                    && !module->eb_in_place)",
            ),
            // The in-place code belongs to the buffer's owner.
            (
                "    if (module->code && !module->is_indirect_mode\n        && !module->merged_data_text_sections) {",
                "    if (module->code && !module->is_indirect_mode && !module->eb_in_place\n        && !module->merged_data_text_sections) {",
            ),
            (
                "        destroy_sections(section_list,\n                         module->is_indirect_mode\n                                 || module->merged_data_text_sections\n",
                "        destroy_sections(section_list,\n                         module->is_indirect_mode || module->eb_in_place\n                                 || module->merged_data_text_sections\n",
            ),
        ],
    );
}
