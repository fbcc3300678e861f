//! Verification against QuickJS itself, over a corpus: every `*.js` of the pinned QuickJS-NG's
//! `tests/` and `examples/`, plus `testsuite/cases/**/*.js` when present.
//!
//! For every program, native QuickJS compiles it while dumping its final bytecode
//! (`JS_DUMP_BYTECODE_FINAL | JS_DUMP_BYTECODE_HEX`), and we check that
//! 1. `bytecode::read` accepts the `JS_WriteObject` output,
//! 2. `bytecode::write` reproduces it byte for byte,
//! 3. at every pc of every function, our decoding names the same opcode with the same
//!    operands as QuickJS's dump (atoms by name, locals/args/closure vars by index and name,
//!    jump targets, immediates, constant indices), and
//! 4. `disasm::disassemble` lists every instruction.
//!
//! Run with `--nocapture` to see the per-file summary.

use edgebox_opcodes::bytecode::{self, BytecodeObject, Function};
use edgebox_opcodes::instr::{self, Instr, Operand};
use edgebox_opcodes::{Op, OpFormat};
use edgebox_opcodes_harness as qjs;
use std::path::{Path, PathBuf};

fn js_files(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() && recursive {
            js_files(&p, true, out);
        } else if p.extension().is_some_and(|e| e == "js") {
            out.push(p);
        }
    }
}

fn corpus() -> Vec<PathBuf> {
    let qjs_dir = opcodes_gen::pinned_header()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let mut files = Vec::new();
    js_files(&qjs_dir.join("tests"), false, &mut files);
    js_files(&qjs_dir.join("examples"), false, &mut files);
    let testsuite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testsuite/cases");
    js_files(&testsuite, true, &mut files);
    files
}

/// The text `JS_AtomGetStr` yields: symbols by description, UTF-8 in a 64-byte C buffer
/// (so cut before 64 bytes and at the first NUL). That is a limit of QuickJS's printer, not of
/// the bytecode, which is why it is reproduced here and not in the disassembler.
fn qjs_atom_text(obj: &BytecodeObject, a: bytecode::Atom) -> Vec<u8> {
    const ATOM_GET_STR_BUF_SIZE: usize = 64;
    // Code points as QuickJS sees them: lone surrogates stay (encoded WTF-8 style).
    let cps: Vec<u32> = match obj.atom(a) {
        bytecode::AtomTarget::Table(bytecode::AtomEntry::Text {
            text: bytecode::JsString::Utf16(u),
            ..
        }) => char::decode_utf16(u.iter().copied())
            .map(|r| r.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from))
            .collect(),
        bytecode::AtomTarget::Table(bytecode::AtomEntry::Text { text, .. }) => {
            text.to_string_lossy().chars().map(u32::from).collect()
        }
        _ => obj.atom_str(a).chars().map(u32::from).collect(),
    };
    let mut bytes = Vec::new();
    for cp in cps {
        let mut enc = Vec::new();
        match cp {
            0 => break,
            1..=0x7f => enc.push(cp as u8),
            0x80..=0x7ff => enc.extend([0xc0 | (cp >> 6) as u8, 0x80 | (cp & 0x3f) as u8]),
            0x800..=0xffff => enc.extend([
                0xe0 | (cp >> 12) as u8,
                0x80 | ((cp >> 6) & 0x3f) as u8,
                0x80 | (cp & 0x3f) as u8,
            ]),
            _ => enc.extend([
                0xf0 | (cp >> 18) as u8,
                0x80 | ((cp >> 12) & 0x3f) as u8,
                0x80 | ((cp >> 6) & 0x3f) as u8,
                0x80 | (cp & 0x3f) as u8,
            ]),
        }
        if bytes.len() + enc.len() > ATOM_GET_STR_BUF_SIZE - 1 {
            break;
        }
        bytes.extend(enc);
    }
    bytes
}

/// `print_atom` of quickjs.c: bare identifiers, everything else quoted byte-wise.
fn qjs_atom(b: &[u8]) -> String {
    let ident = !b.is_empty()
        && b.iter().enumerate().all(|(i, &c)| {
            c.is_ascii_alphabetic() || c == b'_' || c == b'$' || (i > 0 && c.is_ascii_digit())
        });
    if ident {
        return String::from_utf8_lossy(b).into_owned();
    }
    let mut out = String::from("\"");
    for &c in b {
        match c {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(c as char);
            }
            b' '..=126 => out.push(c as char),
            b'\n' => out.push_str("\\n"),
            _ => out.push_str(&format!("\\u{c:04x}")),
        }
    }
    out.push('"');
    out
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Our decoding of one instruction, printed the way `dump_byte_code` prints it (minus the
/// constant-pool comment, which is QuickJS's value printer rather than bytecode).
fn qjs_style(obj: &BytecodeObject, f: &Function, ins: &Instr) -> String {
    let atom = |a| qjs_atom(&qjs_atom_text(obj, a));
    let var = |i: u16| {
        f.vars()
            .get(usize::from(i))
            .map(|v| atom(v.name))
            .unwrap_or_default()
    };
    let arg = |i: u16| {
        f.args()
            .get(usize::from(i))
            .map(|v| atom(v.name))
            .unwrap_or_default()
    };
    let cv = |i: u16| {
        f.closure_vars
            .get(usize::from(i))
            .map(|v| atom(v.name))
            .unwrap_or_default()
    };
    let ints: Vec<i64> = ins
        .operands
        .iter()
        .filter_map(|o| {
            if let Operand::Int(i) = o {
                Some(*i)
            } else {
                None
            }
        })
        .collect();
    let label = ins.operands.iter().find_map(|o| {
        if let Operand::Label(l) = o {
            Some(*l)
        } else {
            None
        }
    });
    let atom0 = ins.operands.iter().find_map(|o| {
        if let Operand::Atom(a) = o {
            Some(*a)
        } else {
            None
        }
    });
    let ops = match ins.op.info().format {
        OpFormat::None => String::new(),
        OpFormat::NoneInt
        | OpFormat::Npopx
        | OpFormat::U8
        | OpFormat::I8
        | OpFormat::U16
        | OpFormat::Npop
        | OpFormat::I16
        | OpFormat::I32
        | OpFormat::U32 => ints[0].to_string(),
        OpFormat::NpopU16 => format!("{},{}", ints[0], ints[1]),
        OpFormat::U32x2 => format!("{}:{}", ints[0], ints[1]),
        OpFormat::Label8 | OpFormat::Label16 | OpFormat::Label => label.unwrap().to_string(),
        OpFormat::LabelU16 => format!("{},{}", label.unwrap(), ints[0]),
        OpFormat::Const8 | OpFormat::Const => match ins.operands[0] {
            Operand::Const(i) => i.to_string(),
            _ => unreachable!(),
        },
        OpFormat::Atom => atom(atom0.unwrap()),
        OpFormat::AtomU8 | OpFormat::AtomU16 => format!("{},{}", atom(atom0.unwrap()), ints[0]),
        OpFormat::AtomLabelU8 | OpFormat::AtomLabelU16 => {
            format!("{},{},{}", atom(atom0.unwrap()), label.unwrap(), ints[0])
        }
        OpFormat::NoneLoc if ins.op == Op::GetLoc0Loc1 => format!("0, 1 ; {}{}", var(0), var(1)),
        OpFormat::NoneLoc | OpFormat::Loc8 | OpFormat::Loc => match ins.operands[0] {
            Operand::Loc(i) => format!("{i} ; {}", var(i)),
            _ => unreachable!(),
        },
        OpFormat::NoneArg | OpFormat::Arg => match ins.operands[0] {
            Operand::Arg(i) => format!("{i} ; {}", arg(i)),
            _ => unreachable!(),
        },
        OpFormat::NoneVarRef | OpFormat::VarRef => match ins.operands[0] {
            Operand::VarRef(i) => format!("{i} ; {}", cv(i)),
            _ => unreachable!(),
        },
    };
    norm(&format!("{} {} {ops}", ins.pc, ins.op.name()))
}

/// Splits QuickJS's dump into functions, each a list of `pc name operands` lines.
fn parse_dump(dump: &str) -> Vec<(String, Vec<String>)> {
    // Layout of dump_byte_code with JS_DUMP_BYTECODE_HEX: "%5d " pc, hex bytes padded to
    // column 26 (wrapping after 6 bytes), then an 8-column label field, then name and operands.
    const TEXT_COL: usize = 26;
    const LABEL_WIDTH: usize = 8;
    let mut funcs: Vec<(String, Vec<String>)> = Vec::new();
    let mut pending: Option<u32> = None;
    let emit = |funcs: &mut Vec<(String, Vec<String>)>, pc: u32, text: &str| {
        let text = text.get(LABEL_WIDTH..).unwrap_or("");
        let name = text.split_whitespace().next().unwrap_or("");
        let mut ops = text[text.find(name).unwrap_or(0) + name.len()..].to_string();
        let is_const = Op::from_name(name)
            .is_some_and(|op| matches!(op.info().format, OpFormat::Const | OpFormat::Const8));
        if is_const && let Some(i) = ops.find(';') {
            ops.truncate(i);
        }
        funcs
            .last_mut()
            .expect("instruction before any function header")
            .1
            .push(norm(&format!("{pc} {name} {ops}")));
    };
    for line in dump.lines() {
        if line.contains("function: ") && !line.starts_with(' ') && !line.starts_with(";;") {
            funcs.push((line.to_string(), Vec::new()));
            pending = None;
            continue;
        }
        let is_hex = |s: &str| {
            s.split_whitespace()
                .all(|h| h.len() == 2 && h.chars().all(|c| c.is_ascii_hexdigit()))
        };
        let pc = line.get(..6).and_then(|p| p.trim().parse::<u32>().ok());
        match (pc, pending) {
            (Some(pc), _)
                if line.as_bytes().get(6) == Some(&b' ')
                    && line.len() > 8
                    && is_hex(&line[6..line.len().min(TEXT_COL)]) =>
            {
                if line.len() <= TEXT_COL {
                    pending = Some(pc);
                } else {
                    emit(&mut funcs, pc, &line[TEXT_COL..]);
                }
            }
            (None, Some(pc)) if line.len() > TEXT_COL && is_hex(&line[..TEXT_COL]) => {
                emit(&mut funcs, pc, &line[TEXT_COL..]);
                pending = None;
            }
            _ => {}
        }
    }
    funcs
}

fn ours(obj: &BytecodeObject) -> Vec<(String, Vec<String>)> {
    obj.functions()
        .into_iter()
        .map(|f| {
            let lines = instr::decode(&f.code)
                .map(|i| qjs_style(obj, f, &i.unwrap()))
                .collect();
            (edgebox_opcodes::disasm::function_title(obj, f), lines)
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    files: usize,
    rejected_by_quickjs: Vec<String>,
    functions: usize,
    instructions: usize,
    failures: Vec<String>,
}

fn check_file(path: &Path, t: &mut Tally) {
    let name = path.display().to_string();
    let Ok(src) = std::fs::read_to_string(path) else {
        t.rejected_by_quickjs.push(format!("{name}: not UTF-8"));
        return;
    };
    let kind = qjs::detect_kind(&src);
    let (bytes, dump) = match qjs::compile_with_dump(&src, &name, kind) {
        Ok(r) => r,
        Err(e) => {
            t.rejected_by_quickjs.push(format!("{name}: {e}"));
            return;
        }
    };
    t.files += 1;
    // `FUZZ_SEEDS=opcodes/fuzz/corpus/read` saves the inputs as seeds for the fuzz target.
    if let Some(dir) = std::env::var_os("FUZZ_SEEDS") {
        let file = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".js", ".qjsbc");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(file), &bytes).unwrap();
    }
    let obj = match bytecode::read(&bytes) {
        Ok(o) => o,
        Err(e) => return t.failures.push(format!("{name}: read: {e}")),
    };
    if bytecode::write(&obj) != bytes {
        t.failures.push(format!("{name}: round trip differs"));
    }
    let mut mine = ours(&obj);
    let mut theirs = parse_dump(&dump);
    t.functions += mine.len();
    t.instructions += mine.iter().map(|f| f.1.len()).sum::<usize>();
    if mine.len() != theirs.len() {
        t.failures.push(format!(
            "{name}: {} functions read, QuickJS dumped {}",
            mine.len(),
            theirs.len()
        ));
    }
    // QuickJS dumps children before parents: pair functions by source position, then by
    // listing, and compare each pair.
    let pos = |s: &str| -> String {
        // "…:LINE:COL)" (ours) or "…:LINE:COL: function: …" (QuickJS)
        let head = s
            .split(": function: ")
            .next()
            .unwrap_or(s)
            .trim_end_matches(')');
        let mut it = head.rsplitn(3, ':');
        let col = it.next().unwrap_or("");
        let line = it.next().unwrap_or("");
        format!("{line:>8}:{col:>8}")
    };
    mine.sort_by(|a, b| (pos(&a.0), &a.1).cmp(&(pos(&b.0), &b.1)));
    theirs.sort_by(|a, b| (pos(&a.0), &a.1).cmp(&(pos(&b.0), &b.1)));
    for (m, q) in mine.iter().zip(&theirs) {
        if m.1 != q.1 {
            let first = m.1.iter().zip(&q.1).find(|(a, b)| a != b);
            t.failures.push(format!(
                "{name}: {} vs QuickJS {}: first difference {:?} ({} vs {} instructions)",
                m.0,
                q.0,
                first,
                m.1.len(),
                q.1.len()
            ));
            break;
        }
    }
    let listing = edgebox_opcodes::disasm::disassemble(&obj);
    let listed = listing
        .lines()
        .filter(|l| {
            l.starts_with("    ")
                && l.trim_start()
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
        })
        .count();
    let decoded: usize = mine.iter().map(|f| f.1.len()).sum();
    if listed != decoded {
        t.failures.push(format!(
            "{name}: disassembly lists {listed} instructions of {decoded}"
        ));
    }
}

/// Not a `#[test]` of its own: the corpus test captures the process's stdout (fd 1) while
/// QuickJS dumps, and libtest's "test … ok" line for a test finishing on another thread would
/// land inside the capture. Everything in this binary therefore runs in one test.
fn dump_parser_reads_wrapped_lines() {
    let dump = "f.js:1:1: function: f\n  mode: sloppy\n  109  73 51 02 00 00 0A\n       00 00 00 01                with_get_var    a,124,1\n  124  CF                   124:  put_loc0        0    ; \"<ret>\"\n";
    let f = parse_dump(dump);
    assert_eq!(
        f[0].1,
        ["109 with_get_var a,124,1", "124 put_loc0 0 ; \"<ret>\""]
    );
}

#[test]
fn matches_quickjs_dump_and_round_trips_on_corpus() {
    dump_parser_reads_wrapped_lines();
    let files = corpus();
    assert!(files.len() > 50, "corpus too small: {} files", files.len());
    let mut t = Tally::default();
    for f in &files {
        if std::env::var_os("CORPUS_TRACE").is_some() {
            eprintln!("checking {}", f.display());
        }
        check_file(f, &mut t);
    }
    println!(
        "corpus: {} files compiled, {} functions, {} instructions checked; {} rejected by QuickJS itself",
        t.files,
        t.functions,
        t.instructions,
        t.rejected_by_quickjs.len()
    );
    for r in &t.rejected_by_quickjs {
        println!("  rejected: {r}");
    }
    assert!(
        t.failures.is_empty(),
        "{} failures:\n{}",
        t.failures.len(),
        t.failures.join("\n")
    );
}
