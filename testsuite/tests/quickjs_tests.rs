//! QuickJS-NG's own test programs (from the pinned package's `quickjs/tests`) through the whole
//! pipeline with the freezer on, on both engines: each must exit 0, and the freeze report must
//! show frozen functions, so the freezer is exercised by code it was not written against.
//!
//! EdgeBox has no bundler yet (a later issue), and some programs use the `qjs` shell's own
//! modules. Each program is therefore composed here from its file and a [`Shim`]: the shell
//! features it needs stand in, and `import`s of `./assert.js` are replaced by assert.js's
//! functions appended at the end (function declarations are hoisted). Lines are replaced,
//! never inserted or removed, so the line numbers the programs assert on stay true.

use edgebox_testsuite::{edgebox, edgeboxc, run, scratch_dir, text};
use std::path::Path;

/// What a program needs from the `qjs` shell that EdgeBox does not provide.
struct Shim {
    name: &'static str,
    /// ES module (strict code; several assertions depend on it) or script.
    module: bool,
    /// Put first, at the start of the program's first line (so no line moves).
    prelude: &'static str,
    /// Lines (1-based, inclusive) blanked out: probes of the qjs shell's internals.
    blank: Option<(usize, usize)>,
}

const PROGRAMS: &[Shim] = &[
    Shim {
        name: "test_loop.js",
        module: false,
        prelude: "",
        blank: None,
    },
    Shim {
        name: "test_closure.js",
        module: false,
        prelude: "",
        blank: None,
    },
    // Calls qjs's `gc()` (the cycle collector); a no-op stands in for it.
    Shim {
        name: "test_language.js",
        module: false,
        prelude: "globalThis.gc = function () {};",
        blank: None,
    },
    Shim {
        name: "test_bigint.js",
        module: true,
        prelude: "",
        blank: None,
    },
    // `import * as os from "qjs:os"` is only used for `os.platform`. Lines 382–385 assert on
    // `qjs.getStringKind`, a probe of the interpreter's string representation that only the
    // qjs shell exports (from run-test262.c's black box); EdgeBox does not expose it.
    Shim {
        name: "test_builtin.js",
        module: true,
        prelude: "const os = { platform: \"linux\" };",
        blank: Some((382, 385)),
    },
];

/// The program's text with its shim applied (see the module comment).
fn compose(shim: &Shim, source: &str, assert_js: &str) -> String {
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    if let Some((first, last)) = shim.blank {
        for line in &mut lines[first - 1..last] {
            line.clear();
        }
    }
    let mut needs_assert = false;
    for line in &mut lines {
        if line.starts_with("import ") {
            assert!(
                line.contains("\"./assert.js\"") || line.contains("\"qjs:os\""),
                "{}: an import this shim does not know: {line}",
                shim.name
            );
            needs_assert |= line.contains("\"./assert.js\"");
            line.clear();
        }
    }
    lines[0].insert_str(0, shim.prelude);
    let mut text = lines.join("\n");
    text.push('\n');
    if needs_assert {
        text.push_str(&assert_js.replace("export function", "function"));
    }
    text
}

fn frozen_count(report: &str) -> usize {
    let last = report.lines().last().unwrap_or_default();
    last.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no summary line in:\n{report}"))
}

#[test]
fn quickjs_test_programs_pass_with_the_freezer_on() {
    let tests = Path::new(env!("EDGEBOX_QUICKJS_TESTS"));
    let read = |name: &str| {
        std::fs::read_to_string(tests.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let assert_js = read("assert.js");
    let dir = scratch_dir("quickjs-tests");
    for shim in PROGRAMS {
        let name = shim.name;
        let js = dir.join(name);
        std::fs::write(&js, compose(shim, &read(name), &assert_js)).unwrap();
        let wasm = dir.join(format!("{name}.wasm"));
        let build = run(edgeboxc()
            .arg("build")
            .arg(if shim.module { "--module" } else { "--script" })
            .arg("--freeze-report")
            .arg(&js)
            .arg("-o")
            .arg(&wasm));
        assert!(
            build.status.success(),
            "{name}: edgeboxc failed:\n{}",
            text(&build.stderr)
        );
        let frozen = frozen_count(&text(&build.stdout));
        assert!(
            frozen > 0,
            "{name}: nothing was frozen:\n{}",
            text(&build.stdout)
        );
        for engine in ["wamr", "wasmtime"] {
            let out = run(edgebox().args(["--engine", engine]).arg(&wasm));
            assert_eq!(
                out.status.code(),
                Some(0),
                "{name} failed on {engine} with the freezer on ({frozen} functions frozen):\n{}{}",
                text(&out.stdout),
                text(&out.stderr)
            );
        }
        eprintln!("{name}: passed on both engines, {frozen} functions frozen");
    }
}

#[test]
fn compose_keeps_line_numbers() {
    let shim = Shim {
        name: "t.js",
        module: true,
        prelude: "const os = {};",
        blank: Some((3, 3)),
    };
    let source =
        "import * as os from \"qjs:os\";\nimport { assert } from \"./assert.js\";\nprobe();\nf();";
    let out = compose(&shim, source, "export function assert() {}\n");
    assert_eq!(out, "const os = {};\n\n\nf();\nfunction assert() {}\n");
}
