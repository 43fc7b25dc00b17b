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
pub mod rate_limits;
pub mod reminders;
pub mod sessions;
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

    /// An aggregate of the rows as a JSON array (text) of objects with these (key, SQL expression) fields, in
    /// `order`: `[]` or NULL when there are no rows.
    pub fn json_objects(self, fields: &[(&str, &str)], order: &str) -> String {
        let pairs: Vec<String> = fields.iter().map(|(k, e)| format!("'{k}', {e}")).collect();
        let pairs = pairs.join(", ");
        match self {
            Backend::Sqlite => format!("json_group_array(json_object({pairs}) ORDER BY {order})"),
            Backend::Postgres => format!("json_agg(json_build_object({pairs}) ORDER BY {order})::text"),
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

/// Every PostgreSQL connection plans a prepared statement once, not on every execution (README decision 33).
/// PostgreSQL otherwise picks a plan per call for as long as its estimate of the shared ("generic") plan
/// looks dearer than its estimate of a plan made for the values; for a keyset page (`LIMIT` after a
/// `(at < $3 OR (at = $3 AND id < $4))` cursor) that is always, so the creator's invitation list (five
/// tables) was planned afresh on every call: 0.5 ms of planning for 0.1 ms of execution, 2,900 lists/s
/// against 11,500/s with the plan kept. Every query of the app is written for an index (ids, keyset cursors),
/// so the plan made once is the plan a call would get.
pub const POSTGRES_SETTINGS: &str = "SET plan_cache_mode = force_generic_plan";

/// How long a PostgreSQL connection may sit unused and still be handed out without a ping first.
const PING_WHEN_IDLE: Duration = Duration::from_secs(10);

/// The settings of the app's PostgreSQL pool (sessions included, since decision 35): each
/// connection keeps its plans ([`POSTGRES_SETTINGS`]), and only a connection that sat idle is pinged before
/// use. A connection that answered a moment ago is alive; sqlx's default pings before every acquire, one
/// more round trip per query (a page's three queries cost six), 5 % of the list path's throughput. One that
/// died anyway (the server restarted within the idle window) fails one query and is dropped by the pool.
pub fn postgres_pool<DB>(options: sqlx::pool::PoolOptions<DB>) -> sqlx::pool::PoolOptions<DB>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    options
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_WHEN_IDLE {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(POSTGRES_SETTINGS).await?;
                Ok(())
            })
        })
}

/// Connections per pool unless configured: SQLite 8 (readers side by side, one writer at a time anyway);
/// PostgreSQL twice the cores plus four. More connections than the database's cores can run only queue inside
/// it: on 2 cores, 16 gave the creator's list p99 23-24 ms at 50 clients and 8 gave 18.6-18.9 ms at the same
/// throughput (README decision 33). With PostgreSQL on its own machine, set `COLLABDESK_DB_POOL_SIZE` from
/// its cores.
pub fn default_pool_size(backend: Backend) -> u32 {
    match backend {
        Backend::Sqlite => 8,
        Backend::Postgres => {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as u32;
            (2 * cores + 4).min(32)
        }
    }
}

impl Db {
    /// Opens the pool (creating the SQLite file and its directory when missing) and applies migrations.
    pub async fn connect(url: &str) -> Result<Db, String> {
        Db::connect_sized(url, None).await
    }

    /// [`Db::connect`] with this many connections at most (`COLLABDESK_DB_POOL_SIZE`; default
    /// [`default_pool_size`]).
    pub async fn connect_sized(url: &str, pool_size: Option<u32>) -> Result<Db, String> {
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
            .max_connections(pool_size.unwrap_or_else(|| default_pool_size(backend)))
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
        if backend == Backend::Postgres {
            options = postgres_pool(options);
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
