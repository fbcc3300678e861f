//! Builds the guest's C part: QuickJS-NG from the pinned `rquickjs-sys` package's sources,
//! through our wrapper `c/edgebox_quickjs.c`, with Debian's clang-19 against Debian's
//! wasi-libc. Also writes the Rust bindings (rquickjs-sys's pregenerated wasm32-wasip1 ones)
//! and sets the guest's link options.
//!
//! QuickJS is compiled here rather than by rquickjs-sys's own build script because the wrapper
//! translation unit needs QuickJS's internals (see the wrapper), and two copies of quickjs.c in
//! one module would clash.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Size of the guest's shadow stack (linear memory stack used by C and Rust code); the runner
/// refuses a `runtime.stack_size` above it. QuickJS keeps its own recursion check below this
/// (src/limits.rs).
const SHADOW_STACK_BYTES: u64 = edgebox_abi::GUEST_STACK_BYTES;

/// The crates.io package whose sources provide QuickJS-NG 0.16.2.
const QUICKJS_CARRIER: (&str, &str) = ("rquickjs-sys", "0.14.0");

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=js");
    println!("cargo:rerun-if-changed=c");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("wasi") {
        return;
    }
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let package = locate_package(&manifest_dir, QUICKJS_CARRIER);
    let quickjs = package.join("quickjs");

    let mut build = cc::Build::new();
    build
        .compiler(env::var("CC_wasm32_wasip1").unwrap_or_else(|_| "clang-19".into()))
        .archiver(env::var("AR_wasm32_wasip1").unwrap_or_else(|_| "llvm-ar-19".into()))
        .flag("-isystem")
        .flag("/usr/include/wasm32-wasi")
        .include(&quickjs)
        .extra_warnings(false)
        .flag_if_supported("-Wno-implicit-const-int-float-conversion")
        .flag_if_supported("-Wno-unused-parameter")
        .flag_if_supported("-Wno-sign-compare")
        // Where the repository is checked out must not change the guest's bytes (assert()
        // messages carry __FILE__): the native-code cache is keyed by the module's content,
        // and every clone should hit the same entries.
        .flag(format!(
            "-ffile-prefix-map={}=guest",
            manifest_dir.display()
        ))
        // The same configuration rquickjs-sys uses for WASI: QuickJS's emscripten branches fit
        // WASI (no computed-goto dispatch, no fenv rounding modes).
        .define("_GNU_SOURCE", None)
        // A release build, like QuickJS-NG's own (CMake Release) and the native `qjs` the
        // benchmarks compare with: without NDEBUG, quickjs.c keeps every assert() and turns on
        // ENABLE_DUMPS, which tests a dump flag before every bytecode instruction. (Measured:
        // the guest is 42 KB smaller; the interpreter's speed on fib is unchanged within noise.)
        .define("NDEBUG", None)
        .define("EMSCRIPTEN", "1")
        .define("FE_DOWNWARD", "0")
        .define("FE_UPWARD", "0")
        // The JSStackFrame layout frozen code relies on; edgebox_frozen.c checks it.
        .define(
            "EDGEBOX_FZ_FRAME_CUR_PC",
            edgebox_abi::frozen::FRAME_CUR_PC.to_string().as_str(),
        )
        .define(
            "EDGEBOX_FZ_FRAME_SIZE",
            edgebox_abi::frozen::FRAME_SIZE.to_string().as_str(),
        )
        .define(
            "EDGEBOX_FZ_REFCOUNT_BELOW",
            edgebox_abi::frozen::REFCOUNT_BELOW.to_string().as_str(),
        )
        .file(manifest_dir.join("c/edgebox_quickjs.c"));
    // The structure layouts frozen code reads inline; edgebox_frozen.c checks each.
    for (name, value) in edgebox_abi::frozen::LAYOUT {
        build.define(name, value.to_string().as_str());
    }
    for file in ["libregexp.c", "libunicode.c", "dtoa.c"] {
        build.file(quickjs.join(file));
    }
    build.compile("edgebox_quickjs");

    // Rust declarations for the C API: rquickjs-sys's pregenerated bindings and inline helpers.
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let mut bindings = String::new();
    for part in [
        "src/bindings/wasm32-wasip1.rs",
        "src/inlines/ptr_32_nan_boxing.rs",
        "src/inlines/common.rs",
    ] {
        let path = package.join(part);
        bindings.push_str(
            &fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        );
        bindings.push('\n');
    }
    fs::write(out.join("quickjs_sys.rs"), bindings).unwrap();

    println!("cargo:rustc-link-arg=-zstack-size={SHADOW_STACK_BYTES}");
    // The compiler finds these placeholders by export name and replaces their bodies.
    println!("cargo:rustc-link-arg=--export=edgebox_app_len");
    println!("cargo:rustc-link-arg=--export=edgebox_app_copy");
}

/// The directory of a crates.io package in the dependency graph, via `cargo metadata` (which
/// also downloads it if needed). The guest lists the package under a never-true cfg so that it
/// is pinned in Cargo.lock but never compiled.
fn locate_package(manifest_dir: &Path, (name, version): (&str, &str)) -> PathBuf {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(&cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(manifest_dir.join("Cargo.toml"))
        .output()
        .unwrap_or_else(|e| panic!("failed to run `{cargo} metadata`: {e}"));
    assert!(
        output.status.success(),
        "`cargo metadata` failed (needed to locate QuickJS-NG's sources in {name} {version}):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("`cargo metadata` printed invalid JSON");
    let manifest = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == name && p["version"] == version)
        .and_then(|p| p["manifest_path"].as_str())
        .unwrap_or_else(|| panic!("`cargo metadata` does not list {name} {version}"));
    Path::new(manifest)
        .parent()
        .expect("manifest has a parent")
        .to_path_buf()
}
