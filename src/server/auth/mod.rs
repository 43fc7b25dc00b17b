//! Authentication: password hashing, database-backed sessions, sign-in rate limits, the cross-origin guard,
//! and turning a request's session into an `Actor`.

pub mod origin;
pub mod password;
pub mod rate_limit;
pub mod session;

use crate::domain::account::{Actor, Role};
use crate::domain::ids::UserId;
use crate::domain::time::MINUTE;
use crate::error::AppError;
use crate::server::{db, state};
use leptos::prelude::use_context;
use tower_sessions::Session;

const USER_KEY: &str = "user_id";
const SIGNED_IN_AT_KEY: &str = "signed_in_at";

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

/// Who the session says is signed in, read once per request by [`attach_session_user`] and kept in the
/// request's extensions. Server functions and page renders read this instead of the session itself:
/// a page runs several resources at once, and each locking the session to load it could stall them.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub user_id: UserId,
}

/// Middleware (inside the session layer): reads the session once, ends it when past its absolute lifetime,
/// and records the signed-in user for the rest of the request.
pub async fn attach_session_user(
    axum::extract::State(state): axum::extract::State<crate::server::AppState>,
    session: Session,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if !req.uri().path().starts_with("/pkg/") {
        let user: Option<String> = session.get(USER_KEY).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "session store error");
            None
        });
        let signed_in_at: Option<i64> = session.get(SIGNED_IN_AT_KEY).await.unwrap_or(None);
        if let (Some(user), Some(at)) = (user, signed_in_at) {
            if state.clock.now().0 - at > state.config.session_absolute_minutes * MINUTE {
                if let Err(e) = session.flush().await {
                    tracing::error!(error = %e, "could not end an expired session");
                }
            } else {
                req.extensions_mut().insert(SessionUser { user_id: UserId(user) });
            }
        }
    }
    next.run(req).await
}

/// The signed-in user, or `None`.
pub async fn current_actor() -> Result<Option<Actor>, AppError> {
    let state = state()?;
    let Some(user) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<SessionUser>().cloned())
    else {
        return Ok(None);
    };
    match db::users::actor(&state.db, &user.user_id).await? {
        Some(actor) => Ok(Some(actor)),
        None => {
            // the account is gone: end the session
            session().await?.flush().await.map_err(session_error)?;
            Ok(None)
        }
    }
}

/// The signed-in user, or `Unauthorized`. Every server function that needs an account starts here.
pub async fn actor() -> Result<Actor, AppError> {
    current_actor().await?.ok_or(AppError::Unauthorized)
}

/// The signed-in user, who must have this role.
pub async fn actor_with(role: Role) -> Result<Actor, AppError> {
    let actor = actor().await?;
    actor.require(role)?;
    Ok(actor)
}

/// Starts a session for this user with a new session id (no fixation).
pub async fn start_session(user: &UserId) -> Result<(), AppError> {
    let state = state()?;
    let session = session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session.insert(USER_KEY, user.as_str()).await.map_err(session_error)?;
    session
        .insert(SIGNED_IN_AT_KEY, state.clock.now().0)
        .await
        .map_err(session_error)?;
    Ok(())
}

pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await.map_err(session_error)
}
