//! Links GCC's unwinder into `edgebox` statically, as `-static-libgcc` does for a C program.
//!
//! Rust's standard library asks for `-lgcc_s` on Linux (glibc), so every run would map
//! `libgcc_s.so.1` and run its constructor, `__cpu_indicator_init`, which executes about a
//! dozen CPUID instructions. Under a hypervisor each CPUID traps (7 µs apiece measured on the
//! 2-core CI VM): loading the library cost a Rust "hello" 0.11 ms of its 0.78 ms CPU time. A
//! linker script named `libgcc_s.so`, found first on the search path, turns that request into
//! `libgcc_eh.a`, the same unwinder as a static archive (panics still unwind; glibc loads the
//! shared library by itself in the one case it needs it, thread cancellation).
//!
//! It also links `edgebox` as a position-dependent executable (`-no-pie`). As a PIE it carried
//! ~24,600 relative relocations (vtables and tables of Wasmtime, Cranelift's runtime half, std),
//! which the dynamic loader applied at every start, writing ~90 pages of `.data.rel.ro` and the
//! GOT: ~70 page faults and 0.2-0.3 ms of a 2.9 ms hello world on the 2-core dev VM (median of
//! 100 interleaved runs). The cost is that the runner's own code and data sit at a fixed
//! address (the prelinked `.aot` already does, see edgebox-wamr-sys's prelink.rs); libraries,
//! stacks, heap and linear memory are still placed at random.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let script = out.join("libgcc_s.so");
    std::fs::write(&script, "INPUT(-lgcc_eh)\n")
        .unwrap_or_else(|e| panic!("writing {}: {e}", script.display()));
    println!("cargo:rustc-link-search=native={}", out.display());
    // Later than rustc's own `-pie`, so it wins.
    println!("cargo:rustc-link-arg-bin=edgebox=-no-pie");
    println!("cargo:rerun-if-changed=build.rs");
}
