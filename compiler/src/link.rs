//! Stage 3: embed an app into a copy of the guest module.
//!
//! The app image (header + bytecode, see `edgebox-abi`) becomes a passive data segment, and the
//! bodies of the guest's two placeholder exports are replaced: `edgebox_app_len` returns the
//! image length, `edgebox_app_copy(dst)` does `memory.init` of that segment to `dst`. Function
//! and type indices never move, so the rest of the module is copied byte for byte. A custom
//! section (`edgebox.manifest`) marks the result as an EdgeBox artifact. The output is
//! validated before it is returned.
//!
//! When the freezer compiled functions ([`FrozenCode`]), their types and functions are appended
//! after the guest's own (so, again, no existing index moves) and the few guest functions the
//! freezer re-targets get their new bodies.

use crate::bytecode::BytecodeModule;
use crate::freeze::{Body, FrozenCode};
use edgebox_abi::{AppHeader, ArtifactManifest, EXPORT_APP_COPY, EXPORT_APP_LEN, MANIFEST_SECTION};
use std::borrow::Cow;
use wasm_encoder::{
    CodeSection, CustomSection, DataCountSection, DataSection, Encode, Function, FunctionSection,
    Instruction, RawSection, SectionId, TypeSection,
};
use wasmparser::{ExternalKind, Parser, Payload, TypeRef, ValType};

/// A guest module with an app embedded: the `.wasm` artifact.
#[derive(Debug, Clone)]
pub struct GuestModule {
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("the guest module cannot be parsed: {0}")]
    Parse(#[from] wasmparser::BinaryReaderError),
    #[error("the guest module has no export `{0}`; it is not an EdgeBox guest")]
    MissingExport(&'static str),
    #[error("the guest export `{0}` does not have the signature the compiler expects")]
    BadSignature(&'static str),
    #[error("the app is too large to embed ({0} bytes; the limit is 4 GiB)")]
    TooLarge(usize),
    #[error("the module carries no EdgeBox app image")]
    NoApp,
    #[error("the module's app image is unusable: {0}")]
    BadImage(String),
    #[error("the guest uses a value type the freezer cannot re-encode: {0:?}")]
    UnsupportedType(ValType),
    #[error("the linked module does not validate: {0}")]
    Invalid(wasmparser::BinaryReaderError),
}

/// What the first pass learns about the guest.
#[derive(Default)]
struct GuestLayout {
    /// Type of every defined function, by defined-function position.
    defined_func_types: Vec<u32>,
    func_types: Vec<wasmparser::FuncType>,
    imported_funcs: u32,
    data_segments: u32,
    has_data_section: bool,
    app_len_func: Option<u32>,
    app_copy_func: Option<u32>,
    /// Byte range of every defined function's body, by defined-function position.
    bodies: Vec<std::ops::Range<usize>>,
}

impl GuestLayout {
    fn read(guest: &[u8]) -> Result<Self, LinkError> {
        let mut layout = GuestLayout::default();
        for payload in Parser::new(0).parse_all(guest) {
            match payload? {
                Payload::TypeSection(r) => {
                    for ty in r.into_iter_err_on_gc_types() {
                        layout.func_types.push(ty?);
                    }
                }
                Payload::ImportSection(r) => {
                    for import in r {
                        if matches!(import?.ty, TypeRef::Func(_)) {
                            layout.imported_funcs += 1;
                        }
                    }
                }
                Payload::FunctionSection(r) => {
                    for ty in r {
                        layout.defined_func_types.push(ty?);
                    }
                }
                Payload::ExportSection(r) => {
                    for export in r {
                        let export = export?;
                        if export.kind != ExternalKind::Func {
                            continue;
                        }
                        match export.name {
                            EXPORT_APP_LEN => layout.app_len_func = Some(export.index),
                            EXPORT_APP_COPY => layout.app_copy_func = Some(export.index),
                            _ => {}
                        }
                    }
                }
                Payload::DataSection(r) => {
                    layout.has_data_section = true;
                    layout.data_segments = r.count();
                }
                Payload::CodeSectionEntry(body) => layout.bodies.push(body.range()),
                _ => {}
            }
        }
        Ok(layout)
    }

    /// The function index of a placeholder export, checked against the expected signature.
    fn placeholder(
        &self,
        name: &'static str,
        index: Option<u32>,
        params: &[ValType],
        results: &[ValType],
    ) -> Result<u32, LinkError> {
        let index = index.ok_or(LinkError::MissingExport(name))?;
        let defined = index
            .checked_sub(self.imported_funcs)
            .ok_or(LinkError::BadSignature(name))?;
        let ty = self
            .defined_func_types
            .get(defined as usize)
            .and_then(|t| self.func_types.get(*t as usize))
            .ok_or(LinkError::BadSignature(name))?;
        if ty.params() != params || ty.results() != results {
            return Err(LinkError::BadSignature(name));
        }
        Ok(index)
    }
}

fn encoder_type(t: ValType) -> Result<wasm_encoder::ValType, LinkError> {
    Ok(match t {
        ValType::I32 => wasm_encoder::ValType::I32,
        ValType::I64 => wasm_encoder::ValType::I64,
        ValType::F32 => wasm_encoder::ValType::F32,
        ValType::F64 => wasm_encoder::ValType::F64,
        other => return Err(LinkError::UnsupportedType(other)),
    })
}

/// Embeds `bytecode` into a copy of `guest`, with the freezer's code when there is some.
pub fn link(
    guest: &[u8],
    bytecode: &BytecodeModule,
    frozen: Option<&FrozenCode>,
) -> Result<GuestModule, LinkError> {
    let len = u32::try_from(bytecode.bytes.len())
        .map_err(|_| LinkError::TooLarge(bytecode.bytes.len()))?;
    let mut image = AppHeader::new(bytecode.kind, len).encode().to_vec();
    image.extend_from_slice(&bytecode.bytes);
    let image_len = i32::try_from(image.len()).map_err(|_| LinkError::TooLarge(image.len()))?;

    let layout = GuestLayout::read(guest)?;
    let app_len_func =
        layout.placeholder(EXPORT_APP_LEN, layout.app_len_func, &[], &[ValType::I32])?;
    let app_copy_func =
        layout.placeholder(EXPORT_APP_COPY, layout.app_copy_func, &[ValType::I32], &[])?;
    // The new segment goes after the guest's own segments.
    let app_segment = layout.data_segments;

    let mut len_body = Function::new([]);
    len_body
        .instruction(&Instruction::I32Const(image_len))
        .instruction(&Instruction::End);
    let mut copy_body = Function::new([]);
    copy_body
        .instruction(&Instruction::LocalGet(0))
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::I32Const(image_len))
        .instruction(&Instruction::MemoryInit {
            mem: 0,
            data_index: app_segment,
        })
        .instruction(&Instruction::DataDrop(app_segment))
        .instruction(&Instruction::End);

    let mut out = wasm_encoder::Module::new();
    let mut code: Option<(CodeSection, u32)> = None;
    let mut next_func = layout.imported_funcs;
    let mut wrote_data_count = false;
    let add_app_segment = |data: &mut DataSection| {
        data.passive(image.iter().copied());
    };

    for payload in Parser::new(0).parse_all(guest) {
        let payload = payload?;
        match &payload {
            Payload::Version { .. } => {}
            Payload::DataCountSection { count, .. } => {
                out.section(&DataCountSection { count: count + 1 });
                wrote_data_count = true;
            }
            Payload::TypeSection(r) if frozen.is_some() => {
                let mut types = TypeSection::new();
                for ty in r.clone().into_iter_err_on_gc_types() {
                    let ty = ty?;
                    let params = ty
                        .params()
                        .iter()
                        .map(|t| encoder_type(*t))
                        .collect::<Result<Vec<_>, _>>()?;
                    let results = ty
                        .results()
                        .iter()
                        .map(|t| encoder_type(*t))
                        .collect::<Result<Vec<_>, _>>()?;
                    types.ty().function(params, results);
                }
                for (params, results) in frozen.map(|f| f.types.as_slice()).unwrap_or_default() {
                    types
                        .ty()
                        .function(params.iter().copied(), results.iter().copied());
                }
                out.section(&types);
            }
            Payload::GlobalSection(r) if frozen.is_some_and(|f| !f.site_globals.is_empty()) => {
                let inits = frozen.map_or(&[][..], |f| &f.site_globals[..]);
                let added = inits.len() as u32;
                let mut entries = Vec::new();
                for &init in inits {
                    // i64, mutable, with its initial value.
                    entries.extend_from_slice(&[0x7e, 0x01]);
                    Instruction::I64Const(init).encode(&mut entries);
                    Instruction::End.encode(&mut entries);
                }
                out.section(&RawSection {
                    id: SectionId::Global as u8,
                    data: &crate::meter::append_entries(
                        guest,
                        r.range(),
                        r.count(),
                        added,
                        &entries,
                    ),
                });
            }
            Payload::FunctionSection(r) if frozen.is_some() => {
                let mut functions = FunctionSection::new();
                for ty in r.clone() {
                    functions.function(ty?);
                }
                for (ty, _) in frozen.map(|f| f.functions.as_slice()).unwrap_or_default() {
                    functions.function(*ty);
                }
                out.section(&functions);
            }
            Payload::CodeSectionStart { count, .. } => {
                if !wrote_data_count {
                    // memory.init needs a data count section; it must precede the code section.
                    out.section(&DataCountSection {
                        count: layout.data_segments + 1,
                    });
                    wrote_data_count = true;
                }
                code = Some((CodeSection::new(), *count));
            }
            Payload::CodeSectionEntry(body) => {
                let (section, remaining) = code
                    .as_mut()
                    .expect("code entries follow the code section start");
                let replacement =
                    frozen.and_then(|f| f.replaced.iter().find(|(index, _)| *index == next_func));
                if next_func == app_len_func {
                    section.function(&len_body);
                } else if next_func == app_copy_func {
                    section.function(&copy_body);
                } else if let Some((_, new_body)) = replacement {
                    match new_body {
                        Body::Generated(f) => section.function(f),
                        Body::CopyOf(other) => {
                            let defined = other
                                .checked_sub(layout.imported_funcs)
                                .ok_or(LinkError::BadSignature("a frozen-code body"))?;
                            let range = layout
                                .bodies
                                .get(defined as usize)
                                .ok_or(LinkError::BadSignature("a frozen-code body"))?;
                            section.raw(&guest[range.clone()])
                        }
                    };
                } else {
                    section.raw(&guest[body.range()]);
                }
                next_func += 1;
                *remaining -= 1;
                if *remaining == 0 {
                    let (mut section, _) = code.take().unwrap();
                    for (_, f) in frozen.map(|f| f.functions.as_slice()).unwrap_or_default() {
                        section.function(f);
                    }
                    out.section(&section);
                    if !layout.has_data_section {
                        let mut data = DataSection::new();
                        add_app_segment(&mut data);
                        out.section(&data);
                    }
                }
            }
            Payload::DataSection(r) => {
                let mut data = DataSection::new();
                for segment in r.clone() {
                    data.raw(&guest[segment?.range]);
                }
                add_app_segment(&mut data);
                out.section(&data);
            }
            Payload::CustomSection(c) if c.name() == MANIFEST_SECTION => {}
            Payload::End(_) => {}
            other => {
                if let Some((id, range)) = other.as_section() {
                    out.section(&RawSection {
                        id,
                        data: &guest[range],
                    });
                }
            }
        }
    }

    let mut manifest = String::new();
    ArtifactManifest {
        edgebox_version: env!("CARGO_PKG_VERSION"),
        entry: &bytecode.filename,
    }
    .encode_into(&mut manifest)
    .expect("writing to a String cannot fail");
    out.section(&CustomSection {
        name: Cow::Borrowed(MANIFEST_SECTION),
        data: Cow::Borrowed(manifest.as_bytes()),
    });

    let bytes = out.finish();
    wasmparser::Validator::new()
        .validate_all(&bytes)
        .map_err(LinkError::Invalid)?;
    Ok(GuestModule { bytes })
}

/// The bytecode embedded in a linked module (the inverse of [`link`]), for `edgeboxc disasm`.
pub fn embedded_bytecode(module: &[u8]) -> Result<Vec<u8>, LinkError> {
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::DataSection(r) = payload? {
            for segment in r {
                let segment = segment?;
                if segment.data.starts_with(&edgebox_abi::APP_MAGIC) {
                    let (_, bytecode) = AppHeader::decode(segment.data)
                        .map_err(|e| LinkError::BadImage(e.to_string()))?;
                    return Ok(bytecode.to_vec());
                }
            }
        }
    }
    Err(LinkError::NoApp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use edgebox_abi::SourceKind;

    fn bytecode() -> BytecodeModule {
        BytecodeModule {
            filename: "app.js".into(),
            kind: SourceKind::Script,
            bytes: vec![28, 1, 2, 3],
        }
    }

    #[test]
    fn links_into_the_real_guest() {
        let linked = link(crate::GUEST_WASM, &bytecode(), None).unwrap();
        let mut manifest = None;
        let mut segments = 0;
        for payload in Parser::new(0).parse_all(&linked.bytes) {
            match payload.unwrap() {
                Payload::CustomSection(c) if c.name() == MANIFEST_SECTION => {
                    manifest = Some(ArtifactManifest::decode(c.data()).unwrap().entry.to_owned());
                }
                Payload::DataSection(r) => segments = r.count(),
                _ => {}
            }
        }
        assert_eq!(manifest.as_deref(), Some("app.js"));
        assert_eq!(
            segments,
            GuestLayout::read(crate::GUEST_WASM).unwrap().data_segments + 1
        );
        assert_eq!(embedded_bytecode(&linked.bytes).unwrap(), bytecode().bytes);
        assert!(matches!(
            embedded_bytecode(crate::GUEST_WASM),
            Err(LinkError::NoApp)
        ));
    }

    #[test]
    fn refuses_a_module_without_placeholders() {
        // (module (memory 1)) — valid Wasm, but not a guest.
        let not_a_guest = wasm_encoder::Module::new().finish();
        let err = link(&not_a_guest, &bytecode(), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the guest module has no export `edgebox_app_len`; it is not an EdgeBox guest"
        );
    }
}
