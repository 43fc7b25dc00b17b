//! `/api/v1/creative-requests`: publishers submit and follow their requests; advertisers read theirs by tab and
//! review them (approve, reject, send back): one record whose `status` and `approval_stage` move, with its
//! history.

use super::{after_of, created, next_link, with_etag, Body, Caller, Params, Problem};
use crate::api::creative_requests::state_key;
use crate::domain::account::{access, Role};
use crate::domain::creative::{CreativeRequest, NewCreativeRequest, RequestEvent};
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A creative request.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreativeRequestOut {
    pub id: String,
    pub offer_id: String,
    pub offer_name: String,
    pub creative_type: String,
    pub creative_count: i64,
    pub from_lines_count: i64,
    pub subject_lines_count: i64,
    pub publisher_id: String,
    pub publisher_name: String,
    pub advertiser_id: String,
    pub advertiser_name: String,
    pub affiliate_id: String,
    pub client_id: String,
    pub client_name: String,
    /// `High Priority` or `Medium Priority`.
    pub priority: String,
    pub notes: String,
    /// `new`, `pending`, `approved`, `rejected` or `sent-back`.
    pub status: String,
    /// Whose turn it is: `admin`, `advertiser` or `completed`.
    pub approval_stage: String,
    /// As people read it: `Pending advertiser approval`.
    pub state: String,
    pub admin_comments: Option<String>,
    pub advertiser_comments: Option<String>,
    pub submitted_at: String,
    pub updated_at: String,
    /// Send it back as `seen` when reviewing: a request that moved since is refused with how it stands now.
    pub version: String,
}

impl From<CreativeRequest> for CreativeRequestOut {
    fn from(r: CreativeRequest) -> Self {
        CreativeRequestOut {
            version: state_key(&r),
            id: r.id.to_string(),
            offer_id: r.offer_id,
            offer_name: r.offer_name,
            creative_type: r.creative_type,
            creative_count: r.creative_count,
            from_lines_count: r.from_lines_count,
            subject_lines_count: r.subject_lines_count,
            publisher_id: r.publisher_id.to_string(),
            publisher_name: r.publisher_name,
            advertiser_id: r.advertiser_id.to_string(),
            advertiser_name: r.advertiser_name,
            affiliate_id: r.affiliate_id,
            client_id: r.client_id,
            client_name: r.client_name,
            priority: r.priority.as_str().to_string(),
            notes: r.notes,
            status: r.state.status().as_str().to_string(),
            approval_stage: r.state.stage().as_str().to_string(),
            state: r.state.label().to_string(),
            admin_comments: r.admin_comments,
            advertiser_comments: r.advertiser_comments,
            submitted_at: r.submitted_at.rfc3339(),
            updated_at: r.updated_at.rfc3339(),
        }
    }
}

/// One event of a request's audit trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestEventOut {
    /// `submitted`, `forwarded`, `approved`, `rejected` or `sent-back`.
    pub action: String,
    pub actor_name: String,
    pub actor_role: String,
    /// The state before (none for the submission) and after, as people read them.
    pub from: Option<String>,
    pub to: String,
    pub comment: Option<String>,
    pub at: String,
}

impl From<RequestEvent> for RequestEventOut {
    fn from(e: RequestEvent) -> Self {
        RequestEventOut {
            action: e.action,
            actor_name: e.actor_name,
            actor_role: e.actor_role.as_str().to_string(),
            from: e.from.map(|s| s.label().to_string()),
            to: e.to.label().to_string(),
            comment: e.comment,
            at: e.at.rfc3339(),
        }
    }
}

/// A request with its audit trail and what this key may do to it now.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreativeRequestDetailOut {
    #[serde(flatten)]
    pub request: CreativeRequestOut,
    /// Oldest first.
    pub history: Vec<RequestEventOut>,
    /// The review actions open to this key now (`approve`, `reject`, `send_back`).
    pub actions: Vec<String>,
}

/// A tab with how many requests it holds (for this key's filter).
#[derive(Debug, Serialize, ToSchema)]
pub struct TabCount {
    /// `all`, `new`, `approved`, `rejected`.
    pub tab: String,
    pub label: String,
    pub count: i64,
}

/// One page of requests, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreativeRequestList {
    pub items: Vec<CreativeRequestOut>,
    /// Advertiser keys: the tabs with their counts.
    pub tabs: Vec<TabCount>,
    /// The next page's URL, when there is one.
    pub next: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CreativeParams {
    /// Advertiser keys: the tab (`all` by default).
    #[param(schema_with = super::schemas::response_tab)]
    pub tab: Option<String>,
    /// Text in the offer's id or name.
    pub q: Option<String>,
    #[param(schema_with = super::schemas::priority)]
    pub priority: Option<String>,
    /// `newest` (default) or `oldest`.
    #[param(schema_with = super::schemas::oldest_or_newest)]
    pub sort: Option<String>,
    #[param(schema_with = super::schemas::cursor)]
    pub cursor: Option<String>,
}

/// A request to submit (publisher keys).
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCreativeRequestIn {
    pub offer_id: String,
    pub offer_name: String,
    #[schema(schema_with = super::schemas::creative_type)]
    pub creative_type: String,
    #[schema(minimum = 1, maximum = 100)]
    pub creative_count: i64,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub from_lines_count: i64,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub subject_lines_count: i64,
    #[schema(schema_with = super::schemas::priority)]
    pub priority: String,
    /// The advertiser organisation's id.
    pub advertiser_id: String,
    pub affiliate_id: String,
    pub client_id: String,
    pub client_name: String,
    #[serde(default)]
    pub notes: String,
}

/// A review (advertiser keys).
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewIn {
    /// `approve`, `reject` or `send_back`.
    #[schema(schema_with = review_actions)]
    pub action: String,
    /// Required to reject or send back (why); optional to approve.
    #[serde(default)]
    pub comment: String,
    /// The `version` the decision was made on: when the request moved since, the review is refused (409).
    #[serde(default)]
    pub seen: String,
}

/// The API's words for the review actions, and the audit trail's.
const ACTIONS: [(&str, &str); 4] = [
    ("approve", "approved"),
    ("reject", "rejected"),
    ("send_back", "sent-back"),
    ("forward", "forwarded"),
];

fn review_actions() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["approve", "reject", "send_back"]))
        .build()
}

fn is_publisher(caller: &Caller) -> bool {
    caller.actor.as_ref().is_some_and(|a| a.role == Role::Publisher)
}

/// Lists requests: a publisher key its own submissions; an advertiser key those addressed to its organisation,
/// by tab, with each tab's count.
#[utoipa::path(
    get,
    path = "/api/v1/creative-requests",
    tag = "creative requests",
    params(CreativeParams),
    responses((status = 200, description = "One page of requests", body = CreativeRequestList))
)]
pub(super) async fn list_creative_requests(
    State(state): State<AppState>,
    caller: Caller,
    Params(p): Params<CreativeParams>,
) -> Result<Json<CreativeRequestList>, Problem> {
    let after = after_of(&p.cursor)?;
    // the filters are checked for every key (a publisher's own list takes none of them, so sends none)
    let tab = super::given("tab", &p.tab)?.unwrap_or_default().to_string();
    if !tab.is_empty() && crate::domain::creative::Tab::parse("response", &tab).map(|t| t.slug()) != Some(tab.as_str())
    {
        return Err(Problem::field("tab", "Use all, new, approved or rejected."));
    }
    if !matches!(super::given("sort", &p.sort)?, None | Some("newest" | "oldest")) {
        return Err(Problem::field("sort", "Use newest or oldest."));
    }
    let priority = super::given("priority", &p.priority)?;
    if priority.is_some_and(|v| crate::domain::creative::Priority::parse(v).is_none()) {
        return Err(Problem::field("priority", "Use High Priority or Medium Priority."));
    }
    if is_publisher(&caller) {
        let page = caller
            .run(
                &state,
                access::PUBLISHER,
                crate::api::creative_requests::my_creative_requests(after),
            )
            .await?;
        return Ok(Json(CreativeRequestList {
            items: page.requests.into_iter().map(CreativeRequestOut::from).collect(),
            tabs: Vec::new(),
            next: next_link("/api/v1/creative-requests", &[], page.next),
        }));
    }
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let view = caller
        .run(
            &state,
            &[Role::Advertiser],
            crate::api::creative_requests::creative_requests(
                "response".into(),
                tab.clone(),
                text(&p.q),
                String::new(),
                text(&p.priority),
                text(&p.sort),
                after,
            ),
        )
        .await?;
    Ok(Json(CreativeRequestList {
        items: view.requests.into_iter().map(CreativeRequestOut::from).collect(),
        tabs: view
            .tabs
            .into_iter()
            .map(|(t, count)| TabCount {
                tab: t.slug().to_string(),
                label: t.label().to_string(),
                count,
            })
            .collect(),
        next: next_link(
            "/api/v1/creative-requests",
            &[
                ("tab", &tab),
                ("q", &text(&p.q)),
                ("priority", &text(&p.priority)),
                ("sort", &text(&p.sort)),
            ],
            view.next,
        ),
    }))
}

/// Submits a request (publisher keys): it goes to the admins first, then to the advertiser.
#[utoipa::path(
    post,
    path = "/api/v1/creative-requests",
    tag = "creative requests",
    request_body = NewCreativeRequestIn,
    responses((status = 201, description = "Submitted", body = CreativeRequestOut, headers(("Location" = String, description = "The new request"))))
)]
pub(super) async fn submit_creative_request(
    State(state): State<AppState>,
    caller: Caller,
    Body(new): Body<NewCreativeRequestIn>,
) -> Result<Response, Problem> {
    let input = NewCreativeRequest {
        offer_id: new.offer_id,
        offer_name: new.offer_name,
        creative_type: new.creative_type,
        creative_count: new.creative_count.to_string(),
        from_lines_count: new.from_lines_count.to_string(),
        subject_lines_count: new.subject_lines_count.to_string(),
        priority: new.priority,
        advertiser_id: new.advertiser_id,
        affiliate_id: new.affiliate_id,
        client_id: new.client_id,
        client_name: new.client_name,
        notes: new.notes,
    };
    let request = caller
        .run(
            &state,
            access::PUBLISHER,
            crate::api::creative_requests::submit_creative_request(input),
        )
        .await?;
    let out = CreativeRequestOut::from(request);
    Ok(created(format!("/api/v1/creative-requests/{}", out.id), &out))
}

/// One request with its audit trail and the review actions open to this key.
#[utoipa::path(
    get,
    path = "/api/v1/creative-requests/{id}",
    tag = "creative requests",
    params(("id" = String, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The request", body = CreativeRequestDetailOut, headers(("ETag" = String, description = "The version of this record"))),
        (status = 304, description = "Not changed since the `If-None-Match` version"),
    )
)]
pub(super) async fn get_creative_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let detail = caller
        .run(
            &state,
            &[Role::Publisher, Role::Advertiser],
            crate::api::creative_requests::get_creative_request(id),
        )
        .await?;
    let out = CreativeRequestDetailOut {
        request: detail.request.into(),
        history: detail.history.into_iter().map(RequestEventOut::from).collect(),
        actions: detail
            .actions
            .into_iter()
            .filter_map(|(a, _)| ACTIONS.iter().find(|(_, word)| *word == a.as_str()))
            .map(|(api, _)| api.to_string())
            .collect(),
    };
    Ok(with_etag(&headers, &out))
}

/// Reviews a request as its advertiser: approve (optional comment), reject or send back (a comment saying why).
/// Refused with 409 when the request is not the advertiser's to review, or moved since `seen`.
#[utoipa::path(
    post,
    path = "/api/v1/creative-requests/{id}/review",
    tag = "creative requests",
    params(("id" = String, Path, description = "The request's id")),
    request_body = ReviewIn,
    responses(
        (status = 200, description = "Reviewed: the request as it is now", body = CreativeRequestOut),
        (status = 409, description = "Not the advertiser's turn, or it moved since `seen`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn review_creative_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Body(review): Body<ReviewIn>,
) -> Result<Json<CreativeRequestOut>, Problem> {
    let Some((_, word)) = ACTIONS.iter().find(|(api, _)| *api == review.action.trim()) else {
        return Err(Problem::field("action", "Use approve, reject or send_back."));
    };
    let request = caller
        .run(
            &state,
            &[Role::Advertiser],
            crate::api::creative_requests::review_creative_request(id, word.to_string(), review.comment, review.seen),
        )
        .await?;
    Ok(Json(request.into()))
}
