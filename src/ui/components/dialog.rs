//! `Dialog`: a button that opens a dialog around a form (its children: a plain form post). Rendered on the
//! server only, as a disclosure (`<details>`): without JavaScript it opens on click and `Cancel` reloads the
//! page, so the form works either way. With JavaScript, one small island per page (`DialogKeeper`, brought by
//! the page's first dialog) makes every dialog of the page a modal: focus moves in and stays inside, Escape,
//! the backdrop and `Cancel` close it and focus returns to its button.
//!
//! Why not an island per dialog: a page of 20 invitation cards had 40 of them, each serialising its props
//! into the HTML and building a reactive tree on the server; one keeper for the page made `/my-campaigns`
//! render markedly faster (README, decision 24) with the same behaviour.

use leptos::prelude::*;
use std::sync::{Arc, Mutex};

/// Which dialog of the page brings the keeper (provided per request by `App`): the first one rendered, by
/// its page-unique id, so that a view rendered again (Suspense may build its children more than once)
/// brings it again, and no other dialog does.
#[derive(Clone, Default)]
pub struct DialogsOnPage(Arc<Mutex<Option<String>>>);

#[component]
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
    /// Shown open (Cancel then leads to the page without its query).
    #[prop(optional)]
    open: bool,
    /// Room for a form of several fields (else a confirmation's width).
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    let first = use_context::<DialogsOnPage>().is_none_or(|d| {
        let mut keeper = d.0.lock().unwrap_or_else(|e| e.into_inner());
        keeper.get_or_insert_with(|| id.clone()) == &id
    });
    let (title_id, heading_id) = (format!("{id}-title"), format!("{id}-title"));
    let summary_class = if label.is_empty() {
        "hidden".to_string()
    } else {
        format!("disclosure {class}")
    };
    // without JavaScript Cancel reloads the page, which closes the disclosure (or, for one shown open,
    // the page without the query that opened it)
    let cancel = if open {
        leptos_router::hooks::use_location().pathname.get_untracked()
    } else {
        String::new()
    };
    view! {
        {first.then(|| view! { <DialogKeeper/> })}
        <details id=id class="inline-block" data-dialog="" open=open>
            // no label: a dialog that other buttons open (`data-opens`), with no button of its own
            <summary role="button" class=summary_class data-action=action>{label}</summary>
            <div class="backdrop" data-backdrop="">
                <div role="dialog" aria-modal="true" aria-labelledby=title_id class=if wide { "dialog max-w-xl" } else { "dialog max-w-sm" }>
                    <h2 id=heading_id class="text-lg font-semibold">{title}</h2>
                    {(!body.is_empty()).then(|| view! { <p class="mt-2 text-sm text-slate-600">{body}</p> })}
                    <div class="mt-5 space-y-3">{children()}</div>
                    <div class="mt-3 flex justify-end">
                        <a href=cancel role="button" class="btn-plain" data-cancel="">"Cancel"</a>
                    </div>
                </div>
            </div>
        </details>
    }
}

/// Makes every `Dialog` of the page a modal (listeners on the window, so it renders nothing). They are added
/// while the island hydrates, before the page says it is interactive (an effect would run a tick later).
#[island]
fn DialogKeeper() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        // the listeners live as long as the page (dropping a handle does not remove its listener)
        let _ = (
            window_event_listener(leptos::ev::click, |ev| {
                let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
                    return;
                };
                if let Ok(Some(summary)) = target.closest("details[data-dialog] > summary") {
                    ev.prevent_default();
                    if let Some(details) = summary.parent_element() {
                        open(&details);
                    }
                } else if let Ok(Some(opener)) = target.closest("[data-opens]") {
                    // a button of a list that opens the list's shared dialog, filled with its record
                    let details = opener
                        .get_attribute("data-opens")
                        .and_then(|id| document().get_element_by_id(&id));
                    if let Some(details) = details {
                        ev.prevent_default();
                        fill(&details, &opener);
                        let _ = opener.set_attribute("data-opened", "");
                        open(&details);
                    }
                } else if target.has_attribute("data-backdrop") || target.has_attribute("data-cancel") {
                    ev.prevent_default();
                    if let Ok(Some(details)) = target.closest("details[data-dialog]") {
                        close(&details);
                    }
                }
            }),
            window_event_listener(leptos::ev::keydown, |ev| {
                // a list's opener is a link drawn as a button: Space presses it too, as it would a button
                if ev.key() == " " {
                    let opener = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
                    if let Some(opener) = opener.filter(|o| o.has_attribute("data-opens")) {
                        ev.prevent_default();
                        opener.click();
                        return;
                    }
                }
                let Ok(Some(details)) = document().query_selector("details[data-dialog][open]") else {
                    return;
                };
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    close(&details);
                } else if ev.key() == "Tab" {
                    if let Ok(Some(panel)) = details.query_selector("[role=dialog]") {
                        super::modal::trap_tab(&ev, &panel);
                    }
                }
            }),
        );
    }
}

#[cfg(feature = "hydrate")]
fn open(details: &web_sys::Element) {
    let _ = details.set_attribute("open", "");
    if let Ok(Some(panel)) = details.query_selector("[role=dialog]") {
        super::modal::focus_first(&panel);
    }
}

/// Every `data-fill=NAME` field of a shared dialog takes the opener's `data-NAME` (an input its value, any
/// other element its text).
#[cfg(feature = "hydrate")]
fn fill(details: &web_sys::Element, opener: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    let Ok(fields) = details.query_selector_all("[data-fill]") else {
        return;
    };
    for field in (0..fields.length()).filter_map(|i| fields.item(i)) {
        let Ok(field) = field.dyn_into::<web_sys::Element>() else {
            continue;
        };
        let value = field
            .get_attribute("data-fill")
            .and_then(|name| opener.get_attribute(&format!("data-{name}")))
            .unwrap_or_default();
        match field.dyn_ref::<web_sys::HtmlInputElement>() {
            Some(input) => input.set_value(&value),
            None => field.set_text_content(Some(&value)),
        }
    }
}

/// Closes a dialog and gives focus back to what opened it (its button, or a list's button).
#[cfg(feature = "hydrate")]
fn close(details: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    let _ = details.remove_attribute("open");
    let opener = match document().query_selector("[data-opened]") {
        Ok(Some(o)) => {
            let _ = o.remove_attribute("data-opened");
            Some(o)
        }
        _ => details.first_element_child(),
    };
    if let Some(o) = opener.and_then(|o| o.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = o.focus();
    }
}
