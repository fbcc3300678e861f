//! Link settings for the guest module.

/// Size of the guest's shadow stack (linear memory stack used by C and Rust code).
/// QuickJS keeps its own recursion check below this (see `QUICKJS_STACK_LIMIT` in main.rs), so a
/// runaway JS recursion becomes a RangeError instead of overwriting static data below the stack.
const SHADOW_STACK_BYTES: u32 = 8 * 1024 * 1024;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=js");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("wasi") {
        println!("cargo:rustc-link-arg=-zstack-size={SHADOW_STACK_BYTES}");
        // The compiler finds these stubs by export name and replaces their bodies.
        println!("cargo:rustc-link-arg=--export=edgebox_app_len");
        println!("cargo:rustc-link-arg=--export=edgebox_app_copy");
    }
}
