//! Keyset paging, the one way every list pages. A list is read with one row more than a page (`limit + 1`);
//! that extra row only says a next page exists ([`Page::cut`]). The next page starts after the last row shown,
//! named by a [`Cursor`]: its time and id, written `at:id` in links (opaque to users).

use crate::domain::time::Millis;
use std::fmt;

/// An id a cursor can carry (every entity id, see `ids::id_type!`, and plain text ids).
pub trait CursorId: Sized {
    fn from_cursor(s: &str) -> Self;
    fn cursor_str(&self) -> &str;
}

impl CursorId for String {
    fn from_cursor(s: &str) -> Self {
        s.to_string()
    }
    fn cursor_str(&self) -> &str {
        self
    }
}

/// Where a page starts: after the row with this time and id, in a list ordered by time then id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor<Id = String> {
    pub at: Millis,
    pub id: Id,
}

impl<Id: CursorId> Cursor<Id> {
    pub fn new(at: Millis, id: Id) -> Self {
        Cursor { at, id }
    }

    /// The cursor of a link's `after=`; an empty or malformed one is the first page.
    pub fn parse(s: &str) -> Option<Self> {
        let (at, id) = s.split_once(':')?;
        Some(Cursor {
            at: Millis(at.parse().ok()?),
            id: Id::from_cursor(id),
        })
    }

    /// The bound of a newest-first list: the next rows are those before `(at, id)`; the first page starts
    /// after everything.
    pub fn before(after: Option<Self>) -> (i64, String) {
        after.map_or((i64::MAX, String::new()), |c| (c.at.0, c.id.cursor_str().to_string()))
    }
}

impl<Id: CursorId> fmt::Display for Cursor<Id> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.at.0, self.id.cursor_str())
    }
}

/// One page of a list: its rows and the `after=` value of the next page (none on the last page).
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// `rows` was read with `limit + 1` rows: cuts it to `limit`; when there was more, the next page starts
    /// after the last row shown (`key` names it: a [`Cursor`], or an id for lists that page by id).
    pub fn cut<K: fmt::Display>(mut rows: Vec<T>, limit: i64, key: impl FnOnce(&T) -> K) -> Page<T> {
        let limit = usize::try_from(limit).unwrap_or(0);
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|last| key(last).to_string())
        } else {
            None
        };
        Page { rows, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::InvitationId;

    #[test]
    fn a_cursor_is_written_and_read_back() {
        let c = Cursor::<InvitationId> {
            at: Millis(5),
            id: InvitationId("abc".into()),
        };
        assert_eq!(c.to_string(), "5:abc");
        assert_eq!(Cursor::<InvitationId>::parse("5:abc"), Some(c.clone()));
        assert_eq!(Cursor::before(Some(c)), (5, "abc".to_string()));
        for junk in ["", "junk", "x:abc", ":abc"] {
            assert_eq!(Cursor::<String>::parse(junk), None, "{junk:?} is the first page");
        }
        assert_eq!(Cursor::<String>::before(None), (i64::MAX, String::new()));
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
            let page = Page::cut(rows, limit, key);
            assert_eq!(page.next.as_deref(), next);
            assert_eq!(page.rows, shown);
        }
    }
}
