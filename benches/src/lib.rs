//! The EdgeBox benchmark harness as a library: the binary (`src/main.rs`) only parses flags.
//!
//! A run goes: discover the workloads ([`workload`]) → set up every runtime once and prepare
//! each workload for it, untimed ([`runtime`], [`tools`]) → time whole processes, interleaved
//! over the runtimes ([`harness`], [`measure`]) → write the table, the chart and the raw
//! numbers ([`report`], [`chart`]); [`readme`] copies the table into the top-level README.

pub mod chart;
pub mod harness;
pub mod machine;
pub mod measure;
pub mod readme;
pub mod report;
pub mod runtime;
pub mod tools;
pub mod workload;
