//! Live updates: who has to look again after a change, and whether a (re)connecting page missed something.
//!
//! The live channel carries no data, only "look again": the page then reads itself again as its user, through
//! the same authorisation as any request. So a signal may safely reach more people than it concerns (they
//! read an unchanged page), but must never miss one it does: the rows themselves (notifications, invitations,
//! offers, requests) are the source of truth.

use crate::domain::account::{Actor, Role};
use crate::domain::ids::{OrganisationId, UserId};
use serde::{Deserialize, Serialize};

/// Whose open pages may show what changed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Audience {
    /// One user (their bell, their lists).
    User(UserId),
    /// Every user of a role (the admins' tab counts).
    Role(Role),
    /// Every user of an advertiser organisation (its reviewers' tab counts).
    Organisation(OrganisationId),
    /// Everyone: what a span of lost signals turns into.
    Everyone,
}

impl Audience {
    pub fn includes(&self, actor: &Actor) -> bool {
        match self {
            Audience::User(u) => *u == actor.user_id,
            Audience::Role(r) => *r == actor.role,
            Audience::Organisation(o) => actor.organisation_id.as_ref() == Some(o),
            Audience::Everyone => true,
        }
    }
}

/// One committed change: when this instance heard of it (milliseconds of its wall clock, always after the
/// commit) and who has to look again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    pub at: i64,
    pub to: Vec<Audience>,
}

impl Signal {
    pub fn concerns(&self, actor: &Actor) -> bool {
        self.to.iter().any(|a| a.includes(actor))
    }
}

/// When a page last looked, on which instance's clock: its render (taken before it read anything), or the
/// last event its stream received. Written `instance-millis` (a stream's event id, a page's `?since=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub instance: u64,
    pub at: i64,
}

impl Mark {
    pub fn parse(s: &str) -> Option<Mark> {
        let (instance, at) = s.split_once('-')?;
        Some(Mark {
            instance: instance.parse().ok()?,
            at: at.parse().ok()?,
        })
    }
}

impl std::fmt::Display for Mark {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.instance, self.at)
    }
}

/// How far apart two instances' clocks may be: a page that last looked at another instance's `at` has
/// missed a signal heard here after `at - CLOCK_SKEW_MS`. Looking again once too often costs a read; missing
/// a change costs a user's trust.
pub const CLOCK_SKEW_MS: i64 = 1_000;

/// Whether a page that last looked at `since` has to look again when its stream (re)connects to instance
/// `here`: a signal for its user was heard since then, or the signals of that time are no longer kept
/// (`kept_from`: the oldest time the kept `recent` signals cover), so nobody can say. A page that says
/// nothing looks again.
pub fn missed(since: Option<Mark>, here: u64, kept_from: i64, recent: &[Signal], actor: &Actor) -> bool {
    let Some(since) = since else {
        return true;
    };
    let from = if since.instance == here {
        since.at
    } else {
        since.at - CLOCK_SKEW_MS
    };
    from < kept_from || recent.iter().any(|s| s.at > from && s.concerns(actor))
}

/// The parties of an invitation or an offer: both sides' pages show its status.
pub fn parties(business: &UserId, creator: &UserId) -> [Audience; 2] {
    [Audience::User(business.clone()), Audience::User(creator.clone())]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: &str, role: Role, org: Option<&str>) -> Actor {
        Actor {
            user_id: UserId(id.into()),
            role,
            name: id.into(),
            email: format!("{id}@example.com"),
            organisation_id: org.map(|o| OrganisationId(o.into())),
        }
    }

    #[test]
    fn who_an_audience_includes() {
        let admin = actor("a", Role::Admin, None);
        let reviewer = actor("r", Role::Advertiser, Some("acme"));
        let other_reviewer = actor("s", Role::Advertiser, Some("globex"));
        let creator = actor("c", Role::Creator, None);
        let cases: Vec<(Audience, [bool; 4])> = vec![
            (Audience::User(UserId("c".into())), [false, false, false, true]),
            (Audience::User(UserId("a".into())), [true, false, false, false]),
            (Audience::Role(Role::Admin), [true, false, false, false]),
            (Audience::Role(Role::Advertiser), [false, true, true, false]),
            (Audience::Role(Role::Business), [false, false, false, false]),
            (
                Audience::Organisation(OrganisationId("acme".into())),
                [false, true, false, false],
            ),
            (Audience::Everyone, [true, true, true, true]),
        ];
        for (audience, expected) in cases {
            let got = [&admin, &reviewer, &other_reviewer, &creator].map(|a| audience.includes(a));
            assert_eq!(got, expected, "{audience:?}");
        }
    }

    #[test]
    fn a_signal_concerns_anyone_it_names() {
        let s = Signal {
            at: 10,
            to: parties(&UserId("b".into()), &UserId("c".into())).to_vec(),
        };
        assert!(s.concerns(&actor("b", Role::Business, None)));
        assert!(s.concerns(&actor("c", Role::Creator, None)));
        assert!(!s.concerns(&actor("d", Role::Creator, None)));
        assert!(!Signal { at: 10, to: vec![] }.concerns(&actor("b", Role::Business, None)));
    }

    #[test]
    fn what_a_reconnecting_page_missed() {
        let me = actor("c", Role::Creator, None);
        let mine = |at| Signal {
            at,
            to: vec![Audience::User(UserId("c".into()))],
        };
        let theirs = |at| Signal {
            at,
            to: vec![Audience::User(UserId("x".into()))],
        };
        let recent = [mine(100_000), theirs(110_000)];
        let (here, elsewhere) = (7, 8);
        let mark = |instance, at| Some(Mark { instance, at });
        // (since, kept_from, missed?)
        let cases = [
            // nothing of mine after it
            (mark(here, 100_000), 50_000, false),
            (mark(elsewhere, 103_000), 50_000, false),
            // mine came after
            (mark(here, 99_999), 50_000, true),
            (mark(elsewhere, 90_000), 50_000, true),
            // mine came just before by another instance's clock, within the skew: look again to be safe
            (mark(elsewhere, 100_500), 50_000, true),
            // only someone else's came after
            (mark(here, 105_000), 50_000, false),
            // older than what is kept: nobody can say
            (mark(here, 40_000), 50_000, true),
            // the client said nothing
            (None, 50_000, true),
        ];
        for (since, kept_from, expected) in cases {
            assert_eq!(
                missed(since, here, kept_from, &recent, &me),
                expected,
                "since {since:?}, kept from {kept_from}"
            );
        }
        assert!(!missed(mark(here, 200_000), here, 0, &[], &me));
    }

    #[test]
    fn a_mark_reads_back_as_written() {
        let m = Mark {
            instance: 42,
            at: 1_700_000_000_123,
        };
        assert_eq!(Mark::parse(&m.to_string()), Some(m));
        for bad in ["", "42", "-5", "x-5", "42-", "42-x", "1-2-3"] {
            assert_eq!(Mark::parse(bad), None, "{bad:?}");
        }
    }
}
