//! Business pages: the campaign list, a campaign, and the campaign form (new and edit).

use crate::api::campaigns::{
    campaign_overview, get_campaign, list_campaigns, ChangeCampaignStatus, CreateCampaign, DeleteCampaign,
    UpdateCampaign,
};
use crate::api::invitations::{CampaignInvitationsView, NudgeInvitation, ResendInvitation, WithdrawInvitation};
use crate::domain::campaign::{Campaign, CampaignAction, CampaignStatus};
use crate::domain::invitation::{human_duration, Invitation, InvitationAction, InvitationActor, InvitationStatus};
use crate::domain::money::Currency;
use crate::domain::outbox::SyncState;
use crate::domain::time::Millis;
use crate::ui::components::{
    loaded, prerendered, Alert, Dialog, EmptyState, Field, InvitationBadge, Live, PageLinks, PageTitle, PostForm,
    SelectField, StatusBadge, Submit, TabStrip, TextArea, Tone, DANGER, PRIMARY, SECONDARY,
};
use crate::ui::request::FormState;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn campaign_tone(status: CampaignStatus) -> Tone {
    match status {
        CampaignStatus::Draft => Tone::Grey,
        CampaignStatus::Active => Tone::Green,
        CampaignStatus::Closed => Tone::Slate,
    }
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let status = query.get("status").unwrap_or_default();
    let after = query.get("after").unwrap_or_default();
    let page = Resource::new(
        {
            let (status, after) = (status.clone(), after.clone());
            move || (status.clone(), after.clone())
        },
        |(s, a)| list_campaigns(s, a),
    );
    view! {
        <PageTitle title="Campaigns">
            <a href="/campaigns/new" class=PRIMARY>"New campaign"</a>
        </PageTitle>
        {loaded(page, move |page| {
            let count = |s: Option<CampaignStatus>| -> i64 {
                page.counts.iter().filter(|(st, _)| s.is_none_or(|s| s == *st)).map(|(_, n)| n).sum()
            };
            let tabs = std::iter::once(("", "All", count(None)))
                .chain(CampaignStatus::ALL.iter().map(|s| (s.as_str(), s.label(), count(Some(*s)))))
                .map(|(value, label, n)| {
                    let href = if value.is_empty() { "/campaigns".to_string() } else { format!("/campaigns?status={value}") };
                    (label.to_string(), href, status == value, Some(n))
                })
                .collect();
            let base = if status.is_empty() { "/campaigns".to_string() } else { format!("/campaigns?status={status}") };
            let list = if page.campaigns.is_empty() {
                view! {
                    <EmptyState title="No campaigns here yet">
                        <a href="/campaigns/new" class="text-indigo-700 underline">"Create your first campaign"</a>
                    </EmptyState>
                }
                .into_any()
            } else {
                view! {
                    <ul class="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white" data-testid="campaign-list">
                        {prerendered(page.campaigns.into_iter().map(|c| view! { <CampaignRow campaign=c/> }).collect_view())}
                    </ul>
                }
                .into_any()
            };
            view! {
                <TabStrip label="Filter by status" tabs=tabs/>
                {list}
                <PageLinks base=base next=page.next.clone() first_page=after.is_empty()/>
            }
        })}
    }
}

#[component]
fn CampaignRow(campaign: Campaign) -> impl IntoView {
    view! {
        <li>
            <a href=format!("/campaigns/{}", campaign.id) class="flex flex-wrap items-center justify-between gap-3 px-4 py-4 hover:bg-slate-50">
                <div class="min-w-0">
                    <p class="truncate font-medium">{campaign.title.clone()}</p>
                    <p class="text-sm text-slate-500">{format!("{} · deadline {}", campaign.budget, campaign.deadline.human_date())}</p>
                </div>
                <StatusBadge label=campaign.status.label() tone=campaign_tone(campaign.status)/>
            </a>
        </li>
    }
}

fn campaign_id() -> String {
    use_params_map().read_untracked().get("id").unwrap_or_default()
}

/// `/campaigns/:id`: the campaign, how the partner heard of it, and its invitations — three reads, each once.
#[component]
pub fn CampaignPage() -> impl IntoView {
    let id = campaign_id();
    let after = use_query_map().read_untracked().get("after").unwrap_or_default();
    let first_page = after.is_empty();
    // the campaign, its sync state, its invitations and its outreach, read in one call
    loaded(campaign_overview(id, after), move |d| {
        let c = d.campaign;
        let base = format!("/campaigns/{}", c.id);
        // a resend goes out only while the campaign runs (the store checks it too)
        let running = c.status == CampaignStatus::Active;
        view! {
            <Live id="campaign">
                <CampaignDetail campaign=c/>
                <SyncLine state=d.sync/>
                <InvitationsSection data=d.invitations base=base first_page=first_page running=running/>
                {d.outreach.map(|a| view! { <crate::ui::pages::analytics::OutreachSummary analytics=a/> })}
            </Live>
        }
    })
}

#[component]
fn CampaignDetail(campaign: Campaign) -> impl IntoView {
    let id = campaign.id.to_string();
    let actions = campaign
        .status
        .actions()
        .into_iter()
        .map(|action| {
            let id = id.clone();
            match action {
                CampaignAction::Publish => view! {
                    <form method="post" action=ChangeCampaignStatus::url()>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="action" value="publish"/>
                        <Submit label="Publish"/>
                    </form>
                }
                .into_any(),
                CampaignAction::Close => view! {
                    <Dialog
                        label="Close campaign".into()
                        class=SECONDARY.into()
                        id="close-campaign".into()
                        title="Close this campaign?".into()
                        body="A closed campaign takes no new invitations or offers and can no longer be edited. This cannot be undone.".into()
                        action=String::new()
                    >
                        <form method="post" action=ChangeCampaignStatus::url() class="flex justify-end">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="action" value="close"/>
                            <button type="submit" class=DANGER>"Close campaign"</button>
                        </form>
                    </Dialog>
                }
                .into_any(),
            }
        })
        .collect_view();
    let editable = campaign.status.editable();
    let is_draft = campaign.status == CampaignStatus::Draft;
    view! {
        <nav class="mb-2 text-sm"><a href="/campaigns" class="text-indigo-700 hover:underline">"← Campaigns"</a></nav>
        <PageTitle title=campaign.title.clone()>
            {editable.then(|| view! { <a href=format!("/campaigns/{}/edit", campaign.id) class=SECONDARY>"Edit"</a> })}
            {actions}
            {is_draft.then(|| view! {
                <form method="post" action=DeleteCampaign::url()>
                    <input type="hidden" name="id" value=campaign.id.to_string()/>
                    <button type="submit" class="inline-flex items-center rounded-md px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50">"Delete draft"</button>
                </form>
            })}
        </PageTitle>
        <div class="grid gap-4 sm:grid-cols-3">
            <div class="rounded-lg border border-slate-200 bg-white p-4">
                <p class="text-xs uppercase tracking-wide text-slate-500">"Status"</p>
                <div class="mt-1"><StatusBadge label=campaign.status.label() tone=campaign_tone(campaign.status)/></div>
            </div>
            <div class="rounded-lg border border-slate-200 bg-white p-4">
                <p class="text-xs uppercase tracking-wide text-slate-500">"Budget"</p>
                <p class="mt-1 font-semibold" data-testid="budget">{campaign.budget.to_string()}</p>
            </div>
            <div class="rounded-lg border border-slate-200 bg-white p-4">
                <p class="text-xs uppercase tracking-wide text-slate-500">"Deadline"</p>
                <p class="mt-1 font-semibold">{campaign.deadline.human_date()}</p>
            </div>
        </div>
        <section class="mt-6 rounded-lg border border-slate-200 bg-white p-4">
            <h2 class="text-sm font-semibold text-slate-700">"Description"</h2>
            <p class="mt-2 whitespace-pre-line text-slate-700">
                {if campaign.description.is_empty() { "No description yet.".to_string() } else { campaign.description.clone() }}
            </p>
        </section>
    }
}

/// The fields of the campaign form: echoed back after a failed post, else filled from the campaign (edit).
#[component]
fn CampaignFields(form: FormState, #[prop(optional)] campaign: Option<Campaign>) -> impl IntoView {
    let currencies = Currency::ALL
        .iter()
        .map(|c| (c.code().to_string(), format!("{} ({})", c.code(), c.symbol())))
        .collect();
    let (title, description, budget, currency, deadline) = match &campaign {
        Some(c) => (
            c.title.clone(),
            c.description.clone(),
            c.budget.plain(),
            c.budget.currency.code().to_string(),
            c.deadline.date(),
        ),
        None => (
            String::new(),
            String::new(),
            String::new(),
            "NGN".to_string(),
            String::new(),
        ),
    };
    view! {
        <Field label="Title" name="title" value=form.value_or("title", title) required=true error=form.field("title")/>
        <TextArea label="Description" name="description" value=form.value_or("description", description) error=form.field("description")/>
        <div class="grid gap-4 sm:grid-cols-2">
            <Field label="Budget" name="budget" value=form.value_or("budget", budget) required=true error=form.field("budget") hint="For example 75000 or 75000.50"/>
            <SelectField label="Currency" name="currency" options=currencies selected=form.value_or("currency", currency) error=form.field("currency")/>
        </div>
        <Field label="Deadline" name="deadline" kind="date" value=form.value_or("deadline", deadline) required=true error=form.field("deadline")/>
    }
}

const CAMPAIGN_FIELDS: &[&str] = &["title", "description", "budget", "currency", "deadline", "status"];

#[component]
pub fn NewCampaignPage() -> impl IntoView {
    let form = FormState::of(CreateCampaign::url());
    let general = form.general(CAMPAIGN_FIELDS);
    let status_error = form.field("status");
    let status = form.value_or("status", "draft");
    view! {
        <nav class="mb-2 text-sm"><a href="/campaigns" class="text-indigo-700 hover:underline">"← Campaigns"</a></nav>
        <PageTitle title="New campaign"/>
        <PostForm action=CreateCampaign::url() class="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-6">
            <CampaignFields form=form/>
            <SelectField
                label="Status"
                name="status"
                options=vec![("draft".into(), "Draft: only you can see it".into()), ("active".into(), "Active: creators can be invited".into())]
                selected=status
                error=status_error
            />
            <Alert message=general/>
            <div class="flex gap-2">
                <Submit label="Create campaign"/>
                <a href="/campaigns" class=SECONDARY>"Cancel"</a>
            </div>
        </PostForm>
    }
}

#[component]
pub fn EditCampaignPage() -> impl IntoView {
    let id = campaign_id();
    let campaign = Resource::new(move || id.clone(), get_campaign);
    loaded(campaign, |c| {
        let form = FormState::of(UpdateCampaign::url());
        let general = form.general(CAMPAIGN_FIELDS);
        view! {
            <nav class="mb-2 text-sm"><a href=format!("/campaigns/{}", c.id) class="text-indigo-700 hover:underline">"← Back to the campaign"</a></nav>
            <PageTitle title=format!("Edit “{}”", c.title)/>
            <PostForm action=UpdateCampaign::url() class="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-6">
                <input type="hidden" name="id" value=c.id.to_string()/>
                <CampaignFields form=form campaign=c.clone()/>
                <Alert message=general/>
                <div class="flex gap-2">
                    <Submit label="Save changes"/>
                    <a href=format!("/campaigns/{}", c.id) class=SECONDARY>"Cancel"</a>
                </div>
            </PostForm>
        }
    })
}

/// The campaign's invitations: counts per status, acceptance rate, median time to answer, and each
/// invitation with `Withdraw` (pending) or `Resend` (expired, withdrawn).
#[component]
fn InvitationsSection(
    data: CampaignInvitationsView,
    /// The campaign page's path, for the paging links.
    base: String,
    first_page: bool,
    /// The campaign is active: its expired and withdrawn invitations may be resent.
    running: bool,
) -> impl IntoView {
    let s = data.stats.clone();
    let stat = |label: &'static str, value: String| {
        view! {
            <div class="rounded-md bg-slate-50 px-3 py-2"><dt class="text-xs text-slate-500">{label}</dt><dd class="font-semibold">{value}</dd></div>
        }
    };
    let rate = s
        .acceptance_rate
        .map(|r| format!("{r:.0}%"))
        .unwrap_or_else(|| "–".into());
    let median = s.median_answer_ms.map(human_duration).unwrap_or_else(|| "–".into());
    let body = view! {
        <dl class="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-8" data-testid="invitation-stats">
            {stat("Total", s.total.to_string())}
            {stat("Pending", s.pending.to_string())}
            {stat("Accepted", s.accepted.to_string())}
            {stat("Declined", s.declined.to_string())}
            {stat("Expired", s.expired.to_string())}
            {stat("Withdrawn", s.withdrawn.to_string())}
            {stat("Acceptance rate", rate)}
            {stat("Median time to answer", median)}
        </dl>
        {if data.invitations.is_empty() {
            view! { <p class="mt-4 text-sm text-slate-500">"No invitations yet."</p> }.into_any()
        } else {
            view! {
                <ul class="mt-4 divide-y divide-slate-100" data-testid="campaign-invitations">
                    {data.invitations.into_iter().map(|i| view! { <InvitationRow invitation=i now=data.now running=running/> }).collect_view()}
                </ul>
                <PageLinks base=base.clone() next=data.next.clone() first_page=first_page/>
            }.into_any()
        }}
    };
    view! {
        <section class="mt-6 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="invitations-title" data-testid="invitations-section">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 id="invitations-title" class="text-sm font-semibold text-slate-700">"Invitations"</h2>
                <a href="/creators" class="text-sm text-indigo-700 hover:underline">"Invite creators"</a>
            </div>
            {body}
        </section>
    }
}

#[component]
fn InvitationRow(invitation: Invitation, now: Millis, running: bool) -> impl IntoView {
    let id = invitation.id.to_string();
    let resend_id = id.clone();
    let actions = invitation.status.actions(InvitationActor::Business);
    let can_withdraw = actions.contains(&InvitationAction::Withdraw);
    let can_resend = running
        && actions.contains(&InvitationAction::Resend)
        && crate::domain::invitation::check_resends(invitation.resent_count).is_ok();
    let when = match invitation.responded_at {
        Some(t) => format!(
            "invited {} · answered {}",
            invitation.invited_at.human_date(),
            t.human_date()
        ),
        None => format!(
            "invited {} · expires {}",
            invitation.invited_at.human_date(),
            invitation.expires_at.human_date()
        ),
    };
    let username = invitation.creator_username.clone();
    // a pending invitation can be nudged once a day; after a nudge, say when it was
    let nudge = (invitation.status == InvitationStatus::Pending).then(|| {
        match crate::domain::reminder::may_nudge(invitation.nudged_at, now) {
            Ok(()) => view! {
                <form method="post" action=NudgeInvitation::url()>
                    <input type="hidden" name="id" value=id.clone()/>
                    <button type="submit" class=SECONDARY title="Remind the creator by notification and e-mail">"Nudge"</button>
                </form>
            }
            .into_any(),
            Err(_) => view! {
                <span class="text-xs text-slate-500" data-testid="nudged">
                    {format!("Nudged {}", invitation.nudged_at.map(|t| t.human_datetime()).unwrap_or_default())}
                </span>
            }
            .into_any(),
        }
    });
    view! {
        <li class="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="invitation-row" data-username=username.clone()>
            <div class="min-w-0">
                <a href=format!("/creators/{username}") class="font-medium hover:underline">{invitation.creator_name.clone()}</a>
                <span class="ml-1 text-sm text-slate-500">{format!("@{username}")}</span>
                <p class="text-xs text-slate-500">{when}</p>
                {invitation.decline_reason.clone().map(|r| view! { <p class="text-xs text-slate-600">{format!("Reason: {r}")}</p> })}
                {invitation.sync.clone().filter(|s| s.synced || s.retry_queued || s.error.is_some()).map(|s| {
                    let tone = if s.synced { Tone::Green } else if s.retry_queued { Tone::Amber } else { Tone::Red };
                    view! { <p class="mt-1 flex items-center gap-1 text-xs text-slate-500" data-testid="invitation-sync">"Partner:" <StatusBadge label=s.label.clone() tone=tone/></p> }
                })}
            </div>
            <div class="flex items-center gap-2">
                <InvitationBadge status=invitation.status/>
                {nudge}
                {can_withdraw.then(|| view! {
                    <Dialog
                        label="Withdraw".into()
                        class=SECONDARY.into()
                        id=format!("withdraw-{id}")
                        title="Withdraw this invitation?".into()
                        body=format!("@{} will no longer see it.", invitation.creator_username)
                        action=String::new()
                    >
                        <form method="post" action=WithdrawInvitation::url() class="flex justify-end">
                            <input type="hidden" name="id" value=id.clone()/>
                            <button type="submit" class=DANGER>"Withdraw invitation"</button>
                        </form>
                    </Dialog>
                })}
                {can_resend.then(|| view! {
                    <form method="post" action=ResendInvitation::url()>
                        <input type="hidden" name="id" value=resend_id.clone()/>
                        <Submit label="Resend"/>
                    </form>
                })}
            </div>
        </li>
    }
}

/// The partner platform's view of this record: `Synced`, `Retrying (attempt N, next at …)`, `Failed: …`.
#[component]
fn SyncLine(state: SyncState) -> impl IntoView {
    let tone = match &state {
        SyncState::Synced => Tone::Green,
        SyncState::Retrying { .. } => Tone::Amber,
        SyncState::Failed { .. } => Tone::Red,
        SyncState::NotSynced => Tone::Grey,
    };
    view! {
        <p class="mt-4 flex items-center gap-2 text-sm text-slate-600" data-testid="sync-state">
            "Partner platform:" <StatusBadge label=state.label() tone=tone/>
        </p>
    }
}
