//! The creator directory businesses browse.

use crate::domain::creator::{Availability, CreatorCard};
use crate::domain::invitation::Invitation;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatorPage {
    pub creators: Vec<CreatorCard>,
    /// Cursor for the next page: the id of the last creator shown.
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatorProfileView {
    pub creator: CreatorCard,
    /// This business's invitations to this creator, newest first.
    pub invitations: Vec<Invitation>,
}

pub const CREATORS_PAGE: i64 = 24;

#[server(prefix = "/api", endpoint = "search_creators")]
pub async fn search_creators(
    #[server(default)] q: String,
    #[server(default)] niche: String,
    #[server(default)] platform: String,
    #[server(default)] min_followers: String,
    #[server(default)] sort: String,
    #[server(default)] after: String,
) -> Result<CreatorPage, AppError> {
    use crate::domain::account::access;
    use crate::domain::creator::CreatorQuery;
    use crate::domain::ids::UserId;
    use crate::domain::page::Page;
    use crate::server::{auth, db, state};
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let query = CreatorQuery::validate(&q, &niche, &platform, &min_followers, &sort)?;
        let after = match UserId::parse(&after) {
            Some(id) => db::creators::by_id(&state.db, &id).await?,
            None => None,
        };
        let rows = db::creators::search(&state.db, &query, after.as_ref(), CREATORS_PAGE + 1).await?;
        let Page {
            rows: mut creators,
            next,
        } = Page::cut(rows, CREATORS_PAGE, |last| last.id.clone());
        let ids: Vec<UserId> = creators.iter().map(|c| c.id.clone()).collect();
        let badges =
            db::invitations::latest_status_from_business(&state.db, &actor.user_id, &ids, state.clock.now()).await?;
        let now = state.clock.now();
        for c in creators.iter_mut() {
            c.invitation = badges.iter().find(|(id, _)| id == &c.id).map(|(_, s)| *s);
            c.availability = std::mem::take(&mut c.availability).as_of(now);
        }
        Ok(CreatorPage { creators, next })
    })
    .await
}

#[server(prefix = "/api", endpoint = "creator_profile")]
pub async fn creator_profile(username: String) -> Result<CreatorProfileView, AppError> {
    use crate::domain::account::{access, normalise_username};
    use crate::server::{auth, db, state};
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let now = state.clock.now();
        let mut creator = db::creators::by_username(&state.db, &normalise_username(&username))
            .await?
            .ok_or_else(|| AppError::not_found("Creator"))?;
        let latest = db::invitations::latest_status_from_business(
            &state.db,
            &actor.user_id,
            std::slice::from_ref(&creator.id),
            now,
        )
        .await?;
        creator.invitation = latest.first().map(|(_, s)| *s);
        creator.availability = std::mem::take(&mut creator.availability).as_of(now);
        let invitations = db::invitations::between(&state.db, &actor.user_id, &creator.id, now).await?;
        Ok(CreatorProfileView { creator, invitations })
    })
    .await
}

/// The signed-in creator's availability, as it stands now.
#[server(prefix = "/api", endpoint = "my_availability")]
pub async fn my_availability() -> Result<Availability, AppError> {
    use crate::domain::account::access;
    use crate::server::{auth, db, state};
    crate::server::respond(async move {
        let actor = auth::actor_in(access::CREATOR).await?;
        let state = state()?;
        let me = db::creators::by_id(&state.db, &actor.user_id)
            .await?
            .ok_or_else(|| AppError::not_found("Creator profile"))?;
        Ok(me.availability.as_of(state.clock.now()))
    })
    .await
}

/// A creator says they are open to invitations, or not available until a date (`availability`: `open` or
/// `away`; `until`: `YYYY-MM-DD`), with an optional note businesses see.
#[server(prefix = "/api", endpoint = "set_availability")]
pub async fn set_availability(
    #[server(default)] availability: String,
    #[server(default)] until: String,
    #[server(default)] note: String,
) -> Result<Availability, AppError> {
    use crate::domain::account::access;
    use crate::server::{auth, db, state};
    crate::server::respond(async move {
        let actor = auth::actor_in(access::CREATOR).await?;
        let state = state()?;
        let now = state.clock.now();
        let chosen = Availability::validate(&availability, &until, &note, now)?;
        db::creators::set_availability(&state.db, &actor.user_id, &chosen).await?;
        let r: Result<Availability, AppError> = Ok(chosen);
        crate::server::noted(r, |a| match a.away_until {
            Some(d) => format!("Businesses now see you are not available until {}", d.human_date()),
            None => "Businesses now see you are open to invitations".to_string(),
        })
    })
    .await
}
