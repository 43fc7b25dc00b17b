//! Small components reused by every page.

pub mod chart;
mod dialog;
mod form;
mod guard;
mod header;
pub mod invitation;
pub mod message;
mod modal;
mod request;
mod toast;

pub use dialog::{Dialog, DialogsOnPage};
pub use form::{Alert, Field, PostForm, SelectField, Submit, TextArea};
pub use guard::{set_status, RequireRole};
pub use header::Header;
pub use invitation::{
    DecisionDialogs, Decisions, InvitationBadge, InvitationCard, InviteButton, InviteFields, InviteModal,
};
pub use modal::Modal;
pub use request::{PriorityBadge, RequestBadge, RequestDetail};
pub use toast::ToastHost;

use crate::error::AppError;
use leptos::either::Either;
use leptos::prelude::*;

/// The colour family of a badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Amber,
    Green,
    Red,
    Grey,
    Slate,
    Blue,
}

impl Tone {
    /// The badge's classes (`style/tailwind.css`).
    fn classes(self) -> &'static str {
        match self {
            Tone::Amber => "badge badge-amber",
            Tone::Green => "badge badge-green",
            Tone::Red => "badge badge-red",
            Tone::Grey => "badge badge-grey",
            Tone::Slate => "badge badge-slate",
            Tone::Blue => "badge badge-blue",
        }
    }
}

/// A colour-coded status, readable by screen readers ("Status: Active").
#[component]
pub fn StatusBadge(#[prop(into)] label: String, tone: Tone) -> impl IntoView {
    // the labels are the app's own ASCII words
    let key = label.to_ascii_lowercase();
    view! {
        <span
            class=tone.classes()
            data-status=key
        >
            <span class="sr-only">"Status: "</span>
            {label}
        </span>
    }
}

#[component]
pub fn EmptyState(#[prop(into)] title: String, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <div class="rounded-lg border-2 border-dashed border-slate-300 p-10 text-center">
            <p class="font-medium text-slate-700">{title}</p>
            <div class="mt-3 text-sm text-slate-500">{children.map(|c| c())}</div>
        </div>
    }
}

/// An error from the server, said plainly.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    view! {
        <div role="alert" class="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
            {error.to_string()}
        </div>
    }
}

/// Initials in a circle when a person has no photo.
#[component]
pub fn Avatar(#[prop(into)] name: String, #[prop(into)] url: String) -> impl IntoView {
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect::<String>();
    if url.is_empty() {
        Either::Left(view! {
            <span class="inline-flex h-12 w-12 items-center justify-center rounded-full bg-indigo-100 font-semibold uppercase text-indigo-700" aria-hidden="true">
                {initials}
            </span>
        })
    } else {
        Either::Right(view! { <img src=url alt="" class="h-12 w-12 rounded-full object-cover"/> })
    }
}

#[component]
pub fn PageTitle(#[prop(into)] title: String, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <div class="mb-6 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold tracking-tight">{title.clone()}</h1>
            <div class="flex gap-2">{children.map(|c| c())}</div>
        </div>
        <leptos_meta::Title text=title/>
    }
}

/// The button styles, one place each (classes in `style/tailwind.css`): the main action, one beside it, one
/// that destroys or refuses, and one that agrees.
pub const PRIMARY: &str = "btn-primary";
pub const SECONDARY: &str = "btn-secondary";
pub const DANGER: &str = "btn-danger";
pub const SUCCESS: &str = "btn-success";

/// `← First page` (when not on it) and `Next page →` (when there is one) for a keyset-paged list at `base`.
#[component]
pub fn PageLinks(#[prop(into)] base: String, next: Option<String>, first_page: bool) -> impl IntoView {
    let sep = if base.contains('?') { '&' } else { '?' };
    let next = next.map(|c| format!("{base}{sep}after={}", crate::domain::links::urlencode(&c)));
    (next.is_some() || !first_page).then(|| {
        view! {
            <div class="mt-3 flex justify-between text-sm">
                <span>{(!first_page).then(|| view! { <a href=base.clone() class="text-indigo-700 hover:underline">"← First page"</a> })}</span>
                <span>{next.map(|href| view! { <a href=href class="text-indigo-700 hover:underline">"Next page →"</a> })}</span>
            </div>
        }
    })
}

/// A page's data, once read: the error said plainly, or `view` of it. Every page reads its data once, at the
/// route, and shows it through this; the server sends the page once every read is done (`SsrMode::Async`).
///
/// `data` is the read: a page with one read passes its future itself (nothing is spawned: the read runs in the
/// request's own task when the page is rendered); a page with several passes `Resource`s, which start
/// together when the page is built. A `Suspend` with no `Suspense` around it: pages are rendered on the server
/// only (islands) and wait for their data, so a boundary would only walk the view once more (its fallback is
/// never sent). Measured on My Campaigns (README decision 36): the future instead of a resource +4.5 % page
/// throughput, without the boundary +1.3 %.
/// Each build is written to the request's call log (`view:` and where `loaded` was called), so the render tests
/// fail if a page builds one twice.
#[track_caller]
pub fn loaded<T, V, F>(data: F, view: impl FnOnce(T) -> V + Send + 'static) -> impl IntoView
where
    F: std::future::IntoFuture<Output = Result<T, AppError>>,
    F::IntoFuture: Send + 'static,
    T: Send + 'static,
    V: IntoView + 'static,
{
    #[cfg(feature = "ssr")]
    let log = {
        let caller = std::panic::Location::caller();
        crate::ui::request::parts(|p| p.extensions.get::<crate::server::calls::CallLog>().cloned())
            .flatten()
            .map(|log| (log, format!("view:{}:{}", caller.file(), caller.line())))
    };
    let data = data.into_future();
    Suspend::new(async move {
        #[cfg(feature = "ssr")]
        if let Some((log, what)) = log {
            log.push(what);
        }
        match data.await {
            Ok(d) => view(d).into_any(),
            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
        }
    })
}

/// A server-only part of a page (a long list of cards or rows with no island in it) rendered to HTML at once,
/// into one buffer. As part of the page's asynchronous render every element of every item is resolved, moved
/// and written piece by piece; written here, each is written once (README decision 37: My Campaigns' twenty
/// invitation cards this way, +7.5 % page throughput). Nothing in it may need the browser.
pub fn prerendered(view: impl RenderHtml) -> leptos::tachys::html::InertElement {
    use leptos::tachys::view::Position;
    let mut html = String::with_capacity(view.html_len());
    view.to_html_with_buf(&mut html, &mut Position::FirstChild, true, false, Vec::new());
    leptos::tachys::html::InertElement::new(html)
}

/// A strip of tabs (links): (label, href, selected, count).
#[component]
pub fn TabStrip(
    #[prop(into)] label: String,
    tabs: Vec<(String, String, bool, Option<i64>)>,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    view! {
        <div role="tablist" aria-label=label class="mb-4 flex flex-wrap gap-1 overflow-x-auto border-b border-slate-200" data-testid=testid>
            {tabs.into_iter().map(|(text, href, selected, count)| {
                let class = if selected { "tab-selected" } else { "tab" };
                view! {
                    <a role="tab" href=href aria-selected=selected.to_string() class=class>
                        {text}
                        {count.map(|n| view! { <span class="ml-1.5 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700" data-testid="tab-count">{n}</span> })}
                    </a>
                }
            }).collect_view()}
        </div>
    }
}

/// A part of a page that follows changes without a reload: when the page's live stream says something it may
/// show changed, the page reads itself again and puts this part's new version in place (see `LIVE_SCRIPT`).
/// `id` must be unique on the page and the same on every render of it.
#[component]
pub fn Live(id: &'static str, children: Children) -> impl IntoView {
    view! { <div id=format!("live-{id}") data-live="">{children()}</div> }
}

/// A value shown once after a post (`server::reveal`: a new key or signing secret), if the flash holds one.
#[component]
pub fn Revealed(testid: &'static str) -> impl IntoView {
    crate::ui::request::flash().reveal.map(|r| {
        view! {
            <div role="status" class="mt-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm" data-testid=testid>
                <p class="font-semibold">{r.title}</p>
                <code class="mt-2 block break-all rounded bg-white p-2 font-mono">{r.value}</code>
                <p class="mt-2 text-slate-600">{r.note}</p>
            </div>
        }
    })
}
