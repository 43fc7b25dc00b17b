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
    view! {
        <header class="border-b border-slate-200 bg-white">
            <div class="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
                <a href="/" class="text-lg font-bold text-indigo-700">"Collabdesk"</a>
                <Suspense fallback=|| view! { <div class="h-5 w-40 animate-pulse rounded bg-slate-200"></div> }>
                    {move || Suspend::new(async move {
                        match user.await {
                            Ok(Some(actor)) => {
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
                                                            "rounded-md bg-indigo-50 px-3 py-1.5 text-sm font-medium text-indigo-700"
                                                        } else {
                                                            "rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100"
                                                        }
                                                    >
                                                        {*label}
                                                    </A>
                                                }
                                            })
                                            .collect_view()}
                                    </nav>
                                    <div class="flex items-center gap-3 text-sm">
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
