//! The message a business writes to creators (an invitation's or an offer's): start from a saved template, see
//! the text as the creator will read it (placeholders filled), and a count of the filled text against the
//! 500-character limit. One component for the invite modal, the bulk invite, the invite page and the offer form.
//!
//! The server writes the field in its first state (the preview filled with `domain::template::fill`, the count
//! with `domain::text`); while the business types or picks, a small plain script (`MESSAGE_SCRIPT`, on a
//! business's pages) keeps the preview and the count in step: no WebAssembly for a text box (README,
//! decision 28). Without JavaScript a chosen template is used when the message is left empty (the server fills
//! it), and the server checks every message after filling whatever the page showed.

use crate::domain::invitation::MESSAGE_MAX;
use crate::domain::template::{fill, Template, Values, PLACEHOLDERS};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a message is written with: the business's templates of that kind, and its name (`{business_name}`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageKit {
    pub templates: Vec<Template>,
    pub business: String,
}

/// A message field with its template picker, preview and count.
///
/// `values` are the placeholders known when the page is written (the creator, the business, the campaign);
/// the script reads the ones the form says later from its fields marked `data-placeholder` (an input: its
/// value; a select: its chosen option's text) or `data-placeholders` (a select: its chosen option's
/// `data-<placeholder>` attributes). A placeholder nobody knows yet shows as written.
#[component]
pub fn MessageField(
    /// The textarea's id (the template picker is `{id}-template`, the count `{id}-count`).
    id: &'static str,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] message: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] kit: MessageKit,
    #[prop(optional)] values: Values,
    /// The creator the preview is written for (their @username), if one is known.
    #[prop(default = None)]
    reader: Option<String>,
    #[prop(default = 4)] rows: u32,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let MessageKit { templates, business } = kit;
    let values = Values {
        business_name: business,
        ..values
    };
    let filled = fill(&message, &values);
    let count = count(&filled);
    let known: Vec<(&str, &str)> = PLACEHOLDERS
        .iter()
        .zip([
            &values.creator_name,
            &values.creator_username,
            &values.campaign_title,
            &values.business_name,
            &values.deadline,
        ])
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    let known = serde_json::to_string(&known).unwrap_or_default();
    let same = filled == message;
    let count_class = if count > MESSAGE_MAX { OVER } else { UNDER };
    let (picker_id, count_id) = (format!("{id}-template"), format!("{id}-count"));
    let picker = (!templates.is_empty()).then(|| {
        view! {
            <div>
                <label for=picker_id.clone() class="block text-sm font-medium text-slate-700">"Start from a template"</label>
                <select id=picker_id class="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm" name="template_id" data-template="">
                    <option value="">"No template"</option>
                    {templates.into_iter().map(|t| view! { <option value=t.id.to_string() data-body=t.body>{t.name}</option> }).collect_view()}
                </select>
            </div>
        }
    });
    let reader = reader.map_or_else(
        || "As the creator will read it:".to_string(),
        |u| format!("As @{u} will read it:"),
    );
    view! {
        <div class="space-y-2" data-message="" data-values=known data-max=MESSAGE_MAX>
            {picker}
            <div>
                <label for=id class="block text-sm font-medium text-slate-700">{label}</label>
                <textarea
                    id=id
                    name=name
                    rows=rows
                    placeholder=placeholder
                    class="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
                    aria-describedby=count_id.clone()
                >
                    {message.clone()}
                </textarea>
            </div>
            <div class="rounded-md border border-indigo-100 bg-indigo-50/50 p-3 text-sm" data-testid="message-preview" hidden=same>
                <p class="text-xs font-medium text-slate-500">{reader}</p>
                <p class="mt-1 whitespace-pre-line text-slate-800" data-preview="">{filled}</p>
            </div>
            <p id=count_id class=count_class aria-live="polite" data-count="">
                {format!("{count}/{MESSAGE_MAX}")}
            </p>
            {error.map(|e| view! { <p class="text-sm text-red-700">{e}</p> })}
        </div>
    }
}

const UNDER: &str = "text-right text-xs text-slate-500";
const OVER: &str = "text-right text-xs font-semibold text-red-700";

/// The length of the text as the server counts it (grapheme clusters). In the browser (an island writing the
/// field, whose message starts empty) characters are counted, so the WebAssembly carries no Unicode tables;
/// the script counts with the browser's own `Intl.Segmenter` after that.
fn count(text: &str) -> usize {
    #[cfg(feature = "ssr")]
    {
        use unicode_segmentation::UnicodeSegmentation;
        text.graphemes(true).count()
    }
    #[cfg(not(feature = "ssr"))]
    {
        text.chars().count()
    }
}

/// Keeps every message field's preview and count in step with what is typed and picked (see the module).
/// Listens on the document, so it also serves fields an island writes later (the invite modal). Fills the
/// placeholders in the order the server does (`domain::template::fill`) and writes dates as
/// `Millis::human_date` does.
#[cfg(feature = "ssr")]
pub const MESSAGE_SCRIPT: &str = r#"
(() => {
  const MONTHS = ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"];
  const seg = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter() : null;
  const count = (s) => (seg ? [...seg.segment(s)].length : [...s].length);
  const human = (iso) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
    return m && MONTHS[+m[2] - 1] ? `${+m[3]} ${MONTHS[+m[2] - 1]} ${m[1]}` : "";
  };
  const said = (form) => {
    const v = {};
    if (!form) return v;
    for (const el of form.querySelectorAll("[data-placeholders]")) {
      const opt = el.selectedOptions && el.selectedOptions[0];
      if (opt) for (const [k, x] of Object.entries(opt.dataset)) v[k] = x;
    }
    for (const mark of form.querySelectorAll("[data-placeholder]")) {
      const el = mark.matches("input,select") ? mark : mark.querySelector("input,select");
      if (!el) continue;
      let x = el.tagName === "SELECT" ? (el.selectedOptions[0] || {}).textContent || ""
        : el.type === "date" ? human(el.value) : el.value.trim().replace(/^@/, "");
      if (x) v[mark.dataset.placeholder] = x;
    }
    return v;
  };
  const update = (box) => {
    const form = box.closest("form");
    const v = Object.assign(Object.fromEntries(JSON.parse(box.dataset.values || "[]")), said(form));
    const text = box.querySelector("textarea").value;
    let out = text;
    for (const k of ["creator_name","creator_username","campaign_title","business_name","deadline"]) {
      if (k in v) out = out.split("{" + k + "}").join(v[k]);
    }
    box.querySelector("[data-preview]").textContent = out;
    box.querySelector("[data-testid=message-preview]").hidden = out === text;
    const n = count(out), max = +box.dataset.max, c = box.querySelector("[data-count]");
    c.textContent = n + "/" + max;
    c.classList.toggle("text-red-700", n > max); c.classList.toggle("font-semibold", n > max);
    c.classList.toggle("text-slate-500", n <= max);
  };
  const changed = (e) => {
    const t = e.target;
    if (!(t instanceof Element)) return;
    if (t.matches("select[data-template]")) {
      const body = (t.selectedOptions[0] || {}).dataset?.body;
      if (body !== undefined) t.closest("[data-message]").querySelector("textarea").value = body;
    }
    if (t.matches("select[data-placeholders]") && t.form) {
      const opt = t.selectedOptions[0];
      for (const el of t.form.querySelectorAll("[data-shows]")) el.textContent = (opt && opt.dataset[el.dataset.shows]) || "";
    }
    const scope = t.closest("form") || t.closest("[data-message]");
    if (scope) for (const box of (scope.matches("[data-message]") ? [scope] : scope.querySelectorAll("[data-message]"))) update(box);
  };
  document.addEventListener("input", changed);
  document.addEventListener("change", changed);
})();
"#;
