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
use crate::domain::time::Millis;
use crate::ui::components::{
    action_error, field_error, form_error, EmptyState, ErrorNotice, Field, PageLinks, PageTitle, SelectField, Skeleton,
    StatusBadge, SubmitButton, TextArea, Toasts, Tone,
};
use leptos::prelude::*;
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

fn new_key() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// `/wallet`: the business's money and the offers it paid for.
#[component]
pub fn WalletPage() -> impl IntoView {
    let send = ServerAction::<SendOffer>::new();
    let withdraw = ServerAction::<WithdrawOffer>::new();
    let toasts = expect_context::<Toasts>();
    // one key per offer being composed: a double click or a retry after a lost answer reuses it
    let key = RwSignal::new(new_key());
    Effect::new(move |_| {
        if let Some(Ok(r)) = send.value().get() {
            key.set(new_key());
            let what = format!("Offer of {} sent to @{}", r.offer.amount, r.offer.creator_username);
            match (r.sync.synced, r.sync.error) {
                (true, _) => toasts.success(format!("{what} · partner synced")),
                (false, Some(e)) => toasts.error(format!("{what} · partner sync: {e} (retrying)")),
                (false, None) => toasts.success(format!("{what} · {}", r.sync.label)),
            }
        }
    });
    Effect::new(move |_| match withdraw.value().get() {
        Some(Ok(r)) => toasts.success(format!("Offer withdrawn; {} refunded", r.offer.amount)),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let wallet = Resource::new(
        move || (send.version().get(), withdraw.version().get()),
        |_| my_wallet(),
    );
    let offers = Resource::new(
        move || (after(), send.version().get(), withdraw.version().get()),
        |(after, _, _)| sent_offers(after),
    );
    let campaigns = Resource::new(|| (), |_| list_campaigns("active".into(), String::new()));
    let error = action_error(send.value());
    let err = move |f: &'static str| field_error(error, f);
    let general = form_error(
        error,
        &["campaign_id", "creator", "amount", "currency", "message", "deadline"],
    );
    view! {
        <PageTitle title="Wallet"/>
        <Suspense fallback=|| view! { <Skeleton rows=1/> }>
            {move || Suspend::new(async move {
                match wallet.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(w) => view! {
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
                        </details>
                    }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="send-offer" class="mb-6 rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="send-offer" class="mb-1 text-lg font-semibold">"Send an offer"</h2>
            <p class="mb-4 text-sm text-slate-600">"The amount is held from your wallet when you send, and comes back if the creator declines, you withdraw, or the offer expires (14 days, or the deadline if sooner)."</p>
            <ActionForm action=send attr:class="grid gap-4 sm:grid-cols-2" attr:novalidate="">
                <input type="hidden" name="idempotency_key" prop:value=move || key.get()/>
                <Suspense fallback=|| view! { <Skeleton rows=1/> }>
                    {move || Suspend::new(async move {
                        let options: Vec<(String, String)> = campaigns
                            .await
                            .map(|p| p.campaigns.into_iter().map(|c| (c.id.to_string(), c.title)).collect())
                            .unwrap_or_default();
                        view! { <SelectField label="Campaign" name="offer[campaign_id]" options=options error=err("campaign_id")/> }
                    })}
                </Suspense>
                <Field label="Creator" name="offer[creator]" required=true error=err("creator") hint="Their @username"/>
                <Field label="Amount" name="offer[amount]" required=true error=err("amount") hint="For example 75000"/>
                <SelectField label="Currency" name="offer[currency]" options=currency_options() selected="NGN" error=err("currency")/>
                <Field label="Deadline" name="offer[deadline]" kind="date" required=true error=err("deadline")/>
                <div class="sm:col-span-2"><TextArea label="Message" name="offer[message]" error=err("message") rows=3/></div>
                {move || general.get().map(|e| view! { <p role="alert" class="sm:col-span-2 rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                <div class="sm:col-span-2"><SubmitButton label="Send offer" pending=send.pending() pending_label="Sending…"/></div>
            </ActionForm>
        </section>
        <h2 class="mb-3 text-lg font-semibold">"Offers sent"</h2>
        <Suspense fallback=|| view! { <Skeleton rows=3/> }>
            {move || Suspend::new(async move {
                match offers.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) if p.offers.is_empty() => view! { <EmptyState title="No offers yet">"Offers you send appear here with their status."</EmptyState> }.into_any(),
                    Ok(p) => view! {
                        <ul class="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="sent-offers">
                            {p.offers.into_iter().map(|row| view! { <SentOfferRow row=row withdraw=withdraw/> }).collect_view()}
                        </ul>
                        <PageLinks base="/wallet" next=p.next.clone() first_page=after().is_empty()/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SentOfferRow(row: OfferRow, withdraw: ServerAction<WithdrawOffer>) -> impl IntoView {
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
                    <ActionForm action=withdraw>
                        <input type="hidden" name="id" value=id.clone()/>
                        <button type="submit" class="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50">"Withdraw"</button>
                    </ActionForm>
                })}
            </div>
        </li>
    }
}

/// The creator's offers (`My Campaigns` → `Offers`).
#[component]
pub fn OffersTab() -> impl IntoView {
    let accept = ServerAction::<AcceptOffer>::new();
    let decline = ServerAction::<DeclineOffer>::new();
    let toasts = expect_context::<Toasts>();
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(r)) => toasts.success(format!(
            "You accepted {} from {}",
            r.offer.amount, r.offer.business_name
        )),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
    Effect::new(move |_| match decline.value().get() {
        Some(Ok(r)) => toasts.success(format!("You declined the offer from {}", r.offer.business_name)),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let offers = Resource::new(
        move || (after(), accept.version().get(), decline.version().get()),
        |(after, _, _)| my_offers(after),
    );
    view! {
        <Suspense fallback=|| view! { <Skeleton rows=3/> }>
            {move || Suspend::new(async move {
                match offers.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) if p.offers.is_empty() => view! {
                        <EmptyState title="No offers yet">"When a business sends you a paid offer, it appears here."</EmptyState>
                    }.into_any(),
                    Ok(p) => {
                        let now = p.now;
                        view! {
                            <div class="grid gap-4 md:grid-cols-2" data-testid="offer-list">
                                {p.offers.into_iter().map(|r| view! { <OfferCard offer=r.offer now=now accept=accept decline=decline/> }).collect_view()}
                            </div>
                            <PageLinks base="/my-campaigns?tab=offers" next=p.next.clone() first_page=after().is_empty()/>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn OfferCard(
    offer: Offer,
    now: Millis,
    accept: ServerAction<AcceptOffer>,
    decline: ServerAction<DeclineOffer>,
) -> impl IntoView {
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
                let id2 = id.clone();
                let reason_id = format!("reason-{id}");
                view! {
                    <div class="mt-4 flex flex-wrap items-start gap-2">
                        <ActionForm action=accept>
                            <input type="hidden" name="id" value=id.clone()/>
                            <SubmitButton label="Accept" pending=accept.pending() pending_label="Accepting…"/>
                        </ActionForm>
                        <details class="text-sm">
                            <summary class="cursor-pointer rounded-md border border-slate-300 px-4 py-2 font-semibold">"Decline"</summary>
                            <ActionForm action=decline attr:class="mt-2 space-y-2">
                                <input type="hidden" name="id" value=id2/>
                                <label class="block text-sm text-slate-700" for=reason_id.clone()>"Reason (optional)"</label>
                                <textarea id=reason_id name="reason" rows="2" class="w-full rounded-md border border-slate-300 p-2"></textarea>
                                <SubmitButton label="Decline offer" pending=decline.pending() pending_label="Declining…" danger=true/>
                            </ActionForm>
                        </details>
                    </div>
                }
            })}
        </article>
    }
}

/// `/wallets`: every business wallet, and `Top up`.
#[component]
pub fn WalletsAdminPage() -> impl IntoView {
    let top_up = ServerAction::<TopUpWallet>::new();
    let toasts = expect_context::<Toasts>();
    Effect::new(move |_| {
        if let Some(Ok(balance)) = top_up.value().get() {
            toasts.success(format!("Topped up: the balance is now {balance}"));
        }
    });
    let error = action_error(top_up.value());
    let err = move |f: &'static str| field_error(error, f);
    let general = form_error(error, &["business", "amount", "currency", "reason"]);
    let wallets = Resource::new(move || top_up.version().get(), |_| all_wallets());
    view! {
        <PageTitle title="Wallets"/>
        <section aria-labelledby="top-up" class="mb-6 rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="top-up" class="mb-1 text-lg font-semibold">"Top up a wallet"</h2>
            <p class="mb-4 text-sm text-slate-600">"Credit a business once its payment has arrived. The ledger records you and the reason."</p>
            <ActionForm action=top_up attr:class="grid gap-4 sm:grid-cols-2" attr:novalidate="">
                <Field label="Business e-mail" name="business" kind="email" required=true error=err("business")/>
                <Field label="Amount" name="amount" required=true error=err("amount")/>
                <SelectField label="Currency" name="currency" options=currency_options() selected="NGN" error=err("currency")/>
                <Field label="Reason" name="reason" required=true error=err("reason") hint="For example: bank transfer reference"/>
                {move || general.get().map(|e| view! { <p role="alert" class="sm:col-span-2 rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                <div class="sm:col-span-2"><SubmitButton label="Top up" pending=top_up.pending() pending_label="Crediting…"/></div>
            </ActionForm>
        </section>
        <Suspense fallback=|| view! { <Skeleton rows=3/> }>
            {move || Suspend::new(async move {
                match wallets.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <EmptyState title="No wallets yet">"A business's wallet appears after its first top-up."</EmptyState> }.into_any(),
                    Ok(list) => view! {
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
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
