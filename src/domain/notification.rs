//! In-app notifications.

use crate::domain::ids::NotificationId;
use crate::domain::time::Millis;
use serde::{Deserialize, Serialize};

/// How many of the latest notifications the bell shows.
pub const BELL_LATEST: i64 = 15;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: NotificationId,
    pub kind: String,
    pub title: String,
    pub body: String,
    /// Where clicking it takes you.
    pub link: String,
    pub created_at: Millis,
    pub read: bool,
}
