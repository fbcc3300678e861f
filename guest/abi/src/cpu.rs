//! CPU features that native artifacts depend on. `edgeboxc` compiles AOT code for the host CPU
//! and records the host's features in the envelope; `edgebox` refuses to run the code on a
//! CPU that lacks any of them.

#[cfg(target_arch = "x86_64")]
extern crate std;

use alloc::string::String;
use alloc::vec::Vec;

/// The features of this CPU that compiled code may use, by LLVM/Rust name.
#[cfg(target_arch = "x86_64")]
pub fn host_features() -> Vec<String> {
    let mut found = Vec::new();
    macro_rules! check {
        ($($f:tt),*) => { $( if std::arch::is_x86_feature_detected!($f) { found.push(String::from($f)); } )* };
    }
    check!(
        "sse3",
        "ssse3",
        "sse4.1",
        "sse4.2",
        "popcnt",
        "avx",
        "avx2",
        "bmi1",
        "bmi2",
        "fma",
        "lzcnt",
        "movbe",
        "f16c",
        "adx",
        "aes",
        "pclmulqdq",
        "sha",
        "avx512f",
        "avx512bw",
        "avx512cd",
        "avx512dq",
        "avx512vl",
        "avx512vbmi",
        "avx512vnni",
        "gfni",
        "vaes",
        "vpclmulqdq"
    );
    if gs_base_writable() {
        found.push(String::from(GS_BASE_FEATURE));
    }
    found
}

/// The pseudo-feature for `wrgsbase` in user space: WAMR AOT code built with it addresses
/// linear memory through the GS segment (edgebox-wamr-compiler's `AotOptions::segue`), and the
/// runtime must write GS before it enters that code. It needs the CPU's FSGSBASE instructions
/// *and* a kernel that enables them (Linux 5.9 and later), so it is read from the kernel's
/// HWCAP2 word rather than from CPUID.
pub const GS_BASE_FEATURE: &str = "fsgsbase";

/// Whether this process may execute `wrgsbase` (the kernel sets HWCAP2_FSGSBASE only when the
/// CPU has it and it is enabled for user space).
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
pub fn gs_base_writable() -> bool {
    use core::ffi::c_ulong;
    unsafe extern "C" {
        fn getauxval(kind: c_ulong) -> c_ulong;
    }
    const AT_HWCAP2: c_ulong = 26;
    const HWCAP2_FSGSBASE: c_ulong = 1 << 1;
    // SAFETY: getauxval has no preconditions; an absent entry reads as 0.
    unsafe { getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE != 0 }
}

#[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
pub fn gs_base_writable() -> bool {
    false
}

/// Other architectures: nothing is recorded, so nothing is checked beyond the engine's own
/// architecture check.
#[cfg(not(target_arch = "x86_64"))]
pub fn host_features() -> Vec<String> {
    Vec::new()
}

/// The features in `required` that this CPU lacks.
pub fn missing_features(required: &[String]) -> Vec<String> {
    let have = host_features();
    required
        .iter()
        .filter(|f| !have.contains(f))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_has_its_own_features() {
        assert!(missing_features(&host_features()).is_empty());
        assert_eq!(
            missing_features(&[String::from("imaginary-feature")]),
            [String::from("imaginary-feature")]
        );
    }
}
