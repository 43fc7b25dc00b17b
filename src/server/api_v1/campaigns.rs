//! `/api/v1/campaigns`.

use super::{cursor_of, limit_of, next_link, with_etag, Caller, MoneyOut, Params, Problem};
use crate::domain::account::Role;
use crate::domain::api_key::KeyRole;
use crate::domain::campaign::{Campaign, CampaignStatus};
use crate::domain::ids::CampaignId;
use crate::domain::page::{Cursor, Page};
use crate::error::AppError;
use crate::server::db;
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignOut {
    pub id: String,
    pub business_id: String,
    pub business_name: String,
    pub title: String,
    pub description: String,
    pub budget: MoneyOut,
    /// The end of its last day, RFC 3339 (UTC).
    pub deadline: String,
    /// `draft`, `active` or `closed`.
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Campaign> for CampaignOut {
    fn from(c: Campaign) -> Self {
        CampaignOut {
            id: c.id.to_string(),
            business_id: c.business_id.to_string(),
            business_name: c.business_name,
            title: c.title,
            description: c.description,
            budget: c.budget.into(),
            deadline: c.deadline.rfc3339(),
            status: c.status.as_str().to_string(),
            created_at: c.created_at.rfc3339(),
            updated_at: c.updated_at.rfc3339(),
        }
    }
}

/// One page of campaigns, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignList {
    pub items: Vec<CampaignOut>,
    /// The next page's URL, when there is one.
    pub next: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    #[param(schema_with = super::schemas::cursor)]
    pub cursor: Option<String>,
    /// At most this many (1–100, default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// Only campaigns in this state (business keys).
    #[param(schema_with = super::schemas::campaign_status)]
    pub status: Option<String>,
}

/// Lists campaigns: a business key its own (any state, or `status`), a partner key every active one.
#[utoipa::path(
    get,
    path = "/api/v1/campaigns",
    tag = "campaigns",
    params(ListParams),
    responses(
        (status = 200, description = "One page of campaigns, newest first", body = CampaignList),
    )
)]
pub(super) async fn list_campaigns(
    State(state): State<AppState>,
    caller: Caller,
    Params(params): Params<ListParams>,
) -> Result<Json<CampaignList>, Problem> {
    let limit = limit_of(params.limit)?;
    let after = cursor_of::<CampaignId>(&params.cursor)?;
    let status = match super::given("status", &params.status)? {
        None => None,
        Some(s) => {
            Some(CampaignStatus::parse(s).ok_or_else(|| Problem::field("status", "Use draft, active or closed."))?)
        }
    };
    let rows = match caller.key.role {
        KeyRole::Partner => db::campaigns::list_active(&state.db, after, limit + 1).await?,
        _ => {
            let actor = caller.as_one_of(&[Role::Business])?;
            db::campaigns::list_for_business(&state.db, &actor.user_id, status, after, limit + 1).await?
        }
    };
    let Page { rows, next } = Page::cut(rows, limit, |last| Cursor::new(last.created_at, last.id.clone()));
    let limit = limit.to_string();
    let status = status.map(|s| s.as_str()).unwrap_or_default();
    let next = next_link(
        "/api/v1/campaigns",
        &[("limit", &limit), ("status", status)],
        next.map(|c| c.to_string()),
    );
    Ok(Json(CampaignList {
        items: rows.into_iter().map(CampaignOut::from).collect(),
        next,
    }))
}

/// One campaign, with an `ETag`: send it back as `If-None-Match` to be answered 304 when it has not changed.
#[utoipa::path(
    get,
    path = "/api/v1/campaigns/{id}",
    tag = "campaigns",
    params(("id" = String, Path, description = "The campaign's id")),
    responses(
        (status = 200, description = "The campaign", body = CampaignOut, headers(("ETag" = String, description = "The version of this record"))),
        (status = 304, description = "Not changed since the `If-None-Match` version"),
    )
)]
pub(super) async fn get_campaign(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let not_found = || Problem::from(AppError::not_found("Campaign"));
    let id = CampaignId::parse(&id).ok_or_else(not_found)?;
    let campaign = db::campaigns::get(&state.db, &id).await?.ok_or_else(not_found)?;
    let visible = match caller.key.role {
        KeyRole::Partner => campaign.status == CampaignStatus::Active,
        _ => caller
            .as_one_of(&[Role::Business])
            .map(|a| a.user_id == campaign.business_id)
            .unwrap_or(false),
    };
    if !visible {
        return Err(not_found());
    }
    Ok(with_etag(&headers, &CampaignOut::from(campaign)))
}
