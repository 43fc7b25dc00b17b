//! `/api/v1/offers` (business keys): paid offers from the business's wallet.

use super::{after_of, created, history_of, idempotency_key, next_link, with_etag, Body, Caller, HistoryEntry};
use super::{MoneyOut, PageParams, Params, Problem};
use crate::domain::account::access;
use crate::domain::offer::{Offer, OfferInput};
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A paid offer to a creator.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferOut {
    pub id: String,
    pub campaign_id: String,
    pub campaign_title: String,
    pub business_id: String,
    pub business_name: String,
    pub creator_id: String,
    pub creator_username: String,
    pub creator_name: String,
    /// Held from the business's wallet while pending; paid on accept, refunded on decline, withdrawal or
    /// expiry.
    pub amount: MoneyOut,
    pub message: String,
    /// When the work is due, RFC 3339 (UTC).
    pub deadline: String,
    /// `pending`, `accepted`, `declined`, `withdrawn` or `expired`.
    pub status: String,
    pub decline_reason: Option<String>,
    pub sent_at: String,
    pub expires_at: String,
    pub responded_at: Option<String>,
}

impl From<Offer> for OfferOut {
    fn from(o: Offer) -> Self {
        OfferOut {
            id: o.id.to_string(),
            campaign_id: o.campaign_id.to_string(),
            campaign_title: o.campaign_title,
            business_id: o.business_id.to_string(),
            business_name: o.business_name,
            creator_id: o.creator_id.to_string(),
            creator_username: o.creator_username,
            creator_name: o.creator_name,
            amount: o.amount.into(),
            message: o.message,
            deadline: o.deadline.rfc3339(),
            status: o.status.as_str().to_string(),
            decline_reason: o.decline_reason,
            sent_at: o.sent_at.rfc3339(),
            expires_at: o.expires_at.rfc3339(),
            responded_at: o.responded_at.map(|at| at.rfc3339()),
        }
    }
}

/// An offer with what happened to it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferDetailOut {
    #[serde(flatten)]
    pub offer: OfferOut,
    /// Oldest first.
    pub history: Vec<HistoryEntry>,
}

/// One page of offers, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferList {
    pub items: Vec<OfferOut>,
    /// The next page's URL, when there is one.
    pub next: Option<String>,
}

/// An offer to send.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOffer {
    /// One of this business's active campaigns.
    pub campaign_id: String,
    /// The creator's @username.
    pub creator: String,
    /// In major units as a decimal: `75000` or `75000.50`.
    pub amount: String,
    /// A currency the business has a wallet in.
    #[schema(schema_with = super::schemas::currency)]
    pub currency: String,
    /// Up to 500 characters (or empty with `template_id`).
    #[serde(default)]
    pub message: String,
    /// When the work is due: `YYYY-MM-DD`, today or later.
    #[schema(schema_with = super::schemas::date)]
    pub deadline: String,
    /// One of this business's offer templates, used when `message` is empty.
    #[serde(default)]
    pub template_id: String,
}

/// The offers this business sent, 20 a page, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/offers",
    tag = "offers",
    params(PageParams),
    responses((status = 200, description = "One page of offers", body = OfferList))
)]
pub(super) async fn list_offers(
    State(state): State<AppState>,
    caller: Caller,
    Params(p): Params<PageParams>,
) -> Result<Json<OfferList>, Problem> {
    let after = after_of(&p.cursor)?;
    let page = caller
        .run(&state, access::BUSINESS, crate::api::offers::sent_offers(after))
        .await?;
    Ok(Json(OfferList {
        items: page.offers.into_iter().map(|r| OfferOut::from(r.offer)).collect(),
        next: next_link("/api/v1/offers", &[], page.next),
    }))
}

/// Sends an offer: the amount is taken from the business's wallet in the same transaction as the offer is
/// saved (and the partner's event queued). An `Idempotency-Key` header is required: the same key again answers
/// the first offer (200, `Idempotent-Replayed: true`) and takes nothing more.
#[utoipa::path(
    post,
    path = "/api/v1/offers",
    tag = "offers",
    request_body = NewOffer,
    params(("Idempotency-Key" = String, Header, description = "A new random value per offer; the same one when retrying it")),
    responses(
        (status = 201, description = "Sent", body = OfferOut, headers(("Location" = String, description = "The new offer"))),
        (status = 200, description = "This Idempotency-Key sent an offer before: that offer, nothing taken again", body = OfferOut, headers(("Idempotent-Replayed" = String, description = "`true`"))),
        (status = 409, description = "Not enough in the wallet, the campaign is not active, the creator is away, or too many offers to them", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn create_offer(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Body(new): Body<NewOffer>,
) -> Result<Response, Problem> {
    let key = idempotency_key(&headers, true)?.unwrap_or_default();
    let input = OfferInput {
        campaign_id: new.campaign_id,
        creator: new.creator,
        amount: new.amount,
        currency: new.currency,
        message: new.message,
        deadline: new.deadline,
    };
    let result = caller
        .run(
            &state,
            access::BUSINESS,
            crate::api::offers::send_offer(input, key, new.template_id),
        )
        .await?;
    let out = OfferOut::from(result.offer);
    if result.replayed {
        let mut res = Json(out).into_response();
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
        return Ok(res);
    }
    Ok(created(format!("/api/v1/offers/{}", out.id), &out))
}

/// One offer with its history.
#[utoipa::path(
    get,
    path = "/api/v1/offers/{id}",
    tag = "offers",
    params(("id" = String, Path, description = "The offer's id")),
    responses(
        (status = 200, description = "The offer", body = OfferDetailOut, headers(("ETag" = String, description = "The version of this record"))),
        (status = 304, description = "Not changed since the `If-None-Match` version"),
    )
)]
pub(super) async fn get_offer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let detail = caller
        .run(&state, access::BUSINESS, crate::api::offers::get_offer(id))
        .await?;
    let out = OfferDetailOut {
        offer: detail.offer.into(),
        history: history_of(detail.history),
    };
    Ok(with_etag(&headers, &out))
}

/// Withdraws a pending offer; the amount goes back to the wallet in the same transaction. One that moved
/// already is a 409 saying how it stands (and nothing is refunded twice).
#[utoipa::path(
    post,
    path = "/api/v1/offers/{id}/withdraw",
    tag = "offers",
    params(("id" = String, Path, description = "The offer's id")),
    responses(
        (status = 200, description = "Withdrawn and refunded", body = OfferOut),
        (status = 409, description = "It is no longer pending", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn withdraw_offer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<OfferOut>, Problem> {
    let result = caller
        .run(&state, access::BUSINESS, crate::api::offers::withdraw_offer(id))
        .await?;
    Ok(Json(result.offer.into()))
}
