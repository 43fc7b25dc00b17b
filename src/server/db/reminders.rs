//! Reminders of what lapses soon: a creator's pending invitations and offers go through the same loop.

use super::{notifications, outbox, users, Db};
use crate::domain::ids::UserId;
use crate::domain::time::Millis;
use crate::error::AppError;

/// What a reminder marks: the record's table.
#[derive(Clone, Copy, Debug)]
pub(super) enum Reminded {
    Invitation,
    Offer,
}

impl Reminded {
    /// The compare-and-swap that claims the reminder: still pending, not reminded yet, not lapsed.
    fn mark_sql(self) -> &'static str {
        match self {
            Reminded::Invitation => {
                "UPDATE campaign_invitations SET reminded_at = $1
                 WHERE id = $2 AND status = 'pending' AND reminded_at IS NULL AND expires_at > $1"
            }
            Reminded::Offer => {
                "UPDATE offers SET reminded_at = $1
                 WHERE id = $2 AND status = 'pending' AND reminded_at IS NULL AND expires_at > $1"
            }
        }
    }

    /// The record's kind, as the outbox names what an e-mail is about.
    fn kind(self) -> &'static str {
        match self {
            Reminded::Invitation => "invitation",
            Reminded::Offer => "offer",
        }
    }
}

/// One pending record that may be due a reminder, with the words it is reminded in.
pub(super) struct Candidate {
    pub what: Reminded,
    pub id: String,
    pub creator: UserId,
    pub sent_at: Millis,
    pub expires_at: Millis,
    /// The notification's kind (`invitation_reminder`, `offer_reminder`).
    pub notification: &'static str,
    /// The notification's and the e-mail's title, and the e-mail's text (`domain::reminder::reminder_text`).
    pub title: String,
    pub text: String,
    /// The notification's body (the campaign's title) and where it leads.
    pub body: String,
    pub link: String,
}

/// Reminds the creator of each candidate that is due (`domain::reminder::due`), once: each is marked by a
/// compare-and-swap in the transaction of its notification and e-mail, so two instances running this at once
/// remind each record once. Returns how many were reminded.
pub(super) async fn remind_each(
    db: &Db,
    candidates: Vec<Candidate>,
    now: Millis,
    lead: i64,
) -> Result<usize, AppError> {
    let mut reminded = 0;
    for c in candidates {
        if !crate::domain::reminder::due(c.sent_at, c.expires_at, false, now, lead) {
            continue;
        }
        let mut tx = db.begin().await?;
        let marked = sqlx::query(c.what.mark_sql())
            .bind(now.0)
            .bind(c.id.as_str())
            .execute(&mut *tx)
            .await?;
        if marked.rows_affected() != 1 {
            continue; // answered, or reminded by another instance, meanwhile
        }
        notifications::insert(&mut tx, &c.creator, c.notification, &c.title, &c.body, &c.link, now).await?;
        let to = users::email_in(&mut tx, &c.creator).await?;
        outbox::enqueue_email(
            &mut tx,
            &to,
            &c.title,
            &c.text,
            Some(&c.link),
            (c.what.kind(), c.id.as_str()),
            now,
        )
        .await?;
        tx.commit().await?;
        reminded += 1;
    }
    Ok(reminded)
}
