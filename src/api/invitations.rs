//! Invitations: businesses invite creators to active campaigns; creators accept or decline; businesses
//! withdraw or resend. Authorisation here, rules in `domain::invitation`, persistence in
//! `server::db::invitations`.

use crate::domain::invitation::{Invitation, InvitationStats, InvitationStatus};
use crate::domain::money::Money;
use crate::domain::time::Millis;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationPage {
    pub invitations: Vec<Invitation>,
    pub next: Option<String>,
    /// The server's clock, so "Expires in N days" is computed against the same now as the status.
    pub now: Millis,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActiveCampaign {
    pub campaign_id: String,
    pub title: String,
    pub business_name: String,
    pub budget: Money,
    pub deadline: Millis,
    pub accepted_at: Millis,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivePage {
    pub campaigns: Vec<ActiveCampaign>,
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignInvitationsView {
    pub invitations: Vec<Invitation>,
    pub stats: InvitationStats,
    pub next: Option<String>,
    /// When it was read (what `Nudge` is judged against).
    pub now: Millis,
}

/// What a bulk invitation did, creator by creator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkInviteReport {
    pub invited: Vec<Invitation>,
    /// Creators who already had an invitation to this campaign, with it.
    pub already: Vec<Invitation>,
    /// Creators not available now (not invited), each with why and until when.
    #[serde(default)]
    pub away: Vec<String>,
}

impl BulkInviteReport {
    /// `3 invited, 1 already invited, 1 not available`
    pub fn summary(&self) -> String {
        let mut text = format!("{} invited", self.invited.len());
        if !self.already.is_empty() {
            text.push_str(&format!(", {} already invited", self.already.len()));
        }
        if !self.away.is_empty() {
            text.push_str(&format!(", {} not available: {}", self.away.len(), self.away.join(" ")));
        }
        text
    }
}

/// A detailed invitation with its history, for `View Details`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationDetail {
    pub invitation: Invitation,
    pub campaign_description: String,
    pub history: Vec<(String, Millis)>,
    pub now: Millis,
}

pub const INVITATIONS_PAGE: i64 = 20;
/// At most this many creators in one bulk invitation.
pub const BULK_MAX: usize = 50;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    pub use crate::domain::account::{access, Actor};
    pub use crate::domain::campaign::{may_manage, CampaignStatus};
    pub use crate::domain::ids::{CampaignId, InvitationId, UserId};
    pub use crate::domain::invitation::{actor_for, validate_message, validate_reason, InvitationAction};
    pub use crate::domain::page::{Cursor, Page};
    pub use crate::server::db::invitations::{self as store, Inserted, StatsOf};
    pub use crate::server::{auth, db, state};

    pub fn not_found() -> AppError {
        AppError::not_found("Invitation")
    }

    /// The campaign a business invites to: theirs, and active.
    pub async fn active_campaign_of(actor: &Actor, id: &str) -> Result<crate::domain::campaign::Campaign, AppError> {
        let state = state()?;
        let id = CampaignId::parse(id).ok_or_else(|| AppError::field("campaign_id", "Choose a campaign."))?;
        let campaign = db::campaigns::get(&state.db, &id)
            .await?
            .ok_or_else(|| AppError::not_found("Campaign"))?;
        may_manage(actor, &campaign.business_id)?;
        if campaign.status != CampaignStatus::Active {
            return Err(AppError::Conflict(format!(
                "“{}” is {}: only an active campaign can take invitations.",
                campaign.title,
                campaign.status.label().to_lowercase()
            )));
        }
        Ok(campaign)
    }

    /// Accept, decline, withdraw or resend, by whoever may.
    pub async fn act(id: &str, action: InvitationAction, note: Option<String>) -> Result<Invitation, AppError> {
        let actor = auth::actor().await?;
        let state = state()?;
        let now = state.clock.now();
        let id = InvitationId::parse(id).ok_or_else(not_found)?;
        let inv = store::get(&state.db, &id, now).await?.ok_or_else(not_found)?;
        let who = actor_for(actor.role, &actor.user_id, &inv.creator_id, &inv.business_id).ok_or_else(not_found)?;
        inv.status.apply(action, who)?;
        if action == InvitationAction::Resend {
            crate::domain::invitation::check_resends(inv.resent_count)?;
        }
        if matches!(action, InvitationAction::Accept | InvitationAction::Resend) {
            let campaign = db::campaigns::get(&state.db, &inv.campaign_id)
                .await?
                .ok_or_else(not_found)?;
            if campaign.status != CampaignStatus::Active {
                return Err(AppError::Conflict(format!("“{}” is no longer active.", campaign.title)));
            }
        }
        match store::transition(&state.db, &inv, action, Some(&actor.user_id), note.as_deref(), now).await? {
            Some(updated) => {
                tracing::info!(invitation = %updated.id, event = action.as_str(), "invitation changed");
                with_sync(updated).await
            }
            None => {
                // someone else moved it first: say what it is now
                let current = store::get(&state.db, &id, now).await?.ok_or_else(not_found)?;
                Err(current.status.apply(action, who).err().unwrap_or_else(|| {
                    AppError::Conflict("This invitation changed a moment ago. Reload and try again.".into())
                }))
            }
        }
    }

    /// The changed invitation with how the partner heard of it (`{synced, error, retry_queued}`).
    pub async fn with_sync(mut inv: Invitation) -> Result<Invitation, AppError> {
        let state = state()?;
        inv.sync = Some(crate::server::outbox::settle(&state, "invitation", inv.id.as_str()).await?);
        Ok(inv)
    }

    pub fn existing_message(inv: &Invitation) -> String {
        format!(
            "@{} was already invited to “{}” on {}: {}.",
            inv.creator_username,
            inv.campaign_title,
            inv.invited_at.human_date(),
            inv.status.label()
        )
    }
}

/// Invites one creator. Inviting someone already invited answers 409 with the existing invitation's status.
#[server(prefix = "/api", endpoint = "invite_creator")]
pub async fn invite_creator(
    campaign_id: String,
    creator_id: String,
    #[server(default)] message: String,
    #[server(default)] template_id: String,
) -> Result<Invitation, AppError> {
    use crate::api::templates::{message_or_template, values};
    use crate::domain::template::{fill_message, TemplateKind};
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let message = message_or_template(&actor, &message, &template_id, TemplateKind::Invitation).await?;
        let campaign = active_campaign_of(&actor, &campaign_id).await?;
        let creator = UserId::parse(&creator_id).ok_or_else(|| AppError::not_found("Creator"))?;
        let now = state.clock.now();
        let to = db::creators::addressees(&state.db, std::slice::from_ref(&creator))
            .await?
            .pop()
            .ok_or_else(|| AppError::not_found("Creator"))?;
        to.availability.refuse_if_away(&to.username, now)?;
        let message = fill_message(&message, &values(&to, &campaign.title, &actor.name, campaign.deadline))?;
        let done = store::insert_many(&state.db, &campaign.id, &actor.user_id, &[(creator, message)], now)
            .await?
            .ok_or_else(|| AppError::Conflict(format!("“{}” is no longer active.", campaign.title)))?;
        match done.into_iter().next() {
            Some(Inserted::Created(inv)) => {
                tracing::info!(invitation = %inv.id, "creator invited");
                let inv = with_sync(inv).await?;
                crate::server::notice(format!("Invitation sent to @{}", inv.creator_username));
                Ok(inv)
            }
            Some(Inserted::Existing(inv)) => Err(AppError::Conflict(existing_message(&inv))),
            None => Err(AppError::Internal),
        }
    })
    .await
}

/// Invites several creators at once: one invitation each; those already invited are skipped and reported.
#[server(prefix = "/api", endpoint = "invite_creators")]
pub async fn invite_creators(
    campaign_id: String,
    #[server(default)] creator_ids: Vec<String>,
    #[server(default)] message: String,
    #[server(default)] template_id: String,
) -> Result<BulkInviteReport, AppError> {
    use crate::api::templates::{message_or_template, values};
    use crate::domain::template::{fill_message, TemplateKind};
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let message = validate_message(&message)?;
        if creator_ids.is_empty() {
            return Err(AppError::field("creator_ids", "Choose at least one creator."));
        }
        if creator_ids.len() > BULK_MAX {
            return Err(AppError::field(
                "creator_ids",
                format!("Invite at most {BULK_MAX} creators at a time."),
            ));
        }
        let mut creators = Vec::new();
        for id in &creator_ids {
            let id = UserId::parse(id).ok_or_else(|| AppError::not_found("Creator"))?;
            if !creators.contains(&id) {
                creators.push(id);
            }
        }
        let campaign = active_campaign_of(&actor, &campaign_id).await?;
        let now = state.clock.now();
        let message = message_or_template(&actor, &message, &template_id, TemplateKind::Invitation).await?;
        // those not available now are left out, and said why; each of the others gets the message filled in
        // for them (the batch is refused if any of those is too long)
        let mut away = Vec::new();
        let mut invites = Vec::new();
        let addressees = db::creators::addressees(&state.db, &creators).await?;
        for id in &creators {
            let Some(to) = addressees.iter().find(|a| &a.id == id) else {
                return Err(AppError::not_found("Creator"));
            };
            if let Err(refused) = to.availability.refuse_if_away(&to.username, now) {
                away.push(refused.to_string());
                continue;
            }
            let filled = fill_message(&message, &values(to, &campaign.title, &actor.name, campaign.deadline))?;
            invites.push((id.clone(), filled));
        }
        let done = if invites.is_empty() {
            Vec::new()
        } else {
            store::insert_many(&state.db, &campaign.id, &actor.user_id, &invites, now)
                .await?
                .ok_or_else(|| AppError::Conflict(format!("“{}” is no longer active.", campaign.title)))?
        };
        let mut report = BulkInviteReport {
            invited: Vec::new(),
            already: Vec::new(),
            away,
        };
        for d in done {
            match d {
                Inserted::Created(i) => report.invited.push(i),
                Inserted::Existing(i) => report.already.push(i),
            }
        }
        // one wait for the partner for the whole batch
        let ids: Vec<&str> = report.invited.iter().map(|i| i.id.as_str()).collect();
        let mut synced = crate::server::outbox::settle_many(&state, "invitation", &ids).await?;
        for i in &mut report.invited {
            i.sync = synced.remove(i.id.as_str());
        }
        tracing::info!(campaign = %campaign.id, summary = report.summary(), "bulk invitation");
        crate::server::notice(report.summary());
        Ok(report)
    })
    .await
}

/// The signed-in creator's invitations: pending ones and those that ran out.
#[server(prefix = "/api", endpoint = "my_invitations")]
pub async fn my_invitations(#[server(default)] after: String) -> Result<InvitationPage, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::CREATOR).await?;
        let state = state()?;
        let now = state.clock.now();
        let rows = store::list_for_creator(
            &state.db,
            &actor.user_id,
            Cursor::parse(&after),
            INVITATIONS_PAGE + 1,
            now,
        )
        .await?;
        Ok(creator_page(rows, now))
    })
    .await
}

/// [`my_invitations`] and [`my_invitation_stats`] in one read: the My Campaigns page shows both.
#[server(prefix = "/api", endpoint = "my_invitations_with_stats")]
pub async fn my_invitations_with_stats(
    #[server(default)] after: String,
) -> Result<(InvitationStats, InvitationPage), AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::CREATOR).await?;
        let state = state()?;
        let now = state.clock.now();
        let (stats, rows) = store::list_for_creator_with_stats(
            &state.db,
            &actor.user_id,
            Cursor::parse(&after),
            INVITATIONS_PAGE + 1,
            now,
        )
        .await?;
        Ok((stats, creator_page(rows, now)))
    })
    .await
}

/// A page of the creator's invitations from `INVITATIONS_PAGE + 1` rows read.
#[cfg(feature = "ssr")]
fn creator_page(rows: Vec<Invitation>, now: Millis) -> InvitationPage {
    use crate::domain::page::{Cursor, Page};
    let Page {
        rows: invitations,
        next,
    } = Page::cut(rows, INVITATIONS_PAGE, |last| {
        Cursor::new(last.invited_at, last.id.clone())
    });
    InvitationPage { invitations, next, now }
}

/// Campaigns the signed-in creator accepted.
#[server(prefix = "/api", endpoint = "my_active_campaigns")]
pub async fn my_active_campaigns(#[server(default)] after: String) -> Result<ActivePage, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::CREATOR).await?;
        let state = state()?;
        let rows =
            store::active_for_creator(&state.db, &actor.user_id, Cursor::parse(&after), INVITATIONS_PAGE + 1).await?;
        let Page { rows, next } = Page::cut(rows, INVITATIONS_PAGE, |last| {
            Cursor::new(last.applied_at, last.application_id.clone())
        });
        let campaigns = rows
            .into_iter()
            .map(|r| ActiveCampaign {
                campaign_id: r.campaign_id.0,
                title: r.title,
                business_name: r.business_name,
                budget: r.budget,
                deadline: r.deadline,
                accepted_at: r.applied_at,
            })
            .collect();
        Ok(ActivePage { campaigns, next })
    })
    .await
}

/// One invitation with its campaign and history, for the creator it was sent to or the business that sent it.
#[server(prefix = "/api", endpoint = "get_invitation")]
pub async fn get_invitation(id: String) -> Result<InvitationDetail, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor().await?;
        let state = state()?;
        let now = state.clock.now();
        let id = InvitationId::parse(&id).ok_or_else(not_found)?;
        let invitation = store::get(&state.db, &id, now).await?.ok_or_else(not_found)?;
        actor_for(
            actor.role,
            &actor.user_id,
            &invitation.creator_id,
            &invitation.business_id,
        )
        .ok_or_else(not_found)?;
        let campaign = db::campaigns::get(&state.db, &invitation.campaign_id)
            .await?
            .ok_or_else(not_found)?;
        let history = store::history(&state.db, &id).await?;
        Ok(InvitationDetail {
            invitation,
            campaign_description: campaign.description,
            history,
            now,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(id: String) -> Result<Invitation, AppError> {
    crate::server::respond(async move {
        let r = ssr::act(&id, ssr::InvitationAction::Accept, None).await;
        crate::server::noted(r, |i| format!("You joined “{}”", i.campaign_title))
    })
    .await
}

#[server(prefix = "/api", endpoint = "decline_invitation")]
pub async fn decline_invitation(id: String, #[server(default)] reason: String) -> Result<Invitation, AppError> {
    crate::server::respond(async move {
        let reason = ssr::validate_reason(&reason)?;
        let r = ssr::act(&id, ssr::InvitationAction::Decline, reason).await;
        crate::server::noted(r, |i| format!("You declined “{}”", i.campaign_title))
    })
    .await
}

#[server(prefix = "/api", endpoint = "withdraw_invitation")]
pub async fn withdraw_invitation(id: String) -> Result<Invitation, AppError> {
    crate::server::respond(async move {
        let r = ssr::act(&id, ssr::InvitationAction::Withdraw, None).await;
        crate::server::noted(r, |i| format!("Invitation to @{} withdrawn", i.creator_username))
    })
    .await
}

#[server(prefix = "/api", endpoint = "resend_invitation")]
pub async fn resend_invitation(id: String) -> Result<Invitation, AppError> {
    crate::server::respond(async move {
        let r = ssr::act(&id, ssr::InvitationAction::Resend, None).await;
        crate::server::noted(r, |i| format!("Invitation resent to @{}", i.creator_username))
    })
    .await
}

/// The business reminds the creator of a pending invitation by hand (notification and e-mail), at most once a
/// day (`domain::reminder::may_nudge`).
#[server(prefix = "/api", endpoint = "nudge_invitation")]
pub async fn nudge_invitation(id: String) -> Result<Invitation, AppError> {
    use crate::domain::invitation::{InvitationActor, InvitationStatus};
    use crate::domain::reminder::may_nudge;
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor().await?;
        let state = state()?;
        let now = state.clock.now();
        let id = InvitationId::parse(&id).ok_or_else(not_found)?;
        let inv = store::get(&state.db, &id, now).await?.ok_or_else(not_found)?;
        let who = actor_for(actor.role, &actor.user_id, &inv.creator_id, &inv.business_id).ok_or_else(not_found)?;
        if who != InvitationActor::Business {
            return Err(AppError::Forbidden(
                "Only the business that invited them can nudge a creator.".into(),
            ));
        }
        let pending = |inv: &Invitation| {
            if inv.status == InvitationStatus::Pending {
                Ok(())
            } else {
                Err(AppError::Conflict(format!(
                    "Only a pending invitation can be nudged; this one is {}.",
                    inv.status.label().to_lowercase()
                )))
            }
        };
        pending(&inv)?;
        may_nudge(inv.nudged_at, now)?;
        let r = match store::nudge(&state.db, &inv, now).await? {
            Some(updated) => Ok(updated),
            None => {
                // answered, lapsed or nudged a moment ago: say which
                let current = store::get(&state.db, &id, now).await?.ok_or_else(not_found)?;
                pending(&current)?;
                may_nudge(current.nudged_at, now)?;
                Err(AppError::Conflict(
                    "This invitation changed a moment ago. Reload and try again.".into(),
                ))
            }
        };
        crate::server::noted(r, |i| {
            format!("Nudged @{} about “{}”", i.creator_username, i.campaign_title)
        })
    })
    .await
}

/// A campaign's invitations with their stats, for the business that owns it.
#[server(prefix = "/api", endpoint = "campaign_invitations")]
pub async fn campaign_invitations(
    campaign_id: String,
    #[server(default)] after: String,
) -> Result<CampaignInvitationsView, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let campaign = crate::api::campaigns::owned(&actor, &campaign_id).await?;
        campaign_invitations_of(&state, &campaign.id, &after, state.clock.now()).await
    })
    .await
}

/// A page of a campaign's invitations (after the cursor `after`), with how the partner heard of each, and the
/// campaign's stats; the caller has checked that the actor manages the campaign.
#[cfg(feature = "ssr")]
pub(crate) async fn campaign_invitations_of(
    app: &crate::server::AppState,
    id: &crate::domain::ids::CampaignId,
    after: &str,
    now: Millis,
) -> Result<CampaignInvitationsView, AppError> {
    use ssr::*;
    let rows = store::list_for_campaign(&app.db, id, Cursor::parse(after), INVITATIONS_PAGE + 1, now).await?;
    let Page {
        rows: mut invitations,
        next,
    } = Page::cut(rows, INVITATIONS_PAGE, |last| {
        Cursor::new(last.invited_at, last.id.clone())
    });
    let ids: Vec<&str> = invitations.iter().map(|i| i.id.as_str()).collect();
    let syncs = db::outbox::sync_states(&app.db, "invitation", &ids).await?;
    for inv in invitations.iter_mut() {
        inv.sync = syncs.get(inv.id.as_str()).map(crate::domain::outbox::SyncOutcome::from);
    }
    let stats = store::stats(&app.db, StatsOf::Campaign(id), now).await?;
    Ok(CampaignInvitationsView {
        invitations,
        stats,
        next,
        now,
    })
}

/// The invitation statistics of the signed-in creator.
#[server(prefix = "/api", endpoint = "my_invitation_stats")]
pub async fn my_invitation_stats() -> Result<InvitationStats, AppError> {
    use ssr::*;
    crate::server::respond(async move {
        let actor = auth::actor_in(access::CREATOR).await?;
        let state = state()?;
        store::stats(&state.db, StatsOf::Creator(&actor.user_id), state.clock.now()).await
    })
    .await
}

/// Badge label of an invitation status as a business sees it on a creator card.
pub fn badge_label(status: InvitationStatus) -> &'static str {
    match status {
        InvitationStatus::Pending => "Invited",
        other => other.label(),
    }
}
