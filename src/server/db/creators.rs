//! The creator directory: users with a creator profile.

use super::{col, like, Db};
use crate::domain::creator::{Availability, CreatorCard, CreatorQuery, CreatorSort};
use crate::domain::ids::UserId;
use crate::domain::time::Millis;
use crate::error::AppError;
use sqlx::any::AnyRow;

const SELECT: &str = "SELECT u.id, u.name, p.username, p.avatar_url, p.followers, p.niche, p.bio, p.away_until,
            p.away_note
     FROM users u JOIN creator_profiles p ON p.user_id = u.id";

fn from_row(r: &AnyRow) -> Result<CreatorCard, AppError> {
    Ok(CreatorCard {
        id: UserId(col(r, "id")?),
        name: col(r, "name")?,
        username: col(r, "username")?,
        avatar_url: col(r, "avatar_url")?,
        followers: col(r, "followers")?,
        niche: col(r, "niche")?,
        platforms: Vec::new(),
        bio: col(r, "bio")?,
        invitation: None,
        availability: Availability {
            away_until: col::<Option<i64>>(r, "away_until")?.map(Millis),
            note: col(r, "away_note")?,
            label: String::new(),
        },
    })
}

/// Saves a creator's availability.
pub async fn set_availability(db: &Db, creator: &UserId, availability: &Availability) -> Result<(), AppError> {
    let done = sqlx::query("UPDATE creator_profiles SET away_until = $1, away_note = $2 WHERE user_id = $3")
        .bind(availability.away_until.map(|d| d.0))
        .bind(&availability.note)
        .bind(creator.as_str())
        .execute(&db.pool)
        .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::not_found("Creator profile"))
    }
}

/// A creator as an invitation or an offer addresses them: who, and whether they take one now.
#[derive(Clone, Debug)]
pub struct Addressee {
    pub id: UserId,
    pub username: String,
    pub name: String,
    pub availability: Availability,
}

/// Each of these creators that has a profile, as an invitation addresses them.
pub async fn addressees(db: &Db, creators: &[UserId]) -> Result<Vec<Addressee>, AppError> {
    if creators.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=creators.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT p.user_id, p.username, u.name, p.away_until, p.away_note
         FROM creator_profiles p JOIN users u ON u.id = p.user_id WHERE p.user_id IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for c in creators {
        query = query.bind(c.as_str());
    }
    query
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Addressee {
                id: UserId(col(r, "user_id")?),
                username: col(r, "username")?,
                name: col(r, "name")?,
                availability: Availability {
                    away_until: col::<Option<i64>>(r, "away_until")?.map(Millis),
                    note: col(r, "away_note")?,
                    label: String::new(),
                },
            })
        })
        .collect()
}

/// One page of the directory, keyset-paged on the sort key and the id. `after` is the last card shown.
pub async fn search(
    db: &Db,
    q: &CreatorQuery,
    after: Option<&CreatorCard>,
    limit: i64,
) -> Result<Vec<CreatorCard>, AppError> {
    let filters = "($1 = '' OR LOWER(u.name) LIKE $2 ESCAPE '\\' OR p.username LIKE $2 ESCAPE '\\')
           AND ($3 = '' OR p.niche = $3)
           AND ($4 = '' OR EXISTS (SELECT 1 FROM creator_platforms cp WHERE cp.user_id = u.id AND cp.platform = $4))
           AND p.followers >= $5";
    // the cursor: ($6 sort key, $7 id) of the last card shown; $8 = 0 on the first page
    let (keyset, order) = match q.sort {
        CreatorSort::Followers => (
            "(p.followers < $6 OR (p.followers = $6 AND u.id < $7))",
            "p.followers DESC, u.id DESC",
        ),
        CreatorSort::Name => ("(u.name > $6 OR (u.name = $6 AND u.id > $7))", "u.name ASC, u.id ASC"),
    };
    let sql = format!("{SELECT} WHERE {filters} AND ($8 = 0 OR {keyset}) ORDER BY {order} LIMIT $9");
    let mut query = sqlx::query(&sql)
        .bind(&q.text)
        .bind(like(&q.text))
        .bind(q.niche.clone().unwrap_or_default())
        .bind(q.platform.clone().unwrap_or_default())
        .bind(q.min_followers);
    query = match q.sort {
        CreatorSort::Followers => query.bind(after.map(|a| a.followers).unwrap_or(0)),
        CreatorSort::Name => query.bind(after.map(|a| a.name.clone()).unwrap_or_default()),
    };
    let rows = query
        .bind(after.map(|a| a.id.0.clone()).unwrap_or_default())
        .bind(i64::from(after.is_some()))
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    let mut cards: Vec<CreatorCard> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    with_platforms(db, &mut cards).await?;
    Ok(cards)
}

async fn with_platforms(db: &Db, cards: &mut [CreatorCard]) -> Result<(), AppError> {
    if cards.is_empty() {
        return Ok(());
    }
    let placeholders: Vec<String> = (1..=cards.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT user_id, platform FROM creator_platforms WHERE user_id IN ({}) ORDER BY platform",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for c in cards.iter() {
        query = query.bind(c.id.as_str());
    }
    for r in query.fetch_all(&db.pool).await? {
        let user: String = col(&r, "user_id")?;
        let platform: String = col(&r, "platform")?;
        if let Some(card) = cards.iter_mut().find(|c| c.id.0 == user) {
            card.platforms.push(platform);
        }
    }
    Ok(())
}

pub async fn by_id(db: &Db, id: &UserId) -> Result<Option<CreatorCard>, AppError> {
    one(db, "u.id", id.as_str()).await
}

pub async fn by_username(db: &Db, username: &str) -> Result<Option<CreatorCard>, AppError> {
    one(db, "p.username", username).await
}

/// The creator whose `column` equals `value`, with their platforms.
async fn one(db: &Db, column: &str, value: &str) -> Result<Option<CreatorCard>, AppError> {
    let row = sqlx::query(&format!("{SELECT} WHERE {column} = $1"))
        .bind(value)
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let mut cards = vec![from_row(&row)?];
    with_platforms(db, &mut cards).await?;
    Ok(cards.pop())
}
