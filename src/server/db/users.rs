//! users, creator_profiles, creator_platforms, organisations.

use super::{col, conflict, Db};
use crate::domain::account::{Actor, CreatorProfileInput, Role, UserSummary};
use crate::domain::ids::{OrganisationId, UserId};
use crate::domain::page::Cursor;
use crate::domain::time::Millis;
use crate::error::AppError;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

pub const EMAIL_TAKEN: &str = "An account with this email already exists.";

const UNIQUE: &[(&str, &str, &str)] = &[
    ("uq_users_email", "users.email", EMAIL_TAKEN),
    (
        "uq_creator_profiles_username",
        "creator_profiles.username",
        "That username is taken. Choose another.",
    ),
];

/// What is stored for a new account.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub name: &'a str,
    pub organisation: Option<&'a str>,
    pub creator: Option<&'a CreatorProfileInput>,
}

/// Inserts the account with its profile (and its advertiser organisation, created when new) atomically.
pub async fn insert(db: &Db, user: &NewUser<'_>, now: Millis) -> Result<UserId, AppError> {
    let mut tx = db.pool.begin().await?;
    let id = insert_in(&mut tx, user, now).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn insert_in(tx: &mut Transaction<'_, Any>, user: &NewUser<'_>, now: Millis) -> Result<UserId, AppError> {
    let id = UserId::generate();
    let organisation_id = match user.organisation {
        Some(name) => Some(organisation_by_name(tx, name, now).await?),
        None => None,
    };
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, role, name, organisation_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.as_str())
    .bind(user.email)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(user.name)
    .bind(organisation_id.as_ref().map(|o| o.0.clone()))
    .bind(now.0)
    .execute(&mut **tx)
    .await
    .map_err(|e| conflict(e, UNIQUE))?;
    if let Some(c) = user.creator {
        sqlx::query(
            "INSERT INTO creator_profiles (user_id, username, avatar_url, followers, niche, bio)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.as_str())
        .bind(&c.username)
        .bind(&c.avatar_url)
        .bind(c.followers)
        .bind(&c.niche)
        .bind(&c.bio)
        .execute(&mut **tx)
        .await
        .map_err(|e| conflict(e, UNIQUE))?;
        let mut platforms = c.platforms.clone();
        platforms.sort();
        platforms.dedup();
        for p in platforms {
            sqlx::query("INSERT INTO creator_platforms (user_id, platform) VALUES ($1, $2)")
                .bind(id.as_str())
                .bind(p)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(id)
}

/// The advertiser organisation with this name, created when it does not exist yet.
async fn organisation_by_name(
    tx: &mut Transaction<'_, Any>,
    name: &str,
    now: Millis,
) -> Result<OrganisationId, AppError> {
    let new_id = OrganisationId::generate();
    sqlx::query(
        "INSERT INTO organisations (id, name, kind, created_at) VALUES ($1, $2, 'advertiser', $3)
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(new_id.as_str())
    .bind(name)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    let row = sqlx::query("SELECT id FROM organisations WHERE name = $1")
        .bind(name)
        .fetch_one(&mut **tx)
        .await?;
    Ok(OrganisationId(col(&row, "id")?))
}

/// The stored password hash and id of an account, by (normalised) email.
pub async fn credentials(db: &Db, email: &str) -> Result<Option<(UserId, String)>, AppError> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok((UserId(col(&r, "id")?), col(&r, "password_hash")?)))
        .transpose()
}

pub(super) fn actor_from(row: &AnyRow) -> Result<Actor, AppError> {
    let role: String = col(row, "role")?;
    Ok(Actor {
        user_id: UserId(col(row, "id")?),
        role: Role::parse(&role).ok_or(AppError::Internal)?,
        name: col(row, "name")?,
        email: col(row, "email")?,
        organisation_id: col::<Option<String>>(row, "organisation_id")?.map(OrganisationId),
    })
}

pub async fn actor(db: &Db, id: &UserId) -> Result<Option<Actor>, AppError> {
    let row = sqlx::query("SELECT id, role, name, email, organisation_id FROM users WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(actor_from).transpose()
}

pub async fn count(db: &Db) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&db.pool)
        .await?;
    col(&row, "n")
}

/// The distinct password hashes of the accounts at this e-mail domain (`demo.test`: the demo accounts share one).
pub async fn hashes_at_domain(db: &Db, domain: &str) -> Result<Vec<String>, AppError> {
    let rows = sqlx::query("SELECT DISTINCT password_hash FROM users WHERE email LIKE $1 LIMIT 20")
        .bind(format!("%@{domain}"))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| col(r, "password_hash")).collect()
}

/// One page of the admin Users list, newest first, keyset-paged on (created_at, id).
pub async fn list(
    db: &Db,
    role: Option<Role>,
    after: Option<Cursor<UserId>>,
    limit: i64,
) -> Result<Vec<UserSummary>, AppError> {
    let (after_at, after_id) = Cursor::before(after);
    let rows = sqlx::query(
        "SELECT u.id, u.email, u.name, u.role, u.created_at, o.name AS organisation
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
         WHERE ($1 = '' OR u.role = $1)
           AND (u.created_at < $2 OR (u.created_at = $2 AND u.id < $3))
         ORDER BY u.created_at DESC, u.id DESC
         LIMIT $4",
    )
    .bind(role.map(|r| r.as_str()).unwrap_or(""))
    .bind(after_at)
    .bind(after_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(summary_from).collect()
}

fn summary_from(r: &AnyRow) -> Result<UserSummary, AppError> {
    let role: String = col(r, "role")?;
    Ok(UserSummary {
        id: UserId(col(r, "id")?),
        email: col(r, "email")?,
        name: col(r, "name")?,
        role: Role::parse(&role).ok_or(AppError::Internal)?,
        organisation: col(r, "organisation")?,
        created_at: Millis(col(r, "created_at")?),
    })
}

pub async fn summary(db: &Db, id: &UserId) -> Result<Option<UserSummary>, AppError> {
    let row = sqlx::query(
        "SELECT u.id, u.email, u.name, u.role, u.created_at, o.name AS organisation
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1",
    )
    .bind(id.as_str())
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(summary_from).transpose()
}

/// A user's e-mail address, in the caller's transaction (for the e-mail a change sends).
pub async fn email_in(conn: &mut sqlx::AnyConnection, id: &UserId) -> Result<String, AppError> {
    let row = sqlx::query("SELECT email FROM users WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::Internal)?;
    col(&row, "email")
}
