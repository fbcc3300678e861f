//! Which frozen functions also get an int32 clone, proven by abstract interpretation.
//!
//! A function qualifies when, assuming every argument is an int32, each value it computes is
//! an int32 or a boolean, known at compile time per stack slot and local; when the only
//! thing it ever calls is itself (through one binding: a global variable or a closure
//! variable, checked at run time before the clone is entered); and when it does nothing else
//! that anyone could observe: no property access, no global writes, no other calls, no
//! `this`, no exceptions. Such a function is pure and deterministic, so the clone may give up
//! at any point (an overflow, a stack running low) and the generic code may simply start the
//! call over: nothing that already happened can be seen.
//!
//! Booleans are int32s for arithmetic (ToNumber(true) = 1, which is their payload); they stay a
//! separate type only because `===` between a boolean and a number is false and because a
//! returned value must carry the right tag.

use crate::freeze::flow::{Flow, index_operand, stack_effect, successors};
use edgebox_opcodes::Op;
use edgebox_opcodes::bytecode::{Atom, BytecodeObject, Function};
use edgebox_opcodes::instr::{Instr, Operand};

/// The compile-time type of a stack slot, an argument or a local.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Int,
    Bool,
    /// The function object itself, read from its binding (only ever used as a callee).
    SelfFn,
    /// `undefined` (a local not yet assigned).
    Undef,
    /// A `let` in its temporal dead zone.
    Uninit,
    /// Different types on different paths.
    Mixed,
}

/// How the clone's self-calls name the function: the binding the gate checks before entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfBinding {
    /// No self-calls.
    None,
    /// A global variable, read by the `get_var` at this pc (the gate reads its atom there).
    Global { atom: Atom, pc: u32 },
    /// Closure variable `index` of the function object.
    VarRef(u16),
}

/// What the code generator needs to know about a clone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The type of every value the function returns (Int or Bool).
    pub returns: Ty,
    pub binding: SelfBinding,
}

/// Why a function gets no clone (for tests and debugging; the report only says whether).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoClone(pub String);

#[derive(Debug, Clone, PartialEq)]
struct State {
    args: Vec<Ty>,
    vars: Vec<Ty>,
    stack: Vec<Ty>,
}

impl State {
    fn merge(&mut self, other: &State) -> bool {
        let mut changed = false;
        for (a, b) in self
            .args
            .iter_mut()
            .chain(self.vars.iter_mut())
            .chain(self.stack.iter_mut())
            .zip(
                other
                    .args
                    .iter()
                    .chain(other.vars.iter())
                    .chain(other.stack.iter()),
            )
        {
            if *a != *b && *a != Ty::Mixed {
                *a = Ty::Mixed;
                changed = true;
            }
        }
        changed
    }
}

/// Decides whether `f` (already accepted by the freezer, with `flow`) gets an int32 clone.
pub fn analyze(object: &BytecodeObject, f: &Function, flow: &Flow) -> Result<Shape, NoClone> {
    let anonymous = f.name.0 == 0 || object.atom_str(f.name).is_empty();
    // Try the return types in turn: a consistent assignment proves the clone sound.
    match check(f, anonymous, flow, Ty::Int) {
        Ok(shape) => Ok(shape),
        Err(int_error) => check(f, anonymous, flow, Ty::Bool).map_err(|_| int_error),
    }
}

fn fail<T>(ins: &Instr, why: &str) -> Result<T, NoClone> {
    Err(NoClone(format!("pc {} `{}`: {why}", ins.pc, ins.op)))
}

fn number(ins: &Instr, t: Ty) -> Result<(), NoClone> {
    match t {
        Ty::Int | Ty::Bool => Ok(()),
        other => fail(ins, &format!("operand is {other:?}, not a number")),
    }
}

fn check(f: &Function, anonymous: bool, flow: &Flow, returns: Ty) -> Result<Shape, NoClone> {
    if f.func_kind() != 0 || flow.instrs.is_empty() {
        return Err(NoClone("not a plain function".into()));
    }
    let entry = State {
        args: vec![Ty::Int; usize::from(f.arg_count)],
        vars: vec![Ty::Undef; usize::from(f.var_count)],
        stack: Vec::new(),
    };
    let mut binding = SelfBinding::None;
    let mut at_block: Vec<Option<State>> = vec![None; flow.blocks.len()];
    at_block[0] = Some(entry);
    let mut work = vec![0usize];
    while let Some(b) = work.pop() {
        let mut s = at_block[b].clone().expect("queued blocks have a state");
        let range = flow.blocks[b].clone();
        let mut falls_through = true;
        for idx in range {
            let ins = &flow.instrs[idx];
            step(f, anonymous, ins, &mut s, returns, &mut binding)?;
            let (target, falls) = successors(ins);
            falls_through = falls;
            if let Some(pc) = target {
                let t = flow.block_of_pc(pc);
                flow_into(&mut at_block, &mut work, t, &s);
            }
        }
        if falls_through && b + 1 < flow.blocks.len() {
            flow_into(&mut at_block, &mut work, b + 1, &s);
        }
    }
    Ok(Shape { returns, binding })
}

fn flow_into(at_block: &mut [Option<State>], work: &mut Vec<usize>, target: usize, s: &State) {
    match &mut at_block[target] {
        Some(existing) => {
            if existing.merge(s) {
                work.push(target);
            }
        }
        slot @ None => {
            *slot = Some(s.clone());
            work.push(target);
        }
    }
}

/// Applies one instruction to the abstract state, or says why the clone cannot do it.
fn step(
    f: &Function,
    anonymous: bool,
    ins: &Instr,
    s: &mut State,
    returns: Ty,
    binding: &mut SelfBinding,
) -> Result<(), NoClone> {
    use Op::*;
    let pop = |s: &mut State| s.stack.pop().expect("flow checked the stack depth");
    match ins.op {
        PushI32 | PushI8 | PushI16 | PushMinus1 | Push0 | Push1 | Push2 | Push3 | Push4 | Push5
        | Push6 | Push7 => s.stack.push(Ty::Int),
        PushFalse | PushTrue => s.stack.push(Ty::Bool),
        GetArg | GetArg0 | GetArg1 | GetArg2 | GetArg3 => {
            let t = s.args[usize::from(index_operand(ins))];
            s.stack.push(value(ins, t)?);
        }
        PutArg | PutArg0 | PutArg1 | PutArg2 | PutArg3 => {
            let t = pop(s);
            s.args[usize::from(index_operand(ins))] = value(ins, t)?;
        }
        SetArg | SetArg0 | SetArg1 | SetArg2 | SetArg3 => {
            let t = *s.stack.last().expect("flow checked the stack depth");
            s.args[usize::from(index_operand(ins))] = value(ins, t)?;
        }
        GetLoc | GetLoc8 | GetLoc0 | GetLoc1 | GetLoc2 | GetLoc3 | GetLocCheck => {
            let t = s.vars[usize::from(index_operand(ins))];
            s.stack.push(value(ins, t)?);
        }
        GetLoc0Loc1 => {
            for k in 0..2 {
                let t = s.vars[k];
                s.stack.push(value(ins, t)?);
            }
        }
        PutLoc | PutLoc8 | PutLoc0 | PutLoc1 | PutLoc2 | PutLoc3 | PutLocCheck => {
            let k = usize::from(index_operand(ins));
            if ins.op == PutLocCheck && !matches!(s.vars[k], Ty::Int | Ty::Bool) {
                return fail(ins, "assignment to a variable that may be in its dead zone");
            }
            let t = pop(s);
            s.vars[k] = value(ins, t)?;
        }
        SetLoc | SetLoc8 | SetLoc0 | SetLoc1 | SetLoc2 | SetLoc3 => {
            let t = *s.stack.last().expect("flow checked the stack depth");
            s.vars[usize::from(index_operand(ins))] = value(ins, t)?;
        }
        SetLocUninitialized => s.vars[usize::from(index_operand(ins))] = Ty::Uninit,
        GetVar => {
            let Some(Operand::Atom(atom)) = ins.operands.first() else {
                return fail(ins, "no atom");
            };
            // Only the gate can tell whether a global holds this function; a name other than
            // the function's own (or a name for an anonymous one) would make it say no at
            // every call, so such a function gets no clone rather than a gate that never opens.
            if f.name != *atom && !anonymous {
                return fail(ins, "reads a global other than its own name");
            }
            match *binding {
                SelfBinding::None => {
                    *binding = SelfBinding::Global {
                        atom: *atom,
                        pc: ins.pc,
                    }
                }
                SelfBinding::Global { atom: a, .. } if a == *atom => {}
                _ => return fail(ins, "reads a second binding"),
            }
            s.stack.push(Ty::SelfFn);
        }
        GetVarRef | GetVarRef0 | GetVarRef1 | GetVarRef2 | GetVarRef3 | GetVarRefCheck => {
            let k = index_operand(ins);
            match *binding {
                SelfBinding::None => *binding = SelfBinding::VarRef(k),
                SelfBinding::VarRef(b) if b == k => {}
                _ => return fail(ins, "reads a second binding"),
            }
            s.stack.push(Ty::SelfFn);
        }
        Drop => {
            pop(s);
        }
        Nop => {}
        Nip | Nip1 | Dup | Dup1 | Dup2 | Dup3 | Swap | Swap2 | Insert2 | Insert3 | Insert4
        | Perm3 | Perm4 | Perm5 | Rot3l | Rot3r | Rot4l | Rot5l => {
            let (n, pattern) = shuffle_pattern(ins.op);
            let base = s.stack.len() - n;
            let old: Vec<Ty> = s.stack[base..].to_vec();
            s.stack.truncate(base);
            s.stack.extend(pattern.iter().map(|&k| old[k]));
        }
        Add | Sub | Mul | Mod | And | Or | Xor | Shl | Sar | Shr => {
            let (b, a) = (pop(s), pop(s));
            number(ins, a)?;
            number(ins, b)?;
            s.stack.push(Ty::Int);
        }
        Lt | Lte | Gt | Gte | Eq | Neq => {
            let (b, a) = (pop(s), pop(s));
            number(ins, a)?;
            number(ins, b)?;
            s.stack.push(Ty::Bool);
        }
        StrictEq | StrictNeq => {
            let (b, a) = (pop(s), pop(s));
            number(ins, a)?;
            number(ins, b)?;
            if a != b {
                return fail(ins, "strict equality between a boolean and a number");
            }
            s.stack.push(Ty::Bool);
        }
        Neg | Plus | Not | Inc | Dec => {
            let a = pop(s);
            number(ins, a)?;
            s.stack.push(Ty::Int);
        }
        Lnot => {
            let a = pop(s);
            number(ins, a)?;
            s.stack.push(Ty::Bool);
        }
        PostInc | PostDec => {
            let a = pop(s);
            number(ins, a)?;
            s.stack.extend([Ty::Int, Ty::Int]);
        }
        IncLoc | DecLoc => {
            let k = usize::from(index_operand(ins));
            number(ins, s.vars[k])?;
            s.vars[k] = Ty::Int;
        }
        AddLoc => {
            let k = usize::from(index_operand(ins));
            let b = pop(s);
            number(ins, s.vars[k])?;
            number(ins, b)?;
            s.vars[k] = Ty::Int;
        }
        IfFalse | IfFalse8 | IfTrue | IfTrue8 => {
            let a = pop(s);
            number(ins, a)?;
        }
        Goto | Goto8 | Goto16 => {}
        Return => {
            let t = pop(s);
            if t != returns {
                return fail(
                    ins,
                    &format!("returns {t:?}, the clone was assumed to return {returns:?}"),
                );
            }
        }
        Call0 | Call1 | Call2 | Call3 | Call | TailCall => {
            let (pop_n, _) = stack_effect(ins);
            let argc = usize::from(pop_n) - 1;
            let base = s.stack.len() - argc - 1;
            if s.stack[base] != Ty::SelfFn {
                return fail(ins, "calls something other than the function itself");
            }
            if argc < usize::from(f.arg_count) {
                return fail(
                    ins,
                    "a self-call passes fewer arguments than the function declares",
                );
            }
            for (k, &t) in s.stack[base + 1..].iter().enumerate() {
                // Declared parameters must be int32 (the clone's parameters are); extra
                // arguments are dropped, but only numbers are known to be harmless to drop.
                if t != Ty::Int && !(k >= usize::from(f.arg_count) && t == Ty::Bool) {
                    return fail(ins, &format!("argument {k} is {t:?}, not an int32"));
                }
            }
            s.stack.truncate(base);
            if ins.op != TailCall {
                s.stack.push(returns);
            }
        }
        _ => return fail(ins, "not compiled by the int32 clone"),
    }
    Ok(())
}

/// A value that may be copied around: the function object only as a callee, never
/// `undefined` or a dead-zone `let` (those would need their own representation).
fn value(ins: &Instr, t: Ty) -> Result<Ty, NoClone> {
    match t {
        Ty::Int | Ty::Bool => Ok(t),
        other => fail(ins, &format!("uses a value of type {other:?}")),
    }
}

/// Stack shuffles as (values taken, new order from the bottom by old position).
pub fn shuffle_pattern(op: Op) -> (usize, &'static [usize]) {
    use Op::*;
    match op {
        Nip => (2, &[1]),
        Nip1 => (3, &[1, 2]),
        Dup => (1, &[0, 0]),
        Dup1 => (2, &[0, 0, 1]),
        Dup2 => (2, &[0, 1, 0, 1]),
        Dup3 => (3, &[0, 1, 2, 0, 1, 2]),
        Insert2 => (2, &[1, 0, 1]),
        Insert3 => (3, &[2, 0, 1, 2]),
        Insert4 => (4, &[3, 0, 1, 2, 3]),
        Perm3 => (3, &[1, 0, 2]),
        Rot3l => (3, &[1, 2, 0]),
        Rot4l => (4, &[1, 2, 3, 0]),
        Rot5l => (5, &[1, 2, 3, 4, 0]),
        Rot3r => (3, &[2, 0, 1]),
        Perm4 => (4, &[2, 0, 1, 3]),
        Perm5 => (5, &[3, 0, 1, 2, 4]),
        Swap => (2, &[1, 0]),
        Swap2 => (4, &[2, 3, 0, 1]),
        other => panic!("{other} is not a stack shuffle"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::compile;
    use crate::source::Source;

    /// The clone analysis of every function of `js` (preorder), by name.
    fn analyze_js(js: &str) -> Vec<(String, Result<Shape, NoClone>)> {
        let source = Source::from_bytes("app.js".into(), js.as_bytes().to_vec(), None).unwrap();
        let bytecode = compile(&source).unwrap();
        let object = edgebox_opcodes::bytecode::read(&bytecode.bytes).unwrap();
        object
            .functions()
            .iter()
            .skip(1)
            .map(|f| {
                let flow = Flow::analyze(&f.code).unwrap();
                (
                    object.atom_str(f.name).into_owned(),
                    analyze(&object, f, &flow),
                )
            })
            .collect()
    }

    fn outcome(js: &str, name: &str) -> Result<Shape, NoClone> {
        analyze_js(js)
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no function {name}"))
            .1
    }

    #[test]
    fn pure_int32_functions_get_a_clone() {
        let js = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n\
                  function even(n) { return n === 0 ? true : n === 1 ? false : even(n - 2); }\n\
                  function loop(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i) | 0; return s; }";
        let fib = outcome(js, "fib").unwrap();
        assert_eq!(fib.returns, Ty::Int);
        assert!(matches!(fib.binding, SelfBinding::Global { .. }), "{fib:?}");
        assert_eq!(outcome(js, "even").unwrap().returns, Ty::Bool);
        assert_eq!(outcome(js, "loop").unwrap().binding, SelfBinding::None);
    }

    #[test]
    fn anything_observable_or_not_int32_gets_none() {
        let cases = [
            ("function f(o) { return o.x; }", "reads a property"),
            ("function f(n) { return g(n); }", "calls another function"),
            (
                "function f(n) { counter = n; return n; }",
                "writes a global",
            ),
            ("function f(n) { return n / 2; }", "divides"),
            (
                "function f(n) { return n === true; }",
                "compares a number and a boolean strictly",
            ),
            (
                "function f(n) { return n > 0 ? 1 : true; }",
                "returns mixed types",
            ),
            (
                "function f(n) { let x; if (n) x = 1; return x; }",
                "may return undefined",
            ),
            ("function f(n) { return f; }", "uses itself as a value"),
            (
                "function f(n) { return n ? f(n - 1, 0.5) : 0; }",
                "passes a double",
            ),
        ];
        for (js, what) in cases {
            assert!(
                outcome(js, "f").is_err(),
                "a function that {what} got a clone: {js}"
            );
        }
    }
}
