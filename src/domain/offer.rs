//! Paid offers and the wallet they are paid from (seed S2). A business sends a creator an offer for an active
//! campaign; sending debits the business's wallet in that currency, and a decline, a withdrawal or an expiry
//! refunds it. Every wallet change is a ledger entry; a balance is never negative and always equals the sum
//! of its ledger. Pure rules; `server::db` applies them in one transaction each.

use crate::domain::ids::{CampaignId, OfferId, UserId};
use crate::domain::invitation::{validate_message, Side};
use crate::domain::money::{Currency, Money};
use crate::domain::time::{Millis, DAY};
use crate::error::{AppError, Errors};
use serde::{Deserialize, Serialize};

/// A business's offers to one creator that are waiting for an answer or were withdrawn in the last 24 hours
/// number at most this many: each send and each withdrawal e-mails the creator, and a send → withdraw loop
/// (or many offers sent, then withdrawn) must not flood them. Answered offers do not count.
pub const OFFERS_PER_CREATOR_PER_DAY: i64 = 5;

/// Why one more offer to a creator is refused, and from when it will not be: `pending` offers waiting for
/// them, and the times of the ones withdrawn in the last day (`withdrawn`, any order). `None` when it may be sent.
pub fn too_many_offers(pending: i64, withdrawn: &[Millis], creator: &str) -> Option<String> {
    let n = pending + withdrawn.len() as i64;
    if n < OFFERS_PER_CREATOR_PER_DAY {
        return None;
    }
    let mut times = withdrawn.to_vec();
    times.sort();
    // one more may be sent once n − (max − 1) of the withdrawn ones are a day old
    let must_age = (n - (OFFERS_PER_CREATOR_PER_DAY - 1)) as usize;
    let why = format!(
        "You have {pending} offer{} waiting for @{creator}'s answer and withdrew {} in the last 24 hours: at most \
         {OFFERS_PER_CREATOR_PER_DAY} together (each offer and each withdrawal e-mails them).",
        if pending == 1 { "" } else { "s" },
        withdrawn.len()
    );
    Some(if must_age <= times.len() {
        let free_at = times[must_age - 1].plus(DAY);
        format!("{why} You can send them another after {}.", free_at.human_datetime())
    } else {
        format!("{why} Wait for their answer, or withdraw one.")
    })
}

/// An offer the creator has not answered lapses after this long (unless its deadline comes first).
pub const OFFER_EXPIRES_AFTER: i64 = 14 * DAY;
/// The largest offer, in major units of any currency.
pub const MAX_MAJOR: i64 = 100_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum OfferStatus {
    Pending,
    Accepted,
    Declined,
    Withdrawn,
    Expired,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OfferAction {
    Accept,
    Decline,
    Withdraw,
    Expire,
}

/// Who acts on an offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferActor {
    /// The creator it was sent to.
    Creator,
    /// The business that sent it.
    Business,
    /// The expiry job.
    System,
}

impl OfferStatus {
    pub const ALL: [OfferStatus; 5] = [
        OfferStatus::Pending,
        OfferStatus::Accepted,
        OfferStatus::Declined,
        OfferStatus::Withdrawn,
        OfferStatus::Expired,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Pending => "pending",
            OfferStatus::Accepted => "accepted",
            OfferStatus::Declined => "declined",
            OfferStatus::Withdrawn => "withdrawn",
            OfferStatus::Expired => "expired",
        }
    }
    pub fn parse(s: &str) -> Option<OfferStatus> {
        OfferStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            OfferStatus::Pending => "Pending",
            OfferStatus::Accepted => "Accepted",
            OfferStatus::Declined => "Declined",
            OfferStatus::Withdrawn => "Withdrawn",
            OfferStatus::Expired => "Expired",
        }
    }

    /// The status after `action` by `actor`, or why not.
    pub fn apply(self, action: OfferAction, actor: OfferActor) -> Result<OfferStatus, AppError> {
        use OfferAction::*;
        let allowed = match action {
            Accept | Decline => OfferActor::Creator,
            Withdraw => OfferActor::Business,
            Expire => OfferActor::System,
        };
        if actor != allowed {
            return Err(AppError::Forbidden(match action {
                Accept | Decline => "Only the creator this offer was sent to can answer it.".into(),
                Withdraw => "Only the business that sent this offer can withdraw it.".into(),
                Expire => "Offers expire on their own.".into(),
            }));
        }
        match (self, action) {
            (OfferStatus::Pending, Accept) => Ok(OfferStatus::Accepted),
            (OfferStatus::Pending, Decline) => Ok(OfferStatus::Declined),
            (OfferStatus::Pending, Withdraw) => Ok(OfferStatus::Withdrawn),
            (OfferStatus::Pending, Expire) => Ok(OfferStatus::Expired),
            (from, _) => Err(AppError::Conflict(format!(
                "This offer was already {}.",
                from.label().to_lowercase()
            ))),
        }
    }

    /// Whether reaching this status gives the money back to the business.
    pub fn refunds(self) -> bool {
        matches!(
            self,
            OfferStatus::Declined | OfferStatus::Withdrawn | OfferStatus::Expired
        )
    }

    /// The partner event for reaching this status.
    pub fn event(self) -> &'static str {
        match self {
            OfferStatus::Pending => "offer_sent",
            OfferStatus::Accepted => "offer_accepted",
            OfferStatus::Declined => "offer_declined",
            OfferStatus::Withdrawn => "offer_withdrawn",
            OfferStatus::Expired => "offer_expired",
        }
    }
}

/// An offer as both sides see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Offer {
    pub id: OfferId,
    pub campaign_id: CampaignId,
    pub campaign_title: String,
    pub business_id: UserId,
    pub business_name: String,
    pub creator_id: UserId,
    pub creator_name: String,
    pub creator_username: String,
    pub amount: Money,
    pub message: String,
    pub deadline: Millis,
    /// Effective: a pending offer past `expires_at` reads as expired before the expiry job refunds it.
    pub status: OfferStatus,
    pub decline_reason: Option<String>,
    pub sent_at: Millis,
    pub expires_at: Millis,
    pub responded_at: Option<Millis>,
}

impl Offer {
    /// Which party `actor` is to this offer: only the creator it was sent to and the business that sent it know
    /// it exists (anyone else is answered "not found").
    pub fn party(&self, actor: &crate::domain::account::Actor) -> Option<OfferActor> {
        use crate::domain::account::Role;
        match actor.role {
            Role::Creator if actor.user_id == self.creator_id => Some(OfferActor::Creator),
            Role::Business if actor.user_id == self.business_id => Some(OfferActor::Business),
            _ => None,
        }
    }
}

impl OfferStatus {
    /// What a reader sees: a pending offer that ran out is expired.
    pub fn effective(self, expires_at: Millis, now: Millis) -> OfferStatus {
        if self == OfferStatus::Pending && expires_at <= now {
            OfferStatus::Expired
        } else {
            self
        }
    }
}

/// What a send, accept, decline or withdraw did, and how the partner heard of it (seed S1: the caller is told,
/// never left believing a sync happened when it did not).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferResult {
    pub offer: Offer,
    pub sync: crate::domain::outbox::SyncOutcome,
    /// True when this answer repeats an earlier request with the same Idempotency-Key (nothing new was debited).
    pub replayed: bool,
}

/// One wallet: a currency and its balance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WalletBalance {
    pub business_id: UserId,
    pub business_name: String,
    pub balance: Money,
    pub updated_at: Millis,
}

/// One ledger entry, newest first on the Wallet page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub id: String,
    pub kind: LedgerKind,
    /// Signed: a debit is negative.
    pub amount: Money,
    pub balance_after: Money,
    pub offer_id: Option<OfferId>,
    pub actor_name: Option<String>,
    pub note: Option<String>,
    pub at: Millis,
}

impl LedgerEntry {
    /// `Top up by Ada Admin: launch budget`, `Offer to @demo_creator`, `Refund: offer declined`.
    pub fn describe(&self) -> String {
        let who = self.actor_name.as_deref().unwrap_or("the system");
        match self.kind {
            LedgerKind::TopUp => match &self.note {
                Some(n) => format!("Top up by {who}: {n}"),
                None => format!("Top up by {who}"),
            },
            LedgerKind::OfferDebit => format!(
                "Offer sent{}",
                self.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default()
            ),
            LedgerKind::OfferRefund => format!(
                "Refund{}",
                self.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default()
            ),
        }
    }
}

/// A business's offer as typed into the form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OfferInput {
    pub campaign_id: String,
    /// `@username` or `username`
    pub creator: String,
    pub amount: String,
    pub currency: String,
    pub message: String,
    /// `YYYY-MM-DD`
    pub deadline: String,
}

/// A checked offer.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidOffer {
    pub campaign_id: CampaignId,
    pub creator_username: String,
    pub amount: Money,
    pub message: String,
    pub deadline: Millis,
}

/// The longest top-up reason.
pub const TOP_UP_REASON_MAX: usize = 200;

impl OfferInput {
    /// Every field at once, so the form shows every problem together.
    pub fn validate(&self, now: Millis) -> Result<ValidOffer, AppError> {
        let mut errs = Errors::new();
        let campaign_id = CampaignId::parse(self.campaign_id.trim());
        errs.check(campaign_id.is_some(), "campaign_id", "Choose a campaign.");
        let creator_username = self.creator.trim().trim_start_matches('@').to_lowercase();
        errs.check(
            !creator_username.is_empty(),
            "creator",
            "Enter the creator's @username.",
        );
        let amount = validate_amount(&self.amount, &self.currency);
        let message = validate_message(&self.message);
        let deadline = Millis::parse_date_end_of_day(&self.deadline);
        match deadline {
            None => errs.add("deadline", "Choose the date the work is due."),
            Some(d) if d <= now => errs.add("deadline", "The deadline must be in the future."),
            Some(_) => {}
        }
        for e in [amount.as_ref().err(), message.as_ref().err()].into_iter().flatten() {
            if let AppError::Validation(fields) = e {
                for f in fields {
                    errs.add(&f.field, f.message.clone());
                }
            }
        }
        errs.finish()?;
        Ok(ValidOffer {
            campaign_id: campaign_id.ok_or(AppError::Internal)?,
            creator_username,
            amount: amount?,
            message: message?,
            deadline: deadline.ok_or(AppError::Internal)?,
        })
    }
}

/// A top-up's amount and reason: more than zero, and a reason an auditor can read.
pub fn validate_top_up(amount: &str, currency: &str, reason: &str) -> Result<(Money, String), AppError> {
    let mut errs = Errors::new();
    let money = validate_amount(amount, currency);
    if let Err(AppError::Validation(fields)) = &money {
        for f in fields {
            errs.add(&f.field, f.message.clone().replace("Offer", "Top up"));
        }
    }
    let reason = reason.trim().to_string();
    errs.check(
        !reason.is_empty(),
        "reason",
        "Say why (for example: bank transfer reference).",
    );
    errs.text("reason", &reason, "the reason", TOP_UP_REASON_MAX);
    errs.finish()?;
    Ok((money?, reason))
}

/// Why the wallet moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LedgerKind {
    /// An admin credited the wallet (`Top up`).
    TopUp,
    /// An offer was sent.
    OfferDebit,
    /// An offer was declined, withdrawn or expired.
    OfferRefund,
}

impl LedgerKind {
    pub const ALL: [LedgerKind; 3] = [LedgerKind::TopUp, LedgerKind::OfferDebit, LedgerKind::OfferRefund];
    pub fn parse(s: &str) -> Option<LedgerKind> {
        LedgerKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerKind::TopUp => "top_up",
            LedgerKind::OfferDebit => "offer_debit",
            LedgerKind::OfferRefund => "offer_refund",
        }
    }
    /// The sign of the entry's amount.
    pub fn sign(self) -> i64 {
        match self {
            LedgerKind::TopUp | LedgerKind::OfferRefund => 1,
            LedgerKind::OfferDebit => -1,
        }
    }
}

/// The balance after moving `delta` minor units, or the refusal a person can act on.
pub fn next_balance(balance: Money, delta: i64) -> Result<Money, AppError> {
    let next = balance
        .minor
        .checked_add(delta)
        .ok_or_else(|| AppError::Conflict("That amount is too large.".into()))?;
    if next < 0 {
        return Err(AppError::Conflict(format!(
            "Insufficient balance: your {} wallet has {}, and this needs {}.",
            balance.currency.code(),
            balance,
            Money::new(-delta, balance.currency)
        )));
    }
    Ok(Money::new(next, balance.currency))
}

/// Checks an offer's amount (more than zero, at most 100,000,000 in major units) in its currency.
pub fn validate_amount(raw: &str, currency: &str) -> Result<Money, AppError> {
    let currency = Currency::parse(currency.trim()).ok_or_else(|| AppError::field("currency", "Choose a currency."))?;
    let money = Money::parse(raw, currency, "amount")?;
    if money.minor <= 0 {
        return Err(AppError::field("amount", "Offer more than zero."));
    }
    if money.minor > MAX_MAJOR * currency.minor_per_major() {
        return Err(AppError::field(
            "amount",
            format!(
                "Offer at most {}.",
                Money::new(MAX_MAJOR * currency.minor_per_major(), currency)
            ),
        ));
    }
    Ok(money)
}

/// When an offer sent at `now` with this deadline lapses: 14 days, or the deadline if sooner.
pub fn expires_at(now: Millis, deadline: Millis) -> Millis {
    Millis((now.0 + OFFER_EXPIRES_AFTER).min(deadline.0))
}

/// What an offer reaching its status tells whom: the creator hears of a new or withdrawn offer, the business of
/// an answer or an expiry. One notification and one e-mail, both written in the transition's transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfferNotice {
    pub to: Side,
    pub kind: String,
    pub title: String,
    pub link: String,
    /// The e-mail's text: the title, the campaign, and the message (a new offer) or the reason (a decline).
    pub email: String,
}

pub fn notice(offer: &Offer) -> OfferNotice {
    let to = if matches!(offer.status, OfferStatus::Pending | OfferStatus::Withdrawn) {
        Side::Creator
    } else {
        Side::Business
    };
    let title = match offer.status {
        OfferStatus::Pending => format!("{} sent you an offer of {}", offer.business_name, offer.amount),
        OfferStatus::Withdrawn => format!("{} withdrew its offer of {}", offer.business_name, offer.amount),
        OfferStatus::Expired => format!(
            "Your {} offer to @{} expired and was refunded",
            offer.amount, offer.creator_username
        ),
        s => format!(
            "Your {} offer to @{} was {}",
            offer.amount,
            offer.creator_username,
            s.label().to_lowercase()
        ),
    };
    let link = match to {
        Side::Creator => "/my-campaigns?tab=offers",
        Side::Business => "/wallet",
    }
    .to_string();
    let mut email = format!("{title}.\n\nCampaign: {}\n", offer.campaign_title);
    if !offer.message.is_empty() && offer.status == OfferStatus::Pending {
        email.push_str(&format!("Message: {}\n", offer.message));
    }
    if let Some(r) = &offer.decline_reason {
        email.push_str(&format!("Reason: {r}\n"));
    }
    OfferNotice {
        to,
        kind: format!("offer_{}", offer.status.as_str()),
        title,
        link,
        email,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn offers_to_one_creator_are_capped_and_the_wait_is_exact() {
        assert_eq!(OFFERS_PER_CREATOR_PER_DAY, 5);
        let t = |h: i64| Millis(h * crate::domain::time::HOUR);
        assert_eq!(too_many_offers(0, &[], "cat"), None);
        assert_eq!(too_many_offers(4, &[], "cat"), None);
        assert_eq!(too_many_offers(3, &[t(1)], "cat"), None);
        // five withdrawn: the oldest ageing out frees one
        let m = too_many_offers(0, &[t(5), t(1), t(3), t(9), t(7)], "cat").unwrap();
        assert!(m.contains("withdrew 5 in the last 24 hours: at most 5 together"), "{m}");
        assert!(m.ends_with(&format!("after {}.", t(25).human_datetime())), "{m}");
        // six withdrawn (one sent while an older one was pending): the second oldest must age out
        let m = too_many_offers(0, &[t(1), t(2), t(3), t(4), t(5), t(6)], "cat").unwrap();
        assert!(m.ends_with(&format!("after {}.", t(26).human_datetime())), "{m}");
        // five waiting: only an answer or a withdrawal frees one
        let m = too_many_offers(5, &[], "cat").unwrap();
        assert!(m.starts_with("You have 5 offers waiting for @cat's answer"), "{m}");
        assert!(m.ends_with("Wait for their answer, or withdraw one."), "{m}");
        let m = too_many_offers(4, &[t(7)], "cat").unwrap();
        assert!(m.ends_with(&format!("after {}.", t(31).human_datetime())), "{m}");
    }

    use super::*;
    use OfferAction as A;
    use OfferActor as W;
    use OfferStatus::*;

    /// Only the two parties to an offer are parties; every other role and account is none.
    #[test]
    fn only_the_creator_and_the_business_are_parties() {
        use crate::domain::account::{Actor, Role};
        let offer = Offer {
            id: OfferId("o".into()),
            campaign_id: CampaignId("c".into()),
            campaign_title: "T".into(),
            business_id: UserId("b".into()),
            business_name: "B".into(),
            creator_id: UserId("k".into()),
            creator_name: "K".into(),
            creator_username: "k".into(),
            amount: Money::new(100, Currency::NGN),
            message: String::new(),
            deadline: Millis(0),
            status: Pending,
            decline_reason: None,
            sent_at: Millis(0),
            expires_at: Millis(1),
            responded_at: None,
        };
        let actor = |id: &str, role: Role| Actor {
            user_id: UserId(id.into()),
            role,
            name: String::new(),
            email: String::new(),
            organisation_id: None,
        };
        let table = [
            ("k", Role::Creator, Some(W::Creator)),
            ("b", Role::Business, Some(W::Business)),
            ("x", Role::Creator, None),
            ("x", Role::Business, None),
            ("b", Role::Creator, None),
            ("k", Role::Business, None),
            ("a", Role::Admin, None),
            ("a", Role::Advertiser, None),
            ("a", Role::Publisher, None),
        ];
        for (id, role, want) in table {
            assert_eq!(offer.party(&actor(id, role)), want, "{id} as {role:?}");
        }
    }

    /// Each status tells the side whose news it is, with a link to where they act on it.
    #[test]
    fn each_status_tells_the_other_side() {
        let offer = |status: OfferStatus, reason: Option<&str>| Offer {
            id: OfferId("o1".into()),
            campaign_id: CampaignId("c1".into()),
            campaign_title: "Jollof Week".into(),
            business_id: UserId("b".into()),
            business_name: "Mama Nkechi's Kitchen".into(),
            creator_id: UserId("c".into()),
            creator_name: "Cat".into(),
            creator_username: "cat_cooks".into(),
            amount: Money::new(7_500_000, Currency::NGN),
            message: "Two reels".into(),
            deadline: Millis(0),
            status,
            decline_reason: reason.map(str::to_string),
            sent_at: Millis(0),
            expires_at: Millis(0),
            responded_at: None,
        };
        for (status, to, title, link) in [
            (
                Pending,
                Side::Creator,
                "Mama Nkechi's Kitchen sent you an offer of ₦75,000.00",
                "/my-campaigns?tab=offers",
            ),
            (
                Withdrawn,
                Side::Creator,
                "Mama Nkechi's Kitchen withdrew its offer of ₦75,000.00",
                "/my-campaigns?tab=offers",
            ),
            (
                Accepted,
                Side::Business,
                "Your ₦75,000.00 offer to @cat_cooks was accepted",
                "/wallet",
            ),
            (
                Declined,
                Side::Business,
                "Your ₦75,000.00 offer to @cat_cooks was declined",
                "/wallet",
            ),
            (
                Expired,
                Side::Business,
                "Your ₦75,000.00 offer to @cat_cooks expired and was refunded",
                "/wallet",
            ),
        ] {
            let n = notice(&offer(status, None));
            assert_eq!(
                (n.to, n.title.as_str(), n.link.as_str()),
                (to, title, link),
                "{status:?}"
            );
            assert_eq!(n.kind, format!("offer_{}", status.as_str()));
            assert!(n.email.starts_with(&format!("{title}.\n\nCampaign: Jollof Week\n")));
            assert_eq!(n.email.contains("Message: Two reels"), status == Pending, "{status:?}");
        }
        let declined = notice(&offer(Declined, Some("Booked that week")));
        assert!(declined.email.ends_with("Reason: Booked that week\n"));
    }

    #[test]
    fn every_status_action_and_actor() {
        let allowed = [
            (Pending, A::Accept, W::Creator, Accepted),
            (Pending, A::Decline, W::Creator, Declined),
            (Pending, A::Withdraw, W::Business, Withdrawn),
            (Pending, A::Expire, W::System, Expired),
        ];
        let mut n = 0;
        for from in OfferStatus::ALL {
            for action in [A::Accept, A::Decline, A::Withdraw, A::Expire] {
                for actor in [W::Creator, W::Business, W::System] {
                    let want = allowed
                        .iter()
                        .find(|(f, a, w, _)| *f == from && *a == action && *w == actor)
                        .map(|t| t.3);
                    match (from.apply(action, actor), want) {
                        (Ok(to), Some(w)) => assert_eq!(to, w),
                        (Err(AppError::Forbidden(_) | AppError::Conflict(_)), None) => {}
                        (got, want) => panic!("{from:?} {action:?} {actor:?}: {got:?} vs {want:?}"),
                    }
                    n += 1;
                }
            }
        }
        assert_eq!(n, 5 * 4 * 3);
        assert_eq!(
            Accepted.apply(A::Withdraw, W::Business).unwrap_err().to_string(),
            "This offer was already accepted."
        );
        assert!(matches!(
            Pending.apply(A::Accept, W::Business),
            Err(AppError::Forbidden(_))
        ));
    }

    #[test]
    fn refunds_and_events() {
        let refunding: Vec<OfferStatus> = OfferStatus::ALL.into_iter().filter(|s| s.refunds()).collect();
        assert_eq!(refunding, vec![Declined, Withdrawn, Expired]);
        assert_eq!(Pending.event(), "offer_sent");
        assert_eq!(Withdrawn.event(), "offer_withdrawn");
    }

    #[test]
    fn balances_never_go_negative() {
        let b = Money::new(500_000, Currency::NGN);
        assert_eq!(next_balance(b, -200_000).unwrap().minor, 300_000);
        assert_eq!(
            next_balance(b, -7_500_000).unwrap_err().to_string(),
            "Insufficient balance: your NGN wallet has ₦5,000.00, and this needs ₦75,000.00."
        );
        assert_eq!(next_balance(b, -500_000).unwrap().minor, 0);
        assert!(next_balance(Money::new(i64::MAX, Currency::NGN), 1).is_err());
        assert_eq!(LedgerKind::OfferDebit.sign(), -1);
    }

    #[test]
    fn amounts_and_expiry() {
        assert_eq!(
            validate_amount("75,000", "NGN").unwrap(),
            Money::new(7_500_000, Currency::NGN)
        );
        assert_eq!(
            validate_amount("0", "NGN")
                .unwrap_err()
                .field_message("amount")
                .as_deref(),
            Some("Offer more than zero.")
        );
        assert!(validate_amount("100000001", "USD").is_err());
        assert!(validate_amount("10", "XYZ").is_err());
        let now = Millis(0);
        assert_eq!(expires_at(now, Millis(30 * DAY)), Millis(14 * DAY));
        assert_eq!(expires_at(now, Millis(3 * DAY)), Millis(3 * DAY));
    }

    #[test]
    fn offer_forms_report_every_problem_at_once() {
        let now = Millis(0);
        let good = OfferInput {
            campaign_id: uuid::Uuid::now_v7().to_string(),
            creator: "@Cat_Cooks".into(),
            amount: "75,000".into(),
            currency: "NGN".into(),
            message: "  Two reels  ".into(),
            deadline: "2030-12-31".into(),
        };
        let v = good.validate(now).unwrap();
        assert_eq!(v.creator_username, "cat_cooks");
        assert_eq!(v.amount.to_string(), "₦75,000.00");
        assert_eq!(v.message, "Two reels");
        let bad = OfferInput {
            campaign_id: "x".into(),
            creator: " @ ".into(),
            amount: "0".into(),
            currency: "NGN".into(),
            message: "m".repeat(501),
            deadline: "1969-12-31".into(),
        };
        let e = bad.validate(now).unwrap_err();
        for field in ["campaign_id", "creator", "amount", "message", "deadline"] {
            assert!(e.field_message(field).is_some(), "{field}: {e:?}");
        }
        let (money, reason) = validate_top_up("1,000", "usd", " wire 42 ").unwrap();
        assert_eq!(
            (money.to_string(), reason.as_str()),
            ("$1,000.00".to_string(), "wire 42")
        );
        let e = validate_top_up("0", "NGN", "").unwrap_err();
        assert_eq!(e.field_message("amount").as_deref(), Some("Top up more than zero."));
        assert!(e.field_message("reason").is_some());
    }

    #[test]
    fn ledger_lines_say_who_and_why() {
        let entry = |kind, note: Option<&str>, actor: Option<&str>| LedgerEntry {
            id: "l".into(),
            kind,
            amount: Money::new(100, Currency::NGN),
            balance_after: Money::new(100, Currency::NGN),
            offer_id: None,
            actor_name: actor.map(str::to_string),
            note: note.map(str::to_string),
            at: Millis(0),
        };
        assert_eq!(
            entry(LedgerKind::TopUp, Some("wire 42"), Some("Ada")).describe(),
            "Top up by Ada: wire 42"
        );
        assert_eq!(
            entry(LedgerKind::OfferRefund, Some("offer to @cat expired"), None).describe(),
            "Refund: offer to @cat expired"
        );
        assert_eq!(
            OfferStatus::Pending.effective(Millis(10), Millis(10)),
            OfferStatus::Expired
        );
        assert_eq!(
            OfferStatus::Accepted.effective(Millis(10), Millis(99)),
            OfferStatus::Accepted
        );
        for k in LedgerKind::ALL {
            assert_eq!(LedgerKind::parse(k.as_str()), Some(k));
        }
    }
}
