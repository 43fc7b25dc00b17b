//! Creator requests (seed S1): the business's `Creator Requests` (ask the agency for specific creators; each
//! request shows whether the partner platform has it) and the admin's `Agency Inbox`.

use crate::api::campaigns::list_campaigns;
use crate::api::creator_requests::{agency_inbox, my_creator_requests, CreateCreatorRequest};
use crate::domain::creator_request::{CampaignType, CreatorRequest, CreatorRequestStatus};
use crate::ui::components::{
    loaded, prerendered, Alert, EmptyState, Field, Live, PageLinks, PageTitle, PostForm, SelectField, StatusBadge,
    Submit, TextArea, Tone,
};
use crate::ui::pages::wallet::sync_tone;
use crate::ui::request::FormState;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// `/creator-requests`
#[component]
pub fn CreatorRequestsPage() -> impl IntoView {
    let after = use_query_map().read_untracked().get("after").unwrap_or_default();
    let first_page = after.is_empty();
    let requests = Resource::new(move || after.clone(), my_creator_requests);
    let campaigns = Resource::new(|| (), |_| list_campaigns(String::new(), String::new()));
    let form = FormState::of(CreateCreatorRequest::url());
    let v = |f: &str| form.value(&format!("request[{f}]"));
    let err = |f: &str| form.field(f);
    let (ctype, brief, deliverables, creators) = (v("campaign_type"), v("brief"), v("deliverables"), v("creators"));
    let (ctype_e, brief_e, deliverables_e, creators_e) =
        (err("campaign_type"), err("brief"), err("deliverables"), err("creators"));
    let general = form.general(&["campaign_id", "campaign_type", "brief", "deliverables", "creators"]);
    let types: Vec<(String, String)> = CampaignType::ALL
        .into_iter()
        .map(|t| (t.as_str().to_string(), t.label().to_string()))
        .collect();
    let (campaign, campaign_error) = (v("campaign_id"), err("campaign_id"));
    view! {
        <PageTitle title="Creator Requests"/>
        <section aria-labelledby="ask-agency" class="mb-6 rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="ask-agency" class="mb-1 text-lg font-semibold">"Ask the agency for creators"</h2>
            <p class="mb-4 text-sm text-slate-600">"The agency gets an e-mail and the partner platform gets the request, so the creators can see it there. Each request below shows whether the partner has it."</p>
            <PostForm action=CreateCreatorRequest::url() class="grid gap-4 sm:grid-cols-2">
                {loaded(campaigns, move |p| {
                    let options: Vec<(String, String)> = p.campaigns.into_iter().map(|c| (c.id.to_string(), c.title)).collect();
                    view! { <SelectField label="Campaign" name="request[campaign_id]" options=options selected=campaign.clone() error=campaign_error.clone()/> }
                })}
                <SelectField label="Campaign type" name="request[campaign_type]" options=types selected=ctype error=ctype_e/>
                <div class="sm:col-span-2"><TextArea label="Brief" name="request[brief]" value=brief error=brief_e rows=3/></div>
                <div class="sm:col-span-2"><TextArea label="Deliverables" name="request[deliverables]" value=deliverables error=deliverables_e rows=2/></div>
                <div class="sm:col-span-2"><Field label="Creators" name="request[creators]" required=true value=creators error=creators_e hint="@usernames, separated by commas (up to 20)"/></div>
                <Alert message=general class="sm:col-span-2"/>
                <div class="sm:col-span-2"><Submit label="Send request"/></div>
            </PostForm>
        </section>
        <Live id="creator-requests"><RequestList data=requests base="/creator-requests" first_page=first_page show_business=false/></Live>
    }
}

/// `/agency-inbox`
#[component]
pub fn AgencyInboxPage() -> impl IntoView {
    let after = use_query_map().read_untracked().get("after").unwrap_or_default();
    let first_page = after.is_empty();
    let requests = Resource::new(move || after.clone(), agency_inbox);
    view! {
        <PageTitle title="Agency Inbox"/>
        <Live id="agency-inbox"><RequestList data=requests base="/agency-inbox" first_page=first_page show_business=true/></Live>
    }
}

#[component]
fn RequestList(
    data: Resource<Result<crate::api::creator_requests::CreatorRequestPage, crate::error::AppError>>,
    base: &'static str,
    first_page: bool,
    show_business: bool,
) -> impl IntoView {
    loaded(data, move |p| {
        if p.requests.is_empty() {
            return view! { <EmptyState title="No creator requests yet">"Requests for specific creators appear here."</EmptyState> }.into_any();
        }
        view! {
            <ul class="space-y-4" data-testid="creator-requests">
                {prerendered(p.requests.into_iter().map(|r| view! { <RequestItem request=r show_business=show_business/> }).collect_view())}
            </ul>
            <PageLinks base=base next=p.next.clone() first_page=first_page/>
        }.into_any()
    })
}

fn status_tone(s: CreatorRequestStatus) -> Tone {
    match s {
        CreatorRequestStatus::Sent => Tone::Slate,
        CreatorRequestStatus::Accepted => Tone::Green,
        CreatorRequestStatus::Declined => Tone::Red,
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
                <div class="flex flex-wrap items-center gap-2">
                    <span data-testid="request-status">
                        <StatusBadge label=r.status.label().to_string() tone=status_tone(r.status)/>
                    </span>
                    <span class="flex items-center gap-1 text-xs text-slate-500" data-testid="sync-state">
                        "Partner:" <StatusBadge label=r.sync.label() tone=sync_tone(&r.sync)/>
                    </span>
                </div>
            </div>
            {r.answered_at.map(|at| {
                let what = match r.status {
                    CreatorRequestStatus::Declined => "Declined by the agency",
                    _ => "Accepted by the agency",
                };
                let reason = r.decline_reason.clone().map(|why| format!(": “{why}”")).unwrap_or_default();
                view! { <p class="mt-2 text-sm text-slate-700" data-testid="request-answer">{format!("{what} on {}{reason}", at.human_datetime())}</p> }
            })}
            <p class="mt-3 whitespace-pre-line text-sm text-slate-700">{r.brief.clone()}</p>
            <p class="mt-2 text-sm"><span class="font-medium">"Deliverables: "</span>{r.deliverables.clone()}</p>
            <p class="mt-2 text-sm" data-testid="requested-creators"><span class="font-medium">"Creators: "</span>{creators.join(", ")}</p>
            {r.partner_id.clone().map(|id| view! { <p class="mt-2 text-xs text-slate-500">{format!("Partner reference: {id}")}</p> })}
        </li>
    }
}
