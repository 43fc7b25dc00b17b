//! Outreach analytics for a business: invitations per week (sent and what became of them), each campaign's
//! totals, acceptance rate and median time to answer, offers per currency, and the funnel invited → answered
//! → accepted → active. The numbers are computed in SQL (`server::db::analytics`); here are their shapes,
//! the week arithmetic, the chart scale and the CSV records, shared by the page, the CSV and the tests.

use crate::domain::invitation::{human_duration, InvitationStats, InvitationStatus};
use crate::domain::money::{Currency, Money};
use crate::domain::text::csv_cell;
use crate::domain::time::{Millis, DAY};
use serde::{Deserialize, Serialize};

pub const WEEK: i64 = 7 * DAY;
/// How many weeks the page shows, the current one last.
pub const WEEKS_SHOWN: usize = 12;

/// The number of the week (Monday 00:00 UTC to Sunday 24:00) holding `at`. The epoch was a Thursday: the
/// shift of three days makes weeks start on Monday. The same formula is in the SQL that fills the weekly
/// counts (`migrations/*_analytics.sql`, `db::invitations::recount`).
pub fn week_of(at: Millis) -> i64 {
    (at.0 + 3 * DAY).div_euclid(WEEK)
}

/// When week `week` starts (Monday 00:00 UTC).
pub fn week_start(week: i64) -> Millis {
    Millis(week * WEEK - 3 * DAY)
}

/// What happened to an invitation, as the weekly counts count it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum WeekEvent {
    /// Sent, or sent again.
    Sent,
    Accepted,
    Declined,
    Expired,
    Withdrawn,
}

impl WeekEvent {
    pub const ALL: [WeekEvent; 5] = [
        WeekEvent::Sent,
        WeekEvent::Accepted,
        WeekEvent::Declined,
        WeekEvent::Expired,
        WeekEvent::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WeekEvent::Sent => "sent",
            WeekEvent::Accepted => "accepted",
            WeekEvent::Declined => "declined",
            WeekEvent::Expired => "expired",
            WeekEvent::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WeekEvent::Sent => "Sent",
            WeekEvent::Accepted => "Accepted",
            WeekEvent::Declined => "Declined",
            WeekEvent::Expired => "Expired",
            WeekEvent::Withdrawn => "Withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<WeekEvent> {
        WeekEvent::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// The event an invitation's move to `to` counts as (every move counts once: a new invitation and a
    /// resend both move to pending, so both are `Sent`).
    pub fn of(to: InvitationStatus) -> WeekEvent {
        match to {
            InvitationStatus::Pending => WeekEvent::Sent,
            InvitationStatus::Accepted => WeekEvent::Accepted,
            InvitationStatus::Declined => WeekEvent::Declined,
            InvitationStatus::Expired => WeekEvent::Expired,
            InvitationStatus::Withdrawn => WeekEvent::Withdrawn,
        }
    }
}

/// One week's invitations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekRow {
    /// Monday 00:00 UTC.
    pub start: Millis,
    /// Per `WeekEvent::ALL`.
    pub counts: [i64; 5],
}

impl WeekRow {
    pub fn get(&self, e: WeekEvent) -> i64 {
        self.counts[e as usize]
    }
}

/// The last `n` weeks up to the one holding `now`, oldest first, from (week, event, count) rows (weeks
/// without any are zeros; rows outside the range are left out).
pub fn weeks(rows: &[(i64, WeekEvent, i64)], now: Millis, n: usize) -> Vec<WeekRow> {
    let last = week_of(now);
    let first = last - n as i64 + 1;
    let mut out: Vec<WeekRow> = (first..=last)
        .map(|w| WeekRow {
            start: week_start(w),
            counts: [0; 5],
        })
        .collect();
    for &(week, event, count) in rows {
        if (first..=last).contains(&week) {
            out[(week - first) as usize].counts[event as usize] += count;
        }
    }
    out
}

/// One campaign's invitations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignRow {
    pub campaign_id: String,
    pub title: String,
    pub stats: InvitationStats,
    /// Creators who accepted and are on it while it runs (an accepted application from an invitation, the
    /// campaign active).
    pub active: i64,
}

/// The offers in one currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrencyRow {
    pub currency: Currency,
    pub sent: i64,
    pub sent_amount: Money,
    pub accepted: i64,
    pub accepted_amount: Money,
}

/// Invited → answered (accepted or declined) → accepted → active.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    pub invited: i64,
    pub answered: i64,
    pub accepted: i64,
    pub active: i64,
}

impl Funnel {
    pub fn of(campaigns: &[CampaignRow]) -> Funnel {
        campaigns.iter().fold(Funnel::default(), |f, c| Funnel {
            invited: f.invited + c.stats.total,
            answered: f.answered + c.stats.accepted + c.stats.declined,
            accepted: f.accepted + c.stats.accepted,
            active: f.active + c.active,
        })
    }

    /// (label, count, share of the invited in whole percent).
    pub fn steps(&self) -> [(&'static str, i64, Option<i64>); 4] {
        let share = |n: i64| (self.invited > 0).then(|| (n * 100 + self.invited / 2) / self.invited);
        [
            ("Invited", self.invited, share(self.invited)),
            ("Answered", self.answered, share(self.answered)),
            ("Accepted", self.accepted, share(self.accepted)),
            ("Active", self.active, share(self.active)),
        ]
    }
}

/// Everything the Analytics page shows (for a business, or one of its campaigns).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analytics {
    pub weeks: Vec<WeekRow>,
    pub campaigns: Vec<CampaignRow>,
    pub offers: Vec<CurrencyRow>,
    pub funnel: Funnel,
    pub now: Millis,
}

/// The top of a chart's scale: the smallest of 1, 2, 5 × 10ⁿ at least `max` (at least 1), so the gridlines
/// fall on round numbers.
pub fn scale_top(max: i64) -> i64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= max {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// `75000.00`: an amount as a spreadsheet reads it (the currency is its own column).
fn plain_amount(m: &Money) -> String {
    let sign = if m.minor < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", (m.minor / 100).abs(), (m.minor % 100).abs())
}

impl Analytics {
    /// The same numbers as the page, as CSV records (the caller quotes them): one section after another,
    /// each with its own header, a blank record between sections.
    pub fn csv_records(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        let mut header = vec!["week_starting".to_string()];
        header.extend(WeekEvent::ALL.iter().map(|e| e.as_str().to_string()));
        out.push(header);
        for w in &self.weeks {
            let mut r = vec![w.start.date()];
            r.extend(w.counts.iter().map(i64::to_string));
            out.push(r);
        }
        out.push(vec![]);
        out.push(
            [
                "campaign",
                "invited",
                "pending",
                "accepted",
                "declined",
                "expired",
                "withdrawn",
                "active",
                "acceptance_rate_percent",
                "median_time_to_answer_hours",
            ]
            .map(String::from)
            .to_vec(),
        );
        for c in &self.campaigns {
            let s = &c.stats;
            out.push(vec![
                csv_cell(&c.title),
                s.total.to_string(),
                s.pending.to_string(),
                s.accepted.to_string(),
                s.declined.to_string(),
                s.expired.to_string(),
                s.withdrawn.to_string(),
                c.active.to_string(),
                s.acceptance_rate.map(|r| format!("{r:.1}")).unwrap_or_default(),
                s.median_answer_ms
                    .map(|ms| format!("{:.1}", ms as f64 / 3_600_000.0))
                    .unwrap_or_default(),
            ]);
        }
        out.push(vec![]);
        out.push(
            [
                "currency",
                "offers_sent",
                "amount_sent",
                "offers_accepted",
                "amount_accepted",
            ]
            .map(String::from)
            .to_vec(),
        );
        for o in &self.offers {
            out.push(vec![
                o.currency.code().to_string(),
                o.sent.to_string(),
                plain_amount(&o.sent_amount),
                o.accepted.to_string(),
                plain_amount(&o.accepted_amount),
            ]);
        }
        out.push(vec![]);
        out.push(
            ["funnel_step", "count", "percent_of_invited"]
                .map(String::from)
                .to_vec(),
        );
        for (label, n, share) in self.funnel.steps() {
            out.push(vec![
                label.to_lowercase(),
                n.to_string(),
                share.map(|p| p.to_string()).unwrap_or_default(),
            ]);
        }
        out
    }
}

/// `2 days 4 h` or `–`.
pub fn median_label(stats: &InvitationStats) -> String {
    stats.median_answer_ms.map(human_duration).unwrap_or_else(|| "–".into())
}

/// `62%` or `–`.
pub fn rate_label(stats: &InvitationStats) -> String {
    stats
        .acceptance_rate
        .map(|r| format!("{r:.0}%"))
        .unwrap_or_else(|| "–".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_utc() {
        // (time, the Monday its week starts)
        let day = |d: &str| Millis::parse_date_start_of_day(d).unwrap();
        let cases = [
            (day("2026-11-30"), "2026-11-30"),                      // a Monday, first instant
            (day("2026-12-02").plus(10 * 3_600_000), "2026-11-30"), // Wednesday
            (day("2026-12-07").plus(-1), "2026-11-30"),             // Sunday, last millisecond
            (day("2026-12-07"), "2026-12-07"),                      // next Monday
            (Millis(0), "1969-12-29"),                              // the epoch, a Thursday
            (day("1969-12-28"), "1969-12-22"),                      // before the epoch
        ];
        for (at, monday) in cases {
            assert_eq!(week_start(week_of(at)).date(), monday, "{at:?}");
            assert!(week_start(week_of(at)) <= at && at.0 < week_start(week_of(at)).0 + WEEK);
        }
    }

    #[test]
    fn weeks_fill_gaps_and_drop_what_is_out_of_range() {
        let now = Millis::parse_date_start_of_day("2026-12-02")
            .unwrap()
            .plus(10 * 3_600_000);
        let this = week_of(now);
        let rows = [
            (this, WeekEvent::Sent, 3),
            (this, WeekEvent::Accepted, 1),
            (this - 2, WeekEvent::Declined, 2),
            (this - 2, WeekEvent::Declined, 1), // two rows of one week and event add up
            (this - 4, WeekEvent::Sent, 9),     // before the range
            (this + 1, WeekEvent::Sent, 9),     // after it
        ];
        let w = weeks(&rows, now, 4);
        assert_eq!(w.len(), 4);
        assert_eq!(w[3].start.date(), "2026-11-30");
        assert_eq!(w[0].start.date(), "2026-11-09");
        assert_eq!(w[3].counts, [3, 1, 0, 0, 0]);
        assert_eq!(w[1].get(WeekEvent::Declined), 3);
        assert_eq!(w[0].counts, [0; 5]);
        assert_eq!(w[2].counts, [0; 5]);
    }

    #[test]
    fn every_move_counts_as_one_event() {
        let cases = [
            (InvitationStatus::Pending, WeekEvent::Sent),
            (InvitationStatus::Accepted, WeekEvent::Accepted),
            (InvitationStatus::Declined, WeekEvent::Declined),
            (InvitationStatus::Expired, WeekEvent::Expired),
            (InvitationStatus::Withdrawn, WeekEvent::Withdrawn),
        ];
        for (to, event) in cases {
            assert_eq!(WeekEvent::of(to), event);
            assert_eq!(WeekEvent::parse(event.as_str()), Some(event));
        }
        assert_eq!(WeekEvent::parse("opened"), None);
    }

    #[test]
    fn the_scale_tops_at_round_numbers() {
        for (max, top) in [
            (0, 1),
            (1, 1),
            (2, 2),
            (3, 5),
            (5, 5),
            (6, 10),
            (11, 20),
            (99, 100),
            (101, 200),
            (4_999, 5_000),
        ] {
            assert_eq!(scale_top(max), top, "{max}");
        }
    }

    fn stats(total: i64, accepted: i64, declined: i64) -> InvitationStats {
        InvitationStats {
            total,
            accepted,
            declined,
            pending: total - accepted - declined,
            acceptance_rate: InvitationStats::acceptance_rate_of(accepted, declined),
            median_answer_ms: (accepted + declined > 0).then_some(90 * 60_000),
            ..Default::default()
        }
    }

    #[test]
    fn the_funnel_adds_up_the_campaigns() {
        let rows = vec![
            CampaignRow {
                campaign_id: "a".into(),
                title: "A".into(),
                stats: stats(10, 4, 2),
                active: 3,
            },
            CampaignRow {
                campaign_id: "b".into(),
                title: "B".into(),
                stats: stats(5, 1, 0),
                active: 0,
            },
        ];
        let f = Funnel::of(&rows);
        assert_eq!(
            f,
            Funnel {
                invited: 15,
                answered: 7,
                accepted: 5,
                active: 3
            }
        );
        let steps = f.steps();
        assert_eq!(steps[0], ("Invited", 15, Some(100)));
        assert_eq!(steps[1], ("Answered", 7, Some(47)));
        assert_eq!(steps[3], ("Active", 3, Some(20)));
        assert_eq!(Funnel::default().steps()[1], ("Answered", 0, None));
    }

    #[test]
    fn the_csv_has_every_section_and_defuses_formulas() {
        let now = Millis::parse_date_start_of_day("2026-12-02")
            .unwrap()
            .plus(10 * 3_600_000);
        let a = Analytics {
            weeks: weeks(&[(week_of(now), WeekEvent::Sent, 2)], now, 2),
            campaigns: vec![CampaignRow {
                campaign_id: "a".into(),
                title: "=HYPERLINK(\"x\")".into(),
                stats: stats(2, 1, 1),
                active: 1,
            }],
            offers: vec![CurrencyRow {
                currency: Currency::NGN,
                sent: 2,
                sent_amount: Money::new(9_000_050, Currency::NGN),
                accepted: 1,
                accepted_amount: Money::new(1_500_000, Currency::NGN),
            }],
            funnel: Funnel {
                invited: 2,
                answered: 2,
                accepted: 1,
                active: 1,
            },
            now,
        };
        let r = a.csv_records();
        assert_eq!(
            r[0],
            ["week_starting", "sent", "accepted", "declined", "expired", "withdrawn"]
        );
        assert_eq!(r[2], ["2026-11-30", "2", "0", "0", "0", "0"]);
        assert!(r[3].is_empty());
        assert_eq!(
            r[5],
            ["'=HYPERLINK(\"x\")", "2", "0", "1", "1", "0", "0", "1", "50.0", "1.5"]
        );
        assert_eq!(r[8], ["NGN", "2", "90000.50", "1", "15000.00"]);
        assert_eq!(r.last().unwrap(), &["active", "1", "50"]);
        for (s, out) in [("+1", "'+1"), ("-x", "'-x"), ("@a", "'@a"), ("Suya", "Suya"), ("", "")] {
            assert_eq!(csv_cell(s), out);
        }
    }
}
