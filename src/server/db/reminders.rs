//! Reminders of what lapses soon: a creator's pending invitations and offers go through the same loop.

use super::{notifications, outbox, users, Db, Tx};
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
        let told = Told {
            notification: c.notification,
            title: &c.title,
            body: &c.body,
            text: &c.text,
            link: &c.link,
            about: (c.what.kind(), c.id.as_str()),
        };
        tell_creator(&mut tx, &c.creator, told, now).await?;
        tx.commit().await?;
        reminded += 1;
    }
    Ok(reminded)
}

/// What a creator is told of a record (a reminder, a nudge): the in-app notification and the e-mail.
pub(super) struct Told<'a> {
    /// The notification's kind (`invitation_reminder`, `invitation_nudge`, `offer_reminder`).
    pub notification: &'a str,
    pub title: &'a str,
    /// The notification's body and the e-mail's text.
    pub body: &'a str,
    pub text: &'a str,
    /// Where both lead, and the record the e-mail is about (kind, id).
    pub link: &'a str,
    pub about: (&'a str, &'a str),
}

/// The creator's notification and e-mail, in the transaction of the change that calls for them.
pub(super) async fn tell_creator(tx: &mut Tx, creator: &UserId, told: Told<'_>, now: Millis) -> Result<(), AppError> {
    notifications::insert(tx, creator, told.notification, told.title, told.body, told.link, now).await?;
    let to = users::email_in(tx, creator).await?;
    outbox::enqueue_email(tx, &to, told.title, told.text, Some(told.link), told.about, now).await?;
    Ok(())
}
