//! `POST /webhooks/partner/creators`: the partner platform sends creators. Verified with the partner's
//! Standard Webhooks secret (5-minute tolerance both ways, constant-time compare, by the `standardwebhooks`
//! crate) before anything is read or written; deduplicated by `webhook-id`; answered item by item.

use crate::domain::partner::{parse_body, BODY_LIMIT};
use crate::server::db::partner;
use crate::server::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/webhooks/partner/creators", post(creators))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

async fn creators(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = state.config.partner_secret.as_deref() else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            "Inbound partner sync is not configured.",
        );
    };
    let verified = standardwebhooks::Webhook::new(secret).and_then(|wh| wh.verify(&body, &headers));
    if let Err(e) = verified {
        tracing::warn!(error = %e, "inbound partner webhook refused");
        return error(
            StatusCode::UNAUTHORIZED,
            "The webhook signature is missing, invalid or too old.",
        );
    }
    let Some(webhook_id) = headers.get("webhook-id").and_then(|v| v.to_str().ok()) else {
        return error(StatusCode::UNAUTHORIZED, "The webhook-id header is missing.");
    };
    let items = match parse_body(&body) {
        Ok(items) => items,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    match partner::sync_creators(&state.db, webhook_id, items, state.clock.now()).await {
        Ok(report) => {
            tracing::info!(
                webhook = webhook_id,
                created = report.created.len(),
                updated = report.updated.len(),
                rejected = report.rejected.len(),
                duplicate = report.duplicate,
                "partner creators synced"
            );
            (StatusCode::OK, Json(report)).into_response()
        }
        Err(e) => e.into_response(),
    }
}
