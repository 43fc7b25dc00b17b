//! The partner platform's webhooks to us, each verified with the partner's Standard Webhooks secret (5-minute
//! tolerance both ways, constant-time compare, by the `standardwebhooks` crate) before anything is read or
//! written, and deduplicated by `webhook-id`:
//! - `POST /webhooks/partner/creators`: creators, answered item by item;
//! - `POST /webhooks/partner/events`: a creator's answer given on the partner's side to an offer, an invitation
//!   or a creator request we sent them, applied as the same compare-and-swap transition as in the app.

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
        .merge(
            Router::new()
                .route("/webhooks/partner/events", post(events))
                .layer(DefaultBodyLimit::max(crate::domain::partner::EVENT_BODY_LIMIT)),
        )
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// The delivery's `webhook-id` once its signature is verified; otherwise the status and reason to answer.
fn verify<'h>(state: &AppState, headers: &'h HeaderMap, body: &[u8]) -> Result<&'h str, (StatusCode, &'static str)> {
    let Some(secret) = state.config.partner_secret.as_deref() else {
        return Err((
            StatusCode::SERVICE_UNAVAILABLE,
            "Inbound partner sync is not configured.",
        ));
    };
    let verified = standardwebhooks::Webhook::new(secret).and_then(|wh| wh.verify(body, headers));
    if let Err(e) = verified {
        tracing::warn!(error = %e, "inbound partner webhook refused");
        return Err((
            StatusCode::UNAUTHORIZED,
            "The webhook signature is missing, invalid or too old.",
        ));
    }
    headers
        .get("webhook-id")
        .and_then(|v| v.to_str().ok())
        .ok_or((StatusCode::UNAUTHORIZED, "The webhook-id header is missing."))
}

async fn creators(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let webhook_id = match verify(&state, &headers, &body) {
        Ok(id) => id,
        Err((status, why)) => return error(status, why),
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

/// `POST /webhooks/partner/events`: see the module comment. Answers 200 with what the event did (`applied`
/// false when the record had already moved: nothing changed, `status` says how it stands), 404 for a record we
/// never sent the partner, 409 when the answer is refused while the record still waits (its campaign closed),
/// 422 for an event we do not take. A repeated `webhook-id` answers the first result again.
#[utoipa::path(
    post,
    path = "/webhooks/partner/events",
    tag = "partner answers",
    security(()),
    request_body = crate::domain::partner::AnswerEvent,
    params(
        ("webhook-id" = String, Header, description = "The delivery's id: a retry carries the same one, and is answered with the first result"),
        ("webhook-timestamp" = String, Header, description = "Unix seconds; refused when more than 5 minutes off"),
        ("webhook-signature" = String, Header, description = "`v1,<base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{body}\">` with the shared partner secret (Standard Webhooks)"),
    ),
    responses(
        (status = 200, description = "What the answer did: `applied` false when the record had already moved (nothing changed; `status` is how it stands)", body = crate::domain::partner::AnswerResult),
        (status = 401, description = "The signature is missing, invalid or too old", body = crate::server::api_v1::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record was ever sent to the partner platform", body = crate::server::api_v1::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Refused while the record still waits (its campaign closed, for one)", body = crate::server::api_v1::Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 16 KiB", body = crate::server::api_v1::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an answer event we take, or a reason over 500 characters", body = crate::server::api_v1::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Inbound partner webhooks are not configured on this server", body = crate::server::api_v1::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn events(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    use crate::server::api_v1::Problem;
    let webhook_id = match verify(&state, &headers, &body) {
        Ok(id) => id,
        Err((status, why)) => return Problem::new(status, why).into_response(),
    };
    let answer = match crate::domain::partner::parse_answer(&body) {
        Ok(a) => a,
        Err(message) => return Problem::new(StatusCode::UNPROCESSABLE_ENTITY, message).into_response(),
    };
    let outcome = async {
        if let Some(first) = partner::answered(&state.db, webhook_id).await? {
            return Ok(first);
        }
        let result = answers::apply(&state, &answer).await?;
        partner::record_answer(&state.db, webhook_id, &result, state.clock.now()).await
    }
    .await;
    match outcome {
        Ok(result) => {
            tracing::info!(
                webhook = webhook_id,
                event = %result.event,
                id = %result.id,
                applied = result.applied,
                duplicate = result.duplicate,
                "partner answer"
            );
            (StatusCode::OK, Json(result)).into_response()
        }
        Err(e) => {
            tracing::info!(webhook = webhook_id, event = %answer.event, error = %e, "partner answer refused");
            Problem::from(e).into_response()
        }
    }
}

mod answers {
    use crate::domain::ids::{InvitationId, OfferId};
    use crate::domain::invitation::InvitationStatus;
    use crate::domain::offer::OfferStatus;
    use crate::domain::partner::{Answer, AnswerOf, AnswerResult, PartnerAnswer};
    use crate::error::AppError;
    use crate::server::{acting_as, db, AppState};

    /// Applies the answer as the creator would in the app (the same server function), and says what it did.
    pub async fn apply(state: &AppState, a: &PartnerAnswer) -> Result<AnswerResult, AppError> {
        let not_sent = || {
            AppError::NotFound(format!(
                "No {} {} was sent to the partner platform.",
                a.of.label(),
                a.id
            ))
        };
        let now = state.clock.now();
        if !db::outbox::sent(&state.db, a.of.as_str(), &a.id).await? {
            return Err(not_sent());
        }
        let reason = match &a.answer {
            Answer::Declined(r) => r.clone().unwrap_or_default(),
            Answer::Accepted => String::new(),
        };
        let accepted = a.answer == Answer::Accepted;
        // (the outcome of the app's transition, the record's status now, whether it still waits for an answer)
        let (outcome, status, waiting) = match a.of {
            AnswerOf::Offer => {
                let id = OfferId::parse(&a.id).ok_or_else(not_sent)?;
                let offer = db::offers::get(&state.db, &id, now).await?.ok_or_else(not_sent)?;
                let creator = creator(state, &offer.creator_id).await?;
                let run = async {
                    if accepted {
                        crate::api::offers::accept_offer(a.id.clone()).await
                    } else {
                        crate::api::offers::decline_offer(a.id.clone(), reason).await
                    }
                };
                let outcome = acting_as(state, creator, run).await.map(|r| r.offer.status.as_str());
                let current = db::offers::get(&state.db, &id, now).await?.ok_or_else(not_sent)?;
                (outcome, current.status.as_str(), current.status == OfferStatus::Pending)
            }
            AnswerOf::Invitation => {
                let id = InvitationId::parse(&a.id).ok_or_else(not_sent)?;
                let inv = db::invitations::get(&state.db, &id, now).await?.ok_or_else(not_sent)?;
                let creator = creator(state, &inv.creator_id).await?;
                let run = async {
                    if accepted {
                        crate::api::invitations::accept_invitation(a.id.clone()).await
                    } else {
                        crate::api::invitations::decline_invitation(a.id.clone(), reason).await
                    }
                };
                let outcome = acting_as(state, creator, run).await.map(|i| i.status.as_str());
                let current = db::invitations::get(&state.db, &id, now).await?.ok_or_else(not_sent)?;
                (
                    outcome,
                    current.status.as_str(),
                    current.status == InvitationStatus::Pending,
                )
            }
            AnswerOf::CreatorRequest => {
                let id = crate::domain::ids::CreatorRequestId::parse(&a.id).ok_or_else(not_sent)?;
                let outcome = db::creator_requests::answer(&state.db, &id, &a.answer, now).await?;
                let current = db::creator_requests::get(&state.db, &id).await?.ok_or_else(not_sent)?;
                let status = current.status.as_str();
                (
                    outcome.ok_or_else(|| current.status.refuse()).map(|s| s.as_str()),
                    status,
                    current.status.waiting(),
                )
            }
        };
        match outcome {
            Ok(now_status) => Ok(AnswerResult {
                event: a.event.clone(),
                id: a.id.clone(),
                applied: true,
                status: now_status.to_string(),
                detail: format!("The {} is now {now_status}.", a.of.label()),
                duplicate: false,
            }),
            // it had moved already (another answer, a withdrawal, expiry): say how it stands, change nothing
            Err(AppError::Conflict(why)) if !waiting => Ok(AnswerResult {
                event: a.event.clone(),
                id: a.id.clone(),
                applied: false,
                status: status.to_string(),
                detail: format!("Nothing changed: the {} is already {status}. {why}", a.of.label()),
                duplicate: false,
            }),
            Err(e) => Err(e),
        }
    }

    /// The creator the partner answers for, as the app's actor.
    async fn creator(
        state: &AppState,
        id: &crate::domain::ids::UserId,
    ) -> Result<crate::domain::account::Actor, AppError> {
        db::users::actor(&state.db, id).await?.ok_or(AppError::Internal)
    }
}
