//! Program output, written straight to WASI file descriptors 1 and 2.
//!
//! Unbuffered on purpose: a run can be ended from outside at any instant (a time or memory
//! limit terminates the instance), and whatever the app printed before that must not be lost.
//! Each console.log is one host call, as in Node writing to a file or pipe.

use std::fs::File;
use std::io::Write;
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;

const STDOUT_FD: i32 = 1;
const STDERR_FD: i32 = 2;

fn write_fd(fd: i32, bytes: &[u8]) {
    // SAFETY: fds 1 and 2 are the WASI stdio handles the host provides for the whole run;
    // ManuallyDrop keeps this temporary File from closing them.
    let mut file = ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
    // A closed pipe on the host side is not the program's error; drop the output.
    let _ = file.write_all(bytes);
}

/// Writes program output to stdout (`fd == 1`) or stderr (any other fd).
pub fn write(fd: i32, bytes: &[u8]) {
    write_fd(
        if fd == STDOUT_FD {
            STDOUT_FD
        } else {
            STDERR_FD
        },
        bytes,
    );
}

/// Writes an EdgeBox diagnostic (not program output) to stderr.
pub fn error_line(message: &str) {
    write(STDERR_FD, format!("{message}\n").as_bytes());
}
