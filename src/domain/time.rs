//! Instants are integer milliseconds since the Unix epoch, UTC, everywhere (database, wire, domain).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Millis(pub i64);

pub const SECOND: i64 = 1_000;
pub const MINUTE: i64 = 60 * SECOND;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;

impl Millis {
    pub fn plus(self, ms: i64) -> Millis {
        Millis(self.0 + ms)
    }

    fn datetime(self) -> Option<::time::OffsetDateTime> {
        ::time::OffsetDateTime::from_unix_timestamp_nanos(self.0 as i128 * 1_000_000).ok()
    }

    /// `2026-11-22` (UTC).
    pub fn date(self) -> String {
        self.datetime()
            .and_then(|d| {
                d.format(::time::macros::format_description!("[year]-[month]-[day]"))
                    .ok()
            })
            .unwrap_or_default()
    }

    /// `22 Nov 2026` (UTC): how dates are shown to people.
    pub fn human_date(self) -> String {
        self.datetime()
            .and_then(|d| {
                d.format(::time::macros::format_description!(
                    "[day padding:none] [month repr:short] [year]"
                ))
                .ok()
            })
            .unwrap_or_default()
    }

    /// `22 Nov 2026, 14:05 UTC`.
    pub fn human_datetime(self) -> String {
        self.datetime()
            .and_then(|d| {
                d.format(::time::macros::format_description!(
                    "[day padding:none] [month repr:short] [year], [hour]:[minute] UTC"
                ))
                .ok()
            })
            .unwrap_or_default()
    }

    /// `2026-11-22T14:05:00.000Z` (RFC 3339, UTC): how the partner API writes times.
    pub fn rfc3339(self) -> String {
        self.datetime()
            .and_then(|d| {
                d.format(::time::macros::format_description!(
                    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
                ))
                .ok()
            })
            .unwrap_or_default()
    }

    /// Parses a `YYYY-MM-DD` date (an HTML date input) as the start of that day, UTC.
    pub fn parse_date_start_of_day(s: &str) -> Option<Millis> {
        Millis::parse_date_end_of_day(s).map(|end| Millis(end.0 + 1 - DAY))
    }

    /// Parses a `YYYY-MM-DD` date (an HTML date input) as the end of that day, UTC.
    pub fn parse_date_end_of_day(s: &str) -> Option<Millis> {
        let date = ::time::Date::parse(s.trim(), ::time::macros::format_description!("[year]-[month]-[day]")).ok()?;
        let end = date.with_hms_milli(23, 59, 59, 999).ok()?.assume_utc();
        Some(Millis((end.unix_timestamp_nanos() / 1_000_000) as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_dates() {
        let t = Millis::parse_date_end_of_day("2026-11-22").unwrap();
        assert_eq!(t.date(), "2026-11-22");
        assert_eq!(t.human_date(), "22 Nov 2026");
        assert_eq!(t.human_datetime(), "22 Nov 2026, 23:59 UTC");
        assert_eq!(Millis::parse_date_end_of_day("2026-02-30"), None);
        assert_eq!(Millis::parse_date_end_of_day("tomorrow"), None);
        assert_eq!(Millis(0).plus(DAY).date(), "1970-01-02");
        let start = Millis::parse_date_start_of_day("2026-11-22").unwrap();
        assert_eq!(start.human_datetime(), "22 Nov 2026, 00:00 UTC");
        assert_eq!(start.0 % DAY, 0);
    }
}
