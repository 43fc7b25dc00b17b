//! Paid offers and the wallet they are paid from (seed S2): a business sends an offer (its wallet is debited in
//! the same transaction), the creator accepts or declines, the business may withdraw, and an admin tops up a
//! wallet. Rules in `domain::offer`; persistence in `server::db::{offers, wallets}`.

use crate::domain::money::Money;
use crate::domain::offer::{LedgerEntry, Offer, OfferInput, OfferResult, WalletBalance};
use crate::domain::outbox::SyncState;
use crate::domain::time::Millis;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An offer in a list, with (for the business that sent it) how the partner heard of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferRow {
    pub offer: Offer,
    pub sync: Option<SyncState>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferPage {
    pub offers: Vec<OfferRow>,
    pub next: Option<String>,
    pub now: Millis,
}

/// A business's wallets and latest ledger entries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WalletView {
    pub balances: Vec<WalletBalance>,
    pub ledger: Vec<LedgerEntry>,
}

/// One offer with its history, for the creator it was sent to or the business that sent it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferDetail {
    pub offer: Offer,
    /// (event, when), oldest first.
    pub history: Vec<(String, Millis)>,
}

pub const OFFERS_PAGE: i64 = 20;
pub const LEDGER_SHOWN: i64 = 50;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    pub use crate::domain::account::access;
    pub use crate::domain::campaign::may_manage;
    pub use crate::domain::ids::OfferId;
    pub use crate::domain::invitation::validate_reason;
    pub use crate::domain::offer::{validate_top_up, OfferAction};
    pub use crate::domain::page::{Cursor, Page};
    pub use crate::server::db::offers::{self as store, OffersOf, Sent};
    pub use crate::server::{auth, db, state};

    pub fn not_found() -> AppError {
        AppError::not_found("Offer")
    }

    /// The client's `Idempotency-Key` header, else the form's hidden key. One is required: without it a form
    /// posted twice (a double click, a retry, the back button with JavaScript off) would debit twice.
    pub fn key_of(form_key: &str) -> Result<String, AppError> {
        let header = use_context::<::http::request::Parts>().and_then(|p| {
            p.headers
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        });
        let key = header.unwrap_or_else(|| form_key.to_string()).trim().to_string();
        if key.is_empty() {
            return Err(AppError::field(
                "idempotency_key",
                "This form is out of date: reload the page and send the offer again (nothing was sent).",
            ));
        }
        if key.len() > 255 || !key.chars().all(|c| c.is_ascii_graphic()) {
            return Err(AppError::field(
                "idempotency_key",
                "The Idempotency-Key must be 1–255 visible ASCII characters.",
            ));
        }
        Ok(key)
    }

    pub async fn result(offer: Offer, replayed: bool) -> Result<OfferResult, AppError> {
        let state = state()?;
        let sync = crate::server::outbox::settle(&state, "offer", offer.id.as_str()).await?;
        Ok(OfferResult { offer, sync, replayed })
    }

    /// Accept, decline or withdraw, by whoever may; the caller learns the sync state.
    pub async fn act(id: &str, action: OfferAction, reason: Option<String>) -> Result<OfferResult, AppError> {
        let actor = auth::actor().await?;
        let state = state()?;
        let now = state.clock.now();
        let id = OfferId::parse(id).ok_or_else(not_found)?;
        let offer = store::get(&state.db, &id, now).await?.ok_or_else(not_found)?;
        // only the two parties know the offer exists
        let who = offer.party(&actor).ok_or_else(not_found)?;
        offer.status.apply(action, who)?;
        match store::transition(&state.db, &offer, action, Some(&actor.user_id), reason.as_deref(), now).await? {
            Some(updated) => {
                tracing::info!(offer = %updated.id, status = updated.status.as_str(), "offer changed");
                result(updated, false).await
            }
            None => {
                let current = store::get(&state.db, &id, now).await?.ok_or_else(not_found)?;
                Err(current.status.apply(action, who).err().unwrap_or_else(|| {
                    AppError::Conflict(format!(
                        "“{}” is no longer active, so this offer cannot be accepted.",
                        current.campaign_title
                    ))
                }))
            }
        }
    }

    pub async fn page(of: OffersOf<'_>, after: &str, with_sync: bool) -> Result<OfferPage, AppError> {
        let state = state()?;
        let now = state.clock.now();
        let rows = store::list(&state.db, of, Cursor::parse(after), OFFERS_PAGE + 1, now).await?;
        let Page { rows: offers, next } =
            Page::cut(rows, OFFERS_PAGE, |last| Cursor::new(last.sent_at, last.id.clone()));
        let mut syncs = if with_sync {
            let ids: Vec<&str> = offers.iter().map(|o| o.id.as_str()).collect();
            db::outbox::sync_states(&state.db, "offer", &ids).await?
        } else {
            Default::default()
        };
        let rows = offers
            .into_iter()
            .map(|offer| OfferRow {
                sync: syncs.remove(offer.id.as_str()),
                offer,
            })
            .collect();
        Ok(OfferPage {
            offers: rows,
            next,
            now,
        })
    }
}

/// Sends an offer from the business's wallet. The debit, the offer and its partner event commit together or
/// not at all; a repeated `Idempotency-Key` (header, or the form's hidden `idempotency_key`) answers with the
/// original offer and debits nothing.
#[server(prefix = "/api", endpoint = "send_offer")]
pub async fn send_offer(
    offer: OfferInput,
    #[server(default)] idempotency_key: String,
    #[server(default)] template_id: String,
) -> Result<OfferResult, AppError> {
    use crate::domain::template::{fill_message, TemplateKind, Values};
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let now = state.clock.now();
        let key = key_of(&idempotency_key)?;
        let mut valid = offer.validate(now)?;
        valid.message =
            crate::api::templates::message_or_template(&actor, &valid.message, &template_id, TemplateKind::Offer)
                .await?;
        let campaign = db::campaigns::get(&state.db, &valid.campaign_id)
            .await?
            .ok_or_else(|| AppError::field("campaign_id", "Choose one of your campaigns."))?;
        may_manage(&actor, &campaign.business_id)?;
        let creator = db::creators::by_username(&state.db, &valid.creator_username)
            .await?
            .ok_or_else(|| AppError::field("creator", format!("No creator is called @{}.", valid.creator_username)))?;
        creator.availability.refuse_if_away(&creator.username, now)?;
        // the message as this creator reads it (the offer's own deadline)
        let values = Values {
            creator_name: creator.name.clone(),
            creator_username: creator.username.clone(),
            campaign_title: campaign.title.clone(),
            business_name: actor.name.clone(),
            deadline: valid.deadline.human_date(),
        };
        valid.message = fill_message(&valid.message, &values)?;
        let r = match store::send(&state.db, &actor.user_id, &creator.id, &valid, &key, now).await? {
            Sent::Created(o) => {
                tracing::info!(offer = %o.id, amount = %o.amount, "offer sent");
                result(o, false).await
            }
            Sent::Replayed(o) => result(o, true).await,
        };
        crate::server::noted(r, |r| {
            if r.replayed {
                // the same form sent again (a double click, a retry): say so, not "sent" twice
                return format!(
                    "This offer of {} to @{} was already sent; nothing more was taken from your wallet",
                    r.offer.amount, r.offer.creator_username
                );
            }
            let what = format!("Offer of {} sent to @{}", r.offer.amount, r.offer.creator_username);
            match (r.sync.synced, &r.sync.error) {
                (true, _) => format!("{what} · partner synced"),
                (false, Some(e)) => format!("{what} · partner sync: {e} (retrying)"),
                (false, None) => format!("{what} · {}", r.sync.label),
            }
        })
    })
    .await
}

/// One offer with its history; anyone but its two parties is answered 404.
#[server(prefix = "/api", endpoint = "get_offer")]
pub async fn get_offer(id: String) -> Result<OfferDetail, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor().await?;
        let state = state()?;
        let id = OfferId::parse(&id).ok_or_else(not_found)?;
        let offer = store::get(&state.db, &id, state.clock.now())
            .await?
            .filter(|o| o.party(&actor).is_some())
            .ok_or_else(not_found)?;
        let history = store::history(&state.db, &id).await?;
        Ok(OfferDetail { offer, history })
    })
    .await
}

#[server(prefix = "/api", endpoint = "accept_offer")]
pub async fn accept_offer(id: String) -> Result<OfferResult, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let r = act(&id, OfferAction::Accept, None).await;
        crate::server::noted(r, |r| {
            format!("You accepted {} from {}", r.offer.amount, r.offer.business_name)
        })
    })
    .await
}

/// Declines (optionally with a reason); the business is refunded in the same transaction.
#[server(prefix = "/api", endpoint = "decline_offer")]
pub async fn decline_offer(id: String, #[server(default)] reason: String) -> Result<OfferResult, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let reason = validate_reason(&reason)?;
        let r = act(&id, OfferAction::Decline, reason).await;
        crate::server::noted(r, |r| format!("You declined the offer from {}", r.offer.business_name))
    })
    .await
}

/// Withdraws a pending offer; refunded in the same transaction.
#[server(prefix = "/api", endpoint = "withdraw_offer")]
pub async fn withdraw_offer(id: String) -> Result<OfferResult, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let r = act(&id, OfferAction::Withdraw, None).await;
        crate::server::noted(r, |r| format!("Offer withdrawn; {} refunded", r.offer.amount))
    })
    .await
}

/// The creator's offers, newest first (`My Campaigns` → `Offers`).
#[server(prefix = "/api", endpoint = "my_offers")]
pub async fn my_offers(#[server(default)] after: String) -> Result<OfferPage, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::CREATOR).await?;
        page(OffersOf::Creator(&actor.user_id), &after, false).await
    })
    .await
}

/// The offers a business sent, newest first, each with its sync state.
#[server(prefix = "/api", endpoint = "sent_offers")]
pub async fn sent_offers(#[server(default)] after: String) -> Result<OfferPage, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        page(OffersOf::Business(&actor.user_id), &after, true).await
    })
    .await
}

/// The business's wallets and latest ledger entries. Overdue offers are expired (and refunded) first, so the
/// balance shown never holds money for an offer that has lapsed.
#[server(prefix = "/api", endpoint = "my_wallet")]
pub async fn my_wallet() -> Result<WalletView, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        store::expire_overdue(&state.db, state.clock.now(), Some(&actor.user_id)).await?;
        Ok(WalletView {
            balances: db::wallets::of_business(&state.db, &actor.user_id).await?,
            ledger: db::wallets::ledger(&state.db, &actor.user_id, LEDGER_SHOWN).await?,
        })
    })
    .await
}

/// Every wallet (admin `Wallets`).
#[server(prefix = "/api", endpoint = "all_wallets")]
pub async fn all_wallets() -> Result<Vec<WalletBalance>, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        auth::actor_in(access::ADMIN).await?;
        let state = state()?;
        db::wallets::all(&state.db).await
    })
    .await
}

/// An admin credits a business's wallet, recorded with who and why. Returns the new balance.
#[server(prefix = "/api", endpoint = "top_up_wallet")]
pub async fn top_up_wallet(
    business: String,
    amount: String,
    #[server(default)] currency: String,
    #[server(default)] reason: String,
) -> Result<Money, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let admin = auth::actor_in(access::ADMIN).await?;
        let state = state()?;
        let currency = if currency.trim().is_empty() {
            "NGN".to_string()
        } else {
            currency
        };
        let (money, reason) = validate_top_up(&amount, &currency, &reason)?;
        let email = crate::domain::account::normalise_email(&business);
        let (id, _) = db::users::credentials(&state.db, &email)
            .await?
            .ok_or_else(|| AppError::field("business", format!("No account uses {email}.")))?;
        let after = db::wallets::top_up(&state.db, &id, money, &admin.user_id, &reason, state.clock.now()).await?;
        tracing::info!(business = %id, amount = %money, by = %admin.user_id, "wallet topped up");
        crate::server::notice(format!("Topped up: the balance is now {after}"));
        Ok(after)
    })
    .await
}
