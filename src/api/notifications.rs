//! The notification bell.

use crate::domain::notification::Notification;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub unread: i64,
    pub latest: Vec<Notification>,
}

#[server(prefix = "/api", endpoint = "my_notifications")]
pub async fn my_notifications() -> Result<Inbox, AppError> {
    use crate::domain::notification::BELL_LATEST;
    use crate::server::{auth, db, state};
    crate::server::respond(async move {
        let actor = auth::actor().await?;
        let state = state()?;
        let (unread, latest) = db::notifications::inbox(&state.db, &actor.user_id, BELL_LATEST).await?;
        Ok(Inbox { unread, latest })
    })
    .await
}

/// Marks one notification as read, or all of them when `id` is empty.
#[server(prefix = "/api", endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read(#[server(default)] id: String) -> Result<u64, AppError> {
    use crate::domain::ids::NotificationId;
    use crate::server::{auth, db, state};
    crate::server::respond(async move {
        let actor = auth::actor().await?;
        let state = state()?;
        let id = if id.is_empty() {
            None
        } else {
            Some(NotificationId::parse(&id).ok_or_else(|| AppError::not_found("Notification"))?)
        };
        db::notifications::mark_read(&state.db, &actor.user_id, id.as_ref(), state.clock.now()).await
    })
    .await
}
