//! What an engine loads: an artifact's file mapped copy-on-write where possible.
//!
//! Reading a 3.5 MB `.aot` into fresh memory costs a zeroed page per 4 KiB and a copy of every
//! byte (~0.8 ms of a hello world's start-up on the 2-core dev machine, even with the pages
//! faulted in by one `madvise`). A private mapping shares the page cache's pages instead: WAMR's
//! AOT loader only reads the payload (it copies code and data out), and whatever an engine does
//! write lands on private copies of the pages it touches, never in the file.
//!
//! A mapped file must not be truncated while it runs (reads past the new end would fault);
//! `edgeboxc` replaces artifacts by renaming a new file over the old one, which never does that.

use std::fs::File;
use std::ops::{Deref, DerefMut};

/// An artifact's bytes (for native code, the payload after the envelope header).
pub struct Payload {
    inner: Inner,
}

enum Inner {
    Heap(Vec<u8>),
    Mapped {
        map: Mapping,
        range: std::ops::Range<usize>,
    },
}

impl Payload {
    /// `map[range]`, in place.
    pub fn mapped(map: Mapping, range: std::ops::Range<usize>) -> Payload {
        assert!(
            range.start <= range.end && range.end <= map.len(),
            "payload {range:?} is not inside the file ({} bytes)",
            map.len()
        );
        Payload {
            inner: Inner::Mapped { map, range },
        }
    }
}

impl Payload {
    /// Whether the bytes are the file's own pages rather than a copy.
    pub fn is_mapped(&self) -> bool {
        matches!(self.inner, Inner::Mapped { .. })
    }
}

impl From<Vec<u8>> for Payload {
    fn from(bytes: Vec<u8>) -> Payload {
        Payload {
            inner: Inner::Heap(bytes),
        }
    }
}

impl Deref for Payload {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.inner {
            Inner::Heap(bytes) => bytes,
            Inner::Mapped { map, range } => &map[range.clone()],
        }
    }
}

impl DerefMut for Payload {
    fn deref_mut(&mut self) -> &mut [u8] {
        match &mut self.inner {
            Inner::Heap(bytes) => bytes,
            Inner::Mapped { map, range } => &mut map[range.clone()],
        }
    }
}

impl AsRef<[u8]> for Payload {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl AsMut<[u8]> for Payload {
    fn as_mut(&mut self) -> &mut [u8] {
        self
    }
}

impl Clone for Payload {
    /// A copy on the heap: a clone must not share pages an engine may patch.
    fn clone(&self) -> Payload {
        Payload::from(self.to_vec())
    }
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = if self.is_mapped() { "mapped" } else { "heap" };
        write!(f, "Payload({} bytes, {how})", self.len())
    }
}

/// A whole file mapped private and writable (copy-on-write: writes never reach the file).
pub struct Mapping {
    ptr: std::ptr::NonNull<u8>,
    len: usize,
}

// SAFETY: the mapping is plain memory owned by this value.
unsafe impl Send for Mapping {}
unsafe impl Sync for Mapping {}

impl Mapping {
    /// Maps `file` (`len` bytes long), or None when it cannot be mapped (empty, a pipe, a
    /// filesystem without mmap): the caller then reads it.
    pub fn of(file: &File, len: u64) -> Option<Mapping> {
        Self::map(file, len, None)
    }

    /// Like [`Mapping::of`], at address `addr` when that range is free (a prelinked `.aot`
    /// runs its code in place there), else wherever the kernel likes.
    pub fn at(file: &File, len: u64, addr: usize) -> Option<Mapping> {
        Self::map(file, len, Some(addr)).or_else(|| Self::map(file, len, None))
    }

    fn map(file: &File, len: u64, addr: Option<usize>) -> Option<Mapping> {
        use std::os::fd::AsRawFd;
        let len = usize::try_from(len).ok().filter(|&l| l > 0)?;
        let fixed = if addr.is_some() {
            libc::MAP_FIXED_NOREPLACE
        } else {
            0
        };
        // SAFETY: a private mapping of a file we hold open; MAP_FIXED_NOREPLACE never replaces
        // an existing mapping. What cannot be ruled out is the file being truncated by someone
        // else while mapped (see the module comment: edgeboxc replaces artifacts by rename,
        // which never truncates a mapped file).
        let ptr = unsafe {
            libc::mmap(
                addr.unwrap_or(0) as *mut libc::c_void,
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | fixed,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        let map = Mapping {
            ptr: std::ptr::NonNull::new(ptr.cast())?,
            len,
        };
        // A kernel before 4.17 takes the address as a hint; dropping `map` unmaps it.
        addr.is_none_or(|a| a == ptr as usize).then_some(map)
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: mapped in `map`; nothing borrows it once its owner drops.
        unsafe { libc::munmap(self.ptr.as_ptr().cast(), self.len) };
    }
}

impl Deref for Mapping {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        // SAFETY: `len` bytes mapped readable at `ptr` while `self` lives.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl DerefMut for Mapping {
    fn deref_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `deref`, and writable (private: writes stay in this process).
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn maps_a_file_privately() {
        let path =
            std::env::temp_dir().join(format!("edgebox-payload-test-{}", std::process::id()));
        std::fs::File::create(&path)
            .unwrap()
            .write_all(b"headerPAYLOAD")
            .unwrap();
        let file = File::open(&path).unwrap();
        let mut payload = Payload::mapped(Mapping::of(&file, 13).unwrap(), 6..13);
        assert_eq!(&*payload, b"PAYLOAD");
        payload[0] = b'p';
        assert_eq!(&*payload.clone(), b"pAYLOAD");
        drop(payload);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"headerPAYLOAD",
            "writes stay private"
        );
        assert!(
            Mapping::of(&file, 0).is_none(),
            "an empty file is read, not mapped"
        );
        std::fs::remove_file(&path).unwrap();
    }

    /// A file is mapped at the address asked for when it is free, and anywhere else when it is
    /// taken (never over what is there).
    #[test]
    fn maps_at_an_address_or_elsewhere() {
        let path = std::env::temp_dir().join(format!("edgebox-payload-at-{}", std::process::id()));
        std::fs::write(&path, b"prelinked").unwrap();
        let file = File::open(&path).unwrap();
        // An address no other test uses, inside this process's free low memory.
        let addr = 0x3100_0000;
        let first = Mapping::at(&file, 9, addr).expect("mapped");
        assert_eq!(first.as_ptr() as usize, addr, "the free address is used");
        let second = Mapping::at(&file, 9, addr).expect("mapped elsewhere");
        assert_ne!(second.as_ptr() as usize, addr, "a taken address is not");
        assert_eq!(&*second, b"prelinked");
        assert_eq!(&*first, b"prelinked", "the first mapping is untouched");
        std::fs::remove_file(&path).unwrap();
    }
}
