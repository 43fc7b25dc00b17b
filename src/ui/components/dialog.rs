//! `Dialog`: a button that opens a dialog around a form (its children: a plain form post, rendered on the
//! server). An island: with JavaScript it is a modal (focus moves in and stays, Escape, the backdrop and
//! `Cancel` close it); without, the same markup is a disclosure (`<details>`) that opens on click and
//! `Cancel` reloads the page, so the form works either way.

use super::modal::Panel;
use leptos::html::Details;
use leptos::prelude::*;

#[island]
pub fn Dialog(
    /// The text of the button that opens it.
    label: String,
    /// The button's classes.
    class: String,
    /// A page-unique id (names the dialog for screen readers).
    id: String,
    title: String,
    /// What it asks (may be empty).
    body: String,
    /// `data-action` of the button (may be empty).
    action: String,
    children: Children,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let details = NodeRef::<Details>::new();
    // The element is the source of truth until the island runs (it may have been opened natively before):
    // the first run reads it, later runs write the signal to it.
    Effect::new(move |first: Option<()>| {
        let want = open.get();
        if let Some(d) = details.get() {
            if first.is_none() {
                open.set(d.open());
            } else if d.open() != want {
                d.set_open(want);
            }
        }
    });
    let title_id = format!("{id}-title");
    let heading_id = title_id.clone();
    view! {
        <details class="inline-block" node_ref=details>
            <summary
                role="button"
                class=format!("list-none cursor-pointer {class}")
                data-action=action
                on:click=move |ev| {
                    ev.prevent_default();
                    open.set(true);
                }
            >
                {label}
            </summary>
            <Panel open=open labelled_by=title_id.clone() width="max-w-sm">
                    <h2 id=heading_id class="text-lg font-semibold">{title}</h2>
                    {(!body.is_empty()).then(|| view! { <p class="mt-2 text-sm text-slate-600">{body}</p> })}
                    <div class="mt-5 space-y-3">{children()}</div>
                    <div class="mt-3 flex justify-end">
                        <a
                            href=""
                            role="button"
                            class="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-50"
                            on:click=move |ev| {
                                ev.prevent_default();
                                open.set(false);
                            }
                        >
                            "Cancel"
                        </a>
                    </div>
            </Panel>
        </details>
    }
}
