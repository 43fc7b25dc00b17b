//! Live updates (`GET /events`): each signed-in page keeps a server-sent event stream open and, when told
//! that something it may show changed, reads itself again (README, decision 27).
//!
//! A change names its audience inside its own transaction (`db::Tx::tell`). On PostgreSQL the transaction
//! sends it with `pg_notify`, which the database delivers only if it commits, to every instance listening,
//! this one included; on SQLite (one process) it is published here after the commit. Each instance's `Hub`
//! hands signals to its open streams and keeps the last minutes of them, so a stream that reconnects
//! (`Last-Event-ID`) or a page that connects after its render (`?since=`) learns whether it missed one.

use crate::domain::account::Actor;
use crate::domain::ids::UserId;
use crate::domain::live::{missed, Audience, Mark, Signal};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;

/// The PostgreSQL channel every instance listens on.
pub const CHANNEL: &str = "collabdesk_live";
/// Open streams one user may hold at once (tabs, devices); one more is refused (429).
pub const STREAMS_PER_USER: usize = 8;
/// A stream ends after this long and the browser reconnects at once, so a session that ended (signed out,
/// expired, account removed) stops receiving within this time.
pub const STREAM_LIFETIME: Duration = Duration::from_secs(300);
/// How long signals are kept for pages that reconnect, and at most how many.
const KEEP_MS: i64 = 10 * 60 * 1000;
const KEEP_MAX: usize = 10_000;

/// Milliseconds of this machine's wall clock (what signals and `since` are measured in).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// One instance's signals and streams. A handle: clones share it.
#[derive(Clone)]
pub struct Hub(Arc<Inner>);

struct Inner {
    /// This instance, in the marks it hands out (random per process).
    instance: u64,
    sender: broadcast::Sender<Arc<Signal>>,
    recent: Mutex<Recent>,
    streams: Mutex<HashMap<UserId, usize>>,
    /// Set when the server stops: every stream ends (so a graceful shutdown is not held up by them) and the
    /// browsers reconnect, to another instance or to this one restarted.
    closing: tokio::sync::watch::Sender<bool>,
}

struct Recent {
    signals: VecDeque<Arc<Signal>>,
    /// Signals raised since this time are all kept.
    kept_from: i64,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hub")
    }
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}

impl Hub {
    pub fn new() -> Hub {
        let (sender, _) = broadcast::channel(1024);
        Hub(Arc::new(Inner {
            instance: rand::random::<u64>() >> 12,
            sender,
            recent: Mutex::new(Recent {
                signals: VecDeque::new(),
                kept_from: now_ms(),
            }),
            streams: Mutex::new(HashMap::new()),
            closing: tokio::sync::watch::Sender::new(false),
        }))
    }

    /// Ends every open stream, now and from now on (the server is stopping).
    pub fn close(&self) {
        self.0.closing.send_replace(true);
    }

    /// Resolves when the server starts stopping.
    fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut closing = self.0.closing.subscribe();
        async move {
            let _ = closing.wait_for(|c| *c).await;
        }
    }

    /// Now, on this instance: what a page about to read its data, or a stream just connected, last looked at.
    pub fn mark(&self) -> Mark {
        Mark {
            instance: self.0.instance,
            at: now_ms(),
        }
    }

    /// Hands a committed change to this instance's streams, and keeps it for reconnecting ones. It is stamped
    /// now, after its commit: a page that read its data before this moment is told to look again.
    pub fn publish(&self, to: Vec<Audience>) {
        let signal = Arc::new(Signal { at: now_ms(), to });
        {
            let mut recent = self.0.recent.lock().unwrap_or_else(|e| e.into_inner());
            let horizon = now_ms() - KEEP_MS;
            while recent
                .signals
                .front()
                .is_some_and(|s| s.at < horizon || recent.signals.len() >= KEEP_MAX)
            {
                if let Some(old) = recent.signals.pop_front() {
                    recent.kept_from = recent.kept_from.max(old.at + 1);
                }
            }
            recent.signals.push_back(signal.clone());
        }
        // no stream open: nobody to tell
        let _ = self.0.sender.send(signal);
    }

    /// Whether a stream of `actor` that last looked at `since` missed a signal.
    fn missed(&self, since: Option<Mark>, actor: &Actor) -> bool {
        let recent = self.0.recent.lock().unwrap_or_else(|e| e.into_inner());
        let (a, b) = recent.signals.as_slices();
        let kept: Vec<Signal> = a.iter().chain(b).map(|s| (**s).clone()).collect();
        missed(since, self.0.instance, recent.kept_from, &kept, actor)
    }

    /// Counts a stream of this user open, or refuses it when they hold `STREAMS_PER_USER` already.
    fn open_stream(&self, user: &UserId) -> Option<StreamSlot> {
        let mut streams = self.0.streams.lock().unwrap_or_else(|e| e.into_inner());
        let open = streams.entry(user.clone()).or_default();
        if *open >= STREAMS_PER_USER {
            return None;
        }
        *open += 1;
        Some(StreamSlot {
            hub: self.clone(),
            user: user.clone(),
        })
    }

    /// Listens on PostgreSQL for the signals of every instance (this one's included) and publishes them here.
    /// Connects before returning, so no signal committed after this returns is missed. When the connection
    /// drops, the signals raised until it is back are lost: every open page is told to look again.
    pub async fn listen(&self, url: &str) -> Result<(), String> {
        let mut listener = sqlx::postgres::PgListener::connect(url)
            .await
            .map_err(|e| format!("cannot listen for live updates: {e}"))?;
        listener
            .listen(CHANNEL)
            .await
            .map_err(|e| format!("cannot listen for live updates: {e}"))?;
        let hub = self.clone();
        tokio::spawn(async move {
            loop {
                match listener.try_recv().await {
                    Ok(Some(n)) => match serde_json::from_str::<Vec<Audience>>(n.payload()) {
                        Ok(to) => hub.publish(to),
                        Err(e) => tracing::warn!(error = %e, "unreadable live signal"),
                    },
                    Ok(None) => {
                        tracing::warn!("live updates: the database connection dropped; every page looks again");
                        hub.publish(vec![Audience::Everyone]);
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "live updates: cannot reach the database; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(())
    }
}

/// An open stream, counted against its user until dropped (the stream ended or the client went away).
struct StreamSlot {
    hub: Hub,
    user: UserId,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut streams = self.hub.0.streams.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(open) = streams.get_mut(&self.user) {
            *open = open.saturating_sub(1);
            if *open == 0 {
                streams.remove(&self.user);
            }
        }
    }
}

/// The PostgreSQL payloads of a change's audience: `pg_notify` takes at most 8,000 bytes, so an audience of
/// many users (a bulk invitation) is split.
pub fn payloads(to: &[Audience]) -> Vec<String> {
    to.chunks(50)
        .map(|to| serde_json::to_string(to).unwrap_or_default())
        .collect()
}

#[derive(serde::Deserialize)]
pub struct Since {
    since: Option<String>,
}

/// `GET /events`: the signed-in user's stream. Each event is `change` (look again) or `hello` (connected),
/// with the signal's time as its id; a comment every 15 s keeps proxies from closing it.
pub async fn events(
    State(state): State<crate::server::AppState>,
    actor: Option<axum::Extension<Actor>>,
    headers: HeaderMap,
    Query(query): Query<Since>,
) -> Response {
    use futures_util::StreamExt;
    let Some(axum::Extension(actor)) = actor else {
        return (StatusCode::UNAUTHORIZED, "Sign in to receive live updates.").into_response();
    };
    let hub = state.db.live.clone();
    let Some(slot) = hub.open_stream(&actor.user_id) else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(axum::http::header::RETRY_AFTER, "30")],
            "Too many live connections for this account; close a tab or two.",
        )
            .into_response();
    };
    // where the page last looked: the stream's last event (a reconnect), else the page's render
    let since = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .or(query.since.as_deref())
        .and_then(Mark::parse);
    let receiver = hub.subscribe();
    let now = hub.mark();
    let mut first = vec![Event::default()
        .event("hello")
        .id(now.to_string())
        .retry(Duration::from_millis(1500))
        .data("connected")];
    if hub.missed(since, &actor) {
        first.push(change(now));
    }
    let instance = hub.0.instance;
    let live = futures_util::stream::unfold((receiver, actor, slot), move |(mut receiver, actor, slot)| async move {
        loop {
            match receiver.recv().await {
                Ok(signal) if signal.concerns(&actor) => {
                    let at = Mark {
                        instance,
                        at: signal.at,
                    };
                    return Some((change(at), (receiver, actor, slot)));
                }
                Ok(_) => continue,
                // this stream fell behind and signals were dropped: look again to be safe
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let at = Mark { instance, at: now_ms() };
                    return Some((change(at), (receiver, actor, slot)));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let stream = futures_util::stream::iter(first)
        .chain(live)
        .take_until(futures_util::future::select(
            Box::pin(tokio::time::sleep(STREAM_LIFETIME)),
            Box::pin(hub.closed()),
        ))
        .map(Ok::<_, std::convert::Infallible>);
    let mut res = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    // no proxy may hold it back (nginx buffers responses unless told)
    res.headers_mut()
        .insert("x-accel-buffering", axum::http::HeaderValue::from_static("no"));
    res
}

fn change(at: Mark) -> Event {
    Event::default().event("change").id(at.to_string()).data("look again")
}

impl Hub {
    fn subscribe(&self) -> broadcast::Receiver<Arc<Signal>> {
        self.0.sender.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Role;

    fn actor(id: &str) -> Actor {
        Actor {
            user_id: UserId(id.into()),
            role: Role::Creator,
            name: id.into(),
            email: format!("{id}@example.com"),
            organisation_id: None,
        }
    }

    #[test]
    fn a_user_holds_at_most_so_many_streams_and_a_closed_one_frees_its_place() {
        let hub = Hub::new();
        let me = UserId("me".into());
        let slots: Vec<_> = (0..STREAMS_PER_USER).map(|_| hub.open_stream(&me).unwrap()).collect();
        assert!(hub.open_stream(&me).is_none());
        // someone else is not affected
        assert!(hub.open_stream(&UserId("other".into())).is_some());
        drop(slots);
        assert!(hub.open_stream(&me).is_some());
    }

    #[test]
    fn kept_signals_answer_a_reconnect() {
        let hub = Hub::new();
        let me = actor("me");
        let before = hub.mark();
        assert!(!hub.missed(Some(before), &me));
        std::thread::sleep(Duration::from_millis(2));
        hub.publish(vec![Audience::User(me.user_id.clone())]);
        assert!(hub.missed(Some(before), &me));
        assert!(!hub.missed(Some(before), &actor("someone else")));
        assert!(!hub.missed(Some(hub.mark()), &me));
        // a mark of another instance, just after: within the clock skew, so look again
        let other = Mark {
            instance: before.instance + 1,
            at: hub.mark().at,
        };
        assert!(hub.missed(Some(other), &me));
        // from before the hub started: nobody can say
        let old = Mark {
            at: before.at - 60_000,
            ..before
        };
        assert!(hub.missed(Some(old), &me));
    }

    #[test]
    fn a_big_signal_is_split_into_payloads_postgresql_takes() {
        let to: Vec<_> = (0..120)
            .map(|i| Audience::User(UserId(format!("0190f0f0-0000-7000-8000-{i:012}"))))
            .collect();
        let parts = payloads(&to);
        assert_eq!(parts.len(), 3);
        let mut back = Vec::new();
        for p in &parts {
            assert!(p.len() < 8000, "{} bytes", p.len());
            back.extend(serde_json::from_str::<Vec<Audience>>(p).unwrap());
        }
        assert_eq!(back, to);
    }
}
