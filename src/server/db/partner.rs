//! partner_creators, inbound_webhooks: the partner's creator sync, deduplicated by `webhook-id` in the same
//! transaction as its effects.

use super::{col, users, Db};
use crate::domain::account::Role;
use crate::domain::partner::{AnswerResult, PartnerCreator, Rejected, SyncReport, ValidPartnerCreator};
use crate::domain::time::Millis;
use crate::error::AppError;
use sqlx::{Acquire, Any, Transaction};

/// Applies one inbound delivery: each item created or updated (upsert by the partner's id) or rejected with
/// its reason; one bad item never loses the good ones. A `webhook_id` seen before changes nothing and answers
/// the first result again.
pub async fn sync_creators(
    db: &Db,
    webhook_id: &str,
    items: Vec<serde_json::Value>,
    now: Millis,
) -> Result<SyncReport, AppError> {
    let mut tx = db.pool.begin().await?;
    let first = sqlx::query(
        "INSERT INTO inbound_webhooks (webhook_id, source, result, received_at) VALUES ($1, 'partner_creators', '', $2)
         ON CONFLICT (webhook_id) DO NOTHING RETURNING webhook_id",
    )
    .bind(webhook_id)
    .bind(now.0)
    .fetch_optional(&mut *tx)
    .await?;
    if first.is_none() {
        drop(tx);
        let row = sqlx::query("SELECT result FROM inbound_webhooks WHERE webhook_id = $1")
            .bind(webhook_id)
            .fetch_one(&db.pool)
            .await?;
        let result: String = col(&row, "result")?;
        let mut report: SyncReport = serde_json::from_str(&result).map_err(|_| AppError::Internal)?;
        report.duplicate = true;
        return Ok(report);
    }
    let mut report = SyncReport::default();
    for (index, item) in items.into_iter().enumerate() {
        let id = item.get("id").and_then(|v| v.as_str()).map(str::to_string);
        let reject = |reason: String| Rejected {
            index,
            id: id.clone(),
            reason,
        };
        let parsed: PartnerCreator = match serde_json::from_value(item) {
            Ok(p) => p,
            Err(e) => {
                report.rejected.push(reject(format!("Not a creator object: {e}")));
                continue;
            }
        };
        let valid = match parsed.validate() {
            Ok(v) => v,
            Err(e) => {
                report.rejected.push(reject(e.to_string()));
                continue;
            }
        };
        // each item in its own savepoint: a statement that fails for one item (on PostgreSQL a failed
        // statement spoils the whole transaction) is undone alone and reported, and the others still apply
        let mut item_tx = tx.begin().await?;
        match upsert(&mut item_tx, &valid, now).await {
            Ok(Ok(created)) => {
                item_tx.commit().await?;
                if created {
                    report.created.push(valid.partner_id)
                } else {
                    report.updated.push(valid.partner_id)
                }
            }
            Ok(Err(reason)) => {
                item_tx.rollback().await?;
                report.rejected.push(reject(reason));
            }
            Err(_) => {
                item_tx.rollback().await?;
                report
                    .rejected
                    .push(reject("This creator could not be stored; send it again.".into()));
            }
        }
    }
    let result = serde_json::to_string(&report).map_err(|_| AppError::Internal)?;
    sqlx::query("UPDATE inbound_webhooks SET result = $1 WHERE webhook_id = $2")
        .bind(result)
        .bind(webhook_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(report)
}

/// `Ok(Ok(true))` created, `Ok(Ok(false))` updated, `Ok(Err(reason))` refused (nothing written for it).
async fn upsert(
    tx: &mut Transaction<'_, Any>,
    c: &ValidPartnerCreator,
    now: Millis,
) -> Result<Result<bool, String>, AppError> {
    let existing = sqlx::query("SELECT user_id FROM partner_creators WHERE partner_id = $1")
        .bind(&c.partner_id)
        .fetch_optional(&mut **tx)
        .await?;
    let user_id: Option<String> = existing.as_ref().map(|r| col(r, "user_id")).transpose()?;
    let username_owner = sqlx::query("SELECT user_id FROM creator_profiles WHERE username = $1")
        .bind(&c.profile.username)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| col::<String>(&r, "user_id"))
        .transpose()?;
    if username_owner.is_some() && username_owner != user_id {
        return Ok(Err(format!(
            "The username @{} belongs to another creator.",
            c.profile.username
        )));
    }
    match user_id {
        Some(user) => {
            sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
                .bind(&c.name)
                .bind(&user)
                .execute(&mut **tx)
                .await?;
            sqlx::query(
                "UPDATE creator_profiles SET username = $1, avatar_url = $2, followers = $3, niche = $4, bio = $5
                 WHERE user_id = $6",
            )
            .bind(&c.profile.username)
            .bind(&c.profile.avatar_url)
            .bind(c.profile.followers)
            .bind(&c.profile.niche)
            .bind(&c.profile.bio)
            .bind(&user)
            .execute(&mut **tx)
            .await?;
            sqlx::query("DELETE FROM creator_platforms WHERE user_id = $1")
                .bind(&user)
                .execute(&mut **tx)
                .await?;
            for p in &c.profile.platforms {
                sqlx::query("INSERT INTO creator_platforms (user_id, platform) VALUES ($1, $2)")
                    .bind(&user)
                    .bind(p)
                    .execute(&mut **tx)
                    .await?;
            }
            sqlx::query("UPDATE partner_creators SET synced_at = $1 WHERE partner_id = $2")
                .bind(now.0)
                .bind(&c.partner_id)
                .execute(&mut **tx)
                .await?;
            Ok(Ok(false))
        }
        None => {
            let email = if c.email.is_empty() {
                // a placeholder no one can receive mail at, unique whatever the partner's id looks like
                format!("partner+{}@partner.invalid", uuid::Uuid::now_v7().simple())
            } else {
                c.email.clone()
            };
            let taken = sqlx::query("SELECT 1 AS one FROM users WHERE email = $1")
                .bind(&email)
                .fetch_optional(&mut **tx)
                .await?;
            if taken.is_some() {
                return Ok(Err(format!("The e-mail address {email} belongs to another account.")));
            }
            // no password: the creator cannot sign in until they set one (an unusable hash never verifies)
            let user = users::insert_in(
                tx,
                &users::NewUser {
                    email: &email,
                    password_hash: "!",
                    role: Role::Creator,
                    name: &c.name,
                    organisation: None,
                    creator: Some(&c.profile),
                },
                now,
            )
            .await?;
            sqlx::query("INSERT INTO partner_creators (partner_id, user_id, synced_at) VALUES ($1, $2, $3)")
                .bind(&c.partner_id)
                .bind(user.as_str())
                .bind(now.0)
                .execute(&mut **tx)
                .await?;
            Ok(Ok(true))
        }
    }
}

/// The first result of an answer event already processed under this `webhook-id`, if any.
pub async fn answered(db: &Db, webhook_id: &str) -> Result<Option<AnswerResult>, AppError> {
    let row = sqlx::query("SELECT result FROM inbound_webhooks WHERE webhook_id = $1 AND source = 'partner_events'")
        .bind(webhook_id)
        .fetch_optional(&db.pool)
        .await?;
    match row {
        Some(r) => {
            let result: String = col(&r, "result")?;
            let mut first: AnswerResult = serde_json::from_str(&result).map_err(|_| AppError::Internal)?;
            first.duplicate = true;
            Ok(Some(first))
        }
        None => Ok(None),
    }
}

/// Keeps an answer event's result under its `webhook-id`; when another delivery of the same id got there first,
/// answers that one's result (the record itself moved at most once: its transition is a compare-and-swap).
pub async fn record_answer(
    db: &Db,
    webhook_id: &str,
    result: &AnswerResult,
    now: Millis,
) -> Result<AnswerResult, AppError> {
    let json = serde_json::to_string(result).map_err(|_| AppError::Internal)?;
    let first = sqlx::query(
        "INSERT INTO inbound_webhooks (webhook_id, source, result, received_at) VALUES ($1, 'partner_events', $2, $3)
         ON CONFLICT (webhook_id) DO NOTHING RETURNING webhook_id",
    )
    .bind(webhook_id)
    .bind(json)
    .bind(now.0)
    .fetch_optional(&db.pool)
    .await?;
    if first.is_some() {
        return Ok(result.clone());
    }
    answered(db, webhook_id).await?.ok_or(AppError::Internal)
}
