//! Configuration, from the environment only (see `.env.example`).

use base64::Engine;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://…` or `postgres://…`; the same binary serves either.
    pub database_url: String,
    /// Directory for the SQLite file, the development session key and (later) mail files.
    pub data_dir: PathBuf,
    pub production: bool,
    /// Seed demo data into an empty database.
    pub demo: bool,
    /// Signs the session cookie. 64 bytes.
    pub session_secret: Vec<u8>,
    /// A session unused for this long ends.
    pub session_idle_minutes: i64,
    /// A session ends this long after sign-in, used or not.
    pub session_absolute_minutes: i64,
    /// How long before a pending invitation or offer lapses its creator is reminded, in ms
    /// (`COLLABDESK_REMINDER_DAYS`, default 3).
    pub reminder_lead_ms: i64,
    /// Mark the cookie `Secure` (on by default in production, where the app sits behind TLS).
    pub secure_cookies: bool,
    /// Sign-in attempts allowed per email address per minute (and five times that per client address).
    pub sign_in_per_minute: u32,
    /// Requests each API key may make per minute (`COLLABDESK_API_PER_MINUTE`, default 600).
    pub api_per_minute: u32,
    /// Where the client's address comes from (rate limits): the connection's peer (`ConnectInfo`, the default),
    /// or, behind a reverse proxy, the header that proxy sets (`XRealIp`, `RightmostXForwardedFor`, …). A header
    /// is trusted only when configured, so a client cannot choose its own address.
    pub client_ip_source: axum_client_ip::ClientIpSource,
    /// The partner platform's signing secret (`whsec_…`) for its inbound webhooks; inbound sync is off
    /// without it.
    pub partner_secret: Option<String>,
    /// `smtp://host:port` (plain, for a local relay), `smtp://user:pass@host:587?tls=required` or
    /// `smtps://…`. Unset: e-mail is written as `.eml` files under `<data_dir>/mail/` instead.
    pub smtp_url: Option<String>,
    /// The From of every e-mail.
    pub mail_from: String,
    /// Where creator requests go (seed S1: the agency's inbox).
    pub agency_email: String,
    /// The app's address as people reach it, for links in e-mails.
    pub public_url: String,
    /// How long a server function that queued a partner event waits for its first delivery before answering
    /// with the sync state (`{synced, error, retry_queued}`); the worker keeps trying either way.
    pub sync_wait_ms: u64,
    /// How long an outbox worker's claim lasts (a crashed worker's deliveries are retried after it).
    pub outbox_lease_ms: i64,
    /// Log which server functions each request runs and answer it in `x-collabdesk-calls` (tests and
    /// benchmarks; `COLLABDESK_CALL_LOG`, off by default).
    pub call_log: bool,
    /// Connections in the app's database pool (`COLLABDESK_DB_POOL_SIZE`; default `db::default_pool_size`).
    pub db_pool_size: Option<u32>,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn flag(name: &str, default: bool) -> Result<bool, String> {
    match var(name).as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(format!("{name} must be true or false, not {other:?}")),
    }
}

fn number<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("{name} must be a number, not {v:?}")),
    }
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/collabdesk.db?mode=rwc";

impl Config {
    pub fn from_env() -> Result<Config, String> {
        let production = var("COLLABDESK_ENV").as_deref() == Some("production");
        let data_dir = PathBuf::from(var("COLLABDESK_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        let session_secret = match var("COLLABDESK_SESSION_SECRET") {
            Some(s) => decode_secret(&s)?,
            None if production => {
                return Err(
                    "COLLABDESK_SESSION_SECRET is required in production (64 random bytes, base64; \
                            `openssl rand -base64 64`)"
                        .into(),
                )
            }
            None => development_secret(&data_dir)?,
        };
        let config = Config {
            database_url,
            data_dir,
            production,
            demo: flag("COLLABDESK_DEMO", false)?,
            session_secret,
            session_idle_minutes: number("COLLABDESK_SESSION_IDLE_MINUTES", 120)?,
            session_absolute_minutes: number("COLLABDESK_SESSION_ABSOLUTE_MINUTES", 12 * 60)?,
            reminder_lead_ms: match number::<i64>("COLLABDESK_REMINDER_DAYS", 3)? {
                days @ 1..=13 => days * crate::domain::time::DAY,
                days => {
                    return Err(format!(
                        "COLLABDESK_REMINDER_DAYS must be 1 to 13 (days before expiry), not {days}"
                    ))
                }
            },
            secure_cookies: flag("COLLABDESK_SECURE_COOKIES", production)?,
            sign_in_per_minute: number("COLLABDESK_SIGN_IN_PER_MINUTE", 10)?,
            api_per_minute: number("COLLABDESK_API_PER_MINUTE", crate::server::api_v1::PER_MINUTE_DEFAULT)?,
            client_ip_source: match var("COLLABDESK_CLIENT_IP_SOURCE") {
                None => axum_client_ip::ClientIpSource::ConnectInfo,
                Some(v) => v.trim().parse().map_err(|_| {
                    format!(
                        "COLLABDESK_CLIENT_IP_SOURCE must be ConnectInfo (no proxy), XRealIp, \
                         RightmostXForwardedFor, CfConnectingIp, FlyClientIp, TrueClientIp, CloudFrontViewerAddress \
                         or XEnvoyExternalAddress, not {v:?}"
                    )
                })?,
            },
            partner_secret: match var("COLLABDESK_PARTNER_WEBHOOK_SECRET") {
                Some(s) if standardwebhooks::Webhook::new(s.trim()).is_ok() => Some(s.trim().to_string()),
                Some(_) => return Err("COLLABDESK_PARTNER_WEBHOOK_SECRET must be whsec_ followed by base64".into()),
                None => None,
            },
            smtp_url: var("COLLABDESK_SMTP_URL"),
            mail_from: var("COLLABDESK_MAIL_FROM").unwrap_or_else(|| "Collabdesk <no-reply@collabdesk.test>".into()),
            agency_email: var("COLLABDESK_AGENCY_EMAIL").unwrap_or_else(|| "agency@collabdesk.test".into()),
            public_url: var("COLLABDESK_PUBLIC_URL")
                .unwrap_or_else(|| "http://127.0.0.1:3000".into())
                .trim_end_matches('/')
                .to_string(),
            sync_wait_ms: number("COLLABDESK_SYNC_WAIT_MS", 1500)?,
            outbox_lease_ms: number("COLLABDESK_OUTBOX_LEASE_MS", crate::server::outbox::LEASE_MS)?,
            call_log: flag("COLLABDESK_CALL_LOG", false)?,
            db_pool_size: match var("COLLABDESK_DB_POOL_SIZE") {
                None => None,
                Some(v) => match v.trim().parse::<u32>() {
                    Ok(n @ 1..=1000) => Some(n),
                    _ => {
                        return Err(format!(
                            "COLLABDESK_DB_POOL_SIZE must be a number from 1 to 1000, not {v:?}"
                        ))
                    }
                },
            },
        };
        config.refuse_unsafe_production()?;
        Ok(config)
    }

    /// In production, settings that would expose accounts are refused with what to change (the secret's
    /// absence is refused above): demo data (well-known accounts with a published password), a session cookie
    /// without `Secure` (it would travel in clear text), and the call log (a debugging aid).
    pub fn refuse_unsafe_production(&self) -> Result<(), String> {
        if !self.production {
            return Ok(());
        }
        if self.demo {
            return Err(
                "COLLABDESK_DEMO=true is refused in production: the demo accounts have a published \
                 password. Unset it (or set COLLABDESK_ENV=development for a demo)."
                    .into(),
            );
        }
        if !self.secure_cookies {
            return Err(
                "COLLABDESK_SECURE_COOKIES=false is refused in production: the session cookie would be \
                 sent over plain HTTP. Serve the app over HTTPS and unset it."
                    .into(),
            );
        }
        if self.call_log {
            return Err("COLLABDESK_CALL_LOG=true is refused in production (it is a debugging aid).".into());
        }
        Ok(())
    }

    /// A configuration for tests: the given database, a random secret, no demo data.
    pub fn for_tests(database_url: &str, data_dir: PathBuf) -> Config {
        use rand::RngCore;
        let mut secret = vec![0u8; 64];
        rand::thread_rng().fill_bytes(&mut secret);
        Config {
            database_url: database_url.into(),
            data_dir,
            production: false,
            demo: false,
            session_secret: secret,
            reminder_lead_ms: crate::domain::reminder::LEAD_DEFAULT,
            session_idle_minutes: 120,
            session_absolute_minutes: 12 * 60,
            secure_cookies: false,
            sign_in_per_minute: 10,
            api_per_minute: crate::server::api_v1::PER_MINUTE_DEFAULT,
            client_ip_source: axum_client_ip::ClientIpSource::ConnectInfo,
            partner_secret: None,
            smtp_url: None,
            mail_from: "Collabdesk <no-reply@collabdesk.test>".into(),
            agency_email: "agency@collabdesk.test".into(),
            public_url: "http://collabdesk.test".into(),
            sync_wait_ms: 0,
            outbox_lease_ms: crate::server::outbox::LEASE_MS,
            call_log: true,
            db_pool_size: None,
        }
    }
}

fn decode_secret(s: &str) -> Result<Vec<u8>, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .map_err(|_| "COLLABDESK_SESSION_SECRET must be base64".to_string())?;
    if bytes.len() < 64 {
        return Err("COLLABDESK_SESSION_SECRET must hold at least 64 bytes".into());
    }
    Ok(bytes)
}

/// In development the secret is generated once and kept in `data/session.key` (never committed), so
/// sessions survive restarts.
fn development_secret(data_dir: &std::path::Path) -> Result<Vec<u8>, String> {
    use rand::RngCore;
    let path = data_dir.join("session.key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return decode_secret(&existing);
    }
    std::fs::create_dir_all(data_dir).map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let mut secret = vec![0u8; 64];
    rand::thread_rng().fill_bytes(&mut secret);
    let encoded = base64::engine::general_purpose::STANDARD.encode(&secret);
    std::fs::write(&path, encoded).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    Ok(secret)
}
