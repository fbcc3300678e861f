//! Reader for `JS_WriteObject` output. Mirrors `JS_ReadObject` in quickjs.c, but validates
//! instead of trusting: every failure names the byte offset where it was detected.

use super::*;
use crate::instr;

/// Deepest value nesting accepted; keeps hostile input from exhausting the stack.
const MAX_DEPTH: u32 = 256;
/// QuickJS refuses more atoms than this (`JS_ReadObjectAtoms`).
const MAX_ATOMS: u32 = 1_000_000;
/// Checksum value QuickJS accepts without checking (used by its own test corpus).
const CHECKSUM_ESCAPE: u32 = u32::MAX;

/// Why a buffer could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadErrorKind {
    #[error("unexpected end of input while reading {0}")]
    UnexpectedEnd(&'static str),
    #[error("unsupported bytecode version {found} (this build reads version {expected}: QuickJS-NG {qjs})", expected = BC_VERSION, qjs = crate::op::QUICKJS_VERSION)]
    Version { found: u8 },
    #[error("checksum mismatch: header says {stored:#010x}, content hashes to {computed:#010x}")]
    Checksum { stored: u32, computed: u32 },
    #[error("LEB128 number longer than 5 bytes")]
    Leb128TooLong,
    #[error("{what} is {value}, more than the allowed {max}")]
    TooLarge {
        what: &'static str,
        value: u64,
        max: u64,
    },
    #[error("atom index {0} is not in the atom table")]
    BadAtom(u32),
    #[error("invalid atom type {0}")]
    BadAtomType(u8),
    #[error("unknown or unsupported value tag {0}")]
    BadTag(u8),
    #[error("values nested deeper than {MAX_DEPTH}")]
    TooDeep,
    #[error("invalid bytecode at pc {pc}: {reason}")]
    BadCode { pc: u32, reason: String },
    #[error("{0} trailing bytes after the object")]
    TrailingBytes(usize),
    #[error("{0}")]
    Malformed(&'static str),
}

/// A read failure and the byte offset (from the start of the buffer) where it was detected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bytecode byte offset {offset}: {kind}")]
pub struct ReadError {
    pub offset: usize,
    pub kind: ReadErrorKind,
}

type Result<T> = std::result::Result<T, ReadError>;

/// Reads a `JS_WriteObject(…, JS_WRITE_OBJ_BYTECODE)` buffer of QuickJS-NG `BC_VERSION` 28.
pub fn read(bytes: &[u8]) -> Result<BytecodeObject> {
    let mut r = Reader {
        buf: bytes,
        pos: 0,
        atom_count: 0,
        depth: 0,
    };
    let version = r.u8("version")?;
    if version != BC_VERSION {
        return Err(r.err_at(0, ReadErrorKind::Version { found: version }));
    }
    let stored = r.u32("checksum")?;
    let computed = write::checksum(&bytes[r.pos..]);
    if stored != CHECKSUM_ESCAPE && stored != computed {
        return Err(r.err_at(1, ReadErrorKind::Checksum { stored, computed }));
    }
    let atoms = r.atom_table()?;
    let root = r.value()?;
    if r.pos != bytes.len() {
        return Err(r.err(ReadErrorKind::TrailingBytes(bytes.len() - r.pos)));
    }
    Ok(BytecodeObject { atoms, root })
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    atom_count: u32,
    depth: u32,
}

impl<'a> Reader<'a> {
    fn err(&self, kind: ReadErrorKind) -> ReadError {
        ReadError {
            offset: self.pos,
            kind,
        }
    }

    fn err_at(&self, offset: usize, kind: ReadErrorKind) -> ReadError {
        ReadError { offset, kind }
    }

    fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if self.buf.len() - self.pos < n {
            return Err(self.err(ReadErrorKind::UnexpectedEnd(what)));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.bytes(1, what)?[0])
    }

    fn u16(&mut self, what: &'static str) -> Result<u16> {
        let b = self.bytes(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self, what: &'static str) -> Result<u32> {
        let b = self.bytes(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self, what: &'static str) -> Result<u64> {
        let b = self.bytes(8, what)?;
        Ok(u64::from_le_bytes(b.try_into().expect("8 bytes")))
    }

    /// Unsigned LEB128 of at most 5 bytes, like QuickJS's `get_leb128`.
    fn leb(&mut self, what: &'static str) -> Result<u32> {
        let start = self.pos;
        let mut v: u32 = 0;
        for i in 0..5 {
            let Some(&b) = self.buf.get(self.pos) else {
                return Err(self.err(ReadErrorKind::UnexpectedEnd(what)));
            };
            self.pos += 1;
            v |= u32::from(b & 0x7f).wrapping_shl(i * 7);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.err_at(start, ReadErrorKind::Leb128TooLong))
    }

    /// Zigzag-encoded signed LEB128.
    fn sleb(&mut self, what: &'static str) -> Result<i32> {
        let v = self.leb(what)?;
        Ok(((v >> 1) as i32) ^ -((v & 1) as i32))
    }

    fn leb_u16(&mut self, what: &'static str) -> Result<u16> {
        let start = self.pos;
        let v = self.leb(what)?;
        u16::try_from(v).map_err(|_| {
            self.err_at(
                start,
                ReadErrorKind::TooLarge {
                    what,
                    value: v.into(),
                    max: u16::MAX.into(),
                },
            )
        })
    }

    /// A count of items that each take at least one byte: must fit in what is left.
    fn count(&mut self, what: &'static str) -> Result<u32> {
        let start = self.pos;
        let n = self.leb(what)?;
        let left = self.buf.len() - self.pos;
        if n as usize > left {
            return Err(self.err_at(
                start,
                ReadErrorKind::TooLarge {
                    what,
                    value: n.into(),
                    max: left as u64,
                },
            ));
        }
        Ok(n)
    }

    fn check_atom(&self, atom: Atom, at: usize) -> Result<Atom> {
        match atom.table_index() {
            Some(i) if i >= self.atom_count as usize => {
                Err(self.err_at(at, ReadErrorKind::BadAtom(atom.0)))
            }
            _ => Ok(atom),
        }
    }

    /// `bc_get_atom`: LEB128 of `index << 1`, or `(int << 1) | 1` for integer atoms.
    fn atom(&mut self, what: &'static str) -> Result<Atom> {
        let start = self.pos;
        let v = self.leb(what)?;
        let atom = if v & 1 != 0 {
            Atom::from_int(v >> 1)
        } else {
            Atom(v >> 1)
        };
        self.check_atom(atom, start)
    }

    fn string(&mut self, what: &'static str) -> Result<JsString> {
        let start = self.pos;
        let v = self.leb(what)?;
        let (len, wide) = ((v >> 1) as usize, v & 1 != 0);
        let size = if wide { len * 2 } else { len };
        if self.buf.len() - self.pos < size {
            return Err(self.err_at(start, ReadErrorKind::UnexpectedEnd(what)));
        }
        let b = self.bytes(size, what)?;
        Ok(if wide {
            JsString::Utf16(
                b.chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect(),
            )
        } else {
            JsString::Latin1(b.to_vec())
        })
    }

    fn atom_table(&mut self) -> Result<Vec<AtomEntry>> {
        let start = self.pos;
        let n = self.count("atom count")?;
        if n > MAX_ATOMS {
            return Err(self.err_at(
                start,
                ReadErrorKind::TooLarge {
                    what: "atom count",
                    value: n.into(),
                    max: MAX_ATOMS.into(),
                },
            ));
        }
        let mut atoms = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let at = self.pos;
            let ty = self.u8("atom type")?;
            if ty & 0x80 != 0 {
                let high = if ty & 0x40 != 0 {
                    self.leb("atom number")?
                } else {
                    0
                };
                let atom = high
                    .checked_shl(6)
                    .filter(|a| a >> 6 == high)
                    .map(|a| a | u32::from(ty & 0x3f));
                match atom {
                    Some(a) if a < crate::generated::atoms::JS_ATOM_END => {
                        atoms.push(AtomEntry::Builtin(a))
                    }
                    _ => {
                        return Err(self
                            .err_at(at, ReadErrorKind::Malformed("out of range predefined atom")));
                    }
                }
                continue;
            }
            let kind = match ty {
                1 => AtomKind::String,
                2 => AtomKind::GlobalSymbol,
                3 => AtomKind::Symbol,
                _ => return Err(self.err_at(at, ReadErrorKind::BadAtomType(ty))),
            };
            atoms.push(AtomEntry::Text {
                kind,
                text: self.string("atom string")?,
            });
        }
        self.atom_count = n;
        Ok(atoms)
    }

    fn value(&mut self) -> Result<Value> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(ReadErrorKind::TooDeep));
        }
        self.depth += 1;
        let v = self.value_inner();
        self.depth -= 1;
        v
    }

    fn values(&mut self, n: u32) -> Result<Vec<Value>> {
        (0..n).map(|_| self.value()).collect()
    }

    fn value_inner(&mut self) -> Result<Value> {
        let tag_at = self.pos;
        let tag = self.u8("value tag")?;
        // Tag numbers are BCTagEnum in quickjs.c.
        Ok(match tag {
            1 => Value::Null,
            2 => Value::Undefined,
            3 => Value::Bool(false),
            4 => Value::Bool(true),
            5 => Value::Int32(self.sleb("int32")?),
            6 => Value::Float64(self.u64("float64")?),
            7 => Value::String(self.string("string")?),
            8 => {
                let n = self.count("property count")?;
                let mut props = Vec::new();
                for _ in 0..n {
                    let name = self.atom("property name")?;
                    props.push((name, self.value()?));
                }
                Value::Object(props)
            }
            9 => {
                let n = self.count("array length")?;
                Value::Array(self.values(n)?)
            }
            10 => {
                let n = self.leb("bigint length")? as usize;
                Value::BigInt(self.bytes(n, "bigint")?.to_vec())
            }
            11 => {
                let n = self.count("template length")?;
                let elements = self.values(n)?;
                Value::TemplateObject {
                    elements,
                    raw: Box::new(self.value()?),
                }
            }
            12 => Value::Function(Box::new(self.function()?)),
            13 => Value::Module(Box::new(self.module()?)),
            14 => {
                let kind = self.u8("typed array kind")?;
                let length = self.leb("typed array length")?;
                let offset = self.leb("typed array offset")?;
                Value::TypedArray {
                    kind,
                    length,
                    offset,
                    buffer: Box::new(self.value()?),
                }
            }
            15 => {
                let len = self.leb("array buffer length")?;
                let max_byte_length = self.leb("array buffer max length")?;
                if max_byte_length < len {
                    return Err(self.err(ReadErrorKind::Malformed(
                        "array buffer max length below length",
                    )));
                }
                let data = self.bytes(len as usize, "array buffer data")?.to_vec();
                Value::ArrayBuffer {
                    max_byte_length,
                    data,
                }
            }
            17 => {
                let pattern = self.string("regexp pattern")?;
                let at = self.pos;
                let bytecode = self.string("regexp bytecode")?;
                if matches!(bytecode, JsString::Utf16(_)) {
                    return Err(self.err_at(
                        at,
                        ReadErrorKind::Malformed("regexp bytecode must be 8-bit"),
                    ));
                }
                Value::RegExp { pattern, bytecode }
            }
            18 => Value::Date(Box::new(self.value()?)),
            19 => Value::ObjectValue(Box::new(self.value()?)),
            23 => Value::Symbol(self.atom("symbol")?),
            _ => return Err(self.err_at(tag_at, ReadErrorKind::BadTag(tag))),
        })
    }

    fn function(&mut self) -> Result<Function> {
        let flags = self.u16("function flags")?;
        let js_mode = self.u8("js_mode")?;
        let name = self.atom("function name")?;
        let arg_count = self.leb_u16("arg_count")?;
        let var_count = self.leb_u16("var_count")?;
        let defined_arg_count = self.leb_u16("defined_arg_count")?;
        let stack_size = self.leb_u16("stack_size")?;
        let var_ref_count = self.leb_u16("var_ref_count")?;
        let closure_var_count = self.leb_u16("closure_var_count")?;
        let cpool_count = self.count("cpool_count")?;
        let code_len_at = self.pos;
        let code_len = self.leb("byte_code_len")?;
        let locals_at = self.pos;
        let local_count = self.count("local_count")?;
        if local_count != 0 && local_count != u32::from(arg_count) + u32::from(var_count) {
            return Err(self.err_at(
                locals_at,
                ReadErrorKind::Malformed("local_count is neither 0 nor arg_count + var_count"),
            ));
        }

        let mut locals = Vec::new();
        for _ in 0..local_count {
            let name = self.atom("variable name")?;
            let scope_level = self.leb("scope_level")?;
            let scope_next = self.leb("scope_next")?.wrapping_sub(1) as i32;
            let flags = self.u8("variable flags")?;
            let var_ref_idx = if flags & 0x40 != 0 {
                Some(self.leb_u16("var_ref_idx")?)
            } else {
                None
            };
            locals.push(VarDef {
                name,
                scope_level,
                scope_next,
                flags,
                var_ref_idx,
            });
        }
        let mut closure_vars = Vec::new();
        for _ in 0..closure_var_count {
            let name = self.atom("closure variable name")?;
            let var_idx = self.leb("closure var_idx")?;
            let flags = self.leb("closure flags")?;
            closure_vars.push(ClosureVar {
                name,
                var_idx,
                flags,
            });
        }
        let cpool = self.values(cpool_count)?;

        let code_at = self.pos;
        if (self.buf.len() - self.pos) < code_len as usize {
            return Err(self.err_at(code_len_at, ReadErrorKind::UnexpectedEnd("bytecode")));
        }
        let code = self.bytes(code_len as usize, "bytecode")?.to_vec();
        self.check_code(&code, code_at)?;

        let debug = if flags & function_flags::HAS_DEBUG_INFO != 0 {
            let filename = self.atom("filename")?;
            let line = self.leb("line")?;
            let col = self.leb("column")?;
            let n = self.leb("pc2line length")? as usize;
            let pc2line = self.bytes(n, "pc2line table")?.to_vec();
            let n = self.leb("source length")? as usize;
            let source = self.bytes(n, "source")?.to_vec();
            Some(DebugInfo {
                filename,
                line,
                col,
                pc2line,
                source,
            })
        } else {
            None
        };
        Ok(Function {
            flags,
            js_mode,
            name,
            arg_count,
            var_count,
            defined_arg_count,
            stack_size,
            var_ref_count,
            locals,
            closure_vars,
            cpool,
            code,
            debug,
        })
    }

    /// Every instruction must decode and every atom operand must resolve.
    fn check_code(&self, code: &[u8], code_at: usize) -> Result<()> {
        for ins in instr::decode(code) {
            let ins = ins.map_err(|e| {
                self.err_at(
                    code_at + e.pc as usize,
                    ReadErrorKind::BadCode {
                        pc: e.pc,
                        reason: e.reason.to_string(),
                    },
                )
            })?;
            for operand in &ins.operands {
                if let instr::Operand::Atom(a) = operand {
                    self.check_atom(*a, code_at + ins.pc as usize)?;
                }
            }
        }
        Ok(())
    }

    fn module(&mut self) -> Result<Module> {
        let name = self.atom("module name")?;
        let n = self.count("requested module count")?;
        let requested = (0..n)
            .map(|_| self.atom("requested module"))
            .collect::<Result<_>>()?;
        let n = self.count("export count")?;
        let mut exports = Vec::new();
        for _ in 0..n {
            let at = self.pos;
            let target = match self.u8("export type")? {
                0 => ExportTarget::Local {
                    var_idx: self.leb("export var_idx")?,
                },
                1 => {
                    let req_module_idx = self.leb("export req_module_idx")?;
                    ExportTarget::Indirect {
                        req_module_idx,
                        local_name: self.atom("export local name")?,
                    }
                }
                _ => {
                    return Err(self.err_at(
                        at,
                        ReadErrorKind::Malformed(
                            "export type is neither local (0) nor indirect (1)",
                        ),
                    ));
                }
            };
            exports.push(Export {
                target,
                export_name: self.atom("export name")?,
            });
        }
        let n = self.count("star export count")?;
        let star_exports = (0..n)
            .map(|_| self.leb("star export"))
            .collect::<Result<_>>()?;
        let n = self.count("import count")?;
        let mut imports = Vec::new();
        for _ in 0..n {
            let var_idx = self.leb("import var_idx")?;
            let import_name = self.atom("import name")?;
            imports.push(Import {
                var_idx,
                import_name,
                req_module_idx: self.leb("import req_module_idx")?,
            });
        }
        let has_tla = self.u8("has_tla")?;
        let func_at = self.pos;
        let func = self.value()?;
        if !matches!(func, Value::Function(_)) {
            return Err(self.err_at(
                func_at,
                ReadErrorKind::Malformed("module body is not a function"),
            ));
        }
        Ok(Module {
            name,
            requested,
            exports,
            star_exports,
            imports,
            has_tla,
            func,
        })
    }
}
