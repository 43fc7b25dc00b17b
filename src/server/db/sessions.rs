//! Sessions (the rows behind `server::auth::session::Store`): one row per session, its values as JSON, the
//! signed-in account as a column, so a request reads its session and its account in one query.

use super::{col, Db};
use crate::domain::account::Actor;
use crate::domain::ids::UserId;
use crate::domain::notification::Notification;
use crate::error::AppError;

/// A stored session as read back: its values, when it ends (wall-clock ms), its account if it has one and
/// the account still exists, and (when asked for) that account's bell: its unread count and latest notifications.
pub struct Stored {
    pub data: String,
    pub expires_at: i64,
    pub actor: Option<Actor>,
    pub inbox: Option<(i64, Vec<Notification>)>,
}

/// The live session with this id, joined with its account (`now`: wall-clock ms), and with `inbox: Some(n)`
/// the account's bell (its latest `n` notifications) too: a page shows the bell, so a page request reads
/// session, account and bell in one query.
pub async fn load(db: &Db, id: &str, now: i64, inbox: Option<i64>) -> Result<Option<Stored>, AppError> {
    let bell = match inbox {
        Some(_) => format!(
            ", {}",
            super::notifications::inbox_columns(db.backend, "s.user_id", "$3")
        ),
        None => String::new(),
    };
    let sql = format!(
        "SELECT s.data, s.expires_at, u.id, u.role, u.name, u.email, u.organisation_id{bell}
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id
         WHERE s.id = $1 AND s.expires_at > $2"
    );
    let mut query = sqlx::query(&sql).bind(id).bind(now);
    if let Some(n) = inbox {
        query = query.bind(n);
    }
    let row = query.fetch_optional(&db.pool).await?;
    let Some(row) = row else { return Ok(None) };
    let actor = match col::<Option<String>>(&row, "id")? {
        Some(_) => Some(super::users::actor_from(&row)?),
        None => None,
    };
    let inbox = match (&actor, inbox) {
        (Some(_), Some(_)) => Some(super::notifications::inbox_of(&row)?),
        _ => None,
    };
    Ok(Some(Stored {
        data: col(&row, "data")?,
        expires_at: col(&row, "expires_at")?,
        actor,
        inbox,
    }))
}

/// Writes a new session; `false` when its id is taken (the caller draws another).
pub async fn create(db: &Db, id: &str, data: &str, user: Option<&UserId>, expires_at: i64) -> Result<bool, AppError> {
    Ok(write(db, "DO NOTHING", id, data, user, expires_at).await? == 1)
}

/// Writes a session's values and expiry, creating its row if it has none.
pub async fn save(db: &Db, id: &str, data: &str, user: Option<&UserId>, expires_at: i64) -> Result<(), AppError> {
    let replace = "DO UPDATE SET data = excluded.data, user_id = excluded.user_id, expires_at = excluded.expires_at";
    write(db, replace, id, data, user, expires_at).await.map(|_| ())
}

/// Inserts a session row, `on_conflict` saying what a taken id does; the rows written.
async fn write(
    db: &Db,
    on_conflict: &'static str,
    id: &str,
    data: &str,
    user: Option<&UserId>,
    expires_at: i64,
) -> Result<u64, AppError> {
    let done = sqlx::query(&format!(
        "INSERT INTO sessions (id, data, user_id, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) {on_conflict}"
    ))
    .bind(id)
    .bind(data)
    .bind(user.map(|u| u.as_str()))
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected())
}

pub async fn delete(db: &Db, id: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Deletes the sessions over at `now` (wall-clock ms); how many.
pub async fn delete_expired(db: &Db, now: i64) -> Result<u64, AppError> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}
