//! The header: the product name, the role's navigation (from the route table), the bell, who is signed in and
//! `Sign out`. Rendered on the server; the bell is an island. On a phone the navigation folds into a menu
//! (a `<details>` disclosure: no JavaScript needed).

use crate::api::auth::SignOut;
use crate::api::notifications::{my_notifications, Inbox, MarkNotificationsRead};
use crate::domain::notification::Notification;
use crate::ui::components::Live;
use crate::ui::request;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const LINK: &str = "rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100";
const LINK_ACTIVE: &str = "rounded-md bg-indigo-50 px-2.5 py-1.5 text-sm font-medium text-indigo-700";

#[component]
pub fn Header() -> impl IntoView {
    let Some(actor) = request::actor() else {
        return view! {
            <header class="border-b border-slate-200 bg-white">
                <div class="mx-auto flex max-w-6xl items-center gap-4 px-4 py-3 sm:px-6">
                    <a href="/" class="text-lg font-bold text-indigo-700">"Collabdesk"</a>
                    <div class="ml-auto flex gap-3 text-sm">
                        <a href="/signin" class="text-slate-700 hover:underline">"Sign in"</a>
                        <a href="/signup" class="text-slate-700 hover:underline">"Sign up"</a>
                    </div>
                </div>
            </header>
        }
        .into_any();
    };
    // the bell's data: read with the session for a page request, else read here, once
    let bell = match request::inbox() {
        Some(inbox) => view! { <NotificationBell unread=inbox.unread latest=inbox.latest/> }.into_any(),
        None => {
            let inbox = Resource::new(|| (), |_| my_notifications());
            view! {
                <Suspense fallback=|| ()>
                    {Suspend::new(async move {
                        let inbox = inbox.await.unwrap_or(Inbox { unread: 0, latest: Vec::new() });
                        view! { <NotificationBell unread=inbox.unread latest=inbox.latest/> }
                    })}
                </Suspense>
            }
            .into_any()
        }
    };
    let here = request::path_and_query();
    let here = here.split('?').next().unwrap_or("/").to_string();
    let links = crate::app::navigation(actor.role);
    let nav = move |vertical: bool| {
        let here = here.clone();
        links
            .iter()
            .map(|(label, path)| {
                let active = here.starts_with(path);
                let class = match (active, vertical) {
                    (true, false) => LINK_ACTIVE.to_string(),
                    (false, false) => LINK.to_string(),
                    (true, true) => format!("block {LINK_ACTIVE}"),
                    (false, true) => format!("block {LINK}"),
                };
                view! { <a href=*path class=class aria-current=active.then_some("page")>{*label}</a> }
            })
            .collect_view()
    };
    let name = actor.name.clone();
    let role = actor.role.label();
    view! {
        <header class="border-b border-slate-200 bg-white">
            <div class="mx-auto flex max-w-6xl items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
                <a href="/" class="text-lg font-bold text-indigo-700">"Collabdesk"</a>
                <nav aria-label="Main" class="hidden flex-1 flex-wrap gap-1 md:flex">{nav(false)}</nav>
                <div class="ml-auto flex items-center gap-3 text-sm md:ml-0">
                    <Live id="bell">{bell}</Live>
                    <span class="hidden text-slate-700 sm:inline" data-testid="user-name">
                        {name.clone()}
                        <span class="ml-1 text-xs text-slate-400">{format!("({role})")}</span>
                    </span>
                    <form method="post" action=SignOut::url() class="hidden md:block">
                        <button type="submit" class="rounded-md border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-100">
                            "Sign out"
                        </button>
                    </form>
                    <details class="relative md:hidden">
                        <summary role="button" class="disclosure rounded-md border border-slate-300 px-3 py-1.5 text-slate-700">
                            "Menu"
                        </summary>
                        <div class="dropdown absolute right-0 mt-2 w-56 space-y-1 p-2">
                            <p class="px-2.5 py-1 text-xs text-slate-500">{format!("{name} ({role})")}</p>
                            <nav aria-label="Menu">{nav(true)}</nav>
                            <form method="post" action=SignOut::url()>
                                <button type="submit" class=format!("block w-full text-left {LINK}")>"Sign out"</button>
                            </form>
                        </div>
                    </details>
                </div>
            </div>
        </header>
    }
    .into_any()
}

/// The bell: unread count, the latest notifications, `Mark all as read`. Plain HTML: the list is a
/// disclosure, marking read is a form post, and a notification's link marks it read on the way
/// (`GET /notifications/{id}`).
#[component]
fn NotificationBell(unread: i64, latest: Vec<Notification>) -> impl IntoView {
    view! {
        <details class="relative">
            <summary
                role="button"
                class="relative disclosure rounded-md p-1.5 text-slate-600 hover:bg-slate-100"
                aria-label=format!("Notifications, {unread} unread")
                data-testid="bell"
            >
                <svg aria-hidden="true" viewBox="0 0 24 24" class="h-5 w-5" fill="none" stroke="currentColor" stroke-width="2">
                    <path d="M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 1 0-12 0v3.2a2 2 0 0 1-.6 1.4L4 17h5m6 0a3 3 0 1 1-6 0"/>
                </svg>
                <span
                    class="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-bold text-white"
                    class:hidden=unread == 0
                    data-testid="unread-count"
                >
                    {unread}
                </span>
            </summary>
            <div
                class="dropdown fixed inset-x-2 top-14 sm:absolute sm:inset-x-auto sm:right-0 sm:top-auto sm:mt-2 sm:w-80"
                role="region"
                aria-label="Notifications"
            >
                <div class="flex items-center justify-between border-b border-slate-100 px-3 py-2">
                    <span class="font-semibold">"Notifications"</span>
                    <form method="post" action=MarkNotificationsRead::url()>
                        <input type="hidden" name="id" value=""/>
                        <button type="submit" class="text-xs text-indigo-700 hover:underline">"Mark all as read"</button>
                    </form>
                </div>
                {if latest.is_empty() {
                    view! { <p class="p-3 text-sm text-slate-500">"Nothing yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="max-h-96 divide-y divide-slate-100 overflow-y-auto">
                            {latest.into_iter().map(|n| view! {
                                <li class=if n.read { "px-3 py-2 text-sm text-slate-500" } else { "bg-indigo-50/50 px-3 py-2 text-sm" }>
                                    <a href=format!("/notifications/{}", n.id) class="block hover:underline">{n.title.clone()}</a>
                                    <span class="text-xs text-slate-500">{n.created_at.human_datetime()}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </div>
        </details>
    }
}
