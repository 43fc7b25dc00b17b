//! Periodic background work: expiry and reminders, on the app's `Clock` (tests move it). Safe with several
//! instances: every change is a compare-and-swap, so each invitation or offer expires once and is reminded once.

use crate::server::clock::Clock;
use crate::server::db::{invitations, offers, Db};
use std::time::Duration;

/// One round: expires overdue invitations and offers (refunding the offers; reads already treat them as
/// expired in between), then reminds the creators of those that lapse within `reminder_lead` ms.
pub async fn run_once(db: &Db, clock: &Clock, reminder_lead: i64) {
    match invitations::expire_overdue(db, clock.now()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(expired = n, "invitations expired"),
        Err(e) => tracing::warn!(error = %e, "invitation expiry failed; retrying next round"),
    }
    match offers::expire_overdue(db, clock.now(), None).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(expired = n, "offers expired and refunded"),
        Err(e) => tracing::warn!(error = %e, "offer expiry failed; retrying next round"),
    }
    match invitations::remind_due(db, clock.now(), reminder_lead).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(reminded = n, "invitation reminders sent"),
        Err(e) => tracing::warn!(error = %e, "invitation reminders failed; retrying next round"),
    }
    match offers::remind_due(db, clock.now(), reminder_lead).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(reminded = n, "offer reminders sent"),
        Err(e) => tracing::warn!(error = %e, "offer reminders failed; retrying next round"),
    }
}

/// `run_once` every `every`.
pub async fn expire_forever(db: Db, clock: Clock, every: Duration, reminder_lead: i64) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        run_once(&db, &clock, reminder_lead).await;
    }
}
