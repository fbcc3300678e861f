//! Writer: the inverse of [`super::read`], byte for byte (mirrors `JS_WriteObject2`).

use super::*;

/// Serializes `obj` in QuickJS-NG's `JS_WriteObject` format (version [`BC_VERSION`]),
/// checksum included.
pub fn write(obj: &BytecodeObject) -> Vec<u8> {
    let mut w = Writer { out: Vec::new() };
    w.u8(BC_VERSION);
    w.out.extend([0; 4]); // checksum, filled in below
    w.leb(obj.atoms.len() as u32);
    for a in &obj.atoms {
        match a {
            // Predefined atoms below 64 fit in the type byte; larger ones spill into a LEB128.
            AtomEntry::Builtin(n) if *n < 64 => w.u8(0x80 | *n as u8),
            AtomEntry::Builtin(n) => {
                w.u8(0xc0 | (*n & 0x3f) as u8);
                w.leb(n >> 6);
            }
            AtomEntry::Text { kind, text } => {
                w.u8(*kind as u8);
                w.string(text);
            }
        }
    }
    w.value(&obj.root);
    let sum = checksum(&w.out[5..]);
    w.out[1..5].copy_from_slice(&sum.to_le_bytes());
    w.out
}

/// `bc_csum` of quickjs.c: the header checksum, computed over everything after the version
/// and checksum fields (`bytes[5..]`).
pub fn checksum(p: &[u8]) -> u32 {
    const K: u32 = 0x9e37_0001;
    let mut h: u32 = 0;
    let mut i = 0;
    // Note `i + 4 < n`, not `<=`: a final full word is hashed by the tail code below.
    while i + 4 < p.len() {
        h = h.wrapping_add(u32::from_le_bytes([p[i], p[i + 1], p[i + 2], p[i + 3]]));
        h = h.wrapping_mul(K);
        i += 4;
    }
    let tail = &p[i..];
    let byte = |k: usize| tail.get(k).map_or(0, |&b| u32::from(b));
    // The C code only looks at up to three tail bytes; a fourth one (n % 4 == 0) is dropped.
    let (a, b, c) = if tail.len() <= 3 {
        (byte(0), byte(1), byte(2))
    } else {
        (0, 0, 0)
    };
    h = h.wrapping_add(a | b << 8 | c << 16);
    h.wrapping_mul(K)
}

struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, v: u8) {
        self.out.push(v);
    }

    fn u16(&mut self, v: u16) {
        self.out.extend(v.to_le_bytes());
    }

    fn leb(&mut self, mut v: u32) {
        loop {
            let a = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.out.push(a);
                return;
            }
            self.out.push(a | 0x80);
        }
    }

    fn sleb(&mut self, v: i32) {
        self.leb(((v << 1) ^ (v >> 31)) as u32);
    }

    fn atom(&mut self, a: Atom) {
        match a.as_int() {
            Some(i) => self.leb((i << 1) | 1),
            None => self.leb(a.0 << 1),
        }
    }

    fn string(&mut self, s: &JsString) {
        match s {
            JsString::Latin1(b) => {
                self.leb((b.len() as u32) << 1);
                self.out.extend(b);
            }
            JsString::Utf16(u) => {
                self.leb(((u.len() as u32) << 1) | 1);
                u.iter().for_each(|&c| self.u16(c));
            }
        }
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.u8(1),
            Value::Undefined => self.u8(2),
            Value::Bool(b) => self.u8(3 + u8::from(*b)),
            Value::Int32(i) => {
                self.u8(5);
                self.sleb(*i);
            }
            Value::Float64(bits) => {
                self.u8(6);
                self.out.extend(bits.to_le_bytes());
            }
            Value::String(s) => {
                self.u8(7);
                self.string(s);
            }
            Value::Object(props) => {
                self.u8(8);
                self.leb(props.len() as u32);
                for (name, v) in props {
                    self.atom(*name);
                    self.value(v);
                }
            }
            Value::Array(items) => {
                self.u8(9);
                self.leb(items.len() as u32);
                items.iter().for_each(|v| self.value(v));
            }
            Value::BigInt(bytes) => {
                self.u8(10);
                self.leb(bytes.len() as u32);
                self.out.extend(bytes);
            }
            Value::TemplateObject { elements, raw } => {
                self.u8(11);
                self.leb(elements.len() as u32);
                elements.iter().for_each(|v| self.value(v));
                self.value(raw);
            }
            Value::Function(f) => self.function(f),
            Value::Module(m) => self.module(m),
            Value::TypedArray {
                kind,
                length,
                offset,
                buffer,
            } => {
                self.u8(14);
                self.u8(*kind);
                self.leb(*length);
                self.leb(*offset);
                self.value(buffer);
            }
            Value::ArrayBuffer {
                max_byte_length,
                data,
            } => {
                self.u8(15);
                self.leb(data.len() as u32);
                self.leb(*max_byte_length);
                self.out.extend(data);
            }
            Value::RegExp { pattern, bytecode } => {
                self.u8(17);
                self.string(pattern);
                self.string(bytecode);
            }
            Value::Date(v) => {
                self.u8(18);
                self.value(v);
            }
            Value::ObjectValue(v) => {
                self.u8(19);
                self.value(v);
            }
            Value::Symbol(a) => {
                self.u8(23);
                self.atom(*a);
            }
        }
    }

    fn function(&mut self, f: &Function) {
        self.u8(12);
        // The debug-info bit describes what follows, so it comes from `debug`, not `flags`.
        let debug_bit = if f.debug.is_some() {
            function_flags::HAS_DEBUG_INFO
        } else {
            0
        };
        self.u16((f.flags & !function_flags::HAS_DEBUG_INFO) | debug_bit);
        self.u8(f.js_mode);
        self.atom(f.name);
        for n in [
            f.arg_count,
            f.var_count,
            f.defined_arg_count,
            f.stack_size,
            f.var_ref_count,
        ] {
            self.leb(n.into());
        }
        self.leb(f.closure_vars.len() as u32);
        self.leb(f.cpool.len() as u32);
        self.leb(f.code.len() as u32);
        self.leb(f.locals.len() as u32);
        for v in &f.locals {
            self.atom(v.name);
            self.leb(v.scope_level);
            self.leb((v.scope_next as u32).wrapping_add(1));
            self.u8(v.flags);
            if let Some(i) = v.var_ref_idx {
                self.leb(i.into());
            }
        }
        for cv in &f.closure_vars {
            self.atom(cv.name);
            self.leb(cv.var_idx);
            self.leb(cv.flags);
        }
        f.cpool.iter().for_each(|v| self.value(v));
        self.out.extend(&f.code);
        if let Some(d) = &f.debug {
            self.atom(d.filename);
            self.leb(d.line);
            self.leb(d.col);
            self.leb(d.pc2line.len() as u32);
            self.out.extend(&d.pc2line);
            self.leb(d.source.len() as u32);
            self.out.extend(&d.source);
        }
    }

    fn module(&mut self, m: &Module) {
        self.u8(13);
        self.atom(m.name);
        self.leb(m.requested.len() as u32);
        m.requested.iter().for_each(|a| self.atom(*a));
        self.leb(m.exports.len() as u32);
        for e in &m.exports {
            match &e.target {
                ExportTarget::Local { var_idx } => {
                    self.u8(0);
                    self.leb(*var_idx);
                }
                ExportTarget::Indirect {
                    req_module_idx,
                    local_name,
                } => {
                    self.u8(1);
                    self.leb(*req_module_idx);
                    self.atom(*local_name);
                }
            }
            self.atom(e.export_name);
        }
        self.leb(m.star_exports.len() as u32);
        m.star_exports.iter().for_each(|&i| self.leb(i));
        self.leb(m.imports.len() as u32);
        for i in &m.imports {
            self.leb(i.var_idx);
            self.atom(i.import_name);
            self.leb(i.req_module_idx);
        }
        self.u8(m.has_tla);
        self.value(&m.func);
    }
}
