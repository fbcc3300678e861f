//! Turns QuickJS-NG's `quickjs-opcode.h` (and its sibling `quickjs-atom.h`) into the Rust
//! tables of `edgebox-opcodes`.
//!
//! The header is the single source of truth. We reproduce QuickJS's own numbering:
//! `DEF` entries count in order, `def` entries (compiler temporaries that never reach
//! finished bytecode) are left out, and commented-out lines do not exist.
//! The output is deterministic so that a test can fail when it drifts.

use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One `DEF(id, size, n_pop, n_push, fmt)` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpDef {
    pub name: String,
    pub size: u8,
    pub n_pop: u8,
    pub n_push: u8,
    pub format: String,
}

/// Everything read from `quickjs-opcode.h`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpcodeHeader {
    /// `FMT(x)` entries in order.
    pub formats: Vec<String>,
    /// Final opcodes (`DEF`), numbered by position.
    pub ops: Vec<OpDef>,
    /// Temporaries (`def`); only counted, they never appear in finished bytecode.
    pub temporaries: Vec<OpDef>,
}

/// Removes `/* */` and `//` comments and preprocessor lines, keeping line structure.
fn strip_comments(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("/*") {
            let end = after.find("*/").map_or(after.len(), |i| i + 2);
            out.extend(after[..end].chars().filter(|&c| c == '\n'));
            rest = &after[end..];
        } else if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            rest = &rest[end..];
        } else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Finds `MACRO(args)` invocations (MACRO at an identifier boundary), returns the arg lists.
fn invocations<'a>(src: &'a str, mac: &str) -> Vec<(usize, Vec<&'a str>)> {
    let pat = format!("{mac}(");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = src[from..].find(&pat) {
        let start = from + i;
        from = start + pat.len();
        let boundary = src[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
        if !boundary {
            continue;
        }
        let Some(close) = src[from..].find(')') else {
            break;
        };
        let args = src[from..from + close].split(',').map(str::trim).collect();
        found.push((start, args));
    }
    found
}

fn parse_u8(field: &str, what: &str, line: &str) -> Result<u8> {
    field
        .parse()
        .with_context(|| format!("bad {what} `{field}` in `{line}`"))
}

/// Parses the text of `quickjs-opcode.h`.
pub fn parse_opcode_header(text: &str) -> Result<OpcodeHeader> {
    let src = strip_comments(text);
    let formats: Vec<String> = invocations(&src, "FMT")
        .into_iter()
        .map(|(_, a)| a.join(","))
        .collect();
    let mut all: Vec<(usize, bool, OpDef)> = Vec::new();
    for (is_final, mac) in [(true, "DEF"), (false, "def")] {
        for (pos, args) in invocations(&src, mac) {
            let line = format!("{mac}({})", args.join(", "));
            let [name, size, n_pop, n_push, format] = args[..] else {
                bail!("expected 5 arguments in `{line}`");
            };
            if !formats.iter().any(|f| f == format) {
                bail!("`{line}` uses format `{format}` that no FMT() declares");
            }
            let def = OpDef {
                name: name.to_string(),
                size: parse_u8(size, "size", &line)?,
                n_pop: parse_u8(n_pop, "n_pop", &line)?,
                n_push: parse_u8(n_push, "n_push", &line)?,
                format: format.to_string(),
            };
            all.push((pos, is_final, def));
        }
    }
    all.sort_by_key(|(pos, _, _)| *pos);
    let (ops, temporaries): (Vec<_>, Vec<_>) = all.into_iter().partition(|(_, f, _)| *f);
    let ops: Vec<OpDef> = ops.into_iter().map(|(_, _, d)| d).collect();
    if ops.is_empty() || ops.len() > 256 {
        bail!("found {} DEF entries; expected 1..=256", ops.len());
    }
    Ok(OpcodeHeader {
        formats,
        ops,
        temporaries: temporaries.into_iter().map(|(_, _, d)| d).collect(),
    })
}

/// Parses `quickjs-atom.h`: the predefined atoms, numbered from 1 (0 is `JS_ATOM_NULL`).
pub fn parse_atom_header(text: &str) -> Result<Vec<(String, String)>> {
    let src = strip_comments(text);
    let mut atoms = Vec::new();
    for (_, args) in invocations(&src, "DEF") {
        let [name, string] = args[..] else {
            bail!("expected 2 arguments in atom DEF({})", args.join(","));
        };
        let string = string
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .with_context(|| format!("atom {name}: string literal expected, got {string}"))?;
        if string.contains('\\') {
            bail!("atom {name}: escapes in atom strings are not supported");
        }
        atoms.push((name.to_string(), string.to_string()));
    }
    Ok(atoms)
}

/// Reads `QJS_VERSION_{MAJOR,MINOR,PATCH}` from `quickjs.h`.
pub fn parse_version(text: &str) -> Option<String> {
    let get = |key: &str| {
        text.lines().find_map(|l| {
            let rest = l.trim().strip_prefix("#define")?.trim().strip_prefix(key)?;
            Some(rest.trim().to_string())
        })
    };
    Some(format!(
        "{}.{}.{}",
        get("QJS_VERSION_MAJOR ")?,
        get("QJS_VERSION_MINOR ")?,
        get("QJS_VERSION_PATCH ")?
    ))
}

/// Reads `#define BC_VERSION N` from `quickjs.c`.
pub fn parse_bc_version(text: &str) -> Result<u8> {
    let v = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("#define BC_VERSION"))
        .context("no `#define BC_VERSION` in quickjs.c")?;
    v.trim()
        .parse()
        .with_context(|| format!("bad BC_VERSION `{}`", v.trim()))
}

/// `get_loc0_loc1` -> `GetLoc0Loc1`.
pub fn camel(snake: &str) -> String {
    snake
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The inputs of one generation run.
pub struct Sources {
    pub opcode_header: String,
    pub atom_header: String,
    /// QuickJS-NG version, if `quickjs.h` was found next to the opcode header.
    pub version: Option<String>,
    /// `BC_VERSION` of the serializer, from `quickjs.c` next to the header.
    pub bc_version: u8,
}

impl Sources {
    /// Loads `quickjs-opcode.h` and its siblings `quickjs-atom.h` / `quickjs.h`.
    pub fn load(opcode_header: &Path) -> Result<Sources> {
        let dir = opcode_header.parent().unwrap_or(Path::new("."));
        let read = |p: &Path| {
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))
        };
        Ok(Sources {
            opcode_header: read(opcode_header)?,
            atom_header: read(&dir.join("quickjs-atom.h"))?,
            version: std::fs::read_to_string(dir.join("quickjs.h"))
                .ok()
                .and_then(|t| parse_version(&t)),
            bc_version: parse_bc_version(&read(&dir.join("quickjs.c"))?)?,
        })
    }
}

/// Generated files, relative to the `opcodes/` crate directory.
pub const OPCODES_RS: &str = "src/generated/opcodes.rs";
pub const ATOMS_RS: &str = "src/generated/atoms.rs";

fn banner(out: &mut String, what: &str, version: &Option<String>) {
    let version = version.as_deref().unwrap_or("unknown version");
    writeln!(
        out,
        "// @generated by `cargo run -p opcodes-gen` from {what} (QuickJS-NG {version})."
    )
    .unwrap();
    writeln!(
        out,
        "// Do not edit: regenerate instead. A test fails when this file drifts."
    )
    .unwrap();
    out.push('\n');
}

/// Renders `src/generated/opcodes.rs`.
pub fn render_opcodes(h: &OpcodeHeader, version: &Option<String>, bc_version: u8) -> String {
    let mut o = String::new();
    banner(&mut o, "quickjs-opcode.h", version);
    writeln!(o, "use crate::op::OpInfo;\n").unwrap();
    writeln!(o, "/// QuickJS-NG version the table was generated from.").unwrap();
    writeln!(
        o,
        "pub const QUICKJS_VERSION: &str = {:?};",
        version.as_deref().unwrap_or("unknown")
    )
    .unwrap();
    writeln!(
        o,
        "/// `BC_VERSION` of quickjs.c: the only `JS_WriteObject` format version this build reads."
    )
    .unwrap();
    writeln!(o, "pub const BC_VERSION: u8 = {bc_version};").unwrap();
    writeln!(
        o,
        "/// Number of opcodes that can appear in finished bytecode (`OP_COUNT`)."
    )
    .unwrap();
    writeln!(o, "pub const OP_COUNT: usize = {};", h.ops.len()).unwrap();
    writeln!(
        o,
        "/// Number of compiler-only temporaries (`def`), not part of the table."
    )
    .unwrap();
    writeln!(
        o,
        "pub const TEMPORARY_COUNT: usize = {};\n",
        h.temporaries.len()
    )
    .unwrap();

    writeln!(
        o,
        "/// Operand format of an opcode (`FMT` list of quickjs-opcode.h)."
    )
    .unwrap();
    writeln!(o, "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]").unwrap();
    writeln!(o, "pub enum OpFormat {{").unwrap();
    for f in &h.formats {
        writeln!(o, "    /// `{f}`").unwrap();
        writeln!(o, "    {},", camel(f)).unwrap();
    }
    writeln!(o, "}}\n").unwrap();

    writeln!(
        o,
        "/// A QuickJS-NG opcode. Refer to opcodes by name; the numbers follow the header."
    )
    .unwrap();
    writeln!(
        o,
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]"
    )
    .unwrap();
    writeln!(o, "#[repr(u8)]").unwrap();
    writeln!(o, "pub enum Op {{").unwrap();
    for (i, d) in h.ops.iter().enumerate() {
        writeln!(o, "    /// `OP_{}`", d.name).unwrap();
        writeln!(o, "    {} = {i},", camel(&d.name)).unwrap();
    }
    writeln!(o, "}}\n").unwrap();

    writeln!(o, "/// Every opcode, indexed by its byte value.").unwrap();
    writeln!(o, "pub const ALL_OPS: [Op; OP_COUNT] = [").unwrap();
    for d in &h.ops {
        writeln!(o, "    Op::{},", camel(&d.name)).unwrap();
    }
    writeln!(o, "];\n").unwrap();

    writeln!(
        o,
        "/// Static facts about every opcode, indexed by its byte value."
    )
    .unwrap();
    writeln!(o, "pub static OP_INFO: [OpInfo; OP_COUNT] = [").unwrap();
    for (i, d) in h.ops.iter().enumerate() {
        writeln!(
            o,
            "    OpInfo {{ name: {:?}, value: {i}, size: {}, n_pop: {}, n_push: {}, format: OpFormat::{} }},",
            d.name, d.size, d.n_pop, d.n_push, camel(&d.format)
        )
        .unwrap();
    }
    writeln!(o, "];").unwrap();
    o
}

/// Renders `src/generated/atoms.rs`.
pub fn render_atoms(atoms: &[(String, String)], version: &Option<String>) -> String {
    let mut o = String::new();
    banner(&mut o, "quickjs-atom.h", version);
    writeln!(
        o,
        "/// `JS_ATOM_END`: atoms below this value are predefined and are written to"
    )
    .unwrap();
    writeln!(o, "/// bytecode by number, not through the atom table.").unwrap();
    writeln!(o, "pub const JS_ATOM_END: u32 = {};\n", atoms.len() + 1).unwrap();
    writeln!(
        o,
        "/// Predefined atom strings, indexed by atom number (0 is `JS_ATOM_NULL`)."
    )
    .unwrap();
    writeln!(
        o,
        "pub static BUILTIN_ATOMS: [&str; {}] = [",
        atoms.len() + 1
    )
    .unwrap();
    writeln!(o, "    \"\", // JS_ATOM_NULL").unwrap();
    for (name, s) in atoms {
        writeln!(o, "    {s:?}, // JS_ATOM_{name}").unwrap();
    }
    writeln!(o, "];").unwrap();
    o
}

/// Renders both generated files: `(relative path, contents)`.
pub fn generate(src: &Sources) -> Result<Vec<(&'static str, String)>> {
    let header = parse_opcode_header(&src.opcode_header)?;
    let atoms = parse_atom_header(&src.atom_header)?;
    Ok(vec![
        (
            OPCODES_RS,
            render_opcodes(&header, &src.version, src.bc_version),
        ),
        (ATOMS_RS, render_atoms(&atoms, &src.version)),
    ])
}

/// The `opcodes/` crate directory.
pub fn crate_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Finds `quickjs-opcode.h` of the QuickJS-NG pinned in the workspace (`rquickjs-sys = "=X"`)
/// in the cargo registry sources.
pub fn pinned_header() -> Result<PathBuf> {
    let manifest = crate_dir().join("../Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let version = text
        .lines()
        .find_map(|l| {
            let v = l
                .trim()
                .strip_prefix("rquickjs-sys")?
                .trim()
                .strip_prefix('=')?
                .trim();
            Some(v.trim_matches('"').trim_start_matches('=').to_string())
        })
        .with_context(|| format!("no `rquickjs-sys = \"=X\"` pin in {}", manifest.display()))?;
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .context("neither CARGO_HOME nor HOME is set")?;
    let registry = cargo_home.join("registry/src");
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(&registry)
        .with_context(|| format!("reading {}", registry.display()))?
        .flatten()
        .map(|e| {
            e.path()
                .join(format!("rquickjs-sys-{version}/quickjs/quickjs-opcode.h"))
        })
        .filter(|p| p.is_file())
        .collect();
    candidates.sort();
    candidates.into_iter().next().with_context(|| {
        format!(
            "rquickjs-sys {version} sources not found under {}; run `cargo fetch` or pass --header",
            registry.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"
#ifdef FMT
FMT(none)
FMT(u8)
#undef FMT
#endif
#ifdef DEF
#ifndef def
#define def(id, size, n_pop, n_push, f) DEF(id, size, n_pop, n_push, f)
#endif
DEF(invalid, 1, 0, 0, none) /* never emitted */
DEF(   push_x, 2, 0, 1, u8) /* spans
                               two lines */
//DEF(to_string, 1, 1, 1, none)
def(    label, 2, 0, 0, u8)
DEF(      nop, 1, 0, 0, none)
#endif
"#;

    #[test]
    fn def_order_skips_temporaries_and_comments() {
        let h = parse_opcode_header(MINI).unwrap();
        let names: Vec<_> = h.ops.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["invalid", "push_x", "nop"]);
        assert_eq!(h.temporaries.len(), 1);
        assert_eq!(h.formats, ["none", "u8"]);
        assert_eq!(h.ops[1].size, 2);
    }

    #[test]
    fn unknown_format_is_an_error() {
        let bad = MINI.replace("DEF(      nop, 1, 0, 0, none)", "DEF(nop, 1, 0, 0, zzz)");
        let err = parse_opcode_header(&bad).unwrap_err().to_string();
        assert!(err.contains("zzz"), "{err}");
    }

    #[test]
    fn bc_version_is_read_from_quickjs_c() {
        assert_eq!(parse_bc_version("x\n#define BC_VERSION 28\n").unwrap(), 28);
        assert!(parse_bc_version("nothing here").is_err());
    }

    #[test]
    fn camel_case_names() {
        assert_eq!(camel("get_loc0_loc1"), "GetLoc0Loc1");
        assert_eq!(camel("u32x2"), "U32x2");
        assert_eq!(camel("return"), "Return");
    }

    /// The committed tables must equal what the pinned header generates.
    #[test]
    fn generated_files_are_up_to_date() {
        let src = Sources::load(&pinned_header().unwrap()).unwrap();
        for (rel, want) in generate(&src).unwrap() {
            let path = crate_dir().join(rel);
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                have == want,
                "{} is stale: run `cargo run -p opcodes-gen`",
                path.display()
            );
        }
    }

    #[test]
    fn pinned_header_has_252_final_opcodes() {
        let src = Sources::load(&pinned_header().unwrap()).unwrap();
        let h = parse_opcode_header(&src.opcode_header).unwrap();
        assert_eq!(h.ops.len(), 252);
        assert_eq!(h.ops.last().unwrap().name, "typeof_is_function");
        assert!(
            h.ops
                .iter()
                .all(|d| d.name != "to_string" && d.name != "label")
        );
    }
}
