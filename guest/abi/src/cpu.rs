//! CPU features that native artifacts depend on. `edgeboxc` compiles AOT code for the host CPU
//! and records the host's features in the envelope; `edgebox` refuses to run the code on a
//! CPU that lacks any of them.

#[cfg(target_arch = "x86_64")]
extern crate std;

use alloc::string::String;
use alloc::vec::Vec;

/// The features this module checks, by LLVM/Rust name.
#[cfg(target_arch = "x86_64")]
const CHECKED: [&str; 27] = [
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
    "vpclmulqdq",
];

/// The features of this CPU that compiled code may use, by LLVM/Rust name, in [`CHECKED`]
/// order.
///
/// Read from four CPUID leaves directly rather than through `is_x86_feature_detected!`: std's
/// detection makes about ten CPUID queries, and under a hypervisor each one traps (~7 µs on the
/// 2-core dev VM), which was ~70 µs of every `edgebox` start. A test checks that both agree.
#[cfg(target_arch = "x86_64")]
pub fn host_features() -> Vec<String> {
    let have = cpuid_features();
    let mut found: Vec<String> = CHECKED
        .iter()
        .zip(have)
        .filter(|(_, has)| *has)
        .map(|(name, _)| String::from(*name))
        .collect();
    if gs_base_writable() {
        found.push(String::from(GS_BASE_FEATURE));
    }
    found
}

/// Whether this CPU (and the OS, for the AVX state) supports each of [`CHECKED`].
#[cfg(target_arch = "x86_64")]
#[allow(unused_unsafe)] // CPUID intrinsics are safe in newer Rust
fn cpuid_features() -> [bool; 27] {
    use core::arch::x86_64::{__cpuid, __cpuid_count};
    // SAFETY (all CPUID calls): CPUID exists on every x86-64 CPU; leaves above the maximum
    // are not queried.
    let max_leaf = unsafe { __cpuid(0) }.eax;
    let leaf1 = unsafe { __cpuid(1) };
    let (l7b, l7c) = if max_leaf >= 7 {
        let l7 = unsafe { __cpuid_count(7, 0) };
        (l7.ebx, l7.ecx)
    } else {
        (0, 0)
    };
    let max_ext = unsafe { __cpuid(0x8000_0000) }.eax;
    let ext1c = if max_ext >= 0x8000_0001 {
        unsafe { __cpuid(0x8000_0001) }.ecx
    } else {
        0
    };
    let c1 = leaf1.ecx;
    // The OS must save the vector state: XCR0 bits 1-2 (SSE, AVX), 5-7 (AVX-512).
    let xcr0 = if c1 & (1 << 27) != 0 { xgetbv0() } else { 0 };
    let avx_os = xcr0 & 0b110 == 0b110;
    let avx512_os = avx_os && xcr0 & 0b1110_0000 == 0b1110_0000;
    let bit = |word: u32, n: u32| word & (1 << n) != 0;
    let avx512f = bit(l7b, 16) && avx512_os;
    [
        bit(c1, 0),                // sse3
        bit(c1, 9),                // ssse3
        bit(c1, 19),               // sse4.1
        bit(c1, 20),               // sse4.2
        bit(c1, 23),               // popcnt
        bit(c1, 28) && avx_os,     // avx
        bit(l7b, 5) && avx_os,     // avx2
        bit(l7b, 3),               // bmi1
        bit(l7b, 8),               // bmi2
        bit(c1, 12) && avx_os,     // fma
        bit(ext1c, 5),             // lzcnt
        bit(c1, 22),               // movbe
        bit(c1, 29) && avx_os,     // f16c
        bit(l7b, 19),              // adx
        bit(c1, 25),               // aes
        bit(c1, 1),                // pclmulqdq
        bit(l7b, 29),              // sha
        avx512f,                   // avx512f
        bit(l7b, 30) && avx512_os, // avx512bw
        bit(l7b, 28) && avx512_os, // avx512cd
        bit(l7b, 17) && avx512_os, // avx512dq
        bit(l7b, 31) && avx512_os, // avx512vl
        bit(l7c, 1) && avx512_os,  // avx512vbmi
        bit(l7c, 11) && avx512_os, // avx512vnni
        bit(l7c, 8),               // gfni
        bit(l7c, 9) && avx_os,     // vaes
        bit(l7c, 10) && avx_os,    // vpclmulqdq
    ]
}

/// XCR0, the OS-enabled state components (only called when CPUID says OSXSAVE).
#[cfg(target_arch = "x86_64")]
fn xgetbv0() -> u64 {
    let (lo, hi): (u32, u32);
    // SAFETY: XGETBV with ECX=0 is valid whenever OSXSAVE is set; it reads a register only.
    unsafe {
        core::arch::asm!("xgetbv", in("ecx") 0, out("eax") lo, out("edx") hi,
            options(nomem, nostack, preserves_flags));
    }
    (u64::from(hi) << 32) | u64::from(lo)
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

    /// The direct CPUID reading says what std's detection says, feature by feature.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn agrees_with_std_detection() {
        macro_rules! std_says {
            ($($f:tt),*) => { [$( std::arch::is_x86_feature_detected!($f) ),*] };
        }
        let std = std_says!(
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
        for ((name, ours), std) in CHECKED.iter().zip(cpuid_features()).zip(std) {
            assert_eq!(ours, std, "{name}");
        }
    }

    #[test]
    fn host_has_its_own_features() {
        assert!(missing_features(&host_features()).is_empty());
        assert_eq!(
            missing_features(&[String::from("imaginary-feature")]),
            [String::from("imaginary-feature")]
        );
    }
}
