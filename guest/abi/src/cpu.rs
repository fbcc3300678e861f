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
    found
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
