//! Tells the tests where QuickJS-NG's own test programs are: the `quickjs/tests` directory of
//! the pinned rquickjs-sys package (the guest's QuickJS source), found with `cargo metadata`.
//! (The same lookup as guest/build.rs; a shared build-support crate would remove the copy.)

use std::path::Path;
use std::process::Command;

const QUICKJS_CARRIER: (&str, &str) = ("rquickjs-sys", "0.14.0");

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let guest_manifest = Path::new(&manifest_dir).join("../guest/Cargo.toml");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(&cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(&guest_manifest)
        .output()
        .unwrap_or_else(|e| panic!("failed to run `{cargo} metadata`: {e}"));
    assert!(
        output.status.success(),
        "`cargo metadata` failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("`cargo metadata` printed invalid JSON");
    let (name, version) = QUICKJS_CARRIER;
    let manifest = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == name && p["version"] == version)
        .and_then(|p| p["manifest_path"].as_str())
        .unwrap_or_else(|| panic!("`cargo metadata` does not list {name} {version}"));
    let tests = Path::new(manifest).parent().unwrap().join("quickjs/tests");
    println!("cargo:rustc-env=EDGEBOX_QUICKJS_TESTS={}", tests.display());
}
