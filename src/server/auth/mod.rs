//! Authentication: password hashing, database-backed sessions, sign-in rate limits, the cross-origin guard,
//! and turning a request's session into an `Actor`.

pub mod origin;
pub mod password;
pub mod rate_limit;
pub mod session;

use crate::api::notifications::Inbox;
use crate::domain::account::{Actor, Role};
use crate::domain::ids::UserId;
use crate::domain::time::MINUTE;
use crate::error::AppError;
use crate::server::state;
use tower_sessions::Session;

use session::{reading_for_page, ACTOR_KEY, INBOX_KEY, USER_KEY};
/// The header a page sends when it reads itself again after a live signal (`server::live`).
pub const LIVE_HEADER: &str = "x-collabdesk-live";
const SIGNED_IN_AT_KEY: &str = "signed_in_at";
/// When the session's idle time was last restarted (by the app's clock).
const ACTIVE_AT_KEY: &str = "active_at";

/// What a session's times say about a request made `now` (all in the app's clock). Idle sessions are ended by
/// the store itself: the cookie and the stored record expire `idle` after the session was last saved.
#[derive(Debug, PartialEq, Eq)]
enum Liveness {
    /// Past the absolute lifetime: the session ends.
    Over,
    /// Alive; its idle time restarts (saved, with a fresh cookie) because a quarter of the idle limit has
    /// passed since it last did: an active user is never signed out for being idle, at one write per quarter.
    Refresh,
    Alive,
}

fn liveness(now: i64, signed_in_at: i64, active_at: Option<i64>, idle: i64, absolute: i64) -> Liveness {
    let active_at = active_at.unwrap_or(signed_in_at);
    if now - signed_in_at > absolute {
        Liveness::Over
    } else if now - active_at >= idle / 4 {
        Liveness::Refresh
    } else {
        Liveness::Alive
    }
}

/// The request's session (put there by the session layer).
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "session layer missing");
        AppError::Internal
    })
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store error");
    AppError::Internal
}

fn accepts_html(req: &axum::extract::Request) -> bool {
    req.headers()
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Middleware (inside the session layer), once per request: reads the session, ends it when past its absolute
/// lifetime or when its account is gone, and puts the signed-in `Actor` into the request's extensions, where
/// every server function and page render of the request reads it (one lookup per request). A page load also
/// takes the flash; a plain HTML form post keeps its values for an echo if it fails.
pub async fn attach_actor(
    axum::extract::State(state): axum::extract::State<crate::server::AppState>,
    session: Session,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::extract::FromRequestParts;
    use axum::response::IntoResponse;
    let path = req.uri().path().to_string();
    if path.starts_with("/pkg/") || path == "/healthz" {
        return next.run(req).await;
    }
    let calls = state.config.call_log.then(crate::server::calls::CallLog::default);
    // the client's address, from the configured source (read by the rate limits)
    let (mut parts, body) = req.into_parts();
    parts.extensions.insert(state.config.client_ip_source.clone());
    let client = axum_client_ip::ClientIp::from_request_parts(&mut parts, &())
        .await
        .ok()
        .map(|ip| ClientAddress(ip.0));
    let mut req = axum::extract::Request::from_parts(parts, body);
    if let Some(client) = client {
        req.extensions_mut().insert(client);
    }
    // the live stream and a page reading itself again after a signal are the page's doing, not its user's: they
    // neither keep a session from going idle nor take the flash meant for the user's next page
    let live_request = path == "/events" || req.headers().contains_key(LIVE_HEADER);
    // a page (also one reading itself again): its header shows the bell
    let page = req.method() == http::Method::GET && accepts_html(&req) && !path.starts_with("/api/");
    // the session and its account (and for a page the account's bell), read in one query by the store
    // (`db::sessions::load`)
    let read = session.get(USER_KEY);
    let read = if page { reading_for_page(read).await } else { read.await };
    let user: Option<String> = match read {
        Ok(user) => user,
        Err(e) => {
            tracing::error!(error = %e, "session store error");
            return (
                http::StatusCode::SERVICE_UNAVAILABLE,
                "The service is unavailable right now. Please try again in a moment.",
            )
                .into_response();
        }
    };
    let signed_in_at: Option<i64> = session.get(SIGNED_IN_AT_KEY).await.unwrap_or(None);
    if let (Some(_), Some(at)) = (user, signed_in_at) {
        let now = state.clock.now().0;
        let active_at: Option<i64> = session.get(ACTIVE_AT_KEY).await.unwrap_or(None);
        let config = &state.config;
        let live = liveness(
            now,
            at,
            active_at,
            config.session_idle_minutes * MINUTE,
            config.session_absolute_minutes * MINUTE,
        );
        if live == Liveness::Refresh && !live_request {
            if let Err(e) = session.insert(ACTIVE_AT_KEY, now).await {
                tracing::error!(error = %e, "could not restart a session's idle time");
            }
        }
        if live == Liveness::Over {
            if let Err(e) = session.flush().await {
                tracing::error!(error = %e, "could not end an expired session");
            }
        } else {
            if let Some(calls) = &calls {
                calls.push("actor");
            }
            match session.get::<Actor>(ACTOR_KEY).await.unwrap_or(None) {
                Some(actor) => {
                    req.extensions_mut().insert(actor);
                    if let Ok(Some(inbox)) = session.get::<Inbox>(INBOX_KEY).await {
                        req.extensions_mut().insert(inbox);
                    }
                }
                None => {
                    // the account is gone: end the session
                    if let Err(e) = session.flush().await {
                        tracing::error!(error = %e, "could not end the session of a deleted account");
                    }
                }
            }
        }
    }
    // when this request started, before it read anything: what a page's live stream says it last looked at
    req.extensions_mut().insert(state.db.live.mark());
    let html = accepts_html(&req);
    if page && !live_request {
        if let Some(flash) = crate::server::flash::take(&session).await {
            req.extensions_mut().insert(flash);
        }
    }
    let form_post = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if req.method() == http::Method::POST && html && form_post && path.starts_with("/api/") {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, crate::server::router::BODY_LIMIT).await else {
            return (http::StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response();
        };
        let posted = crate::server::flash::PostedForm::parse(&bytes);
        req = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
        req.extensions_mut().insert(posted);
    }
    if let Some(calls) = &calls {
        req.extensions_mut().insert(calls.clone());
    }
    let mut res = next.run(req).await;
    if let Some(calls) = calls {
        if let Ok(v) = http::HeaderValue::from_str(&calls.header()) {
            res.headers_mut().insert(crate::server::calls::HEADER, v);
        }
    }
    res
}

/// The client's address (see `Config::client_ip_source`), put in the request's extensions by [`attach_actor`].
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub std::net::IpAddr);

/// The address of the client making this request, when known.
pub fn client_address() -> Option<std::net::IpAddr> {
    crate::ui::request::parts(|p| p.extensions.get::<ClientAddress>().map(|c| c.0)).flatten()
}

/// The signed-in user, or `None`: read from the request (see [`attach_actor`]), never from the database.
pub async fn current_actor() -> Result<Option<Actor>, AppError> {
    Ok(crate::server::call_actor())
}

/// The signed-in user, or `Unauthorized`. Every server function that needs an account starts here.
pub async fn actor() -> Result<Actor, AppError> {
    current_actor().await?.ok_or(AppError::Unauthorized)
}

/// The signed-in user, who must have one of these roles (an entry of `domain::account::access`).
pub async fn actor_in(roles: &[Role]) -> Result<Actor, AppError> {
    let actor = actor().await?;
    actor.require(roles)?;
    Ok(actor)
}

/// Starts a session for this user with a new session id (no fixation).
pub async fn start_session(user: &UserId) -> Result<(), AppError> {
    let state = state()?;
    let session = session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session.insert(USER_KEY, user.as_str()).await.map_err(session_error)?;
    let now = state.clock.now().0;
    session.insert(SIGNED_IN_AT_KEY, now).await.map_err(session_error)?;
    session.insert(ACTIVE_AT_KEY, now).await.map_err(session_error)?;
    Ok(())
}

pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await.map_err(session_error)
}

#[cfg(test)]
mod tests {
    use super::{liveness, Liveness::*};

    #[test]
    fn sessions_end_when_idle_or_too_old_and_restart_their_idle_time_when_used() {
        let (idle, absolute) = (60, 600);
        // (now, signed in at, last active at, expected)
        let cases = [
            (0, 0, Some(0), Alive),
            (14, 0, Some(0), Alive),
            (15, 0, Some(0), Refresh),
            (60, 0, Some(0), Refresh),
            (61, 0, Some(50), Alive),
            (80, 0, Some(20), Refresh),
            (590, 0, Some(580), Alive),
            (601, 0, Some(600), Over),
            // a session from before the idle time was kept counts from its sign-in
            (30, 0, None, Refresh),
            (10, 0, None, Alive),
        ];
        for (now, signed_in, active, expected) in cases {
            assert_eq!(
                liveness(now, signed_in, active, idle, absolute),
                expected,
                "{now} {active:?}"
            );
        }
    }
}
