//! A modal dialog: Escape and the backdrop close it, focus moves into it on open and stays inside while it
//! is open (Tab and Shift+Tab wrap around). `Modal` is used inside islands; the focus helpers also serve the
//! server-rendered `Dialog`s.

use leptos::html::Div;
use leptos::prelude::*;

const FOCUSABLE: &str = "a[href], button:not([disabled]), textarea, input:not([type=hidden]):not([disabled]), \
                         select, [tabindex]:not([tabindex='-1'])";

#[component]
pub fn Modal(
    open: RwSignal<bool>,
    /// The id of the element that names the dialog.
    labelled_by: String,
    children: ChildrenFn,
    #[prop(default = "max-w-lg")] width: &'static str,
) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <Show when=move || open.get()>
            <Panel open=open labelled_by=labelled_by.clone() width=width>{children.read_value()()}</Panel>
        </Show>
    }
}

/// The backdrop and the panel of a modal inside an island: a click on the backdrop,
/// Escape or `open` going false closes it; focus moves in when it opens and stays inside.
#[component]
pub fn Panel(open: RwSignal<bool>, labelled_by: String, width: &'static str, children: Children) -> impl IntoView {
    let panel = NodeRef::<Div>::new();
    focus_on_open(open, panel);
    view! {
        <div
            class="backdrop"
            on:click=move |_| open.set(false)
        >
            <div
                node_ref=panel
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelled_by
                class=format!("dialog {width}")
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev| keydown(&ev, open, panel)
            >
                {children()}
            </div>
        </div>
    }
}

/// Moves focus into the panel when the dialog opens.
pub fn focus_on_open(open: RwSignal<bool>, panel: NodeRef<Div>) {
    Effect::new(move |_| {
        if open.get() {
            if let Some(panel) = panel.get() {
                focus_first(&panel);
            }
        }
    });
}

/// Escape closes; Tab and Shift+Tab stay inside the panel.
pub fn keydown(ev: &web_sys::KeyboardEvent, open: RwSignal<bool>, panel: NodeRef<Div>) {
    if ev.key() == "Escape" {
        ev.prevent_default();
        open.set(false);
    } else if ev.key() == "Tab" {
        if let Some(panel) = panel.get_untracked() {
            trap_tab(ev, &panel);
        }
    }
}

fn focusables(panel: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

pub(super) fn focus_first(panel: &web_sys::Element) {
    // prefer the first form field, else the first control
    let all = focusables(panel);
    let field = all
        .iter()
        .find(|e| matches!(e.tag_name().as_str(), "SELECT" | "TEXTAREA" | "INPUT"))
        .or(all.first());
    if let Some(e) = field {
        let _ = e.focus();
    }
}

pub(super) fn trap_tab(ev: &web_sys::KeyboardEvent, panel: &web_sys::Element) {
    let all = focusables(panel);
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        return;
    };
    let active = document().active_element();
    let is = |e: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == e.as_ref() as &web_sys::Element);
    if ev.shift_key() && is(first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && is(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
