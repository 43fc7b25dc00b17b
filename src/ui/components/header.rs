use super::{AuthActions, CurrentUser};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The product name, the role's navigation, who is signed in, and `Sign out`.
#[component]
pub fn Header() -> impl IntoView {
    let user = expect_context::<CurrentUser>().0;
    let sign_out = expect_context::<AuthActions>().sign_out;
    let location = use_location();
    // the bell's data: created here, at the top of the component, and re-read on every navigation and
    // after marking notifications read
    let mark = ServerAction::<crate::api::notifications::MarkNotificationsRead>::new();
    let inbox = Resource::new(
        move || (location.pathname.get(), mark.version().get()),
        |_| crate::api::notifications::my_notifications(),
    );
    view! {
        <header class="border-b border-slate-200 bg-white">
            <div class="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
                <a href="/" class="text-lg font-bold text-indigo-700">"Collabdesk"</a>
                <Suspense fallback=|| view! { <div class="h-5 w-40 animate-pulse rounded bg-slate-200"></div> }>
                    {move || Suspend::new(async move {
                        match user.await {
                            Ok(Some(actor)) => {
                                let inbox = inbox.await.ok();
                                view! {
                                    <nav aria-label="Main" class="flex flex-1 flex-wrap gap-1">
                                        {actor
                                            .role
                                            .navigation()
                                            .iter()
                                            .map(|(label, path)| {
                                                let path = *path;
                                                let active = move || location.pathname.get().starts_with(path);
                                                view! {
                                                    <A
                                                        href=path
                                                        attr:class=move || if active() {
                                                            "rounded-md bg-indigo-50 px-2.5 py-1.5 text-sm font-medium text-indigo-700"
                                                        } else {
                                                            "rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100"
                                                        }
                                                    >
                                                        {*label}
                                                    </A>
                                                }
                                            })
                                            .collect_view()}
                                    </nav>
                                    <div class="flex items-center gap-3 text-sm">
                                        <NotificationBell inbox=inbox mark=mark/>
                                        <span class="text-slate-700" data-testid="user-name">
                                            {actor.name.clone()}
                                            <span class="ml-1 text-xs text-slate-400">{format!("({})", actor.role.label())}</span>
                                        </span>
                                        <ActionForm action=sign_out>
                                            <button type="submit" class="rounded-md border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-100">
                                                "Sign out"
                                            </button>
                                        </ActionForm>
                                    </div>
                                }
                                    .into_any()
                            }
                            _ => {
                                view! {
                                    <div class="ml-auto flex gap-3 text-sm">
                                        <a href="/signin" class="text-slate-700 hover:underline">"Sign in"</a>
                                        <a href="/signup" class="text-slate-700 hover:underline">"Sign up"</a>
                                    </div>
                                }
                                    .into_any()
                            }
                        }
                    })}
                </Suspense>
            </div>
        </header>
    }
}

/// The bell: unread count, the latest notifications, mark as read.
#[component]
fn NotificationBell(
    inbox: Option<crate::api::notifications::Inbox>,
    mark: ServerAction<crate::api::notifications::MarkNotificationsRead>,
) -> impl IntoView {
    use crate::api::notifications::MarkNotificationsRead;
    let open = RwSignal::new(false);
    let unread = inbox.as_ref().map(|i| i.unread).unwrap_or(0);
    let latest = inbox.map(|i| i.latest).unwrap_or_default();
    view! {
        <div class="relative">
            <button
                type="button"
                class="relative rounded-md p-1.5 text-slate-600 hover:bg-slate-100"
                aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                aria-label=format!("Notifications, {unread} unread")
                on:click=move |_| open.update(|o| *o = !*o)
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
            </button>
            <div
                class="absolute right-0 z-30 mt-2 w-80 rounded-lg border border-slate-200 bg-white shadow-lg"
                class:hidden=move || !open.get()
                role="region"
                aria-label="Notifications"
            >
                <div class="flex items-center justify-between border-b border-slate-100 px-3 py-2">
                    <span class="font-semibold">"Notifications"</span>
                    <ActionForm action=mark>
                        <input type="hidden" name="id" value=""/>
                        <button type="submit" class="text-xs text-indigo-700 hover:underline">"Mark all as read"</button>
                    </ActionForm>
                </div>
                {if latest.is_empty() {
                    view! { <p class="p-3 text-sm text-slate-500">"Nothing yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="max-h-96 divide-y divide-slate-100 overflow-y-auto">
                            {latest.into_iter().map(|n| {
                                let id = n.id.to_string();
                                view! {
                                    <li class=if n.read { "px-3 py-2 text-sm text-slate-500" } else { "bg-indigo-50/50 px-3 py-2 text-sm" }>
                                        <a href=n.link.clone() class="block hover:underline" on:click=move |_| { mark.dispatch(MarkNotificationsRead { id: id.clone() }); open.set(false); }>{n.title.clone()}</a>
                                        <span class="text-xs text-slate-500">{n.created_at.human_datetime()}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </div>
        </div>
    }
}
