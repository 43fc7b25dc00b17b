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

/// The application state, as provided to every server function and page render.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

/// Wraps a server function's body: maps an error to its HTTP status at the edge (for fetch/JSON callers; a
/// plain HTML form post keeps leptos' redirect back to the form) and counts it in the request's log line.
/// Whether this request is a plain HTML form post (JavaScript off) rather than the app's fetch.
pub fn plain_form() -> bool {
    use_context::<::http::request::Parts>()
        .and_then(|p| p.headers.get(::http::header::ACCEPT).cloned())
        .and_then(|v| v.to_str().ok().map(|s| s.contains("text/html")))
        .unwrap_or(false)
}

pub async fn respond<T>(body: impl std::future::Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let result = body.await;
    if let Err(err) = &result {
        if !plain_form() {
            if let (Some(opts), Ok(code)) = (
                use_context::<leptos_axum::ResponseOptions>(),
                ::http::StatusCode::from_u16(err.status_code()),
            ) {
                opts.set_status(code);
            }
        }
        tracing::info!(status = err.status_code(), error = %err, "request refused");
    }
    result
}
