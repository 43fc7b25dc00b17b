//! `/api/v1/creators`: the directory as a business browses it, and the partner's creators coming in.

use super::{idempotency_key, next_link, with_etag, Body, Caller, Params, Problem};
use crate::domain::account::access;
use crate::domain::api_key::KeyRole;
use crate::domain::creator::CreatorCard;
use crate::domain::partner::{PartnerCreator, SyncReport, BATCH_MAX};
use crate::server::db;
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A creator in the directory.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatorOut {
    pub id: String,
    /// Without the `@`.
    pub username: String,
    pub name: String,
    pub avatar_url: String,
    pub followers: i64,
    pub niche: String,
    /// `instagram`, `tiktok`, `youtube`, `twitter`, `facebook`.
    pub platforms: Vec<String>,
    pub bio: String,
    /// Whether they take invitations and offers now.
    pub available: bool,
    /// The first day they take them again, RFC 3339 (UTC), while they are away.
    pub away_until: Option<String>,
    /// What they want businesses to know about their availability (may be empty).
    pub availability_note: String,
    /// The status of this business's latest invitation to them: `pending`, `accepted`, `declined`, `expired`,
    /// `withdrawn`; none if never invited.
    pub invitation_status: Option<String>,
}

impl From<CreatorCard> for CreatorOut {
    fn from(c: CreatorCard) -> Self {
        CreatorOut {
            id: c.id.to_string(),
            username: c.username,
            name: c.name,
            avatar_url: c.avatar_url,
            followers: c.followers,
            niche: c.niche,
            platforms: c.platforms,
            bio: c.bio,
            available: c.availability.away_until.is_none(),
            away_until: c.availability.away_until.map(|at| at.rfc3339()),
            availability_note: c.availability.note,
            invitation_status: c.invitation.map(|s| s.as_str().to_string()),
        }
    }
}

/// One page of creators.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatorList {
    pub items: Vec<CreatorOut>,
    /// The next page's URL, when there is one.
    pub next: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CreatorParams {
    /// Text in the name or @username.
    pub q: Option<String>,
    /// One niche.
    #[param(schema_with = super::schemas::niche)]
    pub niche: Option<String>,
    /// One platform.
    #[param(schema_with = super::schemas::platform)]
    pub platform: Option<String>,
    /// At least this many followers.
    #[param(value_type = Option<i64>, minimum = 0)]
    pub min_followers: Option<String>,
    /// `followers` (most first, the default) or `name`.
    #[param(schema_with = super::schemas::creator_sort)]
    pub sort: Option<String>,
    /// Where the previous page ended: the last creator's id (its `next` link carries it).
    #[param(schema_with = super::schemas::uuid)]
    pub cursor: Option<String>,
}

/// Searches the creator directory (business keys), 24 a page, with this business's latest invitation to each.
#[utoipa::path(
    get,
    path = "/api/v1/creators",
    tag = "creators",
    params(CreatorParams),
    responses((status = 200, description = "One page of creators", body = CreatorList))
)]
pub(super) async fn list_creators(
    State(state): State<AppState>,
    caller: Caller,
    Params(p): Params<CreatorParams>,
) -> Result<Json<CreatorList>, Problem> {
    for (name, value) in [
        ("niche", &p.niche),
        ("platform", &p.platform),
        ("min_followers", &p.min_followers),
        ("sort", &p.sort),
    ] {
        super::given(name, value)?;
    }
    let after = super::given("cursor", &p.cursor)?.unwrap_or_default().to_string();
    if !after.is_empty() && crate::domain::ids::UserId::parse(&after).is_none() {
        return Err(Problem::field("cursor", "This cursor is not one a page gave."));
    }
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let page = caller
        .run(
            &state,
            access::BUSINESS,
            crate::api::creators::search_creators(
                text(&p.q),
                text(&p.niche),
                text(&p.platform),
                text(&p.min_followers),
                text(&p.sort),
                after,
            ),
        )
        .await?;
    let next = next_link(
        "/api/v1/creators",
        &[
            ("q", &text(&p.q)),
            ("niche", &text(&p.niche)),
            ("platform", &text(&p.platform)),
            ("min_followers", &text(&p.min_followers)),
            ("sort", &text(&p.sort)),
        ],
        page.next,
    );
    Ok(Json(CreatorList {
        items: page.creators.into_iter().map(CreatorOut::from).collect(),
        next,
    }))
}

/// One creator, by username (with or without `@`).
#[utoipa::path(
    get,
    path = "/api/v1/creators/{username}",
    tag = "creators",
    params(("username" = String, Path, description = "The creator's @username")),
    responses(
        (status = 200, description = "The creator", body = CreatorOut, headers(("ETag" = String, description = "The version of this record"))),
        (status = 304, description = "Not changed since the `If-None-Match` version"),
    )
)]
pub(super) async fn get_creator(
    State(state): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let view = caller
        .run(
            &state,
            access::BUSINESS,
            crate::api::creators::creator_profile(username),
        )
        .await?;
    Ok(with_etag(&headers, &CreatorOut::from(view.creator)))
}

/// The body of a creators sync: the same creator objects as the `POST /webhooks/partner/creators` webhook.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PartnerCreatorsIn {
    /// 1–500 creators.
    #[schema(min_items = 1, max_items = 500)]
    pub creators: Vec<PartnerCreator>,
}

/// What a sync did, creator by creator (the partner's ids).
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncReportOut {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub rejected: Vec<RejectedOut>,
    /// True when this `Idempotency-Key` was used before: nothing changed this time, and this is the first
    /// answer again.
    pub duplicate: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RejectedOut {
    /// Its place in `creators`, from 0.
    pub index: usize,
    pub id: Option<String>,
    pub reason: String,
}

impl From<SyncReport> for SyncReportOut {
    fn from(r: SyncReport) -> Self {
        SyncReportOut {
            created: r.created,
            updated: r.updated,
            rejected: r
                .rejected
                .into_iter()
                .map(|x| RejectedOut {
                    index: x.index,
                    id: x.id,
                    reason: x.reason,
                })
                .collect(),
            duplicate: r.duplicate,
        }
    }
}

/// Creates or updates the partner's creators (partner keys), by the partner's id, with the same rules and
/// report as the inbound webhook: each creator is applied or rejected with its reason, one bad creator never
/// loses the others. Send an `Idempotency-Key` to make a retry change nothing.
#[utoipa::path(
    post,
    path = "/api/v1/creators",
    tag = "creators",
    request_body = PartnerCreatorsIn,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried sync change nothing")),
    responses((status = 200, description = "What the sync did, creator by creator", body = SyncReportOut))
)]
pub(super) async fn sync_creators(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Body(body): Body<PartnerCreatorsIn>,
) -> Result<Json<SyncReportOut>, Problem> {
    if caller.key.role != KeyRole::Partner {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "Only a partner key sends creators.",
        ));
    }
    let key = idempotency_key(&headers, false)?;
    // the JSON types are checked for the whole body (422); each creator's rules are then applied or reported
    // one by one, as for the webhook
    if body.creators.is_empty() {
        return Err(Problem::field("creators", "`creators` is empty."));
    }
    if body.creators.len() > BATCH_MAX {
        return Err(Problem::field(
            "creators",
            format!("Send at most {BATCH_MAX} creators at a time."),
        ));
    }
    let items = body
        .creators
        .into_iter()
        .map(|c| serde_json::to_value(c).map_err(|_| Problem::from(crate::error::AppError::Internal)))
        .collect::<Result<Vec<_>, _>>()?;
    // the dedup id: the key's own namespace, so another key's Idempotency-Key (or a webhook-id) never collides
    let id = match key {
        Some(k) => format!("api:{}:{k}", caller.key.id),
        None => format!("api:{}", uuid::Uuid::now_v7()),
    };
    let report = db::partner::sync_creators(&state.db, &id, items, state.clock.now()).await?;
    Ok(Json(report.into()))
}
