//! Reminders before a pending invitation or offer lapses, and a business's manual nudge.

use crate::domain::time::{Millis, DAY};
use crate::error::AppError;

/// How long before it lapses a pending invitation or offer reminds the creator, unless configured
/// (`COLLABDESK_REMINDER_DAYS`).
pub const LEAD_DEFAULT: i64 = 3 * DAY;
/// A business nudges a pending invitation at most this often.
pub const NUDGE_EVERY: i64 = DAY;

/// Whether a pending invitation or offer sent at `sent_at`, lapsing at `expires_at` and not reminded yet, is
/// due its one reminder at `now`: it lapses within `lead`, has not lapsed, and was sent more than `lead` before
/// it lapses (one that lapses sooner than that after sending is never reminded: its creator just heard of it).
pub fn due(sent_at: Millis, expires_at: Millis, reminded: bool, now: Millis, lead: i64) -> bool {
    !reminded && expires_at > now && expires_at.0 - now.0 <= lead && expires_at.0 - sent_at.0 > lead
}

/// Whether a business may nudge an invitation it last nudged at `last`: refused (409) within a day of it,
/// saying when it may.
pub fn may_nudge(last: Option<Millis>, now: Millis) -> Result<(), AppError> {
    match last {
        Some(at) if now.0 - at.0 < NUDGE_EVERY => Err(AppError::Conflict(format!(
            "You nudged this creator {}; you can nudge again after {}.",
            at.human_datetime(),
            at.plus(NUDGE_EVERY).human_datetime()
        ))),
        _ => Ok(()),
    }
}

/// What the creator is told: (notification title, e-mail text). `what` is "invitation" or "offer of ₦…".
pub fn reminder_text(what: &str, business: &str, campaign: &str, expires_at: Millis) -> (String, String) {
    let title = format!(
        "Your {what} from {business} for “{campaign}” expires on {}",
        expires_at.human_date()
    );
    let text = format!("{title}.\n\nAnswer it before then, or it lapses and {business} may ask someone else.\n");
    (title, text)
}

/// What a nudged creator is told: (notification title, e-mail text).
pub fn nudge_text(business: &str, campaign: &str, expires_at: Millis) -> (String, String) {
    let title = format!("{business} is waiting for your answer to “{campaign}”");
    let text = format!("{title}.\n\nThe invitation expires on {}.\n", expires_at.human_date());
    (title, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::HOUR;

    #[test]
    fn when_a_reminder_is_due() {
        let sent = Millis(0);
        let lapses = Millis(14 * DAY);
        let lead = LEAD_DEFAULT;
        // (sent, lapses, reminded already, now, due?)
        let cases = [
            (sent, lapses, false, Millis(10 * DAY), false), // 4 days left: not yet
            (sent, lapses, false, Millis(11 * DAY - 1), false),
            (sent, lapses, false, Millis(11 * DAY), true), // exactly 3 days left
            (sent, lapses, false, Millis(13 * DAY), true), // 1 day left (the job was down): still once
            (sent, lapses, true, Millis(12 * DAY), false), // reminded already
            (sent, lapses, false, lapses, false),          // lapsed
            (sent, lapses, false, Millis(15 * DAY), false),
            // an offer whose deadline is 2 days after it was sent: never
            (sent, Millis(2 * DAY), false, Millis(DAY), false),
            // exactly the lead after sending: never (nothing to remind of yet)
            (sent, Millis(3 * DAY), false, Millis(HOUR), false),
            (sent, Millis(3 * DAY + 1), false, Millis(HOUR), true),
        ];
        for (sent, lapses, reminded, now, expected) in cases {
            assert_eq!(
                due(sent, lapses, reminded, now, lead),
                expected,
                "{sent:?} {lapses:?} {reminded} {now:?}"
            );
        }
        // a shorter lead (configured)
        assert!(!due(sent, lapses, false, Millis(12 * DAY), DAY));
        assert!(due(sent, lapses, false, Millis(13 * DAY), DAY));
    }

    #[test]
    fn a_nudge_a_day_at_most() {
        let now = Millis(10 * DAY);
        assert!(may_nudge(None, now).is_ok());
        assert!(may_nudge(Some(Millis(9 * DAY)), now).is_ok());
        let refused = may_nudge(Some(Millis(9 * DAY + 1)), now).unwrap_err();
        assert_eq!(refused.status_code(), 409);
        assert!(
            refused
                .to_string()
                .contains("you can nudge again after 11 Jan 1970, 00:00 UTC"),
            "{refused}"
        );
    }
}
