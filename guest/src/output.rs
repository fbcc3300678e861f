//! Buffered stdout, unbuffered stderr, written straight to WASI file descriptors 1 and 2.
//!
//! stdout is buffered because console.log in a loop would otherwise cost one host call per line.
//! It is flushed before anything goes to stderr (so an interleaved terminal shows lines in
//! program order), before the guest sleeps, and at exit.

use std::cell::RefCell;
use std::fs::File;
use std::io::Write;
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;

const STDOUT_FD: i32 = 1;
const STDERR_FD: i32 = 2;
/// Large enough to batch many console.log lines per host call, small enough to show progress.
const STDOUT_BUFFER_BYTES: usize = 64 * 1024;

thread_local! {
    static STDOUT_BUFFER: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(STDOUT_BUFFER_BYTES));
}

fn write_fd(fd: i32, bytes: &[u8]) {
    // SAFETY: fds 1 and 2 are the WASI stdio handles the host provides for the whole run;
    // ManuallyDrop keeps this temporary File from closing them.
    let mut file = ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
    // A closed pipe on the host side is not the program's error; drop the output.
    let _ = file.write_all(bytes);
}

/// Writes program output to stdout (`fd == 1`) or stderr (any other fd).
pub fn write(fd: i32, bytes: &[u8]) {
    if fd == STDOUT_FD {
        STDOUT_BUFFER.with_borrow_mut(|buf| {
            buf.extend_from_slice(bytes);
            if buf.len() >= STDOUT_BUFFER_BYTES {
                write_fd(STDOUT_FD, buf);
                buf.clear();
            }
        });
    } else {
        flush_stdout();
        write_fd(STDERR_FD, bytes);
    }
}

pub fn flush_stdout() {
    STDOUT_BUFFER.with_borrow_mut(|buf| {
        if !buf.is_empty() {
            write_fd(STDOUT_FD, buf);
            buf.clear();
        }
    });
}

/// Writes an EdgeBox diagnostic (not program output) to stderr.
pub fn error_line(message: &str) {
    write(STDERR_FD, format!("{message}\n").as_bytes());
}
