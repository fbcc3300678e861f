//! One end-to-end case: `NAME.js` (or `.mjs`) with optional `NAME.stdout` and `NAME.stderr`
//! next to it (absent means "must be empty"), and directives in leading comment lines:
//!
//! ```text
//! // @args: one "two words"     app arguments, shell-style quoting
//! // @env: NAME=VALUE OTHER=x   passed with `edgebox --env`
//! // @flags: --timeout 200      more `edgebox` options (before the artifact)
//! // @build-flags: --metered    more `edgeboxc build` options
//! // @exit: 1                   expected exit code (default 0)
//! // @build-fails               edgeboxc must refuse the file; .stderr is its message
//! ```

use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Case {
    /// Path relative to `cases/`, e.g. `errors/uncaught.js`; also the name in stack traces.
    pub rel_path: String,
    pub args: Vec<String>,
    pub env: Vec<String>,
    pub flags: Vec<String>,
    pub build_flags: Vec<String>,
    pub exit: i32,
    pub build_fails: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Case {
    pub fn load(cases_dir: &Path, file: &Path) -> Result<Self, String> {
        let rel_path = file
            .strip_prefix(cases_dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(file).map_err(|e| format!("{rel_path}: {e}"))?;
        let mut case = Case {
            rel_path: rel_path.clone(),
            args: vec![],
            env: vec![],
            flags: vec![],
            build_flags: vec![],
            exit: 0,
            build_fails: false,
            stdout: read_expectation(&file.with_extension("stdout")),
            stderr: read_expectation(&file.with_extension("stderr")),
        };
        for line in source.lines().take_while(|l| l.starts_with("//")) {
            let Some(directive) = line.strip_prefix("// @") else {
                continue;
            };
            let (key, value) = directive
                .split_once(':')
                .map_or((directive, ""), |(k, v)| (k, v.trim()));
            match key.trim() {
                "args" => {
                    case.args = split_words(value).map_err(|e| format!("{rel_path}: @args: {e}"))?
                }
                "env" => case.env = value.split_whitespace().map(str::to_owned).collect(),
                "flags" => {
                    case.flags =
                        split_words(value).map_err(|e| format!("{rel_path}: @flags: {e}"))?
                }
                "build-flags" => {
                    case.build_flags =
                        split_words(value).map_err(|e| format!("{rel_path}: @build-flags: {e}"))?
                }
                "exit" => {
                    case.exit = value
                        .parse()
                        .map_err(|_| format!("{rel_path}: @exit: not a number: {value}"))?
                }
                "build-fails" => case.build_fails = true,
                other => return Err(format!("{rel_path}: unknown directive @{other}")),
            }
        }
        Ok(case)
    }

    pub fn stdout_path(&self, cases_dir: &Path) -> PathBuf {
        cases_dir.join(&self.rel_path).with_extension("stdout")
    }

    pub fn stderr_path(&self, cases_dir: &Path) -> PathBuf {
        cases_dir.join(&self.rel_path).with_extension("stderr")
    }
}

fn read_expectation(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Splits `a "b c" ''` into `["a", "b c", ""]`.
pub fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else {
            return Ok(words);
        };
        let mut word = String::new();
        if first == '"' || first == '\'' {
            chars.next();
            loop {
                match chars.next() {
                    Some(c) if c == first => break,
                    Some(c) => word.push(c),
                    None => return Err(format!("unclosed {first}")),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
        }
        words.push(word);
    }
}

/// Every case file under `cases_dir`, sorted.
pub fn discover(cases_dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![cases_dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("cannot read cases dir")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("js" | "mjs")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::split_words;

    #[test]
    fn splits_quoted_words() {
        assert_eq!(
            split_words(r#"one "two words" --flag ''"#).unwrap(),
            ["one", "two words", "--flag", ""]
        );
        assert!(split_words("\"open").is_err());
    }
}
