//! Paid offers and the wallet they are paid from (seed S2). A business sends a creator an offer for an active
//! campaign; sending debits the business's wallet in that currency, and a decline, a withdrawal or an expiry
//! refunds it. Every wallet change is a ledger entry; a balance is never negative and always equals the sum
//! of its ledger. Pure rules; `server::db` applies them in one transaction each.

use crate::domain::money::{Currency, Money};
use crate::domain::time::{Millis, DAY};
use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// An offer the creator has not answered lapses after this long (unless its deadline comes first).
pub const OFFER_EXPIRES_AFTER: i64 = 14 * DAY;
/// The largest offer, in major units of any currency.
pub const MAX_MAJOR: i64 = 100_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use OfferAction as A;
    use OfferActor as W;
    use OfferStatus::*;

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
}
