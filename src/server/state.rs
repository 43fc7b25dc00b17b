use crate::server::auth::rate_limit::SignInLimiter;
use crate::server::clock::Clock;
use crate::server::config::Config;
use crate::server::db::Db;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// Shared by every request: given to axum handlers as state and to server functions through context.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Wakes the outbox worker as soon as a change queued something (it also polls).
    pub outbox_wake: Arc<tokio::sync::Notify>,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub sign_in_limiter: Arc<SignInLimiter>,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
