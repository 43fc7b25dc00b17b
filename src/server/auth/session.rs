//! Sessions (tower-sessions) stored in the app's `sessions` table, behind a signed, HttpOnly, SameSite=Lax
//! cookie with an idle expiry. The store is the app's own (about 100 lines on `db::sessions`) rather than
//! tower-sessions-sqlx-store's, so that loading a session also reads its account, in one query (README
//! decision 35): every request needs both, and a round trip is a third of a list request's work.

use crate::api::notifications::Inbox;
use crate::domain::ids::UserId;
use crate::domain::notification::BELL_LATEST;
use crate::server::config::Config;
use crate::server::db::{self, Db};
use async_trait::async_trait;
use std::time::Duration;
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::cookie::{time::Duration as CookieDuration, Key, SameSite};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};

pub const COOKIE_NAME: &str = "collabdesk_session";
/// The session value naming the signed-in account (also its row's `user_id` column).
pub const USER_KEY: &str = "user_id";
/// Where a loaded session carries its account, read in the same query (never stored: `save` drops it).
pub const ACTOR_KEY: &str = "_actor";
/// Where a session loaded for a page carries its account's bell (`api::notifications::Inbox`), read in the
/// same query (never stored either).
pub const INBOX_KEY: &str = "_inbox";

tokio::task_local! {
    /// Set while a page request reads its session (see [`reading_for_page`]).
    static FOR_PAGE: ();
}

/// Reads the session inside `read` for a page: the store's one query then also reads the account's bell, which
/// the page's header shows (README decision 36). tower-sessions asks the store for a session by id alone, so
/// what the read is for travels with the task.
pub async fn reading_for_page<F: std::future::Future>(read: F) -> F::Output {
    FOR_PAGE.scope((), read).await
}

/// The session store: the app's `sessions` table on the app's pool (README decision 35).
#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
}

fn wall_ms(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

/// A record's values as stored (without the account read with it) and its account's id.
fn encode(record: &Record) -> session_store::Result<(String, Option<UserId>)> {
    let user = record
        .data
        .get(USER_KEY)
        .and_then(|v| v.as_str())
        .map(|u| UserId(u.to_string()));
    let json = if record.data.contains_key(ACTOR_KEY) || record.data.contains_key(INBOX_KEY) {
        let mut data = record.data.clone();
        data.remove(ACTOR_KEY);
        data.remove(INBOX_KEY);
        serde_json::to_string(&data)
    } else {
        serde_json::to_string(&record.data)
    };
    Ok((json.map_err(|e| session_store::Error::Encode(e.to_string()))?, user))
}

impl Store {
    pub fn new(db: Db) -> Store {
        Store { db }
    }

    /// Deletes expired sessions every `every`, forever (spawned at start-up).
    pub async fn delete_expired_forever(self, every: Duration) {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = self.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let (data, user) = encode(record)?;
        let expires_at = wall_ms(record.expiry_date);
        // a taken id (2^-128 per draw) is drawn again
        while !db::sessions::create(&self.db, &record.id.to_string(), &data, user.as_ref(), expires_at)
            .await
            .map_err(backend)?
        {
            record.id = Id::default();
        }
        Ok(())
    }
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (data, user) = encode(record)?;
        db::sessions::save(
            &self.db,
            &record.id.to_string(),
            &data,
            user.as_ref(),
            wall_ms(record.expiry_date),
        )
        .await
        .map_err(backend)
    }
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = wall_ms(OffsetDateTime::now_utc());
        let inbox = FOR_PAGE.try_with(|_| BELL_LATEST).ok();
        let Some(stored) = db::sessions::load(&self.db, &id.to_string(), now, inbox)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let mut data: std::collections::HashMap<String, serde_json::Value> =
            serde_json::from_str(&stored.data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let value =
            |v: serde_json::Result<serde_json::Value>| v.map_err(|e| session_store::Error::Encode(e.to_string()));
        if let Some(actor) = stored.actor {
            data.insert(ACTOR_KEY.to_string(), value(serde_json::to_value(actor))?);
        }
        if let Some((unread, latest)) = stored.inbox {
            data.insert(
                INBOX_KEY.to_string(),
                value(serde_json::to_value(Inbox { unread, latest }))?,
            );
        }
        let expiry_date = OffsetDateTime::from_unix_timestamp_nanos(stored.expires_at as i128 * 1_000_000)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        db::sessions::delete(&self.db, &id.to_string()).await.map_err(backend)
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        db::sessions::delete_expired(&self.db, wall_ms(OffsetDateTime::now_utc()))
            .await
            .map(|_| ())
            .map_err(backend)
    }
}

/// The cookie: signed with the configured secret, HttpOnly, SameSite=Lax (a link from an e-mail still
/// arrives signed in; a cross-site POST never carries it), Secure in production, ending after the idle time.
pub fn layer(store: Store, config: &Config) -> SessionManagerLayer<Store, tower_sessions::service::SignedCookie> {
    SessionManagerLayer::new(store)
        .with_name(COOKIE_NAME)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(CookieDuration::minutes(
            config.session_idle_minutes,
        )))
        .with_signed(Key::from(&config.session_secret))
}
