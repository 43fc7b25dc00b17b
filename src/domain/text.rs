//! Limits on text people type (messages, reasons, comments, briefs, names, notes). A limit counts what a person
//! sees (grapheme clusters: one family emoji is one character) AND caps the bytes, so one letter followed by a
//! million combining marks is not "one character". The byte cap is checked first: refusing an oversized text
//! costs nothing proportional to its size.

use unicode_segmentation::UnicodeSegmentation;

/// Bytes allowed per character of a limit: generous for people (the longest emoji sequences take about 35
/// bytes for one character, a family emoji 18, most scripts 1 to 4), small enough to bound what is stored,
/// e-mailed and sent to the partner.
pub const BYTES_PER_CHAR: usize = 32;

/// The length of `text` as a person counts it, if it fits `max` characters (and `max × BYTES_PER_CHAR`
/// bytes); otherwise the message to show, naming the text as `what` ("the message").
pub fn within(text: &str, what: &str, max: usize) -> Result<usize, String> {
    let cap = max.saturating_mul(BYTES_PER_CHAR);
    if text.len() > cap {
        return Err(format!(
            "Keep {what} to {max} characters (at most {cap} bytes; it has {} bytes).",
            text.len()
        ));
    }
    let n = text.graphemes(true).count();
    if n > max {
        return Err(format!("Keep {what} to {max} characters (it has {n})."));
    }
    Ok(n)
}

/// Whether `text` fits `max` characters (see [`within`]).
pub fn fits(text: &str, max: usize) -> bool {
    within(text, "", max).is_ok()
}

/// A text as a CSV cell a spreadsheet shows as text: one it would run as a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return, as a campaign title or a comment may) gets a leading apostrophe
/// (CSV injection).
pub fn csv_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_people_see_and_caps_bytes() {
        let cases: &[(String, usize, Result<usize, &str>)] = &[
            ("hello".into(), 5, Ok(5)),
            ("hello!".into(), 5, Err("Keep it to 5 characters (it has 6).")),
            // a family emoji is one character of 18 bytes
            ("👨‍👩‍👧".repeat(500), 500, Ok(500)),
            ("é".repeat(500), 500, Ok(500)),
            ("".into(), 0, Ok(0)),
            // one letter and 300,000 combining accents: one character to the eye, 600,001 bytes
            (
                format!("a{}", "\u{301}".repeat(300_000)),
                500,
                Err("Keep it to 500 characters (at most 16000 bytes; it has 600001 bytes)."),
            ),
            // a single over-decorated character within the byte cap still counts as one
            (format!("a{}", "\u{301}".repeat(10)), 1, Ok(1)),
        ];
        for (text, max, expected) in cases {
            let got = within(text, "it", *max);
            match expected {
                Ok(n) => assert_eq!(got, Ok(*n), "{max}"),
                Err(m) => assert_eq!(got.unwrap_err(), *m),
            }
        }
        assert!(fits("abc", 3));
        assert!(!fits("abcd", 3));
    }
}
