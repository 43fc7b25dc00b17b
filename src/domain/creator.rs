//! The creator directory a business browses.

use crate::domain::account::{NICHES, PLATFORMS};
use crate::domain::ids::UserId;
use crate::domain::invitation::InvitationStatus;
use crate::domain::time::{Millis, DAY};
use crate::error::{AppError, Errors};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatorCard {
    pub id: UserId,
    pub name: String,
    pub username: String,
    pub avatar_url: String,
    pub followers: i64,
    pub niche: String,
    pub platforms: Vec<String>,
    pub bio: String,
    /// The latest invitation from the viewing business to this creator, if any.
    pub invitation: Option<InvitationStatus>,
    pub availability: Availability,
}

/// Whether a creator takes invitations and offers (seed S3: "creators can set availability"): open, or not
/// available until a date (they are open again from the start of that day, UTC, without doing anything).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    /// The first day they are available again; `None`: open.
    pub away_until: Option<Millis>,
    /// What they want businesses to know (may be empty).
    pub note: String,
    /// `Open to invitations` or `Not available until 12 Jan 2027`, written by `as_of` on the server (a page's
    /// islands then carry no date formatting).
    #[serde(default)]
    pub label: String,
}

/// The longest note a creator leaves with their availability.
pub const AVAILABILITY_NOTE_MAX: usize = 200;
/// How far ahead a creator may say they are away.
pub const AWAY_MAX: i64 = 365 * DAY;

impl Availability {
    /// The date they are away until, if they are away at `now`.
    pub fn away_at(&self, now: Millis) -> Option<Millis> {
        self.away_until.filter(|until| *until > now)
    }

    /// As it stands at `now`: a date that has come is dropped (open again), so a view needs no clock.
    pub fn as_of(self, now: Millis) -> Availability {
        Availability {
            label: self.label(now),
            away_until: self.away_at(now),
            note: self.note,
        }
    }

    /// `Open to invitations` or `Not available until 12 Jan 2027`.
    pub fn label(&self, now: Millis) -> String {
        match self.away_at(now) {
            Some(until) => format!("Not available until {}", until.human_date()),
            None => "Open to invitations".to_string(),
        }
    }

    /// Refuses an invitation or an offer to `@username` while they are away, saying until when (and their
    /// note). Checked where an invitation or an offer is made, after authorisation.
    pub fn refuse_if_away(&self, username: &str, now: Millis) -> Result<(), AppError> {
        let Some(until) = self.away_at(now) else {
            return Ok(());
        };
        let mut text = format!(
            "@{username} is not available until {}: they take invitations and offers again from that day.",
            until.human_date()
        );
        if !self.note.is_empty() {
            text.push_str(&format!(" Their note: “{}”", self.note));
        }
        Err(AppError::Conflict(text))
    }

    /// A creator's choice from the availability form: `open`, or `away` until `until` (`YYYY-MM-DD`, after
    /// today and within a year), with an optional note.
    pub fn validate(choice: &str, until: &str, note: &str, now: Millis) -> Result<Availability, AppError> {
        let mut errs = Errors::new();
        let note = note.trim();
        errs.text("note", note, "the note", AVAILABILITY_NOTE_MAX);
        let away_until = match choice {
            "open" => None,
            "away" => match Millis::parse_date_start_of_day(until) {
                None => {
                    errs.add("until", "Choose the date you are available again.");
                    None
                }
                Some(d) if d <= now => {
                    errs.add("until", "Choose a date after today.");
                    None
                }
                Some(d) if d.0 - now.0 > AWAY_MAX => {
                    errs.add("until", "Choose a date within a year.");
                    None
                }
                Some(d) => Some(d),
            },
            _ => {
                errs.add(
                    "availability",
                    "Choose open to invitations, or not available until a date.",
                );
                None
            }
        };
        errs.finish()?;
        Ok(Availability {
            away_until,
            note: note.to_string(),
            label: String::new(),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CreatorSort {
    /// Most followers first.
    Followers,
    /// A to Z by display name.
    Name,
}

impl CreatorSort {
    /// The words a query names them by.
    pub const WORDS: [&'static str; 2] = ["followers", "name"];

    pub fn parse(s: &str) -> Option<CreatorSort> {
        match s {
            "" | "followers" => Some(CreatorSort::Followers),
            "name" => Some(CreatorSort::Name),
            _ => None,
        }
    }
}

/// A checked search of the directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatorQuery {
    /// Lower-case text to find in the name or @username (without the `@`).
    pub text: String,
    pub niche: Option<String>,
    pub platform: Option<String>,
    pub min_followers: i64,
    pub sort: CreatorSort,
}

impl CreatorQuery {
    pub fn validate(q: &str, niche: &str, platform: &str, min_followers: &str, sort: &str) -> Result<Self, AppError> {
        let mut errs = Errors::new();
        let text = q.trim().trim_start_matches('@').to_lowercase();
        errs.check(text.chars().count() <= 100, "q", "Search for at most 100 characters.");
        let niche = (!niche.is_empty()).then(|| niche.to_string());
        errs.check(
            niche.as_deref().is_none_or(|n| NICHES.contains(&n)),
            "niche",
            "Choose a niche from the list.",
        );
        let platform = (!platform.is_empty()).then(|| platform.to_string());
        errs.check(
            platform.as_deref().is_none_or(|p| PLATFORMS.contains(&p)),
            "platform",
            "Choose a platform from the list.",
        );
        let min_followers = match min_followers.trim().replace(',', "") {
            s if s.is_empty() => 0,
            s => match s.parse::<i64>() {
                Ok(n) if n >= 0 => n,
                _ => {
                    errs.add("min_followers", "Minimum followers must be a whole number.");
                    0
                }
            },
        };
        let sort = CreatorSort::parse(sort).unwrap_or_else(|| {
            errs.add("sort", "Sort by followers or name.");
            CreatorSort::Followers
        });
        errs.finish()?;
        Ok(CreatorQuery {
            text,
            niche,
            platform,
            min_followers,
            sort,
        })
    }
}

/// `950`, `48.5K`, `1.2M`.
pub fn format_followers(n: i64) -> String {
    // tenths, cut (not rounded) as the apps people know do: 1,290,000 is 1.2M; integer arithmetic only, so
    // the browser build needs no float formatting
    let short = |unit: i64, suffix: &str| {
        let tenths = n / (unit / 10);
        match tenths % 10 {
            0 => format!("{}{suffix}", tenths / 10),
            d => format!("{}.{d}{suffix}", tenths / 10),
        }
    };
    match n {
        n if n >= 1_000_000 => short(1_000_000, "M"),
        n if n >= 1_000 => short(1_000, "K"),
        n => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::time::HOUR;

    #[test]
    fn availability_choices() {
        let now = Millis::parse_date_start_of_day("2026-12-02").unwrap().plus(10 * HOUR);
        let long = "x".repeat(AVAILABILITY_NOTE_MAX + 1);
        // (choice, until, note, Ok(away until as a date) or the field refused)
        type Case<'a> = (&'a str, &'a str, &'a str, Result<Option<&'a str>, &'a str>);
        let cases: Vec<Case> = vec![
            ("open", "", "", Ok(None)),
            ("open", "2027-01-01", "Booking from March", Ok(None)),
            ("away", "2026-12-03", "", Ok(Some("2026-12-03"))),
            ("away", "2027-12-01", "On a shoot abroad", Ok(Some("2027-12-01"))),
            ("away", "2026-12-02", "", Err("until")),
            ("away", "2026-11-30", "", Err("until")),
            ("away", "2027-12-03", "", Err("until")),
            ("away", "", "", Err("until")),
            ("away", "next week", "", Err("until")),
            ("away", "2026-12-10", &long, Err("note")),
            ("busy", "2026-12-10", "", Err("availability")),
            ("", "", "", Err("availability")),
        ];
        for (choice, until, note, expected) in cases {
            let got = Availability::validate(choice, until, note, now);
            match expected {
                Ok(date) => {
                    let a = got.unwrap_or_else(|e| panic!("{choice} {until}: {e:?}"));
                    assert_eq!(a.away_until.map(|d| d.date()).as_deref(), date, "{choice} {until}");
                    assert_eq!(a.note, note.trim());
                }
                Err(field) => {
                    let e = got.expect_err(choice);
                    assert!(e.field_message(field).is_some(), "{choice} {until:?}: {e:?}");
                }
            }
        }
    }

    #[test]
    fn away_until_a_day_then_open_again_by_itself() {
        let until = Millis::parse_date_start_of_day("2027-01-12").unwrap();
        let away = Availability {
            away_until: Some(until),
            note: "Filming in Accra".into(),
            label: String::new(),
        };
        assert_eq!(
            away.clone().as_of(until.plus(-1)).label,
            "Not available until 12 Jan 2027"
        );
        assert_eq!(away.clone().as_of(until).label, "Open to invitations");
        let before = until.plus(-1);
        assert_eq!(away.away_at(before), Some(until));
        assert_eq!(away.label(before), "Not available until 12 Jan 2027");
        let refused = away.refuse_if_away("cat_cooks", before).unwrap_err();
        assert_eq!(refused.status_code(), 409);
        let text = refused.to_string();
        assert!(text.contains("@cat_cooks is not available until 12 Jan 2027"), "{text}");
        assert!(text.contains("Filming in Accra"), "{text}");
        // from the start of that day they are open, without doing anything
        assert_eq!(away.away_at(until), None);
        assert_eq!(away.label(until), "Open to invitations");
        assert!(away.refuse_if_away("cat_cooks", until).is_ok());
        assert!(Availability::default().refuse_if_away("cat_cooks", before).is_ok());
    }

    use super::*;

    #[test]
    fn follower_counts_read_like_people_write_them() {
        assert_eq!(format_followers(950), "950");
        assert_eq!(format_followers(48_500), "48.5K");
        assert_eq!(format_followers(50_000), "50K");
        assert_eq!(format_followers(1_250_000), "1.2M");
        assert_eq!(format_followers(1_299_999), "1.2M");
        assert_eq!(format_followers(999_999), "999.9K");
        assert_eq!(format_followers(2_000_000), "2M");
        assert_eq!(format_followers(1_000), "1K");
    }

    #[test]
    fn queries_are_checked() {
        let q = CreatorQuery::validate(" @Demo_Creator ", "food", "tiktok", "1,000", "name").unwrap();
        assert_eq!(q.text, "demo_creator");
        assert_eq!(q.min_followers, 1000);
        assert_eq!(q.sort, CreatorSort::Name);
        for (args, field) in [
            (("", "knitting", "", "", ""), "niche"),
            (("", "", "myspace", "", ""), "platform"),
            (("", "", "", "-4", ""), "min_followers"),
            (("", "", "", "lots", ""), "min_followers"),
            (("", "", "", "", "random"), "sort"),
        ] {
            let e = CreatorQuery::validate(args.0, args.1, args.2, args.3, args.4).unwrap_err();
            assert!(e.field_message(field).is_some(), "{field}");
        }
    }
}
