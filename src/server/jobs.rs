//! Periodic background work.

use crate::server::clock::Clock;
use crate::server::db::{invitations, offers, Db};
use std::time::Duration;

/// Expires overdue invitations and offers (refunding the offers) every `every`; reads already treat them as
/// expired in between.
pub async fn expire_forever(db: Db, clock: Clock, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match invitations::expire_overdue(&db, clock.now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "invitations expired"),
            Err(e) => tracing::warn!(error = %e, "invitation expiry failed; retrying next round"),
        }
        match offers::expire_overdue(&db, clock.now(), None).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "offers expired and refunded"),
            Err(e) => tracing::warn!(error = %e, "offer expiry failed; retrying next round"),
        }
    }
}
