//! Stage 2: JavaScript source → QuickJS-NG bytecode, compiled on the host with the same
//! QuickJS-NG release the guest runs (both come from `rquickjs-sys =0.14.0`).

use crate::diagnostics::SyntaxError;
use crate::source::Source;
use edgebox_abi::SourceKind;
use rquickjs_sys as q;
use std::ffi::CString;

/// The output of [`compile`]: `JS_WriteObject` bytes of the top-level function or module.
#[derive(Debug, Clone)]
pub struct BytecodeModule {
    pub filename: String,
    pub kind: SourceKind,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    #[error("{file}: QuickJS could not compile this file: {message}")]
    Other { file: String, message: String },
}

/// A QuickJS runtime + context used only to compile; freed on drop.
struct Compiler {
    rt: *mut q::JSRuntime,
    ctx: *mut q::JSContext,
}

impl Compiler {
    fn new() -> Self {
        // SAFETY: plain constructors; checked for NULL (out of memory).
        unsafe {
            let rt = q::JS_NewRuntime();
            assert!(!rt.is_null(), "QuickJS runtime allocation failed");
            let ctx = q::JS_NewContext(rt);
            assert!(!ctx.is_null(), "QuickJS context allocation failed");
            Self { rt, ctx }
        }
    }

    /// `String(obj[name])`, or None when the property is undefined.
    unsafe fn string_prop(&self, obj: q::JSValue, name: &str) -> Option<String> {
        let cname = CString::new(name).unwrap();
        // SAFETY: `obj` is alive in this context; everything fetched is freed here.
        unsafe {
            let v = q::JS_GetPropertyStr(self.ctx, obj, cname.as_ptr());
            if q::JS_IsUndefined(v) || q::JS_IsException(v) {
                q::JS_FreeValue(self.ctx, v);
                return None;
            }
            let mut len: q::size_t = 0;
            let p = q::JS_ToCStringLen2(self.ctx, &mut len, v, false);
            q::JS_FreeValue(self.ctx, v);
            if p.is_null() {
                return None;
            }
            let s =
                String::from_utf8_lossy(std::slice::from_raw_parts(p as *const u8, len as usize))
                    .into_owned();
            q::JS_FreeCString(self.ctx, p);
            Some(s)
        }
    }
}

impl Drop for Compiler {
    fn drop(&mut self) {
        // SAFETY: created in `new`, freed once.
        unsafe {
            q::JS_FreeContext(self.ctx);
            q::JS_FreeRuntime(self.rt);
        }
    }
}

/// Compiles `source` to bytecode, keeping debug info (file names, line/column tables) so stack
/// traces in the guest point into the original file.
///
/// When the kind is not given, the file is a script unless it only parses as a module (it
/// uses `import`/`export`, `import.meta` or top-level `await`), as Node decides for `.js`.
/// If it parses as neither, the error reported is the one found further into the file: that
/// is the one the author is most likely to recognise.
pub fn compile(source: &Source) -> Result<BytecodeModule, CompileError> {
    match source.kind {
        Some(kind) => compile_as(source, kind),
        None => match compile_as(source, SourceKind::Script) {
            Ok(script) => Ok(script),
            Err(script_error) => match compile_as(source, SourceKind::Module) {
                Ok(module) => Ok(module),
                Err(module_error) => Err(if position(&module_error) > position(&script_error) {
                    module_error
                } else {
                    script_error
                }),
            },
        },
    }
}

fn position(e: &CompileError) -> (u32, u32) {
    match e {
        CompileError::Syntax(s) => (s.line, s.column),
        CompileError::Other { .. } => (0, 0),
    }
}

fn compile_as(source: &Source, kind: SourceKind) -> Result<BytecodeModule, CompileError> {
    let compiler = Compiler::new();
    let text = CString::new(source.text.as_str()).expect("Source rejects NUL bytes");
    let filename = CString::new(source.filename.as_str()).map_err(|_| CompileError::Other {
        file: source.filename.clone(),
        message: "file name contains a NUL byte".into(),
    })?;
    let eval_type = match kind {
        SourceKind::Script => q::JS_EVAL_TYPE_GLOBAL,
        SourceKind::Module => q::JS_EVAL_TYPE_MODULE,
    };
    let flags = (eval_type | q::JS_EVAL_FLAG_COMPILE_ONLY) as i32;
    // SAFETY: NUL-terminated buffers outlive the call; all values are freed below.
    unsafe {
        let ctx = compiler.ctx;
        let func = q::JS_Eval(
            ctx,
            text.as_ptr(),
            source.text.len() as _,
            filename.as_ptr(),
            flags,
        );
        if q::JS_IsException(func) {
            let error = q::JS_GetException(ctx);
            let result = describe_error(&compiler, source, error);
            q::JS_FreeValue(ctx, error);
            return Err(result);
        }
        let mut len: q::size_t = 0;
        let buf = q::JS_WriteObject(ctx, &mut len, func, q::JS_WRITE_OBJ_BYTECODE as i32);
        q::JS_FreeValue(ctx, func);
        if buf.is_null() {
            let error = q::JS_GetException(ctx);
            let message = compiler.string_prop(error, "message").unwrap_or_default();
            q::JS_FreeValue(ctx, error);
            return Err(CompileError::Other {
                file: source.filename.clone(),
                message,
            });
        }
        let bytes = std::slice::from_raw_parts(buf, len as usize).to_vec();
        q::js_free(ctx, buf as *mut _);
        Ok(BytecodeModule {
            filename: source.filename.clone(),
            kind,
            bytes,
        })
    }
}

/// Turns a compile-time exception into a located syntax error when QuickJS gave a position.
unsafe fn describe_error(compiler: &Compiler, source: &Source, error: q::JSValue) -> CompileError {
    // SAFETY: `error` is alive until the caller frees it.
    let (name, message, stack) = unsafe {
        (
            compiler
                .string_prop(error, "name")
                .unwrap_or_else(|| "Error".into()),
            compiler.string_prop(error, "message").unwrap_or_default(),
            compiler.string_prop(error, "stack").unwrap_or_default(),
        )
    };
    match first_location(&stack) {
        Some((line, column)) => {
            CompileError::Syntax(SyntaxError::new(source, name, message, line, column))
        }
        None => CompileError::Other {
            file: source.filename.clone(),
            message: format!("{name}: {message}"),
        },
    }
}

/// Parses the first `    at file:line:col` line of a QuickJS stack.
fn first_location(stack: &str) -> Option<(u32, u32)> {
    let line = stack.lines().next()?.trim_start().strip_prefix("at ")?;
    let line = line
        .strip_suffix(')')
        .map(|l| l.rsplit_once('(').map_or(l, |(_, loc)| loc))
        .unwrap_or(line);
    let (rest, col) = line.rsplit_once(':')?;
    let (_, row) = rest.rsplit_once(':')?;
    Some((row.parse().ok()?, col.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source::from_bytes("app.js".into(), text.as_bytes().to_vec(), None).unwrap()
    }

    #[test]
    fn compiles_scripts_and_modules() {
        let script = compile(&source("console.log(1 + 2)")).unwrap();
        assert_eq!(script.kind, SourceKind::Script);
        assert_eq!(script.bytes[0], edgebox_abi::QUICKJS_BC_VERSION);
        let module = compile(&source("export const x = 1;")).unwrap();
        assert_eq!(module.kind, SourceKind::Module);
        assert_eq!(
            compile(&source("const x = await 1;")).unwrap().kind,
            SourceKind::Module
        );
        assert_eq!(
            compile(&source("console.log(import.meta)")).unwrap().kind,
            SourceKind::Module
        );
        // Sloppy-mode code that a module would reject stays a script.
        assert_eq!(
            compile(&source("with (Math) x = PI; var yield = 1;"))
                .unwrap()
                .kind,
            SourceKind::Script
        );
    }

    #[test]
    fn reports_the_error_found_further_into_the_file() {
        // Module syntax on line 1, a real typo on line 2: the module parse gets further.
        let err = compile(&source("export const a = 1;\nlet b = ;\n")).unwrap_err();
        let CompileError::Syntax(e) = err else {
            panic!("{err}")
        };
        assert_eq!(e.line, 2);
    }

    #[test]
    fn syntax_error_has_position() {
        let err = compile(&source("let a = 1;\nlet b = );\n")).unwrap_err();
        let CompileError::Syntax(e) = err else {
            panic!("expected a syntax error, got {err}")
        };
        assert_eq!((e.line, e.column), (2, 9));
        assert!(
            e.to_string().starts_with("app.js:2:9: SyntaxError: "),
            "{e}"
        );
    }

    #[test]
    fn parses_stack_locations() {
        assert_eq!(first_location("    at app.js:3:7\n"), Some((3, 7)));
        assert_eq!(
            first_location("    at f (dir/a:b.js:10:2)\n"),
            Some((10, 2))
        );
        assert_eq!(first_location("nothing"), None);
    }
}
