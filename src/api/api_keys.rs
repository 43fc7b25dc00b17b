//! The `API keys` page: admins make keys for the partner platform, advertisers and publishers; a business makes
//! keys for itself. A key is shown once (`server::reveal`), listed by its prefix, revocable, with its last use.

use crate::domain::api_key::ApiKey;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The keys the signed-in user manages, and (for an admin) the accounts a key can be made for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiKeysView {
    pub keys: Vec<ApiKey>,
    /// Advertisers and publishers: (id, label), for an admin's form.
    pub owners: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
use crate::domain::account::access::KEY_MANAGERS;

#[server(prefix = "/api", endpoint = "api_keys")]
pub async fn api_keys() -> Result<ApiKeysView, AppError> {
    use crate::domain::account::Role;
    use crate::server::db::{api_keys as store, users};
    use crate::server::{auth, state};
    crate::server::respond(async move {
        let actor = auth::actor_in(KEY_MANAGERS).await?;
        let state = state()?;
        if actor.role == Role::Admin {
            let mut owners = Vec::new();
            for role in [Role::Advertiser, Role::Publisher] {
                for u in users::list(&state.db, Some(role), None, 500).await? {
                    owners.push((
                        u.id.to_string(),
                        format!("{} <{}> ({})", u.name, u.email, role.as_str()),
                    ));
                }
            }
            Ok(ApiKeysView {
                keys: store::list(&state.db, None).await?,
                owners,
            })
        } else {
            Ok(ApiKeysView {
                keys: store::list(&state.db, Some(&actor.user_id)).await?,
                owners: Vec::new(),
            })
        }
    })
    .await
}

/// Makes a key: `role` is `partner`, `advertiser` or `publisher` with `owner` (an admin), or `business` (a
/// business, for itself). The whole key is in the answer and shown once on the page.
#[server(prefix = "/api", endpoint = "create_api_key")]
pub async fn create_api_key(
    name: String,
    #[server(default)] role: String,
    #[server(default)] owner: String,
) -> Result<CreatedKey, AppError> {
    use crate::domain::api_key::NewKey;
    use crate::domain::ids::UserId;
    use crate::server::db::{api_keys as store, users};
    use crate::server::{auth, state};
    crate::server::respond(async move {
        let actor = auth::actor_in(KEY_MANAGERS).await?;
        let state = state()?;
        let owner_role = match owner.trim() {
            "" => None,
            id => users::summary(&state.db, &UserId(id.to_string()))
                .await?
                .map(|u| u.role),
        };
        let new = NewKey::validate(&actor, &name, &role, &owner, owner_role)?;
        let (key, whole) = store::create(&state.db, &new, &actor.user_id, state.clock.now()).await?;
        tracing::info!(key = %key.id, prefix = %key.prefix, role = key.role.as_str(), "api key made");
        crate::server::reveal(
            "Copy this API key now — it will not be shown again:",
            whole.clone(),
            format!("Key “{}” made. Send it as `Authorization: Bearer <key>`.", key.name),
        );
        Ok(CreatedKey { key, secret: whole })
    })
    .await
}

/// A new key and the whole key, which is shown this once and never again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedKey {
    pub key: ApiKey,
    pub secret: String,
}

/// Revokes a key its caller manages (`domain::api_key::may_manage`); another's is not found.
#[server(prefix = "/api", endpoint = "revoke_api_key")]
pub async fn revoke_api_key(id: String) -> Result<ApiKey, AppError> {
    use crate::domain::api_key::may_manage;
    use crate::server::db::api_keys as store;
    use crate::server::{auth, state};
    crate::server::respond(async move {
        let actor = auth::actor_in(KEY_MANAGERS).await?;
        let state = state()?;
        let not_found = || AppError::not_found("API key");
        let key = store::get(&state.db, id.trim()).await?.ok_or_else(not_found)?;
        if !may_manage(&actor, &key) {
            return Err(not_found());
        }
        if !store::revoke(&state.db, &key.id, state.clock.now()).await? {
            return Err(AppError::Conflict("This key was already revoked.".into()));
        }
        crate::server::notice(format!(
            "Key “{}” revoked: requests with it are refused from now on.",
            key.name
        ));
        store::get(&state.db, &key.id).await?.ok_or_else(not_found)
    })
    .await
}
