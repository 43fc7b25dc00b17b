//! `/api/v1`: the partner API (README, decision 30). JSON over plain HTTP, separate from the server functions
//! (which stay the UI's), authenticated by an API key only (`Authorization: Bearer cdk_…`; a session cookie is
//! never enough, so no page can make a request on a user's behalf), rate-limited per key, errors as
//! `application/problem+json` (RFC 9457), lists paged by cursor with a `next` link, single records with an
//! `ETag`. The OpenAPI 3.1 document is generated from these handlers and types (`utoipa`) and served at
//! `/api/v1/openapi.json`, with a readable page at `/api/v1/docs`. Every rule is the domain's: a key sees what
//! its owner sees in the app.

use crate::domain::account::{Actor, Role};
use crate::domain::api_key::{prefix_of, ApiKey, KeyRole};
use crate::domain::campaign::{Campaign, CampaignStatus};
use crate::domain::ids::CampaignId;
use crate::domain::page::{Cursor, Page};
use crate::error::AppError;
use crate::server::db;
use crate::server::AppState;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};
use std::num::NonZeroU32;
use std::sync::Arc;
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Requests a key may make per minute before it is answered 429 (`COLLABDESK_API_PER_MINUTE`).
pub const PER_MINUTE_DEFAULT: u32 = 600;
/// The most records one page of a list holds.
pub const LIMIT_MAX: i64 = 100;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Collabdesk partner API",
        version = "1.0.0",
        description = "Campaigns, creators, invitations, offers and creative requests of Collabdesk, for partner \
                       platforms and for businesses', advertisers' and publishers' own tools. Authenticate with an \
                       API key (`Authorization: Bearer cdk_…`), made on the API keys page: a key sees and does \
                       what its owner can in the app. Errors are `application/problem+json` (RFC 9457); lists are \
                       paged by cursor (`next`); single records carry an `ETag`."
    ),
    modifiers(&BearerAuth),
    security(("api_key" = [])),
    tags((name = "campaigns", description = "A business's campaigns (business keys: its own; partner keys: every active one)"))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("cdk_<prefix>_<secret>")
                    .description(Some("An API key from the API keys page, shown once when it was made."))
                    .build(),
            ),
        );
    }
}

/// The routes of `/api/v1` and the OpenAPI document they make.
pub fn routes(per_minute: u32) -> axum::Router<AppState> {
    let limiter = Arc::new(RateLimiter::keyed(Quota::per_minute(
        NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN),
    )));
    let (router, api) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(list_campaigns))
        .routes(routes!(get_campaign))
        .split_for_parts();
    let json = serde_json::to_value(&api).unwrap_or_default();
    let docs = axum::response::Html(docs_page(&json));
    let document = Arc::new(json);
    router
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let document = document.clone();
                async move { Json(document.as_ref().clone()) }
            }),
        )
        .route("/api/v1/docs", axum::routing::get(move || async move { docs.clone() }))
        .route(
            "/api/v1/{*rest}",
            axum::routing::any(|| async { Problem::from(AppError::not_found("Operation")) }),
        )
        .layer(axum::Extension(Limiter(limiter)))
}

#[derive(Clone)]
struct Limiter(Arc<DefaultKeyedRateLimiter<String>>);

/// An error as RFC 9457 problem details (`application/problem+json`), with the field errors of a refused
/// input.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank`: the status says it).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The input's fields that were refused, each with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    #[serde(skip)]
    retry_after: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Self {
        let status = e.status_code();
        let errors = match &e {
            AppError::Validation(fields) => fields
                .iter()
                .map(|f| FieldProblem {
                    field: f.field.clone(),
                    message: f.message.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let retry_after = match &e {
            AppError::RateLimited(_) => Some(60),
            _ => None,
        };
        Problem {
            kind: "about:blank".into(),
            title: StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error")
                .to_string(),
            status,
            detail: e.to_string(),
            errors,
            retry_after,
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, Json(&self)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

/// Who is calling: a live key, and the account it acts for (`None`: the partner platform).
pub struct Caller {
    pub key: ApiKey,
    pub actor: Option<Actor>,
}

impl Caller {
    /// The account, if the key acts for one of these roles; otherwise 403.
    fn as_one_of(&self, roles: &[Role]) -> Result<&Actor, Problem> {
        self.actor
            .as_ref()
            .filter(|a| roles.contains(&a.role))
            .ok_or_else(|| AppError::Forbidden("This key may not do this.".into()).into())
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or("");
        let unauthorized = || {
            Problem::from(AppError::Unauthorized).with(
                401,
                "Send a live API key as `Authorization: Bearer cdk_…` (made on the API keys page).",
            )
        };
        let prefix = prefix_of(token).ok_or_else(unauthorized)?;
        let now = state.clock.now();
        let key = db::api_keys::authenticate(&state.db, prefix, token, now)
            .await
            .map_err(Problem::from)?
            .ok_or_else(unauthorized)?;
        if let Some(Limiter(limiter)) = parts.extensions.get::<Limiter>() {
            if let Err(not_until) = limiter.check_key(&key.id) {
                use governor::clock::{Clock as _, DefaultClock};
                let wait = not_until.wait_time_from(DefaultClock::default().now()).as_secs() + 1;
                let mut p = Problem::from(AppError::RateLimited(format!(
                    "Too many requests with this key: try again in {wait} s."
                )));
                p.retry_after = Some(wait);
                return Err(p);
            }
        }
        let actor = match (&key.owner, key.role.account_role()) {
            (Some((owner, _, _)), Some(role)) => {
                let actor = db::users::actor(&state.db, &crate::domain::ids::UserId(owner.clone()))
                    .await
                    .map_err(Problem::from)?
                    .filter(|a| a.role == role)
                    .ok_or_else(unauthorized)?;
                Some(actor)
            }
            (None, None) => None,
            _ => return Err(unauthorized()),
        };
        Ok(Caller { key, actor })
    }
}

impl Problem {
    fn with(mut self, status: u16, detail: &str) -> Self {
        self.status = status;
        self.title = StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error")
            .to_string();
        self.detail = detail.to_string();
        self
    }
}

/// An amount of money: minor units (kobo, cents) and the currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct MoneyOut {
    /// `7500000` is ₦75,000.00.
    pub amount_minor: i64,
    /// ISO 4217: NGN, USD, EUR or GBP.
    pub currency: String,
    /// As people read it: `₦75,000.00`.
    pub display: String,
}

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

fn rfc3339(at: crate::domain::time::Millis) -> String {
    at.rfc3339()
}

impl From<Campaign> for CampaignOut {
    fn from(c: Campaign) -> Self {
        CampaignOut {
            id: c.id.to_string(),
            business_id: c.business_id.to_string(),
            business_name: c.business_name,
            title: c.title,
            description: c.description,
            budget: MoneyOut {
                amount_minor: c.budget.minor,
                currency: c.budget.currency.code().to_string(),
                display: c.budget.to_string(),
            },
            deadline: rfc3339(c.deadline),
            status: c.status.as_str().to_string(),
            created_at: rfc3339(c.created_at),
            updated_at: rfc3339(c.updated_at),
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
    /// Where the previous page ended (its `next` link carries it).
    pub cursor: Option<String>,
    /// At most this many (1–100, default 20).
    pub limit: Option<i64>,
    /// Only campaigns in this state: `draft`, `active` or `closed` (business keys).
    pub status: Option<String>,
}

fn limit_of(limit: Option<i64>) -> Result<i64, Problem> {
    match limit.unwrap_or(20) {
        n @ 1..=LIMIT_MAX => Ok(n),
        _ => Err(AppError::field("limit", format!("Ask for 1 to {LIMIT_MAX} records.")).into()),
    }
}

fn cursor_of<Id: crate::domain::page::CursorId>(cursor: &Option<String>) -> Result<Option<Cursor<Id>>, Problem> {
    match cursor.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(c) => Cursor::parse(c)
            .map(Some)
            .ok_or_else(|| AppError::field("cursor", "This cursor is not one a page gave.").into()),
    }
}

/// Lists campaigns: a business key its own (any state, or `status`), a partner key every active one.
#[utoipa::path(
    get,
    path = "/api/v1/campaigns",
    tag = "campaigns",
    params(ListParams),
    responses(
        (status = 200, description = "One page of campaigns, newest first", body = CampaignList),
        (status = 401, description = "No live API key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "This key may not list campaigns", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A parameter was refused", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this key", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_campaigns(
    State(state): State<AppState>,
    caller: Caller,
    Query(params): Query<ListParams>,
) -> Result<Json<CampaignList>, Problem> {
    let limit = limit_of(params.limit)?;
    let after = cursor_of::<CampaignId>(&params.cursor)?;
    let status = match params.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(
            CampaignStatus::parse(s)
                .ok_or_else(|| Problem::from(AppError::field("status", "Use draft, active or closed.")))?,
        ),
    };
    let rows = match caller.key.role {
        KeyRole::Partner => db::campaigns::list_active(&state.db, after, limit + 1).await?,
        _ => {
            let actor = caller.as_one_of(&[Role::Business])?;
            db::campaigns::list_for_business(&state.db, &actor.user_id, status, after, limit + 1).await?
        }
    };
    let Page { rows, next } = Page::cut(rows, limit, |last| Cursor::new(last.created_at, last.id.clone()));
    let next = next.map(|c| {
        let mut url = format!("/api/v1/campaigns?limit={limit}&cursor={c}");
        if let Some(s) = status {
            url.push_str(&format!("&status={}", s.as_str()));
        }
        url
    });
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
        (status = 401, description = "No live API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such campaign, or not this key's", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this key", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_campaign(
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

/// `body` as JSON with a strong `ETag` (a hash of the body), or 304 when the client's `If-None-Match` names it.
fn with_etag<T: Serialize>(headers: &HeaderMap, body: &T) -> Response {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_vec(body).unwrap_or_default();
    let digest = Sha256::digest(&json);
    let tag = format!("\"{}\"", &format!("{digest:x}")[..32]);
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let etag = HeaderValue::from_str(&tag).unwrap_or(HeaderValue::from_static("\"0\""));
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        StatusCode::OK,
        [
            (header::ETAG, etag),
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
        ],
        json,
    )
        .into_response()
}

/// The API's documentation as a page people read: every operation with its parameters and answers, and every
/// schema with its fields, written from the OpenAPI document itself (so it cannot drift from it).
fn docs_page(doc: &serde_json::Value) -> String {
    use leptos::prelude::*;
    use leptos::tachys::view::RenderHtml;
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let info = &doc["info"];
    let mut operations = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                let op = &item[method];
                if !op.is_object() {
                    continue;
                }
                let params: Vec<(String, String, bool, String)> = op["parameters"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .map(|p| {
                                (
                                    text(&p["name"]),
                                    text(&p["in"]),
                                    p["required"].as_bool().unwrap_or(false),
                                    text(&p["description"]),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let answers: Vec<(String, String)> = op["responses"]
                    .as_object()
                    .map(|rs| {
                        rs.iter()
                            .map(|(code, r)| (code.clone(), text(&r["description"])))
                            .collect()
                    })
                    .unwrap_or_default();
                operations.push((
                    method.to_uppercase(),
                    path.clone(),
                    text(&op["description"]),
                    params,
                    answers,
                ));
            }
        }
    }
    /// (name, description, its fields: (name, type, description))
    type Schema = (String, String, Vec<(String, String, String)>);
    let schemas: Vec<Schema> = doc["components"]["schemas"]
        .as_object()
        .map(|ss| {
            ss.iter()
                .map(|(name, s)| {
                    let fields = s["properties"]
                        .as_object()
                        .map(|ps| {
                            ps.iter()
                                .map(|(f, p)| {
                                    let kind = match (&p["type"], &p["$ref"]) {
                                        (serde_json::Value::String(t), _) => t.clone(),
                                        (serde_json::Value::Array(ts), _) => {
                                            ts.iter().map(text).collect::<Vec<_>>().join(" | ")
                                        }
                                        (_, serde_json::Value::String(r)) => {
                                            r.rsplit('/').next().unwrap_or_default().to_string()
                                        }
                                        _ => "object".to_string(),
                                    };
                                    (f.clone(), kind, text(&p["description"]))
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    (name.clone(), text(&s["description"]), fields)
                })
                .collect()
        })
        .unwrap_or_default();
    let page = view! {
        <main class="mx-auto max-w-4xl px-4 py-6 font-sans text-slate-900">
            <h1 class="text-2xl font-bold">{text(&info["title"])}" "<small>{format!("v{}", text(&info["version"]))}</small></h1>
            <p class="mt-2">{text(&info["description"])}</p>
            <p class="mt-2">"Machine-readable: "<a href="/api/v1/openapi.json">"/api/v1/openapi.json"</a>" (OpenAPI 3.1). Keys: the API keys page, signed in."</p>
            <h2 class="mt-6 text-xl font-semibold">"Operations"</h2>
            {operations.into_iter().map(|(method, path, description, params, answers)| view! {
                <section class="mt-4 rounded border p-3">
                    <h3 class="font-mono"><strong>{method}</strong>" "{path}</h3>
                    <p>{description}</p>
                    {(!params.is_empty()).then(|| view! {
                        <table><caption>"Parameters"</caption>
                            <tr><th>"name"</th><th>"in"</th><th>"required"</th><th>"meaning"</th></tr>
                            {params.into_iter().map(|(n, i, r, d)| view! { <tr><td><code>{n}</code></td><td>{i}</td><td>{if r { "yes" } else { "no" }}</td><td>{d}</td></tr> }).collect_view()}
                        </table>
                    })}
                    <table><caption>"Answers"</caption>
                        {answers.into_iter().map(|(c, d)| view! { <tr><td><code>{c}</code></td><td>{d}</td></tr> }).collect_view()}
                    </table>
                </section>
            }).collect_view()}
            <h2 class="mt-6 text-xl font-semibold">"Schemas"</h2>
            {schemas.into_iter().map(|(name, description, fields)| { let anchor = format!("schema-{name}"); view! {
                <section class="mt-4" id=anchor>
                    <h3 class="font-mono font-semibold">{name}</h3>
                    <p>{description}</p>
                    <table>
                        {fields.into_iter().map(|(f, k, d)| view! { <tr><td><code>{f}</code></td><td>{k}</td><td>{d}</td></tr> }).collect_view()}
                    </table>
                </section>
            }}).collect_view()}
        </main>
    };
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Collabdesk partner API</title><style>body{{font-family:system-ui,sans-serif;line-height:1.5}}table{{border-collapse:collapse;margin-top:.5rem}}td,th{{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}}caption{{text-align:left;font-weight:600}}</style></head><body>{}</body></html>",
        page.to_html()
    )
}
