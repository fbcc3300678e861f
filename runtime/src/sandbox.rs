//! What the app is allowed to see. This is the single place where that is decided; engines
//! receive a [`Sandbox`] and apply it without judging it.
//!
//! Default: nothing. The app gets its own arguments, and only the environment variables the
//! user passed explicitly (`--env NAME` to forward one from the host, `--env NAME=VALUE` to set
//! one). No files, no network, no processes: the guest has no preopened directories.

use std::ffi::OsString;
use std::time::Duration;

/// The app's view of the world.
#[derive(Debug, Clone, Default)]
pub struct Sandbox {
    /// `process.argv`: `[edgebox executable, artifact path, ...app args]`.
    pub args: Vec<String>,
    /// `process.env`, in the order given.
    pub env: Vec<(String, String)>,
    /// Resource limits the engine enforces.
    pub limits: Limits,
}

/// Resource limits, from the `runtime` section of `.edgebox.json` and the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Cap on linear memory, in 64 KiB pages.
    pub max_memory_pages: u32,
    /// Wall-clock limit for the whole run.
    pub timeout: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_memory_pages: crate::config::Config::default().runtime.max_memory_pages, timeout: None }
    }
}

/// Which limit ended a run. Each has its own exit code (documented in the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitHit {
    Time,
    Memory,
}

impl LimitHit {
    pub fn exit_code(self) -> i32 {
        match self {
            LimitHit::Time => crate::exit_code::TIME_LIMIT,
            LimitHit::Memory => crate::exit_code::MEMORY_LIMIT,
        }
    }

    /// One line naming the limit and its value.
    pub fn message(self, limits: &Limits) -> String {
        match self {
            LimitHit::Time => format!(
                "time limit exceeded: the app ran longer than {} ms (--timeout)",
                limits.timeout.map_or(0, |t| t.as_millis())
            ),
            LimitHit::Memory => format!(
                "memory limit exceeded: the app needed more than {} pages ({} MiB) of memory (runtime.max_memory_pages / --max-memory-pages)",
                limits.max_memory_pages,
                u64::from(limits.max_memory_pages) * 64 / 1024
            ),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SandboxError {
    #[error("--env {0}: an environment variable name must be non-empty and contain no `=` or NUL")]
    BadEnvName(String),
    #[error("{0}: arguments and environment values must be valid UTF-8")]
    NotUtf8(String),
}

/// One `--env` option: forward a host variable, or set a value.
#[derive(Debug, Clone, PartialEq)]
pub enum EnvGrant {
    Forward(String),
    Set(String, String),
}

impl EnvGrant {
    pub fn parse(spec: &str) -> Result<Self, SandboxError> {
        let (name, value) = match spec.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (spec, None),
        };
        if name.is_empty() || name.contains('\0') || value.is_some_and(|v| v.contains('\0')) {
            return Err(SandboxError::BadEnvName(spec.into()));
        }
        Ok(match value {
            Some(v) => EnvGrant::Set(name.into(), v.into()),
            None => EnvGrant::Forward(name.into()),
        })
    }
}

impl Sandbox {
    /// Builds the app's view from the command line. `host_env` looks a variable up on the host
    /// (a parameter so tests do not depend on the real environment).
    pub fn new(
        exec_path: String,
        artifact_path: String,
        app_args: Vec<OsString>,
        grants: &[EnvGrant],
        host_env: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Self, SandboxError> {
        let mut args = vec![exec_path, artifact_path];
        for a in app_args {
            args.push(a.into_string().map_err(|a| SandboxError::NotUtf8(a.to_string_lossy().into_owned()))?);
        }
        let mut env: Vec<(String, String)> = Vec::new();
        for grant in grants {
            let (name, value) = match grant {
                EnvGrant::Set(n, v) => (n.clone(), v.clone()),
                EnvGrant::Forward(n) => match host_env(n) {
                    Some(v) => (n.clone(), v.into_string().map_err(|_| SandboxError::NotUtf8(format!("${n}")))?),
                    // Forwarding an unset variable leaves it unset, as `env -u` would.
                    None => continue,
                },
            };
            env.retain(|(n, _)| *n != name);
            env.push((name, value));
        }
        Ok(Self { args, env, limits: Limits::default() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_is_only_what_was_granted() {
        let grants = [EnvGrant::parse("HOME").unwrap(), EnvGrant::parse("MODE=test").unwrap(), EnvGrant::parse("UNSET").unwrap()];
        let host = |n: &str| (n == "HOME").then(|| OsString::from("/home/me"));
        let s = Sandbox::new("edgebox".into(), "app.wasm".into(), vec!["a".into()], &grants, host).unwrap();
        assert_eq!(s.args, ["edgebox", "app.wasm", "a"]);
        assert_eq!(s.env, [("HOME".to_string(), "/home/me".to_string()), ("MODE".into(), "test".into())]);
    }

    #[test]
    fn later_grant_wins() {
        let grants = [EnvGrant::parse("A=1").unwrap(), EnvGrant::parse("A=2").unwrap()];
        let s = Sandbox::new("e".into(), "a".into(), vec![], &grants, |_| None).unwrap();
        assert_eq!(s.env, [("A".to_string(), "2".to_string())]);
    }

    #[test]
    fn rejects_bad_names() {
        assert_eq!(EnvGrant::parse("=x"), Err(SandboxError::BadEnvName("=x".into())));
        assert_eq!(EnvGrant::parse(""), Err(SandboxError::BadEnvName("".into())));
    }
}
