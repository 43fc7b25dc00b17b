//! Invitation pieces: the status badge, the creator's invitation card (its Accept / Decline dialogs are
//! islands around plain form posts), and the invite modal (an island: the campaign preview and the live
//! character counter run in the browser; the post is the same server function either way).

use super::message::MessageField;
pub use super::message::MessageKit;
use super::{Avatar, Dialog, Modal, StatusBadge, Tone, DANGER, PRIMARY, SECONDARY, SUCCESS};
use crate::api::invitations::{AcceptInvitation, DeclineInvitation, InviteCreator, InviteCreators};
use crate::domain::campaign::Campaign;
use crate::domain::creator::{format_followers, CreatorCard};
use crate::domain::invitation::{days_left, Invitation, InvitationStatus};
use crate::domain::template::Values;
use crate::domain::time::Millis;
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

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

/// How a card offers its decisions (Accept / Decline).
#[derive(Clone, Debug, PartialEq)]
pub enum Decisions {
    /// The card brings its own two dialogs, one of them shown open if named (`accept`/`decline`: the
    /// invitation's page reached from a list without JavaScript).
    Inline(String),
    /// The list brings one pair of dialogs (`DecisionDialogs`) that every card opens, filled with its
    /// invitation; without JavaScript the buttons lead to the invitation's page with that dialog open.
    Shared,
}

impl Default for Decisions {
    fn default() -> Self {
        Decisions::Inline(String::new())
    }
}

/// A creator's invitation: the campaign, the business, the message, the time left, and the decisions.
#[component]
pub fn InvitationCard(invitation: Invitation, now: Millis, #[prop(optional)] decisions: Decisions) -> impl IntoView {
    let id = invitation.id.to_string();
    let expired = invitation.status == InvitationStatus::Expired;
    let pending = invitation.status == InvitationStatus::Pending;
    let left = days_left(invitation.expires_at, now);
    let expiry = if expired {
        format!("Expired on {}", invitation.expires_at.human_date())
    } else if left == 1 {
        "Expires in 1 day".to_string()
    } else {
        format!("Expires in {left} days")
    };
    let title = invitation.campaign_title.clone();
    let actions = pending.then(|| match decisions {
        Decisions::Shared => Either::Left(view! {
            <a href=format!("/invitations/{id}?decide=decline") role="button" class=SECONDARY data-opens="decline-dialog" data-id=id.clone() data-campaign=title.clone()>"Decline"</a>
            <a href=format!("/invitations/{id}?decide=accept") role="button" class=SUCCESS data-opens="accept-dialog" data-id=id.clone() data-campaign=title.clone()>"Accept"</a>
        }),
        Decisions::Inline(open) => Either::Right(view! { <DecisionDialogs id=id.clone() campaign=title.clone() open=open/> }),
    });
    view! {
        <article class="card" data-testid="invitation-card" aria-label=format!("Invitation to {title}")>
            <div class="card-head">
                <div>
                    <p class="card-kicker">{if expired { "Invitation" } else { "New invitation" }}</p>
                    <h3 class="card-title">{invitation.campaign_title.clone()}</h3>
                    <p class="card-sub">{invitation.business_name.clone()}</p>
                </div>
                <InvitationBadge status=invitation.status/>
            </div>
            <dl class="card-facts">
                <div><dt>"Budget"</dt><dd>{invitation.campaign_budget.to_string()}</dd></div>
                <div><dt>"Deadline"</dt><dd>{invitation.campaign_deadline.human_date()}</dd></div>
            </dl>
            {(!invitation.message.is_empty()).then(|| view! {
                <blockquote class="card-quote">
                    {format!("“{}”", invitation.message)}
                    <footer>{format!("— {}", invitation.business_name)}</footer>
                </blockquote>
            })}
            <div class="card-foot">
                <p class=if expired { "card-due-past" } else { "card-due" }>{expiry}</p>
                <div class="card-actions">
                    <a href=format!("/invitations/{id}") class=SECONDARY>"View Details"</a>
                    {actions}
                </div>
            </div>
        </article>
    }
}

/// The Decline and Accept dialogs of one invitation (`id`, `campaign`), or — with both empty — the pair a
/// list shares: hidden buttons, and fields the page's dialog keeper fills from the card that opens them
/// (`data-fill` ← the opener's `data-*`).
#[component]
pub fn DecisionDialogs(
    #[prop(optional)] id: String,
    #[prop(optional)] campaign: String,
    /// `accept` or `decline`: shown open.
    #[prop(optional)]
    open: String,
) -> impl IntoView {
    let shared = id.is_empty();
    let (decline_dialog, accept_dialog, reason_id) = if shared {
        (
            "decline-dialog".to_string(),
            "accept-dialog".to_string(),
            "decline-reason".to_string(),
        )
    } else {
        (
            format!("decline-{id}"),
            format!("accept-{id}"),
            format!("decline-reason-{id}"),
        )
    };
    let label = |l: &str| if shared { String::new() } else { l.to_string() };
    let decline_id = id.clone();
    view! {
        <Dialog
            label=label("Decline")
            class=SECONDARY.into()
            id=decline_dialog
            title="Decline this invitation?".into()
            body="The business will see that you declined. You can tell them why (optional).".into()
            action=String::new()
            open=open == "decline"
        >
            <form method="post" action=DeclineInvitation::url() class="flex w-full flex-col gap-2">
                <input type="hidden" name="id" value=decline_id data-fill="id"/>
                <label for=reason_id.clone() class="text-sm font-medium text-slate-700">"Reason (optional)"</label>
                <textarea id=reason_id name="reason" rows="3" maxlength="500" class="rounded-md border border-slate-300 p-2 text-sm"></textarea>
                <div class="flex justify-end"><button type="submit" class=DANGER>"Decline invitation"</button></div>
            </form>
        </Dialog>
        <Dialog
            label=label("Accept")
            class=SUCCESS.into()
            id=accept_dialog
            title="Accept this invitation?".into()
            body=String::new()
            action=String::new()
            open=open == "accept"
        >
            <p class="text-sm text-slate-600">"You will join “"<span data-fill="campaign">{campaign}</span>"” and it will appear under Active."</p>
            <form method="post" action=AcceptInvitation::url() class="flex justify-end">
                <input type="hidden" name="id" value=id data-fill="id"/>
                <button type="submit" class=PRIMARY>"Accept invitation"</button>
            </form>
        </Dialog>
    }
}

/// A campaign as the invite form offers it (written out on the server, so the browser needs no date or money
/// formatting).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignChoice {
    pub id: String,
    pub title: String,
    /// `₦75,000.00 · 22 Nov 2026`
    pub label: String,
    /// `₦75,000.00 budget · Deadline: 22 Nov 2026`
    pub detail: String,
    /// `22 Nov 2026` (what `{deadline}` reads in an invitation to it)
    pub deadline: String,
}

impl From<&Campaign> for CampaignChoice {
    fn from(c: &Campaign) -> Self {
        CampaignChoice {
            id: c.id.to_string(),
            title: c.title.clone(),
            label: format!("{} — {} · {}", c.title, c.budget, c.deadline.human_date()),
            detail: format!("{} budget · Deadline: {}", c.budget, c.deadline.human_date()),
            deadline: c.deadline.human_date(),
        }
    }
}

pub fn choices(campaigns: &[Campaign]) -> Vec<CampaignChoice> {
    campaigns.iter().map(CampaignChoice::from).collect()
}

/// The fields of an invitation: which campaign (the business's active ones, with its budget and deadline
/// shown below it), and an optional message (`MessageField`: a template to start from, the preview filled in
/// for `to` (name, username; several creators: the first) and the count of the filled text). Shared by the
/// modal, the bulk invite and the invite page; no reactive state of its own (the message script follows the
/// campaign chosen through the select's `data-placeholders`).
#[component]
pub fn InviteFields(
    campaigns: Vec<CampaignChoice>,
    #[prop(optional)] selected: String,
    #[prop(optional)] message: String,
    #[prop(default = None)] campaign_error: Option<String>,
    #[prop(default = None)] message_error: Option<String>,
    #[prop(optional)] kit: MessageKit,
    #[prop(default = None)] to: Option<(String, String)>,
) -> impl IntoView {
    let chosen = campaigns
        .iter()
        .find(|c| c.id == selected)
        .or(campaigns.first())
        .cloned();
    let selected = chosen.as_ref().map(|c| c.id.clone()).unwrap_or_default();
    let (creator_name, creator_username) = to.unwrap_or_default();
    let reader = (!creator_username.is_empty()).then(|| creator_username.clone());
    let values = Values {
        creator_name,
        creator_username,
        campaign_title: chosen.as_ref().map(|c| c.title.clone()).unwrap_or_default(),
        business_name: String::new(),
        deadline: chosen.as_ref().map(|c| c.deadline.clone()).unwrap_or_default(),
    };
    let (title, detail) = chosen.map(|c| (c.title, c.detail)).unwrap_or_default();
    view! {
        <div>
            <label for="invite-campaign" class="block text-sm font-medium text-slate-700">"Select Campaign"</label>
            <select
                id="invite-campaign"
                name="campaign_id"
                required=true
                class="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
                data-placeholders=""
            >
                {campaigns.into_iter().map(|c| {
                    let is = c.id == selected;
                    view! { <option value=c.id selected=is data-campaign_title=c.title data-deadline=c.deadline data-detail=c.detail>{c.label}</option> }
                }).collect_view()}
            </select>
            <div class="mt-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="campaign-preview">
                <p class="font-medium" data-shows="campaign_title">{title}</p>
                <p class="text-slate-600" data-shows="detail">{detail}</p>
            </div>
            {campaign_error.map(|e| view! { <p class="mt-1 text-sm text-red-700">{e}</p> })}
        </div>
        <MessageField
            id="invite-message"
            name="message"
            label="Message (Optional)"
            message=message
            error=message_error
            kit=kit
            values=values
            reader=reader
            placeholder="We'd love to work with you…"
        />
    }
}

/// The invite page's form (`/creators/:username/invite`): a plain post, so it works with JavaScript off; with
/// it, the message script keeps the preview and the counter in step. A failed post comes back with its error and values;
/// a sent one goes to the creator's profile.
#[component]
pub fn InviteForm(
    creator_id: String,
    campaigns: Vec<CampaignChoice>,
    /// The creator's profile (`Cancel`, and where a sent invitation leads).
    back: String,
    selected: String,
    message: String,
    campaign_error: Option<String>,
    message_error: Option<String>,
    general: Option<String>,
    kit: MessageKit,
    /// The creator: (name, username).
    to: (String, String),
) -> impl IntoView {
    view! {
        <form method="post" action=InviteCreator::url() class="mt-4 space-y-4">
            <input type="hidden" name="creator_id" value=creator_id/>
            <input type="hidden" name="next" value=back.clone()/>
            <InviteFields campaigns=campaigns selected=selected message=message campaign_error=campaign_error message_error=message_error kit=kit to=Some(to)/>
            {general.map(|e| view! { <p role="alert" class="rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
            <div class="flex justify-end gap-2">
                <a href=back class=SECONDARY>"Cancel"</a>
                <button type="submit" class=PRIMARY>"Send Invitation"</button>
            </div>
        </form>
    }
}

/// `Invite Creator to Campaign`: one creator, or several at once (one invitation each). A plain form post:
/// the page comes back with the toast and the new `Invited` badges (or the reason it could not).
#[component]
pub fn InviteModal(
    open: RwSignal<bool>,
    creators: Signal<Vec<CreatorCard>>,
    campaigns: Vec<CampaignChoice>,
    kit: MessageKit,
) -> impl IntoView {
    let sending = RwSignal::new(false);
    let campaigns = StoredValue::new(campaigns);
    let kit = StoredValue::new(kit);
    let cancel = move |_| open.set(false);
    view! {
        <Modal open=open labelled_by="invite-title".to_string()>
            <div class="flex items-start justify-between">
                <h2 id="invite-title" class="text-lg font-semibold">"Invite Creator to Campaign"</h2>
                <button type="button" class="text-2xl leading-none text-slate-400 hover:text-slate-700" aria-label="Close" on:click=cancel>"×"</button>
            </div>
            {move || {
                let creators = creators.get();
                let campaigns = campaigns.get_value();
                // (Either, not AnyView: islands ship less WebAssembly without type-erased views)
                if campaigns.is_empty() {
                    return Either::Left(view! {
                        <p class="mt-4 text-sm text-slate-600">"You have no active campaign. Publish a campaign first, then invite creators to it."</p>
                        <a href="/campaigns" class="mt-3 inline-block text-sm text-indigo-700 underline">"Go to your campaigns"</a>
                    });
                }
                let preview = match creators.as_slice() {
                    [one] => Either::Left(view! {
                        <div class="mt-4 flex items-center gap-3 border-b border-slate-200 pb-4">
                            <Avatar name=one.name.clone() url=one.avatar_url.clone()/>
                            <div>
                                <p class="font-medium">{one.name.clone()}</p>
                                <p class="text-sm text-slate-500">{format!("@{}", one.username)}</p>
                                <p class="text-sm text-slate-500">{format!("{} followers", format_followers(one.followers))}</p>
                            </div>
                        </div>
                    }),
                    many => Either::Right(view! {
                        <p class="mt-4 border-b border-slate-200 pb-4 text-sm text-slate-700">
                            {format!("{} creators: ", many.len())}
                            {many.iter().map(|c| format!("@{}", c.username)).collect::<Vec<_>>().join(", ")}
                        </p>
                    }),
                };
                // the preview is written for the first creator
                let to = creators.first().map(|c| (c.name.clone(), c.username.clone()));
                let (action, ids) = match creators.as_slice() {
                    [one] => (InviteCreator::url(), vec![("creator_id", one.id.to_string())]),
                    many => (InviteCreators::url(), many.iter().map(|c| ("creator_ids[]", c.id.to_string())).collect()),
                };
                Either::Right(view! {
                    {preview}
                    <form method="post" action=action class="mt-4 space-y-4" on:submit=move |_| sending.set(true)>
                        {ids.into_iter().map(|(name, id)| view! { <input type="hidden" name=name value=id/> }).collect_view()}
                        <InviteFields campaigns=campaigns kit=kit.get_value() to=to/>
                        <div class="flex justify-end gap-2">
                            <button type="button" class=SECONDARY on:click=cancel>"Cancel"</button>
                            <button type="submit" class=PRIMARY disabled=move || sending.get()>{move || if sending.get() { "Sending…" } else { "Send Invitation" }}</button>
                        </div>
                    </form>
                })
            }}
        </Modal>
    }
}

/// `Invite to Campaign` for one creator (their profile): a link to the invite page, which the island turns
/// into the modal.
#[island]
pub fn InviteButton(creator: CreatorCard, campaigns: Vec<CampaignChoice>, kit: MessageKit) -> impl IntoView {
    let open = RwSignal::new(false);
    let href = format!("/creators/{}/invite", creator.username);
    let creators = Signal::stored(vec![creator]);
    view! {
        <a href=href class=PRIMARY on:click=move |ev| { ev.prevent_default(); open.set(true); }>"Invite to Campaign"</a>
        <InviteModal open=open creators=creators campaigns=campaigns kit=kit/>
    }
}
