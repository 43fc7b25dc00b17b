//! A business's outreach analytics (`domain::analytics`), computed in SQL from kept counts and covering
//! indexes: the weekly counts (`invitation_weeks`), each campaign's counts (`invitation_counts`, as
//! `invitations::stats` reads them) and median time to answer (the answer-time index, walked to the middle),
//! creators active per campaign (the accepted count less the few applications that left) and offers per
//! currency (indexes alone). A fixed number of queries plus one
//! per campaign with answers; nothing here reads every invitation of the business.

use super::invitations::{median_answer, stats_of_counts, StatsOf};
use super::{col, Db};
use crate::domain::analytics::{week_of, weeks, Analytics, CampaignRow, CurrencyRow, Funnel, WeekEvent, WEEKS_SHOWN};
use crate::domain::ids::{CampaignId, UserId};
use crate::domain::money::{Currency, Money};
use crate::domain::time::Millis;
use crate::error::AppError;
use std::collections::HashMap;

/// The analytics of `business`'s campaigns (all of them, or the one `campaign` names: then `None` when it is
/// not the business's).
pub async fn of_business(
    db: &Db,
    business: &UserId,
    campaign: Option<&CampaignId>,
    now: Millis,
) -> Result<Option<Analytics>, AppError> {
    let only = campaign.map(|c| c.as_str()).unwrap_or_default();
    // the campaigns, newest first (drafts have no invitations)
    let rows = sqlx::query(
        "SELECT c.id, c.title, c.status FROM campaigns c
         WHERE c.business_id = $1 AND c.status <> 'draft' AND ($2 = '' OR c.id = $2)
         ORDER BY c.created_at DESC, c.id",
    )
    .bind(business.as_str())
    .bind(only)
    .fetch_all(&db.pool)
    .await?;
    if campaign.is_some() && rows.is_empty() {
        return Ok(None);
    }
    // Creators active on each running campaign: its accepted invitations (kept counts, below) less those whose
    // application has since left the accepted state (a few index probes, instead of counting every accepted
    // application).
    let left_rows = sqlx::query(
        "SELECT a.campaign_id, COUNT(*) AS n FROM campaign_applications a
         JOIN campaigns c ON c.id = a.campaign_id
         WHERE c.business_id = $1 AND c.status = 'active' AND ($2 = '' OR c.id = $2)
           AND a.status IN ('pending', 'rejected', 'withdrawn') AND a.invitation_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM campaign_invitations i WHERE i.id = a.invitation_id AND i.status = 'accepted')
         GROUP BY a.campaign_id",
    )
    .bind(business.as_str())
    .bind(only)
    .fetch_all(&db.pool)
    .await?;
    let mut left = HashMap::new();
    for r in &left_rows {
        left.insert(col::<String>(r, "campaign_id")?, col::<i64>(r, "n")?);
    }
    // each campaign's counts per stored status (kept by every write), and its pending invitations already
    // past their expiry (a range of each campaign's stats index)
    let count_rows = sqlx::query(
        "SELECT k.scope_id AS campaign_id, k.status, k.n FROM invitation_counts k
         JOIN campaigns c ON c.id = k.scope_id
         WHERE k.scope = 'campaign' AND c.business_id = $1 AND ($2 = '' OR c.id = $2)
         UNION ALL
         SELECT i.campaign_id, 'overdue', COUNT(*) FROM campaign_invitations i
         JOIN campaigns c ON c.id = i.campaign_id
         WHERE c.business_id = $1 AND ($2 = '' OR c.id = $2) AND i.status = 'pending' AND i.expires_at <= $3
         GROUP BY i.campaign_id",
    )
    .bind(business.as_str())
    .bind(only)
    .bind(now.0)
    .fetch_all(&db.pool)
    .await?;
    let mut counts: HashMap<String, (Vec<(String, i64)>, i64)> = HashMap::new();
    for r in &count_rows {
        let (campaign, status, n): (String, String, i64) = (col(r, "campaign_id")?, col(r, "status")?, col(r, "n")?);
        let entry = counts.entry(campaign).or_default();
        if status == "overdue" {
            entry.1 = n;
        } else {
            entry.0.push((status, n));
        }
    }
    let mut campaigns = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = col(r, "id")?;
        let campaign_id = CampaignId(id.clone());
        let (kept, overdue) = counts.remove(&id).unwrap_or_default();
        let mut stats = stats_of_counts(&kept, overdue)?;
        stats.median_answer_ms =
            median_answer(db, StatsOf::Campaign(&campaign_id), stats.accepted + stats.declined).await?;
        let running = col::<String>(r, "status")? == "active";
        let active = if running {
            stats.accepted - left.get(&id).copied().unwrap_or(0)
        } else {
            0
        };
        campaigns.push(CampaignRow {
            stats,
            active,
            title: col(r, "title")?,
            campaign_id: id,
        });
    }
    let first_week = week_of(now) - WEEKS_SHOWN as i64 + 1;
    let week_rows = sqlx::query(
        "SELECT w.week, w.event, CAST(SUM(w.n) AS BIGINT) AS n FROM invitation_weeks w
         JOIN campaigns c ON c.id = w.campaign_id
         WHERE c.business_id = $1 AND ($2 = '' OR c.id = $2) AND w.week >= $3
         GROUP BY w.week, w.event",
    )
    .bind(business.as_str())
    .bind(only)
    .bind(first_week)
    .fetch_all(&db.pool)
    .await?;
    let mut by_week = Vec::with_capacity(week_rows.len());
    for r in &week_rows {
        let event: String = col(r, "event")?;
        by_week.push((
            col::<i64>(r, "week")?,
            WeekEvent::parse(&event).ok_or(AppError::Internal)?,
            col::<i64>(r, "n")?,
        ));
    }
    let offer_rows = sqlx::query(
        "SELECT o.currency, o.status, COUNT(*) AS n, CAST(SUM(o.amount_minor) AS BIGINT) AS amount FROM offers o
         WHERE o.business_id = $1 AND ($2 = '' OR o.campaign_id = $2)
         GROUP BY o.currency, o.status",
    )
    .bind(business.as_str())
    .bind(only)
    .fetch_all(&db.pool)
    .await?;
    let mut offers: Vec<CurrencyRow> = Vec::new();
    for r in &offer_rows {
        let code: String = col(r, "currency")?;
        let currency = Currency::parse(&code).ok_or(AppError::Internal)?;
        let status: String = col(r, "status")?;
        let (n, amount): (i64, i64) = (col(r, "n")?, col(r, "amount")?);
        let i = match offers.iter().position(|o| o.currency == currency) {
            Some(i) => i,
            None => {
                offers.push(CurrencyRow {
                    currency,
                    sent: 0,
                    sent_amount: Money::new(0, currency),
                    accepted: 0,
                    accepted_amount: Money::new(0, currency),
                });
                offers.len() - 1
            }
        };
        let row = &mut offers[i];
        // every offer was sent, whatever became of it
        row.sent += n;
        row.sent_amount.minor += amount;
        if status == "accepted" {
            row.accepted += n;
            row.accepted_amount.minor += amount;
        }
    }
    offers.sort_by_key(|o| Currency::ALL.iter().position(|c| *c == o.currency));
    Ok(Some(Analytics {
        weeks: weeks(&by_week, now, WEEKS_SHOWN),
        funnel: Funnel::of(&campaigns),
        campaigns,
        offers,
        now,
    }))
}
