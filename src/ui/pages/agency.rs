//! Creator requests (seed S1): the business's `Creator Requests` (ask the agency for specific creators; each
//! request shows whether the partner platform has it) and the admin's `Agency Inbox`.

use crate::api::campaigns::list_campaigns;
use crate::api::creator_requests::{agency_inbox, my_creator_requests, CreateCreatorRequest};
use crate::domain::creator_request::{CampaignType, CreatorRequest};
use crate::ui::components::{
    action_error, field_error, form_error, EmptyState, ErrorNotice, Field, PageLinks, PageTitle, SelectField, Skeleton,
    StatusBadge, SubmitButton, TextArea, Toasts,
};
use crate::ui::pages::wallet::sync_tone;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/creator-requests`
#[component]
pub fn CreatorRequestsPage() -> impl IntoView {
    let create = ServerAction::<CreateCreatorRequest>::new();
    let toasts = expect_context::<Toasts>();
    Effect::new(move |_| {
        if let Some(Ok(r)) = create.value().get() {
            let n = r.request.creators.len();
            let what = format!(
                "Request for {n} creator{} sent to the agency",
                if n == 1 { "" } else { "s" }
            );
            match (r.sync.synced, r.sync.error) {
                (true, _) => toasts.success(format!("{what} · partner synced")),
                (false, Some(e)) => toasts.error(format!("{what} · partner sync failed: {e} (retrying)")),
                (false, None) => toasts.success(format!("{what} · {}", r.sync.label)),
            }
        }
    });
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let requests = Resource::new(
        move || (after(), create.version().get()),
        |(a, _)| my_creator_requests(a),
    );
    let campaigns = Resource::new(|| (), |_| list_campaigns(String::new(), String::new()));
    let error = action_error(create.value());
    let err = move |f: &'static str| field_error(error, f);
    let general = form_error(
        error,
        &["campaign_id", "campaign_type", "brief", "deliverables", "creators"],
    );
    let types: Vec<(String, String)> = CampaignType::ALL
        .into_iter()
        .map(|t| (t.as_str().to_string(), t.label().to_string()))
        .collect();
    view! {
        <PageTitle title="Creator Requests"/>
        <section aria-labelledby="ask-agency" class="mb-6 rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="ask-agency" class="mb-1 text-lg font-semibold">"Ask the agency for creators"</h2>
            <p class="mb-4 text-sm text-slate-600">"The agency gets an e-mail and the partner platform gets the request, so the creators can see it there. Each request below shows whether the partner has it."</p>
            <ActionForm action=create attr:class="grid gap-4 sm:grid-cols-2" attr:novalidate="">
                <Suspense fallback=|| view! { <Skeleton rows=1/> }>
                    {move || Suspend::new(async move {
                        let options: Vec<(String, String)> = campaigns
                            .await
                            .map(|p| p.campaigns.into_iter().map(|c| (c.id.to_string(), c.title)).collect())
                            .unwrap_or_default();
                        view! { <SelectField label="Campaign" name="request[campaign_id]" options=options error=err("campaign_id")/> }
                    })}
                </Suspense>
                <SelectField label="Campaign type" name="request[campaign_type]" options=types error=err("campaign_type")/>
                <div class="sm:col-span-2"><TextArea label="Brief" name="request[brief]" error=err("brief") rows=3/></div>
                <div class="sm:col-span-2"><TextArea label="Deliverables" name="request[deliverables]" error=err("deliverables") rows=2/></div>
                <div class="sm:col-span-2"><Field label="Creators" name="request[creators]" required=true error=err("creators") hint="@usernames, separated by commas (up to 20)"/></div>
                {move || general.get().map(|e| view! { <p role="alert" class="sm:col-span-2 rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                <div class="sm:col-span-2"><SubmitButton label="Send request" pending=create.pending() pending_label="Sending…"/></div>
            </ActionForm>
        </section>
        <RequestList data=requests base="/creator-requests" first_page=Signal::derive(move || after().is_empty()) show_business=false/>
    }
}

/// `/agency-inbox`
#[component]
pub fn AgencyInboxPage() -> impl IntoView {
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let requests = Resource::new(after, agency_inbox);
    view! {
        <PageTitle title="Agency Inbox"/>
        <RequestList data=requests base="/agency-inbox" first_page=Signal::derive(move || after().is_empty()) show_business=true/>
    }
}

#[component]
fn RequestList(
    data: Resource<Result<crate::api::creator_requests::CreatorRequestPage, crate::error::AppError>>,
    base: &'static str,
    first_page: Signal<bool>,
    show_business: bool,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <Skeleton rows=3/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) if p.requests.is_empty() => view! { <EmptyState title="No creator requests yet">"Requests for specific creators appear here."</EmptyState> }.into_any(),
                    Ok(p) => view! {
                        <ul class="space-y-4" data-testid="creator-requests">
                            {p.requests.into_iter().map(|r| view! { <RequestItem request=r show_business=show_business/> }).collect_view()}
                        </ul>
                        <PageLinks base=base next=p.next.clone() first_page=first_page.get_untracked()/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RequestItem(request: CreatorRequest, show_business: bool) -> impl IntoView {
    let r = request;
    let creators: Vec<String> = r.creators.iter().map(|c| format!("@{}", c.username)).collect();
    view! {
        <li class="rounded-lg border border-slate-200 bg-white p-5" data-testid="creator-request">
            <div class="flex flex-wrap items-start justify-between gap-2">
                <div>
                    <p class="font-semibold">{r.campaign_title.clone()}</p>
                    <p class="text-sm text-slate-500">
                        {if show_business { format!("{} · ", r.business_name) } else { String::new() }}
                        {format!("{} · {}", r.campaign_type.label(), r.created_at.human_datetime())}
                    </p>
                </div>
                <span class="flex items-center gap-1 text-xs text-slate-500" data-testid="sync-state">
                    "Partner:" <StatusBadge label=r.sync.label() tone=sync_tone(&r.sync)/>
                </span>
            </div>
            <p class="mt-3 whitespace-pre-line text-sm text-slate-700">{r.brief.clone()}</p>
            <p class="mt-2 text-sm"><span class="font-medium">"Deliverables: "</span>{r.deliverables.clone()}</p>
            <p class="mt-2 text-sm" data-testid="requested-creators"><span class="font-medium">"Creators: "</span>{creators.join(", ")}</p>
            {r.partner_id.clone().map(|id| view! { <p class="mt-2 text-xs text-slate-500">{format!("Partner reference: {id}")}</p> })}
        </li>
    }
}
