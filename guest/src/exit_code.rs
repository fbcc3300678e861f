//! The guest's own exit codes (the app's `process.exitCode` / `process.exit(n)` aside).

/// An uncaught exception or unhandled rejection, as in Node.
pub const EXIT_UNCAUGHT: i32 = 1;
/// The module itself is unusable (no app, wrong bytecode version).
pub const EXIT_BAD_ARTIFACT: i32 = 2;
/// An internal failure of the guest's own setup.
pub const EXIT_INTERNAL: i32 = 70;
/// The JS heap limit (`runtime.heap_size`) ran out and the app did not catch the error; the
/// runner's memory-limit code (runtime/src/lib.rs `exit_code::MEMORY_LIMIT`).
pub const EXIT_MEMORY_LIMIT: i32 = 123;
