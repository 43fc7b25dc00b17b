//! The database: one `AnyPool` and one code path for SQLite and PostgreSQL. All SQL lives in this module
//! tree, one file per table group. Where the engines differ, `Backend` decides, here and nowhere else.

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
pub mod users;
pub mod wallets;

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
        };
        guards::apply(&db).await?;
        Ok(db)
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
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
