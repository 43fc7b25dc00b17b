//! outbox, outbox_attempts, webhook_endpoints.
//!
//! Producers call `enqueue_*` inside the transaction of the change they report, so the delivery exists if and
//! only if the change committed. The worker (`server::outbox`) claims due rows with a lease — `FOR UPDATE SKIP
//! LOCKED` on PostgreSQL so several app instances never take the same row; SQLite has one writer — and records
//! every attempt.

use super::{col, Backend, Db};
use crate::domain::outbox::{wants, Delivery, DeliveryStatus, Endpoint, SyncState};
use crate::domain::page::Cursor;
use crate::domain::time::Millis;
use crate::error::AppError;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;

pub async fn insert_endpoint(
    db: &Db,
    url: &str,
    events: &str,
    secret: &str,
    by: Option<&str>,
    now: Millis,
) -> Result<Endpoint, AppError> {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO webhook_endpoints (id, url, events, secret, enabled, created_by, created_at)
         VALUES ($1, $2, $3, $4, 1, $5, $6)",
    )
    .bind(&id)
    .bind(url)
    .bind(events)
    .bind(secret)
    .bind(by.map(str::to_string))
    .bind(now.0)
    .execute(&db.pool)
    .await?;
    Ok(Endpoint {
        id,
        url: url.into(),
        events: events.into(),
        enabled: true,
        disabled_reason: None,
        created_at: now,
    })
}

pub async fn endpoints(db: &Db) -> Result<Vec<Endpoint>, AppError> {
    let rows = sqlx::query(
        "SELECT id, url, events, enabled, disabled_reason, created_at FROM webhook_endpoints ORDER BY created_at, id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Endpoint {
                id: col(r, "id")?,
                url: col(r, "url")?,
                events: col(r, "events")?,
                enabled: col::<i64>(r, "enabled")? == 1,
                disabled_reason: col(r, "disabled_reason")?,
                created_at: Millis(col(r, "created_at")?),
            })
        })
        .collect()
}

/// Records a webhook event for every enabled endpoint subscribed to it, in the caller's transaction. The body
/// is the Standard Webhooks envelope `{type, timestamp, data}`. Returns how many deliveries were queued.
pub async fn enqueue_webhook(
    conn: &mut AnyConnection,
    event_type: &str,
    subject: (&str, &str),
    data: serde_json::Value,
    now: Millis,
) -> Result<usize, AppError> {
    let rows = sqlx::query("SELECT id, events FROM webhook_endpoints WHERE enabled = 1")
        .fetch_all(&mut *conn)
        .await?;
    let mut queued = 0;
    for r in &rows {
        let events: String = col(r, "events")?;
        if !wants(&events, event_type) {
            continue;
        }
        let endpoint: String = col(r, "id")?;
        let body = serde_json::json!({
            "type": event_type,
            "timestamp": iso8601(now),
            "data": data,
        });
        insert(
            conn,
            "webhook",
            Some(&endpoint),
            event_type,
            subject,
            &body.to_string(),
            now,
        )
        .await?;
        queued += 1;
    }
    Ok(queued)
}

/// Records an e-mail in the caller's transaction. `link` is a path in the app, made absolute when sent.
/// Addresses under `.invalid` (partner-imported creators without one) cannot receive mail and are skipped.
pub async fn enqueue_email(
    conn: &mut AnyConnection,
    to: &str,
    subject: &str,
    text: &str,
    link: Option<&str>,
    about: (&str, &str),
    now: Millis,
) -> Result<usize, AppError> {
    if to.ends_with(".invalid") {
        return Ok(0);
    }
    let mail = crate::server::mail::Mail {
        to: to.into(),
        subject: subject.into(),
        text: text.into(),
        link: link.map(str::to_string),
    };
    let payload = serde_json::to_string(&mail).map_err(|_| AppError::Internal)?;
    insert(conn, "email", None, "email", about, &payload, now).await?;
    Ok(1)
}

async fn insert(
    conn: &mut AnyConnection,
    channel: &str,
    endpoint: Option<&str>,
    event_type: &str,
    (kind, id): (&str, &str),
    payload: &str,
    now: Millis,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO outbox (id, channel, endpoint_id, event_type, subject_kind, subject_id, payload, status,
                             attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8)",
    )
    .bind(format!("msg_{}", uuid::Uuid::now_v7().simple()))
    .bind(channel)
    .bind(endpoint.map(str::to_string))
    .bind(event_type)
    .bind(kind)
    .bind(id)
    .bind(payload)
    .bind(now.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// `2026-11-22T08:00:00Z`
pub fn iso8601(t: Millis) -> String {
    let secs = t.0.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// A delivery a worker has claimed.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub id: String,
    pub channel: String,
    pub event_type: String,
    pub payload: String,
    pub attempts: i64,
    pub url: Option<String>,
    pub secret: Option<String>,
    pub endpoint_id: Option<String>,
    /// False when the endpoint was disabled after this delivery was queued (it is then not sent).
    pub endpoint_enabled: bool,
}

/// Claims up to `limit` due deliveries for `worker` until `now + lease`. A row whose lease ran out (its worker
/// died mid-delivery) is due again.
pub async fn claim(db: &Db, worker: &str, now: Millis, lease_ms: i64, limit: i64) -> Result<Vec<Claimed>, AppError> {
    let lock = match db.backend {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let until = now.0 + lease_ms;
    // the claimed rows come back from the claim itself: finding them again by worker and lease end had no
    // index and read every pending row (100,000 queued: 1,968 deliveries/s on PostgreSQL instead of 4,682)
    let rows = sqlx::query(&format!(
        "UPDATE outbox SET lease_until = $1, leased_by = $2
         WHERE id IN (SELECT id FROM outbox
                      WHERE status = 'pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until <= $3)
                      ORDER BY next_attempt_at LIMIT $4 {lock})
         RETURNING id, channel, event_type, payload, attempts, endpoint_id"
    ))
    .bind(until)
    .bind(worker)
    .bind(now.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let mut claimed = rows
        .iter()
        .map(|r| {
            Ok(Claimed {
                id: col(r, "id")?,
                channel: col(r, "channel")?,
                event_type: col(r, "event_type")?,
                payload: col(r, "payload")?,
                attempts: col(r, "attempts")?,
                endpoint_id: col(r, "endpoint_id")?,
                url: None,
                secret: None,
                endpoint_enabled: false,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    // their endpoints (a handful), by id
    let mut endpoints: Vec<&str> = claimed.iter().filter_map(|c| c.endpoint_id.as_deref()).collect();
    endpoints.sort_unstable();
    endpoints.dedup();
    if !endpoints.is_empty() {
        let marks: Vec<String> = (1..=endpoints.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT id, url, secret, enabled FROM webhook_endpoints WHERE id IN ({})",
            marks.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in &endpoints {
            query = query.bind(*id);
        }
        let found: Vec<(String, String, String, bool)> = query
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    col(r, "id")?,
                    col(r, "url")?,
                    col(r, "secret")?,
                    col::<i64>(r, "enabled")? == 1,
                ))
            })
            .collect::<Result<_, AppError>>()?;
        for c in &mut claimed {
            if let Some((_, url, secret, enabled)) =
                found.iter().find(|e| Some(e.0.as_str()) == c.endpoint_id.as_deref())
            {
                c.url = Some(url.clone());
                c.secret = Some(secret.clone());
                c.endpoint_enabled = *enabled;
            }
        }
    }
    Ok(claimed)
}

/// One row of a `VALUES` list whose parameters start at `$first`, each cast to its type (a column of NULLs
/// would otherwise be text): `(CAST($2 AS TEXT), CAST($3 AS BIGINT), …)`.
fn typed_row(types: &[&str], first: usize) -> String {
    let cols: Vec<String> = types
        .iter()
        .enumerate()
        .map(|(k, t)| format!("CAST(${} AS {t})", first + k))
        .collect();
    format!("({})", cols.join(", "))
}

/// What became of one attempt.
pub struct AttemptResult<'a> {
    pub started_at: Millis,
    pub latency_ms: i64,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    /// `Some(at)`: retry at; `None` with `delivered`: done; `None` otherwise: failed for good.
    pub next_attempt_at: Option<Millis>,
    pub delivered: bool,
    pub remote_id: Option<String>,
    /// The endpoint answered 410: disable it with this reason.
    pub disable_endpoint: Option<&'a str>,
}

/// Records an attempt and moves the delivery on, only while this worker still holds it.
pub async fn finish(db: &Db, c: &Claimed, worker: &str, r: &AttemptResult<'_>) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    finish_in(&mut tx, c, worker, r).await?;
    tx.commit().await.map_err(AppError::from)
}

/// [`finish`] for several attempts in one transaction (the worker's group of attempts that ended together):
/// one statement moves every delivery still held by this worker, one records their attempts (a round trip per
/// group, not two per attempt: what PostgreSQL's throughput was spent on).
pub async fn finish_all(db: &Db, worker: &str, ended: &[(Claimed, AttemptResult<'_>)]) -> Result<(), AppError> {
    if ended.is_empty() {
        return Ok(());
    }
    let mut tx = db.pool.begin().await?;
    // the deliveries' new state, as a VALUES list (typed: a column of NULLs would otherwise be text)
    const STATE: [&str; 7] = ["TEXT", "TEXT", "BIGINT", "BIGINT", "TEXT", "BIGINT", "TEXT"];
    let rows: Vec<String> = (0..ended.len())
        .map(|i| typed_row(&STATE, i * STATE.len() + 2))
        .collect();
    let pick = |column: &str| format!("(SELECT v.{column} FROM v WHERE v.id = outbox.id)");
    let sql = format!(
        "WITH v (id, status, next_at, last_status, last_error, delivered_at, remote_id) AS (VALUES {})
         UPDATE outbox SET status = {}, attempts = attempts + 1, next_attempt_at = {}, lease_until = NULL,
                leased_by = NULL, last_status = {}, last_error = {}, delivered_at = {},
                remote_id = COALESCE({}, remote_id)
         WHERE id IN (SELECT id FROM v) AND leased_by = $1 AND status = 'pending'
         RETURNING id",
        rows.join(", "),
        pick("status"),
        pick("next_at"),
        pick("last_status"),
        pick("last_error"),
        pick("delivered_at"),
        pick("remote_id"),
    );
    let mut q = sqlx::query(&sql).bind(worker);
    for (c, r) in ended {
        q = q
            .bind(c.id.as_str())
            .bind(status_after(r).as_str())
            .bind(r.next_attempt_at.map(|t| t.0).unwrap_or(r.started_at.0))
            .bind(r.status_code.map(i64::from))
            .bind(r.error.clone())
            .bind(r.delivered.then_some(r.started_at.0 + r.latency_ms))
            .bind(r.remote_id.clone());
    }
    let moved: std::collections::HashSet<String> = q
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| col::<String>(row, "id"))
        .collect::<Result<_, _>>()?;
    // a delivery whose lease ran out and another worker took: its result counts, not ours
    let held: Vec<&(Claimed, AttemptResult<'_>)> = ended.iter().filter(|(c, _)| moved.contains(&c.id)).collect();
    if !held.is_empty() {
        const ATTEMPT: [&str; 6] = ["TEXT", "TEXT", "BIGINT", "BIGINT", "BIGINT", "TEXT"];
        let rows: Vec<String> = (0..held.len())
            .map(|i| typed_row(&ATTEMPT, i * ATTEMPT.len() + 2))
            .collect();
        // numbered over the delivery's whole life (a replay starts the schedule again, not the numbering)
        let sql = format!(
            "WITH v (attempt_id, outbox_id, started_at, latency_ms, status_code, error) AS (VALUES {})
             INSERT INTO outbox_attempts (id, outbox_id, attempt, started_at, latency_ms, status_code, error, worker)
             SELECT v.attempt_id, v.outbox_id,
                    (SELECT COUNT(*) FROM outbox_attempts a WHERE a.outbox_id = v.outbox_id) + 1,
                    v.started_at, v.latency_ms, v.status_code, v.error, $1
             FROM v",
            rows.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(worker);
        for (c, r) in &held {
            q = q
                .bind(uuid::Uuid::now_v7().to_string())
                .bind(c.id.as_str())
                .bind(r.started_at.0)
                .bind(r.latency_ms)
                .bind(r.status_code.map(i64::from))
                .bind(r.error.clone());
        }
        q.execute(&mut *tx).await?;
        for (c, r) in &held {
            if let (Some(reason), Some(endpoint)) = (r.disable_endpoint, &c.endpoint_id) {
                sqlx::query("UPDATE webhook_endpoints SET enabled = 0, disabled_reason = $1 WHERE id = $2")
                    .bind(reason)
                    .bind(endpoint)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await.map_err(AppError::from)
}

/// Where a delivery goes after an attempt.
fn status_after(r: &AttemptResult<'_>) -> DeliveryStatus {
    if r.delivered {
        DeliveryStatus::Delivered
    } else if r.next_attempt_at.is_some() {
        DeliveryStatus::Pending
    } else {
        DeliveryStatus::Failed
    }
}

async fn finish_in(conn: &mut AnyConnection, c: &Claimed, worker: &str, r: &AttemptResult<'_>) -> Result<(), AppError> {
    let status = status_after(r);
    let done = sqlx::query(
        "UPDATE outbox SET status = $1, attempts = attempts + 1, next_attempt_at = $2, lease_until = NULL,
                leased_by = NULL, last_status = $3, last_error = $4, delivered_at = $5,
                remote_id = COALESCE($6, remote_id)
         WHERE id = $7 AND leased_by = $8 AND status = 'pending'",
    )
    .bind(status.as_str())
    .bind(r.next_attempt_at.map(|t| t.0).unwrap_or(r.started_at.0))
    .bind(r.status_code.map(i64::from))
    .bind(r.error.clone())
    .bind(r.delivered.then_some(r.started_at.0 + r.latency_ms))
    .bind(r.remote_id.clone())
    .bind(&c.id)
    .bind(worker)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        // the lease ran out and another worker took it: its result counts, not ours
        return Ok(());
    }
    // numbered over the delivery's whole life (a replay starts the schedule again, not the numbering)
    sqlx::query(
        "INSERT INTO outbox_attempts (id, outbox_id, attempt, started_at, latency_ms, status_code, error, worker)
         SELECT $1, $2, COUNT(*) + 1, $3, $4, $5, $6, $7 FROM outbox_attempts WHERE outbox_id = $2",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(&c.id)
    .bind(r.started_at.0)
    .bind(r.latency_ms)
    .bind(r.status_code.map(i64::from))
    .bind(r.error.clone())
    .bind(worker)
    .execute(&mut *conn)
    .await?;
    if let (Some(reason), Some(endpoint)) = (r.disable_endpoint, &c.endpoint_id) {
        sqlx::query("UPDATE webhook_endpoints SET enabled = 0, disabled_reason = $1 WHERE id = $2")
            .bind(reason)
            .bind(endpoint)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Deliveries newest first, optionally in one status, keyset-paged on (created_at, id).
pub async fn list(
    db: &Db,
    status: Option<DeliveryStatus>,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<Delivery>, AppError> {
    let (at, id) = Cursor::before(after);
    let rows = sqlx::query(
        "SELECT o.id, o.channel, o.event_type, e.url, o.subject_kind, o.subject_id, o.status, o.attempts,
                o.next_attempt_at, o.last_status, o.last_error, o.delivered_at, o.created_at,
                (SELECT a.latency_ms FROM outbox_attempts a WHERE a.outbox_id = o.id ORDER BY a.attempt DESC LIMIT 1)
                    AS last_latency_ms
         FROM outbox o LEFT JOIN webhook_endpoints e ON e.id = o.endpoint_id
         WHERE ($1 = '' OR o.status = $1) AND (o.created_at < $2 OR (o.created_at = $2 AND o.id < $3))
         ORDER BY o.created_at DESC, o.id DESC LIMIT $4",
    )
    .bind(status.map(|s| s.as_str()).unwrap_or(""))
    .bind(at)
    .bind(id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let status: String = col(r, "status")?;
            Ok(Delivery {
                id: col(r, "id")?,
                channel: col(r, "channel")?,
                event_type: col(r, "event_type")?,
                endpoint_url: col(r, "url")?,
                subject: col::<Option<String>>(r, "subject_kind")?
                    .zip(col::<Option<String>>(r, "subject_id")?)
                    .map(|(k, i)| format!("{k} {i}")),
                status: DeliveryStatus::parse(&status).ok_or(AppError::Internal)?,
                attempts: col(r, "attempts")?,
                next_attempt_at: Millis(col(r, "next_attempt_at")?),
                last_status: col(r, "last_status")?,
                last_error: col(r, "last_error")?,
                last_latency_ms: col(r, "last_latency_ms")?,
                delivered_at: col::<Option<i64>>(r, "delivered_at")?.map(Millis),
                created_at: Millis(col(r, "created_at")?),
            })
        })
        .collect()
}

/// Sends a delivery again now, with the whole retry schedule ahead of it (same `webhook-id`). Only a
/// delivery that is not in flight: returns false for a pending one.
pub async fn replay(db: &Db, id: &str, now: Millis) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, lease_until = NULL,
                leased_by = NULL, delivered_at = NULL
         WHERE id = $2 AND status IN ('delivered', 'failed')",
    )
    .bind(now.0)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn exists(db: &Db, id: &str) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT 1 AS one FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

/// Whether a partner event about this record was ever queued for a webhook endpoint (what the partner may
/// answer about).
pub async fn sent(db: &Db, kind: &str, id: &str) -> Result<bool, AppError> {
    Ok(sqlx::query(
        "SELECT 1 AS one FROM outbox WHERE subject_kind = $1 AND subject_id = $2 AND channel = 'webhook' LIMIT 1",
    )
    .bind(kind)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

/// The sync state of a record: from its webhook deliveries (the worst one wins: failed, then retrying).
pub async fn sync_state(db: &Db, kind: &str, id: &str) -> Result<SyncState, AppError> {
    let mut conn = db.pool.acquire().await?;
    sync_state_in(&mut conn, kind, id).await
}

/// `sync_state` on the caller's connection or transaction.
pub async fn sync_state_in(conn: &mut AnyConnection, kind: &str, id: &str) -> Result<SyncState, AppError> {
    let rows = sqlx::query(&format!("{DELIVERIES} AND subject_id = $2 ORDER BY created_at, id"))
        .bind(kind)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    fold(&rows)
}

/// The sync states of many records of one kind in one query (a list page), keyed by id; a record without
/// deliveries is `NotSynced`.
pub async fn sync_states(db: &Db, kind: &str, ids: &[&str]) -> Result<HashMap<String, SyncState>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "{DELIVERIES} AND subject_id IN ({}) ORDER BY created_at, id",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(kind);
    for id in ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(&db.pool).await?;
    let mut by_id: HashMap<String, Vec<AnyRow>> = HashMap::new();
    for r in rows {
        by_id.entry(col(&r, "subject_id")?).or_default().push(r);
    }
    ids.iter()
        .map(|id| Ok((id.to_string(), fold(by_id.get(*id).map(Vec::as_slice).unwrap_or(&[]))?)))
        .collect()
}

/// A record's webhook deliveries, `$1` = kind.
const DELIVERIES: &str = "SELECT subject_id, status, attempts, next_attempt_at, last_error FROM outbox
                          WHERE subject_kind = $1 AND channel = 'webhook'";

/// One record's deliveries, oldest first, to its badge: the worst one wins (failed, then retrying).
fn fold(rows: &[AnyRow]) -> Result<SyncState, AppError> {
    let mut state = if rows.is_empty() {
        SyncState::NotSynced
    } else {
        SyncState::Synced
    };
    for r in rows {
        let status: String = col(r, "status")?;
        match DeliveryStatus::parse(&status).ok_or(AppError::Internal)? {
            DeliveryStatus::Failed => {
                let error: Option<String> = col(r, "last_error")?;
                return Ok(SyncState::Failed {
                    error: error.unwrap_or_else(|| "not delivered".into()),
                });
            }
            DeliveryStatus::Pending => {
                state = SyncState::Retrying {
                    attempts: col(r, "attempts")?,
                    next_at: Millis(col(r, "next_attempt_at")?),
                    last_error: col(r, "last_error")?,
                }
            }
            DeliveryStatus::Delivered => {}
        }
    }
    Ok(state)
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_are_rfc3339_utc() {
        use crate::domain::time::Millis;
        assert_eq!(super::iso8601(Millis(0)), "1970-01-01T00:00:00Z");
        assert_eq!(super::iso8601(Millis(1_795_335_062_810)), "2026-11-22T08:11:02Z");
        assert_eq!(super::iso8601(Millis(951_782_400_000)), "2000-02-29T00:00:00Z");
    }
}
