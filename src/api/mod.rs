//! Server functions, by feature. Each is a public HTTP endpoint (POST /api/…): it authenticates and
//! authorises on the server, calls the domain, and persists through `server::db`. Bodies only compile with
//! `ssr`; the browser build gets a typed client stub for each.

pub mod auth;
pub mod campaigns;
pub mod creative_requests;
pub mod creator_requests;
pub mod creators;
pub mod integrations;
pub mod invitations;
pub mod notifications;
pub mod offers;
pub mod users;

/// An opaque keyset cursor: `created_at:id` of the last row shown.
pub fn encode_cursor(at: crate::domain::time::Millis, id: &str) -> String {
    format!("{}:{}", at.0, id)
}

/// Keyset paging, the one way: a list is read with one row more than a page (`limit + 1`); that extra row only
/// says a next page exists. Cuts `rows` to `limit` and returns the next page's cursor, `key` of the last row
/// shown (`encode_cursor(at, id)` for lists ordered by a time then an id).
pub fn next_page<T>(rows: &mut Vec<T>, limit: i64, key: impl FnOnce(&T) -> String) -> Option<String> {
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() <= limit {
        return None;
    }
    rows.truncate(limit);
    rows.last().map(key)
}

pub fn decode_cursor(s: &str) -> Option<(crate::domain::time::Millis, String)> {
    let (at, id) = s.split_once(':')?;
    Some((crate::domain::time::Millis(at.parse().ok()?), id.to_string()))
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

/// Only a local path may be a redirect target (no open redirects).
pub fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')).then_some(next)
}

#[cfg(test)]
mod tests {
    #[test]
    fn cursors_and_redirect_targets() {
        let c = super::encode_cursor(crate::domain::time::Millis(5), "abc");
        assert_eq!(
            super::decode_cursor(&c),
            Some((crate::domain::time::Millis(5), "abc".into()))
        );
        assert_eq!(super::decode_cursor("junk"), None);
        assert_eq!(super::safe_next("/campaigns"), Some("/campaigns"));
        assert_eq!(super::safe_next("//evil.example"), None);
        assert_eq!(super::safe_next("https://evil.example"), None);
    }

    #[test]
    fn a_page_is_cut_at_its_limit_and_continues_after_its_last_row() {
        let key = |r: &i32| r.to_string();
        for (rows, limit, shown, next) in [
            (vec![1, 2, 3, 4], 3, vec![1, 2, 3], Some("3")),
            (vec![1, 2, 3], 3, vec![1, 2, 3], None),
            (vec![1], 3, vec![1], None),
            (vec![], 3, vec![], None),
        ] {
            let mut rows = rows;
            assert_eq!(super::next_page(&mut rows, limit, key).as_deref(), next);
            assert_eq!(rows, shown);
        }
    }
}
