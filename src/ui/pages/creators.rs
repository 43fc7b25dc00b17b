//! Business pages: browse creators, a creator's profile, and the plain invite form.

use crate::api::campaigns::{list_campaigns, CampaignPage};
use crate::api::creators::{creator_profile, search_creators};
use crate::api::invitations::InviteCreator;
use crate::domain::account::{NICHES, PLATFORMS};
use crate::domain::campaign::Campaign;
use crate::domain::creator::{format_followers, CreatorCard};
use crate::ui::components::{
    action_error, form_error, Avatar, EmptyState, ErrorNotice, InvitationBadge, InviteFields, InviteModal, PageTitle,
    Skeleton, SubmitButton, Toasts,
};
use crate::ui::pages::auth::capitalise;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";
const PRIMARY: &str =
    "inline-flex items-center justify-center rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500";

/// The business's active campaigns, for the invite modal.
fn active_campaigns() -> Resource<Vec<Campaign>> {
    Resource::new(
        || (),
        |_| async move {
            list_campaigns("active".into(), String::new())
                .await
                .map(|p: CampaignPage| p.campaigns)
                .unwrap_or_default()
        },
    )
}

#[component]
pub fn CreatorsPage() -> impl IntoView {
    let query = use_query_map();
    // the page is rendered from the URL once; the Resource below tracks it for changes
    let param = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    let tracked = move |k: &str| query.read().get(k).unwrap_or_default();
    let refresh = RwSignal::new(0u32);
    let page = Resource::new(
        move || {
            let param = tracked;
            (
                param("q"),
                param("niche"),
                param("platform"),
                param("min_followers"),
                param("sort"),
                param("after"),
                refresh.get(),
            )
        },
        |(q, niche, platform, min, sort, after, _)| search_creators(q, niche, platform, min, sort, after),
    );
    let campaigns = active_campaigns();
    let selected = RwSignal::new(Vec::<CreatorCard>::new());
    let modal_creators = RwSignal::new(Vec::<CreatorCard>::new());
    let open = RwSignal::new(false);
    let campaign_list = Signal::derive(move || campaigns.get().unwrap_or_default());
    let on_sent = Callback::new(move |_| {
        selected.set(Vec::new());
        refresh.update(|n| *n += 1);
    });
    let niche_options = NICHES
        .iter()
        .map(|n| (n.to_string(), capitalise(n)))
        .collect::<Vec<_>>();
    let platform_options = PLATFORMS
        .iter()
        .map(|p| (p.to_string(), capitalise(p)))
        .collect::<Vec<_>>();
    view! {
        <PageTitle title="Creators">
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
        </PageTitle>
        <form method="get" action="/creators" class="mb-6 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-6" role="search">
            <div class="sm:col-span-2">
                <label for="search-q" class="text-sm font-medium text-slate-700">"Search"</label>
                <input id="search-q" name="q" type="search" placeholder="Name or @username" value=move || param("q") class=INPUT/>
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
                <input id="search-min" name="min_followers" inputmode="numeric" value=move || param("min_followers") class=INPUT/>
            </div>
            <div>
                <label for="search-sort" class="text-sm font-medium text-slate-700">"Sort"</label>
                <select id="search-sort" name="sort" class=INPUT>
                    <option value="followers" selected=move || param("sort") != "name">"Most followers"</option>
                    <option value="name" selected=move || param("sort") == "name">"Name A–Z"</option>
                </select>
            </div>
            <div class="sm:col-span-6 flex justify-end gap-2">
                <a href="/creators" class="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100">"Clear"</a>
                <button type="submit" class=PRIMARY>"Search"</button>
            </div>
        </form>
        <Suspense fallback=|| view! { <Skeleton rows=4/> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) if p.creators.is_empty() => view! { <EmptyState title="No creators match these filters"><a href="/creators" class="text-indigo-700 underline">"Clear the filters"</a></EmptyState> }.into_any(),
                    Ok(p) => {
                        let next = p.next.clone().map(|after| {
                            let mut q: Vec<(String, String)> = ["q", "niche", "platform", "min_followers", "sort"]
                                .iter()
                                .map(|k| (k.to_string(), param(k)))
                                .filter(|(_, v)| !v.is_empty())
                                .collect();
                            q.push(("after".into(), after));
                            let qs = q.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect::<Vec<_>>().join("&");
                            view! { <a href=format!("/creators?{qs}") class="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm">"Next page →"</a> }
                        });
                        view! {
                            <ul class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="creator-grid">
                                {p.creators.into_iter().map(|c| view! {
                                    <CreatorTile creator=c selected=selected on_invite=Callback::new(move |c: CreatorCard| { modal_creators.set(vec![c]); open.set(true); })/>
                                }).collect_view()}
                            </ul>
                            <div class="mt-4 flex gap-2">
                                {(!param("after").is_empty()).then(|| view! { <a href="/creators" class="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm">"← First page"</a> })}
                                {next}
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
        <InviteModal open=open creators=modal_creators.into() campaigns=campaign_list on_sent=on_sent/>
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
fn CreatorTile(
    creator: CreatorCard,
    selected: RwSignal<Vec<CreatorCard>>,
    on_invite: Callback<CreatorCard>,
) -> impl IntoView {
    let id = creator.id.clone();
    let is_selected = {
        let id = id.clone();
        move || selected.with(|s| s.iter().any(|c| c.id == id))
    };
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

fn username_param() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("username").unwrap_or_default()
}

#[component]
pub fn CreatorProfilePage() -> impl IntoView {
    let username = username_param();
    let refresh = RwSignal::new(0u32);
    let profile = Resource::new(move || (username(), refresh.get()), |(u, _)| creator_profile(u));
    let campaigns = active_campaigns();
    let open = RwSignal::new(false);
    let modal_creators = RwSignal::new(Vec::<CreatorCard>::new());
    let on_sent = Callback::new(move |_| refresh.update(|n| *n += 1));
    view! {
        <nav class="mb-2 text-sm"><a href="/creators" class="text-indigo-700 hover:underline">"← Creators"</a></nav>
        <Suspense fallback=|| view! { <Skeleton rows=2/> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) => {
                        let c = p.creator.clone();
                        let for_modal = c.clone();
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
                                    <a href=format!("/creators/{}/invite", c.username) class=PRIMARY on:click=move |ev| { ev.prevent_default(); modal_creators.set(vec![for_modal.clone()]); open.set(true); }>"Invite to Campaign"</a>
                                </div>
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
                                                <li class="flex items-center justify-between px-4 py-3 text-sm">
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
        <InviteModal open=open creators=modal_creators.into() campaigns=Signal::derive(move || campaigns.get().unwrap_or_default()) on_sent=on_sent/>
    }
}

/// `/creators/:username/invite`: the invitation form as a page of its own, which also works with
/// JavaScript off (the modal is the same form).
#[component]
pub fn InvitePage() -> impl IntoView {
    let username = username_param();
    let query = use_query_map();
    let profile = Resource::new(username, creator_profile);
    let campaigns = active_campaigns();
    let action = ServerAction::<InviteCreator>::new();
    let error = action_error(action.value());
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(inv)) = action.value().get() {
            toasts.success(format!("Invitation sent to @{}", inv.creator_username));
            navigate(&format!("/creators/{}", inv.creator_username), Default::default());
        }
    });
    view! {
        <Suspense fallback=|| view! { <Skeleton rows=2/> }>
            {move || Suspend::new(async move {
                let (profile, campaigns) = (profile.await, campaigns.await);
                match profile {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) => view! {
                        <nav class="mb-2 text-sm"><a href=format!("/creators/{}", p.creator.username) class="text-indigo-700 hover:underline">{format!("← {}", p.creator.name)}</a></nav>
                        <PageTitle title="Invite Creator to Campaign"/>
                        <div class="max-w-lg rounded-xl border border-slate-200 bg-white p-6">
                            <div class="flex items-center gap-3 border-b border-slate-200 pb-4">
                                <Avatar name=p.creator.name.clone() url=p.creator.avatar_url.clone()/>
                                <div>
                                    <p class="font-medium">{p.creator.name.clone()}</p>
                                    <p class="text-sm text-slate-500">{format!("@{} · {} followers", p.creator.username, format_followers(p.creator.followers))}</p>
                                </div>
                            </div>
                            {query.read().get("error").map(|e| view! { <p role="alert" class="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                            {if campaigns.is_empty() {
                                view! { <p class="mt-4 text-sm text-slate-600">"You have no active campaign. Publish a campaign first."</p> }.into_any()
                            } else {
                                view! {
                                    <ActionForm action=action attr:class="mt-4 space-y-4">
                                        <input type="hidden" name="creator_id" value=p.creator.id.to_string()/>
                                        <InviteFields campaigns=campaigns error=error/>
                                        {move || form_error(error, &["campaign_id", "message"]).get().map(|e| view! { <p role="alert" class="rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                                        <div class="flex justify-end gap-2">
                                            <a href=format!("/creators/{}", p.creator.username) class="rounded-md border border-slate-300 px-3 py-2 text-sm">"Cancel"</a>
                                            <SubmitButton label="Send Invitation" pending=action.pending() pending_label="Sending…"/>
                                        </div>
                                    </ActionForm>
                                }.into_any()
                            }}
                        </div>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
