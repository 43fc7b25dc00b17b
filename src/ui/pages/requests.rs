//! Creative request pages: the publisher's `My Requests` (with `New Creative Request`), the admins'
//! `Requests` (`/requests`), the `Responses` page of advertisers and admins (`/response`), and the admin
//! dashboard's recent-requests widget. Tabs, filters and the open request live in the URL, so every view
//! is a link and the back button works.

use crate::api::creative_requests::{
    advertiser_options, creative_requests, get_creative_request, my_creative_requests, recent_creative_requests,
    tab_query, RequestListView, ReviewCreativeRequest, SubmitCreativeRequest,
};
use crate::domain::creative::{CreativeRequest, Priority, Tab, CREATIVE_TYPES};
use crate::ui::components::SECONDARY;
use crate::ui::components::{
    action_error, field_error, form_error, EmptyState, ErrorNotice, Field, PageLinks, PageTitle, PriorityBadge,
    RequestBadge, RequestDetail, SelectField, Skeleton, SubmitButton, TextArea, Toasts,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const PRIMARY: &str =
    "inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500";

/// The detail panel sits beside the list on wide screens (and below it on narrow ones).
const PANEL: &str = "mt-4 lg:sticky lg:top-4 lg:mt-0 lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto";

fn split_class(open: bool) -> &'static str {
    if open {
        "lg:grid lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start lg:gap-6"
    } else {
        ""
    }
}

/// Toasts for the outcome of a review.
fn review_toasts(review: ServerAction<ReviewCreativeRequest>) {
    let toasts = expect_context::<Toasts>();
    Effect::new(move |_| match review.value().get() {
        Some(Ok(r)) => toasts.success(format!("Offer {}: now {}", r.offer_id, r.state.label().to_lowercase())),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
}

/// The query parameters of a review page.
#[derive(Clone, Debug, PartialEq)]
struct Params {
    tab: String,
    q: String,
    advertiser: String,
    priority: String,
    sort: String,
    after: String,
    open: String,
}

fn params() -> Memo<Params> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        Params {
            tab: get("tab"),
            q: get("q"),
            advertiser: get("advertiser"),
            priority: get("priority"),
            sort: get("sort"),
            after: get("after"),
            open: get("open"),
        }
    })
}

/// `/requests` (admins) and `/response` (advertisers and admins): one component, two sets of tabs.
#[component]
pub fn ReviewPage(page: &'static str) -> impl IntoView {
    let p = params();
    let review = ServerAction::<ReviewCreativeRequest>::new();
    review_toasts(review);
    let list = Resource::new(
        move || (p.get(), review.version().get()),
        move |(p, _)| creative_requests(page.to_string(), p.tab, p.q, p.advertiser, p.priority, p.sort, p.after),
    );
    let detail = Resource::new(
        move || (p.get().open, review.version().get()),
        |(open, _)| async move {
            if open.is_empty() {
                None
            } else {
                Some(get_creative_request(open).await)
            }
        },
    );
    let advertisers = Resource::new(|| (), |_| advertiser_options());
    let title = if page == "requests" { "Requests" } else { "Responses" };
    let base = format!("/{page}");
    let link = {
        let base = base.clone();
        move |tab: Tab, open: Option<&str>| {
            let p = p.get();
            let mut href = format!("{base}?{}", tab_query(tab, &p.q, &p.advertiser, &p.priority, &p.sort));
            if let Some(id) = open {
                href.push_str(&format!("&open={id}"));
            }
            href
        }
    };
    let link = StoredValue::new(link);
    let export = move || {
        let p = p.get();
        let tab = Tab::parse(page, &p.tab).expect("a review page");
        format!(
            "/requests/export.csv?page={page}&{}",
            tab_query(tab, &p.q, &p.advertiser, &p.priority, &p.sort)
        )
    };
    view! {
        <PageTitle title=title>
            <a href=export download="" rel="external" class=SECONDARY data-testid="export-csv">"Export CSV"</a>
        </PageTitle>
        <div class=move || split_class(!p.get().open.is_empty())>
        <div class="min-w-0">
        <Suspense fallback=|| view! { <Skeleton rows=4/> }>
            {move || Suspend::new(async move {
                let opts = advertisers.await.unwrap_or_default();
                let p = p.get();
                let tab = Tab::parse(page, &p.tab).expect("a review page");
                let mut adv = vec![(String::new(), "All advertisers".to_string())];
                adv.extend(opts.into_iter().map(|o| (o.id, o.name)));
                let mut pri = vec![(String::new(), "Any priority".to_string())];
                pri.extend(Priority::ALL.iter().map(|p| (p.as_str().to_string(), p.as_str().to_string())));
                view! {
                    <leptos_router::components::Form method="GET" action="" attr:class="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-5" attr:role="search">
                        <input type="hidden" name="tab" value=tab.slug()/>
                        <div class="sm:col-span-2">
                            <label for="q" class="block text-sm font-medium text-slate-700">"Search"</label>
                            <input id="q" name="q" type="search" value=p.q.clone() placeholder="Offer ID or name"
                                class="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"/>
                        </div>
                        <Select label="Advertiser" name="advertiser" options=adv selected=p.advertiser.clone()/>
                        <Select label="Priority" name="priority" options=pri selected=p.priority.clone()/>
                        <Select label="Sort" name="sort" options=vec![(String::new(), "Newest first".into()), ("oldest".into(), "Oldest first".into())] selected=p.sort.clone()/>
                        <div class="sm:col-span-5 flex gap-2">
                            <button type="submit" class=PRIMARY>"Apply"</button>
                            <a href=format!("/{page}?tab={}", tab.slug()) class=SECONDARY>"Clear"</a>
                        </div>
                    </leptos_router::components::Form>
                }
            })}
        </Suspense>
        <Transition fallback=|| view! { <Skeleton rows=4/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) => view! { <Tabs view=v.clone() link=link/> <RequestTable view=v link=link open=p.get().open first_page=p.get().after.is_empty()/> }.into_any(),
                }
            })}
        </Transition>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let tab = Tab::parse(page, &p.get().tab).expect("a review page");
                let close = link.with_value(|l| l(tab, None));
                match detail.await {
                    None => ().into_any(),
                    Some(Err(e)) => view! { <div class="mt-4"><ErrorNotice error=e/></div> }.into_any(),
                    Some(Ok(d)) => view! { <div class=PANEL><RequestDetail detail=d review=review close_href=close/></div> }.into_any(),
                }
            })}
        </Transition>
        </div>
    }
}

#[component]
fn Select(label: &'static str, name: &'static str, options: Vec<(String, String)>, selected: String) -> impl IntoView {
    view! {
        <div>
            <label for=name class="block text-sm font-medium text-slate-700">{label}</label>
            <select id=name name=name class="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
                {options.into_iter().map(|(v, t)| { let is = v == selected; view! { <option value=v selected=is>{t}</option> } }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn Tabs<L>(view: RequestListView, link: StoredValue<L>) -> impl IntoView
where
    L: Fn(Tab, Option<&str>) -> String + Send + Sync + 'static,
{
    let current = view.tab;
    view! {
        <div role="tablist" aria-label="Request status" class="mb-4 flex flex-wrap gap-1 border-b border-slate-200" data-testid="request-tabs">
            {view.tabs.into_iter().map(|(t, n)| {
                let selected = t == current;
                let class = if selected {
                    "border-b-2 border-indigo-600 px-3 py-2 text-sm font-semibold text-indigo-700"
                } else {
                    "border-b-2 border-transparent px-3 py-2 text-sm text-slate-600 hover:text-slate-900"
                };
                view! {
                    <a role="tab" href=link.with_value(|l| l(t, None)) aria-selected=selected.to_string() class=class data-tab=t.slug()>
                        {t.label()}
                        <span class="ml-1.5 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700" data-testid="tab-count">{n}</span>
                    </a>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn RequestTable<L>(view: RequestListView, link: StoredValue<L>, open: String, first_page: bool) -> impl IntoView
where
    L: Fn(Tab, Option<&str>) -> String + Send + Sync + 'static,
{
    let tab = view.tab;
    if view.requests.is_empty() {
        return view! {
            <EmptyState title=format!("No requests in “{}”", tab.label())>"Requests appear here as they reach this stage. Try another tab or clear the filters."</EmptyState>
        }
        .into_any();
    }
    let base = link.with_value(|l| l(tab, None));
    let next = view.next.clone();
    view! {
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table class="min-w-full divide-y divide-slate-200 text-sm" data-testid="request-table">
                <thead class="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                    <tr>
                        <th scope="col" class="px-3 py-2">"Offer"</th>
                        <th scope="col" class="px-3 py-2">"Creative"</th>
                        <th scope="col" class="px-3 py-2">"Publisher"</th>
                        <th scope="col" class="px-3 py-2">"Advertiser"</th>
                        <th scope="col" class="px-3 py-2">"Priority"</th>
                        <th scope="col" class="px-3 py-2">"Submitted"</th>
                        <th scope="col" class="px-3 py-2">"Status"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">
                    {view.requests.into_iter().map(|r| {
                        let href = link.with_value(|l| l(tab, Some(r.id.as_str())));
                        let selected = r.id.as_str() == open;
                        view! { <RequestRow request=r href=href selected=selected/> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <PageLinks base=base next=next first_page=first_page/>
    }
    .into_any()
}

#[component]
fn RequestRow(request: CreativeRequest, href: String, selected: bool) -> impl IntoView {
    let r = request;
    let class = if selected { "bg-indigo-50" } else { "hover:bg-slate-50" };
    view! {
        <tr class=class data-testid="request-row" data-offer=r.offer_id.clone()>
            <td class="px-3 py-2">
                <a href=href class="font-medium text-indigo-700 hover:underline">{r.offer_name.clone()}</a>
                <span class="block text-xs text-slate-500">{format!("Offer {}", r.offer_id)}</span>
            </td>
            <td class="px-3 py-2">
                {r.creative_type.clone()}
                <span class="block text-xs text-slate-500">{format!("{} creatives · {} from · {} subject", r.creative_count, r.from_lines_count, r.subject_lines_count)}</span>
            </td>
            <td class="px-3 py-2">{r.publisher_name.clone()}</td>
            <td class="px-3 py-2">{r.advertiser_name.clone()}</td>
            <td class="px-3 py-2"><PriorityBadge priority=r.priority/></td>
            <td class="px-3 py-2 whitespace-nowrap">{r.submitted_at.human_date()}</td>
            <td class="px-3 py-2"><RequestBadge state=r.state/></td>
        </tr>
    }
}

const REQUEST_FIELDS: &[&str] = &[
    "offer_id",
    "offer_name",
    "creative_type",
    "creative_count",
    "from_lines_count",
    "subject_lines_count",
    "priority",
    "advertiser_id",
    "affiliate_id",
    "client_id",
    "client_name",
    "notes",
];

/// `My Requests`: the publisher's requests and the `New Creative Request` form.
#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let query = use_query_map();
    let open = Memo::new(move |_| query.read().get("open").unwrap_or_default());
    let after = Memo::new(move |_| query.read().get("after").unwrap_or_default());
    let submit = ServerAction::<SubmitCreativeRequest>::new();
    let review = ServerAction::<ReviewCreativeRequest>::new();
    let value = action_error(submit.value());
    let general = form_error(value, REQUEST_FIELDS);
    let show_form = RwSignal::new(false);
    let toasts = expect_context::<Toasts>();
    Effect::new(move |_| {
        if let Some(Ok(r)) = submit.value().get() {
            toasts.success(format!("Request for offer {} submitted", r.offer_id));
            show_form.set(false);
        }
    });
    let mine = Resource::new(
        move || (after.get(), submit.version().get()),
        |(after, _)| my_creative_requests(after),
    );
    let detail = Resource::new(
        move || open.get(),
        |open| async move {
            if open.is_empty() {
                None
            } else {
                Some(get_creative_request(open).await)
            }
        },
    );
    let advertisers = Resource::new(|| (), |_| advertiser_options());
    let err = move |f: &'static str| field_error(value, f);
    view! {
        <PageTitle title="My Requests">
            <button type="button" class=PRIMARY on:click=move |_| show_form.update(|s| *s = !*s) aria-expanded=move || show_form.get().to_string()>
                "New Creative Request"
            </button>
        </PageTitle>
        <Show when=move || show_form.get()>
            <Suspense fallback=|| view! { <Skeleton rows=2/> }>
                {move || Suspend::new(async move {
                    let advertisers = match advertisers.await {
                        Ok(a) => a,
                        Err(e) => return view! { <ErrorNotice error=e/> }.into_any(),
                    };
                    let mut adv = vec![(String::new(), "Choose the advertiser".to_string())];
                    adv.extend(advertisers.into_iter().map(|a| (a.id, a.name)));
                    let mut types = vec![(String::new(), "Choose a type".to_string())];
                    types.extend(CREATIVE_TYPES.iter().map(|t| (t.to_string(), t.to_string())));
                    let priorities: Vec<(String, String)> = Priority::ALL.iter().map(|p| (p.as_str().to_string(), p.as_str().to_string())).collect();
                    view! {
                        <section aria-labelledby="new-request-title" class="mb-6 rounded-lg border border-slate-200 bg-white p-6">
                            <h2 id="new-request-title" class="mb-4 text-lg font-semibold">"New Creative Request"</h2>
                            <ActionForm action=submit attr:class="grid gap-4 sm:grid-cols-2" attr:novalidate="">
                                <Field label="Offer ID" name="request[offer_id]" required=true error=err("offer_id") hint="For example 5001 or AMAZON-2024-HOLIDAY"/>
                                <Field label="Offer name" name="request[offer_name]" required=true error=err("offer_name")/>
                                <SelectField label="Creative type" name="request[creative_type]" options=types error=err("creative_type")/>
                                <SelectField label="Priority" name="request[priority]" options=priorities selected="Medium Priority" error=err("priority")/>
                                <Field label="Creative count" name="request[creative_count]" kind="number" value="1" required=true error=err("creative_count")/>
                                <Field label="From lines" name="request[from_lines_count]" kind="number" value="0" error=err("from_lines_count")/>
                                <Field label="Subject lines" name="request[subject_lines_count]" kind="number" value="0" error=err("subject_lines_count")/>
                                <SelectField label="Advertiser" name="request[advertiser_id]" options=adv error=err("advertiser_id")/>
                                <Field label="Affiliate ID" name="request[affiliate_id]" required=true error=err("affiliate_id")/>
                                <Field label="Client ID" name="request[client_id]" required=true error=err("client_id")/>
                                <Field label="Client name" name="request[client_name]" required=true error=err("client_name")/>
                                <div class="sm:col-span-2"><TextArea label="Notes" name="request[notes]" rows=3 error=err("notes")/></div>
                                {move || general.get().map(|e| view! { <p role="alert" class="sm:col-span-2 rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                                <div class="sm:col-span-2 flex gap-2">
                                    <SubmitButton label="Submit request" pending=submit.pending() pending_label="Submitting…"/>
                                    <button type="button" class=SECONDARY on:click=move |_| show_form.set(false)>"Cancel"</button>
                                </div>
                            </ActionForm>
                        </section>
                    }.into_any()
                })}
            </Suspense>
        </Show>
        <div class=move || split_class(!open.get().is_empty())>
        <div class="min-w-0">
        <Transition fallback=|| view! { <Skeleton rows=4/> }>
            {move || Suspend::new(async move {
                match mine.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) if v.requests.is_empty() => view! {
                        <EmptyState title="No creative requests yet">"Use “New Creative Request” to ask for creatives for an offer."</EmptyState>
                    }.into_any(),
                    Ok(v) => {
                        let open = open.get();
                        let next = v.next.clone();
                        view! {
                            <ul class="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="my-requests">
                                {v.requests.into_iter().map(|r| {
                                    let selected = r.id.as_str() == open;
                                    view! {
                                        <li class=if selected { "bg-indigo-50 px-4 py-3" } else { "px-4 py-3" } data-testid="request-row" data-offer=r.offer_id.clone()>
                                            <div class="flex flex-wrap items-center justify-between gap-2">
                                                <div>
                                                    <a href=format!("/my-requests?open={}", r.id) class="font-medium text-indigo-700 hover:underline">{r.offer_name.clone()}</a>
                                                    <p class="text-xs text-slate-500">{format!("Offer {} · {} · {} creatives · {} · submitted {}", r.offer_id, r.creative_type, r.creative_count, r.advertiser_name, r.submitted_at.human_date())}</p>
                                                </div>
                                                <div class="flex items-center gap-2"><PriorityBadge priority=r.priority/><RequestBadge state=r.state/></div>
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <PageLinks base="/my-requests" next=next first_page=after.get().is_empty()/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match detail.await {
                    None => ().into_any(),
                    Some(Err(e)) => view! { <div class="mt-4"><ErrorNotice error=e/></div> }.into_any(),
                    Some(Ok(d)) => view! { <div class=PANEL><RequestDetail detail=d review=review close_href="/my-requests"/></div> }.into_any(),
                }
            })}
        </Transition>
        </div>
    }
}

/// The admin dashboard: the latest requests and the count of every `/requests` tab.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let recent = Resource::new(|| (), |_| recent_creative_requests());
    view! {
        <PageTitle title="Dashboard"/>
        <section aria-labelledby="recent-title" class="rounded-lg border border-slate-200 bg-white p-5" data-testid="recent-requests">
            <div class="flex items-center justify-between">
                <h2 id="recent-title" class="font-semibold">"Recent creative requests"</h2>
                <a href="/requests" class="text-sm text-indigo-700 hover:underline">"All requests →"</a>
            </div>
            <Suspense fallback=|| view! { <Skeleton rows=3/> }>
                {move || Suspend::new(async move {
                    match recent.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(v) => view! {
                            <div class="mt-4 grid grid-cols-2 gap-2 sm:grid-cols-6">
                                {v.tabs.into_iter().map(|(t, n)| view! {
                                    <a href=format!("/requests?tab={}", t.slug()) class="rounded-md bg-slate-50 px-3 py-2 hover:bg-slate-100" data-tab=t.slug()>
                                        <span class="block text-xs text-slate-500">{t.label()}</span>
                                        <span class="block text-lg font-semibold" data-testid="tab-count">{n}</span>
                                    </a>
                                }).collect_view()}
                            </div>
                            {if v.latest.is_empty() {
                                view! { <p class="mt-4 text-sm text-slate-500">"No creative requests yet."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="mt-4 divide-y divide-slate-100">
                                        {v.latest.into_iter().map(|r| view! {
                                            <li class="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="request-row" data-offer=r.offer_id.clone()>
                                                <a href=format!("/requests?open={}", r.id) class="text-sm font-medium hover:underline">{format!("{} · {}", r.offer_id, r.offer_name)}</a>
                                                <span class="flex items-center gap-2 text-xs text-slate-500">{format!("{} · {}", r.publisher_name, r.submitted_at.human_date())}<RequestBadge state=r.state/></span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
