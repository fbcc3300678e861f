//! Test helpers for the end-to-end suite (see tests/e2e.rs).
