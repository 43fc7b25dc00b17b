//! `/api/v1/deliveries` (admin keys): every partner webhook and e-mail the outbox sends, with how its attempts
//! went, and a replay of one that was delivered or gave up.

use super::{after_of, next_link, Caller, Params, Problem};
use crate::domain::account::access;
use crate::domain::outbox::Delivery;
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One delivery of the outbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryOut {
    pub id: String,
    /// `webhook` or `email`.
    pub channel: String,
    /// The webhook event type (`offer_sent`, …) or the e-mail's kind.
    pub event_type: String,
    pub endpoint_url: Option<String>,
    /// The record it is about: `offer <id>`, `invitation <id>`, …
    pub subject: Option<String>,
    /// `pending`, `delivered` or `failed` (gave up after its retries).
    pub status: String,
    pub attempts: i64,
    /// When the next attempt is due (pending ones), RFC 3339 (UTC).
    pub next_attempt_at: String,
    /// The HTTP status of the last attempt.
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub last_latency_ms: Option<i64>,
    pub delivered_at: Option<String>,
    pub created_at: String,
}

impl From<Delivery> for DeliveryOut {
    fn from(d: Delivery) -> Self {
        DeliveryOut {
            id: d.id,
            channel: d.channel,
            event_type: d.event_type,
            endpoint_url: d.endpoint_url,
            subject: d.subject,
            status: d.status.as_str().to_string(),
            attempts: d.attempts,
            next_attempt_at: d.next_attempt_at.rfc3339(),
            last_status: d.last_status,
            last_error: d.last_error,
            last_latency_ms: d.last_latency_ms,
            delivered_at: d.delivered_at.map(|at| at.rfc3339()),
            created_at: d.created_at.rfc3339(),
        }
    }
}

/// One page of deliveries, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryList {
    pub items: Vec<DeliveryOut>,
    /// The next page's URL, when there is one.
    pub next: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryParams {
    /// Only deliveries in this state.
    #[param(schema_with = super::schemas::delivery_status)]
    pub status: Option<String>,
    #[param(schema_with = super::schemas::cursor)]
    pub cursor: Option<String>,
}

/// The outbox's deliveries, 50 a page, newest first (admin keys).
#[utoipa::path(
    get,
    path = "/api/v1/deliveries",
    tag = "deliveries",
    params(DeliveryParams),
    responses((status = 200, description = "One page of deliveries", body = DeliveryList))
)]
pub(super) async fn list_deliveries(
    State(state): State<AppState>,
    caller: Caller,
    Params(p): Params<DeliveryParams>,
) -> Result<Json<DeliveryList>, Problem> {
    let after = after_of(&p.cursor)?;
    let status = super::given("status", &p.status)?.unwrap_or_default().to_string();
    let view = caller
        .run(
            &state,
            access::ADMIN,
            crate::api::integrations::deliveries(status.clone(), after),
        )
        .await?;
    Ok(Json(DeliveryList {
        items: view.deliveries.into_iter().map(DeliveryOut::from).collect(),
        next: next_link("/api/v1/deliveries", &[("status", &status)], view.next),
    }))
}

/// Sends a delivered or failed delivery again, with the same `webhook-id` (the receiver's deduplication makes
/// a replay of something it already had change nothing there) and the whole retry schedule ahead.
#[utoipa::path(
    post,
    path = "/api/v1/deliveries/{id}/replay",
    tag = "deliveries",
    params(("id" = String, Path, description = "The delivery's id")),
    responses(
        (status = 202, description = "Queued to be sent again"),
        (status = 409, description = "It is still being sent", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn replay_delivery(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    caller
        .run(&state, access::ADMIN, crate::api::integrations::replay_delivery(id))
        .await?;
    Ok(StatusCode::ACCEPTED.into_response())
}
