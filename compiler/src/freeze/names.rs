//! Names for the freeze report of functions whose bytecode carries none: QuickJS compiles class
//! and object-literal methods and class constructors without a name and gives them one at run
//! time, when `define_method` or `define_class` installs them. The report takes it from there,
//! so it can say `get kind` or `class Rect` instead of `<anonymous>`.

use edgebox_opcodes::Op;
use edgebox_opcodes::bytecode::{BytecodeObject, Function, Value};
use edgebox_opcodes::instr::{Operand, decode};
use std::collections::HashMap;

/// `OP_DEFINE_METHOD_GETTER` and `_SETTER`: the low two bits of define_method's flags.
const GETTER: i64 = 1;
const SETTER: i64 = 2;

/// The functions that an `fclosure` + `define_method` (or `push_const` + `define_class`) pair
/// installs, with the name that gives them, keyed by the function's address in `object`.
pub fn installed_names(object: &BytecodeObject) -> HashMap<*const Function, String> {
    let mut names = HashMap::new();
    for f in object.functions() {
        let instrs: Vec<_> = decode(&f.code).map_while(Result::ok).collect();
        for pair in instrs.windows(2) {
            let (make, install) = (&pair[0], &pair[1]);
            let Some(Operand::Const(c)) = make.operands.first() else {
                continue;
            };
            let Some(Value::Function(inner)) = f.cpool.get(*c as usize) else {
                continue;
            };
            let (Some(Operand::Atom(atom)), Some(Operand::Int(flags))) =
                (install.operands.first(), install.operands.get(1))
            else {
                continue;
            };
            let name = object.atom_str(*atom);
            if name.is_empty() {
                continue;
            }
            let name = match (make.op, install.op) {
                (Op::Fclosure | Op::Fclosure8, Op::DefineMethod) => match flags & 3 {
                    GETTER => format!("get {name}"),
                    SETTER => format!("set {name}"),
                    _ => name.into_owned(),
                },
                (Op::PushConst | Op::PushConst8, Op::DefineClass) => format!("class {name}"),
                _ => continue,
            };
            names.insert(&**inner as *const Function, name);
        }
    }
    names
}
