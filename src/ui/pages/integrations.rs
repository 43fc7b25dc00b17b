//! Admin pages for the partner platform: `Integrations` (webhook endpoints; the signing secret is shown once)
//! and `Deliveries` (every delivery with its attempts' outcome, filtered by state, with `Replay`).

use crate::api::integrations::{deliveries, webhook_endpoints, CreateWebhookEndpoint, ReplayDelivery};
use crate::domain::outbox::{DeliveryStatus, EVENTS};
use crate::ui::components::{
    action_error, field_error, form_error, EmptyState, ErrorNotice, Field, PageLinks, PageTitle, Skeleton, StatusBadge,
    SubmitButton, Toasts, Tone,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let create = ServerAction::<CreateWebhookEndpoint>::new();
    let value = action_error(create.value());
    let general = form_error(value, &["url", "events"]);
    let endpoints = Resource::new(move || create.version().get(), |_| webhook_endpoints());
    view! {
        <PageTitle title="Integrations"/>
        <section aria-labelledby="add-endpoint" class="mb-6 rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="add-endpoint" class="mb-1 text-lg font-semibold">"Add a partner endpoint"</h2>
            <p class="mb-4 text-sm text-slate-600">"Events are signed (Standard Webhooks) and retried until delivered. The signing secret is shown once, right after you add the endpoint."</p>
            <ActionForm action=create attr:class="grid gap-4 sm:grid-cols-2" attr:novalidate="">
                <Field label="Endpoint URL" name="url" required=true error=field_error(value, "url") hint="For example https://partner.example/webhooks/collabdesk"/>
                <Field label="Events" name="events" value="*" error=field_error(value, "events") hint="* for all, or a comma-separated list"/>
                {move || general.get().map(|e| view! { <p role="alert" class="sm:col-span-2 rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                <div class="sm:col-span-2"><SubmitButton label="Add endpoint" pending=create.pending() pending_label="Adding…"/></div>
            </ActionForm>
            {move || create.value().get().and_then(|r| r.ok()).map(|c| view! {
                <div role="status" class="mt-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm" data-testid="new-secret">
                    <p class="font-semibold">"Copy this signing secret now — it will not be shown again:"</p>
                    <code class="mt-2 block break-all rounded bg-white p-2 font-mono">{c.secret}</code>
                    <p class="mt-2 text-slate-600">{format!("Endpoint {} added.", c.endpoint.url)}</p>
                </div>
            })}
            <details class="mt-4 text-sm text-slate-600"><summary class="cursor-pointer">"Event types"</summary><p class="mt-2">{EVENTS.join(", ")}</p></details>
        </section>
        <Suspense fallback=|| view! { <Skeleton rows=2/> }>
            {move || Suspend::new(async move {
                match endpoints.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <EmptyState title="No partner endpoints yet">"Add one above to start sending events."</EmptyState> }.into_any(),
                    Ok(list) => view! {
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
                    }.into_any(),
                }
            })}
        </Suspense>
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
    let query = use_query_map();
    let status = Memo::new(move |_| query.read().get("status").unwrap_or_default());
    let after = Memo::new(move |_| query.read().get("after").unwrap_or_default());
    let replay = ServerAction::<ReplayDelivery>::new();
    let toasts = expect_context::<Toasts>();
    Effect::new(move |_| match replay.value().get() {
        Some(Ok(())) => toasts.success("Queued to be sent again"),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
    let list = Resource::new(
        move || (status.get(), after.get(), replay.version().get()),
        |(s, a, _)| deliveries(s, a),
    );
    let tab = move |slug: &'static str, label: &'static str| {
        let selected = move || status.get() == slug;
        let href = if slug.is_empty() {
            "/deliveries".to_string()
        } else {
            format!("/deliveries?status={slug}")
        };
        view! {
            <a role="tab" href=href aria-selected=move || selected().to_string()
               class=move || if selected() { "border-b-2 border-indigo-600 px-3 py-2 text-sm font-semibold text-indigo-700" } else { "border-b-2 border-transparent px-3 py-2 text-sm text-slate-600 hover:text-slate-900" }>
                {label}
            </a>
        }
    };
    view! {
        <PageTitle title="Deliveries"/>
        <div role="tablist" aria-label="Delivery state" class="mb-4 flex gap-1 border-b border-slate-200">
            {tab("", "All")}{tab("pending", "Pending")}{tab("delivered", "Delivered")}{tab("failed", "Failed")}
        </div>
        <Transition fallback=|| view! { <Skeleton rows=4/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) if v.deliveries.is_empty() => view! { <EmptyState title="No deliveries here">"Events for the partner platform appear here as they are sent."</EmptyState> }.into_any(),
                    Ok(v) => {
                        let base = if status.get().is_empty() { "/deliveries".to_string() } else { format!("/deliveries?status={}", status.get()) };
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
                                                            <ActionForm action=replay>
                                                                <input type="hidden" name="id" value=id.clone()/>
                                                                <button type="submit" class="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50">"Replay"</button>
                                                            </ActionForm>
                                                        })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <PageLinks base=base next=v.next.clone() first_page=after.get().is_empty()/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
