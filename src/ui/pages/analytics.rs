//! `/analytics`: how a business's outreach works — invitations per week (sent, and what became of them), the
//! funnel invited → answered → accepted → active, each campaign's acceptance rate and median time to answer,
//! and offers per currency; the same numbers as CSV. Drawn on the server (SVG charts with their numbers in a
//! table beside them): the page ships no WebAssembly of its own. The campaign page shows the same summary for
//! one campaign (`OutreachSummary`).

use crate::api::analytics::my_analytics;
use crate::domain::analytics::{median_label, rate_label, Analytics, WeekEvent, WEEKS_SHOWN};
use crate::ui::components::chart::{BarChart, FunnelChart, Series};
use crate::ui::components::{loaded, EmptyState, PageTitle, SECONDARY};
use leptos::prelude::*;

/// The colour of each outcome in the charts.
fn fill(e: WeekEvent) -> &'static str {
    match e {
        WeekEvent::Sent => "fill-indigo-500",
        WeekEvent::Accepted => "fill-green-600",
        WeekEvent::Declined => "fill-red-500",
        WeekEvent::Expired => "fill-slate-400",
        WeekEvent::Withdrawn => "fill-amber-500",
    }
}

const TABLE: &str = "w-full text-left text-sm";
const TH: &str = "whitespace-nowrap py-1 pr-3 font-medium text-slate-500";
const TD: &str = "py-1 pr-3 tabular-nums";

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_analytics(String::new()));
    view! {
        <PageTitle title="Analytics">
            <a href="/analytics/export.csv" class=SECONDARY download="collabdesk-analytics.csv">"Download CSV"</a>
        </PageTitle>
        {loaded(data, |a| view! { <AnalyticsView analytics=a campaign_page=false/> })}
    }
}

/// A campaign's outreach on its page: the weeks and the funnel, with a link to the whole picture.
#[component]
pub fn OutreachSummary(analytics: Analytics) -> impl IntoView {
    view! {
        <section class="mt-6 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="outreach-title" data-testid="outreach-summary">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 id="outreach-title" class="text-lg font-semibold">"Outreach"</h2>
                <a href="/analytics" class="text-sm text-indigo-700 hover:underline">"All campaigns’ analytics →"</a>
            </div>
            <AnalyticsView analytics=analytics campaign_page=true/>
        </section>
    }
}

#[component]
fn AnalyticsView(analytics: Analytics, campaign_page: bool) -> impl IntoView {
    let a = analytics;
    if a.funnel.invited == 0 && a.offers.is_empty() {
        return view! {
            <EmptyState title="No outreach yet">
                "Invite creators to a campaign or send an offer: what becomes of them shows here, week by week."
            </EmptyState>
        }
        .into_any();
    }
    let labels: Vec<String> = a.weeks.iter().map(|w| short_date(&w.start.human_date())).collect();
    let values = |e: WeekEvent| a.weeks.iter().map(|w| w.get(e)).collect::<Vec<_>>();
    let sent_total: i64 = values(WeekEvent::Sent).iter().sum();
    let outcomes: Vec<Series> = WeekEvent::ALL[1..]
        .iter()
        .map(|e| Series {
            name: e.label(),
            fill: fill(*e),
            values: values(*e),
        })
        .collect();
    let answered_total: i64 = outcomes.iter().flat_map(|s| s.values.iter()).sum();
    let week_rows = a
        .weeks
        .iter()
        .rev()
        .map(|w| {
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class="whitespace-nowrap py-1 pr-3 font-normal">{w.start.human_date()}</th>
                    {WeekEvent::ALL.iter().map(|e| view! { <td class=TD>{w.get(*e).to_string()}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let steps = a.funnel.steps().to_vec();
    let funnel_rows = steps
        .iter()
        .map(|(label, n, share)| {
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class="py-1 pr-3 font-normal">{*label}</th>
                    <td class=TD>{n.to_string()}</td>
                    <td class=TD>{share.map(|p| format!("{p}%")).unwrap_or_else(|| "–".into())}</td>
                </tr>
            }
        })
        .collect_view();
    let campaigns = (!campaign_page).then(|| {
        let rows = a
            .campaigns
            .iter()
            .map(|c| {
                let s = &c.stats;
                view! {
                    <tr class="border-t border-slate-100" data-testid="campaign-analytics" data-title=c.title.clone()>
                        <th scope="row" class="py-1 pr-3 font-normal"><a href=format!("/campaigns/{}", c.campaign_id) class="text-indigo-700 hover:underline">{c.title.clone()}</a></th>
                        <td class=TD>{s.total.to_string()}</td>
                        <td class=TD>{s.accepted.to_string()}</td>
                        <td class=TD>{s.declined.to_string()}</td>
                        <td class=TD>{s.expired.to_string()}</td>
                        <td class=TD>{s.withdrawn.to_string()}</td>
                        <td class=TD>{rate_label(s)}</td>
                        <td class=TD>{median_label(s)}</td>
                        <td class=TD>{c.active.to_string()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="mt-6 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="by-campaign">
                <h2 id="by-campaign" class="mb-2 text-lg font-semibold">"By campaign"</h2>
                <div class="overflow-x-auto">
                    <table class=TABLE>
                        <thead><tr>
                            {["Campaign", "Invited", "Accepted", "Declined", "Expired", "Withdrawn", "Acceptance rate", "Median time to answer", "Active"]
                                .map(|h| view! { <th scope="col" class=TH>{h}</th> })}
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    });
    let offers = (!a.offers.is_empty()).then(|| {
        let rows = a
            .offers
            .iter()
            .map(|o| {
                view! {
                    <tr class="border-t border-slate-100" data-testid="offer-analytics" data-currency=o.currency.code()>
                        <th scope="row" class="py-1 pr-3 font-normal">{o.currency.code()}</th>
                        <td class=TD>{o.sent.to_string()}</td>
                        <td class=TD>{o.sent_amount.to_string()}</td>
                        <td class=TD>{o.accepted.to_string()}</td>
                        <td class=TD>{o.accepted_amount.to_string()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="mt-6 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="offers-title">
                <h2 id="offers-title" class="mb-2 text-lg font-semibold">"Offers"</h2>
                <div class="overflow-x-auto">
                    <table class=TABLE>
                        <thead><tr>
                            {["Currency", "Sent", "Amount sent", "Accepted", "Amount accepted"].map(|h| view! { <th scope="col" class=TH>{h}</th> })}
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    });
    let section = if campaign_page {
        "mt-4"
    } else {
        "rounded-lg border border-slate-200 bg-white p-4"
    };
    view! {
        <section class=section aria-labelledby="weeks-title">
            <h2 id="weeks-title" class="mb-1 text-lg font-semibold">{format!("Invitations, last {WEEKS_SHOWN} weeks")}</h2>
            <p class="mb-3 text-sm text-slate-500">"Weeks start on Monday (UTC). A resent invitation counts as sent again."</p>
            <div class="grid gap-6 lg:grid-cols-2">
                <div class="space-y-4">
                    <BarChart
                        id="chart-sent"
                        title="Invitations sent per week".to_string()
                        desc=format!("{sent_total} invitations sent in the last {WEEKS_SHOWN} weeks; the table beside gives each week.")
                        labels=labels.clone()
                        series=vec![Series { name: "Sent", fill: fill(WeekEvent::Sent), values: values(WeekEvent::Sent) }]
                    />
                    <BarChart
                        id="chart-outcomes"
                        title="What became of invitations, per week".to_string()
                        desc=format!("{answered_total} invitations accepted, declined, expired or withdrawn in the last {WEEKS_SHOWN} weeks; the table beside gives each week.")
                        labels=labels
                        series=outcomes
                    />
                </div>
                <div class="overflow-x-auto">
                    <table class=TABLE data-testid="weeks-table">
                        <caption class="sr-only">"Invitations per week"</caption>
                        <thead><tr>
                            <th scope="col" class=TH>"Week of"</th>
                            {WeekEvent::ALL.map(|e| view! { <th scope="col" class=TH>{e.label()}</th> })}
                        </tr></thead>
                        <tbody>{week_rows}</tbody>
                    </table>
                </div>
            </div>
        </section>
        <section class=format!("mt-6 {section}") aria-labelledby="funnel-title">
            <h2 id="funnel-title" class="mb-3 text-lg font-semibold">"Funnel"</h2>
            <div class="grid gap-6 lg:grid-cols-2">
                <FunnelChart id="chart-funnel" title="Invited, answered, accepted, active".to_string() steps=steps/>
                <table class=TABLE data-testid="funnel-table">
                    <caption class="sr-only">"Funnel"</caption>
                    <thead><tr>
                        <th scope="col" class=TH>"Step"</th><th scope="col" class=TH>"Creators"</th><th scope="col" class=TH>"Of invited"</th>
                    </tr></thead>
                    <tbody>{funnel_rows}</tbody>
                </table>
            </div>
            <p class="mt-2 text-xs text-slate-500">"Answered: accepted or declined. Active: accepted and on a campaign that is running."</p>
        </section>
        {campaigns}
        {offers}
    }
    .into_any()
}

/// `30 Nov 2026` → `30 Nov` (a chart's axis).
fn short_date(human: &str) -> String {
    human
        .rsplit_once(' ')
        .map(|(d, _)| d.to_string())
        .unwrap_or_else(|| human.to_string())
}
