//! Matching stderr against an expectation in which `*` stands for any run of characters
//! within one line (for parts that vary, such as absolute paths) and `**` for any run of
//! characters across lines (for output whose exact shape is not the point of the test).

/// True if `text` matches `pattern` entirely.
pub fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // reachable[j]: pattern prefix processed so far can match text prefix of length j.
    let mut reachable = vec![false; t.len() + 1];
    reachable[0] = true;
    let mut i = 0;
    while i < p.len() {
        let pc = p[i];
        let mut next = vec![false; t.len() + 1];
        if pc == '*' && p.get(i + 1) == Some(&'*') {
            i += 1;
            if let Some(first) = reachable.iter().position(|&r| r) {
                next[first..].iter_mut().for_each(|n| *n = true);
            }
        } else if pc == '*' {
            for j in 0..=t.len() {
                if reachable[j] {
                    next[j] = true;
                    let mut k = j;
                    while k < t.len() && t[k] != '\n' {
                        k += 1;
                        next[k] = true;
                    }
                }
            }
        } else {
            for j in 0..t.len() {
                if reachable[j] && t[j] == pc {
                    next[j + 1] = true;
                }
            }
        }
        reachable = next;
        i += 1;
    }
    reachable[t.len()]
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn star_matches_within_a_line() {
        assert!(matches("a*c", "abbbc"));
        assert!(matches("at * (x.js:1:2)", "at f (x.js:1:2)"));
        assert!(!matches("a*c", "ab\nc"));
        assert!(matches("exact", "exact"));
        assert!(!matches("exact", "exact!"));
        assert!(matches("*", ""));
        assert!(matches("**\nend", "a\nb\nend"));
        assert!(matches("start**", "start\nanything\n"));
        assert!(!matches("**x", "abc"));
    }
}
