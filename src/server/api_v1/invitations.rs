//! `/api/v1/invitations` and a campaign's invitations (business keys).

use super::{after_of, created, history_of, next_link, with_etag, Body, Caller, HistoryEntry, PageParams, Params};
use super::{MoneyOut, Problem};
use crate::domain::account::access;
use crate::domain::invitation::Invitation;
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An invitation of a creator to a campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationOut {
    pub id: String,
    pub campaign_id: String,
    pub campaign_title: String,
    pub campaign_budget: MoneyOut,
    pub business_id: String,
    pub business_name: String,
    pub creator_id: String,
    pub creator_username: String,
    pub creator_name: String,
    pub message: String,
    /// `pending`, `accepted`, `declined`, `expired` or `withdrawn` (a pending one past `expires_at` reads as
    /// expired).
    pub status: String,
    pub decline_reason: Option<String>,
    /// RFC 3339 (UTC).
    pub invited_at: String,
    /// 14 days after it was sent (or resent).
    pub expires_at: String,
    pub responded_at: Option<String>,
    pub resent_count: i64,
}

impl From<Invitation> for InvitationOut {
    fn from(i: Invitation) -> Self {
        InvitationOut {
            id: i.id.to_string(),
            campaign_id: i.campaign_id.to_string(),
            campaign_title: i.campaign_title,
            campaign_budget: i.campaign_budget.into(),
            business_id: i.business_id.to_string(),
            business_name: i.business_name,
            creator_id: i.creator_id.to_string(),
            creator_username: i.creator_username,
            creator_name: i.creator_name,
            message: i.message,
            status: i.status.as_str().to_string(),
            decline_reason: i.decline_reason,
            invited_at: i.invited_at.rfc3339(),
            expires_at: i.expires_at.rfc3339(),
            responded_at: i.responded_at.map(|at| at.rfc3339()),
            resent_count: i.resent_count,
        }
    }
}

/// An invitation with what happened to it.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationDetailOut {
    #[serde(flatten)]
    pub invitation: InvitationOut,
    /// Oldest first.
    pub history: Vec<HistoryEntry>,
}

/// One page of a campaign's invitations, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationList {
    pub items: Vec<InvitationOut>,
    /// The next page's URL, when there is one.
    pub next: Option<String>,
}

/// An invitation to send.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewInvitation {
    /// One of this business's active campaigns.
    pub campaign_id: String,
    /// The creator's id (`GET /api/v1/creators`).
    pub creator_id: String,
    /// Up to 500 characters; `{creator_name}`, `{campaign_title}`, `{business_name}` and `{deadline}` are
    /// filled in. May be empty when `template_id` is given.
    #[serde(default)]
    pub message: String,
    /// One of this business's invitation templates, used when `message` is empty.
    #[serde(default)]
    pub template_id: String,
}

/// A campaign's invitations, 20 a page, newest first (business keys: their own campaigns).
#[utoipa::path(
    get,
    path = "/api/v1/campaigns/{id}/invitations",
    tag = "invitations",
    params(("id" = String, Path, description = "The campaign's id"), PageParams),
    responses((status = 200, description = "One page of the campaign's invitations", body = InvitationList))
)]
pub(super) async fn list_invitations(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Params(p): Params<PageParams>,
) -> Result<Json<InvitationList>, Problem> {
    let after = after_of(&p.cursor)?;
    let view = caller
        .run(
            &state,
            access::BUSINESS,
            crate::api::invitations::campaign_invitations(id.clone(), after),
        )
        .await?;
    Ok(Json(InvitationList {
        items: view.invitations.into_iter().map(InvitationOut::from).collect(),
        next: next_link(&format!("/api/v1/campaigns/{id}/invitations"), &[], view.next),
    }))
}

/// Invites a creator to one of this business's active campaigns (14 days to answer). The creator is told, and
/// the partner platform hears of it. A creator already invited to the campaign is a 409 saying how that
/// invitation stands; one who is away until a date is a 409 saying until when.
#[utoipa::path(
    post,
    path = "/api/v1/invitations",
    tag = "invitations",
    request_body = NewInvitation,
    responses(
        (status = 201, description = "Invited", body = InvitationOut, headers(("Location" = String, description = "The new invitation"))),
        (status = 409, description = "Already invited, away, or the campaign is not active", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn create_invitation(
    State(state): State<AppState>,
    caller: Caller,
    Body(new): Body<NewInvitation>,
) -> Result<Response, Problem> {
    let inv = caller
        .run(
            &state,
            access::BUSINESS,
            crate::api::invitations::invite_creator(new.campaign_id, new.creator_id, new.message, new.template_id),
        )
        .await?;
    let out = InvitationOut::from(inv);
    Ok(created(format!("/api/v1/invitations/{}", out.id), &out))
}

/// One invitation with its history (the business that sent it).
#[utoipa::path(
    get,
    path = "/api/v1/invitations/{id}",
    tag = "invitations",
    params(("id" = String, Path, description = "The invitation's id")),
    responses(
        (status = 200, description = "The invitation", body = InvitationDetailOut, headers(("ETag" = String, description = "The version of this record"))),
        (status = 304, description = "Not changed since the `If-None-Match` version"),
    )
)]
pub(super) async fn get_invitation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let detail = caller
        .run(&state, access::BUSINESS, crate::api::invitations::get_invitation(id))
        .await?;
    let out = InvitationDetailOut {
        invitation: detail.invitation.into(),
        history: history_of(detail.history),
    };
    Ok(with_etag(&headers, &out))
}

/// Withdraws a pending invitation; the creator can no longer answer it. One that moved already is a 409
/// saying how it stands.
#[utoipa::path(
    post,
    path = "/api/v1/invitations/{id}/withdraw",
    tag = "invitations",
    params(("id" = String, Path, description = "The invitation's id")),
    responses(
        (status = 200, description = "Withdrawn", body = InvitationOut),
        (status = 409, description = "It is no longer pending", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn withdraw_invitation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<InvitationOut>, Problem> {
    let inv = caller
        .run(
            &state,
            access::BUSINESS,
            crate::api::invitations::withdraw_invitation(id),
        )
        .await?;
    Ok(Json(inv.into()))
}
