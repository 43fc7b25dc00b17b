//! Form pieces. Forms are plain HTML posts to a server function (`PostForm`): they work the same with
//! JavaScript on or off. A failed post comes back to the page with its errors and values in the flash
//! (`ui::request::FormState`), shown beside each field; a successful one comes back with a toast.

use leptos::prelude::*;

const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm \
                     focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 \
                     aria-[invalid=true]:border-red-500";

fn error_line(id: String, error: Option<String>) -> impl IntoView {
    error.map(|e| view! { <p id=id class="mt-1 text-sm text-red-700">{e}</p> })
}

/// A form that posts to a server function (`action` is its URL, e.g. `CreateCampaign::url()`).
#[component]
pub fn PostForm(action: &'static str, #[prop(optional, into)] class: String, children: Children) -> impl IntoView {
    view! {
        <form method="post" action=action class=class novalidate="">
            {children()}
        </form>
    }
}

/// A form's error that is not about one of its fields.
#[component]
pub fn Alert(message: Option<String>, #[prop(optional, into)] class: String) -> impl IntoView {
    message.map(
        |m| view! { <p role="alert" class=format!("rounded-md bg-red-50 p-3 text-sm text-red-800 {class}")>{m}</p> },
    )
}

/// A labelled input with its error underneath (linked for screen readers).
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    /// The input's id, when the page has this form more than once (else `field-{name}`).
    #[prop(optional)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let err_id = format!("{id}-error");
    let invalid = error.is_some().to_string();
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                autocomplete=autocomplete
                class=INPUT
                aria-invalid=invalid
                aria-describedby=err_id.clone()
            />
            {hint.map(|h| view! { <p class="mt-1 text-xs text-slate-500">{h}</p> })}
            {error_line(err_id, error)}
        </div>
    }
}

#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(default = 4)] rows: u32,
    #[prop(optional)] required: bool,
    #[prop(optional)] id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let err_id = format!("{id}-error");
    let invalid = error.is_some().to_string();
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <textarea id=id name=name rows=rows required=required class=INPUT aria-invalid=invalid aria-describedby=err_id.clone()>
                {value}
            </textarea>
            {error_line(err_id, error)}
        </div>
    }
}

/// A labelled select; `options` are (value, label).
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(into, optional)] selected: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let err_id = format!("{id}-error");
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <select id=id name=name class=INPUT aria-describedby=err_id.clone()>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is = value == selected;
                        view! { <option value=value selected=is>{text}</option> }
                    })
                    .collect_view()}
            </select>
            {error_line(err_id, error)}
        </div>
    }
}

/// A submit button (primary, or `danger`).
#[component]
pub fn Submit(label: &'static str, #[prop(optional)] danger: bool) -> impl IntoView {
    view! {
        <button type="submit" class=if danger { super::DANGER } else { super::PRIMARY }>{label}</button>
    }
}
