//! Everything that only runs on the server: configuration, database, sessions, HTTP edge, demo data.

pub mod api_v1;
pub mod auth;
pub mod calls;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod export;
pub mod flash;
pub mod jobs;
pub mod live;
pub mod mail;
pub mod outbox;
pub mod partner;
pub mod router;
pub mod state;

pub use state::AppState;

use crate::error::AppError;
use crate::ui::request::Notice;
use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

tokio::task_local! {
    /// The server function being run: its state and request, captured when it starts (see `respond`).
    static CALL: Call;
}

/// What a server function reads from its request, captured before its first `.await`.
#[derive(Clone)]
struct Call {
    state: AppState,
    actor: Option<crate::domain::account::Actor>,
    notices: Arc<Mutex<Vec<Notice>>>,
    reveal: Arc<Mutex<Option<crate::ui::request::Reveal>>>,
    redirected: Arc<AtomicBool>,
}

/// The application state, as provided to every server function and page render. Inside a server function it
/// is the state captured when the function started.
#[track_caller]
pub fn state() -> Result<AppState, AppError> {
    if let Ok(state) = CALL.try_with(|c| c.state.clone()) {
        return Ok(state);
    }
    let caller = std::panic::Location::caller();
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!(%caller, "AppState missing from the Leptos context");
        AppError::Internal
    })
}

/// The signed-in actor of the server function being run (read from its request).
pub(crate) fn call_actor() -> Option<crate::domain::account::Actor> {
    CALL.try_with(|c| c.actor.clone())
        .ok()
        .flatten()
        .or_else(crate::ui::request::actor)
}

/// A toast for the page the user returns to after this server function ("Campaign published"). Shown after a
/// plain form post and after an island's post alike (both reload the page; see `flash`).
pub fn notice(text: impl Into<String>) {
    push_notice(false, text.into());
}

/// Like [`notice`], shown as a problem ("… partner sync failed (retrying)").
pub fn warn(text: impl Into<String>) {
    push_notice(true, text.into());
}

fn push_notice(error: bool, text: String) {
    let _ = CALL.try_with(|c| {
        if let Ok(mut n) = c.notices.lock() {
            n.push(Notice { error, text });
        }
    });
}

/// Shows `value` once on the page the user returns to (a new endpoint's signing secret): it is kept in the
/// session only until that page is read.
pub fn reveal(title: impl Into<String>, value: impl Into<String>, note: impl Into<String>) {
    let _ = CALL.try_with(|c| {
        if let Ok(mut r) = c.reveal.lock() {
            *r = Some(crate::ui::request::Reveal {
                title: title.into(),
                value: value.into(),
                note: note.into(),
            });
        }
    });
}

/// Sends the browser to `path` when this server function has succeeded (instead of back to the page it was
/// called from).
pub fn redirect(path: &str) {
    let _ = CALL.try_with(|c| c.redirected.store(true, Ordering::Relaxed));
    leptos_axum::redirect(path);
}

fn accepts_html(parts: Option<&::http::request::Parts>) -> bool {
    parts
        .and_then(|p| p.headers.get(::http::header::ACCEPT))
        .and_then(|v| v.to_str().ok())
        .is_some_and(|s| s.contains("text/html"))
}

/// Whether this request is a plain HTML form post (JavaScript off) rather than the app's fetch.
pub fn plain_form() -> bool {
    crate::ui::request::parts(|p| accepts_html(Some(p))).unwrap_or(false)
}

/// The local path of the page a request came from (its `Referer`), if it is one of ours, without the error
/// parameters the framework's own no-JavaScript error handling adds (`__path`, `__err`).
fn referer_path(parts: &::http::request::Parts) -> Option<String> {
    let referer = parts.headers.get(::http::header::REFERER)?.to_str().ok()?;
    let uri: ::http::Uri = referer.parse().ok()?;
    let path = uri.path();
    let query: Vec<&str> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("__path=") && !p.starts_with("__err="))
        .collect();
    let back = if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    };
    crate::domain::links::safe_next(&back).map(str::to_string)
}

/// Wraps every server function's body. Reads what it needs from the request before the body's first `.await`
/// (the state, the actor, the response options; the call is logged when the request keeps a call log), maps an
/// error to its HTTP status at the edge and counts it in the request's log line. When called over HTTP:
/// success with a notice (or any plain form post) sends the browser back to the page it came from with the
/// notice in the flash; a failed plain form post goes back with the error and the values sent.
#[track_caller]
pub fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> impl std::future::Future<Output = Result<T, AppError>> {
    let caller = std::panic::Location::caller();
    let parts = use_context::<::http::request::Parts>();
    if let Some(log) = parts.as_ref().and_then(|p| p.extensions.get::<calls::CallLog>()) {
        log.push(format!("{}:{}", caller.file(), caller.line()));
    }
    let plain = accepts_html(parts.as_ref());
    let over_http = parts.as_ref().is_some_and(|p| p.uri.path().starts_with("/api/"));
    let options = use_context::<leptos_axum::ResponseOptions>();
    let call = use_context::<AppState>().map(|state| Call {
        state,
        actor: parts
            .as_ref()
            .and_then(|p| p.extensions.get::<crate::domain::account::Actor>().cloned()),
        notices: Arc::default(),
        reveal: Arc::default(),
        redirected: Arc::default(),
    });
    async move {
        let result = match &call {
            Some(call) => CALL.scope(call.clone(), body).await,
            None => body.await,
        };
        let session = parts
            .as_ref()
            .filter(|_| over_http)
            .and_then(|p| p.extensions.get::<tower_sessions::Session>().cloned());
        match &result {
            Err(err) => {
                if !plain {
                    if let (Some(opts), Ok(code)) = (&options, ::http::StatusCode::from_u16(err.status_code())) {
                        opts.set_status(code);
                    }
                }
                if let (true, Some(session), Some(parts)) = (plain, &session, &parts) {
                    let values = parts
                        .extensions
                        .get::<flash::PostedForm>()
                        .map(|f| f.0.clone())
                        .unwrap_or_default();
                    let echo = crate::ui::request::FormEcho {
                        action: parts.uri.path().to_string(),
                        error: err.clone(),
                        values,
                    };
                    flash::set_form(session, echo).await;
                    // back to the form, whose page reads the error from the flash (not from the URL, where
                    // the framework would otherwise encode it)
                    if let Some(back) = referer_path(parts) {
                        leptos_axum::redirect(&back);
                    }
                }
                tracing::info!(status = err.status_code(), error = %err, "request refused");
            }
            Ok(_) => {
                let notices = call
                    .as_ref()
                    .and_then(|c| c.notices.lock().ok().map(|mut n| std::mem::take(&mut *n)))
                    .unwrap_or_default();
                let reveal = call
                    .as_ref()
                    .and_then(|c| c.reveal.lock().ok().and_then(|mut r| r.take()));
                let redirected = call.as_ref().is_some_and(|c| c.redirected.load(Ordering::Relaxed));
                let noticed = !notices.is_empty() || reveal.is_some();
                if let Some(session) = &session {
                    if noticed {
                        flash::add(session, notices, reveal).await;
                    }
                    if (noticed || plain) && !redirected {
                        // where the form says to go next, else back to the page it was sent from
                        let next = parts
                            .as_ref()
                            .and_then(|p| p.extensions.get::<flash::PostedForm>())
                            .and_then(|f| f.next());
                        if let Some(to) = next.or_else(|| parts.as_ref().and_then(referer_path)) {
                            leptos_axum::redirect(&to);
                        }
                    }
                }
            }
        }
        result
    }
}

/// Runs `body` (server functions called directly) as `actor`, outside any page or form post: how `/api/v1`
/// reuses the server functions, so the API and the UI go through the same authorisation and rules. The
/// notices, reveals and redirects those functions make for a browser are dropped.
pub async fn acting_as<T>(
    state: &AppState,
    actor: crate::domain::account::Actor,
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let call = Call {
        state: state.clone(),
        actor: Some(actor),
        notices: Arc::default(),
        reveal: Arc::default(),
        redirected: Arc::default(),
    };
    CALL.scope(call, body).await
}

/// `result`, with a notice (`notice`) of its success.
pub fn noted<T>(result: Result<T, AppError>, text: impl FnOnce(&T) -> String) -> Result<T, AppError> {
    if let Ok(v) = &result {
        notice(text(v));
    }
    result
}
