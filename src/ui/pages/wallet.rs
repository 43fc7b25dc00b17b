//! Paid offers and wallets: the business's `Wallet` (balances, send an offer, sent offers with their partner
//! sync state, `Withdraw`, the ledger), the creator's `Offers` tab (`Accept` / `Decline`), and the admin's
//! `Wallets` (`Top up`).

use crate::api::campaigns::list_campaigns;
use crate::api::offers::{
    all_wallets, my_offers, my_wallet, sent_offers, AcceptOffer, DeclineOffer, OfferRow, SendOffer, TopUpWallet,
    WithdrawOffer,
};
use crate::domain::money::Currency;
use crate::domain::offer::{Offer, OfferStatus};
use crate::domain::outbox::SyncState;
use crate::domain::template::Values;
use crate::domain::time::Millis;
use crate::ui::components::message::{MessageField, MessageKit};
use crate::ui::components::{
    loaded, prerendered, Alert, EmptyState, Field, Live, PageLinks, PageTitle, PostForm, SelectField, StatusBadge,
    Submit, Tone, DANGER, PRIMARY, SECONDARY,
};
use crate::ui::request::FormState;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

pub fn offer_tone(s: OfferStatus) -> Tone {
    match s {
        OfferStatus::Pending => Tone::Amber,
        OfferStatus::Accepted => Tone::Green,
        OfferStatus::Declined => Tone::Red,
        OfferStatus::Withdrawn => Tone::Grey,
        OfferStatus::Expired => Tone::Slate,
    }
}

pub fn sync_tone(s: &SyncState) -> Tone {
    match s {
        SyncState::Synced => Tone::Green,
        SyncState::Retrying { .. } => Tone::Amber,
        SyncState::Failed { .. } => Tone::Red,
        SyncState::NotSynced => Tone::Grey,
    }
}

fn currency_options() -> Vec<(String, String)> {
    Currency::ALL
        .into_iter()
        .map(|c| (c.code().to_string(), format!("{} ({})", c.code(), c.symbol())))
        .collect()
}

const OFFER_FIELDS: &[&str] = &["campaign_id", "creator", "amount", "currency", "message", "deadline"];

/// The form that sends an offer (on `/wallet`, and on a creator's profile with the creator filled in): a plain
/// post, so it works with JavaScript off; a failed post comes back with its errors and values.
#[component]
pub fn OfferForm(
    /// The business's active campaigns: (id, title).
    campaigns: Vec<(String, String)>,
    /// The creator when the form is for one creator (a profile): (name, username); not asked for.
    #[prop(optional)]
    creator: Option<(String, String)>,
    /// The business's offer templates and its name.
    #[prop(optional)]
    kit: MessageKit,
) -> impl IntoView {
    let form = FormState::of(SendOffer::url());
    // One key per offer being composed, written into the page: a double click, a retry after a lost answer or
    // the same form posted again (JavaScript on or off) sends it once.
    let key = form.value_or("idempotency_key", uuid::Uuid::now_v7().to_string());
    let err = |f: &str| form.field(f);
    // a form for one creator does not show the creator field: what is said of the creator is said above Send
    let shown: Vec<&str> = OFFER_FIELDS
        .iter()
        .copied()
        .filter(|f| creator.is_none() || *f != "creator")
        .chain(["template_id"])
        .collect();
    let general = form.general(&shown);
    let v = |f: &str| form.value(&format!("offer[{f}]"));
    let currency = Some(v("currency"))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "NGN".into());
    let (campaign, campaign_e) = (v("campaign_id"), err("campaign_id"));
    let (amount, amount_e) = (v("amount"), err("amount"));
    let (deadline, deadline_e) = (v("deadline"), err("deadline"));
    let (message, message_e) = (v("message"), err("message"));
    let currency_e = err("currency");
    // the placeholders the page knows now; the message script reads the fields marked `data-placeholder` as
    // they change
    let campaign_title = campaigns
        .iter()
        .find(|(id, _)| *id == campaign)
        .or(campaigns.first())
        .map(|(_, title)| title.clone())
        .unwrap_or_default();
    let (creator_name, creator_username) = creator.clone().unwrap_or_default();
    let values = Values {
        creator_name,
        creator_username: if creator.is_some() {
            creator_username
        } else {
            v("creator").trim().trim_start_matches('@').to_string()
        },
        campaign_title,
        business_name: String::new(),
        deadline: Millis::parse_date_start_of_day(&deadline)
            .map(Millis::human_date)
            .unwrap_or_default(),
    };
    let reader = creator.as_ref().map(|(_, username)| username.clone());
    let creator_field = match creator {
        Some((_, username)) => view! { <input type="hidden" name="offer[creator]" value=username/> }.into_any(),
        None => view! {
            <div data-placeholder="creator_username">
                <Field label="Creator" name="offer[creator]" required=true value=v("creator") error=err("creator") hint="Their @username"/>
            </div>
        }
        .into_any(),
    };
    view! {
        <p class="mb-4 text-sm text-slate-600">"The amount is held from your wallet when you send, and comes back if the creator declines, you withdraw, or the offer expires (14 days, or the deadline if sooner)."</p>
        <PostForm action=SendOffer::url() class="grid gap-4 sm:grid-cols-2">
            <input type="hidden" name="idempotency_key" value=key/>
            <div data-placeholder="campaign_title">
                <SelectField label="Campaign" name="offer[campaign_id]" options=campaigns selected=campaign error=campaign_e/>
            </div>
            {creator_field}
            <Field label="Amount" name="offer[amount]" required=true value=amount error=amount_e hint="For example 75000"/>
            <SelectField label="Currency" name="offer[currency]" options=currency_options() selected=currency error=currency_e/>
            <div data-placeholder="deadline">
                <Field label="Deadline" name="offer[deadline]" kind="date" required=true value=deadline error=deadline_e/>
            </div>
            <div class="sm:col-span-2">
                <MessageField id="field-offer[message]" name="offer[message]" label="Message" message=message error=message_e kit=kit values=values reader=reader rows=3/>
            </div>
            <Alert message=general class="sm:col-span-2"/>
            <div class="sm:col-span-2"><Submit label="Send offer"/></div>
        </PostForm>
    }
}

/// Whether the last post of the offer form came back refused (the form is shown open again).
pub fn offer_refused() -> bool {
    FormState::of(SendOffer::url()).error.is_some()
}

/// `/wallet`: the business's money and the offers it paid for.
#[component]
pub fn WalletPage() -> impl IntoView {
    let after = use_query_map().read_untracked().get("after").unwrap_or_default();
    let first_page = after.is_empty();
    let wallet = Resource::new(|| (), |_| my_wallet());
    let offers = Resource::new(move || after.clone(), sent_offers);
    // the offer form's campaigns and templates, read together
    let for_offers = Resource::new(
        || (),
        |_| async move {
            let campaigns = list_campaigns("active".into(), String::new()).await?;
            let templates = crate::api::templates::my_templates().await;
            Ok::<_, crate::error::AppError>((campaigns, templates))
        },
    );
    let business = crate::ui::request::actor().map(|a| a.name).unwrap_or_default();
    view! {
        <PageTitle title="Wallet"/>
        <Live id="wallet">{loaded(wallet, |w| view! {
            <section aria-label="Balances" class="mb-6 grid gap-4 sm:grid-cols-3" data-testid="balances">
                {if w.balances.is_empty() {
                    view! { <p class="text-sm text-slate-600 sm:col-span-3">"Your wallet is empty. An admin tops it up when your payment arrives."</p> }.into_any()
                } else {
                    w.balances.into_iter().map(|b| view! {
                        <div class="rounded-xl border border-slate-200 bg-white p-5">
                            <p class="text-sm text-slate-500">{format!("{} balance", b.balance.currency.code())}</p>
                            <p class="mt-1 text-2xl font-semibold" data-testid=format!("balance-{}", b.balance.currency.code())>{b.balance.to_string()}</p>
                        </div>
                    }).collect_view().into_any()
                }}
            </section>
            <details class="mb-6 rounded-lg border border-slate-200 bg-white p-4">
                <summary class="cursor-pointer text-sm font-semibold">"Ledger"</summary>
                <div class="overflow-x-auto">
                    <table class="mt-3 w-full text-left text-sm" data-testid="ledger">
                        <thead class="text-slate-500"><tr><th class="py-1">"When"</th><th>"What"</th><th class="text-right">"Amount"</th><th class="text-right">"Balance"</th></tr></thead>
                        <tbody>
                            {w.ledger.into_iter().map(|e| view! {
                                <tr class="border-t border-slate-100">
                                    <td class="py-1 text-slate-500">{e.at.human_datetime()}</td>
                                    <td>{e.describe()}</td>
                                    <td class="text-right font-mono">{e.amount.to_string()}</td>
                                    <td class="text-right font-mono">{e.balance_after.to_string()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        })}</Live>
        <section aria-labelledby="send-offer" class="mb-6 rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="send-offer" class="mb-1 text-lg font-semibold">"Send an offer"</h2>
            {loaded(for_offers, move |(p, templates)| {
                let campaigns = p.campaigns.into_iter().map(|c| (c.id.to_string(), c.title)).collect();
                let kit = crate::ui::pages::creators::kit_of(&templates, crate::domain::template::TemplateKind::Offer, &business);
                view! { <OfferForm campaigns=campaigns kit=kit/> }
            })}
        </section>
        <h2 class="mb-3 text-lg font-semibold">"Offers sent"</h2>
        <Live id="sent-offers">{loaded(offers, move |p| {
            if p.offers.is_empty() {
                return view! { <EmptyState title="No offers yet">"Offers you send appear here with their status."</EmptyState> }.into_any();
            }
            view! {
                <ul class="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="sent-offers">
                    {prerendered(p.offers.into_iter().map(|row| view! { <SentOfferRow row=row/> }).collect_view())}
                </ul>
                <PageLinks base="/wallet" next=p.next.clone() first_page=first_page/>
            }.into_any()
        })}</Live>
    }
}

#[component]
fn SentOfferRow(row: OfferRow) -> impl IntoView {
    let o = row.offer;
    let pending = o.status == OfferStatus::Pending;
    let id = o.id.to_string();
    view! {
        <li class="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="sent-offer">
            <div class="min-w-0">
                <p class="font-medium">{format!("{} to @{}", o.amount, o.creator_username)}</p>
                <p class="text-sm text-slate-500">{format!("{} · sent {} · deadline {}", o.campaign_title, o.sent_at.human_date(), o.deadline.human_date())}</p>
                {o.decline_reason.clone().map(|r| view! { <p class="text-sm"><span class="font-medium">"Reason: "</span>{r}</p> })}
            </div>
            <div class="flex flex-wrap items-center gap-2">
                <StatusBadge label=o.status.label() tone=offer_tone(o.status)/>
                {row.sync.map(|s| view! {
                    <span class="flex items-center gap-1 text-xs text-slate-500" data-testid="sync-state">"Partner:" <StatusBadge label=s.label() tone=sync_tone(&s)/></span>
                })}
                {pending.then(|| view! {
                    <form method="post" action=WithdrawOffer::url()>
                        <input type="hidden" name="id" value=id.clone()/>
                        <button type="submit" class=SECONDARY>"Withdraw"</button>
                    </form>
                })}
            </div>
        </li>
    }
}

/// The creator's offers (`My Campaigns` → `Offers`).
pub fn offers_tab(after: String) -> impl IntoView {
    let first_page = after.is_empty();
    let offers = Resource::new(move || after.clone(), my_offers);
    loaded(offers, move |p| {
        if p.offers.is_empty() {
            return view! {
                <EmptyState title="No offers yet">"When a business sends you a paid offer, it appears here."</EmptyState>
            }
            .into_any();
        }
        let now = p.now;
        view! {
            <div class="grid gap-4 md:grid-cols-2" data-testid="offer-list">
                {prerendered(p.offers.into_iter().map(|r| view! { <OfferCard offer=r.offer now=now/> }).collect_view())}
            </div>
            <PageLinks base="/my-campaigns?tab=offers" next=p.next.clone() first_page=first_page/>
        }
        .into_any()
    })
}

#[component]
fn OfferCard(offer: Offer, now: Millis) -> impl IntoView {
    let pending = offer.status == OfferStatus::Pending;
    let id = offer.id.to_string();
    let days = crate::domain::invitation::days_left(offer.expires_at, now);
    view! {
        <article class="rounded-xl border border-slate-200 bg-white p-5" data-testid="offer-card">
            <div class="flex items-start justify-between gap-2">
                <div>
                    <p class="text-sm text-slate-500">{offer.business_name.clone()}</p>
                    <h3 class="font-semibold">{offer.campaign_title.clone()}</h3>
                </div>
                <StatusBadge label=offer.status.label() tone=offer_tone(offer.status)/>
            </div>
            <p class="mt-3 text-2xl font-semibold" data-testid="offer-amount">{offer.amount.to_string()}</p>
            {(!offer.message.is_empty()).then(|| view! { <p class="mt-2 whitespace-pre-line text-slate-700">{offer.message.clone()}</p> })}
            <p class="mt-2 text-sm text-slate-500">
                {format!("Deliver by {}", offer.deadline.human_date())}
                {pending.then(|| format!(" · answer within {days} day{}", if days == 1 { "" } else { "s" }))}
            </p>
            {pending.then(|| {
                let reason_id = format!("reason-{id}");
                view! {
                    <div class="mt-4 flex flex-wrap items-start gap-2">
                        <form method="post" action=AcceptOffer::url()>
                            <input type="hidden" name="id" value=id.clone()/>
                            <button type="submit" class=PRIMARY>"Accept"</button>
                        </form>
                        <details class="text-sm">
                            <summary class="cursor-pointer rounded-md border border-slate-300 px-4 py-2 font-semibold">"Decline"</summary>
                            <form method="post" action=DeclineOffer::url() class="mt-2 space-y-2">
                                <input type="hidden" name="id" value=id.clone()/>
                                <label class="block text-sm text-slate-700" for=reason_id.clone()>"Reason (optional)"</label>
                                <textarea id=reason_id name="reason" rows="2" class="w-full rounded-md border border-slate-300 p-2"></textarea>
                                <button type="submit" class=DANGER>"Decline offer"</button>
                            </form>
                        </details>
                    </div>
                }
            })}
        </article>
    }
}

const TOP_UP_FIELDS: &[&str] = &["business", "amount", "currency", "reason"];

/// `/wallets`: every business wallet, and `Top up`.
#[component]
pub fn WalletsAdminPage() -> impl IntoView {
    let form = FormState::of(TopUpWallet::url());
    let wallets = Resource::new(|| (), |_| all_wallets());
    let currency = form.value_or("currency", "NGN");
    view! {
        <PageTitle title="Wallets"/>
        <section aria-labelledby="top-up" class="mb-6 rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="top-up" class="mb-1 text-lg font-semibold">"Top up a wallet"</h2>
            <p class="mb-4 text-sm text-slate-600">"Credit a business once its payment has arrived. The ledger records you and the reason."</p>
            <PostForm action=TopUpWallet::url() class="grid gap-4 sm:grid-cols-2">
                <Field label="Business e-mail" name="business" kind="email" required=true value=form.value("business") error=form.field("business")/>
                <Field label="Amount" name="amount" required=true value=form.value("amount") error=form.field("amount")/>
                <SelectField label="Currency" name="currency" options=currency_options() selected=currency error=form.field("currency")/>
                <Field label="Reason" name="reason" required=true value=form.value("reason") error=form.field("reason") hint="For example: bank transfer reference"/>
                <Alert message=form.general(TOP_UP_FIELDS) class="sm:col-span-2"/>
                <div class="sm:col-span-2"><Submit label="Top up"/></div>
            </PostForm>
        </section>
        {loaded(wallets, |list| {
            if list.is_empty() {
                return view! { <EmptyState title="No wallets yet">"A business's wallet appears after its first top-up."</EmptyState> }.into_any();
            }
            view! {
                <div class="overflow-x-auto">
                    <table class="w-full rounded-lg border border-slate-200 bg-white text-left text-sm" data-testid="wallets">
                        <thead class="text-slate-500"><tr><th class="px-4 py-2">"Business"</th><th>"Currency"</th><th class="text-right">"Balance"</th><th class="px-4 text-right">"Last change"</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|w| view! {
                                <tr class="border-t border-slate-100">
                                    <td class="px-4 py-2">{w.business_name.clone()}</td>
                                    <td>{w.balance.currency.code()}</td>
                                    <td class="text-right font-mono">{w.balance.to_string()}</td>
                                    <td class="px-4 text-right text-slate-500">{w.updated_at.human_datetime()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        })}
    }
}
