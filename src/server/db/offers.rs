//! offers, offer_events (and, through `wallets::move_in`, the wallet they are paid from).
//!
//! Sending an offer is one transaction: the offer row (deduplicated by the business's Idempotency-Key), the
//! debit and its ledger entry, the `sent` event, the creator's notification and e-mail, and the `offer_sent`
//! outbox row. Either all of it commits or none of it does (`tests/it/offers.rs` fails it after every
//! statement). Every later transition is a compare-and-swap on `status = 'pending'` with its refund, event,
//! notification and outbox rows in the same transaction.

use super::{col, notifications, outbox, wallets, Db, Tx};
use crate::domain::ids::{CampaignId, OfferId, UserId};
use crate::domain::invitation::Side;
use crate::domain::money::{Currency, Money};
use crate::domain::offer::{
    expires_at, notice, too_many_offers, LedgerKind, Offer, OfferAction, OfferStatus, ValidOffer,
    OFFERS_PER_CREATOR_PER_DAY,
};
use crate::domain::page::Cursor;
use crate::domain::time::{Millis, DAY};
use crate::error::AppError;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

/// The effective status, with `$1` bound to now.
const STATUS: &str = "CASE WHEN o.status = 'pending' AND o.expires_at <= $1 THEN 'expired' ELSE o.status END";

fn select() -> String {
    format!(
        "SELECT o.id, o.campaign_id, c.title AS campaign_title, o.business_id, b.name AS business_name,
                o.creator_id, cu.name AS creator_name, p.username AS creator_username, o.amount_minor, o.currency,
                o.message, o.deadline, {STATUS} AS status, o.decline_reason, o.sent_at, o.expires_at, o.responded_at
         FROM offers o
         JOIN campaigns c ON c.id = o.campaign_id
         JOIN users b ON b.id = o.business_id
         JOIN users cu ON cu.id = o.creator_id
         JOIN creator_profiles p ON p.user_id = o.creator_id"
    )
}

fn from_row(row: &AnyRow) -> Result<Offer, AppError> {
    let currency: String = col(row, "currency")?;
    let status: String = col(row, "status")?;
    Ok(Offer {
        id: OfferId(col(row, "id")?),
        campaign_id: CampaignId(col(row, "campaign_id")?),
        campaign_title: col(row, "campaign_title")?,
        business_id: UserId(col(row, "business_id")?),
        business_name: col(row, "business_name")?,
        creator_id: UserId(col(row, "creator_id")?),
        creator_name: col(row, "creator_name")?,
        creator_username: col(row, "creator_username")?,
        amount: Money::new(
            col(row, "amount_minor")?,
            Currency::parse(&currency).ok_or(AppError::Internal)?,
        ),
        message: col(row, "message")?,
        deadline: Millis(col(row, "deadline")?),
        status: OfferStatus::parse(&status).ok_or(AppError::Internal)?,
        decline_reason: col(row, "decline_reason")?,
        sent_at: Millis(col(row, "sent_at")?),
        expires_at: Millis(col(row, "expires_at")?),
        responded_at: col::<Option<i64>>(row, "responded_at")?.map(Millis),
    })
}

pub async fn get_in(conn: &mut AnyConnection, id: &OfferId, now: Millis) -> Result<Option<Offer>, AppError> {
    let row = sqlx::query(&format!("{} WHERE o.id = $2", select()))
        .bind(now.0)
        .bind(id.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn get(db: &Db, id: &OfferId, now: Millis) -> Result<Option<Offer>, AppError> {
    let mut conn = db.pool.acquire().await?;
    get_in(&mut conn, id, now).await
}

async fn event(
    conn: &mut AnyConnection,
    offer: &OfferId,
    event: &str,
    actor: Option<&UserId>,
    note: Option<&str>,
    now: Millis,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO offer_events (id, offer_id, event, actor_id, note, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(offer.as_str())
        .bind(event)
        .bind(actor.map(|a| a.0.clone()))
        .bind(note.map(str::to_string))
        .bind(now.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Reminds the creator of each pending offer that lapses within `lead` (`domain::reminder::due`), once: marked
/// by a compare-and-swap in the transaction of its notification and e-mail (several instances: once each).
pub async fn remind_due(db: &Db, now: Millis, lead: i64) -> Result<usize, AppError> {
    let rows = sqlx::query(&format!(
        "{} WHERE o.status = 'pending' AND o.reminded_at IS NULL AND o.expires_at > $1 AND o.expires_at <= $2
         ORDER BY o.expires_at LIMIT 500",
        select()
    ))
    .bind(now.0)
    .bind(now.0 + lead)
    .fetch_all(&db.pool)
    .await?;
    let mut candidates = Vec::with_capacity(rows.len());
    for row in &rows {
        let offer = from_row(row)?;
        let what = format!("offer of {}", offer.amount);
        let (title, text) = crate::domain::reminder::reminder_text(
            &what,
            &offer.business_name,
            &offer.campaign_title,
            offer.expires_at,
        );
        candidates.push(super::reminders::Candidate {
            what: super::reminders::Reminded::Offer,
            id: offer.id.to_string(),
            creator: offer.creator_id,
            sent_at: offer.sent_at,
            expires_at: offer.expires_at,
            notification: "offer_reminder",
            title,
            text,
            body: offer.campaign_title,
            link: "/my-campaigns?tab=offers".to_string(),
        });
    }
    super::reminders::remind_each(db, candidates, now, lead).await
}

/// The notification, e-mail and partner event of an offer reaching its current status.
async fn announce(tx: &mut Tx, offer: &Offer, now: Millis) -> Result<(), AppError> {
    // both sides' pages show it: the business's campaign and wallet, the creator's offers
    for who in crate::domain::live::parties(&offer.business_id, &offer.creator_id) {
        tx.tell(who);
    }
    let n = notice(offer);
    let to = match n.to {
        Side::Creator => &offer.creator_id,
        Side::Business => &offer.business_id,
    };
    let email = super::users::email_in(tx, to).await?;
    notifications::insert(tx, to, &n.kind, &n.title, &offer.campaign_title, &n.link, now).await?;
    outbox::enqueue_email(
        tx,
        &email,
        &n.title,
        &n.email,
        Some(&n.link),
        ("offer", offer.id.as_str()),
        now,
    )
    .await?;
    let data = serde_json::to_value(offer).map_err(|_| AppError::Internal)?;
    outbox::enqueue_webhook(tx, offer.status.event(), ("offer", offer.id.as_str()), data, now).await?;
    Ok(())
}

/// What `send` did.
pub enum Sent {
    Created(Offer),
    /// This Idempotency-Key was already used for exactly this offer: the original, nothing new debited.
    Replayed(Offer),
}

/// Sends an offer: see the module comment. `creator` must have a creator profile; the campaign must be active
/// and the business's own (checked in the insert itself, so a campaign closed a moment ago cannot take it).
pub async fn send(
    db: &Db,
    business: &UserId,
    creator: &UserId,
    offer: &ValidOffer,
    idempotency_key: &str,
    now: Millis,
) -> Result<Sent, AppError> {
    let mut tx = db.begin().await?;
    let id = OfferId::generate();
    let inserted = sqlx::query(
        "INSERT INTO offers (id, campaign_id, business_id, creator_id, amount_minor, currency, message, deadline,
                             status, idempotency_key, sent_at, expires_at, updated_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11, $10
         WHERE EXISTS (SELECT 1 FROM campaigns c WHERE c.id = $2 AND c.business_id = $3 AND c.status = 'active')
           AND EXISTS (SELECT 1 FROM creator_profiles p WHERE p.user_id = $4)
           AND (SELECT COUNT(*) FROM offers o WHERE o.creator_id = $4 AND o.business_id = $3
                  AND (o.status = 'pending' OR (o.status = 'withdrawn' AND o.updated_at > $12))) < $13
         ON CONFLICT (business_id, idempotency_key) DO NOTHING
         RETURNING id",
    )
    .bind(id.as_str())
    .bind(offer.campaign_id.as_str())
    .bind(business.as_str())
    .bind(creator.as_str())
    .bind(offer.amount.minor)
    .bind(offer.amount.currency.code())
    .bind(&offer.message)
    .bind(offer.deadline.0)
    .bind(idempotency_key)
    .bind(now.0)
    .bind(expires_at(now, offer.deadline).0)
    .bind(now.0 - DAY)
    .bind(OFFERS_PER_CREATOR_PER_DAY)
    .fetch_optional(&mut *tx)
    .await?;
    fail::fail_point!("offer_send:inserted", |_| Err(AppError::Internal));
    if inserted.is_none() {
        return earlier(&mut tx, business, creator, offer, idempotency_key, now).await;
    }
    let username = format!("to @{}", offer.creator_username);
    wallets::move_in(
        &mut tx,
        business,
        offer.amount,
        wallets::Entry {
            kind: LedgerKind::OfferDebit,
            offer: Some(&id),
            actor: Some(business),
            note: Some(&username),
        },
        now,
    )
    .await?;
    fail::fail_point!("offer_send:debited", |_| Err(AppError::Internal));
    event(&mut tx, &id, "sent", Some(business), None, now).await?;
    fail::fail_point!("offer_send:event", |_| Err(AppError::Internal));
    let sent = get_in(&mut tx, &id, now).await?.ok_or(AppError::Internal)?;
    announce(&mut tx, &sent, now).await?;
    fail::fail_point!("offer_send:announced", |_| Err(AppError::Internal));
    tx.commit().await?;
    Ok(Sent::Created(sent))
}

/// Nothing was inserted: the key was used before (same offer: replay it; another: refuse), or the campaign is
/// not active (any more).
async fn earlier(
    conn: &mut AnyConnection,
    business: &UserId,
    creator: &UserId,
    offer: &ValidOffer,
    idempotency_key: &str,
    now: Millis,
) -> Result<Sent, AppError> {
    let row = sqlx::query(&format!(
        "{} WHERE o.business_id = $2 AND o.idempotency_key = $3",
        select()
    ))
    .bind(now.0)
    .bind(business.as_str())
    .bind(idempotency_key)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = row {
        let before = from_row(&row)?;
        let same = before.campaign_id == offer.campaign_id
            && &before.creator_id == creator
            && before.amount == offer.amount
            && before.message == offer.message
            && before.deadline == offer.deadline;
        return if same {
            Ok(Sent::Replayed(before))
        } else {
            Err(AppError::Conflict(
                "This Idempotency-Key was already used for a different offer. Send a new key for a new offer.".into(),
            ))
        };
    }
    let campaign = sqlx::query("SELECT title, status FROM campaigns WHERE id = $1 AND business_id = $2")
        .bind(offer.campaign_id.as_str())
        .bind(business.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    match campaign {
        None => Err(AppError::not_found("Campaign")),
        Some(c) => {
            let title: String = col(&c, "title")?;
            let status: String = col(&c, "status")?;
            if status != "active" {
                return Err(AppError::Conflict(format!(
                    "“{title}” is {status}: only an active campaign can take offers."
                )));
            }
            let recent = sqlx::query(
                "SELECT status, updated_at FROM offers
                 WHERE creator_id = $2 AND business_id = $1
                   AND (status = 'pending' OR (status = 'withdrawn' AND updated_at > $3))",
            )
            .bind(business.as_str())
            .bind(creator.as_str())
            .bind(now.0 - DAY)
            .fetch_all(&mut *conn)
            .await?;
            let mut pending = 0;
            let mut withdrawn = Vec::new();
            for r in &recent {
                let status: String = col(r, "status")?;
                if status == "pending" {
                    pending += 1;
                } else {
                    withdrawn.push(Millis(col(r, "updated_at")?));
                }
            }
            if let Some(why) = too_many_offers(pending, &withdrawn, &offer.creator_username) {
                Err(AppError::RateLimited(why))
            } else {
                Err(AppError::not_found("Creator"))
            }
        }
    }
}

/// Accept, decline, withdraw or expire `offer` (already checked against the domain rules by the caller) as a
/// compare-and-swap. `Ok(None)` when it was no longer pending (someone else acted first; nothing written).
pub async fn transition(
    db: &Db,
    offer: &Offer,
    action: OfferAction,
    actor: Option<&UserId>,
    reason: Option<&str>,
    now: Millis,
) -> Result<Option<Offer>, AppError> {
    let to = match action {
        OfferAction::Accept => OfferStatus::Accepted,
        OfferAction::Decline => OfferStatus::Declined,
        OfferAction::Withdraw => OfferStatus::Withdrawn,
        OfferAction::Expire => OfferStatus::Expired,
    };
    // only the expiry job may act on an offer past its expiry; nobody else may
    let time = if action == OfferAction::Expire {
        "expires_at <= $3"
    } else {
        "expires_at > $3"
    };
    let active = if action == OfferAction::Accept {
        " AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = offers.campaign_id AND c.status = 'active')"
    } else {
        ""
    };
    let mut tx = db.begin().await?;
    let changed = sqlx::query(&format!(
        "UPDATE offers SET status = $2, responded_at = $3, updated_at = $3, decline_reason = $4
         WHERE id = $1 AND status = 'pending' AND {time}{active}
         RETURNING id"
    ))
    .bind(offer.id.as_str())
    .bind(to.as_str())
    .bind(now.0)
    .bind(reason.map(str::to_string))
    .fetch_optional(&mut *tx)
    .await?;
    if changed.is_none() {
        return Ok(None);
    }
    if to.refunds() {
        let note = format!("offer to @{} {}", offer.creator_username, to.label().to_lowercase());
        wallets::move_in(
            &mut tx,
            &offer.business_id,
            offer.amount,
            wallets::Entry {
                kind: LedgerKind::OfferRefund,
                offer: Some(&offer.id),
                actor,
                note: Some(&note),
            },
            now,
        )
        .await?;
    }
    if to == OfferStatus::Accepted {
        // the creator now works on the campaign: it shows under their Active campaigns
        sqlx::query(
            "INSERT INTO campaign_applications (id, campaign_id, creator_id, invitation_id, status, applied_at)
             VALUES ($1, $2, $3, NULL, 'accepted', $4)
             ON CONFLICT (campaign_id, creator_id) DO UPDATE SET status = 'accepted'",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(offer.campaign_id.as_str())
        .bind(offer.creator_id.as_str())
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
    }
    event(&mut tx, &offer.id, to.as_str(), actor, reason, now).await?;
    let updated = get_in(&mut tx, &offer.id, now).await?.ok_or(AppError::Internal)?;
    announce(&mut tx, &updated, now).await?;
    tx.commit().await?;
    Ok(Some(updated))
}

/// Expires and refunds every pending offer past its expiry (of one business, or all), each in its own
/// transaction. Returns how many.
pub async fn expire_overdue(db: &Db, now: Millis, business: Option<&UserId>) -> Result<usize, AppError> {
    let rows = sqlx::query(
        "SELECT id FROM offers WHERE status = 'pending' AND expires_at <= $1 AND ($2 = '' OR business_id = $2)
         LIMIT 500",
    )
    .bind(now.0)
    .bind(business.map(|b| b.as_str()).unwrap_or_default())
    .fetch_all(&db.pool)
    .await?;
    let mut n = 0;
    for r in &rows {
        let id = OfferId(col(r, "id")?);
        let Some(offer) = get(db, &id, now).await? else {
            continue;
        };
        if transition(db, &offer, OfferAction::Expire, None, None, now)
            .await?
            .is_some()
        {
            n += 1;
        }
    }
    Ok(n)
}

/// Whose offers a list shows.
pub enum OffersOf<'a> {
    Creator(&'a UserId),
    Business(&'a UserId),
    Campaign(&'a CampaignId),
}

/// Newest first, keyset-paged by (sent_at, id).
pub async fn list(
    db: &Db,
    of: OffersOf<'_>,
    after: Option<Cursor<OfferId>>,
    limit: i64,
    now: Millis,
) -> Result<Vec<Offer>, AppError> {
    let (column, key) = match of {
        OffersOf::Creator(u) => ("o.creator_id", u.as_str()),
        OffersOf::Business(u) => ("o.business_id", u.as_str()),
        OffersOf::Campaign(c) => ("o.campaign_id", c.as_str()),
    };
    let (at, id) = Cursor::before(after);
    let rows = sqlx::query(&format!(
        "{} WHERE {column} = $2 AND (o.sent_at < $3 OR (o.sent_at = $3 AND o.id < $4))
         ORDER BY o.sent_at DESC, o.id DESC LIMIT $5",
        select()
    ))
    .bind(now.0)
    .bind(key)
    .bind(at)
    .bind(id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// An offer's history: (event, when).
pub async fn history(db: &Db, id: &OfferId) -> Result<Vec<(String, Millis)>, AppError> {
    let rows = sqlx::query("SELECT event, at FROM offer_events WHERE offer_id = $1 ORDER BY at, id")
        .bind(id.as_str())
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok((col(r, "event")?, Millis(col(r, "at")?))))
        .collect()
}
