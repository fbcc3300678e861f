//! Links GCC's unwinder into `edgebox` statically, as `-static-libgcc` does for a C program.
//!
//! Rust's standard library asks for `-lgcc_s` on Linux (glibc), so every run would map
//! `libgcc_s.so.1` and run its constructor, `__cpu_indicator_init`, which executes about a
//! dozen CPUID instructions. Under a hypervisor each CPUID traps (7 µs apiece measured on the
//! 2-core CI VM): loading the library cost a Rust "hello" 0.11 ms of its 0.78 ms CPU time. A
//! linker script named `libgcc_s.so`, found first on the search path, turns that request into
//! `libgcc_eh.a`, the same unwinder as a static archive (panics still unwind; glibc loads the
//! shared library by itself in the one case it needs it, thread cancellation).

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let script = out.join("libgcc_s.so");
    std::fs::write(&script, "INPUT(-lgcc_eh)\n")
        .unwrap_or_else(|e| panic!("writing {}: {e}", script.display()));
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rerun-if-changed=build.rs");
}
