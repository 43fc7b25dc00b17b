//! Campaign CRUD for businesses.

use crate::domain::campaign::{Campaign, CampaignStatus};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignPage {
    pub campaigns: Vec<Campaign>,
    /// Cursor for the next page, when there is one.
    pub next: Option<String>,
    /// How many campaigns the business has in each status.
    pub counts: Vec<(CampaignStatus, i64)>,
}

pub const CAMPAIGNS_PAGE: i64 = 20;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::domain::account::{access, Actor};
    pub use crate::domain::campaign::{may_manage, CampaignAction, CampaignInput};
    pub use crate::domain::ids::CampaignId;
    pub use crate::domain::page::{Cursor, Page};
    pub use crate::server::{auth, db, state};

    /// The campaign, if the actor is its owner.
    pub async fn owned(actor: &Actor, id: &str) -> Result<super::Campaign, super::AppError> {
        let state = state()?;
        let id = CampaignId::parse(id).ok_or_else(|| super::AppError::not_found("Campaign"))?;
        let campaign = db::campaigns::get(&state.db, &id)
            .await?
            .ok_or_else(|| super::AppError::not_found("Campaign"))?;
        may_manage(actor, &campaign.business_id)?;
        Ok(campaign)
    }

    /// The changed campaign with how the partner heard of it (`{synced, error, retry_queued}`).
    pub async fn with_sync(mut campaign: super::Campaign) -> Result<super::Campaign, super::AppError> {
        let state = state()?;
        campaign.sync = Some(crate::server::outbox::settle(&state, "campaign", campaign.id.as_str()).await?);
        Ok(campaign)
    }

    pub fn moved() -> super::AppError {
        super::AppError::Conflict(
            "This campaign was changed by someone else a moment ago. Reload and try again.".into(),
        )
    }
}

#[cfg(feature = "ssr")]
pub(crate) use ssr::owned;

#[server(prefix = "/api", endpoint = "list_campaigns")]
pub async fn list_campaigns(
    #[server(default)] status: String,
    #[server(default)] after: String,
) -> Result<CampaignPage, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let status = if status.is_empty() {
            None
        } else {
            Some(CampaignStatus::parse(&status).ok_or_else(|| AppError::field("status", "Unknown status."))?)
        };
        let after = Cursor::parse(&after);
        let rows =
            db::campaigns::list_for_business(&state.db, &actor.user_id, status, after, CAMPAIGNS_PAGE + 1).await?;
        let Page { rows: campaigns, next } = Page::cut(rows, CAMPAIGNS_PAGE, |last| {
            Cursor::new(last.created_at, last.id.clone())
        });
        let counts = db::campaigns::counts_for_business(&state.db, &actor.user_id).await?;
        Ok(CampaignPage {
            campaigns,
            next,
            counts,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "get_campaign")]
pub async fn get_campaign(id: String) -> Result<Campaign, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        owned(&actor, &id).await
    })
    .await
}

/// Everything a campaign's page shows, read in one call: the campaign, how the partner heard of it, a page of
/// its invitations with their stats, and its outreach figures. The owner is checked once and the campaign read
/// once (four calls before, each checking and reading it again).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignPageData {
    pub campaign: Campaign,
    pub sync: crate::domain::outbox::SyncState,
    pub invitations: crate::api::invitations::CampaignInvitationsView,
    /// None for a draft (it has sent no invitation).
    pub outreach: Option<crate::domain::analytics::Analytics>,
}

#[server(prefix = "/api", endpoint = "campaign_overview")]
pub async fn campaign_overview(id: String, #[server(default)] after: String) -> Result<CampaignPageData, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let campaign = owned(&actor, &id).await?;
        let now = state.clock.now();
        let (sync, invitations, outreach) = tokio::try_join!(
            db::outbox::sync_state(&state.db, "campaign", campaign.id.as_str()),
            crate::api::invitations::campaign_invitations_of(&state, &campaign.id, &after, now),
            db::analytics::of_business(&state.db, &actor.user_id, Some(&campaign.id), now),
        )?;
        Ok(CampaignPageData {
            campaign,
            sync,
            invitations,
            outreach,
        })
    })
    .await
}

/// Creates a campaign as a draft, or straight away as active when `status` is `active`.
#[server(prefix = "/api", endpoint = "create_campaign")]
pub async fn create_campaign(
    title: String,
    #[server(default)] description: String,
    budget: String,
    currency: String,
    deadline: String,
    #[server(default)] status: String,
) -> Result<Campaign, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let now = state.clock.now();
        let input = CampaignInput::validate(&title, &description, &budget, &currency, &deadline, now)?;
        let status = match status.as_str() {
            "" | "draft" => CampaignStatus::Draft,
            "active" => CampaignStatus::Active,
            _ => return Err(AppError::field("status", "A new campaign is a draft or active.")),
        };
        let campaign = db::campaigns::insert(&state.db, &actor.user_id, &input, status, now).await?;
        tracing::info!(campaign = %campaign.id, status = status.as_str(), "campaign created");
        crate::server::redirect(&format!("/campaigns/{}", campaign.id));
        crate::server::noted(with_sync(campaign).await, |c| format!("Campaign “{}” created", c.title))
    })
    .await
}

#[server(prefix = "/api", endpoint = "update_campaign")]
pub async fn update_campaign(
    id: String,
    title: String,
    #[server(default)] description: String,
    budget: String,
    currency: String,
    deadline: String,
) -> Result<Campaign, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let campaign = owned(&actor, &id).await?;
        if !campaign.status.editable() {
            return Err(AppError::Conflict(
                "This campaign is closed and can no longer be edited.".into(),
            ));
        }
        let now = state.clock.now();
        let input = CampaignInput::validate(&title, &description, &budget, &currency, &deadline, now)?;
        if !db::campaigns::update(&state.db, &campaign.id, campaign.status, &input, now).await? {
            return Err(moved());
        }
        crate::server::redirect(&format!("/campaigns/{}", campaign.id));
        let updated = db::campaigns::get(&state.db, &campaign.id)
            .await?
            .ok_or(AppError::Internal)?;
        crate::server::noted(with_sync(updated).await, |_| "Campaign saved".into())
    })
    .await
}

/// `publish` (draft → active) or `close` (draft/active → closed).
#[server(prefix = "/api", endpoint = "change_campaign_status")]
pub async fn change_campaign_status(id: String, action: String) -> Result<Campaign, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let campaign = owned(&actor, &id).await?;
        let action = match action.as_str() {
            "publish" => CampaignAction::Publish,
            "close" => CampaignAction::Close,
            _ => return Err(AppError::field("action", "Unknown action.")),
        };
        let to = campaign.status.apply(action)?;
        let now = state.clock.now();
        if to == CampaignStatus::Active && campaign.deadline <= now {
            return Err(AppError::field(
                "deadline",
                "The deadline has passed: set a new deadline before publishing.",
            ));
        }
        if !db::campaigns::transition(&state.db, &campaign.id, campaign.status, to, now).await? {
            return Err(moved());
        }
        tracing::info!(campaign = %campaign.id, from = campaign.status.as_str(), to = to.as_str(), "campaign status changed");
        let changed = db::campaigns::get(&state.db, &campaign.id).await?.ok_or(AppError::Internal)?;
        crate::server::noted(with_sync(changed).await, |c| format!("Campaign {}", c.status.label().to_lowercase()))
    })
    .await
}

/// Deletes a draft. Published campaigns are closed instead, so their history stays.
#[server(prefix = "/api", endpoint = "delete_campaign")]
pub async fn delete_campaign(id: String) -> Result<(), AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let campaign = owned(&actor, &id).await?;
        if campaign.status != CampaignStatus::Draft {
            return Err(AppError::Conflict(
                "Only a draft can be deleted; close a published campaign instead.".into(),
            ));
        }
        match db::campaigns::delete_draft(&state.db, &campaign.id).await? {
            db::campaigns::DraftDeletion::Deleted => {}
            db::campaigns::DraftDeletion::NotADraft => return Err(moved()),
            db::campaigns::DraftDeletion::Kept(why) => {
                return Err(AppError::Conflict(format!(
                    "“{}” cannot be deleted: {why}. Publish it, or leave it as a draft.",
                    campaign.title
                )))
            }
        }
        crate::server::redirect("/campaigns");
        crate::server::notice(format!("Draft “{}” deleted", campaign.title));
        Ok(())
    })
    .await
}
