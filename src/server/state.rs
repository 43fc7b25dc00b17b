use crate::server::auth::rate_limit::SignInLimiter;
use crate::server::clock::Clock;
use crate::server::config::Config;
use crate::server::db::Db;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// Shared by every request: given to axum handlers as state and to server functions through context. A
/// handle: cloning it (several times per request, by axum's middleware and by each server function's
/// context) is one reference count, not a copy of the database handle, the configuration and the Leptos
/// options (which cost 13 % of a page's CPU under load when each clone copied them).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What the [`AppState`] handle shares.
pub struct Shared {
    pub db: Db,
    /// Wakes the outbox worker as soon as a change queued something (it also polls).
    pub outbox_wake: Arc<tokio::sync::Notify>,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub sign_in_limiter: SignInLimiter,
    pub leptos_options: LeptosOptions,
}

impl AppState {
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
