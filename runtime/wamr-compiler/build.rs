//! Builds WAMR 2.4.3's AOT compiler against LLVM 19.
//!
//! The sources are the patched copy that `edgebox-wamr-sys`'s build script prepared (it
//! publishes the path as `DEP_EDGEBOX_WAMR_ROOT`), so both crates compile the same WAMR with
//! the same patch. CMake (`cmake/`) builds the compiler and a compiler-mode copy of WAMR's
//! loader; this script merges the two archives and prefixes every C symbol with
//! [`COMPILER_PREFIX`] so they can share a binary with the runtime (see `cmake/CMakeLists.txt`).

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// Prefix given to the compiler-mode copy of WAMR's C symbols; `src/lib.rs` links to
/// `ebwc_*` names.
const COMPILER_PREFIX: &str = "ebwc_";
/// The LLVM major version WAMR's compiler is built against (Debian package llvm-19-dev).
const LLVM_MAJOR: &str = "19";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=cmake");
    println!("cargo:rerun-if-env-changed=LLVM_CONFIG");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let wamr_root = PathBuf::from(
        env::var("DEP_EDGEBOX_WAMR_ROOT")
            .expect("edgebox-wamr-sys publishes its WAMR source copy (links = \"edgebox_wamr\")"),
    );
    let target = match env::var("CARGO_CFG_TARGET_ARCH")
        .unwrap_or_default()
        .as_str()
    {
        "x86_64" => "X86_64",
        "aarch64" => "AARCH64",
        other => panic!("edgebox-wamr-compiler: unsupported target architecture `{other}`"),
    };
    // The sources are rewritten whenever edgebox-wamr-sys's build script changes its patches.
    println!(
        "cargo:rerun-if-changed={}",
        wamr_root.join("core/iwasm/compilation").display()
    );
    build_compiler(&manifest_dir, &out_dir, &wamr_root, target);
    println!(
        "cargo:rustc-env=EDGEBOX_WAMRC_FINGERPRINT={}",
        source_fingerprint(&wamr_root.join("core/iwasm/compilation"))
    );
}

/// A hash of the compiler's (patched) sources, for the native-code cache key: a change to a
/// WAMR patch changes the code the compiler makes, and a cached `.aot` must not outlive it.
fn source_fingerprint(dir: &std::path::Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut files: Vec<PathBuf> = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
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
        file.strip_prefix(dir).expect("under dir").hash(&mut hash);
        fs::read(&file)
            .unwrap_or_else(|e| panic!("read {}: {e}", file.display()))
            .hash(&mut hash);
    }
    format!("{:016x}", hash.finish())
}

/// WAMR's AOT compiler, prefixed so it cannot collide with the runtime's symbols.
fn build_compiler(
    manifest_dir: &std::path::Path,
    out_dir: &std::path::Path,
    wamr_root: &std::path::Path,
    target: &str,
) {
    let llvm_config =
        env::var("LLVM_CONFIG").unwrap_or_else(|_| format!("llvm-config-{LLVM_MAJOR}"));
    let llvm =
        |arg: &str| -> String {
            let out = Command::new(&llvm_config).arg(arg).output().unwrap_or_else(|e| {
            panic!("failed to run `{llvm_config}` (install Debian's llvm-{LLVM_MAJOR}-dev): {e}")
        });
            assert!(out.status.success(), "`{llvm_config} {arg}` failed");
            String::from_utf8(out.stdout)
                .expect("llvm-config output is UTF-8")
                .trim()
                .to_owned()
        };
    let version = llvm("--version");
    assert!(
        version.split('.').next() == Some(LLVM_MAJOR),
        "WAMR's compiler needs LLVM {LLVM_MAJOR}, `{llvm_config}` reports {version}"
    );
    let bindir = PathBuf::from(llvm("--bindir"));
    let libdir = llvm("--libdir");

    let dst = cmake::Config::new(manifest_dir.join("cmake"))
        .out_dir(out_dir.join("compiler"))
        .generator("Ninja")
        .profile("Release")
        .define("WAMR_ROOT_DIR", wamr_root)
        .define("WAMR_BUILD_TARGET", target)
        .define("LLVM_DIR", llvm("--cmakedir"))
        .build();
    let lib_dir = dst.join("lib");

    // One archive, so the linker resolves the cycles between compiler and compiler-mode VM.
    let merged = lib_dir.join("libedgebox_wamrc_merged.a");
    let _ = fs::remove_file(&merged);
    run(Command::new(bindir.join("llvm-ar"))
        .arg("qcLs")
        .arg(&merged)
        .arg(lib_dir.join("libedgebox_wamrc.a"))
        .arg(lib_dir.join("libedgebox_wamrc_vm.a")));

    // Every defined C symbol gets the prefix (C++-mangled `_Z` names are LLVM template
    // instances and WAMR-internal helpers that the runtime does not define).
    let nm = Command::new(bindir.join("llvm-nm"))
        .args(["--defined-only", "--extern-only", "--format=just-symbols"])
        .arg(&merged)
        .output()
        .expect("run llvm-nm");
    assert!(
        nm.status.success(),
        "llvm-nm failed on {}",
        merged.display()
    );
    let mut symbols: Vec<&str> = std::str::from_utf8(&nm.stdout)
        .expect("llvm-nm output is UTF-8")
        .lines()
        .filter(|s| !s.is_empty() && !s.ends_with(':') && !s.starts_with("_Z"))
        .collect();
    symbols.sort_unstable();
    symbols.dedup();
    let map: String = symbols
        .iter()
        .map(|s| format!("{s} {COMPILER_PREFIX}{s}\n"))
        .collect();
    let map_path = lib_dir.join("prefix.syms");
    fs::write(&map_path, map).expect("write symbol map");
    run(Command::new(bindir.join("llvm-objcopy"))
        .arg(format!("--redefine-syms={}", map_path.display()))
        .arg(&merged)
        .arg(lib_dir.join("libedgebox_wamrc_prefixed.a")));

    println!("cargo:rustc-link-search=native={}", lib_dir.display());
    println!("cargo:rustc-link-lib=static=edgebox_wamrc_prefixed");
    println!("cargo:rustc-link-search=native={libdir}");
    println!("cargo:rustc-link-lib=dylib=LLVM-{LLVM_MAJOR}");
    println!("cargo:rustc-link-lib=dylib=stdc++");
}

fn run(cmd: &mut Command) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("failed to run {cmd:?}: {e}"));
    assert!(status.success(), "{cmd:?} failed with {status}");
}
