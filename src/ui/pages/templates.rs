//! `/templates`: a business's message templates for invitations and offers (new, edit, delete). Plain forms:
//! they work with JavaScript off; a refused save comes back with its errors and what was typed.

use crate::api::templates::{my_templates, DeleteTemplate, SaveTemplate};
use crate::domain::template::{Template, TemplateKind, PLACEHOLDERS};
use crate::ui::components::{
    loaded, Alert, Dialog, EmptyState, Field, PageTitle, PostForm, SelectField, Submit, TextArea, DANGER, SECONDARY,
};
use crate::ui::request::FormState;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

fn kinds() -> Vec<(String, String)> {
    TemplateKind::ALL
        .into_iter()
        .map(|k| (k.as_str().to_string(), k.label().to_string()))
        .collect()
}

/// The fields of a template: filled from `template`, or from what a refused save sent back.
#[component]
fn TemplateFields(template: Option<Template>, form: Option<FormState>) -> impl IntoView {
    let (id, mut name, mut kind, mut body) = match &template {
        Some(t) => (
            t.id.to_string(),
            t.name.clone(),
            t.kind.as_str().to_string(),
            t.body.clone(),
        ),
        None => (String::new(), String::new(), "invitation".to_string(), String::new()),
    };
    let errors = form.map(|f| {
        name = f.value("name");
        kind = f.value("kind");
        body = f.value("body");
        (
            f.field("name"),
            f.field("kind"),
            f.field("body"),
            f.general(&["name", "kind", "body"]),
        )
    });
    let (name_e, kind_e, body_e, general) = errors.unwrap_or_default();
    let known = PLACEHOLDERS
        .iter()
        .map(|p| format!("{{{p}}}"))
        .collect::<Vec<_>>()
        .join(" ");
    // ids of their own: the page has this form once per template
    let prefix = if id.is_empty() { "new".to_string() } else { id.clone() };
    let field = |f: &str| format!("template-{prefix}-{f}");
    view! {
        <input type="hidden" name="id" value=id.clone()/>
        <Field label="Name" name="name" required=true value=name error=name_e id=field("name")/>
        <SelectField label="Used for" name="kind" options=kinds() selected=kind error=kind_e id=field("kind")/>
        <TextArea label="Message" name="body" value=body error=body_e rows=4 id=field("body")/>
        <p class="text-xs text-slate-500">{format!("Placeholders, filled for each creator when you send: {known}")}</p>
        <Alert message=general/>
    }
}

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let templates = Resource::new(|| (), |_| my_templates());
    let form = FormState::of(SaveTemplate::url());
    // a refused save: the new form, or the edited template's dialog, comes back with its errors
    let refused = form.error.is_some().then(|| form.value("id"));
    let new_form = (refused.as_deref() == Some("")).then(|| form.clone());
    view! {
        <PageTitle title="Message templates"/>
        <section aria-labelledby="new-template" class="mb-6 max-w-2xl rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="new-template" class="mb-1 text-lg font-semibold">"New template"</h2>
            <p class="mb-4 text-sm text-slate-600">"Pick it when you invite creators or send an offer; the message is filled in for each creator."</p>
            <PostForm action=SaveTemplate::url() class="space-y-4">
                <TemplateFields template=None form=new_form/>
                <Submit label="Save template"/>
            </PostForm>
        </section>
        {loaded(templates, move |list| {
            if list.is_empty() {
                return view! { <EmptyState title="No templates yet">"Save the messages you send often."</EmptyState> }.into_any();
            }
            let refused = refused.clone();
            let form = form.clone();
            view! {
                <ul class="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="templates">
                    {list.into_iter().map(|t| {
                        let id = t.id.to_string();
                        let echo = (refused.as_deref() == Some(id.as_str())).then(|| form.clone());
                        let open = echo.is_some();
                        let (edit_title, delete_title) = (format!("Edit “{}”", t.name), format!("Delete “{}”?", t.name));
                        let editing = t.clone();
                        view! {
                            <li class="flex flex-wrap items-start justify-between gap-3 px-4 py-4" data-testid="template" data-name=t.name.clone()>
                                <div class="min-w-0 max-w-xl">
                                    <p class="font-medium">{t.name.clone()}<span class="ml-2 text-xs text-slate-500">{t.kind.label()}</span></p>
                                    <p class="mt-1 whitespace-pre-line text-sm text-slate-700">{t.body.clone()}</p>
                                </div>
                                <div class="flex items-center gap-2">
                                    <Dialog label="Edit".into() class=SECONDARY.into() id=format!("edit-{id}") title=edit_title body=String::new() action=String::new() open=open wide=true>
                                        <PostForm action=SaveTemplate::url() class="space-y-4">
                                            <TemplateFields template=Some(editing) form=echo/>
                                            <Submit label="Save changes"/>
                                        </PostForm>
                                    </Dialog>
                                    <Dialog label="Delete".into() class=SECONDARY.into() id=format!("delete-{id}") title=delete_title body="Messages already sent keep their text.".into() action=String::new()>
                                        <form method="post" action=DeleteTemplate::url() class="flex justify-end">
                                            <input type="hidden" name="id" value=id.clone()/>
                                            <button type="submit" class=DANGER>"Delete template"</button>
                                        </form>
                                    </Dialog>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })}
    }
}
