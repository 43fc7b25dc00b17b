//! Outreach analytics for a business (`domain::analytics`): the Analytics page and the campaign page's
//! summary read them here; `GET /analytics/export.csv` (server::export) writes the same numbers as CSV.

use crate::domain::analytics::Analytics;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in business's analytics: all its campaigns, or the one `campaign` names (`""`: all).
#[server(prefix = "/api", endpoint = "my_analytics")]
pub async fn my_analytics(campaign: String) -> Result<Analytics, AppError> {
    use crate::domain::account::access;
    use crate::server::{auth, state};
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        analytics_of(&state, &actor, &campaign).await
    })
    .await
}

/// What `my_analytics` answers, for the server function and the CSV export alike.
#[cfg(feature = "ssr")]
pub async fn analytics_of(
    state: &crate::server::AppState,
    actor: &crate::domain::account::Actor,
    campaign: &str,
) -> Result<Analytics, AppError> {
    use crate::domain::account::access;
    use crate::domain::ids::CampaignId;
    actor.require(access::BUSINESS)?;
    let not_found = || AppError::not_found("Campaign");
    let campaign = match campaign.trim() {
        "" => None,
        id => Some(CampaignId::parse(id).ok_or_else(not_found)?),
    };
    crate::server::db::analytics::of_business(&state.db, &actor.user_id, campaign.as_ref(), state.clock.now())
        .await?
        .ok_or_else(not_found)
}
