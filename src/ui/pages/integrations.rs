//! Admin pages for the partner platform: `Integrations` (webhook endpoints; the signing secret is shown once)
//! and `Deliveries` (every delivery with its attempts' outcome, filtered by state, with `Replay`).

use crate::api::integrations::{deliveries, webhook_endpoints, CreateWebhookEndpoint, ReplayDelivery};
use crate::domain::outbox::{DeliveryStatus, EVENTS};
use crate::ui::components::{
    loaded, Alert, EmptyState, Field, PageLinks, PageTitle, PostForm, Revealed, StatusBadge, Submit, TabStrip, Tone,
};
use crate::ui::request::FormState;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let endpoints = Resource::new(|| (), |_| webhook_endpoints());
    let form = FormState::of(CreateWebhookEndpoint::url());
    view! {
        <PageTitle title="Integrations"/>
        <section aria-labelledby="add-endpoint" class="mb-6 rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="add-endpoint" class="mb-1 text-lg font-semibold">"Add a partner endpoint"</h2>
            <p class="mb-4 text-sm text-slate-600">"Events are signed (Standard Webhooks) and retried until delivered. The signing secret is shown once, right after you add the endpoint."</p>
            <PostForm action=CreateWebhookEndpoint::url() class="grid gap-4 sm:grid-cols-2">
                <Field label="Endpoint URL" name="url" required=true value=form.value("url") error=form.field("url") hint="For example https://partner.example/webhooks/collabdesk"/>
                <Field label="Events" name="events" value=form.value_or("events", "*") error=form.field("events") hint="* for all, or a comma-separated list"/>
                <Alert message=form.general(&["url", "events"]) class="sm:col-span-2"/>
                <div class="sm:col-span-2"><Submit label="Add endpoint"/></div>
            </PostForm>
            <Revealed testid="new-secret"/>
            <details class="mt-4 text-sm text-slate-600"><summary class="cursor-pointer">"Event types"</summary><p class="mt-2">{EVENTS.join(", ")}</p></details>
        </section>
        {loaded(endpoints, |list| {
            if list.is_empty() {
                return view! { <EmptyState title="No partner endpoints yet">"Add one above to start sending events."</EmptyState> }.into_any();
            }
            view! {
                <ul class="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="endpoints">
                    {list.into_iter().map(|e| view! {
                        <li class="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                            <div class="min-w-0">
                                <p class="break-all font-medium">{e.url.clone()}</p>
                                <p class="text-xs text-slate-500">{format!("Events: {} · added {}", e.events, e.created_at.human_date())}</p>
                                {e.disabled_reason.clone().map(|r| view! { <p class="text-xs text-red-700">{r}</p> })}
                            </div>
                            {if e.enabled {
                                view! { <StatusBadge label="Enabled" tone=Tone::Green/> }.into_any()
                            } else {
                                view! { <StatusBadge label="Disabled" tone=Tone::Red/> }.into_any()
                            }}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}

fn delivery_tone(s: DeliveryStatus) -> Tone {
    match s {
        DeliveryStatus::Pending => Tone::Amber,
        DeliveryStatus::Delivered => Tone::Green,
        DeliveryStatus::Failed => Tone::Red,
    }
}

#[component]
pub fn DeliveriesPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let status = query.get("status").unwrap_or_default();
    let after = query.get("after").unwrap_or_default();
    let first_page = after.is_empty();
    let list = Resource::new(
        {
            let (s, a) = (status.clone(), after.clone());
            move || (s.clone(), a.clone())
        },
        |(s, a)| deliveries(s, a),
    );
    let tabs = [
        ("", "All"),
        ("pending", "Pending"),
        ("delivered", "Delivered"),
        ("failed", "Failed"),
    ]
    .into_iter()
    .map(|(slug, label)| {
        let href = if slug.is_empty() {
            "/deliveries".to_string()
        } else {
            format!("/deliveries?status={slug}")
        };
        (label.to_string(), href, status == slug, None)
    })
    .collect();
    let base = if status.is_empty() {
        "/deliveries".to_string()
    } else {
        format!("/deliveries?status={status}")
    };
    view! {
        <PageTitle title="Deliveries"/>
        <TabStrip label="Delivery state" tabs=tabs/>
        {loaded(list, move |v| {
                    if v.deliveries.is_empty() {
                        return view! { <EmptyState title="No deliveries here">"Events for the partner platform appear here as they are sent."</EmptyState> }.into_any();
                    }
                    {
                        view! {
                            <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
                                <table class="min-w-full divide-y divide-slate-200 text-sm" data-testid="deliveries">
                                    <thead class="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                                        <tr>
                                            <th scope="col" class="px-3 py-2">"Event"</th>
                                            <th scope="col" class="px-3 py-2">"To"</th>
                                            <th scope="col" class="px-3 py-2">"State"</th>
                                            <th scope="col" class="px-3 py-2">"Attempts"</th>
                                            <th scope="col" class="px-3 py-2">"Last answer"</th>
                                            <th scope="col" class="px-3 py-2">"Created"</th>
                                            <th scope="col" class="px-3 py-2"><span class="sr-only">"Actions"</span></th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-slate-100">
                                        {v.deliveries.into_iter().map(|d| {
                                            let answer = match (d.last_status, &d.last_error, d.last_latency_ms) {
                                                (Some(s), _, Some(ms)) => format!("HTTP {s} in {ms} ms"),
                                                (None, Some(e), Some(ms)) => format!("{e} after {ms} ms"),
                                                (None, Some(e), None) => e.clone(),
                                                _ => "–".to_string(),
                                            };
                                            let next = (d.status == DeliveryStatus::Pending && d.attempts > 0)
                                                .then(|| format!("next at {}", d.next_attempt_at.human_datetime()));
                                            let id = d.id.clone();
                                            view! {
                                                <tr data-testid="delivery-row" data-event=d.event_type.clone()>
                                                    <td class="px-3 py-2"><span class="font-medium">{d.event_type.clone()}</span><span class="block font-mono text-xs text-slate-500">{d.id.clone()}</span></td>
                                                    <td class="px-3 py-2 break-all">{d.endpoint_url.clone().unwrap_or_else(|| d.channel.clone())}</td>
                                                    <td class="px-3 py-2"><StatusBadge label=crate::ui::pages::auth::capitalise(d.status.as_str()) tone=delivery_tone(d.status)/></td>
                                                    <td class="px-3 py-2">{d.attempts}<span class="block text-xs text-slate-500">{next}</span></td>
                                                    <td class="px-3 py-2">{answer}</td>
                                                    <td class="px-3 py-2 whitespace-nowrap">{d.created_at.human_datetime()}</td>
                                                    <td class="px-3 py-2">
                                                        {(d.status != DeliveryStatus::Pending).then(|| view! {
                                                            <form method="post" action=ReplayDelivery::url()>
                                                                <input type="hidden" name="id" value=id.clone()/>
                                                                <button type="submit" class="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50">"Replay"</button>
                                                            </form>
                                                        })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <PageLinks base=base.clone() next=v.next.clone() first_page=first_page/>
                        }.into_any()
                    }
        })}
    }
}
