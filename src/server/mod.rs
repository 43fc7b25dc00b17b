//! Everything that only runs on the server: configuration, database, sessions, HTTP edge, demo data.

pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod export;
pub mod jobs;
pub mod mail;
pub mod outbox;
pub mod partner;
pub mod router;
pub mod state;

pub use state::AppState;

use crate::error::AppError;
use leptos::prelude::*;

tokio::task_local! {
    /// The application state of the server function being run, captured when it starts (see `respond`).
    static CALL_STATE: AppState;
}

/// The application state, as provided to every server function and page render.
///
/// Inside a server function it is the state captured when the function started, so it stays readable
/// after any `.await`: a page render may drop its reactive owner (and the Leptos context with it) while a
/// resource's server function is still running, e.g. one of the extra copies Leptos creates when it walks a
/// `Suspense` ahead of rendering it.
#[track_caller]
pub fn state() -> Result<AppState, AppError> {
    if let Ok(state) = CALL_STATE.try_with(AppState::clone) {
        return Ok(state);
    }
    let caller = std::panic::Location::caller();
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!(%caller, "AppState missing from the Leptos context");
        AppError::Internal
    })
}

/// Whether this request is a plain HTML form post (JavaScript off) rather than the app's fetch.
pub fn plain_form() -> bool {
    use_context::<::http::request::Parts>()
        .and_then(|p| p.headers.get(::http::header::ACCEPT).cloned())
        .and_then(|v| v.to_str().ok().map(|s| s.contains("text/html")))
        .unwrap_or(false)
}

/// Wraps every server function's body. Reads what it needs from the Leptos context before the body's first
/// `.await` (the state, kept for the whole call; the response options), maps an error to its HTTP status at
/// the edge (for fetch/JSON callers; a plain HTML form post keeps leptos' redirect back to the form) and
/// counts it in the request's log line.
pub async fn respond<T>(body: impl std::future::Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let status_to = if plain_form() {
        None
    } else {
        use_context::<leptos_axum::ResponseOptions>()
    };
    let result = match use_context::<AppState>() {
        Some(state) => CALL_STATE.scope(state, body).await,
        None => body.await,
    };
    if let Err(err) = &result {
        if let (Some(opts), Ok(code)) = (status_to, ::http::StatusCode::from_u16(err.status_code())) {
            opts.set_status(code);
        }
        tracing::info!(status = err.status_code(), error = %err, "request refused");
    }
    result
}
