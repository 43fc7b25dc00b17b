//! campaigns.

use super::{col, Db};
use crate::domain::campaign::{Campaign, CampaignInput, CampaignStatus};
use crate::domain::ids::{CampaignId, UserId};
use crate::domain::money::{Currency, Money};
use crate::domain::page::Cursor;
use crate::domain::time::Millis;
use crate::error::AppError;
use sqlx::any::AnyRow;

const SELECT: &str = "SELECT c.id, c.business_id, u.name AS business_name, c.title, c.description,
        c.budget_minor, c.currency, c.deadline, c.status, c.created_at, c.updated_at
     FROM campaigns c JOIN users u ON u.id = c.business_id";

fn from_row(row: &AnyRow) -> Result<Campaign, AppError> {
    let currency: String = col(row, "currency")?;
    let status: String = col(row, "status")?;
    Ok(Campaign {
        id: CampaignId(col(row, "id")?),
        business_id: UserId(col(row, "business_id")?),
        business_name: col(row, "business_name")?,
        title: col(row, "title")?,
        description: col(row, "description")?,
        budget: Money::new(
            col(row, "budget_minor")?,
            Currency::parse(&currency).ok_or(AppError::Internal)?,
        ),
        deadline: Millis(col(row, "deadline")?),
        status: CampaignStatus::parse(&status).ok_or(AppError::Internal)?,
        created_at: Millis(col(row, "created_at")?),
        updated_at: Millis(col(row, "updated_at")?),
        sync: None,
    })
}

pub async fn insert(
    db: &Db,
    business: &UserId,
    input: &CampaignInput,
    status: CampaignStatus,
    now: Millis,
) -> Result<Campaign, AppError> {
    let id = CampaignId::generate();
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO campaigns (id, business_id, title, description, budget_minor, currency, deadline, status,
                                created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(id.as_str())
    .bind(business.as_str())
    .bind(&input.title)
    .bind(&input.description)
    .bind(input.budget.minor)
    .bind(input.budget.currency.code())
    .bind(input.deadline.0)
    .bind(status.as_str())
    .bind(now.0)
    .execute(&mut *tx)
    .await?;
    if status == CampaignStatus::Active {
        sync(&mut tx, &id, "campaign_created", now).await?;
    }
    tx.commit().await?;
    get(db, &id).await?.ok_or(AppError::Internal)
}

/// Tells the partner platform about an active campaign's change (through the outbox, in the caller's
/// transaction).
async fn sync(conn: &mut sqlx::AnyConnection, id: &CampaignId, event: &str, now: Millis) -> Result<(), AppError> {
    let row = sqlx::query(&format!("{SELECT} WHERE c.id = $1"))
        .bind(id.as_str())
        .fetch_one(&mut *conn)
        .await?;
    let campaign = from_row(&row)?;
    let data = serde_json::to_value(&campaign).map_err(|_| AppError::Internal)?;
    super::outbox::enqueue_webhook(conn, event, ("campaign", id.as_str()), data, now).await?;
    Ok(())
}

pub async fn get(db: &Db, id: &CampaignId) -> Result<Option<Campaign>, AppError> {
    let row = sqlx::query(&format!("{SELECT} WHERE c.id = $1"))
        .bind(id.as_str())
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// One page of a business's campaigns, newest first, keyset-paged on (created_at, id).
pub async fn list_for_business(
    db: &Db,
    business: &UserId,
    status: Option<CampaignStatus>,
    after: Option<Cursor<CampaignId>>,
    limit: i64,
) -> Result<Vec<Campaign>, AppError> {
    let (after_at, after_id) = Cursor::before(after);
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE c.business_id = $1 AND ($2 = '' OR c.status = $2)
           AND (c.created_at < $3 OR (c.created_at = $3 AND c.id < $4))
         ORDER BY c.created_at DESC, c.id DESC LIMIT $5"
    ))
    .bind(business.as_str())
    .bind(status.map(|s| s.as_str()).unwrap_or(""))
    .bind(after_at)
    .bind(after_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every active campaign, newest first (what a partner key lists), keyset-paged.
pub async fn list_active(db: &Db, after: Option<Cursor<CampaignId>>, limit: i64) -> Result<Vec<Campaign>, AppError> {
    let (after_at, after_id) = Cursor::before(after);
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE c.status = 'active'
           AND (c.created_at < $1 OR (c.created_at = $1 AND c.id < $2))
         ORDER BY c.created_at DESC, c.id DESC LIMIT $3"
    ))
    .bind(after_at)
    .bind(after_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Campaign counts per status for a business: one grouped query.
pub async fn counts_for_business(db: &Db, business: &UserId) -> Result<Vec<(CampaignStatus, i64)>, AppError> {
    let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM campaigns WHERE business_id = $1 GROUP BY status")
        .bind(business.as_str())
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            let s: String = col(r, "status")?;
            Ok((CampaignStatus::parse(&s).ok_or(AppError::Internal)?, col(r, "n")?))
        })
        .collect()
}

/// Updates the editable fields, only while the campaign is in `expected` status (compare-and-swap): an edit
/// racing a close cannot reopen it. Returns false when the status moved underneath.
pub async fn update(
    db: &Db,
    id: &CampaignId,
    expected: CampaignStatus,
    input: &CampaignInput,
    now: Millis,
) -> Result<bool, AppError> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE campaigns SET title = $1, description = $2, budget_minor = $3, currency = $4, deadline = $5,
                              updated_at = $6
         WHERE id = $7 AND status = $8",
    )
    .bind(&input.title)
    .bind(&input.description)
    .bind(input.budget.minor)
    .bind(input.budget.currency.code())
    .bind(input.deadline.0)
    .bind(now.0)
    .bind(id.as_str())
    .bind(expected.as_str())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    if expected == CampaignStatus::Active {
        sync(&mut tx, id, "activation_updated", now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Moves the status from `from` to `to` only if it is still `from` (compare-and-swap).
pub async fn transition(
    db: &Db,
    id: &CampaignId,
    from: CampaignStatus,
    to: CampaignStatus,
    now: Millis,
) -> Result<bool, AppError> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE campaigns SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(to.as_str())
        .bind(now.0)
        .bind(id.as_str())
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    match (from, to) {
        (_, CampaignStatus::Active) => sync(&mut tx, id, "campaign_created", now).await?,
        (CampaignStatus::Active, CampaignStatus::Closed) => sync(&mut tx, id, "activation_cancelled", now).await?,
        _ => {}
    }
    tx.commit().await?;
    Ok(true)
}

/// Deletes a campaign only while it is a draft.
pub async fn delete_draft(db: &Db, id: &CampaignId) -> Result<DraftDeletion, AppError> {
    // one statement: a creator request or an offer made meanwhile keeps the draft (never a foreign-key error)
    let done = sqlx::query(
        "DELETE FROM campaigns WHERE id = $1 AND status = 'draft'
           AND NOT EXISTS (SELECT 1 FROM creator_requests WHERE campaign_id = $1)
           AND NOT EXISTS (SELECT 1 FROM offers WHERE campaign_id = $1)",
    )
    .bind(id.as_str())
    .execute(&db.pool)
    .await;
    match done {
        Ok(done) if done.rows_affected() == 1 => return Ok(DraftDeletion::Deleted),
        Ok(_) => {}
        // a request or an offer committed while this ran (PostgreSQL, read committed): kept, and said why below
        Err(sqlx::Error::Database(e)) if e.kind() == sqlx::error::ErrorKind::ForeignKeyViolation => {}
        Err(e) => return Err(e.into()),
    }
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM creator_requests WHERE campaign_id = $1) AS requests,
                (SELECT COUNT(*) FROM offers WHERE campaign_id = $1) AS offers",
    )
    .bind(id.as_str())
    .fetch_one(&db.pool)
    .await?;
    let (requests, offers): (i64, i64) = (col(&row, "requests")?, col(&row, "offers")?);
    Ok(if requests > 0 {
        DraftDeletion::Kept("creator requests were sent to the agency for it")
    } else if offers > 0 {
        DraftDeletion::Kept("offers were sent for it")
    } else {
        DraftDeletion::NotADraft
    })
}

/// What deleting a draft did.
#[derive(Debug, PartialEq, Eq)]
pub enum DraftDeletion {
    Deleted,
    /// It is not a draft (any more).
    NotADraft,
    /// Records that point at it keep it (why, for the message).
    Kept(&'static str),
}
