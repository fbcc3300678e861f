//! What frozen code needs from the guest module: the indices of its run-time helpers (found by
//! export name and checked against the signatures the code generator emits calls for), of
//! `JS_CallInternal` and of the shadow-stack pointer (found in the name section).

use edgebox_abi::frozen as abi;
use std::collections::HashMap;
use wasmparser::{ExternalKind, Name, Parser, Payload, TypeRef, ValType};

const I32: ValType = ValType::I32;
const I64: ValType = ValType::I64;

/// A helper the code generator calls: export name, params, results.
struct HelperSig(&'static str, &'static [ValType], &'static [ValType]);

/// Every `edgebox_fz_*` helper with the signature frozen code assumes (see
/// guest/c/edgebox_frozen.c: pointers and ints are i32, JSValues i64).
const HELPERS: &[HelperSig] = &[
    HelperSig("edgebox_fz_enter", &[I32, I32, I64, I32], &[I32]),
    HelperSig("edgebox_fz_leave", &[I32, I32], &[]),
    HelperSig("edgebox_fz_exception", &[I32], &[]),
    HelperSig("edgebox_fz_free", &[I32, I64], &[]),
    HelperSig("edgebox_fz_free_last", &[I32, I64], &[]),
    HelperSig("edgebox_fz_const", &[I64, I32], &[I64]),
    HelperSig("edgebox_fz_fclosure", &[I32, I64, I32], &[I64]),
    HelperSig("edgebox_fz_push_this", &[I32, I64, I32], &[I64]),
    HelperSig("edgebox_fz_var_ref", &[I64, I32], &[I32]),
    HelperSig(
        "edgebox_fz_throw_uninitialized",
        &[I32, I64, I32, I32],
        &[I64],
    ),
    HelperSig("edgebox_fz_binary", &[I32, I32, I64, I64], &[I64]),
    HelperSig("edgebox_fz_unary", &[I32, I32, I64], &[I64]),
    HelperSig("edgebox_fz_add_loc", &[I32, I64, I64], &[I64]),
    HelperSig("edgebox_fz_post_inc", &[I32, I32, I64, I32], &[I32]),
    HelperSig("edgebox_fz_to_bool", &[I32, I64], &[I32]),
    HelperSig("edgebox_fz_get_field", &[I32, I64, I32, I32], &[I64]),
    HelperSig("edgebox_fz_put_field", &[I32, I64, I32, I64, I32], &[I32]),
    HelperSig("edgebox_fz_get_array_el", &[I32, I64, I64], &[I64]),
    HelperSig("edgebox_fz_put_array_el", &[I32, I64, I64, I64], &[I32]),
    HelperSig("edgebox_fz_get_var", &[I32, I32, I32, I32], &[I64]),
    HelperSig("edgebox_fz_put_var", &[I32, I32, I64, I32], &[I32]),
    HelperSig("edgebox_fz_object", &[I32], &[I64]),
    HelperSig("edgebox_fz_call", &[I32, I64, I64, I32, I32], &[I64]),
    HelperSig(
        "edgebox_fz_call_constructor",
        &[I32, I64, I64, I32, I32],
        &[I64],
    ),
    HelperSig("edgebox_fz_check_define_var", &[I32, I32, I32], &[I32]),
    HelperSig("edgebox_fz_define_var", &[I32, I32, I32], &[I32]),
    HelperSig("edgebox_fz_define_func", &[I32, I32, I32, I64], &[I32]),
    HelperSig("edgebox_fz_put_var_init", &[I32, I32, I64], &[I32]),
    HelperSig("edgebox_fz_throw", &[I32, I64], &[]),
    HelperSig("edgebox_fz_throw_error", &[I32, I32, I32], &[]),
    HelperSig("edgebox_fz_throw_ctor_error", &[I32, I32], &[]),
    HelperSig("edgebox_fz_get_super", &[I32, I64], &[I64]),
    HelperSig("edgebox_fz_atom_value", &[I32, I32], &[I64]),
    HelperSig("edgebox_fz_empty_string", &[I32], &[I64]),
    HelperSig("edgebox_fz_array_from", &[I32, I32, I32], &[I64]),
    HelperSig("edgebox_fz_regexp", &[I32, I64, I64], &[I64]),
    HelperSig("edgebox_fz_define_field", &[I32, I64, I32, I64], &[I32]),
    HelperSig("edgebox_fz_define_array_el", &[I32, I64, I64, I64], &[I32]),
    HelperSig("edgebox_fz_to_propkey", &[I32, I64], &[I64]),
    HelperSig("edgebox_fz_to_propkey2", &[I32, I64, I64], &[I64]),
    HelperSig("edgebox_fz_clone_gate", &[I32, I64, I32, I32], &[I32]),
];

/// `JS_CallInternal(ctx, func_obj, this_obj, new_target, argc, argv, flags) -> JSValue`.
pub const CALL_PARAMS: &[ValType] = &[I32, I64, I64, I64, I32, I32, I32];

#[derive(Debug, thiserror::Error)]
pub enum GuestApiError {
    #[error("the guest module cannot be parsed: {0}")]
    Parse(#[from] wasmparser::BinaryReaderError),
    #[error(
        "the guest lacks `{0}`, which frozen code needs; it was built without the freezer's support code"
    )]
    Missing(String),
    #[error("the guest's `{0}` does not have the signature frozen code assumes")]
    Signature(String),
}

/// The guest's side of the frozen-code contract, as indices into its module.
#[derive(Debug, Clone)]
pub struct GuestApi {
    helpers: HashMap<&'static str, u32>,
    /// Function indices of the placeholders and of QuickJS's call entry.
    pub frozen_slot: u32,
    pub frozen_call: u32,
    pub interp_call: u32,
    pub call_dispatch: u32,
    pub call_internal: u32,
    /// The `__stack_pointer` global.
    pub stack_pointer: u32,
    /// Imported plus defined functions: the index the first added function gets.
    pub function_count: u32,
    /// Imported plus defined globals: the index the first added global gets.
    pub global_count: u32,
    /// Type index of `JS_CallInternal`'s signature.
    pub call_type: u32,
    /// Number of types in the type section: the index the first added type gets.
    pub type_count: u32,
}

impl GuestApi {
    /// Index of helper `name` (one of [`HELPERS`]).
    pub fn helper(&self, name: &str) -> u32 {
        *self
            .helpers
            .get(name)
            .unwrap_or_else(|| panic!("`{name}` is not in HELPERS"))
    }

    pub fn read(guest: &[u8]) -> Result<GuestApi, GuestApiError> {
        let mut types: Vec<wasmparser::FuncType> = Vec::new();
        let mut func_types: Vec<u32> = Vec::new(); // by function index (imports first)
        let mut exports: HashMap<String, u32> = HashMap::new();
        let mut func_names: HashMap<String, Vec<u32>> = HashMap::new();
        let mut global_names: HashMap<String, u32> = HashMap::new();
        let mut global_count = 0;
        for payload in Parser::new(0).parse_all(guest) {
            match payload? {
                Payload::TypeSection(r) => {
                    for ty in r.into_iter_err_on_gc_types() {
                        types.push(ty?);
                    }
                }
                Payload::ImportSection(r) => {
                    for import in r {
                        match import?.ty {
                            TypeRef::Func(t) => func_types.push(t),
                            TypeRef::Global(_) => global_count += 1,
                            _ => {}
                        }
                    }
                }
                Payload::GlobalSection(r) => global_count += r.count(),
                Payload::FunctionSection(r) => {
                    for t in r {
                        func_types.push(t?);
                    }
                }
                Payload::ExportSection(r) => {
                    for export in r {
                        let export = export?;
                        if export.kind == ExternalKind::Func {
                            exports.insert(export.name.to_string(), export.index);
                        }
                    }
                }
                Payload::CustomSection(c) => {
                    if let wasmparser::KnownCustom::Name(names) = c.as_known() {
                        for name in names {
                            match name? {
                                Name::Function(map) => {
                                    for n in map {
                                        let n = n?;
                                        func_names
                                            .entry(n.name.to_string())
                                            .or_default()
                                            .push(n.index);
                                    }
                                }
                                Name::Global(map) => {
                                    for n in map {
                                        let n = n?;
                                        global_names.insert(n.name.to_string(), n.index);
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let sig = |index: u32| {
            func_types
                .get(index as usize)
                .and_then(|t| types.get(*t as usize))
        };
        let check = |name: &str,
                     index: u32,
                     params: &[ValType],
                     results: &[ValType]|
         -> Result<u32, GuestApiError> {
            match sig(index) {
                Some(ty) if ty.params() == params && ty.results() == results => Ok(index),
                _ => Err(GuestApiError::Signature(name.to_string())),
            }
        };
        let export = |name: &str| {
            exports
                .get(name)
                .copied()
                .ok_or_else(|| GuestApiError::Missing(name.to_string()))
        };

        let mut helpers = HashMap::new();
        for HelperSig(name, params, results) in HELPERS {
            helpers.insert(*name, check(name, export(name)?, params, results)?);
        }
        let call_internal = match func_names
            .get(abi::QUICKJS_CALL_INTERNAL)
            .map(Vec::as_slice)
        {
            Some([index]) => *index,
            _ => {
                return Err(GuestApiError::Missing(format!(
                    "a single function named {} in the name section",
                    abi::QUICKJS_CALL_INTERNAL
                )));
            }
        };
        let call_results = &[I64];
        let mut slot_params = vec![I32];
        slot_params.extend_from_slice(CALL_PARAMS);
        let api = GuestApi {
            frozen_slot: check(
                abi::EXPORT_FROZEN_SLOT,
                export(abi::EXPORT_FROZEN_SLOT)?,
                &[I32],
                &[I32],
            )?,
            frozen_call: check(
                abi::EXPORT_FROZEN_CALL,
                export(abi::EXPORT_FROZEN_CALL)?,
                &slot_params,
                call_results,
            )?,
            interp_call: check(
                abi::EXPORT_INTERP_CALL,
                export(abi::EXPORT_INTERP_CALL)?,
                CALL_PARAMS,
                call_results,
            )?,
            call_dispatch: check(
                abi::EXPORT_CALL_DISPATCH,
                export(abi::EXPORT_CALL_DISPATCH)?,
                CALL_PARAMS,
                call_results,
            )?,
            call_internal: check(
                abi::QUICKJS_CALL_INTERNAL,
                call_internal,
                CALL_PARAMS,
                call_results,
            )?,
            stack_pointer: *global_names.get(abi::STACK_POINTER_GLOBAL).ok_or_else(|| {
                GuestApiError::Missing(format!("the global {}", abi::STACK_POINTER_GLOBAL))
            })?,
            function_count: func_types.len() as u32,
            global_count,
            call_type: func_types[call_internal as usize],
            type_count: types.len() as u32,
            helpers,
        };
        Ok(api)
    }
}
