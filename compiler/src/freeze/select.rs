//! Which functions get frozen: those whose every opcode the code generator implements and that
//! break none of the rules below. The rules exist because frozen code keeps a function's
//! arguments and locals in Wasm locals, which nothing outside the function can see.

use super::flow::Flow;
use edgebox_opcodes::Op;
use edgebox_opcodes::bytecode::{BytecodeObject, Function, Value};
use edgebox_opcodes::instr::{self, Instr, Operand};

/// `JS_CLOSURE_REF`: a closure variable taken from the creating function's own closure
/// variables; the two types below it (`LOCAL`, `ARG`) point into the creating function's frame.
const CLOSURE_REF: u8 = 2;

/// Most parameters a frozen function may declare (each is a Wasm parameter of its body).
pub const MAX_PARAMS: u16 = 64;

/// Why a function stays interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    /// The first opcode the code generator does not implement.
    Opcode { op: Op, pc: u32 },
    /// Generators and async functions suspend their frame; frozen frames cannot suspend.
    Kind(&'static str),
    /// A local or argument is captured by an inner closure (it must live in a QuickJS frame).
    Captured(String),
    /// More parameters than [`MAX_PARAMS`].
    TooManyParams(u16),
    /// The bytecode could not be analysed (never expected from QuickJS's own compiler).
    Malformed(String),
}

impl std::fmt::Display for Exclusion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exclusion::Opcode { op, pc } => write!(
                f,
                "uses `{op}` (pc {pc}), which the freezer does not compile"
            ),
            Exclusion::Kind(kind) => write!(f, "is {kind}"),
            Exclusion::Captured(name) => write!(f, "has `{name}` captured by a closure"),
            Exclusion::TooManyParams(n) => {
                write!(f, "has {n} parameters (the limit is {MAX_PARAMS})")
            }
            Exclusion::Malformed(why) => {
                write!(f, "has bytecode the freezer cannot analyse: {why}")
            }
        }
    }
}

/// Whether the code generator implements `op`.
pub fn supported(op: Op) -> bool {
    use Op::*;
    matches!(
        op,
        PushI32
            | PushConst
            | PushConst8
            | Fclosure
            | Fclosure8
            | PushMinus1
            | Push0
            | Push1
            | Push2
            | Push3
            | Push4
            | Push5
            | Push6
            | Push7
            | PushI8
            | PushI16
            | Undefined
            | Null
            | PushFalse
            | PushTrue
            | PushThis
            | Object
            | GetLoc
            | PutLoc
            | SetLoc
            | GetLoc8
            | PutLoc8
            | SetLoc8
            | GetLoc0
            | GetLoc1
            | GetLoc2
            | GetLoc3
            | PutLoc0
            | PutLoc1
            | PutLoc2
            | PutLoc3
            | SetLoc0
            | SetLoc1
            | SetLoc2
            | SetLoc3
            | GetLoc0Loc1
            | GetArg
            | PutArg
            | SetArg
            | GetArg0
            | GetArg1
            | GetArg2
            | GetArg3
            | PutArg0
            | PutArg1
            | PutArg2
            | PutArg3
            | SetArg0
            | SetArg1
            | SetArg2
            | SetArg3
            | GetVarRef
            | PutVarRef
            | SetVarRef
            | GetVarRef0
            | GetVarRef1
            | GetVarRef2
            | GetVarRef3
            | PutVarRef0
            | PutVarRef1
            | PutVarRef2
            | PutVarRef3
            | SetVarRef0
            | SetVarRef1
            | SetVarRef2
            | SetVarRef3
            | GetVarRefCheck
            | PutVarRefCheck
            | SetLocUninitialized
            | GetLocCheck
            | PutLocCheck
            | GetVar
            | GetVarUndef
            | PutVar
            | PutVarInit
            | CheckDefineVar
            | DefineVar
            | DefineFunc
            | PushAtomValue
            | PushEmptyString
            | ArrayFrom
            | Regexp
            | DefineField
            | DefineArrayEl
            | ToPropkey
            | ToPropkey2
            | CallConstructor
            | Drop
            | Nip
            | Nip1
            | Dup
            | Dup1
            | Dup2
            | Dup3
            | Swap
            | Swap2
            | Insert2
            | Insert3
            | Insert4
            | Perm3
            | Perm4
            | Perm5
            | Rot3l
            | Rot3r
            | Rot4l
            | Rot5l
            | Add
            | Sub
            | Mul
            | Div
            | Mod
            | Pow
            | Neg
            | Plus
            | Inc
            | Dec
            | PostInc
            | PostDec
            | IncLoc
            | DecLoc
            | AddLoc
            | Not
            | Lnot
            | Shl
            | Sar
            | Shr
            | And
            | Or
            | Xor
            | Lt
            | Lte
            | Gt
            | Gte
            | Eq
            | Neq
            | StrictEq
            | StrictNeq
            | Typeof
            | IsUndefinedOrNull
            | IsUndefined
            | IsNull
            | Goto
            | Goto8
            | Goto16
            | IfFalse
            | IfTrue
            | IfFalse8
            | IfTrue8
            | Return
            | ReturnUndef
            | In
            | Instanceof
            | Throw
            | ThrowError
            | SpecialObject
            | CheckCtor
            | GetSuper
            | PutLocCheckInit
            | Nop
            | Call0
            | Call1
            | Call2
            | Call3
            | Call
            | CallMethod
            | TailCall
            | TailCallMethod
            | GetField
            | GetField2
            | PutField
            | GetArrayEl
            | GetArrayEl2
            | PutArrayEl
            | GetLength
    )
}

/// `special_object`'s operand (QuickJS's `OPSpecialObjectEnum`): the function object being
/// run, as a class constructor reads it to find its parent class.
pub const SPECIAL_OBJECT_THIS_FUNC: i64 = 2;
/// `special_object`'s operand for `new.target`.
pub const SPECIAL_OBJECT_NEW_TARGET: i64 = 3;

/// Whether the freezer compiles this instruction: its opcode, and for `special_object` its
/// kind (`arguments` objects, home objects, `import.meta` and the rest stay interpreted).
fn supported_instr(ins: &Instr) -> bool {
    if ins.op == Op::SpecialObject {
        return matches!(
            ins.operands.first(),
            Some(Operand::Int(
                SPECIAL_OBJECT_THIS_FUNC | SPECIAL_OBJECT_NEW_TARGET
            ))
        );
    }
    supported(ins.op)
}

/// Decides whether `f` can be frozen; on success returns its analysed bytecode.
pub fn select(object: &BytecodeObject, f: &Function) -> Result<Flow, Exclusion> {
    match f.func_kind() {
        0 => {}
        1 => return Err(Exclusion::Kind("a generator")),
        2 => return Err(Exclusion::Kind("an async function")),
        _ => return Err(Exclusion::Kind("an async generator")),
    }
    if f.arg_count > MAX_PARAMS {
        return Err(Exclusion::TooManyParams(f.arg_count));
    }
    // Opcodes before the stack analysis: the analysis only knows the stack effects of what
    // the freezer compiles (`catch`, `gosub`, `for_in_next`, ... leave it with depths that
    // disagree), and for such a function the opcode is the reason worth reporting.
    for decoded in instr::decode(&f.code) {
        match decoded {
            Ok(ins) if !supported_instr(&ins) => {
                return Err(Exclusion::Opcode {
                    op: ins.op,
                    pc: ins.pc,
                });
            }
            Ok(_) => {}
            // Flow::analyze reports it, with its position.
            Err(_) => break,
        }
    }
    let flow = Flow::analyze(&f.code).map_err(Exclusion::Malformed)?;
    // Frozen code keeps its locals in Wasm locals, where no closure can reach them: a function
    // whose locals (or `this`, `arguments`, `new.target`, which arrows capture as locals) are
    // captured by an inner closure or by eval stays in the interpreter. QuickJS flags them.
    if let Some(var) = f.locals.iter().find(|v| v.is_captured()) {
        return Err(Exclusion::Captured(object.atom_str(var.name).into_owned()));
    }
    if f.var_ref_count != 0 {
        return Err(Exclusion::Captured("a local".into()));
    }
    // The closures it creates may then only capture what it captured itself (its var_refs):
    // checked again per closure, since the guest's fclosure helper has no frame to offer.
    for ins in flow
        .instrs
        .iter()
        .filter(|i| matches!(i.op, Op::Fclosure | Op::Fclosure8))
    {
        let Some(Operand::Const(c)) = ins.operands.first() else {
            return Err(Exclusion::Malformed(format!(
                "{} at pc {} without a constant",
                ins.op, ins.pc
            )));
        };
        let Some(Value::Function(inner)) = f.cpool.get(*c as usize) else {
            return Err(Exclusion::Malformed(format!(
                "{} at pc {}: constant {c} is not a function",
                ins.op, ins.pc
            )));
        };
        if let Some(cv) = inner
            .closure_vars
            .iter()
            .find(|cv| cv.closure_type() < CLOSURE_REF)
        {
            return Err(Exclusion::Captured(object.atom_str(cv.name).into_owned()));
        }
    }
    Ok(flow)
}
