//! Sign in, sign up, sign out, and who is signed in.

use crate::domain::account::Actor;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user, or `None`: what the header and the page guards read.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Actor>, AppError> {
    crate::server::respond(crate::server::auth::current_actor()).await
}

#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String, #[server(default)] next: String) -> Result<(), AppError> {
    use crate::domain::account::{normalise_email, valid_email, PASSWORD_MAX};
    use crate::error::{Errors, FieldError};
    use crate::server::{auth, db, state};
    crate::server::respond(async move {
        let state = state()?;
        // sizes first: an address that cannot exist is no rate-limit key and no log line
        let mut errs = Errors::new();
        errs.check(!email.trim().is_empty(), "email", "Enter your email address.");
        errs.check(
            email.trim().is_empty() || (email.len() <= 254 && valid_email(&normalise_email(&email))),
            "email",
            "Enter a valid email address.",
        );
        errs.check(!password.is_empty(), "password", "Enter your password.");
        errs.check(
            password.len() <= PASSWORD_MAX * 4,
            "password",
            "The email or password is incorrect.",
        );
        errs.finish()?;
        let email = normalise_email(&email);
        let now = state.clock.now();
        if let Err(wait) = state
            .sign_in_limiter
            .attempt(&state.db, &email, auth::client_address(), now)
            .await?
        {
            return Err(AppError::RateLimited(format!(
                "Too many sign-in attempts. Please wait {wait} seconds and try again."
            )));
        }
        let credentials = db::users::credentials(&state.db, &email).await?;
        let verified = auth::password::verify(password, credentials.as_ref().map(|(_, h)| h.clone())).await?;
        let Some((user_id, _)) = credentials.filter(|_| verified) else {
            tracing::info!(%email, "sign-in refused: wrong email or password");
            return Err(AppError::Validation(vec![FieldError::new(
                "password",
                "The email or password is incorrect.",
            )]));
        };
        state
            .sign_in_limiter
            .signed_in(&state.db, &email, auth::client_address(), now)
            .await?;
        auth::start_session(&user_id).await?;
        let actor = db::users::actor(&state.db, &user_id).await?.ok_or(AppError::Internal)?;
        tracing::info!(user = %user_id, role = actor.role.as_str(), "signed in");
        crate::server::redirect(crate::domain::links::safe_next(&next).unwrap_or(actor.role.home()));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "sign_up")]
pub async fn sign_up(
    email: String,
    password: String,
    role: String,
    name: String,
    #[server(default)] username: String,
    #[server(default)] avatar_url: String,
    #[server(default)] platforms: Vec<String>,
    #[server(default)] followers: String,
    #[server(default)] niche: String,
    #[server(default)] bio: String,
) -> Result<(), AppError> {
    use crate::domain::account::{CreatorProfileInput, Role, SignUp};
    use crate::server::db::users::{insert, NewUser};
    use crate::server::{auth, state};
    crate::server::respond(async move {
        let state = state()?;
        let creator = (role == Role::Creator.as_str()).then(|| CreatorProfileInput {
            username,
            avatar_url,
            platforms,
            followers: followers.trim().replace(',', "").parse().unwrap_or(-1),
            niche,
            bio,
        });
        let signup = SignUp::validate(&email, &password, &role, &name, creator)?;
        if let Err(wait) = state
            .sign_in_limiter
            .sign_up(&state.db, auth::client_address(), state.clock.now())
            .await?
        {
            return Err(AppError::RateLimited(format!(
                "Too many new accounts from your network. Please wait {} minutes and try again.",
                wait.div_ceil(60)
            )));
        }
        // a taken address is answered before the (deliberately slow) hash
        if crate::server::db::users::credentials(&state.db, &signup.email)
            .await?
            .is_some()
        {
            return Err(AppError::Conflict(crate::server::db::users::EMAIL_TAKEN.into()));
        }
        let hash = auth::password::hash(signup.password.clone()).await?;
        let id = insert(
            &state.db,
            &NewUser {
                email: &signup.email,
                password_hash: &hash,
                role: signup.role,
                name: &signup.name,
                organisation: None,
                creator: signup.creator.as_ref(),
            },
            state.clock.now(),
        )
        .await?;
        auth::start_session(&id).await?;
        tracing::info!(user = %id, role = signup.role.as_str(), "signed up");
        crate::server::redirect(signup.role.home());
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::server::respond(async move {
        crate::server::auth::end_session().await?;
        crate::server::redirect("/signin");
        Ok(())
    })
    .await
}
