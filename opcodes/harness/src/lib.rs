//! Test helper for `edgebox-opcodes`: compiles JavaScript with the pinned native QuickJS-NG
//! (via `rquickjs-sys`) exactly as the freezer's input is produced, and captures QuickJS's own
//! bytecode dump so our disassembly can be checked against QuickJS rather than against our
//! reading of its headers.
//!
//! Nothing here is used outside tests and verification tools.

use rquickjs_sys as q;
use std::ffi::{CStr, CString, c_int, c_void};
use std::io::Read;
use std::sync::Mutex;

/// How the source is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Script,
    Module,
}

/// `JS_DUMP_BYTECODE_FINAL | JS_DUMP_BYTECODE_HEX` (quickjs.h): final bytecode, every
/// instruction prefixed with its pc and bytes.
const DUMP_FLAGS: u64 = 0x01 | 0x10;

/// Guesses script vs module the way `qjs` does (`JS_DetectModule`).
pub fn detect_kind(src: &str) -> Kind {
    // QuickJS's tokenizer reads up to a terminating NUL, so give it one.
    let Ok(c) = CString::new(src) else {
        return Kind::Script;
    };
    // SAFETY: pointer and length describe a live NUL-terminated buffer; the call only reads it.
    let is_module = unsafe { q::JS_DetectModule(c.as_ptr(), src.len() as _) };
    if is_module {
        Kind::Module
    } else {
        Kind::Script
    }
}

/// `JS_Eval(COMPILE_ONLY)` then `JS_WriteObject(JS_WRITE_OBJ_BYTECODE)`.
pub fn compile(src: &str, filename: &str, kind: Kind) -> Result<Vec<u8>, String> {
    compile_inner(src, filename, kind, 0)
}

/// Like [`compile`], and also returns what QuickJS printed while compiling with
/// `JS_DUMP_BYTECODE_FINAL | JS_DUMP_BYTECODE_HEX` (one listing per function).
pub fn compile_with_dump(
    src: &str,
    filename: &str,
    kind: Kind,
) -> Result<(Vec<u8>, String), String> {
    static STDOUT_LOCK: Mutex<()> = Mutex::new(());
    let _guard = STDOUT_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let capture = StdoutCapture::start()?;
    let result = compile_inner(src, filename, kind, DUMP_FLAGS);
    let dump = capture.finish()?;
    result.map(|bytes| (bytes, dump))
}

fn compile_inner(
    src: &str,
    filename: &str,
    kind: Kind,
    dump_flags: u64,
) -> Result<Vec<u8>, String> {
    let csrc = CString::new(src).map_err(|_| "source contains a NUL byte".to_string())?;
    let cname = CString::new(filename).map_err(|_| "filename contains a NUL byte".to_string())?;
    let flags = q::JS_EVAL_FLAG_COMPILE_ONLY
        | match kind {
            Kind::Script => q::JS_EVAL_TYPE_GLOBAL,
            Kind::Module => q::JS_EVAL_TYPE_MODULE,
        };
    // SAFETY: runtime and context are created, used on this thread only and freed before
    // returning; every JSValue obtained is freed; the written buffer is copied then js_free'd.
    unsafe {
        let rt = q::JS_NewRuntime();
        if rt.is_null() {
            return Err("JS_NewRuntime failed".into());
        }
        q::JS_SetDumpFlags(rt, dump_flags);
        q::JS_SetModuleLoaderFunc(rt, None, Some(stub_module_loader), std::ptr::null_mut());
        let ctx = q::JS_NewContext(rt);
        let val = q::JS_Eval(
            ctx,
            csrc.as_ptr(),
            src.len() as _,
            cname.as_ptr(),
            flags as c_int,
        );
        let result = if q::JS_IsException(val) {
            Err(exception_message(ctx))
        } else {
            let mut len: q::size_t = 0;
            let buf = q::JS_WriteObject(ctx, &mut len, val, q::JS_WRITE_OBJ_BYTECODE as c_int);
            q::JS_FreeValue(ctx, val);
            if buf.is_null() {
                Err(exception_message(ctx))
            } else {
                let bytes = std::slice::from_raw_parts(buf, len as usize).to_vec();
                q::js_free(ctx, buf.cast::<c_void>());
                Ok(bytes)
            }
        };
        q::JS_FreeContext(ctx);
        q::JS_FreeRuntime(rt);
        result
    }
}

unsafe extern "C" fn stub_init(_ctx: *mut q::JSContext, _m: *mut q::JSModuleDef) -> c_int {
    0
}

/// Compiling a module resolves its imports; every import resolves to an empty C module
/// because only the importing module's bytecode matters here.
unsafe extern "C" fn stub_module_loader(
    ctx: *mut q::JSContext,
    name: *const std::ffi::c_char,
    _opaque: *mut c_void,
) -> *mut q::JSModuleDef {
    // SAFETY: QuickJS passes a live context and a NUL-terminated module name.
    unsafe { q::JS_NewCModule(ctx, name, Some(stub_init)) }
}

/// # Safety
/// `ctx` must be a live context with a pending exception.
unsafe fn exception_message(ctx: *mut q::JSContext) -> String {
    // SAFETY: guaranteed by the caller; the C string is freed after copying.
    unsafe {
        let exc = q::JS_GetException(ctx);
        let p = q::JS_ToCStringLen2(ctx, std::ptr::null_mut(), exc, false);
        let msg = if p.is_null() {
            "unknown exception".to_string()
        } else {
            let s = CStr::from_ptr(p).to_string_lossy().into_owned();
            q::JS_FreeCString(ctx, p);
            s
        };
        q::JS_FreeValue(ctx, exc);
        msg
    }
}

unsafe extern "C" {
    fn dup(fd: c_int) -> c_int;
    fn dup2(old: c_int, new: c_int) -> c_int;
    fn close(fd: c_int) -> c_int;
    fn fflush(stream: *mut c_void) -> c_int;
}

/// Redirects file descriptor 1 (where QuickJS's `printf` goes) into a temporary file.
struct StdoutCapture {
    saved: c_int,
    file: std::fs::File,
}

impl StdoutCapture {
    fn start() -> Result<StdoutCapture, String> {
        use std::os::fd::AsRawFd;
        let path = std::env::temp_dir().join(format!("qjs-dump-{}.txt", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let _ = std::fs::remove_file(&path);
        // SAFETY: plain fd juggling on fds we own; C stdio is flushed first so nothing
        // buffered before the redirect ends up in the capture.
        let saved = unsafe {
            fflush(std::ptr::null_mut());
            let saved = dup(1);
            if saved < 0 || dup2(file.as_raw_fd(), 1) < 0 {
                return Err("redirecting stdout failed".into());
            }
            saved
        };
        Ok(StdoutCapture { saved, file })
    }

    fn finish(mut self) -> Result<String, String> {
        use std::io::Seek;
        // SAFETY: restores the fd saved in `start`; flushes C stdio into the capture first.
        unsafe {
            fflush(std::ptr::null_mut());
            dup2(self.saved, 1);
            close(self.saved);
        }
        let mut out = String::new();
        self.file
            .seek(std::io::SeekFrom::Start(0))
            .map_err(|e| e.to_string())?;
        let mut bytes = Vec::new();
        self.file
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        out.push_str(&String::from_utf8_lossy(&bytes));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_a_script_and_a_module() {
        let s = compile("1 + 2", "a.js", Kind::Script).unwrap();
        assert_eq!(s[0], 28, "BC_VERSION");
        let m = compile("export const x = 1;", "m.js", Kind::Module).unwrap();
        assert_ne!(s, m);
        assert!(
            compile("syntax error (", "e.js", Kind::Script)
                .unwrap_err()
                .contains("SyntaxError")
        );
    }

    #[test]
    fn captures_quickjs_dump() {
        let (_, dump) =
            compile_with_dump("function f(a) { return a + 1 }", "f.js", Kind::Script).unwrap();
        assert!(dump.contains("function: f"), "{dump}");
        assert!(dump.contains("get_arg0"), "{dump}");
    }
}
