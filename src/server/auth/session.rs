//! Sessions stored in the database (tower-sessions + tower-sessions-sqlx-store), behind a signed, HttpOnly,
//! SameSite=Lax cookie with an idle expiry. The store crate works on typed pools, so the app opens a small
//! typed pool for the engine in use and this enum dispatches to the matching store.

use crate::server::config::Config;
use crate::server::db::Backend;
use async_trait::async_trait;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use std::str::FromStr;
use std::time::Duration;
use tower_sessions::cookie::{time::Duration as CookieDuration, Key, SameSite};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

pub const COOKIE_NAME: &str = "collabdesk_session";

#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Store {
    /// Opens the store on the app's database and creates its table when missing.
    pub async fn open(url: &str, backend: Backend) -> Result<Store, String> {
        let store = match backend {
            Backend::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(|e| format!("bad sqlite url: {e}"))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .busy_timeout(Duration::from_secs(5));
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect_with(options)
                    .await
                    .map_err(|e| format!("cannot open the session store: {e}"))?;
                Store::Sqlite(SqliteStore::new(pool))
            }
            Backend::Postgres => {
                let pool = crate::server::db::postgres_pool(PgPoolOptions::new().max_connections(4))
                    .connect(url)
                    .await
                    .map_err(|e| format!("cannot open the session store: {e}"))?;
                Store::Postgres(PostgresStore::new(pool))
            }
        };
        match &store {
            Store::Sqlite(s) => s.migrate().await,
            Store::Postgres(s) => s.migrate().await,
        }
        .map_err(|e| format!("cannot create the session table: {e}"))?;
        Ok(store)
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
        match self {
            Store::Sqlite(s) => s.create(record).await,
            Store::Postgres(s) => s.create(record).await,
        }
    }
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.save(record).await,
            Store::Postgres(s) => s.save(record).await,
        }
    }
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Sqlite(s) => s.load(id).await,
            Store::Postgres(s) => s.load(id).await,
        }
    }
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete(id).await,
            Store::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete_expired().await,
            Store::Postgres(s) => s.delete_expired().await,
        }
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
