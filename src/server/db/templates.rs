//! message_templates: a business's named message templates.

use super::{col, conflict, Db};
use crate::domain::ids::{TemplateId, UserId};
use crate::domain::template::{Template, TemplateKind, ValidTemplate, TEMPLATES_MAX};
use crate::domain::time::Millis;
use crate::error::AppError;
use sqlx::any::AnyRow;

const TAKEN: &[(&str, &str, &str)] = &[(
    "uq_message_templates_name",
    "message_templates.business_id, message_templates.name",
    "You already have a template of that name.",
)];

fn from_row(r: &AnyRow) -> Result<Template, AppError> {
    let kind: String = col(r, "kind")?;
    Ok(Template {
        id: TemplateId(col(r, "id")?),
        name: col(r, "name")?,
        kind: TemplateKind::parse(&kind).ok_or(AppError::Internal)?,
        body: col(r, "body")?,
    })
}

/// A business's templates, by kind then name.
pub async fn of_business(db: &Db, business: &UserId) -> Result<Vec<Template>, AppError> {
    sqlx::query("SELECT id, name, kind, body FROM message_templates WHERE business_id = $1 ORDER BY kind, name, id")
        .bind(business.as_str())
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Saves a new template (refused past `TEMPLATES_MAX`, counted in the insert itself), or changes one of this
/// business's (`None`: not theirs, or gone).
pub async fn save(
    db: &Db,
    business: &UserId,
    id: Option<&TemplateId>,
    t: &ValidTemplate,
    now: Millis,
) -> Result<Option<Template>, AppError> {
    let row = match id {
        None => sqlx::query(
            "INSERT INTO message_templates (id, business_id, name, kind, body, created_at, updated_at)
             SELECT $1, $2, $3, $4, $5, $6, $6
             WHERE (SELECT COUNT(*) FROM message_templates WHERE business_id = $2) < $7
             RETURNING id, name, kind, body",
        )
        .bind(TemplateId::generate().0)
        .bind(business.as_str())
        .bind(&t.name)
        .bind(t.kind.as_str())
        .bind(&t.body)
        .bind(now.0)
        .bind(TEMPLATES_MAX)
        .fetch_optional(&db.pool)
        .await
        .map_err(|e| conflict(e, TAKEN))?
        .ok_or_else(|| {
            AppError::Conflict(format!(
                "You have {TEMPLATES_MAX} templates, the most allowed: delete one first."
            ))
        })
        .map(Some)?,
        Some(id) => sqlx::query(
            "UPDATE message_templates SET name = $1, kind = $2, body = $3, updated_at = $4
             WHERE id = $5 AND business_id = $6
             RETURNING id, name, kind, body",
        )
        .bind(&t.name)
        .bind(t.kind.as_str())
        .bind(&t.body)
        .bind(now.0)
        .bind(id.as_str())
        .bind(business.as_str())
        .fetch_optional(&db.pool)
        .await
        .map_err(|e| conflict(e, TAKEN))?,
    };
    row.as_ref().map(from_row).transpose()
}

/// Deletes one of this business's templates; `false` when it is not theirs, or gone.
pub async fn delete(db: &Db, business: &UserId, id: &TemplateId) -> Result<bool, AppError> {
    let done = sqlx::query("DELETE FROM message_templates WHERE id = $1 AND business_id = $2")
        .bind(id.as_str())
        .bind(business.as_str())
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// One of this business's templates of this kind (`None`: not theirs, gone, or of the other kind).
pub async fn get(
    db: &Db,
    business: &UserId,
    id: &TemplateId,
    kind: TemplateKind,
) -> Result<Option<Template>, AppError> {
    let row = sqlx::query(
        "SELECT id, name, kind, body FROM message_templates WHERE id = $1 AND business_id = $2 AND kind = $3",
    )
    .bind(id.as_str())
    .bind(business.as_str())
    .bind(kind.as_str())
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}
