//! Small components reused by every page.

mod form;
mod guard;
mod header;
mod invitation;
mod modal;
mod request;
mod toast;

pub use form::{action_error, field_error, form_error, Field, SelectField, SubmitButton, TextArea};
pub use guard::{set_status, AuthActions, CurrentUser, RequireRole};
pub use header::Header;
pub use invitation::{InvitationBadge, InvitationCard, InviteFields, InviteModal};
pub use modal::Modal;
pub use request::{PriorityBadge, RequestBadge, RequestDetail};
pub use toast::{ToastHost, Toasts};

use crate::error::AppError;
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
    fn classes(self) -> &'static str {
        match self {
            Tone::Amber => "bg-amber-100 text-amber-800 ring-amber-600/20",
            Tone::Green => "bg-green-100 text-green-800 ring-green-600/20",
            Tone::Red => "bg-red-100 text-red-800 ring-red-600/20",
            Tone::Grey => "bg-gray-100 text-gray-700 ring-gray-500/20",
            Tone::Slate => "bg-slate-200 text-slate-800 ring-slate-600/20",
            Tone::Blue => "bg-blue-100 text-blue-800 ring-blue-600/20",
        }
    }
}

/// A colour-coded status, readable by screen readers ("Status: Active").
#[component]
pub fn StatusBadge(#[prop(into)] label: String, tone: Tone) -> impl IntoView {
    let key = label.to_lowercase();
    view! {
        <span
            class=format!("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset {}", tone.classes())
            data-status=key
        >
            <span class="sr-only">"Status: "</span>
            {label}
        </span>
    }
}

/// Grey pulsing blocks shown while a page's data loads.
#[component]
pub fn Skeleton(#[prop(default = 3)] rows: usize) -> impl IntoView {
    view! {
        <div class="animate-pulse space-y-3" aria-busy="true" aria-label="Loading">
            {(0..rows).map(|_| view! { <div class="h-16 rounded-lg bg-slate-200"></div> }).collect_view()}
        </div>
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
        .collect::<String>()
        .to_uppercase();
    if url.is_empty() {
        view! {
            <span class="inline-flex h-12 w-12 items-center justify-center rounded-full bg-indigo-100 font-semibold text-indigo-700" aria-hidden="true">
                {initials}
            </span>
        }
        .into_any()
    } else {
        view! { <img src=url alt="" class="h-12 w-12 rounded-full object-cover"/> }.into_any()
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

/// A secondary button (beside a primary one): bordered, white.
pub const SECONDARY: &str =
    "inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50";

/// A modal asking to confirm a decision. Escape or `Cancel` closes it; focus stays inside. The confirming
/// control (usually a form) is the children. A form with fields sets `cancel_in_form` and puts a
/// `DialogCancel` (with the same `open`) beside its submit button, so `Cancel` sits with the buttons, below
/// the fields.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    #[prop(into)] body: String,
    #[prop(optional)] cancel_in_form: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let title = StoredValue::new(title);
    let body = StoredValue::new(body);
    let children = StoredValue::new(children);
    view! {
        <Modal open=open labelled_by="confirm-title" width="max-w-sm">
            <h2 id="confirm-title" class="text-lg font-semibold">{title.get_value()}</h2>
            <p class="mt-2 text-sm text-slate-600">{body.get_value()}</p>
            <div class="mt-5 flex flex-wrap justify-end gap-2">
                {(!cancel_in_form).then(|| view! { <DialogCancel open=open/> })}
                {children.read_value()()}
            </div>
        </Modal>
    }
}

/// `Cancel` for a `ConfirmDialog`: closes it (given its `open` signal, not through context: sibling
/// dialogs share one reactive owner, so a context would name the last of them).
#[component]
pub fn DialogCancel(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <button
            type="button"
            class="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-50"
            on:click=move |_| open.set(false)
        >
            "Cancel"
        </button>
    }
}

/// `← First page` (when not on it) and `Next page →` (when there is one) for a keyset-paged list at `base`.
#[component]
pub fn PageLinks(#[prop(into)] base: String, next: Option<String>, first_page: bool) -> impl IntoView {
    let sep = if base.contains('?') { '&' } else { '?' };
    let next = next.map(|c| format!("{base}{sep}after={}", crate::api::urlencode(&c)));
    (next.is_some() || !first_page).then(|| {
        view! {
            <div class="mt-3 flex justify-between text-sm">
                <span>{(!first_page).then(|| view! { <a href=base.clone() class="text-indigo-700 hover:underline">"← First page"</a> })}</span>
                <span>{next.map(|href| view! { <a href=href class="text-indigo-700 hover:underline">"Next page →"</a> })}</span>
            </div>
        }
    })
}
