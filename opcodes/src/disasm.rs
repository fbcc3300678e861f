//! Human-readable listing of a [`BytecodeObject`]: every function with its name, source
//! position, arguments, locals, closure variables, constant pool and instructions, with
//! operands resolved (atoms as names, locals by name, jump targets as labels, constants inline).

use crate::bytecode::{BytecodeObject, ExportTarget, Function, JsString, Module, Value};
use crate::instr::{self, Instr, Operand};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Renders the whole object. Functions appear parent first, in constant-pool order.
pub fn disassemble(obj: &BytecodeObject) -> String {
    let mut out = String::new();
    if let Value::Module(m) = &obj.root {
        module_header(obj, m, &mut out);
    }
    for (i, f) in obj.functions().into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        function(obj, f, &mut out);
    }
    out
}

/// Quotes `s` unless it is a plain identifier (the convention of QuickJS's `print_atom`).
pub fn quote_atom(s: &str) -> String {
    let ident = !s.is_empty()
        && s.char_indices().all(|(i, c)| {
            c.is_ascii_alphabetic() || c == '_' || c == '$' || (i > 0 && c.is_ascii_digit())
        });
    if ident {
        s.to_string()
    } else {
        format!("{s:?}")
    }
}

fn atom(obj: &BytecodeObject, a: crate::bytecode::Atom) -> String {
    quote_atom(&obj.atom_str(a))
}

fn module_header(obj: &BytecodeObject, m: &Module, out: &mut String) {
    writeln!(
        out,
        "module {}{}",
        atom(obj, m.name),
        if m.has_tla != 0 {
            " (top-level await)"
        } else {
            ""
        }
    )
    .unwrap();
    for (i, r) in m.requested.iter().enumerate() {
        writeln!(out, "  requires [{i}] {}", atom(obj, *r)).unwrap();
    }
    for imp in &m.imports {
        writeln!(
            out,
            "  import {} from [{}] -> closure var {}",
            atom(obj, imp.import_name),
            imp.req_module_idx,
            imp.var_idx
        )
        .unwrap();
    }
    for e in &m.exports {
        match &e.target {
            ExportTarget::Local { var_idx } => writeln!(
                out,
                "  export {} = closure var {var_idx}",
                atom(obj, e.export_name)
            )
            .unwrap(),
            ExportTarget::Indirect {
                req_module_idx,
                local_name,
            } => writeln!(
                out,
                "  export {} = {} from [{req_module_idx}]",
                atom(obj, e.export_name),
                atom(obj, *local_name)
            )
            .unwrap(),
        }
    }
    for s in &m.star_exports {
        writeln!(out, "  export * from [{s}]").unwrap();
    }
    out.push('\n');
}

const FUNC_KINDS: [&str; 4] = ["function", "function*", "async function", "async function*"];
const CLOSURE_TYPES: [&str; 8] = [
    "local",
    "arg",
    "ref",
    "global_ref",
    "global_decl",
    "global",
    "module_decl",
    "module_import",
];

/// One-line description of a function: `function fib (fib.js:1:1)`.
pub fn function_title(obj: &BytecodeObject, f: &Function) -> String {
    let name = if f.name == crate::bytecode::Atom::NULL {
        "<anonymous>".to_string()
    } else {
        atom(obj, f.name)
    };
    let mut s = format!("{} {name}", FUNC_KINDS[usize::from(f.func_kind())]);
    if let Some(d) = &f.debug {
        write!(s, " ({}:{}:{})", obj.atom_str(d.filename), d.line, d.col).unwrap();
    }
    s
}

fn function(obj: &BytecodeObject, f: &Function, out: &mut String) {
    writeln!(out, "{}", function_title(obj, f)).unwrap();
    writeln!(
        out,
        "  {} mode, stack_size {}, defined args {}, {} bytes of code",
        if f.is_strict() { "strict" } else { "sloppy" },
        f.stack_size,
        f.defined_arg_count,
        f.code.len()
    )
    .unwrap();
    for (i, a) in f.args().iter().enumerate() {
        writeln!(out, "  arg{i}: {}", atom(obj, a.name)).unwrap();
    }
    for (i, v) in f.vars().iter().enumerate() {
        let kind = if v.is_const() {
            "const"
        } else if v.is_lexical() {
            "let"
        } else {
            "var"
        };
        let captured = v
            .var_ref_idx
            .map(|r| format!(", captured as ref{r}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  loc{i}: {kind} {} (scope {}{captured})",
            atom(obj, v.name),
            v.scope_level
        )
        .unwrap();
    }
    for (i, c) in f.closure_vars.iter().enumerate() {
        let kind = if c.is_const() {
            "const"
        } else if c.is_lexical() {
            "let"
        } else {
            "var"
        };
        let ty = CLOSURE_TYPES[usize::from(c.closure_type())];
        writeln!(
            out,
            "  ref{i}: {kind} {} ({ty} {})",
            atom(obj, c.name),
            c.var_idx
        )
        .unwrap();
    }
    for (i, c) in f.cpool.iter().enumerate() {
        writeln!(out, "  const{i}: {}", value(obj, c)).unwrap();
    }
    let decoded: Vec<_> = instr::decode(&f.code).collect();
    let labels: BTreeSet<u32> = decoded
        .iter()
        .flatten()
        .flat_map(|i| i.operands.iter())
        .filter_map(|o| {
            if let Operand::Label(l) = o {
                Some(*l)
            } else {
                None
            }
        })
        .collect();
    writeln!(out, "  code:").unwrap();
    for ins in decoded {
        match ins {
            Ok(ins) => {
                if labels.contains(&ins.pc) {
                    writeln!(out, "  L{}:", ins.pc).unwrap();
                }
                writeln!(out, "    {:5}  {}", ins.pc, instruction(obj, f, &ins)).unwrap();
            }
            Err(e) => writeln!(out, "    {:5}  <{}>", e.pc, e.reason).unwrap(),
        }
    }
}

/// `name operand, operand` with operands resolved against `f` and `obj`.
pub fn instruction(obj: &BytecodeObject, f: &Function, ins: &Instr) -> String {
    let ops: Vec<String> = ins.operands.iter().map(|o| operand(obj, f, *o)).collect();
    if ops.is_empty() {
        ins.op.name().to_string()
    } else {
        format!("{:<15} {}", ins.op.name(), ops.join(", "))
    }
}

fn named(prefix: &str, i: u16, name: Option<String>) -> String {
    match name {
        Some(n) => format!("{prefix}{i}:{n}"),
        None => format!("{prefix}{i}"),
    }
}

/// One operand: `loc1:i`, `arg0:n`, `ref2:x`, `const0:1.5`, `fib`, `L42`, `3`.
pub fn operand(obj: &BytecodeObject, f: &Function, o: Operand) -> String {
    match o {
        Operand::Int(v) => v.to_string(),
        Operand::Loc(i) => named(
            "loc",
            i,
            f.vars().get(usize::from(i)).map(|v| atom(obj, v.name)),
        ),
        Operand::Arg(i) => named(
            "arg",
            i,
            f.args().get(usize::from(i)).map(|v| atom(obj, v.name)),
        ),
        Operand::VarRef(i) => named(
            "ref",
            i,
            f.closure_vars
                .get(usize::from(i))
                .map(|v| atom(obj, v.name)),
        ),
        Operand::Const(i) => match f.cpool.get(i as usize) {
            Some(v) => format!("const{i}:{}", value(obj, v)),
            None => format!("const{i}:<missing>"),
        },
        Operand::Atom(a) => atom(obj, a),
        Operand::Label(l) => format!("L{l}"),
    }
}

fn short_string(s: &JsString) -> String {
    const MAX: usize = 40;
    let text = s.to_string_lossy();
    if text.chars().count() > MAX {
        format!("{:?}…", text.chars().take(MAX).collect::<String>())
    } else {
        format!("{text:?}")
    }
}

/// Two's complement little-endian bytes as a decimal number when it fits in an i128.
fn bigint(bytes: &[u8]) -> String {
    if bytes.len() > 16 {
        return format!("<{}-byte bigint>", bytes.len());
    }
    let mut buf = [if bytes.last().is_some_and(|b| b & 0x80 != 0) {
        0xff
    } else {
        0
    }; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    format!("{}n", i128::from_le_bytes(buf))
}

/// A constant, inline and short.
pub fn value(obj: &BytecodeObject, v: &Value) -> String {
    let list = |items: &[Value]| {
        items
            .iter()
            .map(|v| value(obj, v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match v {
        Value::Null => "null".into(),
        Value::Undefined => "undefined".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int32(i) => i.to_string(),
        Value::Float64(bits) => format!("{:?}", f64::from_bits(*bits)),
        Value::String(s) => short_string(s),
        Value::Object(props) => {
            let p: Vec<_> = props
                .iter()
                .map(|(k, v)| format!("{}: {}", atom(obj, *k), value(obj, v)))
                .collect();
            format!("{{{}}}", p.join(", "))
        }
        Value::Array(items) => format!("[{}]", list(items)),
        Value::TemplateObject { elements, raw } => {
            format!("template[{}] raw {}", list(elements), value(obj, raw))
        }
        Value::BigInt(b) => bigint(b),
        Value::Function(f) => format!("<{}>", function_title(obj, f)),
        Value::Module(m) => format!("<module {}>", atom(obj, m.name)),
        Value::RegExp { pattern, .. } => format!("/{}/", pattern.to_string_lossy()),
        Value::Date(v) => format!("Date({})", value(obj, v)),
        Value::ObjectValue(v) => format!("Object({})", value(obj, v)),
        Value::ArrayBuffer { data, .. } => format!("ArrayBuffer({} bytes)", data.len()),
        Value::TypedArray { kind, length, .. } => {
            format!("TypedArray(kind {kind}, length {length})")
        }
        Value::Symbol(a) => format!("Symbol({})", obj.atom_str(*a)),
    }
}
