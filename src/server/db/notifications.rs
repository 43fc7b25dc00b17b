//! notifications: the in-app bell.

use super::{col, Db, Tx};
use crate::domain::ids::{NotificationId, UserId};
use crate::domain::live::Audience;
use crate::domain::notification::Notification;
use crate::domain::time::Millis;
use crate::error::AppError;

/// Written inside the transaction of the change it reports.
/// The user's open pages are told to look again when it commits.
pub async fn insert(
    tx: &mut Tx,
    user: &UserId,
    kind: &str,
    title: &str,
    body: &str,
    link: &str,
    now: Millis,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO notifications (id, user_id, kind, title, body, link, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(NotificationId::generate().0)
    .bind(user.as_str())
    .bind(kind)
    .bind(title)
    .bind(body)
    .bind(link)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    tx.tell(Audience::User(user.clone()));
    Ok(())
}

/// The bell of a user in one read: how many are unread, and the latest `limit`, newest first. (Every row
/// carries the unread count; a user with no notifications has no rows and nothing unread.)
pub async fn inbox(db: &Db, user: &UserId, limit: i64) -> Result<(i64, Vec<Notification>), AppError> {
    let rows = sqlx::query(
        "SELECT id, kind, title, body, link, created_at, read_at,
                (SELECT COUNT(*) FROM notifications u WHERE u.user_id = $1 AND u.read_at IS NULL) AS unread
         FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(user.as_str())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let unread = match rows.first() {
        Some(r) => col(r, "unread")?,
        None => 0,
    };
    let latest = rows
        .iter()
        .map(|r| {
            Ok(Notification {
                id: NotificationId(col(r, "id")?),
                kind: col(r, "kind")?,
                title: col(r, "title")?,
                body: col(r, "body")?,
                link: col(r, "link")?,
                created_at: Millis(col(r, "created_at")?),
                read: col::<Option<i64>>(r, "read_at")?.is_some(),
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok((unread, latest))
}

/// Marks one notification (or, with `None`, all) of this user as read; their other open pages follow.
pub async fn mark_read(db: &Db, user: &UserId, id: Option<&NotificationId>, now: Millis) -> Result<u64, AppError> {
    let mut tx = db.begin().await?;
    let done = match id {
        Some(id) => {
            sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND id = $3 AND read_at IS NULL")
                .bind(now.0)
                .bind(user.as_str())
                .bind(id.as_str())
                .execute(&mut *tx)
                .await
        }
        None => {
            sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
                .bind(now.0)
                .bind(user.as_str())
                .execute(&mut *tx)
                .await
        }
    }?;
    if done.rows_affected() > 0 {
        tx.tell(Audience::User(user.clone()));
    }
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// Where one of this user's notifications leads (`None`: not theirs, or gone).
pub async fn link_of(db: &Db, user: &UserId, id: &NotificationId) -> Result<Option<String>, AppError> {
    let row = sqlx::query("SELECT link FROM notifications WHERE user_id = $1 AND id = $2")
        .bind(user.as_str())
        .bind(id.as_str())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| col(&r, "link")).transpose()
}
