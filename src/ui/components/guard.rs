use crate::domain::account::{Actor, Role};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// The signed-in user, loaded once per page load and shared through context.
#[derive(Clone, Copy)]
pub struct CurrentUser(pub Resource<Result<Option<Actor>, AppError>>);

/// The sign-in, sign-up and sign-out actions, shared so the current user is re-read after each.
#[derive(Clone, Copy)]
pub struct AuthActions {
    pub sign_in: ServerAction<crate::api::auth::SignIn>,
    pub sign_up: ServerAction<crate::api::auth::SignUp>,
    pub sign_out: ServerAction<crate::api::auth::SignOut>,
}

/// Sets the HTTP status of the page being rendered on the server (no effect in the browser).
pub fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(opts), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(_code),
    ) {
        opts.set_status(code);
    }
}

/// Renders its children only for a signed-in user with one of the allowed roles, who is then available to
/// them as `Actor` in context. Signed-out visitors are sent to the sign-in page (and come back after).
#[component]
pub fn RequireRole(
    #[prop(optional)] role: Option<Role>,
    #[prop(optional)] any: Vec<Role>,
    children: ChildrenFn,
) -> impl IntoView {
    let user = expect_context::<CurrentUser>().0;
    let mut allowed = any;
    allowed.extend(role);
    let location = use_location();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <super::Skeleton/> }>
            {move || {
                let allowed = allowed.clone();
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(actor)) if allowed.contains(&actor.role) => {
                            provide_context(actor);
                            children.read_value()().into_any()
                        }
                        Ok(Some(_)) => {
                            set_status(403);
                            view! {
                                <div role="alert" class="rounded-lg border border-amber-200 bg-amber-50 p-6">
                                    <h1 class="text-lg font-semibold">"You do not have access to this page"</h1>
                                    <p class="mt-1 text-sm">"This page belongs to another kind of account."</p>
                                    <a class="mt-3 inline-block text-indigo-700 underline" href="/">"Go to your home page"</a>
                                </div>
                            }
                            .into_any()
                        }
                        Ok(None) => {
                            let next = location.pathname.get_untracked();
                            let query = if next == "/" { String::new() } else { format!("?next={next}") };
                            view! { <Redirect path=format!("/signin{query}")/> }.into_any()
                        }
                        Err(e) => view! { <super::ErrorNotice error=e/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
