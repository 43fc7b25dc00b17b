//! The database: one `AnyPool` and one code path for SQLite and PostgreSQL. All SQL lives in this module
//! tree, one file per table group. Where the engines differ, `Backend` decides, here and nowhere else.

pub mod analytics;
pub mod api_keys;
pub mod campaigns;
pub mod creative_requests;
pub mod creator_requests;
pub mod creators;
pub mod guards;
pub mod invitations;
pub mod notifications;
pub mod offers;
pub mod outbox;
pub mod partner;
pub mod templates;
pub mod users;
pub mod wallets;

use crate::domain::live::Audience;
use crate::error::AppError;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Backend, String> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err("DATABASE_URL must start with sqlite:// or postgres://".into())
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    pub url: String,
    /// Where committed changes are signalled to open pages (see [`Tx`]).
    pub live: crate::server::live::Hub,
}

/// Every SQLite connection: write-ahead log (readers never block the writer), a busy timeout so a
/// second writer waits instead of failing, foreign keys enforced, and reads through a memory map (256 MiB)
/// with a 16 MiB page cache instead of a system call per page (a page render reads a few hundred pages).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                              PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                              PRAGMA mmap_size = 268435456; PRAGMA cache_size = -16384;";

impl Db {
    /// Opens the pool (creating the SQLite file and its directory when missing) and applies migrations.
    pub async fn connect(url: &str) -> Result<Db, String> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url)?;
        if backend == Backend::Sqlite {
            if let Some(dir) = sqlite_path(url).and_then(|p| p.parent().map(|d| d.to_path_buf())) {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                }
            }
        }
        let mut options = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10));
        if backend == Backend::Sqlite {
            // An SQLite connection lives in this process: no server can drop it, so the pool's health ping
            // before every acquire (a round trip to the connection's worker thread, 3 % of a page render
            // in `perf`) checks nothing. PostgreSQL keeps it: its connections can die with the server.
            options = options.test_before_acquire(false);
            options = options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(SQLITE_PRAGMAS).await?;
                    Ok(())
                })
            });
        }
        let pool = options
            .connect(url)
            .await
            .map_err(|e| format!("cannot open the database: {e}"))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| format!("cannot apply migrations: {e}"))?;
        let db = Db {
            pool,
            backend,
            url: url.to_string(),
            live: crate::server::live::Hub::new(),
        };
        guards::apply(&db).await?;
        Ok(db)
    }

    /// Starts a transaction that can name who has to look again once it commits ([`Tx::tell`]).
    pub async fn begin(&self) -> Result<Tx, AppError> {
        Ok(Tx {
            inner: self.pool.begin().await?,
            tell: Vec::new(),
            backend: self.backend,
            live: self.live.clone(),
        })
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }
}

/// A transaction whose change open pages hear of when, and only if, it commits. It is the connection of the
/// transaction (`&mut *tx` where a query wants one).
pub struct Tx {
    inner: sqlx::Transaction<'static, sqlx::Any>,
    tell: Vec<Audience>,
    backend: Backend,
    live: crate::server::live::Hub,
}

impl Tx {
    /// Names someone whose open pages may show this change.
    pub fn tell(&mut self, who: Audience) {
        if !self.tell.contains(&who) {
            self.tell.push(who);
        }
    }

    /// Commits, and signals the change: on PostgreSQL through `pg_notify` inside the transaction (delivered to
    /// every instance at commit, never for a rollback); on SQLite to this process after the commit.
    pub async fn commit(mut self) -> Result<(), AppError> {
        let to = std::mem::take(&mut self.tell);
        if !to.is_empty() && self.backend == Backend::Postgres {
            for payload in crate::server::live::payloads(&to) {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(crate::server::live::CHANNEL)
                    .bind(payload)
                    .execute(&mut *self.inner)
                    .await?;
            }
        }
        self.inner.commit().await?;
        if !to.is_empty() && self.backend == Backend::Sqlite {
            self.live.publish(to);
        }
        Ok(())
    }
}

impl std::ops::Deref for Tx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &sqlx::AnyConnection {
        &self.inner
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.inner
    }
}

/// The file path of a `sqlite://path?params` URL.
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        None
    } else {
        Some(std::path::PathBuf::from(path))
    }
}

/// Maps a unique violation on one of the named constraints to a clear `Conflict`; anything else is internal.
/// PostgreSQL names the constraint; SQLite names the columns (`UNIQUE constraint failed: users.email`), so each
/// entry gives both.
pub fn conflict(e: sqlx::Error, known: &[(&str, &str, &str)]) -> AppError {
    if let sqlx::Error::Database(db) = &e {
        if db.kind() == sqlx::error::ErrorKind::UniqueViolation {
            let constraint = db.constraint().unwrap_or_default().to_string();
            let message = db.message().to_string();
            for (name, columns, text) in known {
                if constraint == *name || message.contains(columns) {
                    return AppError::Conflict((*text).to_string());
                }
            }
        }
    }
    AppError::from(e)
}

/// Reads a column, hiding a decode problem as an internal error.
pub fn col<'r, T>(row: &'r AnyRow, name: &str) -> Result<T, AppError>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    use sqlx::Row;
    row.try_get(name).map_err(AppError::from)
}

/// `%text%` for `LIKE … ESCAPE '\\'`, with the pattern characters escaped.
pub fn like(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}
