//! In-app notifications.

use crate::domain::ids::NotificationId;
use crate::domain::time::Millis;
use serde::{Deserialize, Serialize};

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
