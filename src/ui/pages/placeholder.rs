//! The home redirect and the 404 page.

use crate::ui::components::set_status;
use crate::ui::request;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// `/`: sends a signed-in user to their role's home page, anyone else to sign in.
#[component]
pub fn Home() -> impl IntoView {
    let to = request::actor().map(|a| a.role.home()).unwrap_or("/signin");
    view! { <Redirect path=to/> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <div class="mx-auto max-w-md py-16 text-center">
            <p class="text-sm font-semibold text-indigo-600">"404"</p>
            <h1 class="mt-2 text-3xl font-bold">"Page not found"</h1>
            <p class="mt-3 text-slate-600">"There is no page at this address. It may have moved, or the link may be wrong."</p>
            <a href="/" class="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white">"Go to your home page"</a>
        </div>
        <leptos_meta::Title text="Page not found"/>
    }
}
