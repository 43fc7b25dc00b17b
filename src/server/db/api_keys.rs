//! api_keys: keys for the partner API, stored as their SHA-256 (see `domain::api_key`).

use super::{col, Db};
use crate::domain::api_key::{ApiKey, KeyRole, NewKey, KEYS_MAX, PREFIX_LEN, SECRET_LEN};
use crate::domain::ids::UserId;
use crate::domain::time::Millis;
use crate::error::AppError;
use sqlx::any::AnyRow;

macro_rules! columns {
    () => {
        "k.id, k.name, k.role, k.owner_id, u.name AS owner_name, u.email AS owner_email, k.prefix, k.created_at,
         k.last_used_at, k.revoked_at"
    };
}
const SELECT: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM api_keys k LEFT JOIN users u ON u.id = k.owner_id"
);
/// [`SELECT`] with the stored hash, to authenticate.
const SELECT_WITH_HASH: &str = concat!(
    "SELECT ",
    columns!(),
    ", k.secret_hash FROM api_keys k LEFT JOIN users u ON u.id = k.owner_id"
);

fn from_row(r: &AnyRow) -> Result<ApiKey, AppError> {
    let role: String = col(r, "role")?;
    let owner: Option<String> = col(r, "owner_id")?;
    let owner = match owner {
        Some(id) => Some((id, col(r, "owner_name")?, col(r, "owner_email")?)),
        None => None,
    };
    Ok(ApiKey {
        id: col(r, "id")?,
        name: col(r, "name")?,
        role: KeyRole::parse(&role).ok_or(AppError::Internal)?,
        owner,
        prefix: format!("cdk_{}", col::<String>(r, "prefix")?),
        created_at: Millis(col(r, "created_at")?),
        last_used_at: col::<Option<i64>>(r, "last_used_at")?.map(Millis),
        revoked_at: col::<Option<i64>>(r, "revoked_at")?.map(Millis),
    })
}

/// The SHA-256 of a whole key, as stored.
pub fn hash(key: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(key.as_bytes()))
}

fn random(n: usize) -> String {
    use rand::distributions::{Alphanumeric, DistString};
    Alphanumeric.sample_string(&mut rand::rngs::OsRng, n)
}

/// Makes a key (refused past `KEYS_MAX` live keys for its owner, counted in the insert itself): the key as
/// listed, and the whole key, to show once.
pub async fn create(db: &Db, key: &NewKey, by: &UserId, now: Millis) -> Result<(ApiKey, String), AppError> {
    let (prefix, secret) = (random(PREFIX_LEN), random(SECRET_LEN));
    let whole = format!("cdk_{prefix}_{secret}");
    let id = uuid::Uuid::now_v7().to_string();
    let inserted = sqlx::query(
        "INSERT INTO api_keys (id, name, role, owner_id, created_by, prefix, secret_hash, created_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8
         WHERE (SELECT COUNT(*) FROM api_keys
                WHERE revoked_at IS NULL AND role = $3 AND (owner_id = $4 OR (owner_id IS NULL AND $4 IS NULL))) < $9",
    )
    .bind(&id)
    .bind(&key.name)
    .bind(key.role.as_str())
    .bind(key.owner.as_deref())
    .bind(by.as_str())
    .bind(&prefix)
    .bind(hash(&whole))
    .bind(now.0)
    .bind(KEYS_MAX)
    .execute(&db.pool)
    .await?;
    if inserted.rows_affected() != 1 {
        return Err(AppError::Conflict(format!(
            "At most {KEYS_MAX} live keys each: revoke one you no longer use first."
        )));
    }
    let made = get(db, &id).await?.ok_or(AppError::Internal)?;
    Ok((made, whole))
}

pub async fn get(db: &Db, id: &str) -> Result<Option<ApiKey>, AppError> {
    sqlx::query(&format!("{SELECT} WHERE k.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Every key but businesses' own (an admin's list), or one owner's keys; newest first.
pub async fn list(db: &Db, owner: Option<&UserId>) -> Result<Vec<ApiKey>, AppError> {
    let rows = match owner {
        Some(o) => {
            sqlx::query(&format!(
                "{SELECT} WHERE k.owner_id = $1 ORDER BY k.created_at DESC, k.id DESC"
            ))
            .bind(o.as_str())
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query(&format!(
                "{SELECT} WHERE k.role <> 'business' ORDER BY k.created_at DESC, k.id DESC LIMIT 500"
            ))
            .fetch_all(&db.pool)
            .await?
        }
    };
    rows.iter().map(from_row).collect()
}

/// Revokes a live key (compare-and-swap on `revoked_at`): `false` when it was revoked already.
pub async fn revoke(db: &Db, id: &str, now: Millis) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now.0)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The live key `whole` is (found by its prefix, compared by hash in constant time): one read; its last use
/// is written at most once a minute, so a busy key does not write on every request.
pub async fn authenticate(db: &Db, prefix: &str, whole: &str, now: Millis) -> Result<Option<ApiKey>, AppError> {
    let found = sqlx::query(&format!(
        "{SELECT_WITH_HASH} WHERE k.prefix = $1 AND k.revoked_at IS NULL"
    ))
    .bind(prefix)
    .fetch_optional(&db.pool)
    .await?;
    let Some(found) = found else { return Ok(None) };
    let stored: String = col(&found, "secret_hash")?;
    if !bool::from(subtle::ConstantTimeEq::ct_eq(stored.as_bytes(), hash(whole).as_bytes())) {
        return Ok(None);
    }
    let mut key = from_row(&found)?;
    if key.last_used_at.is_none_or(|at| at.0 < now.0 - 60_000) {
        sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(now.0)
            .bind(&key.id)
            .execute(&db.pool)
            .await?;
        key.last_used_at = Some(now);
    }
    Ok(Some(key))
}
