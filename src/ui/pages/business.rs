//! Business pages: the campaign list, a campaign, and the campaign form (new and edit).

use crate::api::campaigns::{
    get_campaign, list_campaigns, ChangeCampaignStatus, CreateCampaign, DeleteCampaign, UpdateCampaign,
};
use crate::api::integrations::campaign_sync_state;
use crate::api::invitations::{campaign_invitations, CampaignInvitationsView, ResendInvitation, WithdrawInvitation};
use crate::domain::campaign::{Campaign, CampaignAction, CampaignStatus};
use crate::domain::invitation::{human_duration, Invitation, InvitationAction, InvitationActor};
use crate::domain::money::Currency;
use crate::domain::outbox::SyncState;
use crate::error::AppError;
use crate::ui::components::{
    action_error, field_error, form_error, ConfirmDialog, EmptyState, ErrorNotice, Field, InvitationBadge, PageLinks,
    PageTitle, SelectField, Skeleton, StatusBadge, SubmitButton, TextArea, Toasts, Tone,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn campaign_tone(status: CampaignStatus) -> Tone {
    match status {
        CampaignStatus::Draft => Tone::Grey,
        CampaignStatus::Active => Tone::Green,
        CampaignStatus::Closed => Tone::Slate,
    }
}

const BUTTON: &str = "inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500";
const BUTTON_SECONDARY: &str =
    "inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50";

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.read().get("status").unwrap_or_default();
    let after = move || query.read().get("after").unwrap_or_default();
    let page = Resource::new(move || (status(), after()), |(s, a)| list_campaigns(s, a));
    view! {
        <PageTitle title="Campaigns">
            <a href="/campaigns/new" class=BUTTON>"New campaign"</a>
        </PageTitle>
        <Suspense fallback=|| view! { <Skeleton rows=4/> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(page) => {
                        let count = |s: Option<CampaignStatus>| -> i64 {
                            page.counts.iter().filter(|(st, _)| s.is_none_or(|s| s == *st)).map(|(_, n)| n).sum()
                        };
                        let current = status();
                        let tabs = std::iter::once(("", "All", count(None)))
                            .chain(CampaignStatus::ALL.iter().map(|s| (s.as_str(), s.label(), count(Some(*s)))))
                            .map(|(value, label, n)| {
                                let selected = current == value;
                                let href = if value.is_empty() { "/campaigns".to_string() } else { format!("/campaigns?status={value}") };
                                view! {
                                    <a
                                        href=href
                                        aria-current=selected.then_some("page")
                                        class=if selected { "border-b-2 border-indigo-600 px-3 py-2 text-sm font-semibold text-indigo-700" } else { "border-b-2 border-transparent px-3 py-2 text-sm text-slate-600 hover:text-slate-900" }
                                    >
                                        {label}
                                        <span class="ml-1.5 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{n}</span>
                                    </a>
                                }
                            })
                            .collect_view();
                        let next = page.next.clone().map(|cursor| {
                            let s = status();
                            let href = if s.is_empty() { format!("/campaigns?after={cursor}") } else { format!("/campaigns?status={s}&after={cursor}") };
                            view! { <a href=href class=BUTTON_SECONDARY>"Next page →"</a> }
                        });
                        let first = (!after().is_empty()).then(|| view! { <a href="/campaigns" class=BUTTON_SECONDARY>"← First page"</a> });
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
                                    {page.campaigns.into_iter().map(|c| view! { <CampaignRow campaign=c/> }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        };
                        view! {
                            <nav aria-label="Filter by status" class="mb-4 flex flex-wrap gap-1 border-b border-slate-200">{tabs}</nav>
                            {list}
                            <div class="mt-4 flex gap-2">{first}{next}</div>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn CampaignRow(campaign: Campaign) -> impl IntoView {
    view! {
        <li>
            <A href=format!("/campaigns/{}", campaign.id) attr:class="flex flex-wrap items-center justify-between gap-3 px-4 py-4 hover:bg-slate-50">
                <div class="min-w-0">
                    <p class="truncate font-medium">{campaign.title.clone()}</p>
                    <p class="text-sm text-slate-500">{format!("{} · deadline {}", campaign.budget, campaign.deadline.human_date())}</p>
                </div>
                <StatusBadge label=campaign.status.label() tone=campaign_tone(campaign.status)/>
            </A>
        </li>
    }
}

fn campaign_id() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").unwrap_or_default()
}

#[component]
pub fn CampaignPage() -> impl IntoView {
    let id = campaign_id();
    let change = ServerAction::<ChangeCampaignStatus>::new();
    let delete = ServerAction::<DeleteCampaign>::new();
    let toasts = expect_context::<Toasts>();
    let campaign = Resource::new(move || (id(), change.version().get()), |(id, _)| get_campaign(id));
    // the Invitations section's data and actions live here, at the top of the page, so the server and
    // the browser create them in the same order
    let withdraw = ServerAction::<WithdrawInvitation>::new();
    let resend = ServerAction::<ResendInvitation>::new();
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let sync = Resource::new(
        move || (id(), change.version().get()),
        |(id, _)| campaign_sync_state(id),
    );
    let invitations = Resource::new(
        move || {
            (
                id(),
                after(),
                withdraw.version().get(),
                resend.version().get(),
                change.version().get(),
            )
        },
        |(id, after, _, _, _)| campaign_invitations(id, after),
    );
    Effect::new(move |_| match withdraw.value().get() {
        Some(Ok(i)) => toasts.success(format!("Invitation to @{} withdrawn", i.creator_username)),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
    Effect::new(move |_| match resend.value().get() {
        Some(Ok(i)) => toasts.success(format!("Invitation resent to @{}", i.creator_username)),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok(c)) => toasts.success(format!("Campaign {}", c.status.label().to_lowercase())),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = delete.value().get() {
            toasts.error(e.to_string())
        }
    });
    view! {
        <Suspense fallback=|| view! { <Skeleton rows=2/> }>
            {move || Suspend::new(async move {
                let invitations = invitations.await;
                let sync = sync.await.ok();
                match campaign.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(c) => {
                        let base = format!("/campaigns/{}", c.id);
                        view! {
                            <CampaignDetail campaign=c change=change delete=delete/>
                            {sync.map(|s| view! { <SyncLine state=s/> })}
                            <InvitationsSection data=invitations withdraw=withdraw resend=resend base=base first_page=after().is_empty()/>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn CampaignDetail(
    campaign: Campaign,
    change: ServerAction<ChangeCampaignStatus>,
    delete: ServerAction<DeleteCampaign>,
) -> impl IntoView {
    let confirm_close = RwSignal::new(false);
    let id = campaign.id.to_string();
    let actions = campaign
        .status
        .actions()
        .into_iter()
        .map(|action| {
            let id = id.clone();
            match action {
                CampaignAction::Publish => view! {
                    <ActionForm action=change>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="action" value="publish"/>
                        <SubmitButton label="Publish" pending=change.pending() pending_label="Publishing…"/>
                    </ActionForm>
                }
                .into_any(),
                CampaignAction::Close => {
                    let id = StoredValue::new(id);
                    view! {
                    <button type="button" class=BUTTON_SECONDARY on:click=move |_| confirm_close.set(true)>"Close campaign"</button>
                    <ConfirmDialog
                        open=confirm_close
                        title="Close this campaign?"
                        body="A closed campaign takes no new invitations or offers and can no longer be edited. This cannot be undone."
                    >
                        <ActionForm action=change on:submit=move |_| confirm_close.set(false)>
                            <input type="hidden" name="id" value=id.get_value()/>
                            <input type="hidden" name="action" value="close"/>
                            <SubmitButton label="Close campaign" pending=change.pending() danger=true/>
                        </ActionForm>
                    </ConfirmDialog>
                    }
                    .into_any()
                }
            }
        })
        .collect_view();
    let editable = campaign.status.editable();

    let is_draft = campaign.status == CampaignStatus::Draft;
    view! {
        <nav class="mb-2 text-sm"><a href="/campaigns" class="text-indigo-700 hover:underline">"← Campaigns"</a></nav>
        <PageTitle title=campaign.title.clone()>
            {editable.then(|| view! { <a href=format!("/campaigns/{}/edit", campaign.id) class=BUTTON_SECONDARY>"Edit"</a> })}
            {actions}
            {is_draft.then(|| view! {
                <ActionForm action=delete>
                    <input type="hidden" name="id" value=campaign.id.to_string()/>
                    <button type="submit" class="inline-flex items-center rounded-md px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50">"Delete draft"</button>
                </ActionForm>
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

/// The fields of the campaign form, filled from an existing campaign when editing.
#[component]
fn CampaignFields(value: Signal<Option<AppError>>, #[prop(optional)] campaign: Option<Campaign>) -> impl IntoView {
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
        None => Default::default(),
    };
    view! {
        <Field label="Title" name="title" value=title required=true error=field_error(value, "title")/>
        <TextArea label="Description" name="description" value=description error=field_error(value, "description")/>
        <div class="grid gap-4 sm:grid-cols-2">
            <Field label="Budget" name="budget" value=budget required=true error=field_error(value, "budget") hint="For example 75000 or 75000.50"/>
            <SelectField label="Currency" name="currency" options=currencies selected=if currency.is_empty() { "NGN".to_string() } else { currency } error=field_error(value, "currency")/>
        </div>
        <Field label="Deadline" name="deadline" kind="date" value=deadline required=true error=field_error(value, "deadline")/>
    }
}

const CAMPAIGN_FIELDS: &[&str] = &["title", "description", "budget", "currency", "deadline", "status"];

#[component]
pub fn NewCampaignPage() -> impl IntoView {
    let action = ServerAction::<CreateCampaign>::new();
    let value = action_error(action.value());
    let toasts = expect_context::<Toasts>();
    Effect::new(move |_| {
        if let Some(Ok(c)) = action.value().get() {
            toasts.success(format!("Campaign “{}” created", c.title));
        }
    });
    let general = form_error(value, CAMPAIGN_FIELDS);
    view! {
        <nav class="mb-2 text-sm"><a href="/campaigns" class="text-indigo-700 hover:underline">"← Campaigns"</a></nav>
        <PageTitle title="New campaign"/>
        <ActionForm action=action attr:class="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-6" attr:novalidate="">
            <CampaignFields value=value/>
            <SelectField
                label="Status"
                name="status"
                options=vec![("draft".into(), "Draft: only you can see it".into()), ("active".into(), "Active: creators can be invited".into())]
                error=field_error(value, "status")
            />
            {move || general.get().map(|e| view! { <p role="alert" class="rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
            <div class="flex gap-2">
                <SubmitButton label="Create campaign" pending=action.pending() pending_label="Creating…"/>
                <a href="/campaigns" class=BUTTON_SECONDARY>"Cancel"</a>
            </div>
        </ActionForm>
    }
}

#[component]
pub fn EditCampaignPage() -> impl IntoView {
    let id = campaign_id();
    let action = ServerAction::<UpdateCampaign>::new();
    let value = action_error(action.value());
    let toasts = expect_context::<Toasts>();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            toasts.success("Campaign saved");
        }
    });
    let campaign = Resource::new(id, get_campaign);
    let general = form_error(value, CAMPAIGN_FIELDS);
    view! {
        <Suspense fallback=|| view! { <Skeleton rows=3/> }>
            {move || Suspend::new(async move {
                match campaign.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(c) => view! {
                        <nav class="mb-2 text-sm"><a href=format!("/campaigns/{}", c.id) class="text-indigo-700 hover:underline">"← Back to the campaign"</a></nav>
                        <PageTitle title=format!("Edit “{}”", c.title)/>
                        <ActionForm action=action attr:class="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-6" attr:novalidate="">
                            <input type="hidden" name="id" value=c.id.to_string()/>
                            <CampaignFields value=value campaign=c.clone()/>
                            {move || general.get().map(|e| view! { <p role="alert" class="rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                            <div class="flex gap-2">
                                <SubmitButton label="Save changes" pending=action.pending() pending_label="Saving…"/>
                                <a href=format!("/campaigns/{}", c.id) class=BUTTON_SECONDARY>"Cancel"</a>
                            </div>
                        </ActionForm>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The campaign's invitations: counts per status, acceptance rate, median time to answer, and each
/// invitation with `Withdraw` (pending) or `Resend` (expired, withdrawn).
#[component]
fn InvitationsSection(
    data: Result<CampaignInvitationsView, AppError>,
    withdraw: ServerAction<WithdrawInvitation>,
    resend: ServerAction<ResendInvitation>,
    /// The campaign page's path, for the paging links.
    base: String,
    first_page: bool,
) -> impl IntoView {
    let body = match data {
        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
        Ok(v) => {
            let s = v.stats.clone();
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
            view! {
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
                {if v.invitations.is_empty() {
                    view! { <p class="mt-4 text-sm text-slate-500">"No invitations yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-4 divide-y divide-slate-100" data-testid="campaign-invitations">
                            {v.invitations.into_iter().map(|i| view! { <InvitationRow invitation=i withdraw=withdraw resend=resend/> }).collect_view()}
                        </ul>
                        <PageLinks base=base.clone() next=v.next.clone() first_page=first_page/>
                    }.into_any()
                }}
            }
                .into_any()
        }
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
fn InvitationRow(
    invitation: Invitation,
    withdraw: ServerAction<WithdrawInvitation>,
    resend: ServerAction<ResendInvitation>,
) -> impl IntoView {
    let confirm = RwSignal::new(false);
    let id = StoredValue::new(invitation.id.to_string());
    let actions = invitation.status.actions(InvitationActor::Business);
    let can_withdraw = actions.contains(&InvitationAction::Withdraw);
    let can_resend = actions.contains(&InvitationAction::Resend);
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
                {can_withdraw.then(|| view! {
                    <button type="button" class=BUTTON_SECONDARY on:click=move |_| confirm.set(true)>"Withdraw"</button>
                    <ConfirmDialog open=confirm title="Withdraw this invitation?" body=format!("@{} will no longer see it.", invitation.creator_username)>
                        <ActionForm action=withdraw on:submit=move |_| confirm.set(false)>
                            <input type="hidden" name="id" value=id.get_value()/>
                            <SubmitButton label="Withdraw invitation" pending=withdraw.pending() danger=true/>
                        </ActionForm>
                    </ConfirmDialog>
                })}
                {can_resend.then(|| view! {
                    <ActionForm action=resend>
                        <input type="hidden" name="id" value=id.get_value()/>
                        <SubmitButton label="Resend" pending=resend.pending() pending_label="Resending…"/>
                    </ActionForm>
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
