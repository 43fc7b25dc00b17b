//! Creative request pages: the publisher's `My Requests` (with `New Creative Request`), the admins'
//! `Requests` (`/requests`), the `Responses` page of advertisers and admins (`/response`), and the admin
//! dashboard's recent-requests widget. Tabs, filters and the open request live in the URL, so every view
//! is a link and the back button works. Each page reads its list, its open request and its filter options
//! once, at the route.

use crate::api::creative_requests::{
    advertiser_options, creative_requests, get_creative_request, my_creative_requests, recent_creative_requests,
    tab_query, RequestDetailView, RequestListView, SubmitCreativeRequest,
};
use crate::domain::creative::{CreativeRequest, Priority, Tab, CREATIVE_TYPES};
use crate::error::AppError;
use crate::ui::components::{
    loaded, Alert, EmptyState, Field, Live, PageLinks, PageTitle, PostForm, PriorityBadge, RequestBadge, RequestDetail,
    SelectField, Submit, TextArea, PRIMARY, SECONDARY,
};
use crate::ui::request::FormState;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The detail panel sits beside the list on wide screens (and below it on narrow ones).
const PANEL: &str = "mt-4 lg:sticky lg:top-4 lg:mt-0 lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto";

fn split_class(open: bool) -> &'static str {
    if open {
        "lg:grid lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start lg:gap-6"
    } else {
        ""
    }
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

fn params() -> Params {
    let q = use_query_map().read_untracked();
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
}

/// The open request (`?open=`), read once.
fn open_detail(open: String) -> Resource<Result<Option<RequestDetailView>, AppError>> {
    Resource::new(
        move || open.clone(),
        |open| async move {
            if open.is_empty() {
                Ok(None)
            } else {
                get_creative_request(open).await.map(Some)
            }
        },
    )
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    view! { <ReviewPage page="requests"/> }
}

#[component]
pub fn ResponsesPage() -> impl IntoView {
    view! { <ReviewPage page="response"/> }
}

/// `/requests` (admins) and `/response` (advertisers and admins): one component, two sets of tabs.
#[component]
fn ReviewPage(page: &'static str) -> impl IntoView {
    let p = params();
    let list = Resource::new(
        {
            let p = p.clone();
            move || p.clone()
        },
        move |p| creative_requests(page.to_string(), p.tab, p.q, p.advertiser, p.priority, p.sort, p.after),
    );
    let detail = open_detail(p.open.clone());
    let advertisers = Resource::new(|| (), |_| advertiser_options());
    let title = if page == "requests" { "Requests" } else { "Responses" };
    let tab = Tab::parse(page, &p.tab).unwrap_or(Tab::parse(page, "").expect("a review page"));
    let link = {
        let p = p.clone();
        move |tab: Tab, open: Option<&str>| {
            let mut href = format!("/{page}?{}", tab_query(tab, &p.q, &p.advertiser, &p.priority, &p.sort));
            if let Some(id) = open {
                href.push_str(&format!("&open={id}"));
            }
            href
        }
    };
    let link = StoredValue::new(link);
    let export = format!(
        "/requests/export.csv?page={page}&{}",
        tab_query(tab, &p.q, &p.advertiser, &p.priority, &p.sort)
    );
    let close = link.with_value(|l| l(tab, None));
    let (open, first_page) = (p.open.clone(), p.after.is_empty());
    let filters = {
        let p = p.clone();
        move |opts: Vec<crate::api::creative_requests::AdvertiserOption>| {
            let mut adv = vec![(String::new(), "All advertisers".to_string())];
            adv.extend(opts.into_iter().map(|o| (o.id, o.name)));
            let mut pri = vec![(String::new(), "Any priority".to_string())];
            pri.extend(
                Priority::ALL
                    .iter()
                    .map(|p| (p.as_str().to_string(), p.as_str().to_string())),
            );
            view! {
                <form method="get" action=format!("/{page}") class="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-5" role="search">
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
                </form>
            }
        }
    };
    view! {
        <PageTitle title=title>
            <a href=export download="" rel="external" class=SECONDARY data-testid="export-csv">"Export CSV"</a>
        </PageTitle>
        <div class=split_class(!p.open.is_empty())>
            <div class="min-w-0">
                {loaded(advertisers, filters)}
                <Live id="requests">
                    {loaded(list, move |v| {
                        let open = open.clone();
                        view! { <Tabs view=v.clone() link=link/> <RequestTable view=v link=link open=open first_page=first_page/> }
                    })}
                </Live>
            </div>
            <Live id="request">{detail_panel(detail, close)}</Live>
        </div>
    }
}

fn detail_panel(detail: Resource<Result<Option<RequestDetailView>, AppError>>, close: String) -> impl IntoView {
    loaded(detail, move |d| {
        d.map(|d| view! { <div class=PANEL><RequestDetail detail=d close_href=close.clone()/></div> })
    })
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
    let p = params();
    let first_page = p.after.is_empty();
    let mine = Resource::new(
        {
            let after = p.after.clone();
            move || after.clone()
        },
        my_creative_requests,
    );
    let detail = open_detail(p.open.clone());
    let advertisers = Resource::new(|| (), |_| advertiser_options());
    let form = FormState::of(SubmitCreativeRequest::url());
    // the form stays open when its post came back with errors
    let show = form.error.is_some();
    let open = p.open.clone();
    view! {
        <PageTitle title="My Requests"/>
        <details class="group mb-6" open=show>
            <summary role="button" class=format!("disclosure {PRIMARY}")>"New Creative Request"</summary>
            {loaded(advertisers, move |advertisers| {
                let form = form.clone();
                let v = |f: &str| form.value(&format!("request[{f}]"));
                let err = |f: &str| form.field(f);
                let mut adv = vec![(String::new(), "Choose the advertiser".to_string())];
                adv.extend(advertisers.into_iter().map(|a| (a.id, a.name)));
                let mut types = vec![(String::new(), "Choose a type".to_string())];
                types.extend(CREATIVE_TYPES.iter().map(|t| (t.to_string(), t.to_string())));
                let priorities: Vec<(String, String)> = Priority::ALL.iter().map(|p| (p.as_str().to_string(), p.as_str().to_string())).collect();
                let or = |f: &str, d: &str| form.value_or(&format!("request[{f}]"), d);
                let f = |name: &str| (v(name), err(name));
                let (offer_id, offer_id_e) = f("offer_id");
                let (offer_name, offer_name_e) = f("offer_name");
                let (ctype, ctype_e) = f("creative_type");
                let (adv_sel, adv_e) = f("advertiser_id");
                let (affiliate, affiliate_e) = f("affiliate_id");
                let (client_id, client_id_e) = f("client_id");
                let (client_name, client_name_e) = f("client_name");
                let (notes, notes_e) = f("notes");
                let (priority, priority_e) = (or("priority", "Medium Priority"), err("priority"));
                let (count, count_e) = (or("creative_count", "1"), err("creative_count"));
                let (from, from_e) = (or("from_lines_count", "0"), err("from_lines_count"));
                let (subject, subject_e) = (or("subject_lines_count", "0"), err("subject_lines_count"));
                let general = form.general(REQUEST_FIELDS);
                view! {
                    <section aria-labelledby="new-request-title" class="mt-4 rounded-lg border border-slate-200 bg-white p-6">
                        <h2 id="new-request-title" class="mb-4 text-lg font-semibold">"New Creative Request"</h2>
                        <PostForm action=SubmitCreativeRequest::url() class="grid gap-4 sm:grid-cols-2">
                            <Field label="Offer ID" name="request[offer_id]" required=true value=offer_id error=offer_id_e hint="For example 5001 or AMAZON-2024-HOLIDAY"/>
                            <Field label="Offer name" name="request[offer_name]" required=true value=offer_name error=offer_name_e/>
                            <SelectField label="Creative type" name="request[creative_type]" options=types selected=ctype error=ctype_e/>
                            <SelectField label="Priority" name="request[priority]" options=priorities selected=priority error=priority_e/>
                            <Field label="Creative count" name="request[creative_count]" kind="number" value=count required=true error=count_e/>
                            <Field label="From lines" name="request[from_lines_count]" kind="number" value=from error=from_e/>
                            <Field label="Subject lines" name="request[subject_lines_count]" kind="number" value=subject error=subject_e/>
                            <SelectField label="Advertiser" name="request[advertiser_id]" options=adv selected=adv_sel error=adv_e/>
                            <Field label="Affiliate ID" name="request[affiliate_id]" required=true value=affiliate error=affiliate_e/>
                            <Field label="Client ID" name="request[client_id]" required=true value=client_id error=client_id_e/>
                            <Field label="Client name" name="request[client_name]" required=true value=client_name error=client_name_e/>
                            <div class="sm:col-span-2"><TextArea label="Notes" name="request[notes]" rows=3 value=notes error=notes_e/></div>
                            <Alert message=general class="sm:col-span-2"/>
                            <div class="sm:col-span-2 flex gap-2">
                                <Submit label="Submit request"/>
                                <a href="/my-requests" class=SECONDARY>"Cancel"</a>
                            </div>
                        </PostForm>
                    </section>
                }
            })}
        </details>
        <div class=split_class(!p.open.is_empty())>
            <Live id="my-requests">
                {loaded(mine, move |v| {
                    if v.requests.is_empty() {
                        return view! {
                            <EmptyState title="No creative requests yet">"Use “New Creative Request” to ask for creatives for an offer."</EmptyState>
                        }.into_any();
                    }
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
                        <PageLinks base="/my-requests" next=next first_page=first_page/>
                    }.into_any()
                })}
            </Live>
            <Live id="request">{detail_panel(detail, "/my-requests".to_string())}</Live>
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
            <Live id="dashboard">{loaded(recent, |v| view! {
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
            })}</Live>
        </section>
    }
}
