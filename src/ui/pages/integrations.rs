//! Admin pages for the partner platform: `Integrations` (webhook endpoints; the signing secret is shown once)
//! and `Deliveries` (every delivery with its attempts' outcome, filtered by state, with `Replay`).

use crate::api::integrations::{deliveries, webhook_endpoints, CreateWebhookEndpoint, ReplayDelivery};
use crate::domain::outbox::{DeliveryStatus, EVENTS};
use crate::ui::components::{loaded, EmptyState, PageLinks, PageTitle, StatusBadge, TabStrip, Tone, PRIMARY};
use crate::ui::request::general_message;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let endpoints = Resource::new(|| (), |_| webhook_endpoints());
    view! {
        <PageTitle title="Integrations"/>
        <section aria-labelledby="add-endpoint" class="mb-6 rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="add-endpoint" class="mb-1 text-lg font-semibold">"Add a partner endpoint"</h2>
            <p class="mb-4 text-sm text-slate-600">"Events are signed (Standard Webhooks) and retried until delivered. The signing secret is shown once, right after you add the endpoint."</p>
            <EndpointForm/>
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

/// Adding an endpoint: an island, because its answer carries the signing secret, shown here once (it never
/// goes into a redirect, a flash or a log).
#[island]
fn EndpointForm() -> impl IntoView {
    let create = ServerAction::<CreateWebhookEndpoint>::new();
    let error = Signal::derive(move || {
        create
            .value()
            .with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned()))
    });
    let field = move |f: &'static str| move || error.with(|e| e.as_ref().and_then(|e| e.field_message(f)));
    view! {
        <ActionForm action=create attr:class="grid gap-4 sm:grid-cols-2" attr:novalidate="">
            <div>
                <label for="field-url" class="block text-sm font-medium text-slate-700">"Endpoint URL"</label>
                <input id="field-url" name="url" required=true class=INPUT/>
                <p class="mt-1 text-xs text-slate-500">"For example https://partner.example/webhooks/collabdesk"</p>
                {move || field("url")().map(|e| view! { <p class="mt-1 text-sm text-red-700">{e}</p> })}
            </div>
            <div>
                <label for="field-events" class="block text-sm font-medium text-slate-700">"Events"</label>
                <input id="field-events" name="events" value="*" class=INPUT/>
                <p class="mt-1 text-xs text-slate-500">"* for all, or a comma-separated list"</p>
                {move || field("events")().map(|e| view! { <p class="mt-1 text-sm text-red-700">{e}</p> })}
            </div>
            {move || general_message(error.get().as_ref(), &["url", "events"]).map(|e| view! { <p role="alert" class="sm:col-span-2 rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
            <div class="sm:col-span-2">
                <button type="submit" class=PRIMARY disabled=move || create.pending().get()>
                    {move || if create.pending().get() { "Adding…" } else { "Add endpoint" }}
                </button>
            </div>
        </ActionForm>
        {move || create.value().get().and_then(|r| r.ok()).map(|c| view! {
            <div role="status" class="mt-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm" data-testid="new-secret">
                <p class="font-semibold">"Copy this signing secret now — it will not be shown again:"</p>
                <code class="mt-2 block break-all rounded bg-white p-2 font-mono">{c.secret}</code>
                <p class="mt-2 text-slate-600">{format!("Endpoint {} added.", c.endpoint.url)}</p>
            </div>
        })}
    }
}

const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

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
