//! Engines run an [`Artifact`] inside a [`Sandbox`]. They hold no policy: what the app may see
//! is decided by the sandbox before an engine is involved.

pub mod wasmtime;

use crate::artifact::Artifact;
use crate::sandbox::Sandbox;

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The app exited (normally, via `process.exit`, or with an uncaught error: code 1).
    Exited(i32),
    /// The guest trapped; the message says where.
    Trapped(String),
}

pub trait Engine {
    fn run(&self, artifact: &Artifact, sandbox: &Sandbox) -> anyhow::Result<Outcome>;
}
