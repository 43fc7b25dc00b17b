use crate::domain::account::Role;
use crate::ui::request;
use leptos::prelude::*;
use leptos_router::components::Redirect;

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

/// Renders its children only for a signed-in user with one of the allowed roles (the page reads them with
/// `request::actor()`, like everything else rendered for the request). Signed-out visitors are sent to the sign-in page (and come back after); another
/// role gets a 403. The actor was read once for the request (see `ui::request`), so this decides at once,
/// before any of the page's data is read.
#[component]
pub fn RequireRole(allowed: &'static [Role], children: ChildrenFn) -> impl IntoView {
    match request::actor() {
        Some(actor) if allowed.contains(&actor.role) => children().into_any(),
        Some(_) => {
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
        None => {
            let path = request::path_and_query();
            let path = path.split('?').next().unwrap_or("/").to_string();
            let query = if path == "/" {
                String::new()
            } else {
                format!("?next={path}")
            };
            view! { <Redirect path=format!("/signin{query}")/> }.into_any()
        }
    }
}
