//! Helpers shared by the end-to-end tests: finding the built binaries, reading a case's
//! directives, and comparing output against expectations.

pub mod case;
pub mod fuzz;
pub mod glob;

use std::path::PathBuf;
use std::process::{Command, Output};

/// The directory holding `edgeboxc` and `edgebox` of the build under test: the test binary
/// lives in `<target>/<profile>/deps/`, the tools in `<target>/<profile>/`.
pub fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("cannot locate the test executable");
    let dir = exe
        .parent()
        .and_then(|d| d.parent())
        .expect("test executable has no grandparent")
        .to_path_buf();
    for tool in ["edgeboxc", "edgebox"] {
        assert!(
            dir.join(tool).exists(),
            "{} is missing: build the tools first (`cargo build` with the same profile) or run the whole workspace's tests",
            dir.join(tool).display()
        );
    }
    dir
}

pub fn edgeboxc() -> Command {
    Command::new(bin_dir().join("edgeboxc"))
}

pub fn edgebox() -> Command {
    Command::new(bin_dir().join("edgebox"))
}

/// The `testsuite/cases` directory.
pub fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("cases")
}

/// A fresh scratch directory under the target dir, removed and recreated per call.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = bin_dir().join("edgebox-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("cannot create scratch dir");
    dir
}

/// Runs a command to completion with no stdin.
pub fn run(cmd: &mut Command) -> Output {
    cmd.stdin(std::process::Stdio::null())
        .output()
        .expect("cannot start command")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
