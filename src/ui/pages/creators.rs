//! Business pages: browse creators, a creator's profile, and the plain invite form.

use crate::api::campaigns::list_campaigns;
use crate::api::creators::{creator_profile, search_creators};
use crate::api::invitations::{InviteCreator, InviteCreators};
use crate::domain::account::{NICHES, PLATFORMS};
use crate::domain::creator::{format_followers, CreatorCard};
use crate::domain::template::TemplateKind;
use crate::ui::components::invitation::{choices, CampaignChoice, MessageKit};
use crate::ui::components::{
    Alert, Avatar, Dialog, EmptyState, InvitationBadge, InviteButton, InviteModal, PageLinks, PageTitle, PRIMARY,
    SECONDARY,
};
use crate::ui::pages::auth::capitalise;
use crate::ui::pages::wallet::{offer_refused, OfferForm};
use crate::ui::request::FormState;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

/// What the business writes invitations with: its invitation templates and its name. Read once per page.
fn message_kit() -> Resource<Result<Vec<crate::domain::template::Template>, crate::error::AppError>> {
    Resource::new(|| (), |_| crate::api::templates::my_templates())
}

/// The templates of one kind, with the business's name.
pub fn kit_of(
    templates: &Result<Vec<crate::domain::template::Template>, crate::error::AppError>,
    kind: crate::domain::template::TemplateKind,
    business: &str,
) -> MessageKit {
    MessageKit {
        templates: templates
            .as_ref()
            .map(|ts| ts.iter().filter(|t| t.kind == kind).cloned().collect())
            .unwrap_or_default(),
        business: business.to_string(),
    }
}

/// The business's active campaigns, as the invite form offers them.
fn active_campaigns() -> Resource<Result<Vec<CampaignChoice>, crate::error::AppError>> {
    Resource::new(
        || (),
        |_| async move {
            list_campaigns("active".into(), String::new())
                .await
                .map(|p| choices(&p.campaigns))
        },
    )
}

#[component]
pub fn CreatorsPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let param = move |k: &str| query.get(k).unwrap_or_default();
    let keys = ["q", "niche", "platform", "min_followers", "sort"];
    let filters: Vec<(String, String)> = keys.iter().map(|k| (k.to_string(), param(k))).collect();
    let after = param("after");
    let page = Resource::new(
        {
            let (f, after) = (filters.clone(), after.clone());
            move || (f.clone(), after.clone())
        },
        |(f, after)| {
            let v = |i: usize| f[i].1.clone();
            search_creators(v(0), v(1), v(2), v(3), v(4), after)
        },
    );
    let campaigns = active_campaigns();
    let templates = message_kit();
    let business = crate::ui::request::actor().map(|a| a.name).unwrap_or_default();
    let niche_options = NICHES
        .iter()
        .map(|n| (n.to_string(), capitalise(n)))
        .collect::<Vec<_>>();
    let platform_options = PLATFORMS
        .iter()
        .map(|p| (p.to_string(), capitalise(p)))
        .collect::<Vec<_>>();
    let sort_by_name = param("sort") == "name";
    let failed = invite_error();
    view! {
        <PageTitle title="Creators"/>
        <Alert message=failed class="mb-4"/>
        <form method="get" action="/creators" class="mb-6 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-6" role="search">
            <div class="sm:col-span-2">
                <label for="search-q" class="text-sm font-medium text-slate-700">"Search"</label>
                <input id="search-q" name="q" type="search" placeholder="Name or @username" value=param("q") class=INPUT/>
            </div>
            <div>
                <label for="search-niche" class="text-sm font-medium text-slate-700">"Niche"</label>
                <select id="search-niche" name="niche" class=INPUT>
                    <option value="">"Any"</option>
                    {niche_options.into_iter().map(|(v, l)| { let sel = param("niche") == v; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
                </select>
            </div>
            <div>
                <label for="search-platform" class="text-sm font-medium text-slate-700">"Platform"</label>
                <select id="search-platform" name="platform" class=INPUT>
                    <option value="">"Any"</option>
                    {platform_options.into_iter().map(|(v, l)| { let sel = param("platform") == v; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
                </select>
            </div>
            <div>
                <label for="search-min" class="text-sm font-medium text-slate-700">"Minimum followers"</label>
                <input id="search-min" name="min_followers" inputmode="numeric" value=param("min_followers") class=INPUT/>
            </div>
            <div>
                <label for="search-sort" class="text-sm font-medium text-slate-700">"Sort"</label>
                <select id="search-sort" name="sort" class=INPUT>
                    <option value="followers" selected=!sort_by_name>"Most followers"</option>
                    <option value="name" selected=sort_by_name>"Name A–Z"</option>
                </select>
            </div>
            <div class="sm:col-span-6 flex justify-end gap-2">
                <a href="/creators" class="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100">"Clear"</a>
                <button type="submit" class=PRIMARY>"Search"</button>
            </div>
        </form>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let campaigns = campaigns.await.unwrap_or_default();
                let kit = kit_of(&templates.await, TemplateKind::Invitation, &business);
                match page.await {
                    Err(e) => view! { <crate::ui::components::ErrorNotice error=e/> }.into_any(),
                    Ok(p) if p.creators.is_empty() => view! { <EmptyState title="No creators match these filters"><a href="/creators" class="text-indigo-700 underline">"Clear the filters"</a></EmptyState> }.into_any(),
                    Ok(p) => {
                        let q: Vec<String> = filters
                            .into_iter()
                            .filter(|(_, v)| !v.is_empty())
                            .map(|(k, v)| format!("{k}={}", crate::domain::links::urlencode(&v)))
                            .collect();
                        let base = if q.is_empty() { "/creators".to_string() } else { format!("/creators?{}", q.join("&")) };
                        view! {
                            <CreatorGrid creators=p.creators campaigns=campaigns kit=kit/>
                            <PageLinks base=base next=p.next first_page=after.is_empty()/>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The creator cards with `Select` (bulk invite) and `Invite to Campaign`: an island, since choosing and
/// the invite modal happen in the browser. Without JavaScript each card's link opens the invite page.
#[island]
fn CreatorGrid(creators: Vec<CreatorCard>, campaigns: Vec<CampaignChoice>, kit: MessageKit) -> impl IntoView {
    let selected = RwSignal::new(Vec::<CreatorCard>::new());
    let modal_creators = RwSignal::new(Vec::<CreatorCard>::new());
    let open = RwSignal::new(false);
    view! {
        <div class="mb-3 flex justify-end">
            <button
                type="button"
                class=PRIMARY
                disabled=move || selected.with(|s| s.is_empty())
                on:click=move |_| {
                    modal_creators.set(selected.get());
                    open.set(true);
                }
            >
                {move || format!("Invite selected ({})", selected.with(|s| s.len()))}
            </button>
        </div>
        <ul class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="creator-grid">
            {creators.into_iter().map(|c| {
                view! { <CreatorTile creator=c selected=selected on_invite=Callback::new(move |c: CreatorCard| { modal_creators.set(vec![c]); open.set(true); })/> }
            }).collect_view()}
        </ul>
        <InviteModal open=open creators=modal_creators.into() campaigns=campaigns kit=kit/>
    }
}

#[component]
fn CreatorTile(
    creator: CreatorCard,
    selected: RwSignal<Vec<CreatorCard>>,
    on_invite: Callback<CreatorCard>,
) -> impl IntoView {
    let id = creator.id.clone();
    let is_selected = move || selected.with(|s| s.iter().any(|c| c.id == id));
    let toggle = {
        let creator = creator.clone();
        move |_| {
            let creator = creator.clone();
            selected.update(|s| {
                if let Some(i) = s.iter().position(|c| c.id == creator.id) {
                    s.remove(i);
                } else {
                    s.push(creator);
                }
            })
        }
    };
    let for_modal = creator.clone();
    let checkbox_id = format!("select-{}", creator.username);
    let checkbox_for = checkbox_id.clone();
    view! {
        <li class="flex flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="creator-card" data-username=creator.username.clone()>
            <div class="flex items-start gap-3">
                <Avatar name=creator.name.clone() url=creator.avatar_url.clone()/>
                <div class="min-w-0 flex-1">
                    <a href=format!("/creators/{}", creator.username) class="font-semibold hover:underline">{creator.name.clone()}</a>
                    <p class="text-sm text-slate-500">{format!("@{}", creator.username)}</p>
                    <p class="text-sm text-slate-700">{format!("{} followers", format_followers(creator.followers))}</p>
                </div>
                {creator.invitation.map(|s| view! { <InvitationBadge status=s business_view=true/> })}
            </div>
            <p class="mt-2 text-xs text-slate-500">{format!("{} · {}", capitalise(&creator.niche), creator.platforms.iter().map(|p| capitalise(p)).collect::<Vec<_>>().join(", "))}</p>
            {creator.availability.away_until.is_some().then(|| view! {
                <p class="mt-2 text-xs font-medium text-amber-800" data-testid="availability">{creator.availability.label.clone()}</p>
            })}
            <div class="mt-4 flex items-center justify-between gap-2">
                <label for=checkbox_for class="flex items-center gap-2 text-sm text-slate-600">
                    <input id=checkbox_id type="checkbox" prop:checked=is_selected on:change=toggle/>
                    "Select"
                </label>
                <a
                    href=format!("/creators/{}/invite", creator.username)
                    class=PRIMARY
                    on:click=move |ev| {
                        ev.prevent_default();
                        on_invite.run(for_modal.clone());
                    }
                >
                    "Invite to Campaign"
                </a>
            </div>
        </li>
    }
}

/// Why the invite modal's last post failed, if it did (the page came back to say so).
fn invite_error() -> Option<String> {
    [InviteCreator::url(), InviteCreators::url()]
        .into_iter()
        .find_map(|url| FormState::of(url).error)
        .filter(|e| matches!(e, crate::error::AppError::Validation(_)))
        .map(|e| e.to_string())
}

fn username_param() -> String {
    use_params_map().read_untracked().get("username").unwrap_or_default()
}

#[component]
pub fn CreatorProfilePage() -> impl IntoView {
    let username = username_param();
    let profile = Resource::new(move || username.clone(), creator_profile);
    let campaigns = active_campaigns();
    let templates = message_kit();
    let business = crate::ui::request::actor().map(|a| a.name).unwrap_or_default();
    let failed = invite_error();
    view! {
        <nav class="mb-2 text-sm"><a href="/creators" class="text-indigo-700 hover:underline">"← Creators"</a></nav>
        <Alert message=failed class="mb-4"/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let campaigns = campaigns.await.unwrap_or_default();
                let templates = templates.await;
                let kit = kit_of(&templates, TemplateKind::Invitation, &business);
                let offer_kit = kit_of(&templates, TemplateKind::Offer, &business);
                match profile.await {
                    Err(e) => view! { <crate::ui::components::ErrorNotice error=e/> }.into_any(),
                    Ok(p) => {
                        let c = p.creator.clone();
                        view! {
                            <PageTitle title=c.name.clone()/>
                            <section class="rounded-xl border border-slate-200 bg-white p-6">
                                <div class="flex flex-wrap items-center gap-4">
                                    <Avatar name=c.name.clone() url=c.avatar_url.clone()/>
                                    <div class="flex-1">
                                        <p class="text-slate-500">{format!("@{}", c.username)}</p>
                                        <p>{format!("{} followers · {}", format_followers(c.followers), capitalise(&c.niche))}</p>
                                        <p class="text-sm text-slate-500">{c.platforms.iter().map(|p| capitalise(p)).collect::<Vec<_>>().join(", ")}</p>
                                    </div>
                                    {c.invitation.map(|s| view! { <InvitationBadge status=s business_view=true/> })}
                                    <InviteButton creator=c.clone() campaigns=campaigns.clone() kit=kit/>
                                    <Dialog
                                        label="Send Offer".into()
                                        class=SECONDARY.into()
                                        id="send-offer".into()
                                        title=format!("Send an offer to @{}", c.username)
                                        body=String::new()
                                        action=String::new()
                                        open=offer_refused()
                                        wide=true
                                    >
                                        <OfferForm
                                            campaigns=campaigns.iter().map(|k| (k.id.clone(), k.title.clone())).collect()
                                            creator=(c.name.clone(), c.username.clone())
                                            kit=offer_kit
                                        />
                                    </Dialog>
                                </div>
                                <p class="mt-4 text-sm" data-testid="availability">
                                    {match c.availability.away_until {
                                        Some(d) => view! { <span class="font-medium text-amber-800">{format!("Not available until {}", d.human_date())}</span> }.into_any(),
                                        None => view! { <span class="font-medium text-green-800">"Open to invitations"</span> }.into_any(),
                                    }}
                                    {(!c.availability.note.is_empty()).then(|| view! { <span class="text-slate-600">{format!(" · “{}”", c.availability.note)}</span> })}
                                </p>
                                {(!c.bio.is_empty()).then(|| view! { <p class="mt-4 text-slate-700">{c.bio.clone()}</p> })}
                            </section>
                            <section class="mt-6">
                                <h2 class="mb-2 font-semibold">"Your invitations to this creator"</h2>
                                {if p.invitations.is_empty() {
                                    view! { <p class="text-sm text-slate-500">"None yet."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
                                            {p.invitations.into_iter().map(|i| view! {
                                                <li class="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                                                    <a href=format!("/campaigns/{}", i.campaign_id) class="font-medium hover:underline">{i.campaign_title.clone()}</a>
                                                    <span class="flex items-center gap-3 text-slate-500">{format!("sent {}", i.invited_at.human_date())}<InvitationBadge status=i.status business_view=true/></span>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/creators/:username/invite`: the invitation form as a page of its own, which also works with
/// JavaScript off (the modal is the same form).
#[component]
pub fn InvitePage() -> impl IntoView {
    let username = username_param();
    let profile = Resource::new(move || username.clone(), creator_profile);
    let campaigns = active_campaigns();
    let templates = message_kit();
    let business = crate::ui::request::actor().map(|a| a.name).unwrap_or_default();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (profile, campaigns) = (profile.await, campaigns.await.unwrap_or_default());
                let kit = kit_of(&templates.await, TemplateKind::Invitation, &business);
                match profile {
                    Err(e) => view! { <crate::ui::components::ErrorNotice error=e/> }.into_any(),
                    Ok(p) => {
                        let form = FormState::of(InviteCreator::url());
                        let back = format!("/creators/{}", p.creator.username);
                        view! {
                            <nav class="mb-2 text-sm"><a href=back.clone() class="text-indigo-700 hover:underline">{format!("← {}", p.creator.name)}</a></nav>
                            <PageTitle title="Invite Creator to Campaign"/>
                            <div class="max-w-lg rounded-xl border border-slate-200 bg-white p-6">
                                <div class="flex items-center gap-3 border-b border-slate-200 pb-4">
                                    <Avatar name=p.creator.name.clone() url=p.creator.avatar_url.clone()/>
                                    <div>
                                        <p class="font-medium">{p.creator.name.clone()}</p>
                                        <p class="text-sm text-slate-500">{format!("@{} · {} followers", p.creator.username, format_followers(p.creator.followers))}</p>
                                    </div>
                                </div>
                                {if campaigns.is_empty() {
                                    view! { <p class="mt-4 text-sm text-slate-600">"You have no active campaign. Publish a campaign first."</p> }.into_any()
                                } else {
                                    view! {
                                        <crate::ui::components::invitation::InviteForm
                                            creator_id=p.creator.id.to_string()
                                            campaigns=campaigns
                                            back=back
                                            selected=form.value("campaign_id")
                                            message=form.value("message")
                                            campaign_error=form.field("campaign_id")
                                            message_error=form.field("message")
                                            general=form.general(&["campaign_id", "message", "template_id"])
                                            kit=kit
                                            to=(p.creator.name.clone(), p.creator.username.clone())
                                        />
                                    }.into_any()
                                }}
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
