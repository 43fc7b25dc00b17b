//! Creator requests (seed S1): a business asks the agency for specific creators; admins read them in the
//! `Agency Inbox`. Rules in `domain::creator_request`; persistence in `server::db::creator_requests`.

use crate::domain::creator_request::{CreatorRequest, CreatorRequestInput, CreatorRequestResult};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatorRequestPage {
    pub requests: Vec<CreatorRequest>,
    pub next: Option<String>,
}

pub const CREATOR_REQUESTS_PAGE: i64 = 20;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    pub use crate::domain::account::access;
    pub use crate::domain::campaign::may_manage;
    pub use crate::domain::ids::UserId;
    pub use crate::domain::page::{Cursor, Page};
    pub use crate::server::db::creator_requests as store;
    pub use crate::server::{auth, db, state};

    pub async fn page(business: Option<&UserId>, after: &str) -> Result<CreatorRequestPage, AppError> {
        let state = state()?;
        let rows = store::list(&state.db, business, Cursor::parse(after), CREATOR_REQUESTS_PAGE + 1).await?;
        let Page { rows: requests, next } = Page::cut(rows, CREATOR_REQUESTS_PAGE, |last| {
            Cursor::new(last.created_at, last.id.clone())
        });
        Ok(CreatorRequestPage { requests, next })
    }
}

/// Saves the request, and queues the agency's e-mail and the partner's `creator_request_created` in the same
/// transaction; answers with the request and whether the partner has it (`{synced, error, retry_queued}`).
#[server(prefix = "/api", endpoint = "create_creator_request")]
pub async fn create_creator_request(request: CreatorRequestInput) -> Result<CreatorRequestResult, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let valid = request.validate()?;
        let campaign = db::campaigns::get(&state.db, &valid.campaign_id)
            .await?
            .ok_or_else(|| AppError::field("campaign_id", "Choose one of your campaigns."))?;
        may_manage(&actor, &campaign.business_id)?;
        let mut ids = Vec::with_capacity(valid.usernames.len());
        let mut unknown = Vec::new();
        for u in &valid.usernames {
            match db::creators::by_username(&state.db, u).await? {
                Some(c) => ids.push(c.id),
                None => unknown.push(format!("@{u}")),
            }
        }
        if !unknown.is_empty() {
            return Err(AppError::field(
                "creators",
                format!("No creator is called {}.", unknown.join(", ")),
            ));
        }
        let now = state.clock.now();
        let saved = store::insert(&state.db, &actor.user_id, &valid, &ids, &state.config.agency_email, now).await?;
        tracing::info!(request = %saved.id, creators = ids.len(), "creator request created");
        let sync = crate::server::outbox::settle(&state, "creator_request", saved.id.as_str()).await?;
        let request = store::get(&state.db, &saved.id).await?.ok_or(AppError::Internal)?;
        let n = request.creators.len();
        let what = format!(
            "Request for {n} creator{} sent to the agency",
            if n == 1 { "" } else { "s" }
        );
        match (sync.synced, &sync.error) {
            (true, _) => crate::server::notice(format!("{what} · partner synced")),
            (false, Some(e)) => crate::server::warn(format!("{what} · partner sync failed: {e} (retrying)")),
            (false, None) => crate::server::notice(format!("{what} · {}", sync.label)),
        }
        Ok(CreatorRequestResult { request, sync })
    })
    .await
}

/// One request with its creators and whether the partner has it: for the business that made it and for admins
/// (the agency); anyone else is answered 404.
#[server(prefix = "/api", endpoint = "get_creator_request")]
pub async fn get_creator_request(id: String) -> Result<CreatorRequest, AppError> {
    use crate::domain::account::Role;
    use crate::domain::ids::CreatorRequestId;
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::CREATOR_REQUEST_READERS).await?;
        let state = state()?;
        let not_found = || AppError::not_found("Creator request");
        let id = CreatorRequestId::parse(&id).ok_or_else(not_found)?;
        store::get(&state.db, &id)
            .await?
            .filter(|r| actor.role == Role::Admin || r.business_id == actor.user_id)
            .ok_or_else(not_found)
    })
    .await
}

/// The business's own requests, newest first, each with its sync state.
#[server(prefix = "/api", endpoint = "my_creator_requests")]
pub async fn my_creator_requests(#[server(default)] after: String) -> Result<CreatorRequestPage, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        page(Some(&actor.user_id), &after).await
    })
    .await
}

/// Every business's requests (admin `Agency Inbox`).
#[server(prefix = "/api", endpoint = "agency_inbox")]
pub async fn agency_inbox(#[server(default)] after: String) -> Result<CreatorRequestPage, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        auth::actor_in(access::ADMIN).await?;
        page(None, &after).await
    })
    .await
}
