//! rate_limits and sign_in_networks: the rate limits every instance of the app shares (see `domain::rate`).

use super::{col, Backend, Db};
use crate::domain::rate::Quota;
use crate::domain::time::Millis;
use crate::error::AppError;

/// Counts one use of `key` at `now`. `Ok(Ok(()))` if allowed; `Ok(Err(seconds))`, changing nothing, if its
/// budget is spent. One statement, atomic on both engines: the upsert's condition is read on the row as it is
/// when the statement takes it (PostgreSQL locks it; SQLite has one writer), so racing instances never both
/// take the last use.
pub async fn check(db: &Db, key: &str, quota: Quota, now: Millis) -> Result<Result<(), u64>, AppError> {
    // Quota::admit, in SQL
    let greatest = match db.backend {
        Backend::Sqlite => "MAX",
        Backend::Postgres => "GREATEST",
    };
    let taken = sqlx::query(&format!(
        "INSERT INTO rate_limits (key, tat) VALUES ($1, $2 + $3)
         ON CONFLICT (key) DO UPDATE SET tat = {greatest}(rate_limits.tat, $2) + $3
         WHERE {greatest}(rate_limits.tat, $2) + $3 - $2 <= $4
         RETURNING tat"
    ))
    .bind(key)
    .bind(now.0)
    .bind(quota.interval())
    .bind(quota.limit())
    .fetch_optional(&db.pool)
    .await?;
    if taken.is_some() {
        return Ok(Ok(()));
    }
    let tat: i64 = match sqlx::query("SELECT tat FROM rate_limits WHERE key = $1")
        .bind(key)
        .fetch_optional(&db.pool)
        .await?
    {
        Some(row) => col(&row, "tat")?,
        None => now.0, // purged in between: whole again
    };
    Ok(Err(quota.wait_seconds(tat, now.0)))
}

/// The network this address last signed in from.
pub async fn known_network(db: &Db, email: &str) -> Result<Option<String>, AppError> {
    let row = sqlx::query("SELECT network FROM sign_in_networks WHERE email = $1")
        .bind(email)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(|r| col(r, "network")).transpose()
}

pub async fn remember_network(db: &Db, email: &str, network: &str, now: Millis) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO sign_in_networks (email, network, signed_in_at) VALUES ($1, $2, $3)
         ON CONFLICT (email) DO UPDATE SET network = excluded.network, signed_in_at = excluded.signed_in_at",
    )
    .bind(email)
    .bind(network)
    .bind(now.0)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Deletes the keys whose budget is whole again (as if absent) and the sign-in networks not used since
/// `networks_before`. Returns the rows deleted.
pub async fn purge(db: &Db, now: Millis, networks_before: Millis) -> Result<u64, AppError> {
    let keys = sqlx::query("DELETE FROM rate_limits WHERE tat <= $1")
        .bind(now.0)
        .execute(&db.pool)
        .await?
        .rows_affected();
    let networks = sqlx::query("DELETE FROM sign_in_networks WHERE signed_in_at < $1")
        .bind(networks_before.0)
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok(keys + networks)
}
