//! A `.aot`'s memory image (see `edgebox_abi::envelope`): runs of the snapshot's linear memory
//! stored page-aligned in the artifact file, put into an instance's memory before it runs.
//!
//! Mapped, not copied: `mmap(MAP_PRIVATE | MAP_FIXED)` of the file's pages over the run's place
//! in linear memory. Pages the app only reads are the page cache's, pages it writes are copied
//! then (copy-on-write, never written back to the file), pages it never touches cost nothing.
//! Copying instead meant zeroing ~200 fresh pages and writing ~0.8 MiB at every start.
//! The mapping replaces part of the engine's own mapping of linear memory; the engine unmaps
//! its whole reservation when the instance goes, this part with it.
//!
//! A file that could not be mapped (read into memory instead) has its image copied.

use edgebox_abi::envelope::{IMAGE_PAGE, ImageRun};
use std::fs::File;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct MemoryImage {
    runs: Vec<ImageRun>,
    source: Source,
}

#[derive(Debug, Clone)]
enum Source {
    /// The runs' bytes start at `offset` in the artifact file.
    File { file: Arc<File>, offset: u64 },
    /// The runs' bytes, read.
    Bytes(Arc<[u8]>),
}

#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error(
        "its memory image ({offset:#x}+{len:#x}) does not fit the guest's {memory}-byte memory; rebuild it with edgeboxc"
    )]
    OutOfBounds {
        offset: u32,
        len: u32,
        memory: usize,
    },
    #[error("cannot map its memory image into the guest's memory: {0}")]
    Map(std::io::Error),
    #[error("cannot read its memory image: {0}")]
    Read(std::io::Error),
}

impl MemoryImage {
    /// Runs whose bytes are in `file` from `offset` on (page-aligned), one after the other.
    pub fn in_file(file: Arc<File>, offset: u64, runs: Vec<ImageRun>) -> MemoryImage {
        MemoryImage {
            runs,
            source: Source::File { file, offset },
        }
    }

    /// Runs whose bytes are `bytes`, one after the other.
    pub fn in_bytes(bytes: &[u8], runs: Vec<ImageRun>) -> MemoryImage {
        MemoryImage {
            runs,
            source: Source::Bytes(bytes.into()),
        }
    }

    /// Puts every run into `memory`, an instance's linear memory that no code is running in.
    pub fn apply(&self, memory: &mut [u8]) -> Result<(), ImageError> {
        let mut at = 0usize;
        for run in &self.runs {
            let (start, len) = (run.offset as usize, run.len as usize);
            let out_of_bounds = ImageError::OutOfBounds {
                offset: run.offset,
                len: run.len,
                memory: memory.len(),
            };
            let place = memory
                .get_mut(start..)
                .and_then(|rest| rest.get_mut(..len))
                .ok_or(out_of_bounds)?;
            match &self.source {
                Source::File { file, offset } => {
                    let file_offset = offset + at as u64;
                    if (place.as_ptr() as usize).is_multiple_of(IMAGE_PAGE)
                        && file_offset.is_multiple_of(IMAGE_PAGE as u64)
                    {
                        map_over(place, file, file_offset)?;
                    } else {
                        use std::os::unix::fs::FileExt;
                        file.read_exact_at(place, file_offset)
                            .map_err(ImageError::Read)?;
                    }
                }
                Source::Bytes(bytes) => {
                    let from = bytes.get(at..at + len).ok_or_else(|| {
                        ImageError::Read(std::io::ErrorKind::UnexpectedEof.into())
                    })?;
                    place.copy_from_slice(from);
                }
            }
            at += len;
        }
        Ok(())
    }
}

/// Replaces the pages of `place` with a private mapping of `file` from `offset`.
fn map_over(place: &mut [u8], file: &File, offset: u64) -> Result<(), ImageError> {
    use std::os::fd::AsRawFd;
    let offset = libc::off_t::try_from(offset)
        .map_err(|_| ImageError::Map(std::io::ErrorKind::InvalidInput.into()))?;
    // SAFETY: `place` is page-aligned memory we may write (borrowed mutably, so nothing else
    // reads it meanwhile); MAP_FIXED replaces exactly its pages with file pages of the same
    // length, still readable and writable, so the slice stays valid memory. The file is open.
    let mapped = unsafe {
        libc::mmap(
            place.as_mut_ptr().cast(),
            place.len(),
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_FIXED,
            file.as_raw_fd(),
            offset,
        )
    };
    if mapped == libc::MAP_FAILED {
        return Err(ImageError::Map(std::io::Error::last_os_error()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anonymous_pages(pages: usize) -> &'static mut [u8] {
        // SAFETY: a fresh anonymous mapping, leaked for the test's lifetime.
        unsafe {
            let ptr = libc::mmap(
                std::ptr::null_mut(),
                pages * IMAGE_PAGE,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            assert_ne!(ptr, libc::MAP_FAILED);
            std::slice::from_raw_parts_mut(ptr.cast(), pages * IMAGE_PAGE)
        }
    }

    /// Mapped from a file and copied from bytes, the memory ends up the same; writes to the
    /// mapped pages never reach the file.
    #[test]
    fn maps_or_copies_the_runs_into_place() {
        let page = IMAGE_PAGE;
        let image: Vec<u8> = (0..3 * page).map(|i| (i / page) as u8 + 1).collect();
        let mut file_bytes = vec![0xee; page];
        file_bytes.extend_from_slice(&image);
        let path = std::env::temp_dir().join(format!("edgebox-image-{}", std::process::id()));
        std::fs::write(&path, &file_bytes).unwrap();
        let runs = vec![
            ImageRun {
                offset: page as u32,
                len: (2 * page) as u32,
            },
            ImageRun {
                offset: (5 * page) as u32,
                len: page as u32,
            },
        ];
        let mapped = anonymous_pages(8);
        mapped.fill(9);
        let file = Arc::new(File::open(&path).unwrap());
        MemoryImage::in_file(file, page as u64, runs.clone())
            .apply(mapped)
            .unwrap();
        let copied = anonymous_pages(8);
        copied.fill(9);
        MemoryImage::in_bytes(&image, runs.clone())
            .apply(copied)
            .unwrap();
        assert_eq!(&mapped[..], &copied[..]);
        assert_eq!(mapped[0], 9, "bytes outside the runs are left alone");
        assert_eq!(mapped[page], 1);
        assert_eq!(mapped[5 * page], 3);
        mapped[page] = 42;
        assert_eq!(
            std::fs::read(&path).unwrap(),
            file_bytes,
            "writes stay private"
        );

        let small = anonymous_pages(4);
        let err = MemoryImage::in_bytes(&image, runs)
            .apply(small)
            .unwrap_err();
        assert!(err.to_string().contains("does not fit"), "{err}");
        std::fs::remove_file(&path).unwrap();
    }
}
