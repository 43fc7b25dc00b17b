//! Links the app writes and reads: redirect targets and query-string values.

/// Only a local path may be a redirect target (no open redirects): it starts with one `/`, and every character
/// is visible ASCII other than a backslash (browsers drop tabs and newlines from a URL, so `/<tab>/evil.example`
/// would become `//evil.example`; a control character cannot go in a `Location` header at all). Anything else
/// is refused, and the caller goes to its default.
pub fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/')
        && !next.starts_with("//")
        && next.len() <= 2000
        && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\'))
    .then_some(next)
}

/// Percent-encodes a query-string value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_targets_stay_on_this_site() {
        assert_eq!(safe_next("/campaigns"), Some("/campaigns"));
        assert_eq!(safe_next("//evil.example"), None);
        assert_eq!(safe_next("https://evil.example"), None);
        assert_eq!(safe_next("/creators?q=ada&after=x"), Some("/creators?q=ada&after=x"));
        // what browsers turn into another site, or what cannot be a header value
        for bad in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/x",
            "/%0Ax\n",
            "/\\evil.example",
            "/ /evil.example",
            "/é",
            "",
            "evil.example",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
        assert_eq!(safe_next(&format!("/{}", "a".repeat(3000))), None);
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(urlencode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(urlencode("Az09-_.~"), "Az09-_.~");
    }
}
