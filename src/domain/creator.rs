//! The creator directory a business browses.

use crate::domain::account::{NICHES, PLATFORMS};
use crate::domain::ids::UserId;
use crate::domain::invitation::InvitationStatus;
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CreatorSort {
    /// Most followers first.
    Followers,
    /// A to Z by display name.
    Name,
}

impl CreatorSort {
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
