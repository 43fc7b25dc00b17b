//! API keys for the partner API (`/api/v1`): who may make one for whom, how a key is written and recognised.
//!
//! A key is `cdk_<prefix>_<secret>`: the prefix (8 characters) names it in lists and finds it; the whole key is
//! stored only as its SHA-256 (a key is 32 random characters of secret, so a fast hash is as strong as a slow
//! one, and it is checked on every request). It is shown once, when made.

use crate::domain::account::{Actor, Role};
use crate::domain::time::Millis;
use crate::error::{AppError, Errors};
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 80;
pub const PREFIX_LEN: usize = 8;
pub const SECRET_LEN: usize = 32;
/// A business keeps at most this many live keys; an admin at most this many per owner.
pub const KEYS_MAX: i64 = 20;

/// Whom a key acts for: the partner platform (no account of ours), or one account, with its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KeyRole {
    Partner,
    Business,
    Advertiser,
    Publisher,
    /// An admin's own key: the partner deliveries (list, replay).
    Admin,
}

impl KeyRole {
    pub const ALL: [KeyRole; 5] = [
        KeyRole::Partner,
        KeyRole::Business,
        KeyRole::Advertiser,
        KeyRole::Publisher,
        KeyRole::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            KeyRole::Partner => "partner",
            KeyRole::Business => "business",
            KeyRole::Advertiser => "advertiser",
            KeyRole::Publisher => "publisher",
            KeyRole::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            KeyRole::Partner => "Partner platform",
            KeyRole::Business => "Business",
            KeyRole::Advertiser => "Advertiser",
            KeyRole::Publisher => "Publisher",
            KeyRole::Admin => "Admin",
        }
    }

    pub fn parse(s: &str) -> Option<KeyRole> {
        KeyRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The account role a key of this kind acts as (`None`: the partner, no account).
    pub fn account_role(self) -> Option<Role> {
        match self {
            KeyRole::Partner => None,
            KeyRole::Business => Some(Role::Business),
            KeyRole::Advertiser => Some(Role::Advertiser),
            KeyRole::Publisher => Some(Role::Publisher),
            KeyRole::Admin => Some(Role::Admin),
        }
    }
}

/// A key as its lists show it (never the secret).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    pub role: KeyRole,
    /// The account it acts for (`None` for a partner key): (id, name, email).
    pub owner: Option<(String, String, String)>,
    /// `cdk_1a2b3c4d`: how the key starts, to tell keys apart.
    pub prefix: String,
    pub created_at: Millis,
    pub last_used_at: Option<Millis>,
    pub revoked_at: Option<Millis>,
}

/// A key about to be made, checked: its name, kind and owner (an account id, for all but partner keys).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewKey {
    pub name: String,
    pub role: KeyRole,
    pub owner: Option<String>,
}

impl NewKey {
    /// Who may make which key: an admin makes partner keys, keys for advertisers and publishers (the owner's
    /// role must be the key's) and admin keys for itself; a business makes business keys for itself only. `owner_role` is the
    /// role of the account named as owner, if there is one.
    pub fn validate(
        actor: &Actor,
        name: &str,
        role: &str,
        owner: &str,
        owner_role: Option<Role>,
    ) -> Result<NewKey, AppError> {
        let mut errs = Errors::new();
        let name = name.trim();
        errs.check(!name.is_empty(), "name", "Give the key a name (what uses it).");
        errs.text("name", name, "the name", NAME_MAX);
        let role = KeyRole::parse(role);
        errs.check(role.is_some(), "role", "Choose what the key is for.");
        errs.finish()?;
        let role = role.ok_or(AppError::Internal)?;
        let owner = owner.trim();
        let owner = match (actor.role, role) {
            (Role::Admin, KeyRole::Partner) => None,
            (Role::Admin, KeyRole::Advertiser | KeyRole::Publisher) => {
                if owner.is_empty() {
                    return Err(AppError::field(
                        "owner",
                        format!("Choose the {} the key is for.", role.as_str()),
                    ));
                }
                if owner_role != role.account_role() {
                    return Err(AppError::field(
                        "owner",
                        format!("That account is not a {}.", role.as_str()),
                    ));
                }
                Some(owner.to_string())
            }
            (Role::Business, KeyRole::Business) | (Role::Admin, KeyRole::Admin) => Some(actor.user_id.to_string()),
            (Role::Admin, KeyRole::Business) => {
                return Err(AppError::Forbidden("A business makes its own keys.".into()))
            }
            _ => return Err(AppError::Forbidden("You may not make this kind of key.".into())),
        };
        Ok(NewKey {
            name: name.to_string(),
            role,
            owner,
        })
    }
}

/// Who may see and revoke a key: its owner, and admins (every key but a business's own, which only the
/// business sees and revokes).
pub fn may_manage(actor: &Actor, key: &ApiKey) -> bool {
    match actor.role {
        Role::Admin => key.role != KeyRole::Business,
        _ => key
            .owner
            .as_ref()
            .is_some_and(|(id, _, _)| *id == actor.user_id.to_string()),
    }
}

/// `cdk_<prefix>_<secret>` → the prefix, if the token has the shape of a key.
pub fn prefix_of(token: &str) -> Option<&str> {
    let rest = token.strip_prefix("cdk_")?;
    let (prefix, secret) = rest.split_once('_')?;
    let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_alphanumeric());
    (ok(prefix, PREFIX_LEN) && ok(secret, SECRET_LEN)).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::UserId;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: UserId("me".into()),
            role,
            name: "Me".into(),
            email: "me@example.com".into(),
            organisation_id: None,
        }
    }

    #[test]
    fn who_may_make_which_key() {
        use Role::*;
        // (actor, key role, owner given, owner's role, outcome: Ok(owner) or the error's status)
        type Case = (
            Role,
            &'static str,
            &'static str,
            Option<Role>,
            Result<Option<&'static str>, u16>,
        );
        let cases: [Case; 15] = [
            (Admin, "partner", "", None, Ok(None)),
            (Admin, "partner", "u1", Some(Publisher), Ok(None)), // a partner key has no owner
            (Admin, "advertiser", "u1", Some(Advertiser), Ok(Some("u1"))),
            (Admin, "publisher", "u1", Some(Publisher), Ok(Some("u1"))),
            (Admin, "advertiser", "u1", Some(Publisher), Err(422)), // not an advertiser
            (Admin, "publisher", "", None, Err(422)),               // nobody named
            (Admin, "business", "u1", Some(Business), Err(403)),
            (Business, "business", "", None, Ok(Some("me"))),
            (Business, "business", "someone-else", Some(Business), Ok(Some("me"))), // always itself
            (Business, "partner", "", None, Err(403)),
            (Creator, "business", "", None, Err(403)),
            (Publisher, "publisher", "", None, Err(403)),
            (Admin, "admin", "", None, Ok(Some("me"))),
            (Admin, "admin", "u1", Some(Admin), Ok(Some("me"))), // always itself
            (Business, "admin", "", None, Err(403)),
        ];
        for (role, key, owner, owner_role, outcome) in cases {
            let got = NewKey::validate(&actor(role), "CRM sync", key, owner, owner_role);
            match outcome {
                Ok(o) => assert_eq!(got.map(|k| k.owner), Ok(o.map(String::from)), "{role:?} {key}"),
                Err(status) => assert_eq!(got.map_err(|e| e.status_code()).err(), Some(status), "{role:?} {key}"),
            }
        }
        let e = NewKey::validate(&actor(Admin), " ", "robot", "", None).unwrap_err();
        assert_eq!(e.status_code(), 422);
    }

    #[test]
    fn a_key_is_recognised_by_its_shape() {
        let secret = "a".repeat(SECRET_LEN);
        let good = format!("cdk_1a2B3c4D_{secret}");
        assert_eq!(prefix_of(&good), Some("1a2B3c4D"));
        for bad in [
            String::new(),
            format!("cdk_1a2B3c4_{secret}"),                         // short prefix
            format!("cdk_1a2B3c4D_{secret}x"),                       // long secret
            format!("cdk_1a2B3c4D-{secret}"),                        // no separator
            format!("xyz_1a2B3c4D_{secret}"),                        // not ours
            format!("cdk_1a2B3c4!_{secret}"),                        // not alphanumeric
            format!("cdk_1a2B3c4D_{}é", "a".repeat(SECRET_LEN - 1)), // not ASCII
        ] {
            assert_eq!(prefix_of(&bad), None, "{bad}");
        }
    }

    #[test]
    fn admins_manage_every_key_but_a_business_s_own() {
        let key = |role: KeyRole, owner: Option<&str>| ApiKey {
            id: "k".into(),
            name: "n".into(),
            role,
            owner: owner.map(|o| (o.to_string(), "O".into(), "o@example.com".into())),
            prefix: "cdk_x".into(),
            created_at: Millis(0),
            last_used_at: None,
            revoked_at: None,
        };
        assert!(may_manage(&actor(Role::Admin), &key(KeyRole::Partner, None)));
        assert!(may_manage(&actor(Role::Admin), &key(KeyRole::Publisher, Some("p"))));
        assert!(!may_manage(&actor(Role::Admin), &key(KeyRole::Business, Some("b"))));
        assert!(may_manage(&actor(Role::Business), &key(KeyRole::Business, Some("me"))));
        assert!(!may_manage(&actor(Role::Business), &key(KeyRole::Business, Some("b2"))));
        assert!(!may_manage(&actor(Role::Publisher), &key(KeyRole::Partner, None)));
    }
}
