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

/// The bell of a user in one read: how many are unread, and the latest `limit`, newest first.
pub async fn inbox(db: &Db, user: &UserId, limit: i64) -> Result<(i64, Vec<Notification>), AppError> {
    let row = sqlx::query(&format!("SELECT {}", inbox_columns(db.backend, "$1", "$2")))
        .bind(user.as_str())
        .bind(limit)
        .fetch_one(&db.pool)
        .await?;
    inbox_of(&row)
}

/// The bell as two columns of a query, `unread` and `latest` (a JSON array, newest first), of the user that the
/// SQL expression `user` names (a parameter, or a column of the enclosing query: the session's account, so a
/// page reads its session, its account and its bell in one query, `db::sessions::load`).
pub(super) fn inbox_columns(backend: super::Backend, user: &str, limit: &str) -> String {
    let latest = backend.json_objects(
        &[
            ("id", "n.id"),
            ("kind", "n.kind"),
            ("title", "n.title"),
            ("body", "n.body"),
            ("link", "n.link"),
            ("created_at", "n.created_at"),
            ("read_at", "n.read_at"),
        ],
        "n.created_at DESC, n.id DESC",
    );
    format!(
        "(SELECT COUNT(*) FROM notifications x WHERE x.user_id = {user} AND x.read_at IS NULL) AS unread,
         (SELECT {latest} FROM (SELECT id, kind, title, body, link, created_at, read_at FROM notifications
                                WHERE user_id = {user} ORDER BY created_at DESC, id DESC LIMIT {limit}) n) AS latest"
    )
}

/// The bell from the columns of [`inbox_columns`].
pub(super) fn inbox_of(row: &sqlx::any::AnyRow) -> Result<(i64, Vec<Notification>), AppError> {
    #[derive(serde::Deserialize)]
    struct Latest {
        id: String,
        kind: String,
        title: String,
        body: String,
        link: String,
        created_at: i64,
        read_at: Option<i64>,
    }
    let unread: i64 = col(row, "unread")?;
    let latest: Option<String> = col(row, "latest")?;
    let latest: Vec<Latest> = match latest {
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            tracing::error!(error = %e, "the bell's notifications did not read back");
            AppError::Internal
        })?,
        None => Vec::new(),
    };
    let latest = latest
        .into_iter()
        .map(|n| Notification {
            id: NotificationId(n.id),
            kind: n.kind,
            title: n.title,
            body: n.body,
            link: n.link,
            created_at: Millis(n.created_at),
            read: n.read_at.is_some(),
        })
        .collect();
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
