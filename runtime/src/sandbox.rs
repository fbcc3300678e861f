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
///
/// What each one means here (the seed README describes a different runtime):
/// - `max_memory_pages`: the engine caps linear memory growth (everything: JS heap, stack,
///   allocator slack).
/// - `heap_size`: QuickJS's own memory limit (`JS_SetMemoryLimit`), enforced inside the guest.
///   The seed meant WAMR's host-managed heap, which this guest does not use (it brings its own
///   allocator, so that heap is 0); the JS heap is what a user sizing "heap" cares about.
///   Exceeding it is a catchable `InternalError: out of memory`; uncaught, it ends the run
///   with the memory-limit exit code.
/// - `stack_size`: the stack the guest's JS may use; deeper recursion is a catchable
///   `RangeError`. The guest's stack is fixed when the guest is linked
///   ([`edgebox_abi::GUEST_STACK_BYTES`], which is also the default), so larger values are
///   refused rather than silently capped.
/// - `max_instructions`: an instruction budget, counted by code that `edgeboxc build
///   --metered` compiled into the artifact (compiler/src/meter.rs); an unmetered artifact
///   cannot honour it and is refused.
/// - `timeout`: wall time, enforced by the engines' watchdog.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Cap on linear memory, in 64 KiB pages.
    pub max_memory_pages: u32,
    /// QuickJS's heap limit, in bytes.
    pub heap_size: u64,
    /// The stack JS may use, in bytes.
    pub stack_size: u64,
    /// Instruction budget (`None`: unlimited).
    pub max_instructions: Option<u64>,
    /// Wall-clock limit for the whole run.
    pub timeout: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        let runtime = crate::config::Config::default().runtime;
        Limits {
            max_memory_pages: runtime.max_memory_pages,
            heap_size: runtime.heap_size,
            stack_size: runtime.stack_size,
            max_instructions: runtime.max_instructions,
            timeout: None,
        }
    }
}

/// Limits given on the command line; each overrides the config's value.
#[derive(Debug, Clone, Default)]
pub struct LimitFlags {
    pub max_memory_pages: Option<u32>,
    pub heap_size: Option<u64>,
    pub stack_size: Option<u64>,
    pub max_instructions: Option<u64>,
    pub timeout: Option<Duration>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LimitError {
    #[error(
        "{origin}: {value} bytes is more than the guest's stack of {max} bytes, which is fixed when the guest is built; use at most {max}",
        max = edgebox_abi::GUEST_STACK_BYTES
    )]
    StackTooLarge { origin: &'static str, value: u64 },
    #[error(
        "{path}: built without instruction metering, so it cannot run with an instruction limit (runtime.max_instructions / --max-instructions); rebuild it with `edgeboxc build --metered`"
    )]
    NotMetered { path: String },
}

impl Limits {
    /// The limits for a run: the config's `runtime` section, overridden by the flags.
    pub fn resolve(
        config: &crate::config::RuntimeLimits,
        flags: &LimitFlags,
    ) -> Result<Self, LimitError> {
        let (stack_size, stack_source) = match flags.stack_size {
            Some(v) => (v, "--stack-size"),
            None => (config.stack_size, "runtime.stack_size"),
        };
        if stack_size > edgebox_abi::GUEST_STACK_BYTES {
            return Err(LimitError::StackTooLarge {
                origin: stack_source,
                value: stack_size,
            });
        }
        Ok(Limits {
            max_memory_pages: flags.max_memory_pages.unwrap_or(config.max_memory_pages),
            heap_size: flags.heap_size.unwrap_or(config.heap_size),
            stack_size,
            max_instructions: flags.max_instructions.or(config.max_instructions),
            timeout: flags.timeout,
        })
    }

    /// What the guest enforces itself (handed over through the WASI environment).
    pub fn guest_limits(&self) -> edgebox_abi::RunLimits {
        edgebox_abi::RunLimits {
            heap_bytes: self.heap_size,
            stack_bytes: self.stack_size,
        }
    }
}

/// Which limit ended a run. Each has its own exit code (documented in the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitHit {
    Time,
    Memory,
    Instructions,
}

impl LimitHit {
    pub fn exit_code(self) -> i32 {
        match self {
            LimitHit::Time => crate::exit_code::TIME_LIMIT,
            LimitHit::Memory => crate::exit_code::MEMORY_LIMIT,
            LimitHit::Instructions => crate::exit_code::INSTRUCTION_LIMIT,
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
            LimitHit::Instructions => format!(
                "instruction limit exceeded: the app ran more than {} instructions (runtime.max_instructions / --max-instructions)",
                limits.max_instructions.unwrap_or(0)
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
    #[error("--env {0}: this name is reserved for edgebox itself")]
    Reserved(String),
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
        if name == edgebox_abi::RUN_LIMITS_ENV {
            return Err(SandboxError::Reserved(name.into()));
        }
        Ok(match value {
            Some(v) => EnvGrant::Set(name.into(), v.into()),
            None => EnvGrant::Forward(name.into()),
        })
    }
}

impl Sandbox {
    /// The guest's WASI environment: the app's `process.env` plus the limits the guest enforces
    /// itself (which the guest removes before the app starts).
    pub fn wasi_env(&self) -> Vec<(String, String)> {
        let mut env = self.env.clone();
        env.push((
            edgebox_abi::RUN_LIMITS_ENV.into(),
            self.limits.guest_limits().encode(),
        ));
        env
    }

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
            args.push(
                a.into_string()
                    .map_err(|a| SandboxError::NotUtf8(a.to_string_lossy().into_owned()))?,
            );
        }
        let mut env: Vec<(String, String)> = Vec::new();
        for grant in grants {
            let (name, value) = match grant {
                EnvGrant::Set(n, v) => (n.clone(), v.clone()),
                EnvGrant::Forward(n) => match host_env(n) {
                    Some(v) => (
                        n.clone(),
                        v.into_string()
                            .map_err(|_| SandboxError::NotUtf8(format!("${n}")))?,
                    ),
                    // Forwarding an unset variable leaves it unset, as `env -u` would.
                    None => continue,
                },
            };
            env.retain(|(n, _)| *n != name);
            env.push((name, value));
        }
        Ok(Self {
            args,
            env,
            limits: Limits::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_is_only_what_was_granted() {
        let grants = [
            EnvGrant::parse("HOME").unwrap(),
            EnvGrant::parse("MODE=test").unwrap(),
            EnvGrant::parse("UNSET").unwrap(),
        ];
        let host = |n: &str| (n == "HOME").then(|| OsString::from("/home/me"));
        let s = Sandbox::new(
            "edgebox".into(),
            "app.wasm".into(),
            vec!["a".into()],
            &grants,
            host,
        )
        .unwrap();
        assert_eq!(s.args, ["edgebox", "app.wasm", "a"]);
        assert_eq!(
            s.env,
            [
                ("HOME".to_string(), "/home/me".to_string()),
                ("MODE".into(), "test".into())
            ]
        );
    }

    #[test]
    fn later_grant_wins() {
        let grants = [
            EnvGrant::parse("A=1").unwrap(),
            EnvGrant::parse("A=2").unwrap(),
        ];
        let s = Sandbox::new("e".into(), "a".into(), vec![], &grants, |_| None).unwrap();
        assert_eq!(s.env, [("A".to_string(), "2".to_string())]);
    }

    #[test]
    fn rejects_bad_names() {
        assert_eq!(
            EnvGrant::parse("=x"),
            Err(SandboxError::BadEnvName("=x".into()))
        );
        assert_eq!(
            EnvGrant::parse(""),
            Err(SandboxError::BadEnvName("".into()))
        );
        assert_eq!(
            EnvGrant::parse("EDGEBOX_RUN_LIMITS=heap=1"),
            Err(SandboxError::Reserved("EDGEBOX_RUN_LIMITS".into()))
        );
    }

    #[test]
    fn flags_override_the_config_and_the_stack_is_capped() {
        let config = crate::config::Config::default().runtime;
        let limits = Limits::resolve(&config, &LimitFlags::default()).unwrap();
        assert_eq!(limits, Limits::default());
        let flags = LimitFlags {
            heap_size: Some(1 << 20),
            max_instructions: Some(5),
            ..Default::default()
        };
        let limits = Limits::resolve(&config, &flags).unwrap();
        assert_eq!(
            (limits.heap_size, limits.max_instructions, limits.stack_size),
            (1 << 20, Some(5), config.stack_size)
        );
        let big = crate::config::RuntimeLimits {
            stack_size: 16 << 20,
            ..config
        };
        let err = Limits::resolve(&big, &LimitFlags::default())
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "runtime.stack_size: 16777216 bytes is more than the guest's stack of 8388608 bytes, which is fixed when the guest is built; use at most 8388608"
        );
        let err = Limits::resolve(
            &config,
            &LimitFlags {
                stack_size: Some(9 << 20),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("--stack-size: 9437184 bytes"),
            "{err}"
        );
    }

    #[test]
    fn the_guest_gets_its_limits_but_the_app_does_not_see_them() {
        let mut s = Sandbox::new(
            "e".into(),
            "a".into(),
            vec![],
            &[EnvGrant::parse("A=1").unwrap()],
            |_| None,
        )
        .unwrap();
        s.limits.heap_size = 1 << 20;
        assert_eq!(s.env, [("A".to_string(), "1".to_string())]);
        let stack = edgebox_abi::GUEST_STACK_BYTES;
        assert_eq!(
            s.wasi_env(),
            [
                ("A".to_string(), "1".to_string()),
                (
                    "EDGEBOX_RUN_LIMITS".into(),
                    format!("heap=1048576 stack={stack}")
                )
            ]
        );
    }
}
