//! Stage 2b, the freezer: compiles QuickJS bytecode functions to Wasm that runs in the guest
//! instead of the interpreter.
//!
//! - [`select`] decides, per function, whether it can be frozen (every opcode implemented,
//!   no rule broken) — or says why not;
//! - [`flow`] gives the code generator stack depths and basic blocks;
//! - [`emit`] writes each frozen function as Wasm against the guest's helpers ([`guest_api`]);
//! - [`FrozenCode`] is what the link stage merges into the guest: new types and functions, and
//!   new bodies for a few guest functions (the frozen table, the frozen-call switch, and the
//!   swap that puts the dispatcher in front of QuickJS's interpreter — see
//!   guest/c/edgebox_frozen.c for the run-time half).
//!
//! Functions are identified by their preorder position in the bytecode tree
//! ([`BytecodeObject::functions`]), never by name.

pub mod emit;
pub mod flow;
pub mod guest_api;
pub mod int32;
pub mod names;
pub mod select;
pub mod values;

use edgebox_opcodes::bytecode::{BytecodeObject, Function as JsFunction};
use guest_api::GuestApi;
use select::Exclusion;
use std::collections::HashMap;
use wasm_encoder::{BlockType, Function, Instruction as I, ValType};

/// A new body for an existing guest function.
#[derive(Debug, Clone)]
pub enum Body {
    Generated(Function),
    /// The (original) body of another function of the guest.
    CopyOf(u32),
}

/// What the link stage adds to the guest.
#[derive(Debug, Clone, Default)]
pub struct FrozenCode {
    /// Function types appended after the guest's own.
    pub types: Vec<(Vec<ValType>, Vec<ValType>)>,
    /// Functions appended after the guest's own: (type index, body).
    pub functions: Vec<(u32, Function)>,
    /// Guest functions that get a new body.
    pub replaced: Vec<(u32, Body)>,
    /// Mutable i64 globals appended after the guest's own, by initial value: the inline caches
    /// of frozen code's global-variable accesses, a cache word per site and a value cache per
    /// read site (emit/fast_paths.rs).
    pub site_globals: Vec<i64>,
}

/// The outcome for one function.
#[derive(Debug, Clone)]
pub struct ReportEntry {
    pub name: String,
    /// `file:line:col` of the function's source.
    pub location: String,
    pub outcome: Result<(), Exclusion>,
    /// Whether it also got an int32 clone ([`int32`]).
    pub int32_clone: bool,
}

/// Every function of the app and whether it was frozen.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub entries: Vec<ReportEntry>,
}

impl Report {
    pub fn frozen_count(&self) -> usize {
        self.entries.iter().filter(|e| e.outcome.is_ok()).count()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for e in &self.entries {
            match &e.outcome {
                Ok(()) if e.int32_clone => {
                    writeln!(f, "frozen      {} ({}) + int32 clone", e.name, e.location)?
                }
                Ok(()) => writeln!(f, "frozen      {} ({})", e.name, e.location)?,
                Err(why) => writeln!(f, "interpreted {} ({}): {why}", e.name, e.location)?,
            }
        }
        writeln!(
            f,
            "{} of {} functions frozen",
            self.frozen_count(),
            self.entries.len()
        )
    }
}

fn describe(
    object: &BytecodeObject,
    f: &JsFunction,
    index: usize,
    installed: &HashMap<*const JsFunction, String>,
) -> (String, String) {
    let name = object.atom_str(f.name);
    let name = if index == 0 {
        "<top level>".to_string()
    } else if name.is_empty() || f.name.0 == 0 {
        match installed.get(&(f as *const JsFunction)) {
            Some(name) => name.clone(),
            None => "<anonymous>".to_string(),
        }
    } else {
        name.into_owned()
    };
    let location = match &f.debug {
        Some(d) => format!("{}:{}:{}", object.atom_str(d.filename), d.line, d.col),
        None => "no debug info".to_string(),
    };
    (name, location)
}

/// Freezes what can be frozen. `None` when nothing was: the guest is then left untouched.
pub fn freeze(object: &BytecodeObject, api: &GuestApi) -> (Option<FrozenCode>, Report) {
    let functions = object.functions();
    let mut report = Report::default();
    // (preorder index, function, flow) of the frozen ones; slot = position in this list.
    let mut chosen = Vec::new();
    let installed = names::installed_names(object);
    for (index, f) in functions.iter().enumerate() {
        let (name, location) = describe(object, f, index, &installed);
        let outcome = select::select(object, f).map(|flow| chosen.push((index, *f, flow)));
        report.entries.push(ReportEntry {
            name,
            location,
            outcome,
            int32_clone: false,
        });
    }
    if chosen.is_empty() {
        return (None, report);
    }

    let mut code = FrozenCode::default();
    let mut types: HashMap<(Vec<ValType>, Vec<ValType>), u32> = HashMap::new();
    let mut type_index = |code: &mut FrozenCode, params: Vec<ValType>| {
        let key = (params, vec![ValType::I64]);
        *types.entry(key.clone()).or_insert_with(|| {
            code.types.push(key);
            api.type_count + code.types.len() as u32 - 1
        })
    };
    let mut slot_of_index = vec![-1i32; functions.len()];
    let mut site_globals = Vec::new();
    let mut entries = Vec::new();
    for (slot, (index, f, flow)) in chosen.iter().enumerate() {
        slot_of_index[*index] = slot as i32;
        // Function indices: body, entry, then for a clone the clone and its gate. Calls that
        // may take the clone (the entry's, the body's self-calls) go to the gate.
        let body_index = api.function_count + code.functions.len() as u32;
        let entry_index = body_index + 1;
        let clone = int32::types::analyze(object, f, flow).ok();
        let call_target = if clone.is_some() {
            body_index + 3
        } else {
            body_index
        };
        let body_type = type_index(&mut code, emit::body_params(f.arg_count));
        code.functions.push((
            body_type,
            emit::BodyEmitter::emit(
                api,
                f,
                flow,
                emit::SelfCalls {
                    body: body_index,
                    gate: clone.is_some().then_some(call_target),
                },
                &mut site_globals,
            ),
        ));
        code.functions
            .push((api.call_type, emit::entry(f, call_target)));
        if let Some(shape) = clone {
            let clone_index = body_index + 2;
            let clone_type = type_index(&mut code, int32::emit::params(f.arg_count));
            code.functions
                .push((clone_type, int32::emit::emit(f, flow, shape, clone_index)));
            code.functions.push((
                body_type,
                int32::gate(api, f, shape, clone_index, body_index),
            ));
            report.entries[*index].int32_clone = true;
        }
        entries.push(entry_index);
    }
    code.site_globals = site_globals;
    code.replaced
        .push((api.frozen_slot, Body::Generated(slot_table(&slot_of_index))));
    code.replaced
        .push((api.frozen_call, Body::Generated(frozen_switch(&entries))));
    // Every call of a bytecode function now passes the dispatcher first.
    code.replaced
        .push((api.call_internal, Body::CopyOf(api.call_dispatch)));
    code.replaced
        .push((api.interp_call, Body::CopyOf(api.call_internal)));
    (Some(code), report)
}

/// `edgebox_frozen_slot(index) -> slot`: a br_table from preorder index to frozen slot or -1.
fn slot_table(slot_of_index: &[i32]) -> Function {
    let frozen: Vec<i32> = slot_of_index.iter().copied().filter(|s| *s >= 0).collect();
    let none = frozen.len() as u32; // label of the "not frozen" block
    let mut f = Function::new([]);
    f.instruction(&I::Block(BlockType::Empty));
    for _ in &frozen {
        f.instruction(&I::Block(BlockType::Empty));
    }
    // Frozen slots are numbered in preorder, so block k (innermost = 0) is slot k.
    let labels: Vec<u32> = slot_of_index
        .iter()
        .map(|s| if *s >= 0 { *s as u32 } else { none })
        .collect();
    f.instruction(&I::LocalGet(0))
        .instruction(&I::BrTable(labels.into(), none));
    for slot in frozen {
        f.instruction(&I::End)
            .instruction(&I::I32Const(slot))
            .instruction(&I::Return);
    }
    f.instruction(&I::End)
        .instruction(&I::I32Const(-1))
        .instruction(&I::End);
    f
}

/// `edgebox_frozen_call(slot, ctx, func, this, new_target, argc, argv, flags)`: tail-calls the
/// entry of `slot`.
fn frozen_switch(entries: &[u32]) -> Function {
    let mut f = Function::new([]);
    f.instruction(&I::Block(BlockType::Empty));
    for _ in entries {
        f.instruction(&I::Block(BlockType::Empty));
    }
    let labels: Vec<u32> = (0..entries.len() as u32).collect();
    f.instruction(&I::LocalGet(0))
        .instruction(&I::BrTable(labels.into(), entries.len() as u32));
    for &entry in entries {
        f.instruction(&I::End);
        for param in 1..=7 {
            f.instruction(&I::LocalGet(param));
        }
        f.instruction(&I::ReturnCall(entry));
    }
    f.instruction(&I::End)
        .instruction(&I::Unreachable)
        .instruction(&I::End);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::compile;
    use crate::source::Source;

    fn freeze_js(js: &str) -> (Option<FrozenCode>, Report, crate::bytecode::BytecodeModule) {
        let source = Source::from_bytes("app.js".into(), js.as_bytes().to_vec(), None).unwrap();
        let bytecode = compile(&source).unwrap();
        let object = edgebox_opcodes::bytecode::read(&bytecode.bytes).unwrap();
        let api = GuestApi::read(crate::GUEST_WASM).unwrap();
        let (code, report) = freeze(&object, &api);
        (code, report, bytecode)
    }

    #[test]
    fn numeric_functions_are_frozen_and_the_module_validates() {
        let js = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n\
                  function sum(a) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; }\n\
                  console.log(fib(10), sum([1, 2]));";
        let (code, report, bytecode) = freeze_js(js);
        let frozen: Vec<_> = report
            .entries
            .iter()
            .filter(|e| e.outcome.is_ok())
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(frozen, ["<top level>", "fib", "sum"]);
        let code = code.expect("frozen code");
        // Body and entry per frozen function, and for fib an int32 clone and its gate; the
        // link stage validates the result.
        assert_eq!(code.functions.len(), 8);
        crate::link::link(crate::GUEST_WASM, &bytecode, Some(&code)).unwrap();
    }

    #[test]
    fn the_report_names_methods_and_constructors_as_they_are_installed() {
        let js = "class Shape { constructor(id) { this.id = id; } get kind() { return 0; }\n\
                  set kind(v) {} area() { return 1; } }\n\
                  const o = { twice(x) { return 2 * x; } };\n\
                  const anon = [1].map((x) => x);";
        let (_, report, _) = freeze_js(js);
        let names: Vec<_> = report.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "<top level>",
                "class Shape",
                "get kind",
                "set kind",
                "area",
                "twice",
                "<anonymous>"
            ],
            "{report}"
        );
    }

    #[test]
    fn the_report_says_why_a_function_stays_interpreted() {
        let js = "function* gen() { yield 1; }\n\
                  function outer() { let x = 1; return () => x; }\n\
                  function args() { return arguments.length; }\n\
                  gen(); outer(); args();";
        let (_, report, _) = freeze_js(js);
        let why = |name: &str| {
            report
                .entries
                .iter()
                .find(|e| e.name == name)
                .unwrap()
                .outcome
                .clone()
                .unwrap_err()
                .to_string()
        };
        assert_eq!(why("gen"), "is a generator");
        assert_eq!(why("outer"), "has `x` captured by a closure");
        assert!(why("args").contains("special_object"), "{}", why("args"));
        // The arrow reads `x` through the real closure variable: it is frozen.
        assert!(
            report
                .to_string()
                .contains("frozen      <anonymous> (app.js:2:38)"),
            "{report}"
        );
        assert!(
            report
                .to_string()
                .contains("frozen      <top level> (app.js:1:1)"),
            "{report}"
        );
        assert!(
            report.to_string().ends_with("2 of 5 functions frozen\n"),
            "{report}"
        );
    }

    #[test]
    fn nothing_frozen_leaves_the_guest_untouched() {
        // A generator is never frozen, and a top level that creates a function is not (yet).
        let (code, report, _) = freeze_js("function* g() { yield 1; } console.log([...g()]);");
        assert!(code.is_none());
        assert_eq!(report.frozen_count(), 0);
    }

    #[test]
    fn a_scripts_top_level_is_frozen() {
        // Global declarations, literals of every kind, computed keys and `new`.
        let js = "var v = 1; let total = 0; const a = [1, 2, 3];\n\
                  for (let i = 0; i < a.length; i++) total += a[i];\n\
                  const o = { k: \"\", [a]: 1 }; o[a] += 1;\n\
                  console.log(v, total, o, new Date(0).getTime(), /x/g.source);";
        let (code, report, _) = freeze_js(js);
        assert!(code.is_some());
        let top = &report.entries[0];
        assert_eq!(top.name, "<top level>");
        assert!(top.outcome.is_ok(), "{:?}", top.outcome);
    }

    #[test]
    fn every_global_variable_and_field_access_gets_its_own_cache_word() {
        // `bump` reads `counter` twice, writes it once and reads `Math`: four global sites;
        // `Math.floor` is a field site. The top level's call reads `bump`: one more (its
        // declarations, `let counter = 0` and `function bump`, are not cached accesses). Each
        // of the four reads also has a value cache: ten globals.
        let js = "let counter = 0;\n\
                  function bump() { counter = counter + 1; return Math.floor(counter); }\n\
                  bump();";
        let (code, report, bytecode) = freeze_js(js);
        assert_eq!(report.frozen_count(), 2, "{report}");
        let code = code.expect("frozen code");
        assert_eq!(code.site_globals.len(), 10);
        // Cache words start at 0 (nothing cached); value caches at the uninitialised marker.
        let empty_values = code
            .site_globals
            .iter()
            .filter(|&&v| v == values::UNINITIALIZED);
        assert_eq!(empty_values.count(), 4);
        // The link stage appends them as mutable i64 globals after the guest's own.
        let linked = crate::link::link(crate::GUEST_WASM, &bytecode, Some(&code)).unwrap();
        let api = GuestApi::read(crate::GUEST_WASM).unwrap();
        let globals = wasmparser::Parser::new(0)
            .parse_all(&linked.bytes)
            .find_map(|p| match p.unwrap() {
                wasmparser::Payload::GlobalSection(r) => Some(r),
                _ => None,
            })
            .unwrap();
        let added: Vec<_> = globals
            .into_iter()
            .skip(api.global_count as usize)
            .map(|g| g.unwrap().ty)
            .collect();
        assert_eq!(added.len(), 10);
        assert!(
            added
                .iter()
                .all(|t| t.mutable && t.content_type == wasmparser::ValType::I64)
        );
    }
}
