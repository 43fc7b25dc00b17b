//! `/api/v1/creator-requests` (business keys): asking the agency for specific creators for a campaign.

use super::{after_of, created, next_link, with_etag, Body, Caller, PageParams, Params, Problem};
use crate::domain::account::access;
use crate::domain::creator_request::{CreatorRequest, CreatorRequestInput};
use crate::domain::outbox::SyncState;
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A request to the agency for creators.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatorRequestOut {
    pub id: String,
    pub business_id: String,
    pub business_name: String,
    pub campaign_id: String,
    pub campaign_title: String,
    /// `ugc`, `influencer`, `ambassador` or `event`.
    pub campaign_type: String,
    pub brief: String,
    pub deliverables: String,
    /// The creators asked for, in the order given.
    pub creators: Vec<RequestedCreatorOut>,
    pub created_at: String,
    /// The partner platform's id for it, once the partner acknowledged it.
    pub partner_id: Option<String>,
    /// Whether the partner has it: `synced`, `retrying`, `failed` or `not_synced` (no partner wants it).
    pub partner_sync: String,
    /// `sent`, then `accepted` or `declined` once the partner answered for the creators.
    pub status: String,
    /// When the partner answered, RFC 3339 (UTC).
    pub answered_at: Option<String>,
    pub decline_reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestedCreatorOut {
    pub id: String,
    pub username: String,
    pub name: String,
}

impl From<CreatorRequest> for CreatorRequestOut {
    fn from(r: CreatorRequest) -> Self {
        CreatorRequestOut {
            id: r.id.to_string(),
            business_id: r.business_id.to_string(),
            business_name: r.business_name,
            campaign_id: r.campaign_id.to_string(),
            campaign_title: r.campaign_title,
            campaign_type: r.campaign_type.as_str().to_string(),
            brief: r.brief,
            deliverables: r.deliverables,
            creators: r
                .creators
                .into_iter()
                .map(|c| RequestedCreatorOut {
                    id: c.id.to_string(),
                    username: c.username,
                    name: c.name,
                })
                .collect(),
            created_at: r.created_at.rfc3339(),
            partner_id: r.partner_id,
            partner_sync: match r.sync {
                SyncState::NotSynced => "not_synced",
                SyncState::Synced => "synced",
                SyncState::Retrying { .. } => "retrying",
                SyncState::Failed { .. } => "failed",
            }
            .to_string(),
            status: r.status.as_str().to_string(),
            answered_at: r.answered_at.map(|at| at.rfc3339()),
            decline_reason: r.decline_reason,
        }
    }
}

/// One page of creator requests, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatorRequestList {
    pub items: Vec<CreatorRequestOut>,
    /// The next page's URL, when there is one.
    pub next: Option<String>,
}

/// A request to send.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCreatorRequest {
    /// One of this business's campaigns.
    pub campaign_id: String,
    #[schema(schema_with = super::schemas::campaign_type)]
    pub campaign_type: String,
    /// Up to 2,000 characters.
    pub brief: String,
    /// Up to 1,000 characters.
    #[serde(default)]
    pub deliverables: String,
    /// 1–20 @usernames of creators in the directory.
    #[schema(min_items = 1, max_items = 20)]
    pub creators: Vec<String>,
}

/// This business's creator requests, 20 a page, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/creator-requests",
    tag = "creator requests",
    params(PageParams),
    responses((status = 200, description = "One page of requests", body = CreatorRequestList))
)]
pub(super) async fn list_creator_requests(
    State(state): State<AppState>,
    caller: Caller,
    Params(p): Params<PageParams>,
) -> Result<Json<CreatorRequestList>, Problem> {
    let after = after_of(&p.cursor)?;
    let page = caller
        .run(
            &state,
            access::BUSINESS,
            crate::api::creator_requests::my_creator_requests(after),
        )
        .await?;
    Ok(Json(CreatorRequestList {
        items: page.requests.into_iter().map(CreatorRequestOut::from).collect(),
        next: next_link("/api/v1/creator-requests", &[], page.next),
    }))
}

/// Asks the agency for these creators for one of this business's campaigns: saved, e-mailed to the agency and
/// sent to the partner platform together.
#[utoipa::path(
    post,
    path = "/api/v1/creator-requests",
    tag = "creator requests",
    request_body = NewCreatorRequest,
    responses((status = 201, description = "Sent", body = CreatorRequestOut, headers(("Location" = String, description = "The new request"))))
)]
pub(super) async fn create_creator_request(
    State(state): State<AppState>,
    caller: Caller,
    Body(new): Body<NewCreatorRequest>,
) -> Result<Response, Problem> {
    if new.creators.len() > crate::domain::creator_request::CREATORS_MAX {
        return Err(Problem::field(
            "creators",
            format!(
                "Ask for at most {} creators at a time.",
                crate::domain::creator_request::CREATORS_MAX
            ),
        ));
    }
    let input = CreatorRequestInput {
        campaign_id: new.campaign_id,
        campaign_type: new.campaign_type,
        brief: new.brief,
        deliverables: new.deliverables,
        creators: new.creators.join(", "),
    };
    let result = caller
        .run(
            &state,
            access::BUSINESS,
            crate::api::creator_requests::create_creator_request(input),
        )
        .await?;
    let out = CreatorRequestOut::from(result.request);
    Ok(created(format!("/api/v1/creator-requests/{}", out.id), &out))
}

/// One creator request, with its creators and whether the partner has it.
#[utoipa::path(
    get,
    path = "/api/v1/creator-requests/{id}",
    tag = "creator requests",
    params(("id" = String, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The request", body = CreatorRequestOut, headers(("ETag" = String, description = "The version of this record"))),
        (status = 304, description = "Not changed since the `If-None-Match` version"),
    )
)]
pub(super) async fn get_creator_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let request = caller
        .run(
            &state,
            access::BUSINESS,
            crate::api::creator_requests::get_creator_request(id),
        )
        .await?;
    Ok(with_etag(&headers, &CreatorRequestOut::from(request)))
}
