//! The top-level README's performance section is generated: the text between the markers is
//! replaced by the latest table.

use anyhow::{Result, bail};

pub const START: &str = "<!-- bench:start -->";
pub const END: &str = "<!-- bench:end -->";

/// `readme` with everything between [`START`] and [`END`] replaced by `body`.
pub fn replace_section(readme: &str, body: &str) -> Result<String> {
    let (Some(s), Some(e)) = (readme.find(START), readme.find(END)) else {
        bail!(
            "the README has no `{START}` … `{END}` markers: add them where the performance section goes"
        );
    };
    if e < s {
        bail!("`{END}` comes before `{START}` in the README");
    }
    let head = &readme[..s + START.len()];
    let tail = &readme[e..];
    Ok(format!("{head}\n{}\n{tail}", body.trim()))
}

/// The README section made from `latest.md`: its heading dropped (the README has its own), a
/// pointer to the chart and to the command that regenerates it.
pub fn section_from_latest(latest_md: &str, chart_path: &str) -> String {
    let body: Vec<&str> = latest_md
        .lines()
        .filter(|l| !l.starts_with("# ") && !l.starts_with("<!-- Generated"))
        .collect();
    format!(
        "<!-- Generated from benches/results/latest.md by `cargo run -p benches --release -- --update-readme`. -->\n\n\
         {}\n\n![benchmark chart]({chart_path})",
        body.join("\n").trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_between_markers() {
        let readme =
            "# T\n\n## Performance\n<!-- bench:start -->\nold\n<!-- bench:end -->\nafter\n";
        let out = replace_section(readme, "new table").unwrap();
        assert_eq!(
            out,
            "# T\n\n## Performance\n<!-- bench:start -->\nnew table\n<!-- bench:end -->\nafter\n"
        );
        // Idempotent.
        assert_eq!(replace_section(&out, "new table").unwrap(), out);
    }

    #[test]
    fn missing_markers_is_an_error() {
        assert!(replace_section("# T\n", "x").is_err());
        assert!(replace_section("<!-- bench:end --> <!-- bench:start -->", "x").is_err());
    }

    #[test]
    fn section_drops_heading_and_links_chart() {
        let s = section_from_latest(
            "# EdgeBox benchmarks\n\n<!-- Generated … -->\n\n| a |\n",
            "benches/results/latest.svg",
        );
        assert!(!s.contains("# EdgeBox benchmarks"));
        assert!(s.contains("| a |"));
        assert!(s.ends_with("![benchmark chart](benches/results/latest.svg)"));
    }
}
