//! creator_requests, creator_request_creators (seed S1).
//!
//! Creating a request is one transaction: the request, its chosen creators, the agency's e-mail and the
//! `creator_request_created` webhook in the outbox. The partner's id for it is the one its endpoint answered
//! with (kept on the delivery, read back here), and the sync state comes from the same deliveries.

use super::{col, outbox, Db};
use crate::domain::creator_request::{
    agency_email, CampaignType, CreatorRequest, CreatorRequestStatus, PartnerCreatorRequest, RequestedCreator,
    ValidCreatorRequest,
};
use crate::domain::ids::{CampaignId, CreatorRequestId, UserId};
use crate::domain::outbox::SyncState;
use crate::domain::page::Cursor;
use crate::domain::time::Millis;
use crate::error::AppError;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

const SELECT: &str = "SELECT r.id, r.business_id, b.name AS business_name, r.campaign_id, c.title AS campaign_title,
            r.campaign_type, r.brief, r.deliverables, r.created_at, r.status, r.answered_at, r.decline_reason,
            (SELECT MAX(o.remote_id) FROM outbox o
              WHERE o.subject_kind = 'creator_request' AND o.subject_id = r.id AND o.channel = 'webhook') AS partner_id
     FROM creator_requests r
     JOIN users b ON b.id = r.business_id
     JOIN campaigns c ON c.id = r.campaign_id";

async fn from_row(conn: &mut AnyConnection, row: &AnyRow, sync: SyncState) -> Result<CreatorRequest, AppError> {
    let id = CreatorRequestId(col(row, "id")?);
    let kind: String = col(row, "campaign_type")?;
    let status: String = col(row, "status")?;
    let creators = sqlx::query(
        "SELECT u.id, u.name, p.username FROM creator_request_creators rc
         JOIN users u ON u.id = rc.creator_id JOIN creator_profiles p ON p.user_id = rc.creator_id
         WHERE rc.request_id = $1 ORDER BY rc.position",
    )
    .bind(id.as_str())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(RequestedCreator {
            id: UserId(col(r, "id")?),
            name: col(r, "name")?,
            username: col(r, "username")?,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    Ok(CreatorRequest {
        sync,
        id,
        business_id: UserId(col(row, "business_id")?),
        business_name: col(row, "business_name")?,
        campaign_id: CampaignId(col(row, "campaign_id")?),
        campaign_title: col(row, "campaign_title")?,
        campaign_type: CampaignType::parse(&kind).ok_or(AppError::Internal)?,
        brief: col(row, "brief")?,
        deliverables: col(row, "deliverables")?,
        creators,
        created_at: Millis(col(row, "created_at")?),
        partner_id: col(row, "partner_id")?,
        status: CreatorRequestStatus::parse(&status).ok_or(AppError::Internal)?,
        answered_at: col::<Option<i64>>(row, "answered_at")?.map(Millis),
        decline_reason: col(row, "decline_reason")?,
    })
}

pub async fn get(db: &Db, id: &CreatorRequestId) -> Result<Option<CreatorRequest>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let row = sqlx::query(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => {
            let sync = outbox::sync_state_in(&mut conn, "creator_request", id.as_str()).await?;
            Ok(Some(from_row(&mut conn, &r, sync).await?))
        }
        None => Ok(None),
    }
}

/// Saves the request with its creators, and queues the agency's e-mail and the partner event, in one
/// transaction. The campaign must be the business's own (checked in the insert).
pub async fn insert(
    db: &Db,
    business: &UserId,
    request: &ValidCreatorRequest,
    creators: &[UserId],
    agency: &str,
    now: Millis,
) -> Result<CreatorRequest, AppError> {
    let id = CreatorRequestId::generate();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO creator_requests (id, business_id, campaign_id, campaign_type, brief, deliverables, created_at)
         SELECT $1, $2, $3, $4, $5, $6, $7
         WHERE EXISTS (SELECT 1 FROM campaigns c WHERE c.id = $3 AND c.business_id = $2)
         RETURNING id",
    )
    .bind(id.as_str())
    .bind(business.as_str())
    .bind(request.campaign_id.as_str())
    .bind(request.campaign_type.as_str())
    .bind(&request.brief)
    .bind(&request.deliverables)
    .bind(now.0)
    .fetch_optional(&mut *tx)
    .await?;
    if inserted.is_none() {
        return Err(AppError::not_found("Campaign"));
    }
    for (position, creator) in creators.iter().enumerate() {
        sqlx::query("INSERT INTO creator_request_creators (request_id, creator_id, position) VALUES ($1, $2, $3)")
            .bind(id.as_str())
            .bind(creator.as_str())
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
    }
    let row = sqlx::query(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id.as_str())
        .fetch_one(&mut *tx)
        .await?;
    // nothing is queued yet: the partner event is added below, and the caller reads the state after commit
    let saved = from_row(&mut tx, &row, SyncState::NotSynced).await?;
    let (subject, text) = agency_email(&saved);
    outbox::enqueue_email(
        &mut tx,
        agency,
        &subject,
        &text,
        Some("/agency-inbox"),
        ("creator_request", id.as_str()),
        now,
    )
    .await?;
    let data = serde_json::to_value(PartnerCreatorRequest::of(&saved, outbox::iso8601(now)))
        .map_err(|_| AppError::Internal)?;
    outbox::enqueue_webhook(
        &mut tx,
        "creator_request_created",
        ("creator_request", id.as_str()),
        data,
        now,
    )
    .await?;
    // the admins' Agency Inbox and the business's own list
    tx.tell(crate::domain::live::Audience::Role(crate::domain::account::Role::Admin));
    tx.tell(crate::domain::live::Audience::User(business.clone()));
    tx.commit().await?;
    Ok(saved)
}

/// The partner's answer, compare-and-swap from `sent`, with the business's notification and e-mail in the same
/// transaction. `None` when the request had already been answered (or is not there): nothing changed.
pub async fn answer(
    db: &Db,
    id: &CreatorRequestId,
    answer: &crate::domain::partner::Answer,
    now: Millis,
) -> Result<Option<CreatorRequestStatus>, AppError> {
    use crate::domain::partner::Answer;
    let (to, reason) = match answer {
        Answer::Accepted => (CreatorRequestStatus::Accepted, None),
        Answer::Declined(r) => (CreatorRequestStatus::Declined, r.clone()),
    };
    let mut tx = db.begin().await?;
    let moved = sqlx::query(
        "UPDATE creator_requests SET status = $1, answered_at = $2, decline_reason = $3
         WHERE id = $4 AND status = 'sent'",
    )
    .bind(to.as_str())
    .bind(now.0)
    .bind(reason)
    .bind(id.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Ok(None);
    }
    let row = sqlx::query(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id.as_str())
        .fetch_one(&mut *tx)
        .await?;
    let request = from_row(&mut tx, &row, SyncState::NotSynced).await?;
    if let Some((title, text)) = to.news(&request) {
        let link = "/creator-requests";
        let email = super::users::email_in(&mut tx, &request.business_id).await?;
        super::notifications::insert(
            &mut tx,
            &request.business_id,
            "creator_request",
            &title,
            &request.campaign_title,
            link,
            now,
        )
        .await?;
        outbox::enqueue_email(
            &mut tx,
            &email,
            &title,
            &text,
            Some(link),
            ("creator_request", id.as_str()),
            now,
        )
        .await?;
    }
    tx.tell(crate::domain::live::Audience::Role(crate::domain::account::Role::Admin));
    tx.commit().await?;
    Ok(Some(to))
}

/// Newest first: one business's requests, or (admin `Agency Inbox`) everyone's.
pub async fn list(
    db: &Db,
    business: Option<&UserId>,
    after: Option<Cursor<CreatorRequestId>>,
    limit: i64,
) -> Result<Vec<CreatorRequest>, AppError> {
    let (at, id) = Cursor::before(after);
    let mut conn = db.pool.acquire().await?;
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE ($1 = '' OR r.business_id = $1)
           AND (r.created_at < $2 OR (r.created_at = $2 AND r.id < $3))
         ORDER BY r.created_at DESC, r.id DESC LIMIT $4"
    ))
    .bind(business.map(|b| b.0.clone()).unwrap_or_default())
    .bind(at)
    .bind(id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<String> = rows.iter().map(|r| col(r, "id")).collect::<Result<_, _>>()?;
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut syncs = outbox::sync_states(db, "creator_request", &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (r, id) in rows.iter().zip(&ids) {
        let sync = syncs.remove(*id).unwrap_or(SyncState::NotSynced);
        out.push(from_row(&mut conn, r, sync).await?);
    }
    Ok(out)
}
