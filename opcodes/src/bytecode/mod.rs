//! The `JS_WriteObject(…, JS_WRITE_OBJ_BYTECODE)` format of QuickJS-NG (BC_VERSION 28),
//! as plain Rust data.
//!
//! The model keeps the file's own encodings wherever the freezer or the writer need them
//! verbatim: atoms stay file-level indices ([`Atom`]), flag words stay raw, and bytecode stays
//! bytes (decode it with [`crate::instr::decode`]). That is what makes
//! `write(&read(bytes)?) == bytes` hold exactly.

mod read;
mod write;

pub use read::{ReadError, ReadErrorKind, read};
pub use write::{checksum, write};

use crate::generated::atoms::{BUILTIN_ATOMS, JS_ATOM_END};
use std::borrow::Cow;

/// The only serialization version this crate understands (`BC_VERSION` in quickjs.c,
/// generated with the opcode table).
pub use crate::generated::opcodes::BC_VERSION;

/// `JS_ATOM_TAG_INT`: atoms with this bit set are integers, not strings.
const ATOM_TAG_INT: u32 = 1 << 31;

/// An atom as the file refers to it: a predefined atom (below `JS_ATOM_END`), an integer,
/// or an entry of [`BytecodeObject::atoms`] (numbered from `JS_ATOM_END`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom(pub u32);

/// What an [`Atom`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomTarget<'a> {
    /// `JS_ATOM_NULL`: no name (e.g. an anonymous function).
    Null,
    /// A predefined atom of quickjs-atom.h.
    Builtin(&'static str),
    /// An array-index-like integer atom.
    Int(u32),
    /// An entry of the file's atom table.
    Table(&'a AtomEntry),
    /// An index past the end of the atom table (only possible in hand-built objects).
    Invalid(u32),
}

impl Atom {
    /// `JS_ATOM_NULL`.
    pub const NULL: Atom = Atom(0);

    /// Index into [`BytecodeObject::atoms`], if this atom lives in the file's table.
    pub fn table_index(self) -> Option<usize> {
        (self.0 & ATOM_TAG_INT == 0 && self.0 >= JS_ATOM_END)
            .then(|| (self.0 - JS_ATOM_END) as usize)
    }

    /// The integer value, if this is an integer atom.
    pub fn as_int(self) -> Option<u32> {
        (self.0 & ATOM_TAG_INT != 0).then_some(self.0 & !ATOM_TAG_INT)
    }

    /// The atom at `index` of the file's atom table.
    pub fn from_table_index(index: usize) -> Atom {
        Atom(JS_ATOM_END + index as u32)
    }

    /// An integer atom.
    pub fn from_int(value: u32) -> Atom {
        Atom(ATOM_TAG_INT | value)
    }
}

/// A JS string as QuickJS stores it: Latin-1 bytes or UTF-16 code units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsString {
    Latin1(Vec<u8>),
    Utf16(Vec<u16>),
}

impl JsString {
    /// The string as Rust text; unpaired surrogates become U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        match self {
            JsString::Latin1(b) => b.iter().map(|&c| char::from(c)).collect(),
            JsString::Utf16(u) => String::from_utf16_lossy(u),
        }
    }

    /// Length in code units.
    pub fn len(&self) -> usize {
        match self {
            JsString::Latin1(b) => b.len(),
            JsString::Utf16(u) => u.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `JS_ATOM_TYPE_*` of an atom table entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomKind {
    String = 1,
    GlobalSymbol = 2,
    Symbol = 3,
}

/// One entry of the file's atom table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AtomEntry {
    /// A reference to a predefined atom (only written when bytecode is not allowed, kept for
    /// completeness).
    Builtin(u32),
    /// A string or symbol.
    Text { kind: AtomKind, text: JsString },
}

/// A whole `JS_WriteObject` buffer.
#[derive(Debug, Clone, PartialEq)]
pub struct BytecodeObject {
    /// Atom table; [`Atom`]s at or above `JS_ATOM_END` index into it.
    pub atoms: Vec<AtomEntry>,
    /// The serialized value: a [`Value::Function`] for a script, [`Value::Module`] for a module.
    pub root: Value,
}

impl BytecodeObject {
    /// What `atom` stands for.
    pub fn atom(&self, atom: Atom) -> AtomTarget<'_> {
        if let Some(i) = atom.as_int() {
            return AtomTarget::Int(i);
        }
        if atom == Atom::NULL {
            return AtomTarget::Null;
        }
        match atom.table_index() {
            None => AtomTarget::Builtin(BUILTIN_ATOMS[atom.0 as usize]),
            Some(i) => self
                .atoms
                .get(i)
                .map_or(AtomTarget::Invalid(atom.0), AtomTarget::Table),
        }
    }

    /// The atom's text (`Symbol(desc)` for symbols, `<null>` for `JS_ATOM_NULL`).
    pub fn atom_str(&self, atom: Atom) -> Cow<'_, str> {
        match self.atom(atom) {
            AtomTarget::Null => Cow::Borrowed("<null>"),
            AtomTarget::Builtin(s) => Cow::Borrowed(s),
            AtomTarget::Int(i) => Cow::Owned(i.to_string()),
            AtomTarget::Table(AtomEntry::Builtin(b)) => Cow::Borrowed(
                BUILTIN_ATOMS
                    .get(*b as usize)
                    .copied()
                    .unwrap_or("<bad atom>"),
            ),
            AtomTarget::Table(AtomEntry::Text {
                kind: AtomKind::String,
                text,
            }) => Cow::Owned(text.to_string_lossy()),
            AtomTarget::Table(AtomEntry::Text { text, .. }) => {
                Cow::Owned(format!("Symbol({})", text.to_string_lossy()))
            }
            AtomTarget::Invalid(v) => Cow::Owned(format!("<bad atom {v}>")),
        }
    }

    /// Every function in the object, depth first, parents before the functions in their
    /// constant pools.
    pub fn functions(&self) -> Vec<&Function> {
        fn walk<'a>(v: &'a Value, out: &mut Vec<&'a Function>) {
            match v {
                Value::Function(f) => {
                    out.push(f);
                    f.cpool.iter().for_each(|c| walk(c, out));
                }
                Value::Module(m) => walk(&m.func, out),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }
}

/// A serialized value (`BC_TAG_*`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Undefined,
    Bool(bool),
    Int32(i32),
    /// Kept as bits so NaN payloads survive a round trip.
    Float64(u64),
    String(JsString),
    /// Enumerable own properties in order.
    Object(Vec<(Atom, Value)>),
    Array(Vec<Value>),
    /// A frozen template strings array with its `raw` companion.
    TemplateObject {
        elements: Vec<Value>,
        raw: Box<Value>,
    },
    /// Two's complement, little endian, minimal length (empty for zero).
    BigInt(Vec<u8>),
    Function(Box<Function>),
    Module(Box<Module>),
    /// Pattern and compiled lre bytecode (Latin-1 string).
    RegExp {
        pattern: JsString,
        bytecode: JsString,
    },
    Date(Box<Value>),
    /// A Number/String/Boolean/BigInt wrapper object.
    ObjectValue(Box<Value>),
    ArrayBuffer {
        max_byte_length: u32,
        data: Vec<u8>,
    },
    TypedArray {
        kind: u8,
        length: u32,
        offset: u32,
        buffer: Box<Value>,
    },
    Symbol(Atom),
}

/// Bit positions of [`Function::flags`] (see `JS_WriteFunctionTag`).
pub mod function_flags {
    pub const HAS_PROTOTYPE: u16 = 1 << 0;
    pub const HAS_SIMPLE_PARAMETER_LIST: u16 = 1 << 1;
    pub const IS_DERIVED_CLASS_CONSTRUCTOR: u16 = 1 << 2;
    pub const NEED_HOME_OBJECT: u16 = 1 << 3;
    /// Two bits: `JS_FUNC_NORMAL`, `GENERATOR`, `ASYNC`, `ASYNC_GENERATOR`.
    pub const FUNC_KIND_SHIFT: u16 = 4;
    pub const NEW_TARGET_ALLOWED: u16 = 1 << 6;
    pub const SUPER_CALL_ALLOWED: u16 = 1 << 7;
    pub const SUPER_ALLOWED: u16 = 1 << 8;
    pub const ARGUMENTS_ALLOWED: u16 = 1 << 9;
    pub const BACKTRACE_BARRIER: u16 = 1 << 10;
    pub const HAS_DEBUG_INFO: u16 = 1 << 11;
}

/// A compiled function (`JSFunctionBytecode`).
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// Raw flag word; see [`function_flags`]. `HAS_DEBUG_INFO` must match `debug.is_some()`.
    pub flags: u16,
    /// `is_strict_mode` byte (non-zero: strict).
    pub js_mode: u8,
    pub name: Atom,
    pub arg_count: u16,
    pub var_count: u16,
    pub defined_arg_count: u16,
    pub stack_size: u16,
    pub var_ref_count: u16,
    /// Arguments then variables; empty when the writer had no vardefs.
    pub locals: Vec<VarDef>,
    pub closure_vars: Vec<ClosureVar>,
    pub cpool: Vec<Value>,
    /// Bytecode with atom operands as file atoms ([`Atom`] values).
    pub code: Vec<u8>,
    pub debug: Option<DebugInfo>,
}

impl Function {
    pub fn is_strict(&self) -> bool {
        self.js_mode != 0
    }

    /// `JS_FUNC_NORMAL` (0), `GENERATOR` (1), `ASYNC` (2), `ASYNC_GENERATOR` (3).
    pub fn func_kind(&self) -> u8 {
        ((self.flags >> function_flags::FUNC_KIND_SHIFT) & 3) as u8
    }

    /// The argument definitions (empty if vardefs were not written).
    pub fn args(&self) -> &[VarDef] {
        self.locals
            .get(..usize::from(self.arg_count))
            .unwrap_or(&[])
    }

    /// The local variable definitions (empty if vardefs were not written).
    pub fn vars(&self) -> &[VarDef] {
        self.locals
            .get(usize::from(self.arg_count)..)
            .unwrap_or(&[])
    }
}

/// An argument or local variable (`JSVarDef`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarDef {
    pub name: Atom,
    pub scope_level: u32,
    /// Stored in the file plus one; -1 means none.
    pub scope_next: i32,
    /// Raw flags: bits 0-3 var_kind, 4 is_const, 5 is_lexical, 6 is_captured.
    pub flags: u8,
    /// Present exactly when `is_captured`.
    pub var_ref_idx: Option<u16>,
}

impl VarDef {
    pub fn var_kind(&self) -> u8 {
        self.flags & 0xf
    }
    pub fn is_const(&self) -> bool {
        self.flags & 0x10 != 0
    }
    pub fn is_lexical(&self) -> bool {
        self.flags & 0x20 != 0
    }
    pub fn is_captured(&self) -> bool {
        self.flags & 0x40 != 0
    }
}

/// A variable captured from an enclosing scope (`JSClosureVar`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureVar {
    pub name: Atom,
    pub var_idx: u32,
    /// Raw flags: bits 0-2 closure_type, 3 is_const, 4 is_lexical, 5-8 var_kind.
    pub flags: u32,
}

impl ClosureVar {
    /// `JS_CLOSURE_LOCAL` (0), `ARG`, `REF`, `GLOBAL_REF`, `GLOBAL_DECL`, `GLOBAL`,
    /// `MODULE_DECL`, `MODULE_IMPORT`.
    pub fn closure_type(&self) -> u8 {
        (self.flags & 7) as u8
    }
    pub fn is_const(&self) -> bool {
        self.flags & 8 != 0
    }
    pub fn is_lexical(&self) -> bool {
        self.flags & 16 != 0
    }
}

/// Debug information of a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugInfo {
    pub filename: Atom,
    /// 1-based line of the function start.
    pub line: u32,
    /// 1-based column of the function start.
    pub col: u32,
    /// QuickJS's compressed pc→line/column table.
    pub pc2line: Vec<u8>,
    /// UTF-8 source text of the function (empty if stripped).
    pub source: Vec<u8>,
}

/// A module record (`JSModuleDef`).
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub name: Atom,
    /// Module specifiers, in the order `req_module_idx` refers to them.
    pub requested: Vec<Atom>,
    pub exports: Vec<Export>,
    /// `export * from` entries as indices into `requested`.
    pub star_exports: Vec<u32>,
    pub imports: Vec<Import>,
    /// Raw `has_tla` byte (non-zero: the module uses top-level await).
    pub has_tla: u8,
    /// The module's body function.
    pub func: Value,
}

/// What an export refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportTarget {
    /// A closure variable of the module function.
    Local { var_idx: u32 },
    /// `export { x as y } from "m"`: a name of another module.
    Indirect {
        req_module_idx: u32,
        local_name: Atom,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub target: ExportTarget,
    pub export_name: Atom,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub var_idx: u32,
    pub import_name: Atom,
    pub req_module_idx: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use edgebox_opcodes_harness::{Kind, compile};

    const FIB: &str =
        "function fib(n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }\nfib(10);";

    /// Recomputes the header checksum so mutated buffers reach the parser proper.
    fn fix_checksum(b: &mut [u8]) {
        if b.len() >= 5 {
            let sum = write::checksum(&b[5..]);
            b[1..5].copy_from_slice(&sum.to_le_bytes());
        }
    }

    #[test]
    fn reads_a_script_and_round_trips() {
        let bytes = compile(FIB, "fib.js", Kind::Script).unwrap();
        let obj = read(&bytes).unwrap();
        let names: Vec<_> = obj
            .functions()
            .iter()
            .map(|f| obj.atom_str(f.name).into_owned())
            .collect();
        assert_eq!(names, ["<eval>", "fib"]);
        let fib = obj.functions()[1];
        assert_eq!(obj.atom_str(fib.args()[0].name), "n");
        assert_eq!(fib.debug.as_ref().map(|d| (d.line, d.col)), Some((1, 1)));
        assert_eq!(write(&obj), bytes);
    }

    #[test]
    fn reads_a_module() {
        let src = "import { a as b } from './x.js'; export * from './y.js'; export let z = b + 1n;";
        let bytes = compile(src, "m.js", Kind::Module).unwrap();
        let obj = read(&bytes).unwrap();
        let Value::Module(m) = &obj.root else {
            panic!("not a module: {:?}", obj.root)
        };
        let req: Vec<_> = m
            .requested
            .iter()
            .map(|a| obj.atom_str(*a).into_owned())
            .collect();
        assert_eq!(req, ["./x.js", "./y.js"]);
        assert_eq!(m.star_exports, [1]);
        assert_eq!(obj.atom_str(m.imports[0].import_name), "a");
        assert_eq!(obj.atom_str(m.exports[0].export_name), "z");
        assert_eq!(write(&obj), bytes);
    }

    #[test]
    fn constants_round_trip() {
        let src = "var c = [1.5, -0, 1e300, 123456789012345678901234567890n, -5n, 'π', String.raw`a${1}\\n`, /x+/gu, {k: 1}];";
        let bytes = compile(src, "c.js", Kind::Script).unwrap();
        let obj = read(&bytes).unwrap();
        let cpool: Vec<_> = obj
            .functions()
            .iter()
            .flat_map(|f| f.cpool.iter())
            .collect();
        assert!(
            cpool
                .iter()
                .any(|v| matches!(v, Value::Float64(b) if f64::from_bits(*b) == 1.5))
        );
        assert!(cpool.iter().any(|v| matches!(v, Value::BigInt(_))));
        assert!(
            cpool
                .iter()
                .any(|v| matches!(v, Value::TemplateObject { .. }))
        );
        assert_eq!(write(&obj), bytes);
    }

    #[test]
    fn wrong_version_names_offset_zero() {
        let mut bytes = compile(FIB, "fib.js", Kind::Script).unwrap();
        bytes[0] = 27;
        let err = read(&bytes).unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::Version { found: 27 });
        assert!(err.to_string().contains("byte offset 0"), "{err}");
    }

    #[test]
    fn checksum_is_checked() {
        let mut bytes = compile(FIB, "fib.js", Kind::Script).unwrap();
        // Not the last bytes: QuickJS's bc_csum skips a trailing full word.
        bytes[10] ^= 1;
        assert!(matches!(
            read(&bytes).unwrap_err().kind,
            ReadErrorKind::Checksum { .. }
        ));
    }

    #[test]
    fn every_truncation_is_an_error_with_an_offset_inside_the_input() {
        let bytes = compile(FIB, "fib.js", Kind::Script).unwrap();
        for n in 0..bytes.len() {
            let mut cut = bytes[..n].to_vec();
            fix_checksum(&mut cut);
            let err = read(&cut).expect_err("truncated input must not parse");
            assert!(err.offset <= n, "offset {} past end {n}: {err}", err.offset);
        }
    }

    #[test]
    fn single_byte_corruptions_never_panic() {
        let bytes = compile(FIB, "fib.js", Kind::Script).unwrap();
        let mut rejected = 0;
        for i in 5..bytes.len() {
            for v in [0x00, 0x7f, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] = v;
                fix_checksum(&mut b);
                match read(&b) {
                    Ok(obj) => assert_eq!(read(&write(&obj)).unwrap(), obj),
                    Err(e) => {
                        assert!(e.offset <= b.len());
                        rejected += 1;
                    }
                }
            }
        }
        assert!(rejected > 0);
    }

    #[test]
    fn bad_opcode_is_reported_at_its_byte() {
        let bytes = compile(FIB, "fib.js", Kind::Script).unwrap();
        let obj = read(&bytes).unwrap();
        let fib_code = &obj.functions()[1].code;
        let at = bytes
            .windows(fib_code.len())
            .position(|w| w == fib_code.as_slice())
            .unwrap();
        let mut b = bytes.clone();
        b[at] = 0xff; // not an opcode
        fix_checksum(&mut b);
        let err = read(&b).unwrap_err();
        assert_eq!(err.offset, at);
        assert!(
            matches!(err.kind, ReadErrorKind::BadCode { pc: 0, .. }),
            "{err}"
        );
    }
}
