//! Creative request pieces reused by the publisher, admin and advertiser pages: the state badge, the
//! priority badge, and the detail panel (details, the actions allowed now, the history timeline).

use super::{Dialog, StatusBadge, Submit, Tone, DANGER, PRIMARY, SECONDARY};
use crate::api::creative_requests::{RequestDetailView, ReviewCreativeRequest};
use crate::domain::creative::{Priority, RequestState, ReviewAction};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

pub fn request_tone(state: RequestState) -> Tone {
    match state {
        RequestState::New => Tone::Blue,
        RequestState::Pending => Tone::Amber,
        RequestState::Approved => Tone::Green,
        RequestState::RejectedByAdmin | RequestState::RejectedAtAdvertiser => Tone::Red,
        RequestState::SentBack => Tone::Slate,
    }
}

#[component]
pub fn RequestBadge(state: RequestState) -> impl IntoView {
    view! { <StatusBadge label=state.label() tone=request_tone(state)/> }
}

#[component]
pub fn PriorityBadge(priority: Priority) -> impl IntoView {
    let class = match priority {
        Priority::High => "text-xs font-semibold text-red-700",
        Priority::Medium => "text-xs font-medium text-slate-600",
    };
    view! { <span class=class>{priority.as_str()}</span> }
}

/// One decision button and its confirmation dialog with the comment field (required for Reject and Send Back,
/// so the browser will not send it empty; the server checks again). The form also sends the state it showed
/// (`seen`), so the slower of two reviewers is told the request moved.
#[component]
fn ReviewButton(id: String, seen: String, action: ReviewAction, label: String) -> impl IntoView {
    let (class, danger) = match action {
        ReviewAction::Reject => (DANGER, true),
        ReviewAction::SendBack => (SECONDARY, false),
        _ => (PRIMARY, false),
    };
    let needs = action.needs_comment();
    let body = match action {
        ReviewAction::Forward => "The advertiser will be asked to review it.",
        ReviewAction::Approve => "This completes the request; the publisher is told.",
        ReviewAction::Reject => "This ends the request; the publisher is told. Say why.",
        ReviewAction::SendBack => "The admins will review it again. Say what needs to change.",
    };
    let submit: &'static str = match action {
        ReviewAction::Forward => "Confirm forward",
        ReviewAction::Approve => "Confirm approval",
        ReviewAction::Reject => "Confirm rejection",
        ReviewAction::SendBack => "Confirm send back",
    };
    view! {
        <Dialog
            label=label.clone()
            class=class.into()
            id=format!("review-{}", action.as_str())
            title=format!("{label}?")
            body=body.into()
            action=action.as_str().into()
        >
            <form method="post" action=ReviewCreativeRequest::url() class="w-full space-y-3">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="action" value=action.as_str()/>
                <input type="hidden" name="seen" value=seen/>
                <label class="block text-sm font-medium text-slate-700">
                    {if needs { "Comment" } else { "Comment (optional)" }}
                    <textarea name="comment" rows="3" required=needs maxlength="1000"
                        class="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"></textarea>
                </label>
                <div class="flex justify-end"><Submit label=submit danger=danger/></div>
            </form>
        </Dialog>
    }
}

/// The detail panel: offer and creative details, parties, decisions, the allowed actions and the timeline.
#[component]
pub fn RequestDetail(detail: RequestDetailView, #[prop(into)] close_href: String) -> impl IntoView {
    let r = detail.request.clone();
    let row = |label: &'static str, value: String| {
        view! { <div class="flex justify-between gap-3 py-1"><dt class="text-slate-500">{label}</dt><dd class="text-right font-medium">{value}</dd></div> }
    };
    let id = r.id.to_string();
    view! {
        <aside class="card" aria-labelledby="request-title" data-testid="request-detail" data-state=r.state.label()>
            <div class="flex items-start justify-between gap-3">
                <div>
                    <p class="text-xs text-slate-500">{format!("Offer {}", r.offer_id)}</p>
                    <h2 id="request-title" class="text-lg font-semibold">{r.offer_name.clone()}</h2>
                </div>
                <a href=close_href class="text-sm text-slate-500 hover:underline" aria-label="Close details">"Close"</a>
            </div>
            <div class="mt-2 flex items-center gap-2"><RequestBadge state=r.state/><PriorityBadge priority=r.priority/></div>
            <dl class="mt-4 divide-y divide-slate-100 text-sm">
                {row("Creative type", r.creative_type.clone())}
                {row("Creatives", r.creative_count.to_string())}
                {row("From lines", r.from_lines_count.to_string())}
                {row("Subject lines", r.subject_lines_count.to_string())}
                {row("Publisher", r.publisher_name.clone())}
                {row("Advertiser", r.advertiser_name.clone())}
                {row("Affiliate", format!("{} ({})", r.affiliate_name, r.affiliate_id))}
                {row("Client", format!("{} ({})", r.client_name, r.client_id))}
                {row("Submitted", r.submitted_at.human_datetime())}
            </dl>
            {(!r.notes.is_empty()).then(|| view! { <p class="mt-3 whitespace-pre-line rounded-md bg-slate-50 p-3 text-sm">{r.notes.clone()}</p> })}
            {(!detail.actions.is_empty()).then(|| view! {
                <div class="mt-4 flex flex-wrap gap-2" data-testid="request-actions">
                    {detail.actions.iter().map(|(a, label)| view! { <ReviewButton id=id.clone() seen=crate::api::creative_requests::state_key(&r) action=*a label=label.clone()/> }).collect_view()}
                </div>
            })}
            <h3 class="mt-6 text-sm font-semibold">"History"</h3>
            <ol class="mt-2 space-y-3 border-l border-slate-200 pl-4 text-sm" data-testid="request-history">
                {detail.history.into_iter().map(|e| view! {
                    <li data-action=e.action.clone()>
                        <p class="font-medium">{e.headline()}</p>
                        <p class="text-xs text-slate-500">{format!("{} · now {}", e.at.human_datetime(), e.to.label())}</p>
                        {e.comment.clone().map(|c| view! { <p class="mt-1 rounded bg-slate-50 px-2 py-1 text-slate-700">{format!("“{c}”")}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </aside>
    }
}
