//! User-facing compile errors: `file:line:col: message` plus a code frame.

use crate::source::Source;
use std::fmt;

/// Lines of context shown above and below the error line.
const FRAME_CONTEXT_LINES: u32 = 2;

/// A JavaScript syntax error at a 1-based line and column of the entry file.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// The error class QuickJS reported (normally `SyntaxError`).
    pub name: String,
    pub message: String,
    /// The source lines around the error with a caret under the column.
    pub frame: String,
}

impl SyntaxError {
    pub fn new(source: &Source, name: String, message: String, line: u32, column: u32) -> Self {
        let frame = code_frame(&source.text, line, column);
        Self {
            file: source.filename.clone(),
            line,
            column,
            name,
            message,
            frame,
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, self.name, self.message
        )?;
        if !self.frame.is_empty() {
            write!(f, "\n{}", self.frame.trim_end())?;
        }
        Ok(())
    }
}

impl std::error::Error for SyntaxError {}

/// Renders
/// ```text
///   1 | let a = 1;
/// > 2 | let b = );
///     |         ^
/// ```
pub fn code_frame(text: &str, line: u32, column: u32) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if line == 0 || line as usize > lines.len().max(1) {
        return String::new();
    }
    let first = line.saturating_sub(FRAME_CONTEXT_LINES).max(1);
    let last = (line + FRAME_CONTEXT_LINES).min(lines.len() as u32);
    let width = last.to_string().len();
    let mut out = String::new();
    for n in first..=last {
        let content = lines.get(n as usize - 1).copied().unwrap_or("");
        let marker = if n == line { '>' } else { ' ' };
        out.push_str(&format!("{marker} {n:>width$} | {content}\n"));
        if n == line {
            // Keep tabs so the caret lines up under tab-indented code.
            let pad: String = content
                .chars()
                .take(column.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("  {:>width$} | {pad}^\n", ""));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_points_at_column() {
        let frame = code_frame("a\nlet b = );\nc\n", 2, 9);
        assert_eq!(
            frame,
            "  1 | a\n> 2 | let b = );\n    |         ^\n  3 | c\n"
        );
    }

    #[test]
    fn frame_out_of_range_is_empty() {
        assert_eq!(code_frame("a\n", 5, 1), "");
    }
}
