//! Links the `edgebox` binary as a position-dependent executable.
//!
//! A PIE runner has ~24,600 relative relocations (Wasmtime, Cranelift's run-time half, clap,
//! std) that the dynamic loader applies at every start, copy-on-writing every page of
//! `.data.rel.ro` and the GOT they land on: ~0.6 ms of a hello world's ~5 ms (perf, `cpu-clock`
//! samples in `_dl_relocate_object` plus its page faults). A fixed-address executable has none.
//! The objects stay position-independent (the default for the target), which a non-PIE link
//! accepts; only the final link changes, and only for this binary. ASLR still randomises the
//! stack, the heap, shared libraries and every mapping the engines make (guest memory, code).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bin=edgebox=-no-pie");
    }
}
