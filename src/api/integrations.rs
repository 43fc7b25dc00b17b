//! Admin `Integrations` (partner webhook endpoints) and `Deliveries` (every outbox delivery, its attempts,
//! `Replay`), and the sync state of a synced record.

pub use crate::domain::outbox::{Delivery as DeliveryView, Endpoint as EndpointView};
use crate::domain::time::Millis;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A new endpoint and its signing secret, which is shown this once and never again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedEndpoint {
    pub endpoint: EndpointView,
    pub secret: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliveriesView {
    pub deliveries: Vec<DeliveryView>,
    pub next: Option<String>,
    pub now: Millis,
}

pub const DELIVERIES_PAGE: i64 = 50;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::domain::account::access;
    pub use crate::domain::page::{Cursor, Page};
    pub use crate::server::db::outbox as store;
    pub use crate::server::{auth, state};
}

/// The partner endpoints.
#[server(prefix = "/api", endpoint = "webhook_endpoints")]
pub async fn webhook_endpoints() -> Result<Vec<EndpointView>, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        auth::actor_in(access::ADMIN).await?;
        let state = state()?;
        store::endpoints(&state.db).await
    })
    .await
}

/// Adds a partner endpoint with a fresh `whsec_…` secret, returned this once.
#[server(prefix = "/api", endpoint = "create_webhook_endpoint")]
pub async fn create_webhook_endpoint(
    url: String,
    #[server(default)] events: String,
) -> Result<CreatedEndpoint, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::ADMIN).await?;
        let state = state()?;
        let (url, events) = crate::domain::outbox::validate_endpoint(&url, &events, state.config.production)?;
        let secret = crate::server::outbox::new_secret();
        let e = store::insert_endpoint(
            &state.db,
            &url,
            &events,
            &secret,
            Some(actor.user_id.as_str()),
            state.clock.now(),
        )
        .await?;
        tracing::info!(endpoint = %e.id, url = %e.url, "webhook endpoint added");
        crate::server::reveal(
            "Copy this signing secret now — it will not be shown again:",
            secret.clone(),
            format!("Endpoint {} added.", e.url),
        );
        Ok(CreatedEndpoint { endpoint: e, secret })
    })
    .await
}

/// Deliveries, newest first; `status` is `pending`, `delivered`, `failed` or empty for all.
#[server(prefix = "/api", endpoint = "deliveries")]
pub async fn deliveries(
    #[server(default)] status: String,
    #[server(default)] after: String,
) -> Result<DeliveriesView, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        auth::actor_in(access::ADMIN).await?;
        let state = state()?;
        let status = match status.as_str() {
            "" => None,
            s => Some(
                crate::domain::outbox::DeliveryStatus::parse(s)
                    .ok_or_else(|| AppError::field("status", "Unknown delivery state."))?,
            ),
        };
        let rows = store::list(&state.db, status, Cursor::parse(&after), DELIVERIES_PAGE + 1).await?;
        let Page { rows, next } = Page::cut(rows, DELIVERIES_PAGE, |last| {
            Cursor::new(last.created_at, last.id.clone())
        });
        Ok(DeliveriesView {
            deliveries: rows,
            next,
            now: state.clock.now(),
        })
    })
    .await
}

/// Sends a delivered or failed delivery again (same `webhook-id`, the whole retry schedule ahead).
#[server(prefix = "/api", endpoint = "replay_delivery")]
pub async fn replay_delivery(id: String) -> Result<(), AppError> {
    use ssr::*;
    crate::server::respond(async move {
        auth::actor_in(access::ADMIN).await?;
        let state = state()?;
        if !store::exists(&state.db, &id).await? {
            return Err(AppError::not_found("Delivery"));
        }
        if !store::replay(&state.db, &id, state.clock.now()).await? {
            return Err(AppError::Conflict(
                "This delivery is still being sent; there is nothing to replay yet.".into(),
            ));
        }
        tracing::info!(delivery = %id, "delivery replayed");
        crate::server::notice("Queued to be sent again");
        Ok(())
    })
    .await
}
