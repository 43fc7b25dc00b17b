//! campaign_invitations, invitation_events, campaign_applications.
//!
//! Every read computes the effective status (an overdue pending invitation reads as expired before the
//! expiry job runs) and every transition is a compare-and-swap on the stored status and the expiry, in one
//! transaction with its event row, its notifications and (on accept) the application.

use super::{col, notifications, Db, Tx};
use crate::domain::analytics::{week_of, WeekEvent};
use crate::domain::ids::{CampaignId, InvitationId, UserId};
use crate::domain::invitation::{
    notices, Invitation, InvitationAction, InvitationStats, InvitationStatus, Side, EXPIRES_AFTER, RESENDS_MAX,
};
use crate::domain::money::{Currency, Money};
use crate::domain::page::Cursor;
use crate::domain::time::Millis;
use crate::error::AppError;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

/// The effective status, with `$1` bound to now.
const STATUS: &str = "CASE WHEN i.status = 'pending' AND i.expires_at <= $1 THEN 'expired' ELSE i.status END";

fn select() -> String {
    format!(
        "SELECT i.id, i.campaign_id, c.title AS campaign_title, c.budget_minor, c.currency, c.deadline,
                c.business_id, b.name AS business_name, i.creator_id, cu.name AS creator_name,
                p.username AS creator_username, i.message, {STATUS} AS status, i.decline_reason,
                i.invited_at, i.expires_at, i.responded_at, i.resent_count, i.nudged_at
         FROM campaign_invitations i
         JOIN campaigns c ON c.id = i.campaign_id
         JOIN users b ON b.id = c.business_id
         JOIN users cu ON cu.id = i.creator_id
         JOIN creator_profiles p ON p.user_id = i.creator_id"
    )
}

fn from_row(row: &AnyRow) -> Result<Invitation, AppError> {
    let currency: String = col(row, "currency")?;
    let status: String = col(row, "status")?;
    Ok(Invitation {
        id: InvitationId(col(row, "id")?),
        campaign_id: CampaignId(col(row, "campaign_id")?),
        campaign_title: col(row, "campaign_title")?,
        campaign_budget: Money::new(
            col(row, "budget_minor")?,
            Currency::parse(&currency).ok_or(AppError::Internal)?,
        ),
        campaign_deadline: Millis(col(row, "deadline")?),
        business_id: UserId(col(row, "business_id")?),
        business_name: col(row, "business_name")?,
        creator_id: UserId(col(row, "creator_id")?),
        creator_name: col(row, "creator_name")?,
        creator_username: col(row, "creator_username")?,
        message: col(row, "message")?,
        status: InvitationStatus::parse(&status).ok_or(AppError::Internal)?,
        decline_reason: col(row, "decline_reason")?,
        invited_at: Millis(col(row, "invited_at")?),
        expires_at: Millis(col(row, "expires_at")?),
        responded_at: col::<Option<i64>>(row, "responded_at")?.map(Millis),
        resent_count: col(row, "resent_count")?,
        nudged_at: col::<Option<i64>>(row, "nudged_at")?.map(Millis),
        sync: None,
    })
}

pub async fn get_in(conn: &mut AnyConnection, id: &InvitationId, now: Millis) -> Result<Option<Invitation>, AppError> {
    let row = sqlx::query(&format!("{} WHERE i.id = $2", select()))
        .bind(now.0)
        .bind(id.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn get(db: &Db, id: &InvitationId, now: Millis) -> Result<Option<Invitation>, AppError> {
    let mut conn = db.pool.acquire().await?;
    get_in(&mut conn, id, now).await
}

pub async fn get_for_pair(
    db: &Db,
    campaign: &CampaignId,
    creator: &UserId,
    now: Millis,
) -> Result<Option<Invitation>, AppError> {
    let row = sqlx::query(&format!("{} WHERE i.campaign_id = $2 AND i.creator_id = $3", select()))
        .bind(now.0)
        .bind(campaign.as_str())
        .bind(creator.as_str())
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

async fn event(
    conn: &mut AnyConnection,
    inv: &InvitationId,
    event: &str,
    actor: Option<&UserId>,
    from: Option<InvitationStatus>,
    to: InvitationStatus,
    note: Option<&str>,
    now: Millis,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO invitation_events (id, invitation_id, event, actor_id, from_status, to_status, note, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(inv.as_str())
    .bind(event)
    .bind(actor.map(|a| a.0.clone()))
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(note.map(str::to_string))
    .bind(now.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn notify(tx: &mut Tx, inv: &Invitation, action: Option<InvitationAction>, now: Millis) -> Result<(), AppError> {
    // both sides' pages show it: the business's campaign page, the creator's list
    for who in crate::domain::live::parties(&inv.business_id, &inv.creator_id) {
        tx.tell(who);
    }
    for (side, title, link) in notices(inv, action) {
        let user = match side {
            Side::Creator => &inv.creator_id,
            Side::Business => &inv.business_id,
        };
        let kind = format!("invitation_{}", action.map(|a| a.as_str()).unwrap_or("invited"));
        notifications::insert(tx, user, &kind, &title, &inv.campaign_title, &link, now).await?;
        let to = super::users::email_in(tx, user).await?;
        let mut text = format!("{title}.\n\nCampaign: {}\n", inv.campaign_title);
        if action.is_none() && !inv.message.is_empty() {
            text.push_str(&format!("Message from {}: {}\n", inv.business_name, inv.message));
        }
        if let Some(r) = inv
            .decline_reason
            .as_deref()
            .filter(|_| action == Some(InvitationAction::Decline))
        {
            text.push_str(&format!("Reason: {r}\n"));
        }
        super::outbox::enqueue_email(
            tx,
            &to,
            &title,
            &text,
            Some(&link),
            ("invitation", inv.id.as_str()),
            now,
        )
        .await?;
    }
    let event = format!("invitation_{}", action.map(|a| a.as_str()).unwrap_or("invited"));
    let data = serde_json::to_value(inv).map_err(|_| AppError::Internal)?;
    super::outbox::enqueue_webhook(tx, &event, ("invitation", inv.id.as_str()), data, now).await?;
    Ok(())
}

/// What happened to each creator of a bulk invitation.
pub enum Inserted {
    Created(Invitation),
    /// There already is an invitation for this campaign and creator (shown instead).
    Existing(Invitation),
}

/// Invites each creator (with their own message) to the campaign, in one transaction: the invitation, its
/// `invited` event and the
/// creator's notification. The insert only happens while the campaign is active and owned by `business`
/// (checked in the same statement, so closing the campaign meanwhile cannot slip an invitation in); a
/// creator already invited is reported with their existing invitation. `Ok(None)` when the campaign was
/// no longer active.
pub async fn insert_many(
    db: &Db,
    campaign: &CampaignId,
    business: &UserId,
    invites: &[(UserId, String)],
    now: Millis,
) -> Result<Option<Vec<Inserted>>, AppError> {
    let mut tx = db.begin().await?;
    let mut out = Vec::with_capacity(invites.len());
    let mut counts = Counts::default();
    for (creator, message) in invites {
        let id = InvitationId::generate();
        let inserted = sqlx::query(
            "INSERT INTO campaign_invitations (id, campaign_id, creator_id, invited_by, message, status,
                                               invited_at, expires_at, resent_count, updated_at)
             SELECT $1, $2, $3, $4, $5, 'pending', $6, $7, 0, $6
             WHERE EXISTS (SELECT 1 FROM campaigns c WHERE c.id = $2 AND c.business_id = $4 AND c.status = 'active')
               AND EXISTS (SELECT 1 FROM creator_profiles p WHERE p.user_id = $3)
             ON CONFLICT (campaign_id, creator_id) DO NOTHING
             RETURNING id",
        )
        .bind(id.as_str())
        .bind(campaign.as_str())
        .bind(creator.as_str())
        .bind(business.as_str())
        .bind(message)
        .bind(now.0)
        .bind(now.0 + EXPIRES_AFTER)
        .fetch_optional(&mut *tx)
        .await?;
        if inserted.is_some() {
            let inv = get_in(&mut tx, &id, now).await?.ok_or(AppError::Internal)?;
            event(
                &mut tx,
                &id,
                "invited",
                Some(business),
                None,
                InvitationStatus::Pending,
                None,
                now,
            )
            .await?;
            notify(&mut tx, &inv, None, now).await?;
            counts.moved(campaign, creator, None, InvitationStatus::Pending, now);
            out.push(Inserted::Created(inv));
            continue;
        }
        let existing = sqlx::query(&format!("{} WHERE i.campaign_id = $2 AND i.creator_id = $3", select()))
            .bind(now.0)
            .bind(campaign.as_str())
            .bind(creator.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        match existing {
            Some(row) => out.push(Inserted::Existing(from_row(&row)?)),
            None => {
                // neither inserted nor existing: the campaign is no longer active (or the creator is gone)
                let active = sqlx::query("SELECT 1 AS one FROM campaigns WHERE id = $1 AND status = 'active'")
                    .bind(campaign.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
                if active.is_none() {
                    return Ok(None); // dropping the transaction rolls back any invitation of this batch
                }
                return Err(AppError::not_found("Creator"));
            }
        }
    }
    counts.apply(&mut tx).await?;
    tx.commit().await?;
    Ok(Some(out))
}

/// Changes to `invitation_counts` and `invitation_weeks` made by one transaction, applied together just before
/// it commits: one statement per table, its rows in key order, so two transactions touching the same counts
/// lock them in the same order (PostgreSQL could otherwise deadlock two bulk invitations sharing creators).
#[derive(Default)]
struct Counts {
    status: std::collections::BTreeMap<(&'static str, String, &'static str), i64>,
    weeks: std::collections::BTreeMap<(String, i64, &'static str), i64>,
}

impl Counts {
    /// One invitation of this campaign and creator moved from `from` (`None`: it is new) to `to` at `at`.
    fn moved(
        &mut self,
        campaign: &CampaignId,
        creator: &UserId,
        from: Option<InvitationStatus>,
        to: InvitationStatus,
        at: Millis,
    ) {
        for (scope, id) in [("campaign", campaign.as_str()), ("creator", creator.as_str())] {
            if let Some(from) = from {
                *self.status.entry((scope, id.to_string(), from.as_str())).or_default() -= 1;
            }
            *self.status.entry((scope, id.to_string(), to.as_str())).or_default() += 1;
        }
        let event = WeekEvent::of(to).as_str();
        *self
            .weeks
            .entry((campaign.to_string(), week_of(at), event))
            .or_default() += 1;
    }

    async fn apply(self, conn: &mut AnyConnection) -> Result<(), AppError> {
        let changes: Vec<_> = self.status.into_iter().filter(|(_, n)| *n != 0).collect();
        if !changes.is_empty() {
            let sql = format!(
                "INSERT INTO invitation_counts (scope, scope_id, status, n) VALUES {}
                 ON CONFLICT (scope, scope_id, status) DO UPDATE SET n = invitation_counts.n + excluded.n",
                values(changes.len())
            );
            let mut q = sqlx::query(&sql);
            for ((scope, id, status), n) in changes {
                q = q.bind(scope).bind(id).bind(status).bind(n);
            }
            q.execute(&mut *conn).await?;
        }
        if !self.weeks.is_empty() {
            let sql = format!(
                "INSERT INTO invitation_weeks (campaign_id, week, event, n) VALUES {}
                 ON CONFLICT (campaign_id, week, event) DO UPDATE SET n = invitation_weeks.n + excluded.n",
                values(self.weeks.len())
            );
            let mut q = sqlx::query(&sql);
            for ((campaign, week, event), n) in self.weeks {
                q = q.bind(campaign).bind(week).bind(event).bind(n);
            }
            q.execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// `($1, $2, $3, $4), ($5, …)`: `rows` rows of four parameters.
fn values(rows: usize) -> String {
    (0..rows)
        .map(|i| format!("(${}, ${}, ${}, ${})", 4 * i + 1, 4 * i + 2, 4 * i + 3, 4 * i + 4))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rebuilds `invitation_counts` and `invitation_weeks` from the invitations themselves (after a bulk load that bypassed this module,
/// as the benchmark's seed does).
pub async fn recount(db: &Db) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    for sql in [
        "DELETE FROM invitation_counts",
        "INSERT INTO invitation_counts (scope, scope_id, status, n)
         SELECT 'campaign', campaign_id, status, COUNT(*) FROM campaign_invitations GROUP BY campaign_id, status",
        "INSERT INTO invitation_counts (scope, scope_id, status, n)
         SELECT 'creator', creator_id, status, COUNT(*) FROM campaign_invitations GROUP BY creator_id, status",
        "DELETE FROM invitation_weeks",
        // as the migration that made the table fills it (migrations/*_analytics.sql)
        "INSERT INTO invitation_weeks (campaign_id, week, event, n)
         SELECT campaign_id, week, event, COUNT(*) FROM (
             SELECT campaign_id, (invited_at + 259200000) / 604800000 AS week, 'sent' AS event FROM campaign_invitations
             UNION ALL
             SELECT campaign_id, (responded_at + 259200000) / 604800000, status FROM campaign_invitations
             WHERE status IN ('accepted', 'declined') AND responded_at IS NOT NULL
             UNION ALL
             SELECT campaign_id, (withdrawn_at + 259200000) / 604800000, 'withdrawn' FROM campaign_invitations
             WHERE status = 'withdrawn' AND withdrawn_at IS NOT NULL
             UNION ALL
             SELECT campaign_id, (expires_at + 259200000) / 604800000, 'expired' FROM campaign_invitations
             WHERE status = 'expired'
         ) e
         GROUP BY campaign_id, week, event",
    ] {
        sqlx::query(sql).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Applies a decided transition as a compare-and-swap, with its event, notifications and (on accept) the
/// application, in one transaction. Returns the updated invitation, or `None` when someone else changed it
/// first (nothing is written then).
pub async fn transition(
    db: &Db,
    inv: &Invitation,
    action: InvitationAction,
    actor: Option<&UserId>,
    note: Option<&str>,
    now: Millis,
) -> Result<Option<Invitation>, AppError> {
    let id = inv.id.as_str();
    let mut tx = db.begin().await?;
    // a pending invitation is only still pending if it has not run out
    let still_pending = "status = 'pending' AND expires_at > $2";
    let campaign_active =
        "EXISTS (SELECT 1 FROM campaigns c WHERE c.id = campaign_invitations.campaign_id AND c.status = 'active')";
    // Each candidate is one compare-and-swap from one stored status, so the counts know what the row moved
    // from: a resend of an expired invitation may find it stored as expired or as pending but overdue.
    let (candidates, to): (Vec<(String, InvitationStatus)>, _) = match action {
        InvitationAction::Accept => (
            vec![(
                format!(
                    "UPDATE campaign_invitations SET status = 'accepted', responded_at = $2, updated_at = $2
                     WHERE id = $1 AND {still_pending} AND {campaign_active}"
                ),
                InvitationStatus::Pending,
            )],
            InvitationStatus::Accepted,
        ),
        InvitationAction::Decline => (
            vec![(
                format!("UPDATE campaign_invitations SET status = 'declined', responded_at = $2, decline_reason = $3, updated_at = $2 WHERE id = $1 AND {still_pending}"),
                InvitationStatus::Pending,
            )],
            InvitationStatus::Declined,
        ),
        InvitationAction::Withdraw => (
            vec![(
                format!("UPDATE campaign_invitations SET status = 'withdrawn', withdrawn_at = $2, updated_at = $2 WHERE id = $1 AND {still_pending}"),
                InvitationStatus::Pending,
            )],
            InvitationStatus::Withdrawn,
        ),
        InvitationAction::Expire => (
            vec![(
                "UPDATE campaign_invitations SET status = 'expired', updated_at = $2 WHERE id = $1 AND status = 'pending' AND expires_at <= $2".to_string(),
                InvitationStatus::Pending,
            )],
            InvitationStatus::Expired,
        ),
        InvitationAction::Resend => {
            // the campaign must still be active
            let resend = |from: &str| {
                format!(
                    "UPDATE campaign_invitations
                     SET status = 'pending', invited_at = $2, expires_at = $3, responded_at = NULL, withdrawn_at = NULL,
                         decline_reason = NULL, resent_count = resent_count + 1, reminded_at = NULL, updated_at = $2
                     WHERE id = $1 AND {from} AND {campaign_active} AND resent_count < {RESENDS_MAX}"
                )
            };
            // only from what the business saw: an expired one (stored so, or pending but overdue) or a
            // withdrawn one
            let from = match inv.status {
                InvitationStatus::Expired => vec![
                    (resend("status = 'expired'"), InvitationStatus::Expired),
                    (resend("status = 'pending' AND expires_at <= $2"), InvitationStatus::Pending),
                ],
                InvitationStatus::Withdrawn => vec![(resend("status = 'withdrawn'"), InvitationStatus::Withdrawn)],
                _ => Vec::new(),
            };
            (from, InvitationStatus::Pending)
        }
    };
    let mut from = None;
    for (sql, stored) in candidates {
        let mut q = sqlx::query(&sql).bind(id).bind(now.0);
        match action {
            InvitationAction::Decline => q = q.bind(note.map(str::to_string)),
            InvitationAction::Resend => q = q.bind(now.0 + EXPIRES_AFTER),
            _ => {}
        }
        if q.execute(&mut *tx).await?.rows_affected() == 1 {
            from = Some(stored);
            break;
        }
    }
    let Some(from) = from else {
        return Ok(None);
    };
    let mut counts = Counts::default();
    // an expiry is counted in the week it fell due, whenever the job got to it
    let at = if to == InvitationStatus::Expired {
        inv.expires_at
    } else {
        now
    };
    counts.moved(&inv.campaign_id, &inv.creator_id, Some(from), to, at);
    counts.apply(&mut tx).await?;
    if action == InvitationAction::Accept {
        sqlx::query(
            "INSERT INTO campaign_applications (id, campaign_id, creator_id, invitation_id, status, applied_at)
             VALUES ($1, $2, $3, $4, 'accepted', $5)
             ON CONFLICT (campaign_id, creator_id)
             DO UPDATE SET status = 'accepted', applied_at = $5, invitation_id = $4",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(inv.campaign_id.as_str())
        .bind(inv.creator_id.as_str())
        .bind(id)
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
    }
    event(
        &mut tx,
        &inv.id,
        action.as_str(),
        actor,
        Some(inv.status),
        to,
        note,
        now,
    )
    .await?;
    let updated = get_in(&mut tx, &inv.id, now).await?.ok_or(AppError::Internal)?;
    notify(&mut tx, &updated, Some(action), now).await?;
    tx.commit().await?;
    Ok(Some(updated))
}

/// The creator's notification and e-mail of a reminder or a nudge (`kind`), in the transaction that marked it.
async fn tell_creator(
    tx: &mut Tx,
    inv: &Invitation,
    kind: &str,
    title: &str,
    text: &str,
    now: Millis,
) -> Result<(), AppError> {
    let link = format!("/invitations/{}", inv.id);
    let told = super::reminders::Told {
        notification: kind,
        title,
        body: &inv.campaign_title,
        text,
        link: &link,
        about: ("invitation", inv.id.as_str()),
    };
    super::reminders::tell_creator(tx, &inv.creator_id, told, now).await
}

/// Reminds the creator of each pending invitation that lapses within `lead` (`domain::reminder::due`), once:
/// each is marked by a compare-and-swap in the transaction of its notification and e-mail, so two instances
/// running this at once remind each invitation once. Returns how many were reminded.
pub async fn remind_due(db: &Db, now: Millis, lead: i64) -> Result<usize, AppError> {
    let rows = sqlx::query(&format!(
        "{} WHERE i.status = 'pending' AND i.reminded_at IS NULL AND i.expires_at > $1 AND i.expires_at <= $2
         ORDER BY i.expires_at LIMIT 500",
        select()
    ))
    .bind(now.0)
    .bind(now.0 + lead)
    .fetch_all(&db.pool)
    .await?;
    let mut candidates = Vec::with_capacity(rows.len());
    for row in &rows {
        let inv = from_row(row)?;
        let (title, text) = crate::domain::reminder::reminder_text(
            "invitation",
            &inv.business_name,
            &inv.campaign_title,
            inv.expires_at,
        );
        candidates.push(super::reminders::Candidate {
            what: super::reminders::Reminded::Invitation,
            link: format!("/invitations/{}", inv.id),
            id: inv.id.to_string(),
            creator: inv.creator_id,
            sent_at: inv.invited_at,
            expires_at: inv.expires_at,
            notification: "invitation_reminder",
            title,
            text,
            body: inv.campaign_title,
        });
    }
    super::reminders::remind_each(db, candidates, now, lead).await
}

/// A business's nudge of a pending invitation: marked by a compare-and-swap (still pending, not nudged within
/// a day), with the creator's notification and e-mail. `None` when it was not (answered, lapsed, or nudged
/// meanwhile): nothing is written then.
pub async fn nudge(db: &Db, inv: &Invitation, now: Millis) -> Result<Option<Invitation>, AppError> {
    let mut tx = db.begin().await?;
    let marked = sqlx::query(
        "UPDATE campaign_invitations SET nudged_at = $1
         WHERE id = $2 AND status = 'pending' AND expires_at > $1 AND (nudged_at IS NULL OR nudged_at <= $3)",
    )
    .bind(now.0)
    .bind(inv.id.as_str())
    .bind(now.0 - crate::domain::reminder::NUDGE_EVERY)
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() != 1 {
        return Ok(None);
    }
    let (title, text) = crate::domain::reminder::nudge_text(&inv.business_name, &inv.campaign_title, inv.expires_at);
    tell_creator(&mut tx, inv, "invitation_nudge", &title, &text, now).await?;
    tx.tell(crate::domain::live::Audience::User(inv.business_id.clone()));
    let updated = get_in(&mut tx, &inv.id, now).await?.ok_or(AppError::Internal)?;
    tx.commit().await?;
    Ok(Some(updated))
}

/// Expires overdue pending invitations in batches, each with its event and notifications. Returns how many.
pub async fn expire_overdue(db: &Db, now: Millis) -> Result<usize, AppError> {
    let mut total = 0;
    loop {
        let due = sqlx::query(
            "SELECT id FROM campaign_invitations WHERE status = 'pending' AND expires_at <= $1
             ORDER BY expires_at LIMIT 200",
        )
        .bind(now.0)
        .fetch_all(&db.pool)
        .await?;
        if due.is_empty() {
            return Ok(total);
        }
        for row in &due {
            let id = InvitationId(col(row, "id")?);
            // read as of just before expiry so the event records pending → expired
            let Some(mut inv) = get(db, &id, Millis(i64::MIN)).await? else {
                continue;
            };
            inv.status = InvitationStatus::Pending;
            if transition(db, &inv, InvitationAction::Expire, None, None, now)
                .await?
                .is_some()
            {
                total += 1;
            }
        }
    }
}

/// A creator's invitations (pending and expired), newest first, keyset-paged on (invited_at, id).
pub async fn list_for_creator(
    db: &Db,
    creator: &UserId,
    after: Option<Cursor<InvitationId>>,
    limit: i64,
    now: Millis,
) -> Result<Vec<Invitation>, AppError> {
    let (at, id) = Cursor::before(after);
    let rows = sqlx::query(&creator_list_sql())
        .bind(now.0)
        .bind(creator.as_str())
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The creator's open invitations (pending or expired), newest first, keyset-paged: `$1` now, `$2` the
/// creator, `$3`/`$4` the cursor, `$5` how many.
fn creator_list_sql() -> String {
    format!(
        "{} WHERE i.creator_id = $2 AND i.status IN ('pending', 'expired')
           AND (i.invited_at < $3 OR (i.invited_at = $3 AND i.id < $4))
         ORDER BY i.invited_at DESC, i.id DESC LIMIT $5",
        select()
    )
}

/// Every invitation from this business to this creator, newest first (a creator's profile page).
pub async fn between(db: &Db, business: &UserId, creator: &UserId, now: Millis) -> Result<Vec<Invitation>, AppError> {
    let rows = sqlx::query(&format!(
        "{} WHERE i.invited_by = $2 AND i.creator_id = $3 ORDER BY i.invited_at DESC, i.id DESC LIMIT 100",
        select()
    ))
    .bind(now.0)
    .bind(business.as_str())
    .bind(creator.as_str())
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// A campaign's invitations, newest first, keyset-paged.
pub async fn list_for_campaign(
    db: &Db,
    campaign: &CampaignId,
    after: Option<Cursor<InvitationId>>,
    limit: i64,
    now: Millis,
) -> Result<Vec<Invitation>, AppError> {
    let (at, id) = Cursor::before(after);
    let rows = sqlx::query(&format!(
        "{} WHERE i.campaign_id = $2 AND (i.invited_at < $3 OR (i.invited_at = $3 AND i.id < $4))
         ORDER BY i.invited_at DESC, i.id DESC LIMIT $5",
        select()
    ))
    .bind(now.0)
    .bind(campaign.as_str())
    .bind(at)
    .bind(id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Whose invitations the stats cover.
#[derive(Clone, Copy, Debug)]
pub enum StatsOf<'a> {
    Campaign(&'a CampaignId),
    Creator(&'a UserId),
}

/// Totals per (effective) status, the acceptance rate, and the median time to answer: the kept counts, and
/// the one or two middle answer times.
pub async fn stats(db: &Db, of: StatsOf<'_>, now: Millis) -> Result<InvitationStats, AppError> {
    let rows = sqlx::query(&counts_sql(of, "$1", "$2"))
        .bind(of.id())
        .bind(now.0)
        .fetch_all(&db.pool)
        .await?;
    let mut counts = Counted::default();
    for r in &rows {
        counts.add(col(r, "status")?, col(r, "n")?);
    }
    counts.stats(db, of).await
}

/// The creator's invitations tab (as [`list_for_creator`]) and the creator's stats (as [`stats`]) in one read:
/// the page shows both, and a round trip costs the app more than the counts cost the database (README
/// decision 36). The counts come as extra rows (`st_status`, `st_n`) beside the invitations; the median answer
/// time, when anyone answered, is a second read.
pub async fn list_for_creator_with_stats(
    db: &Db,
    creator: &UserId,
    after: Option<Cursor<InvitationId>>,
    limit: i64,
    now: Millis,
) -> Result<(InvitationStats, Vec<Invitation>), AppError> {
    let (at, id) = Cursor::before(after);
    let of = StatsOf::Creator(creator);
    let rows = sqlx::query(&format!(
        "SELECT l.*, NULL AS st_status, NULL AS st_n FROM ({list}) l
         UNION ALL
         SELECT {NULL_INVITATION}, status AS st_status, n AS st_n FROM ({counts}) k
         ORDER BY invited_at DESC, id DESC",
        list = creator_list_sql(),
        counts = counts_sql(of, "$2", "$1"),
    ))
    .bind(now.0)
    .bind(creator.as_str())
    .bind(at)
    .bind(id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let mut counts = Counted::default();
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        match col::<Option<String>>(row, "st_status")? {
            Some(status) => counts.add(status, col(row, "st_n")?),
            None => list.push(from_row(row)?),
        }
    }
    Ok((counts.stats(db, of).await?, list))
}

impl StatsOf<'_> {
    fn id(&self) -> &str {
        match self {
            StatsOf::Campaign(c) => c.as_str(),
            StatsOf::Creator(u) => u.as_str(),
        }
    }
}

/// The counts behind the stats as rows (`status`, `n`), `id` and `now` being the SQL parameters naming the
/// campaign or creator and the time: the counts per stored status (kept by every write, see `Counts`), then the
/// pending ones past their expiry that the expiry job has not swept yet (`overdue`, a range of the stats index).
fn counts_sql(of: StatsOf<'_>, id: &str, now: &str) -> String {
    let (scope, column) = match of {
        StatsOf::Campaign(_) => ("campaign", "campaign_id"),
        StatsOf::Creator(_) => ("creator", "creator_id"),
    };
    format!(
        "SELECT status, n FROM invitation_counts WHERE scope = '{scope}' AND scope_id = {id}
         UNION ALL
         SELECT 'overdue' AS status, COUNT(*) AS n FROM campaign_invitations i
         WHERE i.{column} = {id} AND i.status = 'pending' AND i.expires_at <= {now}"
    )
}

/// The columns of [`select`], every one NULL: an invitation row's place in a row of another shape.
const NULL_INVITATION: &str = "NULL AS id, NULL AS campaign_id, NULL AS campaign_title, NULL AS budget_minor,
    NULL AS currency, NULL AS deadline, NULL AS business_id, NULL AS business_name, NULL AS creator_id,
    NULL AS creator_name, NULL AS creator_username, NULL AS message, NULL AS status, NULL AS decline_reason,
    NULL AS invited_at, NULL AS expires_at, NULL AS responded_at, NULL AS resent_count, NULL AS nudged_at";

/// The rows of [`counts_sql`], as read.
#[derive(Default)]
struct Counted {
    counts: Vec<(String, i64)>,
    overdue: i64,
}

impl Counted {
    fn add(&mut self, status: String, n: i64) {
        if status == "overdue" {
            self.overdue = n;
        } else {
            self.counts.push((status, n));
        }
    }

    /// The stats, with the median answer time read when anyone answered.
    async fn stats(self, db: &Db, of: StatsOf<'_>) -> Result<InvitationStats, AppError> {
        let mut s = stats_of_counts(&self.counts, self.overdue)?;
        s.median_answer_ms = median_answer(db, of, s.accepted + s.declined).await?;
        Ok(s)
    }
}

/// The stats of (stored status, count) rows and the number of pending ones already past their expiry (shown
/// as expired); no median yet.
pub(super) fn stats_of_counts(counts: &[(String, i64)], overdue: i64) -> Result<InvitationStats, AppError> {
    let mut s = InvitationStats::default();
    for (status, n) in counts {
        let n = *n;
        s.total += n;
        match InvitationStatus::parse(status) {
            Some(InvitationStatus::Pending) => s.pending += n,
            Some(InvitationStatus::Accepted) => s.accepted += n,
            Some(InvitationStatus::Declined) => s.declined += n,
            Some(InvitationStatus::Expired) => s.expired += n,
            Some(InvitationStatus::Withdrawn) => s.withdrawn += n,
            None => return Err(AppError::Internal),
        }
    }
    s.pending -= overdue;
    s.expired += overdue;
    s.acceptance_rate = InvitationStats::acceptance_rate_of(s.accepted, s.declined);
    Ok(s)
}

/// The median time to answer of `answered` accepted and declined invitations: the one or two middle ones, read
/// in order from the answer-time index (a campaign's) or the creator's stats index.
pub(super) async fn median_answer(db: &Db, of: StatsOf<'_>, answered: i64) -> Result<Option<i64>, AppError> {
    if answered <= 0 {
        return Ok(None);
    }
    let (column, id) = match of {
        StatsOf::Campaign(c) => ("campaign_id", c.as_str()),
        StatsOf::Creator(u) => ("creator_id", u.as_str()),
    };
    let middle = sqlx::query(&format!(
        "SELECT i.responded_at - i.invited_at AS ms FROM campaign_invitations i
         WHERE i.{column} = $1 AND i.status IN ('accepted', 'declined')
         ORDER BY i.responded_at - i.invited_at LIMIT $2 OFFSET $3"
    ))
    .bind(id)
    .bind(if answered % 2 == 0 { 2_i64 } else { 1 })
    .bind((answered - 1) / 2)
    .fetch_all(&db.pool)
    .await?;
    let values: Vec<i64> = middle.iter().map(|r| col(r, "ms")).collect::<Result<_, _>>()?;
    Ok((!values.is_empty()).then(|| values.iter().sum::<i64>() / values.len() as i64))
}

/// The latest invitation status from this business to each of these creators (the badges on the
/// Creators page).
pub async fn latest_status_from_business(
    db: &Db,
    business: &UserId,
    creators: &[UserId],
    now: Millis,
) -> Result<Vec<(UserId, InvitationStatus)>, AppError> {
    if creators.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..creators.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT i.creator_id, {STATUS} AS status, i.invited_at FROM campaign_invitations i
         WHERE i.invited_by = $2 AND i.creator_id IN ({}) ORDER BY i.invited_at",
        placeholders.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(now.0).bind(business.as_str());
    for c in creators {
        q = q.bind(c.as_str());
    }
    let rows = q.fetch_all(&db.pool).await?;
    let mut latest: Vec<(UserId, InvitationStatus)> = Vec::new();
    for r in &rows {
        let creator = UserId(col(r, "creator_id")?);
        let status: String = col(r, "status")?;
        let status = InvitationStatus::parse(&status).ok_or(AppError::Internal)?;
        latest.retain(|(c, _)| c != &creator);
        latest.push((creator, status)); // ordered by invited_at: the last one wins
    }
    Ok(latest)
}

/// An accepted campaign on the creator's `Active` tab.
#[derive(Clone, Debug)]
pub struct ActiveRow {
    pub campaign_id: CampaignId,
    pub title: String,
    pub business_name: String,
    pub budget: Money,
    pub deadline: Millis,
    pub applied_at: Millis,
    pub application_id: String,
}

pub async fn active_for_creator(
    db: &Db,
    creator: &UserId,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<ActiveRow>, AppError> {
    let (at, id) = Cursor::before(after);
    let rows = sqlx::query(
        "SELECT a.id, a.campaign_id, a.applied_at, c.title, c.budget_minor, c.currency, c.deadline, b.name AS business_name
         FROM campaign_applications a
         JOIN campaigns c ON c.id = a.campaign_id
         JOIN users b ON b.id = c.business_id
         WHERE a.creator_id = $1 AND a.status = 'accepted'
           AND (a.applied_at < $2 OR (a.applied_at = $2 AND a.id < $3))
         ORDER BY a.applied_at DESC, a.id DESC LIMIT $4",
    )
    .bind(creator.as_str())
    .bind(at)
    .bind(id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
    ?;
    rows.iter()
        .map(|r| {
            let currency: String = col(r, "currency")?;
            Ok(ActiveRow {
                application_id: col(r, "id")?,
                campaign_id: CampaignId(col(r, "campaign_id")?),
                title: col(r, "title")?,
                business_name: col(r, "business_name")?,
                budget: Money::new(
                    col(r, "budget_minor")?,
                    Currency::parse(&currency).ok_or(AppError::Internal)?,
                ),
                deadline: Millis(col(r, "deadline")?),
                applied_at: Millis(col(r, "applied_at")?),
            })
        })
        .collect()
}

/// The event history of an invitation: (event, at).
pub async fn history(db: &Db, id: &InvitationId) -> Result<Vec<(String, Millis)>, AppError> {
    let rows = sqlx::query("SELECT event, at FROM invitation_events WHERE invitation_id = $1 ORDER BY at, id")
        .bind(id.as_str())
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok((col(r, "event")?, Millis(col(r, "at")?))))
        .collect()
}
