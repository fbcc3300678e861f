//! Builds the guest (`guest/`, QuickJS-NG + polyfills) for wasm32-wasip1 and tells the compiler
//! where the module is (`EDGEBOX_GUEST_WASM`), so `cargo build` at the root builds everything.
//!
//! The guest is built by a nested `cargo build --target wasm32-wasip1` into its own target
//! directory (a separate directory, so the outer build's lock is not contended). The C compiler
//! settings use Debian's clang-19 and wasi-libc, installed by tools/setup.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Variables cargo sets for *this* build script that would mislead the nested cargo.
const STRIP_PREFIXES: &[&str] = &[
    "CARGO_PKG_",
    "CARGO_CFG_",
    "CARGO_FEATURE_",
    "CARGO_MANIFEST_",
    "DEP_",
];
const STRIP_VARS: &[&str] = &[
    "CARGO_TARGET_DIR",
    "CARGO_BUILD_TARGET",
    "CARGO_ENCODED_RUSTFLAGS",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_CRATE_NAME",
    "CARGO_BIN_NAME",
    "TARGET",
    "HOST",
    "OUT_DIR",
    "OPT_LEVEL",
    "PROFILE",
    "DEBUG",
    "NUM_JOBS",
    "RUSTC",
    "RUSTDOC",
    "RUSTC_LINKER",
    "RUSTC_WORKSPACE_WRAPPER",
];

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir.parent().unwrap().to_path_buf();
    for watched in [
        "guest/src",
        "guest/js",
        "guest/c",
        "guest/build.rs",
        "guest/Cargo.toml",
        "guest/abi/src",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }

    // OUT_DIR is <target-dir>[/<triple>]/<profile>/build/<pkg>-<hash>/out; keep the guest's
    // artifacts next to the outer build's, shared by debug and release builds.
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let guest_target_dir = out_dir
        .ancestors()
        .nth(4)
        .unwrap_or(&out_dir)
        .join("edgebox-guest");

    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&root)
        .args([
            "build",
            "--release",
            "--package",
            "edgebox-guest",
            "--target",
            "wasm32-wasip1",
        ])
        .arg("--target-dir")
        .arg(&guest_target_dir)
        // Debian's toolchain (tools/setup); guest/build.rs reads these.
        .env("CC_wasm32_wasip1", "clang-19")
        .env("AR_wasm32_wasip1", "llvm-ar-19");
    for (key, _) in env::vars_os() {
        let key = key.to_string_lossy();
        if STRIP_VARS.contains(&key.as_ref()) || STRIP_PREFIXES.iter().any(|p| key.starts_with(p)) {
            cmd.env_remove(key.as_ref());
        }
    }
    let status = cmd
        .status()
        .expect("failed to start cargo for the guest build");
    if !status.success() {
        panic!(
            "building the guest for wasm32-wasip1 failed (see above); run tools/setup to install clang-19, wasi-libc and the wasm32-wasip1 target"
        );
    }
    let wasm = guest_target_dir.join("wasm32-wasip1/release/edgebox-guest.wasm");
    assert!(
        Path::new(&wasm).exists(),
        "guest build produced no {}",
        wasm.display()
    );
    println!("cargo:rustc-env=EDGEBOX_GUEST_WASM={}", wasm.display());
}
