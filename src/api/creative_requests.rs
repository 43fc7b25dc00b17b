//! Creative requests: publishers submit; admins approve & forward or reject; advertisers approve, reject or
//! send back; admins re-review what was sent back. Rules in `domain::creative`, persistence in
//! `server::db::creative_requests`; every function here authenticates and checks who may see or act.

use crate::domain::creative::{CreativeRequest, NewCreativeRequest, RequestEvent, ReviewAction, Tab};
use crate::domain::links::urlencode;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const PAGE: i64 = 25;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestListView {
    pub tab: Tab,
    pub requests: Vec<CreativeRequest>,
    /// Every tab of the page with its count under the current filter.
    pub tabs: Vec<(Tab, i64)>,
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyRequestsView {
    pub requests: Vec<CreativeRequest>,
    pub next: Option<String>,
}

/// A request with its audit trail and what the viewer may do with it now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestDetailView {
    pub request: CreativeRequest,
    pub history: Vec<RequestEvent>,
    /// (action, button label)
    pub actions: Vec<(ReviewAction, String)>,
}

/// The admin home widget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecentRequestsView {
    pub latest: Vec<CreativeRequest>,
    pub tabs: Vec<(Tab, i64)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdvertiserOption {
    pub id: String,
    pub name: String,
}

/// The query string of a tab with its filter (links, CSV export).
pub fn tab_query(tab: Tab, q: &str, advertiser: &str, priority: &str, sort: &str) -> String {
    let mut parts = vec![format!("tab={}", tab.slug())];
    for (k, v) in [
        ("q", q),
        ("advertiser", advertiser),
        ("priority", priority),
        ("sort", sort),
    ] {
        if !v.is_empty() {
            parts.push(format!("{k}={}", urlencode(v)));
        }
    }
    parts.join("&")
}

/// `status/approval_stage/updated_at` of the request as the review form showed it: a request that moved and
/// came back to the same state (sent back, forwarded, sent back again) still reads as changed.
pub fn state_key(r: &CreativeRequest) -> String {
    format!(
        "{}/{}/{}",
        r.state.status().as_str(),
        r.state.stage().as_str(),
        r.updated_at.0
    )
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    pub use crate::domain::account::{access, Actor, Role};
    use crate::domain::creative::{may_view, reviewer_for, validate_comment, StateCounts};
    pub use crate::domain::creative::{RequestFilter, Scope};
    use crate::domain::ids::CreativeRequestId;
    pub use crate::domain::page::{Cursor, Page};
    pub use crate::server::db::creative_requests as store;
    pub use crate::server::{auth, state};

    pub fn not_found() -> AppError {
        AppError::not_found("Creative request")
    }

    pub fn tab_counts(tab: Tab, counts: &StateCounts) -> Vec<(Tab, i64)> {
        tab.siblings().into_iter().map(|t| (t, counts.of(t))).collect()
    }

    /// A request the actor may see, or 404 (a request you may not see does not exist for you).
    pub async fn visible(actor: &Actor, id: &str) -> Result<CreativeRequest, AppError> {
        let state = state()?;
        let id = CreativeRequestId::parse(id).ok_or_else(not_found)?;
        let req = store::get(&state.db, &id).await?.ok_or_else(not_found)?;
        if !may_view(actor, &req) {
            return Err(not_found());
        }
        Ok(req)
    }

    /// `seen` is the state the reviewer was looking at (`status/approval_stage`, empty when unknown): when the
    /// request has moved since, they are told so instead of being refused for the new state.
    pub async fn review(id: &str, action: &str, comment: &str, seen: &str) -> Result<CreativeRequest, AppError> {
        let actor = auth::actor_in(access::REVIEWERS).await?;
        let state = state()?;
        let action = ReviewAction::parse(action).ok_or_else(|| AppError::field("action", "Unknown action."))?;
        let comment = validate_comment(action, comment)?;
        let req = visible(&actor, id).await?;
        let reviewer = reviewer_for(&actor, &req).ok_or_else(not_found)?;
        if !seen.is_empty() && seen != state_key(&req) {
            return Err(moved(&req));
        }
        let to = req.state.apply(action, reviewer)?;
        let now = state.clock.now();
        match store::transition(&state.db, &req, to, action, reviewer, &actor, comment.as_deref(), now).await? {
            Some(updated) => {
                tracing::info!(request = %updated.id, action = action.as_str(), "creative request reviewed");
                Ok(updated)
            }
            None => {
                let current = store::get(&state.db, &req.id).await?.ok_or_else(not_found)?;
                Err(moved(&current))
            }
        }
    }

    fn moved(current: &CreativeRequest) -> AppError {
        AppError::Conflict(format!(
            "Someone else acted on this request first: it is now {}.",
            current.state.label().to_lowercase()
        ))
    }

    /// A page of requests, read with `PAGE + 1` rows.
    pub fn page_of(rows: Vec<CreativeRequest>) -> Page<CreativeRequest> {
        Page::cut(rows, PAGE, |last| Cursor::new(last.submitted_at, last.id.clone()))
    }
}

/// Submits a creative request (publishers).
#[server(prefix = "/api", endpoint = "submit_creative_request")]
pub async fn submit_creative_request(request: NewCreativeRequest) -> Result<CreativeRequest, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::PUBLISHER).await?;
        let state = state()?;
        let valid = request.validate()?;
        let created = store::insert(&state.db, &actor, &valid, state.clock.now())
            .await?
            .ok_or_else(|| AppError::field("advertiser_id", "Choose the advertiser."))?;
        tracing::info!(request = %created.id, "creative request submitted");
        crate::server::notice(format!("Request for offer {} submitted", created.offer_id));
        Ok(created)
    })
    .await
}

/// The advertisers a request can be addressed to (and the Advertiser filter).
#[server(prefix = "/api", endpoint = "advertiser_options")]
pub async fn advertiser_options() -> Result<Vec<AdvertiserOption>, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::CREATIVE_REQUESTS).await?;
        let state = state()?;
        Ok(store::advertisers(&state.db)
            .await?
            .into_iter()
            .filter(|(id, _)| actor.role != Role::Advertiser || actor.organisation_id.as_ref() == Some(id))
            .map(|(id, name)| AdvertiserOption { id: id.0, name })
            .collect())
    })
    .await
}

/// The signed-in publisher's requests, newest first.
#[server(prefix = "/api", endpoint = "my_creative_requests")]
pub async fn my_creative_requests(#[server(default)] after: String) -> Result<MyRequestsView, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::PUBLISHER).await?;
        let state = state()?;
        let scope = Scope::Publisher(actor.user_id.clone());
        let rows = store::list(
            &state.db,
            &scope,
            &crate::domain::creative::RequestState::ALL,
            &Default::default(),
            Cursor::parse(&after),
            PAGE + 1,
        )
        .await?;
        let Page { rows: requests, next } = page_of(rows);
        Ok(MyRequestsView { requests, next })
    })
    .await
}

/// One tab of `/requests` (`page = "requests"`, admins) or `/response` (`page = "response"`, admins and the
/// advertiser's users), with every tab's count under the same filter.
#[server(prefix = "/api", endpoint = "creative_requests")]
pub async fn creative_requests(
    page: String,
    #[server(default)] tab: String,
    #[server(default)] q: String,
    #[server(default)] advertiser: String,
    #[server(default)] priority: String,
    #[server(default)] sort: String,
    #[server(default)] after: String,
) -> Result<RequestListView, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor().await?;
        let tab = Tab::parse(&page, &tab).ok_or_else(|| AppError::not_found("Page"))?;
        let scope = Scope::for_page(&actor, tab)?;
        let filter = RequestFilter::parse(&q, &advertiser, &priority, &sort)?;
        let state = state()?;
        let rows = store::list(
            &state.db,
            &scope,
            tab.states(),
            &filter,
            Cursor::parse(&after),
            PAGE + 1,
        )
        .await?;
        let Page { rows: requests, next } = page_of(rows);
        let counts = store::counts(&state.db, &scope, &filter).await?;
        Ok(RequestListView {
            tab,
            requests,
            tabs: tab_counts(tab, &counts),
            next,
        })
    })
    .await
}

/// A request with its history and the viewer's allowed actions.
#[server(prefix = "/api", endpoint = "get_creative_request")]
pub async fn get_creative_request(id: String) -> Result<RequestDetailView, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor().await?;
        let state = state()?;
        let request = visible(&actor, &id).await?;
        let history = store::history(&state.db, &request.id).await?;
        let actions = crate::domain::creative::reviewer_for(&actor, &request)
            .map(|r| request.state.actions(r))
            .unwrap_or_default()
            .into_iter()
            .map(|a| (a, a.label(request.state).to_string()))
            .collect();
        Ok(RequestDetailView {
            request,
            history,
            actions,
        })
    })
    .await
}

/// Acts on a request: `action` is `forwarded`, `approved`, `rejected` or `sent-back`; `seen` is the
/// `status/approval_stage` the reviewer was shown (see [`state_key`]).
#[server(prefix = "/api", endpoint = "review_creative_request")]
pub async fn review_creative_request(
    id: String,
    action: String,
    #[server(default)] comment: String,
    #[server(default)] seen: String,
) -> Result<CreativeRequest, AppError> {
    crate::server::respond(async move {
        let r = ssr::review(&id, &action, &comment, &seen).await;
        crate::server::noted(r, |r| {
            format!("Offer {}: now {}", r.offer_id, r.state.label().to_lowercase())
        })
    })
    .await
}

/// The admin home widget: the latest requests and the count of every `/requests` tab.
#[server(prefix = "/api", endpoint = "recent_creative_requests")]
pub async fn recent_creative_requests() -> Result<RecentRequestsView, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        auth::actor_in(access::ADMIN).await?;
        let state = state()?;
        let latest = store::list(
            &state.db,
            &Scope::All,
            &crate::domain::creative::RequestState::ALL,
            &Default::default(),
            None,
            5,
        )
        .await?;
        let counts = store::counts(&state.db, &Scope::All, &Default::default()).await?;
        Ok(RecentRequestsView {
            latest,
            tabs: tab_counts(Tab::Requests(crate::domain::creative::RequestsTab::All), &counts),
        })
    })
    .await
}
