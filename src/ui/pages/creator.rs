//! Creator pages: `My Campaigns` (Invitations and Active) and an invitation's details.

use crate::api::invitations::{
    get_invitation, my_active_campaigns, my_invitation_stats, my_invitations, AcceptInvitation, DeclineInvitation,
};
use crate::domain::account::{Actor, Role};
use crate::domain::invitation::human_duration;
use crate::domain::invitation::InvitationStatus;
use crate::ui::components::{
    EmptyState, ErrorNotice, InvitationBadge, InvitationCard, PageLinks, PageTitle, Skeleton, Toasts,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn MyCampaignsPage() -> impl IntoView {
    let query = use_query_map();
    let tab = move || query.read().get("tab").unwrap_or_default();
    let accept = ServerAction::<AcceptInvitation>::new();
    let decline = ServerAction::<DeclineInvitation>::new();
    let toasts = expect_context::<Toasts>();
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(i)) => toasts.success(format!("You joined “{}”", i.campaign_title)),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
    Effect::new(move |_| match decline.value().get() {
        Some(Ok(i)) => toasts.success(format!("You declined “{}”", i.campaign_title)),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
    let stats = Resource::new(
        move || (accept.version().get(), decline.version().get()),
        |_| my_invitation_stats(),
    );
    let tab_class = move |mine: bool| {
        if mine {
            "border-b-2 border-indigo-600 px-4 py-2 text-sm font-semibold text-indigo-700"
        } else {
            "border-b-2 border-transparent px-4 py-2 text-sm text-slate-600 hover:text-slate-900"
        }
    };
    view! {
        <PageTitle title="My Campaigns"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                stats.await.ok().filter(|s| s.total > 0).map(|s| {
                    let mut line = format!("{} invitation{} so far", s.total, if s.total == 1 { "" } else { "s" });
                    if s.accepted + s.declined > 0 {
                        line.push_str(&format!(" · {} accepted · {} declined", s.accepted, s.declined));
                    }
                    if let Some(r) = s.acceptance_rate {
                        line.push_str(&format!(" · acceptance rate {r:.0}%"));
                    }
                    if let Some(ms) = s.median_answer_ms {
                        line.push_str(&format!(" · you usually answer within {}", human_duration(ms)));
                    }
                    view! { <p class="mb-4 text-sm text-slate-600" data-testid="my-invitation-stats">{line}</p> }
                })
            })}
        </Suspense>
        <div role="tablist" aria-label="My campaigns" class="mb-4 flex gap-1 border-b border-slate-200">
            <a role="tab" href="/my-campaigns" aria-selected=move || (tab() != "active" && tab() != "offers").to_string() class=move || tab_class(tab() != "active" && tab() != "offers")>"Invitations"</a>
            <a role="tab" href="/my-campaigns?tab=offers" aria-selected=move || (tab() == "offers").to_string() class=move || tab_class(tab() == "offers")>"Offers"</a>
            <a role="tab" href="/my-campaigns?tab=active" aria-selected=move || (tab() == "active").to_string() class=move || tab_class(tab() == "active")>"Active"</a>
        </div>
        // each tab's data is fetched by that tab's component: the others are never started
        <Show when=move || tab() == "offers" fallback=|| ()>
            <crate::ui::pages::wallet::OffersTab/>
        </Show>
        <Show when=move || tab() == "active" fallback=|| ()>
            <ActiveTab accept=accept/>
        </Show>
        <Show when=move || tab() != "offers" && tab() != "active" fallback=|| ()>
            <InvitationsTab accept=accept decline=decline/>
        </Show>
    }
}

/// The Invitations tab. Its resource lives here, so a page showing another tab never starts it.
#[component]
fn InvitationsTab(accept: ServerAction<AcceptInvitation>, decline: ServerAction<DeclineInvitation>) -> impl IntoView {
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let invitations = Resource::new(
        move || (after(), accept.version().get(), decline.version().get()),
        |(after, _, _)| my_invitations(after),
    );
    view! {
        <Suspense fallback=|| view! { <Skeleton rows=3/> }>
            {move || Suspend::new(async move {
                match invitations.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) if p.invitations.is_empty() => view! {
                        <EmptyState title="No invitations right now">"When a business invites you to a campaign, it appears here."</EmptyState>
                    }.into_any(),
                    Ok(p) => {
                        let now = p.now;
                        view! {
                            <div class="grid gap-4 md:grid-cols-2" data-testid="invitation-list">
                                {p.invitations.into_iter().map(|i| view! { <InvitationCard invitation=i now=now accept=accept decline=decline/> }).collect_view()}
                            </div>
                            <PageLinks base="/my-campaigns" next=p.next.clone() first_page=after().is_empty()/>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The Active tab: campaigns the creator works on.
#[component]
fn ActiveTab(accept: ServerAction<AcceptInvitation>) -> impl IntoView {
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let active = Resource::new(
        move || (after(), accept.version().get()),
        |(after, _)| my_active_campaigns(after),
    );
    view! {
        <Suspense fallback=|| view! { <Skeleton rows=3/> }>
            {move || Suspend::new(async move {
                match active.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) if p.campaigns.is_empty() => view! {
                        <EmptyState title="No active campaigns yet">"Accept an invitation and the campaign shows up here."</EmptyState>
                    }.into_any(),
                    Ok(p) => view! {
                        <ul class="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="active-list">
                            {p.campaigns.into_iter().map(|c| view! {
                                <li class="flex flex-wrap items-center justify-between gap-2 px-4 py-4">
                                    <div>
                                        <p class="font-medium">{c.title.clone()}</p>
                                        <p class="text-sm text-slate-500">{format!("{} · {} · deadline {}", c.business_name, c.budget, c.deadline.human_date())}</p>
                                    </div>
                                    <p class="text-sm text-slate-500">{format!("Joined {}", c.accepted_at.human_date())}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                        <PageLinks base="/my-campaigns?tab=active" next=p.next.clone() first_page=after().is_empty()/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/invitations/:id`: the invitation, the campaign brief and the history, for either side.
#[component]
pub fn InvitationDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let accept = ServerAction::<AcceptInvitation>::new();
    let decline = ServerAction::<DeclineInvitation>::new();
    let toasts = expect_context::<Toasts>();
    Effect::new(move |_| {
        for value in [accept.value().get(), decline.value().get()].into_iter().flatten() {
            match value {
                Ok(i) => toasts.success(format!("Invitation {}", i.status.label().to_lowercase())),
                Err(e) => toasts.error(e.to_string()),
            }
        }
    });
    let is_creator = use_context::<Actor>().is_some_and(|a| a.role == Role::Creator);
    let detail = Resource::new(
        move || (id(), accept.version().get(), decline.version().get()),
        |(id, _, _)| get_invitation(id),
    );
    view! {
        <Suspense fallback=|| view! { <Skeleton rows=3/> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(d) => {
                        let inv = d.invitation.clone();
                        let pending = inv.status == InvitationStatus::Pending && is_creator;
                        view! {
                            <PageTitle title=inv.campaign_title.clone()/>
                            <div class="grid gap-6 lg:grid-cols-3">
                                <div class="space-y-4 lg:col-span-2">
                                    <section class="rounded-xl border border-slate-200 bg-white p-5">
                                        <div class="flex items-center justify-between">
                                            <h2 class="font-semibold">"Campaign brief"</h2>
                                            <InvitationBadge status=inv.status/>
                                        </div>
                                        <p class="mt-2 whitespace-pre-line text-slate-700">{if d.campaign_description.is_empty() { "No description.".to_string() } else { d.campaign_description.clone() }}</p>
                                        <p class="mt-3 text-sm text-slate-500">{format!("{} · {} · deadline {}", inv.business_name, inv.campaign_budget, inv.campaign_deadline.human_date())}</p>
                                        {inv.decline_reason.clone().map(|r| view! { <p class="mt-3 text-sm"><span class="font-medium">"Reason given: "</span>{r}</p> })}
                                    </section>
                                    {pending.then(|| view! { <InvitationCard invitation=inv.clone() now=d.now accept=accept decline=decline/> })}
                                </div>
                                <section class="rounded-xl border border-slate-200 bg-white p-5">
                                    <h2 class="font-semibold">"History"</h2>
                                    <ol class="mt-3 space-y-3 border-l border-slate-200 pl-4 text-sm">
                                        {d.history.into_iter().map(|(event, at)| view! {
                                            <li><span class="font-medium">{crate::ui::pages::auth::capitalise(&event)}</span><span class="block text-slate-500">{at.human_datetime()}</span></li>
                                        }).collect_view()}
                                    </ol>
                                </section>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
