//! QuickJS-NG's own test programs (from the pinned package's `quickjs/tests`) through the whole
//! pipeline with the freezer on: each must exit 0, and the freeze report must show frozen
//! functions, so the freezer is exercised by code it was not written against.
//!
//! Only the self-contained programs are here: test_builtin.js, test_bigint.js and most others
//! `import` assert.js or qjs:std, and EdgeBox has no bundler yet (a later issue).

use edgebox_testsuite::{edgebox, edgeboxc, run, scratch_dir, text};
use std::path::Path;

/// The test's file name and what it needs from the `qjs` shell that EdgeBox does not provide.
const PROGRAMS: &[(&str, &str)] = &[
    ("test_loop.js", ""),
    ("test_closure.js", ""),
    // Calls qjs's `gc()` (the cycle collector); a no-op stands in for it.
    ("test_language.js", "globalThis.gc = function () {};\n"),
];

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
    let dir = scratch_dir("quickjs-tests");
    for (name, prelude) in PROGRAMS {
        let source =
            std::fs::read_to_string(tests.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let js = dir.join(name);
        std::fs::write(&js, format!("{prelude}{source}")).unwrap();
        let wasm = dir.join(format!("{name}.wasm"));
        let build = run(edgeboxc()
            .arg("build")
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
        let out = run(edgebox().arg(&wasm));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name} failed with the freezer on ({frozen} functions frozen):\n{}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        eprintln!("{name}: passed, {frozen} functions frozen");
    }
}
