//! `/api-keys`: keys for the partner API (`/api/v1`). An admin makes keys for the partner platform, advertisers
//! and publishers; a business makes keys for itself. A new key is shown once; the list shows each key's prefix,
//! whom it acts for, when it was last used, and `Revoke`. Plain forms: they work with JavaScript off.

use crate::api::api_keys::{api_keys, CreateApiKey, RevokeApiKey};
use crate::domain::account::Role;
use crate::domain::api_key::KeyRole;
use crate::ui::components::{
    loaded, Alert, Dialog, EmptyState, Field, PageTitle, PostForm, Revealed, SelectField, StatusBadge, Submit, Tone,
    DANGER, SECONDARY,
};
use crate::ui::request::FormState;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| api_keys());
    let admin = crate::ui::request::actor().is_some_and(|a| a.role == Role::Admin);
    view! {
        <PageTitle title="API keys">
            <a href="/api/v1/docs" class=SECONDARY>"API documentation"</a>
        </PageTitle>
        {loaded(data, move |v| {
            let form = FormState::of(CreateApiKey::url());
            let kinds: Vec<(String, String)> = if admin {
                [KeyRole::Partner, KeyRole::Advertiser, KeyRole::Publisher, KeyRole::Admin]
                    .into_iter()
                    .map(|r| {
                        let label = match r {
                            KeyRole::Admin => "Admin (yours: partner deliveries)".to_string(),
                            _ => r.label().to_string(),
                        };
                        (r.as_str().to_string(), label)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let owners: Vec<(String, String)> = std::iter::once((String::new(), "— (a partner key has no account)".to_string()))
                .chain(v.owners.clone())
                .collect();
            let who = if admin {
                view! {
                    <SelectField label="For" name="role" options=kinds selected=form.value_or("role", "partner") error=form.field("role")/>
                    <SelectField label="Account (advertiser or publisher keys)" name="owner" options=owners selected=form.value("owner") error=form.field("owner")/>
                }
                .into_any()
            } else {
                view! { <input type="hidden" name="role" value="business"/> }.into_any()
            };
            let list = if v.keys.is_empty() {
                view! { <EmptyState title="No keys yet">"Make one above; it is shown once, so copy it into the tool that calls the API."</EmptyState> }.into_any()
            } else {
                view! {
                    <ul class="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="api-keys">
                        {v.keys.into_iter().map(|k| {
                            let owner = k.owner.as_ref().map(|(_, name, email)| format!("{name} <{email}>")).unwrap_or_else(|| "the partner platform".into());
                            let used = k.last_used_at.map(|t| format!("last used {}", t.human_datetime())).unwrap_or_else(|| "never used".into());
                            let title = format!("Revoke “{}”?", k.name);
                            view! {
                                <li class="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="api-key" data-name=k.name.clone()>
                                    <div class="min-w-0">
                                        <p class="font-medium">{k.name.clone()}" "<code class="rounded bg-slate-100 px-1 text-xs">{format!("{}…", k.prefix)}</code></p>
                                        <p class="text-xs text-slate-500">{format!("{} key for {owner} · made {} · {used}", k.role.label(), k.created_at.human_date())}</p>
                                    </div>
                                    {match k.revoked_at {
                                        Some(t) => view! { <StatusBadge label=format!("Revoked {}", t.human_date()) tone=Tone::Grey/> }.into_any(),
                                        None => view! {
                                            <Dialog label="Revoke".into() class=SECONDARY.into() id=format!("revoke-{}", k.id) title=title body="Requests with this key are refused from the moment you revoke it. This cannot be undone.".into() action=String::new()>
                                                <form method="post" action=RevokeApiKey::url() class="flex justify-end">
                                                    <input type="hidden" name="id" value=k.id.clone()/>
                                                    <button type="submit" class=DANGER>"Revoke key"</button>
                                                </form>
                                            </Dialog>
                                        }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            };
            view! {
                <section aria-labelledby="new-key" class="mb-6 rounded-lg border border-slate-200 bg-white p-6">
                    <h2 id="new-key" class="mb-1 text-lg font-semibold">"Make a key"</h2>
                    <p class="mb-4 text-sm text-slate-600">{if admin {
                        "A key acts as the partner platform, or as one advertiser or publisher: it sees and does what they can in the app, no more."
                    } else {
                        "A key acts as your business: it sees and does what you can in the app, no more. It is shown once, right after you make it."
                    }}</p>
                    <PostForm action=CreateApiKey::url() class="grid gap-4 sm:grid-cols-2">
                        <Field label="Name" name="name" required=true value=form.value("name") error=form.field("name") hint="What uses it, e.g. CRM sync"/>
                        {who}
                        <Alert message=form.general(&["name", "role", "owner"]) class="sm:col-span-2"/>
                        <div class="sm:col-span-2"><Submit label="Make key"/></div>
                    </PostForm>
                    <Revealed testid="new-key"/>
                </section>
                {list}
            }
        })}
    }
}
