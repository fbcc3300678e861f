//! `cargo +nightly fuzz run read` (from opcodes/): the bytecode reader must never panic or
//! hang, and whatever it accepts must survive write → read unchanged.
#![no_main]

use edgebox_opcodes::bytecode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Most mutations would only exercise the checksum check; patch it so the fuzzer reaches
    // the parser proper. The version byte is forced for the same reason.
    let mut buf = data.to_vec();
    if buf.len() >= 5 {
        buf[0] = bytecode::BC_VERSION;
        let sum = bytecode::checksum(&buf[5..]);
        buf[1..5].copy_from_slice(&sum.to_le_bytes());
    }
    if let Ok(obj) = bytecode::read(&buf) {
        let again = bytecode::write(&obj);
        assert_eq!(bytecode::read(&again).as_ref(), Ok(&obj));
        let _ = edgebox_opcodes::disasm::disassemble(&obj);
    }
});
