//! Invitation pieces reused by pages: the status badge, the creator's invitation card, and the invite modal.

use super::SECONDARY;
use super::{
    action_error, field_error, form_error, Avatar, ConfirmDialog, Modal, StatusBadge, SubmitButton, Toasts, Tone,
};
use crate::api::invitations::{AcceptInvitation, DeclineInvitation, InviteCreator, InviteCreators};
use crate::domain::campaign::Campaign;
use crate::domain::creator::{format_followers, CreatorCard};
use crate::domain::invitation::{days_left, visible_len, Invitation, InvitationStatus, MESSAGE_MAX};
use crate::domain::time::Millis;
use crate::error::AppError;
use leptos::prelude::*;

pub fn invitation_tone(status: InvitationStatus) -> Tone {
    match status {
        InvitationStatus::Pending => Tone::Amber,
        InvitationStatus::Accepted => Tone::Green,
        InvitationStatus::Declined => Tone::Red,
        InvitationStatus::Expired => Tone::Grey,
        InvitationStatus::Withdrawn => Tone::Slate,
    }
}

/// Colour-coded invitation status. Businesses see a pending invitation as `Invited`.
#[component]
pub fn InvitationBadge(status: InvitationStatus, #[prop(optional)] business_view: bool) -> impl IntoView {
    let label = if business_view {
        crate::api::invitations::badge_label(status)
    } else {
        status.label()
    };
    view! { <StatusBadge label=label tone=invitation_tone(status)/> }
}

/// A creator's invitation: the campaign, the business, the message, the time left, and the decisions.
#[component]
pub fn InvitationCard(
    invitation: Invitation,
    now: Millis,
    accept: ServerAction<AcceptInvitation>,
    decline: ServerAction<DeclineInvitation>,
) -> impl IntoView {
    let confirm_accept = RwSignal::new(false);
    let confirm_decline = RwSignal::new(false);
    let id = StoredValue::new(invitation.id.to_string());
    let expired = invitation.status == InvitationStatus::Expired;
    let left = days_left(invitation.expires_at, now);
    let expiry = if expired {
        format!("Expired on {}", invitation.expires_at.human_date())
    } else if left == 1 {
        "Expires in 1 day".to_string()
    } else {
        format!("Expires in {left} days")
    };
    let title = invitation.campaign_title.clone();
    view! {
        <article class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="invitation-card" aria-label=format!("Invitation to {title}")>
            <div class="flex flex-wrap items-start justify-between gap-2">
                <div>
                    <p class="text-xs font-medium uppercase tracking-wide text-indigo-600">{if expired { "Invitation" } else { "New invitation" }}</p>
                    <h3 class="mt-1 text-lg font-semibold">{invitation.campaign_title.clone()}</h3>
                    <p class="text-sm text-slate-600">{invitation.business_name.clone()}</p>
                </div>
                <InvitationBadge status=invitation.status/>
            </div>
            <dl class="mt-3 grid grid-cols-2 gap-2 text-sm">
                <div><dt class="text-slate-500">"Budget"</dt><dd class="font-medium">{invitation.campaign_budget.to_string()}</dd></div>
                <div><dt class="text-slate-500">"Deadline"</dt><dd class="font-medium">{invitation.campaign_deadline.human_date()}</dd></div>
            </dl>
            {(!invitation.message.is_empty()).then(|| view! {
                <blockquote class="mt-3 rounded-md bg-slate-50 p-3 text-sm italic text-slate-700">
                    {format!("“{}”", invitation.message)}
                    <footer class="mt-1 not-italic text-slate-500">{format!("— {}", invitation.business_name)}</footer>
                </blockquote>
            })}
            <div class="mt-4 flex flex-wrap items-center justify-between gap-2">
                <p class=if expired { "text-sm text-slate-500" } else { "text-sm font-medium text-amber-700" }>{expiry}</p>
                <div class="flex flex-wrap gap-2">
                    <a href=format!("/invitations/{}", invitation.id) class=SECONDARY>"View Details"</a>
                    {(!expired).then(|| view! {
                        <button type="button" class=SECONDARY on:click=move |_| confirm_decline.set(true)>"Decline"</button>
                        <button type="button" class="inline-flex items-center rounded-md bg-green-600 px-3 py-2 text-sm font-semibold text-white hover:bg-green-500" on:click=move |_| confirm_accept.set(true)>"Accept"</button>
                    })}
                </div>
            </div>
            <ConfirmDialog open=confirm_accept title="Accept this invitation?" body=format!("You will join “{title}” and it will appear under Active.")>
                <ActionForm action=accept on:submit=move |_| confirm_accept.set(false)>
                    <input type="hidden" name="id" value=id.get_value()/>
                    <SubmitButton label="Accept invitation" pending=accept.pending()/>
                </ActionForm>
            </ConfirmDialog>
            <ConfirmDialog open=confirm_decline title="Decline this invitation?" body="The business will see that you declined. You can tell them why (optional).">
                <ActionForm action=decline on:submit=move |_| confirm_decline.set(false) attr:class="flex w-full flex-col gap-2">
                    <input type="hidden" name="id" value=id.get_value()/>
                    <label for="decline-reason" class="text-sm font-medium text-slate-700">"Reason (optional)"</label>
                    <textarea id="decline-reason" name="reason" rows="3" maxlength="500" class="rounded-md border border-slate-300 p-2 text-sm"></textarea>
                    <div class="flex justify-end"><SubmitButton label="Decline invitation" pending=decline.pending() danger=true/></div>
                </ActionForm>
            </ConfirmDialog>
        </article>
    }
}

/// The fields of an invitation: which campaign (the business's active ones), and an optional message with a
/// live counter. Shared by the modal and the plain invite page.
#[component]
pub fn InviteFields(campaigns: Vec<Campaign>, error: Signal<Option<AppError>>) -> impl IntoView {
    let selected = RwSignal::new(campaigns.first().map(|c| c.id.to_string()).unwrap_or_default());
    let count = RwSignal::new(0usize);
    let campaigns = StoredValue::new(campaigns);
    let preview = move || {
        let id = selected.get();
        campaigns.with_value(|cs| cs.iter().find(|c| c.id.as_str() == id).cloned()).map(|c| {
            view! {
                <div class="mt-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="campaign-preview">
                    <p class="font-medium">{c.title.clone()}</p>
                    <p class="text-slate-600">{format!("{} budget · Deadline: {}", c.budget, c.deadline.human_date())}</p>
                </div>
            }
        })
    };
    view! {
        <div>
            <label for="invite-campaign" class="block text-sm font-medium text-slate-700">"Select Campaign"</label>
            <select
                id="invite-campaign"
                name="campaign_id"
                required=true
                class="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
                on:change=move |ev| selected.set(event_target_value(&ev))
            >
                {campaigns.with_value(|cs| cs.iter().map(|c| {
                    let label = format!("{} — {} · {}", c.title, c.budget, c.deadline.human_date());
                    view! { <option value=c.id.to_string()>{label}</option> }
                }).collect_view())}
            </select>
            {preview}
            {move || field_error(error, "campaign_id").get().map(|e| view! { <p class="mt-1 text-sm text-red-700">{e}</p> })}
        </div>
        <div>
            <label for="invite-message" class="block text-sm font-medium text-slate-700">"Message (Optional)"</label>
            <textarea
                id="invite-message"
                name="message"
                rows="4"
                placeholder="We'd love to work with you…"
                class="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
                aria-describedby="invite-message-count"
                on:input=move |ev| count.set(visible_len(&event_target_value(&ev)))
            ></textarea>
            <p
                id="invite-message-count"
                class=move || {
                    if count.get() > MESSAGE_MAX {
                        "mt-1 text-right text-xs font-semibold text-red-700"
                    } else {
                        "mt-1 text-right text-xs text-slate-500"
                    }
                }
                aria-live="polite"
            >
                {move || format!("{}/{MESSAGE_MAX}", count.get())}
            </p>
            {move || field_error(error, "message").get().map(|e| view! { <p class="text-sm text-red-700">{e}</p> })}
        </div>
    }
}

/// `Invite Creator to Campaign`: one creator, or several at once (one invitation each).
#[component]
pub fn InviteModal(
    open: RwSignal<bool>,
    creators: Signal<Vec<CreatorCard>>,
    campaigns: Signal<Vec<Campaign>>,
    /// Called after invitations were sent (to refresh badges).
    on_sent: Callback<()>,
) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let single = ServerAction::<InviteCreator>::new();
    let bulk = ServerAction::<InviteCreators>::new();
    let single_error = action_error(single.value());
    let bulk_error = action_error(bulk.value());
    Effect::new(move |_| {
        if let Some(Ok(inv)) = single.value().get() {
            open.set(false);
            toasts.success(format!("Invitation sent to @{}", inv.creator_username));
            on_sent.run(());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(report)) = bulk.value().get() {
            open.set(false);
            toasts.success(report.summary());
            on_sent.run(());
        }
    });
    let cancel = move |_| open.set(false);
    view! {
        <Modal open=open labelled_by="invite-title">
            <div class="flex items-start justify-between">
                <h2 id="invite-title" class="text-lg font-semibold">"Invite Creator to Campaign"</h2>
                <button type="button" class="text-2xl leading-none text-slate-400 hover:text-slate-700" aria-label="Close" on:click=cancel>"×"</button>
            </div>
            {move || {
                let creators = creators.get();
                let campaigns = campaigns.get();
                if campaigns.is_empty() {
                    return view! {
                        <p class="mt-4 text-sm text-slate-600">"You have no active campaign. Publish a campaign first, then invite creators to it."</p>
                        <a href="/campaigns" class="mt-3 inline-block text-sm text-indigo-700 underline">"Go to your campaigns"</a>
                    }.into_any();
                }
                let preview = match creators.as_slice() {
                    [one] => view! {
                        <div class="mt-4 flex items-center gap-3 border-b border-slate-200 pb-4">
                            <Avatar name=one.name.clone() url=one.avatar_url.clone()/>
                            <div>
                                <p class="font-medium">{one.name.clone()}</p>
                                <p class="text-sm text-slate-500">{format!("@{}", one.username)}</p>
                                <p class="text-sm text-slate-500">{format!("{} followers", format_followers(one.followers))}</p>
                            </div>
                        </div>
                    }.into_any(),
                    many => view! {
                        <p class="mt-4 border-b border-slate-200 pb-4 text-sm text-slate-700">
                            {format!("{} creators: ", many.len())}
                            {many.iter().map(|c| format!("@{}", c.username)).collect::<Vec<_>>().join(", ")}
                        </p>
                    }.into_any(),
                };
                if creators.len() == 1 {
                    let creator_id = creators[0].id.to_string();
                    view! {
                        {preview}
                        <ActionForm action=single attr:class="mt-4 space-y-4">
                            <input type="hidden" name="creator_id" value=creator_id/>
                            <InviteFields campaigns=campaigns error=single_error/>
                            {move || form_error(single_error, &["campaign_id", "message"]).get().map(|e| view! { <p role="alert" class="rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                            <div class="flex justify-end gap-2">
                                <button type="button" class=SECONDARY on:click=cancel>"Cancel"</button>
                                <SubmitButton label="Send Invitation" pending=single.pending() pending_label="Sending…"/>
                            </div>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! {
                        {preview}
                        <ActionForm action=bulk attr:class="mt-4 space-y-4">
                            {creators.iter().map(|c| view! { <input type="hidden" name="creator_ids[]" value=c.id.to_string()/> }).collect_view()}
                            <InviteFields campaigns=campaigns error=bulk_error/>
                            {move || form_error(bulk_error, &["campaign_id", "message"]).get().map(|e| view! { <p role="alert" class="rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                            <div class="flex justify-end gap-2">
                                <button type="button" class=SECONDARY on:click=cancel>"Cancel"</button>
                                <SubmitButton label="Send Invitation" pending=bulk.pending() pending_label="Sending…"/>
                            </div>
                        </ActionForm>
                    }.into_any()
                }
            }}
        </Modal>
    }
}
