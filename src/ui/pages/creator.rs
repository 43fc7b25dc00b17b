//! Creator pages: `My Campaigns` (Invitations, Offers and Active), an invitation's details, and `Availability`. Each page reads
//! its data once, at the route: only the open tab's list is read.

use crate::api::creators::{my_availability, SetAvailability};
use crate::api::invitations::{
    get_invitation, my_active_campaigns, my_invitation_stats, my_invitations_with_stats, InvitationPage,
};
use crate::domain::account::Role;
use crate::domain::invitation::human_duration;
use crate::domain::invitation::{InvitationStats, InvitationStatus};
use crate::ui::components::{
    loaded, prerendered, Alert, DecisionDialogs, Decisions, EmptyState, Field, InvitationBadge, InvitationCard, Live,
    PageLinks, PageTitle, PostForm, Submit, TabStrip, TextArea,
};
use crate::ui::request::FormState;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Invitations,
    Offers,
    Active,
}

#[component]
pub fn MyCampaignsPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let tab = match query.get("tab").as_deref() {
        Some("offers") => Tab::Offers,
        Some("active") => Tab::Active,
        _ => Tab::Invitations,
    };
    let after = query.get("after").unwrap_or_default();
    let tabs: Vec<_> = [
        ("Invitations", "/my-campaigns", Tab::Invitations),
        ("Offers", "/my-campaigns?tab=offers", Tab::Offers),
        ("Active", "/my-campaigns?tab=active", Tab::Active),
    ]
    .into_iter()
    .map(|(label, href, t)| (label.to_string(), href.to_string(), t == tab, None))
    .collect();
    let tab_strip = move || view! { <TabStrip label="My campaigns" tabs=tabs/> };
    let body = match tab {
        // the stats and the open invitations, read together
        Tab::Invitations => {
            let first_page = after.is_empty();
            let data = my_invitations_with_stats(after);
            loaded(data, move |(stats, page)| {
                view! {
                    {stats_line(stats)}
                    {tab_strip()}
                    {invitations_view(page, first_page)}
                }
            })
            .into_any()
        }
        Tab::Offers | Tab::Active => {
            let stats = Resource::new(|| (), |_| my_invitation_stats());
            let list = match tab {
                Tab::Offers => crate::ui::pages::wallet::offers_tab(after).into_any(),
                _ => active_tab(after).into_any(),
            };
            view! {
                {loaded(stats, stats_line)}
                {tab_strip()}
                {list}
            }
            .into_any()
        }
    };
    view! {
        <PageTitle title="My Campaigns"/>
        <Live id="my-campaigns">{body}</Live>
    }
}

/// "12 invitations so far · 5 accepted · 2 declined · acceptance rate 71% · you usually answer within 3 hours"
/// (nothing before the first invitation).
fn stats_line(s: InvitationStats) -> impl IntoView {
    (s.total > 0).then(|| {
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
}

/// The Invitations tab's list: the cards, the dialogs they share, and the page links.
fn invitations_view(p: InvitationPage, first_page: bool) -> AnyView {
    if p.invitations.is_empty() {
        return view! {
            <EmptyState title="No invitations right now">"When a business invites you to a campaign, it appears here."</EmptyState>
        }
        .into_any();
    }
    let now = p.now;
    view! {
        <div class="grid gap-4 md:grid-cols-2" data-testid="invitation-list">
            {prerendered(p.invitations.into_iter().map(|i| view! { <InvitationCard invitation=i now=now decisions=Decisions::Shared/> }).collect_view())}
        </div>
        <DecisionDialogs/>
        <PageLinks base="/my-campaigns" next=p.next.clone() first_page=first_page/>
    }
    .into_any()
}

/// The Active tab: campaigns the creator works on.
fn active_tab(after: String) -> impl IntoView {
    let first_page = after.is_empty();
    let active = Resource::new(move || after.clone(), my_active_campaigns);
    loaded(active, move |p| {
        if p.campaigns.is_empty() {
            return view! {
                <EmptyState title="No active campaigns yet">"Accept an invitation and the campaign shows up here."</EmptyState>
            }
            .into_any();
        }
        view! {
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
            <PageLinks base="/my-campaigns?tab=active" next=p.next.clone() first_page=first_page/>
        }
        .into_any()
    })
}

/// `/invitations/:id`: the invitation, the campaign brief and the history, for either side.
#[component]
pub fn InvitationDetailPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    let is_creator = crate::ui::request::actor().is_some_and(|a| a.role == Role::Creator);
    // `?decide=accept|decline`: a list's decision button followed without JavaScript opens that dialog here
    let decide = use_query_map().read_untracked().get("decide").unwrap_or_default();
    let detail = Resource::new(move || id.clone(), get_invitation);
    let page = loaded(detail, move |d| {
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
                    {pending.then(|| view! { <InvitationCard invitation=inv.clone() now=d.now decisions=Decisions::Inline(decide.clone())/> })}
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
        }
    });
    view! { <Live id="invitation">{page}</Live> }
}

/// `/availability`: the creator says whether businesses may invite them or send offers now. Businesses see it
/// on the creator's card and profile; while away, invitations and offers are refused with the date.
#[component]
pub fn AvailabilityPage() -> impl IntoView {
    let current = Resource::new(|| (), |_| my_availability());
    let form = FormState::of(SetAvailability::url());
    let echoed = form.error.is_some();
    let (choice_e, until_e, note_e) = (form.field("availability"), form.field("until"), form.field("note"));
    let general = form.general(&["availability", "until", "note"]);
    let typed = (form.value("availability"), form.value("until"), form.value("note"));
    view! {
        <PageTitle title="Availability"/>
        {loaded(current, move |a| {
            // what the form shows: what was just refused, else what is saved
            let (choice, until, note) = if echoed {
                typed.clone()
            } else {
                let choice = if a.away_until.is_some() { "away" } else { "open" };
                (choice.to_string(), a.away_until.map(|d| d.date()).unwrap_or_default(), a.note.clone())
            };
            let status = match a.away_until {
                Some(d) => format!("Businesses see you are not available until {}.", d.human_date()),
                None => "Businesses see you are open to invitations.".to_string(),
            };
            let radio = move |value: &'static str, label: &'static str, checked: bool| {
                view! {
                    <label class="flex items-center gap-2 text-sm">
                        <input type="radio" name="availability" value=value checked=checked/>
                        {label}
                    </label>
                }
            };
            view! {
                <p class="mb-4 text-slate-700" data-testid="availability-status">{status}</p>
                <section class="max-w-lg rounded-lg border border-slate-200 bg-white p-6">
                    <PostForm action=SetAvailability::url() class="space-y-4">
                        <fieldset class="space-y-2">
                            <legend class="text-sm font-medium text-slate-700">"Can businesses invite you or send you offers?"</legend>
                            {radio("open", "Open to invitations", choice == "open")}
                            {radio("away", "Not available until the date below", choice == "away")}
                            {choice_e.clone().map(|e| view! { <p class="text-sm text-red-700">{e}</p> })}
                        </fieldset>
                        <Field label="Available again on" name="until" kind="date" value=until error=until_e.clone()/>
                        <TextArea label="Note for businesses (optional)" name="note" value=note error=note_e.clone() rows=2/>
                        <Alert message=general.clone()/>
                        <Submit label="Save availability"/>
                    </PostForm>
                </section>
            }
        })}
    }
}
