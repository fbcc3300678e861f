//! `.edgebox.json`: what an app may touch, parsed strictly into typed structs.
//!
//! The file is deserialized into private `Raw*` structs with wide integer types, then checked
//! and narrowed into the public types. Splitting it this way lets every range error name the
//! key the user wrote (`runtime.stack_size`), which serde's own messages cannot do. Mistakes in
//! the shape of the file (unknown keys, wrong types, duplicate keys) come from serde instead
//! and carry a line and column. Every message is one line starting with the file's path.
//!
//! This module only reads the file; what an empty list *means* is the sandbox's decision.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// The file looked for in the working directory when no `--config` is given.
pub const FILE_NAME: &str = ".edgebox.json";

/// Wasm pages are 64 KiB and wasm32 addresses 4 GiB, so no module can have more pages.
pub const WASM32_MAX_PAGES: u32 = 65536;
const KIB: i64 = 1024;
const MIB: i64 = 1024 * KIB;
const GIB: i64 = 1024 * MIB;
/// Below this QuickJS overflows its stack before running any user code.
const MIN_STACK: i64 = 64 * KIB;
/// Far above any real need; a larger value is almost surely a typo (an extra zero).
const MAX_STACK: i64 = GIB;
/// Below this the host cannot even hold the module's metadata.
const MIN_HEAP: i64 = MIB;
/// The whole wasm32 address space; more could never be used.
const MAX_HEAP: i64 = 4 * GIB;

/// A parsed `.edgebox.json`. [`Config::default`] grants no access at all.
///
/// Lists keep what the file says; an absent key and `[]` are the same here. The seed README
/// reads an empty `allowCommands`/`allowedUrls` as "allow all", which contradicts default-deny;
/// the sandbox must settle that, not this parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub name: Option<String>,
    /// npm package used as the entry point.
    pub npm: Option<String>,
    pub runtime: RuntimeLimits,
    pub dirs: Vec<DirGrant>,
    /// Names of host environment variables passed to the app.
    pub env: Vec<String>,
    /// Bare command names (matched by basename).
    pub allow_commands: Vec<String>,
    pub deny_commands: Vec<String>,
    /// Binary name → what it may be run with. Unlisted binaries are denied.
    pub commands: BTreeMap<String, CommandGrant>,
    /// Glob patterns such as `https://api.anthropic.com/*`.
    pub allowed_urls: Vec<String>,
    pub blocked_urls: Vec<String>,
    pub use_keychain: bool,
    /// Requests per second; 0 = unlimited.
    pub rate_limit_rps: u32,
    pub max_connections: u32,
    pub daemon: DaemonConfig,
}

/// Memory and CPU limits of one instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeLimits {
    pub stack_size: u64,
    pub heap_size: u64,
    /// Cap on linear memory growth, in 64 KiB pages.
    pub max_memory_pages: u32,
    /// `None` = unlimited (`-1` in the file).
    pub max_instructions: Option<u64>,
}

/// Access to one directory tree. The path is kept as written; see [`DirGrant::expanded_path`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirGrant {
    pub path: String,
    #[serde(default)]
    pub read: bool,
    #[serde(default)]
    pub write: bool,
    /// May spawn commands here.
    #[serde(default)]
    pub execute: bool,
}

/// What a binary listed in `commands` may be run with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandGrant {
    /// `true`: any arguments.
    AnyArguments,
    /// Only when the first argument is one of these.
    Subcommands(Vec<String>),
}

/// Settings of `edgeboxd`; its command-line flags override these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaemonConfig {
    /// Instances kept instantiated ahead of requests.
    pub pool_size: u32,
    pub exec_timeout_ms: u64,
    pub port: u16,
}

/// Why a config could not be used. `Display` is one line, starting with the file's path.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: no such file", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: cannot read: {error}", path.display())]
    Read { path: PathBuf, error: io::Error },
    /// The file as a whole is unusable (empty, not an object).
    #[error("{}: {message}", path.display())]
    Document { path: PathBuf, message: String },
    /// Not JSON, or not the shape of the schema; positions are serde_json's (1-based).
    #[error("{}: line {line} column {column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed, but a value is out of range; `key` is a path like `dirs[2].path`.
    #[error("{}: {key}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        key: String,
        message: String,
    },
}

impl Config {
    /// Parses `text`; `origin` is only used in error messages.
    pub fn parse(text: &str, origin: &Path) -> Result<Config, ConfigError> {
        let path = origin.to_path_buf();
        // Some Windows editors start files with a byte-order mark, which serde_json rejects.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            let message = "the file is empty; write {} for the defaults (no access at all)";
            return Err(ConfigError::Document {
                path,
                message: message.into(),
            });
        }
        // The README's own examples carry `//` comments, so say so instead of "expected value".
        if let Some((line, column)) = find_comment(text) {
            let message = "comments are not allowed in .edgebox.json (it is plain JSON)".into();
            return Err(ConfigError::Syntax {
                path,
                line,
                column,
                message,
            });
        }
        if !text.trim_start().starts_with('{')
            && let Ok(value) = serde_json::from_str::<serde_json::Value>(text)
        {
            let message = format!(
                "the top level must be a JSON object {{...}}, found {}",
                kind(&value)
            );
            return Err(ConfigError::Document { path, message });
        }
        let raw: RawConfig = serde_json::from_str(text).map_err(|e| syntax_error(e, &path))?;
        raw.check()
            .map_err(|Bad { key, message }| ConfigError::Invalid { path, key, message })
    }

    /// Reads and parses the file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(ConfigError::NotFound { path: path.into() })
            }
            Err(error) => Err(ConfigError::Read {
                path: path.into(),
                error,
            }),
        }
    }

    /// `--config FILE` if given (relative to `cwd`), else `.edgebox.json` in `cwd` if it exists,
    /// else the defaults (no access at all).
    pub fn discover(explicit: Option<&Path>, cwd: &Path) -> Result<Config, ConfigError> {
        match explicit {
            Some(file) => Config::load(&cwd.join(file)),
            // Only absence falls back to defaults: a file that exists but cannot be read is an
            // error, because silently ignoring the user's grants would be worse.
            None => match Config::load(&cwd.join(FILE_NAME)) {
                Err(ConfigError::NotFound { .. }) => Ok(Config::default()),
                other => other,
            },
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        // One source of truth for defaults: the raw defaults, through the same checks.
        RawConfig::default()
            .check()
            .expect("the built-in defaults are valid")
    }
}

impl DirGrant {
    /// The path with a leading `$HOME`, `$PWD` or `~` replaced. The values are parameters so
    /// the parser never reads the real environment.
    pub fn expanded_path(&self, home: &Path, pwd: &Path) -> PathBuf {
        for (prefix, base) in [("~", home), ("$HOME", home), ("$PWD", pwd)] {
            if let Some(rest) = self.path.strip_prefix(prefix) {
                if rest.is_empty() {
                    return base.to_path_buf();
                }
                if let Some(rest) = rest.strip_prefix('/') {
                    return base.join(rest);
                }
            }
        }
        PathBuf::from(&self.path)
    }

    /// A leading `$` or `~` that [`DirGrant::expanded_path`] would leave as literal text.
    fn has_unexpanded_variable(&self) -> bool {
        let p = self.path.as_str();
        (p.starts_with('$') || p.starts_with('~'))
            && self.expanded_path(Path::new("/h"), Path::new("/p")) == Path::new(p)
    }
}

// ---- raw form: what serde reads ------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "camelCase")]
struct RawConfig {
    name: Option<String>,
    npm: Option<String>,
    runtime: RawRuntime,
    dirs: Vec<DirGrant>,
    env: Vec<String>,
    allow_commands: Vec<String>,
    deny_commands: Vec<String>,
    #[serde(deserialize_with = "unique_keys")]
    commands: BTreeMap<String, RawGrant>,
    allowed_urls: Vec<String>,
    blocked_urls: Vec<String>,
    use_keychain: bool,
    rate_limit_rps: i64,
    max_connections: i64,
    daemon: RawDaemon,
}

impl Default for RawConfig {
    fn default() -> RawConfig {
        RawConfig {
            name: None,
            npm: None,
            runtime: RawRuntime::default(),
            dirs: Vec::new(),
            env: Vec::new(),
            allow_commands: Vec::new(),
            deny_commands: Vec::new(),
            commands: BTreeMap::new(),
            allowed_urls: Vec::new(),
            blocked_urls: Vec::new(),
            use_keychain: false,
            // The seed README's defaults: no rate limit, 100 connections.
            rate_limit_rps: 0,
            max_connections: 100,
            daemon: RawDaemon::default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawRuntime {
    stack_size: i64,
    heap_size: i64,
    max_memory_pages: i64,
    max_instructions: i64,
}

impl Default for RawRuntime {
    fn default() -> RawRuntime {
        // The seed README's documented defaults: 8 MiB, 256 MiB, 2 GiB of pages, unlimited.
        RawRuntime {
            stack_size: 8 * MIB,
            heap_size: 256 * MIB,
            max_memory_pages: 32768,
            max_instructions: -1,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawDaemon {
    pool_size: i64,
    exec_timeout_ms: i64,
    port: i64,
}

impl Default for RawDaemon {
    fn default() -> RawDaemon {
        // pool_size and port are edgeboxd's documented defaults; the timeout is the README's example.
        RawDaemon {
            pool_size: 32,
            exec_timeout_ms: 30_000,
            port: 8080,
        }
    }
}

/// A `commands` value before `false` is ruled out (that needs the key to explain).
enum RawGrant {
    Bool(bool),
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for RawGrant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawGrant, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawGrant;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true or a list of allowed subcommands")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<RawGrant, E> {
                Ok(RawGrant::Bool(b))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawGrant, A::Error> {
                let mut list = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    list.push(s);
                }
                Ok(RawGrant::List(list))
            }
        }
        d.deserialize_any(V)
    }
}

/// A map that rejects a repeated key: serde_json would otherwise keep the last value and drop
/// the first without a word. (Struct fields need no help; serde's derive rejects those.)
fn unique_keys<'de, D, T>(d: D) -> Result<BTreeMap<String, T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = BTreeMap<String, T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<String, T>()? {
                if out.contains_key(&key) {
                    return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(V(std::marker::PhantomData))
}

// ---- checks: raw → typed, naming the key on failure ----------------------------------------

#[derive(Debug)]
struct Bad {
    key: String,
    message: String,
}

fn bad(key: impl Into<String>, message: impl Into<String>) -> Bad {
    Bad {
        key: key.into(),
        message: message.into(),
    }
}

/// `value` if it lies in `min..=max`; the texts finish "is below ..." / "is above ...".
fn in_range(
    key: &str,
    value: i64,
    (min, max): (i64, i64),
    (below, above): (String, String),
) -> Result<i64, Bad> {
    match value {
        v if v < min => Err(bad(key, format!("{v} is below {below}"))),
        v if v > max => Err(bad(key, format!("{v} is above {above}"))),
        v => Ok(v),
    }
}

/// `n bytes (k KiB)`, so a user who wrote 16777216 sees which size that was.
fn bytes(n: i64) -> String {
    let (value, unit) = [(GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")]
        .into_iter()
        .find(|(size, _)| n % size == 0)
        .map_or((n, "B"), |(size, unit)| (n / size, unit));
    format!("{n} bytes ({value} {unit})")
}

fn limits(min: String, max: String) -> (String, String) {
    (
        format!("the minimum of {min}"),
        format!("the maximum of {max}"),
    )
}

impl RawConfig {
    fn check(self) -> Result<Config, Bad> {
        for (key, value) in [("name", &self.name), ("npm", &self.npm)] {
            if value.as_deref() == Some("") {
                return Err(bad(key, "must not be empty; leave the key out instead"));
            }
        }
        for (i, dir) in self.dirs.iter().enumerate() {
            if dir.path.is_empty() {
                return Err(bad(format!("dirs[{i}].path"), "must not be empty"));
            }
            if dir.has_unexpanded_variable() {
                let message = format!(
                    "{:?}: only a leading $HOME, $PWD or ~ is expanded",
                    dir.path
                );
                return Err(bad(format!("dirs[{i}].path"), message));
            }
        }
        for (i, name) in self.env.iter().enumerate() {
            if name.is_empty() || name.contains(['=', '\0']) {
                let message = format!(
                    "{name:?} is not a variable name (it must be non-empty, without '=' or NUL)"
                );
                return Err(bad(format!("env[{i}]"), message));
            }
        }
        for (list, names) in [
            ("allowCommands", &self.allow_commands),
            ("denyCommands", &self.deny_commands),
        ] {
            for (i, name) in names.iter().enumerate() {
                check_command_name(&format!("{list}[{i}]"), name)?;
            }
        }
        let mut commands = BTreeMap::new();
        for (name, grant) in self.commands {
            let key = format!("commands[{name:?}]");
            check_command_name(&key, &name)?;
            let grant = match grant {
                RawGrant::Bool(true) => CommandGrant::AnyArguments,
                RawGrant::Bool(false) => {
                    return Err(bad(
                        key,
                        format!("false is not allowed; leave {name:?} out to deny it"),
                    ));
                }
                RawGrant::List(subs) if subs.is_empty() => {
                    let message = "an empty list allows nothing; use true for any arguments, or leave the command out";
                    return Err(bad(key, message));
                }
                RawGrant::List(subs) => {
                    if let Some(i) = subs.iter().position(String::is_empty) {
                        return Err(bad(format!("{key}[{i}]"), "a subcommand must not be empty"));
                    }
                    CommandGrant::Subcommands(subs)
                }
            };
            commands.insert(name, grant);
        }
        for (list, patterns) in [
            ("allowedUrls", &self.allowed_urls),
            ("blockedUrls", &self.blocked_urls),
        ] {
            if let Some(i) = patterns.iter().position(String::is_empty) {
                return Err(bad(
                    format!("{list}[{i}]"),
                    "a URL pattern must not be empty",
                ));
            }
        }
        let u32_max = i64::from(u32::MAX);
        let texts = limits("0 (0 means unlimited)".into(), u32_max.to_string());
        let rate_limit_rps = in_range("rateLimitRps", self.rate_limit_rps, (0, u32_max), texts)?;
        let texts = limits(1.to_string(), u32_max.to_string());
        let max_connections =
            in_range("maxConnections", self.max_connections, (1, u32_max), texts)?;
        let (runtime, daemon) = (self.runtime.check()?, self.daemon.check()?);
        Ok(Config {
            name: self.name,
            npm: self.npm,
            runtime,
            dirs: self.dirs,
            env: self.env,
            allow_commands: self.allow_commands,
            deny_commands: self.deny_commands,
            commands,
            allowed_urls: self.allowed_urls,
            blocked_urls: self.blocked_urls,
            use_keychain: self.use_keychain,
            rate_limit_rps: rate_limit_rps as u32,
            max_connections: max_connections as u32,
            daemon,
        })
    }
}

/// Commands are matched by basename, so a path or an empty name could never match anything.
fn check_command_name(key: &str, name: &str) -> Result<(), Bad> {
    if name.is_empty() {
        return Err(bad(key, "a command name must not be empty"));
    }
    if name.contains('/') {
        return Err(bad(
            key,
            format!("{name:?} is a path; commands are matched by basename, write just the name"),
        ));
    }
    Ok(())
}

impl RawRuntime {
    fn check(self) -> Result<RuntimeLimits, Bad> {
        let range = (MIN_STACK, MAX_STACK);
        let stack_size = in_range(
            "runtime.stack_size",
            self.stack_size,
            range,
            limits(bytes(range.0), bytes(range.1)),
        )?;
        let range = (MIN_HEAP, MAX_HEAP);
        let heap_size = in_range(
            "runtime.heap_size",
            self.heap_size,
            range,
            limits(bytes(range.0), bytes(range.1)),
        )?;
        let most = WASM32_MAX_PAGES;
        let texts = (
            "the minimum of 1 page".into(),
            format!("the wasm32 limit of {most} pages"),
        );
        let pages = in_range(
            "runtime.max_memory_pages",
            self.max_memory_pages,
            (1, most.into()),
            texts,
        )?;
        let max_instructions = match self.max_instructions {
            -1 => None,
            n if n >= 1 => Some(n as u64),
            n => {
                let message =
                    format!("{n} is not allowed; use -1 for unlimited or a positive count");
                return Err(bad("runtime.max_instructions", message));
            }
        };
        Ok(RuntimeLimits {
            stack_size: stack_size as u64,
            heap_size: heap_size as u64,
            max_memory_pages: pages as u32,
            max_instructions,
        })
    }
}

impl RawDaemon {
    fn check(self) -> Result<DaemonConfig, Bad> {
        let most = u32::MAX.into();
        let pool_size = in_range(
            "daemon.pool_size",
            self.pool_size,
            (1, most),
            limits("1 instance".into(), most.to_string()),
        )?;
        // Any positive i64 fits the u64 field, so only the minimum can be broken.
        let texts = limits("1 ms".into(), String::new());
        let exec_timeout_ms = in_range(
            "daemon.exec_timeout_ms",
            self.exec_timeout_ms,
            (1, i64::MAX),
            texts,
        )?;
        let most = u16::MAX.into();
        let port = in_range(
            "daemon.port",
            self.port,
            (1, most),
            limits("1".into(), most.to_string()),
        )?;
        Ok(DaemonConfig {
            pool_size: pool_size as u32,
            exec_timeout_ms: exec_timeout_ms as u64,
            port: port as u16,
        })
    }
}

// ---- syntax helpers ------------------------------------------------------------------------

/// serde_json's message without its " at line L column C" tail (we print the position first),
/// with serde's backticks turned into the JSON quotes the user typed.
fn syntax_error(e: serde_json::Error, path: &Path) -> ConfigError {
    let (line, column) = (e.line(), e.column());
    let full = e.to_string();
    let tail = format!(" at line {line} column {column}");
    let message = full.strip_suffix(&tail).unwrap_or(&full).replace('`', "\"");
    ConfigError::Syntax {
        path: path.into(),
        line,
        column,
        message,
    }
}

/// Where the first `//` or `/*` outside a string starts (1-based), if any. JSON never allows
/// '/' outside a string, so this cannot misjudge a valid file.
fn find_comment(text: &str) -> Option<(usize, usize)> {
    let (mut line, mut column) = (1, 0);
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            (line, column) = (line + 1, 0);
        } else {
            column += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '/' && matches!(chars.peek(), Some('/' | '*')) {
            return Some((line, column));
        }
    }
    None
}

fn kind(value: &serde_json::Value) -> &'static str {
    use serde_json::Value::*;
    match value {
        Null => "null",
        Bool(_) => "a boolean",
        Number(_) => "a number",
        String(_) => "a string",
        Array(_) => "an array",
        Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new(".edgebox.json"))
    }

    /// The one-line message for a file that must be rejected.
    fn error(text: &str) -> String {
        match parse(text) {
            Ok(config) => panic!("accepted {text}: {config:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn runtime(body: &str) -> String {
        error(&format!(r#"{{"runtime": {{{body}}}}}"#))
    }

    #[test]
    fn defaults_grant_nothing_and_use_documented_limits() {
        let d = Config::default();
        assert_eq!(
            d.runtime,
            RuntimeLimits {
                stack_size: 8388608,
                heap_size: 268435456,
                max_memory_pages: 32768,
                max_instructions: None
            }
        );
        assert_eq!(
            d.daemon,
            DaemonConfig {
                pool_size: 32,
                exec_timeout_ms: 30000,
                port: 8080
            }
        );
        assert_eq!(
            (d.rate_limit_rps, d.max_connections, d.use_keychain),
            (0, 100, false)
        );
        assert!(d.dirs.is_empty() && d.env.is_empty() && d.commands.is_empty());
        assert!(d.allow_commands.is_empty() && d.deny_commands.is_empty());
        assert!(d.allowed_urls.is_empty() && d.blocked_urls.is_empty());
        assert_eq!((d.name.as_deref(), d.npm.as_deref()), (None, None));
        assert_eq!(parse("{}").unwrap(), d);
        assert_eq!(parse(" \n{ }\n").unwrap(), d);
    }

    /// Every example of the seed README's "App Configuration" section merged into one file,
    /// with the daemon example's comments removed.
    const README_EXAMPLE: &str = r#"{
  "name": "my-app",
  "npm": "@anthropic-ai/claude-code",
  "runtime": {"stack_size": 16777216, "heap_size": 268435456, "max_memory_pages": 32768, "max_instructions": -1},
  "dirs": [
    {"path": "/", "read": true, "write": false, "execute": true},
    {"path": "/tmp", "read": true, "write": true, "execute": true},
    {"path": "$HOME", "read": true, "write": true, "execute": true},
    {"path": "$PWD", "read": true, "write": true, "execute": true}
  ],
  "env": ["ANTHROPIC_API_KEY", "HOME", "USER", "PATH"],
  "allowCommands": ["git", "npm", "node", "curl", "cat", "ls"],
  "denyCommands": ["sudo", "su", "rm"],
  "allowedUrls": ["https://api.anthropic.com/*", "https://api.openai.com/*"],
  "blockedUrls": ["https://internal.corp/*"],
  "useKeychain": true,
  "rateLimitRps": 10,
  "maxConnections": 50,
  "commands": {"git": ["clone", "status", "add", "commit"], "npm": ["install", "run"], "node": true, "curl": true},
  "daemon": {"pool_size": 32, "exec_timeout_ms": 30000, "port": 8080}
}"#;

    #[test]
    fn readme_example_parses_fully() {
        let c = parse(README_EXAMPLE).unwrap();
        assert_eq!(c.name.as_deref(), Some("my-app"));
        assert_eq!(c.npm.as_deref(), Some("@anthropic-ai/claude-code"));
        assert_eq!(
            c.runtime,
            RuntimeLimits {
                stack_size: 16777216,
                heap_size: 268435456,
                max_memory_pages: 32768,
                max_instructions: None
            }
        );
        assert_eq!(c.dirs.len(), 4);
        assert_eq!(
            c.dirs[0],
            DirGrant {
                path: "/".into(),
                read: true,
                write: false,
                execute: true
            }
        );
        assert_eq!(c.env, ["ANTHROPIC_API_KEY", "HOME", "USER", "PATH"]);
        assert_eq!(
            c.allow_commands,
            ["git", "npm", "node", "curl", "cat", "ls"]
        );
        assert_eq!(c.deny_commands, ["sudo", "su", "rm"]);
        assert_eq!(
            c.allowed_urls,
            ["https://api.anthropic.com/*", "https://api.openai.com/*"]
        );
        assert_eq!(c.blocked_urls, ["https://internal.corp/*"]);
        assert!(c.use_keychain);
        assert_eq!((c.rate_limit_rps, c.max_connections), (10, 50));
        let git = CommandGrant::Subcommands(vec![
            "clone".into(),
            "status".into(),
            "add".into(),
            "commit".into(),
        ]);
        assert_eq!(c.commands["git"], git);
        assert_eq!(c.commands["node"], CommandGrant::AnyArguments);
        assert_eq!(c.commands.len(), 4);
        assert_eq!(
            c.daemon,
            DaemonConfig {
                pool_size: 32,
                exec_timeout_ms: 30000,
                port: 8080
            }
        );
    }

    #[test]
    fn comments_are_named_as_such() {
        // The seed README's daemon example, verbatim.
        let daemon = r#"{
  "daemon": {
    "pool_size": 32,           // Pre-instantiated instances per batch
    "exec_timeout_ms": 30000,  // Max execution time per request
    "port": 8080
  }
}"#;
        assert_eq!(
            error(daemon),
            ".edgebox.json: line 3 column 32: comments are not allowed in .edgebox.json (it is plain JSON)"
        );
        let uncommented: String = daemon
            .lines()
            .map(|l| l.split("//").next().unwrap())
            .collect();
        assert_eq!(
            parse(&uncommented).unwrap().daemon,
            DaemonConfig {
                pool_size: 32,
                exec_timeout_ms: 30000,
                port: 8080
            }
        );
        assert_eq!(
            error("/* x */ {}"),
            ".edgebox.json: line 1 column 1: comments are not allowed in .edgebox.json (it is plain JSON)"
        );
        // Slashes inside strings, even after an escaped quote, are data.
        let url = parse(r#"{"allowedUrls": ["https://a/\"//*"]}"#).unwrap();
        assert_eq!(url.allowed_urls, [r#"https://a/"//*"#]);
    }

    #[test]
    fn byte_order_mark_is_tolerated() {
        assert_eq!(parse("\u{feff}{}").unwrap(), Config::default());
    }

    #[test]
    fn runtime_ranges() {
        assert_eq!(
            runtime(r#""max_memory_pages": 70000"#),
            ".edgebox.json: runtime.max_memory_pages: 70000 is above the wasm32 limit of 65536 pages"
        );
        assert_eq!(
            runtime(r#""max_memory_pages": 0"#),
            ".edgebox.json: runtime.max_memory_pages: 0 is below the minimum of 1 page"
        );
        assert_eq!(
            runtime(r#""stack_size": 65535"#),
            ".edgebox.json: runtime.stack_size: 65535 is below the minimum of 65536 bytes (64 KiB)"
        );
        assert_eq!(
            runtime(r#""stack_size": 1073741825"#),
            ".edgebox.json: runtime.stack_size: 1073741825 is above the maximum of 1073741824 bytes (1 GiB)"
        );
        assert_eq!(
            runtime(r#""heap_size": 1048575"#),
            ".edgebox.json: runtime.heap_size: 1048575 is below the minimum of 1048576 bytes (1 MiB)"
        );
        assert_eq!(
            runtime(r#""heap_size": 4294967297"#),
            ".edgebox.json: runtime.heap_size: 4294967297 is above the maximum of 4294967296 bytes (4 GiB)"
        );
        assert_eq!(
            runtime(r#""max_instructions": -2"#),
            ".edgebox.json: runtime.max_instructions: -2 is not allowed; use -1 for unlimited or a positive count"
        );
        assert_eq!(
            runtime(r#""max_instructions": 0"#),
            ".edgebox.json: runtime.max_instructions: 0 is not allowed; use -1 for unlimited or a positive count"
        );
    }

    #[test]
    fn runtime_bounds_are_inclusive() {
        let text = r#"{"runtime": {"stack_size": 65536, "heap_size": 4294967296, "max_memory_pages": 65536, "max_instructions": 1000000000}}"#;
        let limits = parse(text).unwrap().runtime;
        assert_eq!(
            limits,
            RuntimeLimits {
                stack_size: 65536,
                heap_size: 4294967296,
                max_memory_pages: 65536,
                max_instructions: Some(1000000000)
            }
        );
        let text = r#"{"runtime": {"stack_size": 1073741824, "heap_size": 1048576, "max_memory_pages": 1}}"#;
        let limits = parse(text).unwrap().runtime;
        assert_eq!(
            (limits.stack_size, limits.heap_size, limits.max_memory_pages),
            (1073741824, 1048576, 1)
        );
    }

    #[test]
    fn dirs_rules() {
        assert_eq!(
            error(r#"{"dirs": [{"path": "/"}, {"path": ""}]}"#),
            ".edgebox.json: dirs[1].path: must not be empty"
        );
        assert_eq!(
            error(r#"{"dirs": [{"read": true}]}"#),
            ".edgebox.json: line 1 column 24: missing field \"path\""
        );
        assert_eq!(
            error(r#"{"dirs": [{"path": "$USER/x"}]}"#),
            ".edgebox.json: dirs[0].path: \"$USER/x\": only a leading $HOME, $PWD or ~ is expanded"
        );
        assert_eq!(
            error(r#"{"dirs": [{"path": "~bob"}]}"#),
            ".edgebox.json: dirs[0].path: \"~bob\": only a leading $HOME, $PWD or ~ is expanded"
        );
        let only_path = parse(r#"{"dirs": [{"path": "/srv"}]}"#).unwrap();
        assert_eq!(
            only_path.dirs,
            [DirGrant {
                path: "/srv".into(),
                read: false,
                write: false,
                execute: false
            }]
        );
    }

    #[test]
    fn dir_paths_expand_from_given_values() {
        let (home, pwd) = (Path::new("/home/ann"), Path::new("/work/app"));
        let expand = |p: &str| {
            DirGrant {
                path: p.into(),
                read: true,
                write: false,
                execute: false,
            }
            .expanded_path(home, pwd)
        };
        assert_eq!(expand("$HOME"), Path::new("/home/ann"));
        assert_eq!(expand("$HOME/.cache"), Path::new("/home/ann/.cache"));
        assert_eq!(expand("~"), Path::new("/home/ann"));
        assert_eq!(expand("~/src"), Path::new("/home/ann/src"));
        assert_eq!(expand("$PWD/out"), Path::new("/work/app/out"));
        assert_eq!(expand("/tmp/$HOME"), Path::new("/tmp/$HOME"));
        assert_eq!(expand("$HOMEX"), Path::new("$HOMEX"));
    }

    #[test]
    fn env_names() {
        let msg = |i: usize, n: &str| {
            format!(
                ".edgebox.json: env[{i}]: {n} is not a variable name (it must be non-empty, without '=' or NUL)"
            )
        };
        assert_eq!(error(r#"{"env": ["HOME", ""]}"#), msg(1, r#""""#));
        assert_eq!(error(r#"{"env": ["A=B"]}"#), msg(0, r#""A=B""#));
        assert_eq!(error(r#"{"env": ["A\u0000"]}"#), msg(0, r#""A\0""#));
    }

    #[test]
    fn command_lists() {
        assert_eq!(
            error(r#"{"allowCommands": ["git", ""]}"#),
            ".edgebox.json: allowCommands[1]: a command name must not be empty"
        );
        assert_eq!(
            error(r#"{"denyCommands": ["/bin/rm"]}"#),
            ".edgebox.json: denyCommands[0]: \"/bin/rm\" is a path; commands are matched by basename, write just the name"
        );
    }

    #[test]
    fn commands_map() {
        assert_eq!(
            error(r#"{"commands": {"git": false}}"#),
            ".edgebox.json: commands[\"git\"]: false is not allowed; leave \"git\" out to deny it"
        );
        assert_eq!(
            error(r#"{"commands": {"git": []}}"#),
            ".edgebox.json: commands[\"git\"]: an empty list allows nothing; use true for any arguments, or leave the command out"
        );
        assert_eq!(
            error(r#"{"commands": {"git": ["status", ""]}}"#),
            ".edgebox.json: commands[\"git\"][1]: a subcommand must not be empty"
        );
        assert_eq!(
            error(r#"{"commands": {"/usr/bin/git": true}}"#),
            ".edgebox.json: commands[\"/usr/bin/git\"]: \"/usr/bin/git\" is a path; commands are matched by basename, write just the name"
        );
        assert_eq!(
            error(r#"{"commands": {"": true}}"#),
            ".edgebox.json: commands[\"\"]: a command name must not be empty"
        );
        assert_eq!(
            error(r#"{"commands": {"git": "status"}}"#),
            ".edgebox.json: line 1 column 29: invalid type: string \"status\", expected true or a list of allowed subcommands"
        );
        assert_eq!(
            error(r#"{"commands": {"git": [1]}}"#),
            ".edgebox.json: line 1 column 23: invalid type: integer \"1\", expected a string"
        );
    }

    #[test]
    fn url_patterns() {
        assert_eq!(
            error(r#"{"allowedUrls": [""]}"#),
            ".edgebox.json: allowedUrls[0]: a URL pattern must not be empty"
        );
        assert_eq!(
            error(r#"{"blockedUrls": ["https://x/*", ""]}"#),
            ".edgebox.json: blockedUrls[1]: a URL pattern must not be empty"
        );
    }

    #[test]
    fn http_limits() {
        assert_eq!(
            error(r#"{"rateLimitRps": -1}"#),
            ".edgebox.json: rateLimitRps: -1 is below the minimum of 0 (0 means unlimited)"
        );
        assert_eq!(
            error(r#"{"maxConnections": 0}"#),
            ".edgebox.json: maxConnections: 0 is below the minimum of 1"
        );
        assert_eq!(
            error(r#"{"maxConnections": 4294967296}"#),
            ".edgebox.json: maxConnections: 4294967296 is above the maximum of 4294967295"
        );
    }

    #[test]
    fn daemon_ranges() {
        assert_eq!(
            error(r#"{"daemon": {"port": 0}}"#),
            ".edgebox.json: daemon.port: 0 is below the minimum of 1"
        );
        assert_eq!(
            error(r#"{"daemon": {"port": 65536}}"#),
            ".edgebox.json: daemon.port: 65536 is above the maximum of 65535"
        );
        assert_eq!(
            error(r#"{"daemon": {"pool_size": 0}}"#),
            ".edgebox.json: daemon.pool_size: 0 is below the minimum of 1 instance"
        );
        assert_eq!(
            error(r#"{"daemon": {"exec_timeout_ms": 0}}"#),
            ".edgebox.json: daemon.exec_timeout_ms: 0 is below the minimum of 1 ms"
        );
        let d = parse(r#"{"daemon": {"port": 65535}}"#).unwrap().daemon;
        assert_eq!(
            d,
            DaemonConfig {
                pool_size: 32,
                exec_timeout_ms: 30000,
                port: 65535
            }
        );
    }

    #[test]
    fn empty_names() {
        assert_eq!(
            error(r#"{"name": ""}"#),
            ".edgebox.json: name: must not be empty; leave the key out instead"
        );
        assert_eq!(
            error(r#"{"npm": ""}"#),
            ".edgebox.json: npm: must not be empty; leave the key out instead"
        );
    }

    #[test]
    fn unknown_keys_are_rejected_at_every_level() {
        assert_eq!(
            error(r#"{"nmae": "x"}"#),
            ".edgebox.json: line 1 column 7: unknown field \"nmae\", expected one of \"name\", \"npm\", \"runtime\", \"dirs\", \"env\", \"allowCommands\", \"denyCommands\", \"commands\", \"allowedUrls\", \"blockedUrls\", \"useKeychain\", \"rateLimitRps\", \"maxConnections\", \"daemon\""
        );
        assert_eq!(
            error("{\n  \"runtime\": {\n    \"stak_size\": 1\n  }\n}"),
            ".edgebox.json: line 3 column 15: unknown field \"stak_size\", expected one of \"stack_size\", \"heap_size\", \"max_memory_pages\", \"max_instructions\""
        );
        assert_eq!(
            error(r#"{"dirs": [{"path": "/", "exec": true}]}"#),
            ".edgebox.json: line 1 column 30: unknown field \"exec\", expected one of \"path\", \"read\", \"write\", \"execute\""
        );
        assert_eq!(
            error(r#"{"daemon": {"timeout": 5}}"#),
            ".edgebox.json: line 1 column 21: unknown field \"timeout\", expected one of \"pool_size\", \"exec_timeout_ms\", \"port\""
        );
        // snake_case spellings of camelCase keys are typos too.
        assert!(error(r#"{"allow_commands": []}"#).starts_with(
            ".edgebox.json: line 1 column 17: unknown field \"allow_commands\", expected one of"
        ));
    }

    #[test]
    fn wrong_types() {
        assert_eq!(
            runtime(r#""stack_size": "8MB""#),
            ".edgebox.json: line 1 column 32: invalid type: string \"8MB\", expected i64"
        );
        assert_eq!(
            runtime(r#""stack_size": null"#),
            ".edgebox.json: line 1 column 31: invalid type: null, expected i64"
        );
        assert_eq!(
            runtime(r#""stack_size": 1.5"#),
            ".edgebox.json: line 1 column 30: invalid type: floating point \"1.5\", expected i64"
        );
        assert_eq!(
            error(r#"{"useKeychain": "yes"}"#),
            ".edgebox.json: line 1 column 21: invalid type: string \"yes\", expected a boolean"
        );
        assert_eq!(
            error(r#"{"dirs": {"path": "/"}}"#),
            ".edgebox.json: line 1 column 9: invalid type: map, expected a sequence"
        );
        assert_eq!(
            error(r#"{"env": "HOME"}"#),
            ".edgebox.json: line 1 column 14: invalid type: string \"HOME\", expected a sequence"
        );
        assert_eq!(
            error(r#"{"commands": ["git"]}"#),
            ".edgebox.json: line 1 column 13: invalid type: sequence, expected an object"
        );
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        assert_eq!(
            error(r#"{"useKeychain": true, "useKeychain": false}"#),
            ".edgebox.json: line 1 column 35: duplicate field \"useKeychain\""
        );
        assert_eq!(
            error(r#"{"runtime": {"stack_size": 65536, "stack_size": 131072}}"#),
            ".edgebox.json: line 1 column 46: duplicate field \"stack_size\""
        );
        assert_eq!(
            error(r#"{"dirs": [{"path": "/", "path": "/tmp"}]}"#),
            ".edgebox.json: line 1 column 30: duplicate field \"path\""
        );
        assert_eq!(
            error(r#"{"commands": {"git": true, "git": ["status"]}}"#),
            ".edgebox.json: line 1 column 45: duplicate key \"git\""
        );
    }

    #[test]
    fn malformed_documents() {
        let empty =
            ".edgebox.json: the file is empty; write {} for the defaults (no access at all)";
        assert_eq!(error(""), empty);
        assert_eq!(error(" \n\t"), empty);
        let top = |kind: &str| {
            format!(".edgebox.json: the top level must be a JSON object {{...}}, found {kind}")
        };
        assert_eq!(error("[]"), top("an array"));
        assert_eq!(error("null"), top("null"));
        assert_eq!(error(" \"x\""), top("a string"));
        assert_eq!(error("42"), top("a number"));
        assert_eq!(
            error("{\"name\": \"a\",}"),
            ".edgebox.json: line 1 column 14: trailing comma"
        );
        assert_eq!(
            error("{} {}"),
            ".edgebox.json: line 1 column 4: trailing characters"
        );
        assert_eq!(
            error("{\"name\": \"a\""),
            ".edgebox.json: line 1 column 12: EOF while parsing an object"
        );
        assert_eq!(
            error("nope"),
            ".edgebox.json: line 1 column 2: expected ident"
        );
    }

    #[test]
    fn messages_start_with_the_given_path() {
        let e = Config::parse(
            "{\"runtime\": {\"max_memory_pages\": 0}}",
            Path::new("/srv/app/custom.json"),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "/srv/app/custom.json: runtime.max_memory_pages: 0 is below the minimum of 1 page"
        );
    }

    /// A fresh, empty directory for one test (left behind only if the test fails).
    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("edgebox-config-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn discovery_prefers_explicit_then_cwd_then_defaults() {
        let dir = temp_dir("discover");
        assert_eq!(Config::discover(None, &dir).unwrap(), Config::default());

        std::fs::write(dir.join(FILE_NAME), r#"{"name": "from-cwd"}"#).unwrap();
        assert_eq!(
            Config::discover(None, &dir).unwrap().name.as_deref(),
            Some("from-cwd")
        );

        let explicit = dir.join("other.json");
        std::fs::write(&explicit, r#"{"name": "explicit"}"#).unwrap();
        assert_eq!(
            Config::discover(Some(&explicit), &dir)
                .unwrap()
                .name
                .as_deref(),
            Some("explicit")
        );
        // A relative --config is taken from the given working directory.
        assert_eq!(
            Config::discover(Some(Path::new("other.json")), &dir)
                .unwrap()
                .name
                .as_deref(),
            Some("explicit")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn discovery_errors_are_not_swallowed() {
        let dir = temp_dir("discover-errors");
        let missing = dir.join("missing.json");
        let e = Config::discover(Some(&missing), &dir).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{}: no such file", missing.display())
        );
        assert_eq!(
            Config::load(&missing).unwrap_err().to_string(),
            format!("{}: no such file", missing.display())
        );

        // A broken .edgebox.json in cwd is an error, never a silent fallback to defaults.
        let found = dir.join(FILE_NAME);
        std::fs::write(&found, "{\"nmae\": 1}").unwrap();
        let e = Config::discover(None, &dir).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!(
                "{}: line 1 column 7: unknown field \"nmae\"",
                found.display()
            )),
            "{e}"
        );

        // Present but unreadable (a directory) is an error too.
        std::fs::remove_file(&found).unwrap();
        std::fs::create_dir(&found).unwrap();
        let e = Config::discover(None, &dir).unwrap_err();
        assert!(matches!(e, ConfigError::Read { .. }), "{e}");
        assert!(
            e.to_string()
                .starts_with(&format!("{}: cannot read: ", found.display())),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
