//! The app image embedded by `edgeboxc` (layout and export names in `edgebox-abi`).
//!
//! The two functions below are placeholders: the compiler replaces their bodies in the built
//! module, so `edgebox_app_len` returns the image length and `edgebox_app_copy` copies the image
//! (a passive data segment) into guest memory with `memory.init`. The volatile accesses keep
//! rustc/LLVM from folding the placeholder results into their callers.

use std::ptr;

static PLACEHOLDER_LEN: u32 = 0;
static mut PLACEHOLDER_SINK: u32 = 0;

#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn edgebox_app_len() -> u32 {
    // SAFETY: reading an initialised static.
    unsafe { ptr::read_volatile(&raw const PLACEHOLDER_LEN) }
}

#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn edgebox_app_copy(dst: *mut u8) {
    // SAFETY: single-threaded guest; the sink is only ever written.
    unsafe { ptr::write_volatile(&raw mut PLACEHOLDER_SINK, dst as u32) }
}

/// Copies the embedded app image out of the module, or `None` when this is the bare guest.
pub fn image() -> Option<Vec<u8>> {
    let len = edgebox_app_len() as usize;
    if len == 0 {
        return None;
    }
    let mut buf = vec![0u8; len];
    edgebox_app_copy(buf.as_mut_ptr());
    Some(buf)
}
