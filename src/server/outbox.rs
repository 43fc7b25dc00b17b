//! The outbox worker: claims due deliveries with a lease, sends each webhook signed per Standard Webhooks v1
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature`), and records the attempt. Retries follow
//! `domain::outbox::SCHEDULE`; 410 disables the endpoint; 429/502/503/504 honour `retry-after`. A worker that
//! dies mid-delivery leaves a lease that runs out, and the delivery is claimed again (same `webhook-id`).

use crate::domain::outbox::{next_attempt, parse_retry_after, Outcome, ATTEMPT_TIMEOUT_MS};
use crate::server::clock::Clock;
use crate::server::db::outbox::{self as store, AttemptResult, Claimed};
use crate::server::db::Db;
use crate::server::mail::{Mail, Mailer};
use base64::Engine;
use std::time::{Duration, Instant};

const ENDPOINT_DISABLED: &str = "the endpoint is disabled";

/// How long a claim holds: longer than one attempt's timeout, so a live worker never loses its row.
pub const LEASE_MS: i64 = 60_000;
const BATCH: i64 = 32;

/// After a change queued partner events about `(kind, id)`: wakes the worker and waits (at most
/// `sync_wait_ms`) for the first attempt, then says how the sync stands — never blocking longer, never
/// claiming a sync that did not happen (seed S1).
pub async fn settle(
    state: &crate::server::AppState,
    kind: &str,
    id: &str,
) -> Result<crate::domain::outbox::SyncOutcome, crate::error::AppError> {
    let mut all = settle_many(state, kind, &[id]).await?;
    all.remove(id).ok_or(crate::error::AppError::Internal)
}

/// [`settle`] for several records changed together (a bulk invitation): one wait for the whole batch, not
/// one per record, and one query per look.
pub async fn settle_many(
    state: &crate::server::AppState,
    kind: &str,
    ids: &[&str],
) -> Result<std::collections::HashMap<String, crate::domain::outbox::SyncOutcome>, crate::error::AppError> {
    use crate::domain::outbox::{SyncOutcome, SyncState};
    state.outbox_wake.notify_one();
    let deadline = Instant::now() + Duration::from_millis(state.config.sync_wait_ms);
    loop {
        let states = store::sync_states(&state.db, kind, ids).await?;
        let first_attempt_pending = states
            .values()
            .any(|s| matches!(s, SyncState::Retrying { attempts: 0, .. }));
        if !first_attempt_pending || Instant::now() >= deadline {
            return Ok(states
                .iter()
                .map(|(id, s)| (id.clone(), SyncOutcome::from(s)))
                .collect());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A fresh endpoint secret: `whsec_` + base64 of 32 random bytes.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Signs `body` for delivery `id` at `timestamp` (seconds): the three Standard Webhooks headers.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String, String> {
    let wh = standardwebhooks::Webhook::new(secret).map_err(|e| format!("bad secret: {e}"))?;
    wh.sign(id, timestamp, body.as_bytes())
        .map_err(|e| format!("cannot sign: {e}"))
}

/// The error of an attempt refused because the endpoint's address is not public.
pub const NOT_PUBLIC: &str = "refused: the endpoint's address is not public";

/// The most of a partner's reply that is read (its status and headers always are; the body only for the
/// partner's id of the record): a partner cannot make the worker hold or wait for an endless reply.
pub const REPLY_LIMIT: usize = 64 * 1024;

/// Resolves partner host names keeping only public addresses (`domain::outbox::public_ip`): a public name that
/// resolves to a private address is refused when the worker connects, so what is checked is what is connected
/// to. Used in production; with redirects off, no other address is ever reached.
struct PublicAddressesOnly;

const NO_PUBLIC_ADDRESS: &str = "resolves to no public address";

impl reqwest::dns::Resolve for PublicAddressesOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let public: Vec<std::net::SocketAddr> =
                found.filter(|a| crate::domain::outbox::public_ip(a.ip())).collect();
            if public.is_empty() {
                return Err(format!("{host} {NO_PUBLIC_ADDRESS}").into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

fn http_client(timeout: Duration, public_only: bool) -> reqwest::Client {
    let builder = reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("Collabdesk-Webhooks/1");
    let builder = if public_only {
        // no proxy from the environment either: the address checked must be the address connected to
        builder
            .no_proxy()
            .dns_resolver(std::sync::Arc::new(PublicAddressesOnly))
    } else {
        builder
    };
    builder.build().expect("an HTTP client")
}

/// Reads at most `REPLY_LIMIT` bytes of a reply.
async fn read_capped(mut reply: reqwest::Response) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = reply.chunk().await {
        let room = REPLY_LIMIT - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= REPLY_LIMIT {
            break;
        }
    }
    body
}

/// Whether an error (or what caused it) is the resolver refusing a private address.
fn refused_address(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.to_string().contains(NO_PUBLIC_ADDRESS) {
            return true;
        }
        source = s.source();
    }
    false
}

#[derive(Clone)]
pub struct Worker {
    pub db: Db,
    pub clock: Clock,
    pub id: String,
    http: reqwest::Client,
    timeout: Duration,
    mailer: Mailer,
    lease_ms: i64,
    public_only: bool,
}

impl Worker {
    pub fn new(db: Db, clock: Clock, mailer: Mailer) -> Worker {
        let timeout = Duration::from_millis(ATTEMPT_TIMEOUT_MS as u64);
        Worker {
            db,
            clock,
            id: format!("worker-{}", uuid::Uuid::now_v7().simple()),
            http: http_client(timeout, false),
            timeout,
            mailer,
            lease_ms: LEASE_MS,
            public_only: false,
        }
    }

    /// Only public addresses are called (production): an endpoint whose address is, or whose name resolves
    /// to, this machine or an internal network fails its attempt without a connection.
    pub fn public_only(mut self, on: bool) -> Worker {
        self.public_only = on;
        self.http = http_client(self.timeout, on);
        self
    }

    /// A different per-attempt timeout than the 15 s of `domain::outbox::ATTEMPT_TIMEOUT_MS` (tests).
    pub fn with_timeout(mut self, timeout: Duration) -> Worker {
        self.http = http_client(timeout, self.public_only);
        self.timeout = timeout;
        self
    }

    /// A different claim length (`COLLABDESK_OUTBOX_LEASE_MS`): how long a crashed worker's deliveries wait
    /// before another worker takes them. Keep it above the 15 s attempt timeout.
    pub fn with_lease(mut self, ms: i64) -> Worker {
        self.lease_ms = ms;
        self
    }

    /// Delivers what is due now, once. Returns how many deliveries were attempted.
    pub async fn run_once(&self) -> usize {
        let now = self.clock.now();
        let batch = match store::claim(&self.db, &self.id, now, self.lease_ms, BATCH).await {
            Ok(b) => b,
            Err(e) => {
                tracing::warn!(error = %e, "outbox: cannot claim deliveries");
                return 0;
            }
        };
        let n = batch.len();
        let mut in_flight: futures_util::stream::FuturesUnordered<_> = batch
            .into_iter()
            .map(|c| {
                let w = self.clone();
                tokio::spawn(async move {
                    let result = w.attempt(&c).await;
                    (c, result)
                })
            })
            .collect();
        // each attempt is recorded as soon as it ends, together with every other one that ended meanwhile: one
        // transaction (one commit, on SQLite the single writer's turn) per group instead of per attempt, and a
        // slow partner never holds back the record of a quick one
        use futures_util::{FutureExt, StreamExt};
        while let Some(first) = in_flight.next().await {
            let mut ended: Vec<(Claimed, AttemptResult<'static>)> = first.into_iter().collect();
            while let Some(Some(more)) = in_flight.next().now_or_never() {
                ended.extend(more);
            }
            self.record(&ended).await;
        }
        n
    }

    /// Records attempts that ended, in one transaction; if that fails, one by one (a row that cannot be written
    /// keeps its lease, runs out and is attempted again: never lost, never more than repeated).
    async fn record(&self, ended: &[(Claimed, AttemptResult<'static>)]) {
        if ended.is_empty() {
            return;
        }
        if let Err(e) = store::finish_all(&self.db, &self.id, ended).await {
            tracing::warn!(error = %e, attempts = ended.len(), "outbox: cannot record attempts together");
            for (c, result) in ended {
                if let Err(e) = store::finish(&self.db, c, &self.id, result).await {
                    tracing::warn!(delivery = %c.id, error = %e, "outbox: cannot record an attempt");
                }
            }
        }
    }

    /// Runs forever: whatever is due, then a short pause when there was nothing.
    pub async fn run_forever(self, wake: std::sync::Arc<tokio::sync::Notify>) {
        loop {
            if self.run_once().await == 0 {
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                    _ = wake.notified() => {}
                }
            }
        }
    }

    /// One attempt at a delivery, and what became of it (recorded by [`Worker::record`]).
    async fn attempt(&self, c: &Claimed) -> AttemptResult<'static> {
        let started_at = self.clock.now();
        let t = Instant::now();
        let (status, retry_after, error, remote_id) = match c.channel.as_str() {
            "webhook" => self.post(c, started_at.0 / 1000).await,
            "email" => (None, None, self.mail(c).await.err(), None),
            other => (None, None, Some(format!("no delivery for channel {other}")), None),
        };
        let latency_ms = t.elapsed().as_millis() as i64;
        let outcome = match c.channel.as_str() {
            "email" if error.is_none() => Outcome::Delivered,
            "email" => Outcome::Retry,
            _ => Outcome::of(status, retry_after),
        };
        let attempts = c.attempts as usize + 1;
        let now = self.clock.now();
        let jitter: f64 = rand::random();
        let mut result = AttemptResult {
            started_at,
            latency_ms,
            status_code: status,
            error: error.or_else(|| match status {
                Some(200..=299) => None,
                Some(s) => Some(format!("HTTP {s}")),
                None => None,
            }),
            next_attempt_at: None,
            delivered: false,
            remote_id,
            disable_endpoint: None,
        };
        match outcome {
            // nothing was sent to a disabled endpoint: stop here (an admin can replay once it is enabled)
            _ if result.error.as_deref() == Some(ENDPOINT_DISABLED) => {}
            Outcome::Delivered => result.delivered = true,
            Outcome::Gone => result.disable_endpoint = Some("The partner answered 410 Gone"),
            Outcome::RetryAfter(ms) => {
                result.next_attempt_at = next_attempt(attempts, now, jitter).map(|_| now.plus(ms))
            }
            Outcome::Retry => result.next_attempt_at = next_attempt(attempts, now, jitter),
        }
        tracing::info!(delivery = %c.id, event = %c.event_type, attempt = attempts, status = ?status,
                       outcome = ?outcome, "outbox delivery");
        result
    }

    async fn mail(&self, c: &Claimed) -> Result<(), String> {
        let mail: Mail = serde_json::from_str(&c.payload).map_err(|e| format!("unreadable e-mail record: {e}"))?;
        self.mailer.send(&c.id, &mail).await
    }

    /// One signed POST. Returns (status, retry-after ms, error, the partner's id for the record).
    async fn post(&self, c: &Claimed, timestamp: i64) -> (Option<u16>, Option<i64>, Option<String>, Option<String>) {
        let (Some(url), Some(secret)) = (&c.url, &c.secret) else {
            return (None, None, Some("the endpoint no longer exists".into()), None);
        };
        if !c.endpoint_enabled {
            return (None, None, Some(ENDPOINT_DISABLED.into()), None);
        }
        if self.public_only && !crate::domain::outbox::public_host(url) {
            return (None, None, Some(NOT_PUBLIC.into()), None);
        }
        let signature = match sign(secret, &c.id, timestamp, &c.payload) {
            Ok(s) => s,
            Err(e) => return (None, None, Some(e), None),
        };
        let res = self
            .http
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &c.id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(c.payload.clone())
            .send()
            .await;
        match res {
            Err(e) => {
                let what = if e.is_timeout() {
                    format!("timed out after {} s", self.timeout.as_secs_f64())
                } else if refused_address(&e) {
                    NOT_PUBLIC.to_string()
                } else if e.is_connect() {
                    "could not connect".to_string()
                } else {
                    "request failed".to_string()
                };
                (None, None, Some(what), None)
            }
            Ok(r) => {
                let status = r.status().as_u16();
                let retry_after = r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(parse_retry_after);
                let body = String::from_utf8_lossy(&read_capped(r).await).into_owned();
                let remote_id = serde_json::from_str::<serde_json::Value>(&body).ok().and_then(|v| {
                    v.get("id").and_then(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .or_else(|| i.as_i64().map(|n| n.to_string()))
                    })
                });
                (Some(status), retry_after, None, remote_id)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// A name is judged on what it resolves to, when the connection is made: `localhost` (which the endpoint
    /// form refuses by name) stands here for any public-looking name whose DNS answer is private.
    #[tokio::test]
    async fn the_resolver_refuses_names_that_resolve_to_private_addresses() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let url = format!("http://localhost:{port}/");
        let strict = super::http_client(std::time::Duration::from_secs(2), true);
        let e = strict.get(&url).send().await.unwrap_err();
        assert!(super::refused_address(&e), "{e:?}");
        // the development client connects (and the listener sees it)
        let open = super::http_client(std::time::Duration::from_millis(300), false);
        let _ = open.get(&url).send().await;
        assert!(
            tokio::time::timeout(std::time::Duration::from_secs(1), listener.accept())
                .await
                .is_ok()
        );
    }

    #[test]
    fn signatures_verify_and_an_empty_one_is_refused() {
        let secret = super::new_secret();
        assert!(secret.starts_with("whsec_"));
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let sig = super::sign(&secret, "msg_1", now, "{\"a\":1}").unwrap();
        assert!(sig.starts_with("v1,"));
        let wh = standardwebhooks::Webhook::new(&secret).unwrap();
        let headers = |sig: &str| {
            let mut h = http::HeaderMap::new();
            h.insert("webhook-id", "msg_1".parse().unwrap());
            h.insert("webhook-timestamp", now.to_string().parse().unwrap());
            h.insert("webhook-signature", sig.parse().unwrap());
            h
        };
        assert!(wh.verify(b"{\"a\":1}", &headers(&sig)).is_ok());
        assert!(wh.verify(b"{\"a\":2}", &headers(&sig)).is_err());
        assert!(wh.verify(b"{\"a\":1}", &headers("v1,")).is_err(), "empty signature");
    }
}
