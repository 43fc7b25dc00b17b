//! `/api/v1`: the partner API (README, decision 30). JSON over plain HTTP, separate from the server functions
//! (which stay the UI's), authenticated by an API key only (`Authorization: Bearer cdk_…`; a session cookie is
//! never enough, so no page can make a request on a user's behalf), rate-limited per key, errors as
//! `application/problem+json` (RFC 9457), lists paged by cursor with a `next` link, single records with an
//! `ETag`. The OpenAPI 3.1 document is generated from these handlers and types (`utoipa`) and served at
//! `/api/v1/openapi.json`, with a readable page at `/api/v1/docs`.
//!
//! Every rule is the app's own: a handler checks its input's shape, then calls the same server function the UI
//! calls, acting as the key's owner (`Caller::run`), and writes the answer in the API's own, versioned types
//! (the UI's may change; these do not).

mod campaigns;
mod creative_requests;
mod creator_requests;
mod creators;
mod deliveries;
mod docs;
mod invitations;
mod offers;

use crate::domain::account::{Actor, Role};
use crate::domain::api_key::{prefix_of, ApiKey};
use crate::domain::page::Cursor;
use crate::domain::time::Millis;
use crate::error::AppError;
use crate::server::db;
use crate::server::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Requests a key may make per minute before it is answered 429 (`COLLABDESK_API_PER_MINUTE`).
pub const PER_MINUTE_DEFAULT: u32 = 600;
/// The most records one page of a list holds.
pub const LIMIT_MAX: i64 = 100;
/// The largest request body read (the partner's batch of creators is the largest).
pub const BODY_MAX: usize = crate::domain::partner::BODY_LIMIT;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Collabdesk partner API",
        version = "1.0.0",
        description = "Campaigns, creators, invitations, offers, creator requests and creative requests of \
                       Collabdesk, for partner platforms and for businesses', advertisers' and publishers' own tools. Authenticate with an API key \
                       (`Authorization: Bearer cdk_…`), made on the API keys page: a key sees and does what its \
                       owner can in the app. Errors are `application/problem+json` (RFC 9457); lists are paged by \
                       cursor (follow `next`); single records carry an `ETag` (send it back as `If-None-Match`)."
    ),
    modifiers(&BearerAuth),
    security(("api_key" = [])),
    components(schemas(
        Problem,
        FieldProblem,
        crate::domain::campaign::Campaign,
        crate::domain::invitation::Invitation,
        crate::domain::offer::Offer,
        crate::domain::creative::CreativeRequest,
        crate::domain::creator_request::PartnerCreatorRequest,
    )),
    paths(crate::server::partner::events),
    tags(
        (name = "campaigns", description = "A business's campaigns (business keys: its own; partner keys: every active one)"),
        (name = "creators", description = "The creator directory (business keys), and the partner's creators coming in (partner keys)"),
        (name = "invitations", description = "A business's invitations to creators (business keys)"),
        (name = "offers", description = "Paid offers from a business's wallet (business keys)"),
        (name = "creator requests", description = "A business asking the agency for creators (business keys)"),
        (name = "partner answers", description = "The partner platform telling us how a creator answered on its side (signed like our webhooks, not with a key)"),
        (name = "deliveries", description = "The partner webhooks and e-mails the outbox sends (admin keys)"),
        (name = "creative requests", description = "Publishers' creative requests (publisher keys: submit and follow; advertiser keys: read by tab and review)"),
    )
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

/// The answers every operation may give besides its own, written once for the whole document: 401 (no live
/// key), 403 (this key's role may not), 422 (a parameter or the body refused), 429 (too many requests), 404
/// for an operation on one record, and 400, 413 and 415 for a body that is not JSON, too large or not sent as
/// JSON.
fn add_common_answers(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let problem = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build()
    };
    for (path, item) in api.paths.paths.iter_mut().filter(|(p, _)| p.starts_with("/api/v1/")) {
        let ops = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in ops.into_iter().flatten() {
            let has_body = op.request_body.is_some();
            let answers = &mut op.responses.responses;
            let mut add = |code: &str, description: &str| {
                answers
                    .entry(code.to_string())
                    .or_insert_with(|| problem(description).into());
            };
            add("401", "No live API key");
            add("403", "This key's role may not do this");
            add(
                "422",
                "A parameter or the body was refused; `errors` says which and why",
            );
            add("429", "Too many requests with this key: wait `Retry-After` seconds");
            if path.contains('{') {
                add("404", "No such record, or not one this key's owner may see");
            }
            if has_body {
                add("400", "The body is not JSON");
                add("413", "The body is over 1 MiB");
                add("415", "Send the body as `Content-Type: application/json`");
            }
        }
    }
}

/// How every webhook we send is signed and retried (the document's `webhooks` say it on each event), written
/// from the outbox's own rules.
pub fn signature_scheme() -> String {
    use crate::domain::outbox::{ATTEMPT_TIMEOUT_MS, SCHEDULE};
    let hours = SCHEDULE.iter().sum::<i64>() as f64 / crate::domain::time::HOUR as f64;
    format!(
        "Sent as a JSON POST to each endpoint an admin registered on the Integrations page, signed the Standard \
         Webhooks way: `webhook-id` (the delivery's id: a retry or a replay carries the same one, so deduplicate \
         by it), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` then the base64 HMAC-SHA256 of \
         `{{webhook-id}}.{{webhook-timestamp}}.{{body}}`, keyed with the endpoint's secret: the base64 after \
         `whsec_`, shown once when the endpoint was made). Reject a timestamp more than 5 minutes off. Answer 2xx \
         within {} seconds; anything else is tried again, {} times in all over about {:.0} hours (429, 502, 503 \
         and 504 with `retry-after` are retried when it says; 410 disables the endpoint), then marked failed, \
         which an admin may replay.",
        ATTEMPT_TIMEOUT_MS / 1000,
        SCHEDULE.len(),
        hours
    )
}

/// The OpenAPI 3.1 `webhooks`: every event we send the partner (`domain::outbox::EVENTS`), each a POST whose
/// body is the Standard Webhooks envelope `{type, timestamp, data}` with `data` the record the event is about,
/// as the generated schema of the very type that is serialised.
fn webhooks() -> serde_json::Value {
    let mut all = serde_json::Map::new();
    let scheme = signature_scheme();
    for event in crate::domain::outbox::EVENTS {
        let (schema, about) = match event.split('_').next().unwrap_or_default() {
            "campaign" | "activation" => ("Campaign", "a campaign"),
            "offer" => ("Offer", "an offer"),
            "invitation" => ("Invitation", "an invitation"),
            "creative" => ("CreativeRequest", "a creative request"),
            _ if event.starts_with("creator_request") => ("PartnerCreatorRequest", "a creator request"),
            _ => ("Campaign", "a campaign"),
        };
        let header = |name: &str, description: &str| {
            serde_json::json!({
                "name": name, "in": "header", "required": true, "description": description,
                "schema": { "type": "string" }
            })
        };
        all.insert(
            event.to_string(),
            serde_json::json!({
                "post": {
                    "summary": format!("{about} changed: `data` is a {schema}"),
                    "description": scheme,
                    "parameters": [
                        header("webhook-id", "The delivery's id (the same on every retry and replay)"),
                        header("webhook-timestamp", "Unix seconds when this attempt was signed"),
                        header("webhook-signature", "`v1,<base64 HMAC-SHA256 of {webhook-id}.{webhook-timestamp}.{body}>`"),
                    ],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": {
                            "type": "object",
                            "required": ["type", "timestamp", "data"],
                            "properties": {
                                "type": { "type": "string", "const": event },
                                "timestamp": { "type": "string", "description": "When the change happened: `2026-11-22T08:00:00Z`" },
                                "data": { "$ref": format!("#/components/schemas/{schema}") }
                            }
                        } } }
                    },
                    "responses": {
                        "2XX": { "description": "Received: not sent again" },
                        "default": { "description": "Not received: retried with backoff" }
                    }
                }
            }),
        );
    }
    serde_json::Value::Object(all)
}

/// The routes of `/api/v1` and the OpenAPI document they make.
pub fn routes(per_minute: u32) -> axum::Router<AppState> {
    let limiter = Limiter(crate::domain::rate::Quota::per_minute(per_minute));
    let (router, mut api) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(campaigns::list_campaigns))
        .routes(routes!(campaigns::get_campaign))
        .routes(routes!(creators::list_creators, creators::sync_creators))
        .routes(routes!(creators::get_creator))
        .routes(routes!(invitations::list_invitations))
        .routes(routes!(invitations::create_invitation))
        .routes(routes!(invitations::get_invitation))
        .routes(routes!(invitations::withdraw_invitation))
        .routes(routes!(offers::list_offers, offers::create_offer))
        .routes(routes!(offers::get_offer))
        .routes(routes!(offers::withdraw_offer))
        .routes(routes!(
            creator_requests::list_creator_requests,
            creator_requests::create_creator_request
        ))
        .routes(routes!(creator_requests::get_creator_request))
        .routes(routes!(
            creative_requests::list_creative_requests,
            creative_requests::submit_creative_request
        ))
        .routes(routes!(creative_requests::get_creative_request))
        .routes(routes!(creative_requests::review_creative_request))
        .routes(routes!(deliveries::list_deliveries))
        .routes(routes!(deliveries::replay_delivery))
        .split_for_parts();
    add_common_answers(&mut api);
    let mut json = serde_json::to_value(&api).unwrap_or_default();
    json["webhooks"] = webhooks();
    let docs = axum::response::Html(docs::docs_page(&json));
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
        .layer(axum::extract::DefaultBodyLimit::max(BODY_MAX))
        .layer(axum::Extension(limiter))
}

/// Each key's budget of requests, shared by every instance of the app (`db::rate_limits`).
#[derive(Clone, Copy)]
struct Limiter(crate::domain::rate::Quota);

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

impl Problem {
    /// A problem with this status and what to tell the client.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// 422 for one field of the input.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::field(field, message).into()
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Self {
        let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut p = Problem::new(status, e.to_string());
        if let AppError::Validation(fields) = &e {
            p.errors = fields
                .iter()
                .map(|f| FieldProblem {
                    field: f.field.clone(),
                    message: f.message.clone(),
                })
                .collect();
        }
        if let AppError::RateLimited(_) = &e {
            p.retry_after = Some(60);
        }
        p
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

/// A JSON body, refused as problem details (400 not JSON, 415 not `application/json`, 422 the wrong shape,
/// 413 too large) instead of axum's plain-text rejections.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(e) => Err(Problem::new(e.status(), e.body_text())),
        }
    }
}

/// Query parameters, refused as problem details (422, saying which parameter) instead of plain text.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query).map(Params).map_err(|e| {
            Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("A query parameter was refused: {e}"),
            )
        })
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
            .ok_or_else(|| Problem::new(StatusCode::FORBIDDEN, "This key may not do this."))
    }

    /// Runs `body` (the UI's server functions) as the key's account, which must have one of `roles` (else 403
    /// before anything runs): the same authorisation and rules as in the app.
    async fn run<T>(
        &self,
        state: &AppState,
        roles: &[Role],
        body: impl std::future::Future<Output = Result<T, AppError>>,
    ) -> Result<T, Problem> {
        let actor = self.as_one_of(roles)?.clone();
        Ok(crate::server::acting_as(state, actor, body).await?)
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
            Problem::new(
                StatusCode::UNAUTHORIZED,
                "Send a live API key as `Authorization: Bearer cdk_…` (made on the API keys page).",
            )
        };
        let prefix = prefix_of(token).ok_or_else(unauthorized)?;
        let now = state.clock.now();
        let key = db::api_keys::authenticate(&state.db, prefix, token, now)
            .await?
            .ok_or_else(unauthorized)?;
        if let Some(Limiter(quota)) = parts.extensions.get::<Limiter>().copied() {
            let bucket = format!("api:{}", key.id);
            if let Err(wait) = db::rate_limits::check(&state.db, &bucket, quota, now).await? {
                let mut p = Problem::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    format!("Too many requests with this key: try again in {wait} s."),
                );
                p.retry_after = Some(wait);
                return Err(p);
            }
        }
        let actor = match (&key.owner, key.role.account_role()) {
            (Some((owner, _, _)), Some(role)) => {
                let actor = db::users::actor(&state.db, &crate::domain::ids::UserId(owner.clone()))
                    .await?
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

impl From<crate::domain::money::Money> for MoneyOut {
    fn from(m: crate::domain::money::Money) -> Self {
        MoneyOut {
            amount_minor: m.minor,
            currency: m.currency.code().to_string(),
            display: m.to_string(),
        }
    }
}

/// One event of a record's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    /// What happened: `invited`, `accepted`, `declined`, `withdrawn`, `resent`, `expired`, `sent`, …
    pub event: String,
    /// When, RFC 3339 (UTC).
    pub at: String,
}

fn history_of(history: Vec<(String, Millis)>) -> Vec<HistoryEntry> {
    history
        .into_iter()
        .map(|(event, at)| HistoryEntry {
            event,
            at: at.rfc3339(),
        })
        .collect()
}

/// The document's schemas for values the domain lists: each written from the domain's own list, so the
/// contract and the rule cannot drift apart.
pub(crate) mod schemas {
    use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

    fn one_of<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> Object {
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(values))
            .build()
    }

    /// Where a page ended: `<millis>:<id>`, as a `next` link carries it.
    pub fn cursor() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[0-9]{1,15}:[0-9a-f-]{36}$"))
            .description(Some("Where the previous page ended (its `next` link carries it)."))
            .build()
    }

    /// A record's id: a UUID.
    pub fn uuid() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::Custom("uuid".into())))
            .build()
    }

    pub fn campaign_status() -> Object {
        one_of(crate::domain::campaign::CampaignStatus::ALL.map(|s| s.as_str()))
    }

    pub fn delivery_status() -> Object {
        one_of(crate::domain::outbox::DeliveryStatus::ALL.map(|s| s.as_str()))
    }

    pub fn niche() -> Object {
        one_of(crate::domain::account::NICHES)
    }

    pub fn platform() -> Object {
        one_of(crate::domain::account::PLATFORMS)
    }

    pub fn creator_sort() -> Object {
        one_of(crate::domain::creator::CreatorSort::WORDS)
    }

    pub fn currency() -> Object {
        one_of(crate::domain::money::Currency::ALL.map(|c| c.code()))
    }

    pub fn campaign_type() -> Object {
        one_of(crate::domain::creator_request::CampaignType::ALL.map(|t| t.as_str()))
    }

    pub fn creative_type() -> Object {
        one_of(crate::domain::creative::CREATIVE_TYPES)
    }

    pub fn priority() -> Object {
        one_of(crate::domain::creative::Priority::ALL.map(|p| p.as_str()))
    }

    pub fn response_tab() -> Object {
        one_of(crate::domain::creative::ResponsesTab::ALL.map(|t| t.slug()))
    }

    pub fn oldest_or_newest() -> Object {
        one_of(["newest", "oldest"])
    }

    /// `YYYY-MM-DD`
    pub fn date() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Date,
            )))
            .build()
    }
}

/// The cursor and size of a list's page.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    #[param(schema_with = schemas::cursor)]
    pub cursor: Option<String>,
}

fn limit_of(limit: Option<i64>) -> Result<i64, Problem> {
    match limit.unwrap_or(20) {
        n @ 1..=LIMIT_MAX => Ok(n),
        _ => Err(Problem::field("limit", format!("Ask for 1 to {LIMIT_MAX} records."))),
    }
}

/// A query parameter as sent: `None` when left out; refused when sent empty (the document's enums and
/// patterns have no empty value: leave the parameter out instead).
fn given<'a>(name: &str, value: &'a Option<String>) -> Result<Option<&'a str>, Problem> {
    match value.as_deref() {
        Some("") => Err(Problem::field(
            name,
            format!("`{name}` is empty: leave it out instead."),
        )),
        other => Ok(other),
    }
}

fn cursor_of<Id: crate::domain::page::CursorId>(cursor: &Option<String>) -> Result<Option<Cursor<Id>>, Problem> {
    match given("cursor", cursor)? {
        None => Ok(None),
        Some(c) => Cursor::parse(c)
            .filter(|_| {
                c.split_once(':')
                    .is_some_and(|(_, id)| uuid::Uuid::parse_str(id).is_ok())
            })
            .map(Some)
            .ok_or_else(|| Problem::field("cursor", "This cursor is not one a page gave.")),
    }
}

/// A server function's page cursor, checked like [`cursor_of`] (a server function reads a cursor it cannot
/// parse as the first page; the API says so instead).
fn after_of(cursor: &Option<String>) -> Result<String, Problem> {
    cursor_of::<String>(cursor).map(|c| c.map(|c| c.to_string()).unwrap_or_default())
}

/// The link to a list's next page: `path?name=value&…&cursor=…` (values URL-encoded, empty ones left out).
fn next_link(path: &str, params: &[(&str, &str)], cursor: Option<String>) -> Option<String> {
    let cursor = cursor?;
    let mut pairs: Vec<(&str, &str)> = params.iter().copied().filter(|(_, v)| !v.is_empty()).collect();
    pairs.push(("cursor", &cursor));
    Some(format!(
        "{path}?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    ))
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

/// The request's `Idempotency-Key`, which a request that moves money must carry (1–255 visible ASCII
/// characters).
fn idempotency_key(headers: &HeaderMap, required: bool) -> Result<Option<String>, Problem> {
    match headers.get("idempotency-key").map(|v| v.to_str().map(str::trim)) {
        None if required => Err(Problem::field(
            "Idempotency-Key",
            "Send an Idempotency-Key header (a new random value per offer; the same one when you retry).",
        )),
        None => Ok(None),
        Some(Ok(k)) if !k.is_empty() && k.len() <= 255 && k.chars().all(|c| c.is_ascii_graphic()) => {
            Ok(Some(k.to_string()))
        }
        Some(_) => Err(Problem::field(
            "Idempotency-Key",
            "The Idempotency-Key must be 1–255 visible ASCII characters.",
        )),
    }
}

/// `201 Created` with the record and its `Location`.
fn created<T: Serialize>(location: String, body: &T) -> Response {
    let mut res = (StatusCode::CREATED, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}
