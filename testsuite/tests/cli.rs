//! Bad input to the command-line tools: each gets a one-line error and a non-zero exit, never a
//! panic or a backtrace.

use edgebox_testsuite::{edgebox, edgeboxc, run, scratch_dir, text};
use std::process::Output;

/// The tool failed with exactly one line on stderr that starts with `prefix` and mentions
/// `needle`, and nothing that looks like a panic.
fn assert_one_line_error(out: &Output, code: i32, prefix: &str, needle: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "expected one line, got: {stderr}"
    );
    assert!(stderr.starts_with(prefix), "{stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn runner_refuses_a_missing_file() {
    let out = run(edgebox().arg("/nonexistent/app.wasm"));
    assert_one_line_error(
        &out,
        2,
        "edgebox: error: /nonexistent/app.wasm: cannot read",
        "No such file",
    );
}

#[test]
fn runner_refuses_a_directory() {
    let dir = scratch_dir("cli-directory");
    let out = run(edgebox().arg(&dir));
    assert_one_line_error(&out, 2, "edgebox: error:", "cannot read");
}

#[test]
fn runner_refuses_non_wasm_files() {
    let dir = scratch_dir("cli-non-wasm");
    let file = dir.join("app.wasm");
    std::fs::write(&file, "console.log('I am JavaScript, not an artifact')").unwrap();
    let out = run(edgebox().arg(&file));
    assert_one_line_error(&out, 2, "edgebox: error:", "not an EdgeBox artifact");
    std::fs::write(&file, b"").unwrap();
    let out = run(edgebox().arg(&file));
    assert_one_line_error(&out, 2, "edgebox: error:", "not an EdgeBox artifact");
}

#[test]
fn runner_refuses_foreign_wasm() {
    let dir = scratch_dir("cli-foreign");
    let file = dir.join("app.wasm");
    std::fs::write(&file, b"\0asm\x01\0\0\0").unwrap();
    let out = run(edgebox().arg(&file));
    assert_one_line_error(&out, 2, "edgebox: error:", "not one built by edgeboxc");
}

#[test]
fn runner_refuses_truncated_and_corrupted_artifacts() {
    let dir = scratch_dir("cli-truncated");
    let js = dir.join("app.js");
    std::fs::write(&js, "console.log('hi')").unwrap();
    let wasm = dir.join("app.wasm");
    assert!(
        run(edgeboxc().arg("build").arg(&js).arg("-o").arg(&wasm))
            .status
            .success()
    );
    let bytes = std::fs::read(&wasm).unwrap();
    for cut in [9, 100, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&wasm, &bytes[..cut]).unwrap();
        let out = run(edgebox().arg(&wasm));
        assert_one_line_error(&out, 2, "edgebox: error:", "truncated or corrupt");
    }
    // Flip bytes in the middle of the code section: the module no longer parses or validates.
    let mut corrupt = bytes.clone();
    let mid = corrupt.len() / 2;
    for b in &mut corrupt[mid..mid + 64] {
        *b = 0xff;
    }
    std::fs::write(&wasm, &corrupt).unwrap();
    let out = run(edgebox().arg(&wasm));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr).lines().count(),
        1,
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn runner_refuses_bad_env_flag() {
    let out = run(edgebox().args(["--env", "=oops", "app.wasm"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("environment variable name"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn compiler_refuses_missing_input() {
    let out = run(edgeboxc().args(["build", "/nonexistent/app.js", "-o", "/tmp/never.wasm"]));
    assert_one_line_error(
        &out,
        1,
        "edgeboxc: error: /nonexistent/app.js: cannot read",
        "No such file",
    );
}

#[test]
fn compiler_refuses_binary_input() {
    let dir = scratch_dir("cli-binary-input");
    let js = dir.join("app.js");
    std::fs::write(&js, [0x63, 0xff, 0xfe, 0x00]).unwrap();
    let out = run(edgeboxc()
        .arg("build")
        .arg(&js)
        .arg("-o")
        .arg(dir.join("app.wasm")));
    assert_one_line_error(&out, 1, "edgeboxc: error:", "not UTF-8");
    assert!(!dir.join("app.wasm").exists());
}

#[test]
fn compiler_refuses_unknown_output_kind() {
    let dir = scratch_dir("cli-output-kind");
    let js = dir.join("app.js");
    std::fs::write(&js, "1").unwrap();
    let out = run(edgeboxc()
        .arg("build")
        .arg(&js)
        .arg("-o")
        .arg(dir.join("app.exe")));
    assert_one_line_error(
        &out,
        1,
        "edgeboxc: error:",
        "unsupported output kind `.exe`",
    );
}

#[test]
fn compiler_refuses_unknown_flags() {
    let out = run(edgeboxc().args(["build", "--frobnicate", "x.js"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unexpected argument '--frobnicate'"),
        "{}",
        text(&out.stderr)
    );
    assert!(!text(&out.stderr).contains("panicked"));
}

#[test]
fn syntax_error_leaves_no_output_and_keeps_the_old_one() {
    let dir = scratch_dir("cli-syntax");
    let js = dir.join("app.js");
    let wasm = dir.join("app.wasm");
    std::fs::write(&js, "console.log('v1')").unwrap();
    assert!(
        run(edgeboxc().arg("build").arg(&js).arg("-o").arg(&wasm))
            .status
            .success()
    );
    let before = std::fs::read(&wasm).unwrap();
    std::fs::write(&js, "console.log('v2'").unwrap();
    let out = run(edgeboxc().arg("build").arg(&js).arg("-o").arg(&wasm));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with(&format!("edgeboxc: error: {}:1:", js.display())),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&wasm).unwrap(),
        before,
        "a failed build must not touch the previous artifact"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files left behind: {leftovers:?}"
    );
}

#[test]
fn hello_example_prints_greeting_and_args() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    let dir = scratch_dir("cli-hello");
    let wasm = dir.join("h.wasm");
    let build = run(edgeboxc()
        .arg("build")
        .arg(root.join("examples/hello.js"))
        .arg("-o")
        .arg(&wasm));
    assert!(build.status.success(), "{}", text(&build.stderr));
    let out = run(edgebox().arg(&wasm).args(["a", "b"]));
    assert_eq!(
        text(&out.stdout),
        "Hello from EdgeBox!\nargs: [\"a\",\"b\"]\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn guest_refuses_bytecode_of_another_version() {
    let dir = scratch_dir("cli-bc-version");
    let js = dir.join("app.js");
    std::fs::write(&js, "console.log('hi')").unwrap();
    let wasm = dir.join("app.wasm");
    // Without the snapshot the guest reads the image at run time (with it, at build time, where
    // the same check runs inside edgeboxc's snapshot stage).
    assert!(
        run(edgeboxc()
            .arg("build")
            .arg("--no-snapshot")
            .arg(&js)
            .arg("-o")
            .arg(&wasm))
        .status
        .success()
    );
    let mut bytes = std::fs::read(&wasm).unwrap();
    // The app image sits verbatim in a data segment: magic, then the bytecode version byte.
    let magic = b"EBXAPP\0\x01";
    let at = bytes
        .windows(magic.len())
        .position(|w| w == magic)
        .expect("app image not found");
    bytes[at + magic.len()] = 27;
    std::fs::write(&wasm, &bytes).unwrap();
    let out = run(edgebox().arg(&wasm));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "edgebox: app bytecode is version 27 but this guest runs version 28; rebuild the app with a matching edgeboxc\n"
    );
}

/// Builds `console.log('hi')` as `name` in a scratch dir.
fn built(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let js = dir.join("app.js");
    std::fs::write(&js, "console.log('hi')").unwrap();
    let out = dir.join(name);
    let build = run(edgeboxc().arg("build").arg(&js).arg("-o").arg(&out));
    assert!(build.status.success(), "{}", text(&build.stderr));
    assert!(
        !text(&build.stderr).contains("warning"),
        "{}",
        text(&build.stderr)
    );
    out
}

#[test]
fn runner_refuses_stale_and_damaged_native_artifacts() {
    let dir = scratch_dir("cli-native");
    for name in ["app.aot", "app.cwasm"] {
        let artifact = built(&dir, name);
        let bytes = std::fs::read(&artifact).unwrap();
        let ok = run(edgebox().arg(&artifact));
        assert_eq!(text(&ok.stdout), "hi\n", "{}", text(&ok.stderr));

        // Built by another EdgeBox version.
        let header_end = bytes.windows(2).position(|w| w == b"\n\n").unwrap();
        if name.ends_with(".aot") {
            // Prelinked for the address in `map-at`; mapped anywhere else, it is relocated
            // at load and runs the same.
            let header = String::from_utf8(bytes[..header_end].to_vec()).unwrap();
            assert!(header.contains("\nmap-at=0x20000000"), "{header}");
            let moved = header.replace("map-at=0x20000000", "map-at=0x30000000");
            let mut moved_bytes = moved.into_bytes();
            moved_bytes.extend_from_slice(&bytes[header_end..]);
            std::fs::write(&artifact, &moved_bytes).unwrap();
            let out = run(edgebox().arg(&artifact));
            assert_eq!(text(&out.stdout), "hi\n", "{}", text(&out.stderr));
            assert!(out.status.success());
        }
        let header = String::from_utf8(bytes[..header_end].to_vec()).unwrap();
        let stale = header.replace(
            &format!("edgebox={}", env!("CARGO_PKG_VERSION")),
            "edgebox=0.0.0-old",
        );
        let mut stale_bytes = stale.into_bytes();
        stale_bytes.extend_from_slice(&bytes[header_end..]);
        std::fs::write(&artifact, &stale_bytes).unwrap();
        let out = run(edgebox().arg(&artifact));
        assert_one_line_error(&out, 2, "edgebox: error:", "built by edgeboxc 0.0.0-old");

        // Built for a CPU with a feature this one lacks.
        let foreign = String::from_utf8(bytes[..header_end].to_vec())
            .unwrap()
            .replace("cpu-features=", "cpu-features=imaginary-feature ");
        let mut foreign_bytes = foreign.into_bytes();
        foreign_bytes.extend_from_slice(&bytes[header_end..]);
        std::fs::write(&artifact, &foreign_bytes).unwrap();
        let out = run(edgebox().arg(&artifact));
        assert_one_line_error(
            &out,
            2,
            "edgebox: error:",
            "built for a CPU with imaginary-feature",
        );

        if name.ends_with(".aot") {
            // Compiled and prelinked for another build of the WAMR runtime (other patches or
            // options): its helper table may differ, so it is refused, not run.
            let header = String::from_utf8(bytes[..header_end].to_vec()).unwrap();
            let other_build = header.replace("engine=wamr 2.4.3+", "engine=wamr 2.4.3+0");
            assert_ne!(other_build, header, "{header}");
            let mut other_bytes = other_build.into_bytes();
            other_bytes.extend_from_slice(&bytes[header_end..]);
            std::fs::write(&artifact, &other_bytes).unwrap();
            let out = run(edgebox().arg(&artifact));
            assert_one_line_error(
                &out,
                2,
                "edgebox: error:",
                "but this edgebox runs `wamr 2.4.3+",
            );
        }

        // Truncated header, truncated code, garbage code.
        for cut in [20, header_end + 10, bytes.len() / 2] {
            std::fs::write(&artifact, &bytes[..cut]).unwrap();
            let out = run(edgebox().arg(&artifact));
            assert_eq!(
                out.status.code(),
                Some(2),
                "{name} cut at {cut}: {}",
                text(&out.stderr)
            );
            assert_eq!(
                text(&out.stderr).lines().count(),
                1,
                "{name} cut at {cut}: {}",
                text(&out.stderr)
            );
        }
        let mut garbage = bytes[..header_end + 2].to_vec();
        garbage.extend(std::iter::repeat_n(0xa5u8, 4096));
        std::fs::write(&artifact, &garbage).unwrap();
        let out = run(edgebox().arg(&artifact));
        assert_eq!(
            out.status.code(),
            Some(2),
            "{name} garbage: {}",
            text(&out.stderr)
        );
        assert_eq!(
            text(&out.stderr).lines().count(),
            1,
            "{name} garbage: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn wasm_runs_on_both_engines() {
    let dir = scratch_dir("cli-engines");
    let wasm = built(&dir, "app.wasm");
    for engine in ["wamr", "wasmtime"] {
        let out = run(edgebox().args(["--engine", engine]).arg(&wasm));
        assert_eq!(text(&out.stdout), "hi\n", "{engine}: {}", text(&out.stderr));
    }
}

#[test]
fn runner_refuses_a_bad_config() {
    let dir = scratch_dir("cli-config");
    let wasm = built(&dir, "app.wasm");
    let config = dir.join("edgebox.json");
    std::fs::write(&config, "{\n  \"runtime\": { \"stak_size\": 1 }\n}\n").unwrap();
    let out = run(edgebox().arg("--config").arg(&config).arg(&wasm));
    assert_one_line_error(&out, 2, "edgebox: error:", "unknown field");
    std::fs::write(&config, r#"{"runtime": {"max_memory_pages": 70000}}"#).unwrap();
    let out = run(edgebox().arg("--config").arg(&config).arg(&wasm));
    assert_one_line_error(
        &out,
        2,
        "edgebox: error:",
        "runtime.max_memory_pages: 70000",
    );
    let out = run(edgebox()
        .arg("--config")
        .arg(dir.join("missing.json"))
        .arg(&wasm));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("missing.json"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn config_in_the_current_directory_applies() {
    let dir = scratch_dir("cli-config-cwd");
    let js = dir.join("app.js");
    std::fs::write(&js, "console.log(process.env.EDGEBOX_TEST_VAR ?? 'unset')").unwrap();
    let wasm = dir.join("app.wasm");
    assert!(
        run(edgeboxc().arg("build").arg(&js).arg("-o").arg(&wasm))
            .status
            .success()
    );
    std::fs::write(
        dir.join(".edgebox.json"),
        r#"{"env": ["EDGEBOX_TEST_VAR"]}"#,
    )
    .unwrap();
    let out = run(edgebox()
        .current_dir(&dir)
        .env("EDGEBOX_TEST_VAR", "from host")
        .arg(&wasm));
    assert_eq!(text(&out.stdout), "from host\n", "{}", text(&out.stderr));
    // Without the config the variable stays invisible.
    let out = run(edgebox().env("EDGEBOX_TEST_VAR", "from host").arg(&wasm));
    assert_eq!(text(&out.stdout), "unset\n", "{}", text(&out.stderr));
}

#[test]
fn config_runtime_limits_apply_and_bad_ones_are_refused() {
    let dir = scratch_dir("cli-config-limits");
    let js = dir.join("spin.js");
    std::fs::write(&js, "for (;;);").unwrap();
    let (plain, metered) = (dir.join("plain.wasm"), dir.join("metered.wasm"));
    assert!(
        run(edgeboxc().arg("build").arg(&js).arg("-o").arg(&plain))
            .status
            .success()
    );
    assert!(
        run(edgeboxc()
            .arg("build")
            .arg("--metered")
            .arg(&js)
            .arg("-o")
            .arg(&metered))
        .status
        .success()
    );
    let config = dir.join("limits.json");
    std::fs::write(&config, r#"{"runtime": {"max_instructions": 1000000}}"#).unwrap();
    let out = run(edgebox().arg("--config").arg(&config).arg(&metered));
    assert_one_line_error(
        &out,
        122,
        "edgebox: error:",
        "more than 1000000 instructions (runtime.max_instructions",
    );
    let out = run(edgebox().arg("--config").arg(&config).arg(&plain));
    assert_one_line_error(
        &out,
        2,
        "edgebox: error:",
        "rebuild it with `edgeboxc build --metered`",
    );
    std::fs::write(&config, r#"{"runtime": {"stack_size": 16777216}}"#).unwrap();
    let out = run(edgebox().arg("--config").arg(&config).arg(&plain));
    assert_one_line_error(
        &out,
        2,
        "edgebox: error:",
        "runtime.stack_size: 16777216 bytes is more than the guest's stack",
    );
    for bad in [
        ["--max-instructions", "0"],
        ["--heap-size", "1"],
        ["--stack-size", "-5"],
    ] {
        let out = run(edgebox().args(bad).arg(&plain));
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(
            !text(&out.stderr).contains("panicked"),
            "{}",
            text(&out.stderr)
        );
    }
}
