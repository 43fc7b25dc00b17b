//! Campaign invitations: a business invites a creator to an active campaign; the creator accepts or declines;
//! the business may withdraw a pending one or resend an expired or withdrawn one. One state machine.

use crate::domain::account::Role;
use crate::domain::ids::{CampaignId, InvitationId, UserId};
use crate::domain::money::Money;
use crate::domain::text;
use crate::domain::time::{Millis, DAY};
use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// An invitation expires this long after it is (re)sent.
pub const EXPIRES_AFTER: i64 = 14 * DAY;
/// The longest message, in characters as a person counts them (grapheme clusters).
pub const MESSAGE_MAX: usize = 500;
pub const REASON_MAX: usize = 500;
/// A business may resend one invitation at most this many times: each resend e-mails the creator, and a
/// withdraw → resend loop must not flood them.
pub const RESENDS_MAX: i64 = 3;

/// Refuses a resend once an invitation was resent [`RESENDS_MAX`] times, saying why.
pub fn check_resends(resent_count: i64) -> Result<(), AppError> {
    if resent_count >= RESENDS_MAX {
        return Err(AppError::Conflict(format!(
            "This invitation was already resent {RESENDS_MAX} times, the most allowed (each resend e-mails the \
             creator). Send them an offer, or invite them to another campaign."
        )));
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Declined,
    Expired,
    Withdrawn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvitationAction {
    Accept,
    Decline,
    Withdraw,
    Expire,
    Resend,
}

/// Who acts on an invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationActor {
    /// The invited creator.
    Creator,
    /// The business that owns the campaign.
    Business,
    /// The expiry job.
    System,
}

impl InvitationStatus {
    pub const ALL: [InvitationStatus; 5] = [
        InvitationStatus::Pending,
        InvitationStatus::Accepted,
        InvitationStatus::Declined,
        InvitationStatus::Expired,
        InvitationStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "pending",
            InvitationStatus::Accepted => "accepted",
            InvitationStatus::Declined => "declined",
            InvitationStatus::Expired => "expired",
            InvitationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<InvitationStatus> {
        InvitationStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The label on badges. A pending invitation shows as `Invited` to the business.
    pub fn label(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "Pending",
            InvitationStatus::Accepted => "Accepted",
            InvitationStatus::Declined => "Declined",
            InvitationStatus::Expired => "Expired",
            InvitationStatus::Withdrawn => "Withdrawn",
        }
    }

    /// What a status is once time is taken into account: an overdue pending invitation is expired, whether
    /// or not the expiry job has run yet.
    pub fn effective(self, expires_at: Millis, now: Millis) -> InvitationStatus {
        if self == InvitationStatus::Pending && expires_at <= now {
            InvitationStatus::Expired
        } else {
            self
        }
    }

    /// The status after `action` by `actor`, or why it is refused.
    pub fn apply(self, action: InvitationAction, actor: InvitationActor) -> Result<InvitationStatus, AppError> {
        use InvitationAction::*;
        use InvitationActor as A;
        use InvitationStatus::*;
        let allowed_actor = match action {
            Accept | Decline => A::Creator,
            Withdraw | Resend => A::Business,
            Expire => A::System,
        };
        if actor != allowed_actor {
            return Err(AppError::Forbidden(match action {
                Accept | Decline => "Only the invited creator can answer this invitation.".into(),
                Withdraw | Resend => "Only the business that sent this invitation can do that.".into(),
                Expire => "Invitations expire on their own.".into(),
            }));
        }
        match (self, action) {
            (Pending, Accept) => Ok(Accepted),
            (Pending, Decline) => Ok(Declined),
            (Pending, Withdraw) => Ok(Withdrawn),
            (Pending, Expire) => Ok(Expired),
            (Expired | Withdrawn, Resend) => Ok(Pending),
            (Pending, Resend) => Err(AppError::Conflict(
                "This invitation is still pending; there is nothing to resend.".into(),
            )),
            (Declined, Resend) => Err(AppError::Conflict(
                "The creator declined this invitation, so it cannot be resent.".into(),
            )),
            (Accepted, Resend) => Err(AppError::Conflict("This invitation was already accepted.".into())),
            (from, _) => Err(AppError::Conflict(format!(
                "This invitation was already {}.",
                from.label().to_lowercase()
            ))),
        }
    }

    /// The actions offered to this actor in this status.
    pub fn actions(self, actor: InvitationActor) -> Vec<InvitationAction> {
        [
            InvitationAction::Accept,
            InvitationAction::Decline,
            InvitationAction::Withdraw,
            InvitationAction::Resend,
        ]
        .into_iter()
        .filter(|a| self.apply(*a, actor).is_ok())
        .collect()
    }
}

impl InvitationAction {
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationAction::Accept => "accepted",
            InvitationAction::Decline => "declined",
            InvitationAction::Withdraw => "withdrawn",
            InvitationAction::Expire => "expired",
            InvitationAction::Resend => "resent",
        }
    }
}

/// How an actor relates to an invitation, from the ids involved.
pub fn actor_for(role: Role, user: &UserId, creator: &UserId, business: &UserId) -> Option<InvitationActor> {
    match role {
        Role::Creator if user == creator => Some(InvitationActor::Creator),
        Role::Business if user == business => Some(InvitationActor::Business),
        _ => None,
    }
}

/// Checks and trims an invitation message (optional, at most 500 characters: see `domain::text`).
pub fn validate_message(message: &str) -> Result<String, AppError> {
    let message = message.trim();
    text::within(message, "the message", MESSAGE_MAX).map_err(|m| AppError::field("message", m))?;
    Ok(message.to_string())
}

pub fn validate_reason(reason: &str) -> Result<Option<String>, AppError> {
    let reason = reason.trim();
    text::within(reason, "the reason", REASON_MAX).map_err(|m| AppError::field("reason", m))?;
    Ok((!reason.is_empty()).then(|| reason.to_string()))
}

/// Whole days left before `expires_at`, rounded up (`Expires in 14 days` right after sending).
pub fn days_left(expires_at: Millis, now: Millis) -> i64 {
    let ms = expires_at.0 - now.0;
    if ms <= 0 {
        0
    } else {
        (ms + DAY - 1) / DAY
    }
}

/// An invitation as both sides see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: InvitationId,
    pub campaign_id: CampaignId,
    pub campaign_title: String,
    pub campaign_budget: Money,
    pub campaign_deadline: Millis,
    pub business_id: UserId,
    pub business_name: String,
    pub creator_id: UserId,
    pub creator_name: String,
    pub creator_username: String,
    pub message: String,
    /// Effective status (an overdue pending invitation already reads as expired).
    pub status: InvitationStatus,
    pub decline_reason: Option<String>,
    pub invited_at: Millis,
    pub expires_at: Millis,
    pub responded_at: Option<Millis>,
    pub resent_count: i64,
    /// When its business last nudged the creator about it.
    #[serde(default)]
    pub nudged_at: Option<Millis>,
    /// How the partner heard of it: set by the server function that changed it, and on the business's list.
    /// Never part of a webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync: Option<crate::domain::outbox::SyncOutcome>,
}

/// Totals per status, acceptance rate and median time to answer, for a campaign or a creator.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InvitationStats {
    pub total: i64,
    pub pending: i64,
    pub accepted: i64,
    pub declined: i64,
    pub expired: i64,
    pub withdrawn: i64,
    /// accepted / (accepted + declined) × 100, when anyone answered.
    pub acceptance_rate: Option<f64>,
    /// Median of (answered − invited) over accepted and declined invitations.
    pub median_answer_ms: Option<i64>,
}

impl InvitationStats {
    pub fn acceptance_rate_of(accepted: i64, declined: i64) -> Option<f64> {
        (accepted + declined > 0).then(|| accepted as f64 * 100.0 / (accepted + declined) as f64)
    }
}

/// `3 h 20 min`, `2 days 4 h`: a duration for people.
pub fn human_duration(ms: i64) -> String {
    let minutes = ms / 60_000;
    let (d, h, m) = (minutes / (24 * 60), (minutes / 60) % 24, minutes % 60);
    match (d, h) {
        (0, 0) => format!("{} min", m.max(1)),
        (0, _) => format!("{h} h {m} min"),
        (1, _) => format!("1 day {h} h"),
        _ => format!("{d} days {h} h"),
    }
}

/// Which side of an invitation hears about an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Creator,
    Business,
}

/// The in-app notifications an event produces: (who, title, link). The other side of whoever acted hears
/// about it; an expiry tells both.
pub fn notices(inv: &Invitation, action: Option<InvitationAction>) -> Vec<(Side, String, String)> {
    let to_creator = "/my-campaigns".to_string();
    let to_business = format!("/campaigns/{}", inv.campaign_id);
    let (creator, business, campaign) = (&inv.creator_name, &inv.business_name, &inv.campaign_title);
    match action {
        None => vec![(
            Side::Creator,
            format!("{business} invited you to “{campaign}”"),
            to_creator,
        )],
        Some(InvitationAction::Resend) => vec![(
            Side::Creator,
            format!("{business} invited you again to “{campaign}”"),
            to_creator,
        )],
        Some(InvitationAction::Accept) => vec![(
            Side::Business,
            format!("{creator} accepted your invitation to “{campaign}”"),
            to_business,
        )],
        Some(InvitationAction::Decline) => vec![(
            Side::Business,
            format!("{creator} declined your invitation to “{campaign}”"),
            to_business,
        )],
        Some(InvitationAction::Withdraw) => vec![(
            Side::Creator,
            format!("{business} withdrew the invitation to “{campaign}”"),
            to_creator,
        )],
        Some(InvitationAction::Expire) => vec![
            (
                Side::Creator,
                format!("Your invitation to “{campaign}” expired"),
                to_creator,
            ),
            (
                Side::Business,
                format!("Your invitation to {creator} for “{campaign}” expired"),
                to_business,
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::InvitationAction::*;
    use super::InvitationActor as A;
    use super::InvitationStatus::*;
    use super::*;

    /// Every (state, action, actor): the expected outcome. `None` means refused.
    #[test]
    fn every_transition() {
        let statuses = InvitationStatus::ALL;
        let actions = [Accept, Decline, Withdraw, Expire, Resend];
        let actors = [A::Creator, A::Business, A::System];
        let expected = |s: InvitationStatus, a: InvitationAction, who: InvitationActor| -> Option<InvitationStatus> {
            match (s, a, who) {
                (Pending, Accept, A::Creator) => Some(Accepted),
                (Pending, Decline, A::Creator) => Some(Declined),
                (Pending, Withdraw, A::Business) => Some(Withdrawn),
                (Pending, Expire, A::System) => Some(Expired),
                (Expired | Withdrawn, Resend, A::Business) => Some(Pending),
                _ => None,
            }
        };
        let mut checked = 0;
        for s in statuses {
            for a in actions {
                for who in actors {
                    let got = s.apply(a, who);
                    match expected(s, a, who) {
                        Some(to) => assert_eq!(got.unwrap(), to, "{s:?} {a:?} by {who:?}"),
                        None => {
                            let e = got.unwrap_err();
                            assert!(matches!(e.status_code(), 403 | 409), "{s:?} {a:?} by {who:?}: {e:?}");
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 5 * 5 * 3);
    }

    #[test]
    fn refusals_say_what_happened() {
        assert_eq!(
            Accepted.apply(Accept, A::Creator).unwrap_err(),
            AppError::Conflict("This invitation was already accepted.".into())
        );
        assert_eq!(
            Withdrawn.apply(Accept, A::Creator).unwrap_err(),
            AppError::Conflict("This invitation was already withdrawn.".into())
        );
        assert_eq!(
            Expired.apply(Accept, A::Creator).unwrap_err(),
            AppError::Conflict("This invitation was already expired.".into())
        );
        assert_eq!(Declined.apply(Resend, A::Business).unwrap_err().status_code(), 409);
        assert_eq!(Pending.apply(Accept, A::Business).unwrap_err().status_code(), 403);
        assert_eq!(Pending.apply(Withdraw, A::Creator).unwrap_err().status_code(), 403);
    }

    #[test]
    fn overdue_pending_reads_as_expired() {
        let t = Millis(1_000);
        assert_eq!(Pending.effective(t, Millis(999)), Pending);
        assert_eq!(Pending.effective(t, t), Expired);
        assert_eq!(Accepted.effective(t, Millis(5_000)), Accepted);
        assert_eq!(
            Pending
                .effective(t, t)
                .apply(Accept, A::Creator)
                .unwrap_err()
                .status_code(),
            409
        );
    }

    #[test]
    fn offered_actions() {
        assert_eq!(Pending.actions(A::Creator), vec![Accept, Decline]);
        assert_eq!(Pending.actions(A::Business), vec![Withdraw]);
        assert_eq!(Expired.actions(A::Business), vec![Resend]);
        assert_eq!(Withdrawn.actions(A::Business), vec![Resend]);
        assert!(Declined.actions(A::Business).is_empty());
        assert!(Accepted.actions(A::Creator).is_empty());
    }

    #[test]
    fn an_invitation_is_resent_at_most_three_times() {
        for (resent, ok) in [(0, true), (1, true), (2, true), (3, false), (9, false)] {
            assert_eq!(check_resends(resent).is_ok(), ok, "{resent}");
        }
        assert_eq!(check_resends(3).unwrap_err().status_code(), 409);
    }

    #[test]
    fn message_length_counts_what_people_see() {
        assert_eq!(validate_message("  hello  ").unwrap(), "hello");
        assert_eq!(validate_message("").unwrap(), "");
        // 500 family emoji are 500 characters to a person, though thousands of bytes
        let family = "👨‍👩‍👧".repeat(500);
        assert!(family.len() > 500 * 4);
        assert!(validate_message(&family).is_ok());
        let e = validate_message(&"a".repeat(501)).unwrap_err();
        assert_eq!(
            e.field_message("message").unwrap(),
            "Keep the message to 500 characters (it has 501)."
        );
        assert_eq!(validate_reason(" ").unwrap(), None);
        assert!(validate_reason(&"x".repeat(501)).is_err());
    }

    #[test]
    fn days_left_and_durations() {
        let now = Millis(0);
        assert_eq!(days_left(now.plus(EXPIRES_AFTER), now), 14);
        assert_eq!(days_left(now.plus(DAY + 1), now), 2);
        assert_eq!(days_left(now.plus(1), now), 1);
        assert_eq!(days_left(now, now), 0);
        assert_eq!(human_duration(30_000), "1 min");
        assert_eq!(human_duration(3 * 3_600_000 + 20 * 60_000), "3 h 20 min");
        assert_eq!(human_duration(DAY + 4 * 3_600_000), "1 day 4 h");
        assert_eq!(human_duration(3 * DAY), "3 days 0 h");
        assert_eq!(InvitationStats::acceptance_rate_of(3, 1), Some(75.0));
        assert_eq!(InvitationStats::acceptance_rate_of(0, 0), None);
    }

    #[test]
    fn actor_relation() {
        let (c, b, x) = (UserId("c".into()), UserId("b".into()), UserId("x".into()));
        assert_eq!(actor_for(Role::Creator, &c, &c, &b), Some(InvitationActor::Creator));
        assert_eq!(actor_for(Role::Business, &b, &c, &b), Some(InvitationActor::Business));
        assert_eq!(actor_for(Role::Creator, &x, &c, &b), None);
        assert_eq!(actor_for(Role::Business, &x, &c, &b), None);
        assert_eq!(actor_for(Role::Admin, &b, &c, &b), None);
    }
}
