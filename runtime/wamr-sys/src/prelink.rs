//! Prelinking a WAMR `.aot` for a fixed address, so that a runner can execute its code from
//! the file's own pages instead of copying and relocating it at every start.
//!
//! WAMR's loader copies the text section (~1.5 MB for the EdgeBox guest) into fresh memory and
//! patches ~14,000 relocations in it: about 1.2 ms of a 3 ms hello world on the dev machine.
//! Nothing in that work depends on the process except where the code and the data sections
//! land and the PLT (calls into the runtime go through a table at the end of the code, filled
//! with the runtime's addresses at load). So `edgeboxc` does it once:
//!
//! 1. [`prelink`] re-lays the file: an `edgebox.prelink` marker section (see
//!    `patch_prelinked_in_place` in build.rs) goes before the text section, padded so that the
//!    code starts on a page boundary of the *artifact file* (the payload starts at a page
//!    multiple, see `edgebox_abi::envelope`), and the code section grows by room for the PLT,
//!    up to a page boundary.
//! 2. It places that image at the address the runner will map the file at
//!    ([`MAP_BASE`] + the payload's offset) and lets WAMR load it there in place: WAMR
//!    applies every text relocation into the image (the data sections, jump tables and
//!    constants, are relocated at every load at the marker's fixed data address: WAMR's
//!    `R_X86_64_64` adds to its field, so they keep their original bytes).
//! 3. The PLT's process-specific addresses are cleared and the marker set to "linked".
//!
//! `edgebox` maps the file at [`MAP_BASE`]; WAMR then finds the text at the marked address and
//! skips copying and relocating. If the file cannot be mapped there (the address is taken), the
//! loader sees the text elsewhere and relocates as usual: every relocation overwrites its
//! field, so prelinked bytes relocate as correctly as fresh ones.
//!
//! All the addresses are below 2 GiB: the code uses 32-bit absolute relocations
//! (`R_X86_64_32S`), the reason WAMR itself maps code with `MAP_32BIT`.

use crate::{Error, Module, Runtime, ffi};
use std::sync::Mutex;

/// Where `edgebox` maps a prelinked artifact file (its byte 0). Low (the code needs 32-bit
/// addresses), clear of where Linux puts a PIE executable, its heap, shared libraries and
/// `MAP_32BIT` mappings (from 1 GiB up).
pub const MAP_BASE: usize = 0x2000_0000;
/// Artifacts larger than this are not prelinked (everything must stay below 1 GiB).
const MAX_FILE: usize = 0x1000_0000;
const PAGE: usize = 4096;

const SECTION_TEXT: u32 = 2;
const SECTION_CUSTOM: u32 = 100;
/// `EB_PRELINK_SUBTYPE` of the build.rs patch: "EBPL".
const MARKER_SUBTYPE: u32 = 0x4c50_4245;
/// subtype, state, text address, data address.
const MARKER_BODY: usize = 24;
const STATE_LINK_NOW: u32 = 0;
const STATE_LINKED: u32 = 1;
/// Gap between the end of the mapped file and the data sections' fixed address.
const DATA_GAP: usize = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum PrelinkError {
    #[error("not a WAMR AOT file ({0})")]
    Format(&'static str),
    #[error("the artifact is {0} bytes; prelinking stops at {MAX_FILE}")]
    TooLarge(usize),
    #[error("the payload offset {0} is not a multiple of the page size")]
    Unaligned(usize),
    #[error("cannot map {len} bytes at {addr:#x} to link there: {cause}")]
    Map {
        addr: usize,
        len: usize,
        cause: std::io::Error,
    },
    #[error("WAMR could not link the code in place: {0}")]
    Load(Error),
}

/// `aot` prelinked for a file whose payload starts `payload_offset` bytes in (a page multiple)
/// and which the runner maps at [`MAP_BASE`]. `trailer` is how many bytes the file holds after
/// the payload, from the page boundary that follows it (a memory image): the runner maps those
/// too, so the data sections' address must lie beyond them.
pub fn prelink(
    rt: Runtime,
    aot: &[u8],
    payload_offset: usize,
    trailer: usize,
) -> Result<Vec<u8>, PrelinkError> {
    if !payload_offset.is_multiple_of(PAGE) {
        return Err(PrelinkError::Unaligned(payload_offset));
    }
    // SAFETY: a pure function of WAMR's build (the number of runtime symbols).
    let plt_size = unsafe { ffi::aot_get_plt_table_size() } as usize;
    let laid = lay_out(aot, payload_offset, plt_size, trailer)?;
    let file_len = (payload_offset + laid.image.len()).next_multiple_of(PAGE) + trailer;
    if file_len > MAX_FILE {
        return Err(PrelinkError::TooLarge(file_len));
    }

    // One in-place link at a time: the addresses are fixed.
    static LOCK: Mutex<()> = Mutex::new(());
    let _serial = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let addr = MAP_BASE + payload_offset;
    let mut buffer = FixedMapping::new(addr, laid.image.len())?;
    buffer.as_mut().copy_from_slice(&laid.image);
    let (ptr, len) = (buffer.as_mut().as_ptr(), laid.image.len());
    let module = Module::load(rt, buffer).map_err(PrelinkError::Load)?;
    // SAFETY: the module owns the mapping, alive until `module` drops below; WAMR is done
    // writing to it (loading is over).
    let mut linked = unsafe { std::slice::from_raw_parts(ptr, len) }.to_vec();
    drop(module);

    // The PLT holds this process's addresses; the runner writes its own.
    let plt = laid.text.end - plt_size..laid.text.end;
    linked[plt].fill(0);
    linked[laid.marker + 4..laid.marker + 8].copy_from_slice(&STATE_LINKED.to_le_bytes());
    Ok(linked)
}

/// The re-laid file and where its parts are.
struct LaidOut {
    image: Vec<u8>,
    /// Offset of the marker section's body.
    marker: usize,
    /// The text section's body.
    text: std::ops::Range<usize>,
}

fn lay_out(
    aot: &[u8],
    payload_offset: usize,
    plt_size: usize,
    trailer: usize,
) -> Result<LaidOut, PrelinkError> {
    let u32_at = |at: usize| -> Result<u32, PrelinkError> {
        aot.get(at..at + 4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap()))
            .ok_or(PrelinkError::Format("truncated"))
    };
    if aot.get(..4) != Some(b"\0aot") {
        return Err(PrelinkError::Format("no \\0aot magic"));
    }
    // Sections follow the 8-byte header, each at a 4-byte boundary (WAMR's reader aligns).
    let mut at: usize = 8;
    let text_header = loop {
        at = at.next_multiple_of(4);
        if at >= aot.len() {
            return Err(PrelinkError::Format("no text section"));
        }
        let (kind, size) = (u32_at(at)?, u32_at(at + 4)? as usize);
        if at + 8 + size > aot.len() {
            return Err(PrelinkError::Format("a section runs past the end"));
        }
        if kind == SECTION_CUSTOM && size >= 4 && u32_at(at + 8)? == MARKER_SUBTYPE {
            return Err(PrelinkError::Format("already prelinked"));
        }
        if kind == SECTION_TEXT {
            break at;
        }
        at += 8 + size;
    };
    let text_size = u32_at(text_header + 4)? as usize;
    let text_body = text_header + 8..text_header + 8 + text_size;
    let rest = text_body.end.next_multiple_of(4).min(aot.len());

    let mut image = aot[..text_header].to_vec();
    // Marker section: header, body, padding so that the text body after the text section's
    // own 8-byte header starts on a page boundary of the file.
    let marker_header = image.len();
    let unpadded = payload_offset + marker_header + 8 + MARKER_BODY + 8;
    let marker_size = MARKER_BODY + (unpadded.next_multiple_of(PAGE) - unpadded);
    image.extend_from_slice(&SECTION_CUSTOM.to_le_bytes());
    image.extend_from_slice(&(marker_size as u32).to_le_bytes());
    let marker = image.len();
    image.resize(marker + marker_size, 0);
    // The code grows by room for the PLT, up to a page boundary.
    let grown = (text_size + plt_size).next_multiple_of(PAGE);
    image.extend_from_slice(&SECTION_TEXT.to_le_bytes());
    image.extend_from_slice(
        &u32::try_from(grown)
            .map_err(|_| PrelinkError::Format("text"))?
            .to_le_bytes(),
    );
    let text = image.len()..image.len() + grown;
    debug_assert!((payload_offset + text.start).is_multiple_of(PAGE));
    image.extend_from_slice(&aot[text_body]);
    image.resize(text.end, 0);
    image.extend_from_slice(&aot[rest..]);

    let file_end = (MAP_BASE + payload_offset + image.len()).next_multiple_of(PAGE) + trailer;
    let data_addr = file_end.next_multiple_of(DATA_GAP) + DATA_GAP;
    let body = &mut image[marker..marker + MARKER_BODY];
    body[0..4].copy_from_slice(&MARKER_SUBTYPE.to_le_bytes());
    body[4..8].copy_from_slice(&STATE_LINK_NOW.to_le_bytes());
    body[8..16].copy_from_slice(&((MAP_BASE + payload_offset + text.start) as u64).to_le_bytes());
    body[16..24].copy_from_slice(&(data_addr as u64).to_le_bytes());
    Ok(LaidOut {
        image,
        marker,
        text,
    })
}

/// Anonymous read-write memory at exactly `addr`, unmapped on drop.
struct FixedMapping {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: plain memory owned by this value.
unsafe impl Send for FixedMapping {}

impl FixedMapping {
    fn new(addr: usize, len: usize) -> Result<Self, PrelinkError> {
        let failed = |cause| PrelinkError::Map { addr, len, cause };
        // SAFETY: MAP_FIXED_NOREPLACE never replaces an existing mapping.
        let ptr = unsafe {
            libc::mmap(
                addr as *mut libc::c_void,
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(failed(std::io::Error::last_os_error()));
        }
        if ptr as usize != addr {
            // SAFETY: we just mapped it. (A kernel before 4.17 took the address as a hint.)
            unsafe { libc::munmap(ptr, len) };
            return Err(failed(std::io::Error::other(
                "the kernel placed it elsewhere",
            )));
        }
        Ok(FixedMapping {
            ptr: ptr.cast(),
            len,
        })
    }
}

impl AsMut<[u8]> for FixedMapping {
    fn as_mut(&mut self) -> &mut [u8] {
        // SAFETY: `len` bytes mapped read-write at `ptr` for this value's life.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl Drop for FixedMapping {
    fn drop(&mut self) {
        // SAFETY: mapped in `new`, nothing refers to it any more.
        unsafe { libc::munmap(self.ptr.cast(), self.len) };
    }
}
