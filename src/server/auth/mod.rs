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

/// The signed-in user, or `None`. A session past its absolute lifetime is ended here.
pub async fn current_actor() -> Result<Option<Actor>, AppError> {
    let state = state()?;
    let session = session().await?;
    let user: Option<String> = session.get(USER_KEY).await.map_err(session_error)?;
    let signed_in_at: Option<i64> = session.get(SIGNED_IN_AT_KEY).await.map_err(session_error)?;
    let (Some(user), Some(signed_in_at)) = (user, signed_in_at) else {
        return Ok(None);
    };
    if state.clock.now().0 - signed_in_at > state.config.session_absolute_minutes * MINUTE {
        session.flush().await.map_err(session_error)?;
        return Ok(None);
    }
    match db::users::actor(&state.db, &UserId(user)).await? {
        Some(actor) => Ok(Some(actor)),
        None => {
            // the account is gone: end the session
            session.flush().await.map_err(session_error)?;
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
