//! The admin `Users` page: list accounts, create publisher, advertiser and admin accounts.

use crate::domain::account::UserSummary;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserPage {
    pub users: Vec<UserSummary>,
    pub next: Option<String>,
}

pub const USERS_PAGE: i64 = 25;

#[server(prefix = "/api", endpoint = "list_users")]
pub async fn list_users(
    #[server(default)] role: String,
    #[server(default)] after: String,
) -> Result<UserPage, AppError> {
    use crate::domain::account::{access, Role};
    use crate::domain::page::{Cursor, Page};
    use crate::server::{auth, db, state};
    crate::server::respond(async move {
        auth::actor_in(access::ADMIN).await?;
        let state = state()?;
        let role = if role.is_empty() {
            None
        } else {
            Some(Role::parse(&role).ok_or_else(|| AppError::field("role", "Unknown role."))?)
        };
        let rows = db::users::list(&state.db, role, Cursor::parse(&after), USERS_PAGE + 1).await?;
        let Page { rows: users, next } =
            Page::cut(rows, USERS_PAGE, |last| Cursor::new(last.created_at, last.id.clone()));
        Ok(UserPage { users, next })
    })
    .await
}

#[server(prefix = "/api", endpoint = "create_staff")]
pub async fn create_staff(
    email: String,
    password: String,
    role: String,
    name: String,
    #[server(default)] organisation: String,
) -> Result<UserSummary, AppError> {
    use crate::domain::account::access;
    use crate::server::{auth, state};
    crate::server::respond(async move {
        let admin = auth::actor_in(access::ADMIN).await?;
        let state = state()?;
        let id = create_staff_account(&state.db, &state.clock, &email, &password, &role, &name, &organisation).await?;
        tracing::info!(admin = %admin.user_id, user = %id, role, "staff account created");
        let user = crate::server::db::users::summary(&state.db, &id)
            .await?
            .ok_or(AppError::Internal)?;
        crate::server::notice(format!("{} account created for {}", user.role.label(), user.email));
        Ok(user)
    })
    .await
}

/// Creates a publisher, advertiser or admin account (the Users page and the `create-admin` command).
#[cfg(feature = "ssr")]
pub async fn create_staff_account(
    db: &crate::server::db::Db,
    clock: &crate::server::clock::Clock,
    email: &str,
    password: &str,
    role: &str,
    name: &str,
    organisation: &str,
) -> Result<crate::domain::ids::UserId, AppError> {
    use crate::domain::account::NewStaff;
    use crate::server::db::users::{insert, NewUser};
    let staff = NewStaff::validate(email, password, role, name, organisation)?;
    let hash = crate::server::auth::password::hash(staff.password.clone()).await?;
    insert(
        db,
        &NewUser {
            email: &staff.email,
            password_hash: &hash,
            role: staff.role,
            name: &staff.name,
            organisation: staff.organisation.as_deref(),
            creator: None,
        },
        clock.now(),
    )
    .await
}
