//! The partner platform's inbound creator sync (`POST /webhooks/partner/creators`): what an item looks like,
//! how it is checked (the same profile rules as sign-up), and the per-item report.

use crate::domain::account::{normalise_email, CreatorProfileInput};
use crate::error::{AppError, Errors};
use serde::{Deserialize, Serialize};

/// The largest body accepted (a bigger one is refused with 413 before it is read whole).
pub const BODY_LIMIT: usize = 1024 * 1024;
/// At most this many creators in one delivery.
pub const BATCH_MAX: usize = 500;

/// A creator as the partner sends it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnerCreator {
    /// The partner's own id for this creator: the key of the upsert.
    pub id: String,
    pub name: String,
    pub email: String,
    pub username: String,
    pub avatar_url: String,
    pub followers: i64,
    pub niche: String,
    pub platforms: Vec<String>,
    pub bio: String,
}

/// A checked item.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidPartnerCreator {
    pub partner_id: String,
    pub name: String,
    /// Normalised; empty when the partner sent none (the account then has a placeholder address).
    pub email: String,
    pub profile: CreatorProfileInput,
}

impl PartnerCreator {
    pub fn validate(self) -> Result<ValidPartnerCreator, AppError> {
        let mut errs = Errors::new();
        let partner_id = self.id.trim().to_string();
        errs.check(
            !partner_id.is_empty()
                && partner_id.len() <= 100
                && partner_id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c)),
            "id",
            "The creator needs the partner's id (letters, digits, - _ . :, up to 100).",
        );
        let name = self.name.trim().to_string();
        errs.check(
            !name.is_empty() && crate::domain::text::fits(&name, 100),
            "name",
            "The creator needs a name of up to 100 characters.",
        );
        let email = if self.email.trim().is_empty() {
            String::new()
        } else {
            normalise_email(&self.email)
        };
        errs.check(
            email.is_empty() || (email.contains('@') && !email.starts_with('@') && !email.ends_with('@')),
            "email",
            "The e-mail address is not valid.",
        );
        let mut profile = CreatorProfileInput {
            username: self.username,
            avatar_url: self.avatar_url,
            platforms: self.platforms,
            followers: self.followers,
            niche: self.niche,
            bio: self.bio,
        };
        profile.check(&mut errs);
        errs.finish()?;
        Ok(ValidPartnerCreator {
            partner_id,
            name,
            email,
            profile,
        })
    }
}

/// The body: `{"creators": [...]}`, or a single creator object.
pub fn parse_body(body: &[u8]) -> Result<Vec<serde_json::Value>, String> {
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|e| format!("The body is not valid JSON: {e}"))?;
    let items = match v {
        serde_json::Value::Object(ref o) if o.contains_key("creators") => match o.get("creators") {
            Some(serde_json::Value::Array(a)) => a.clone(),
            _ => return Err("`creators` must be an array.".into()),
        },
        serde_json::Value::Object(_) => vec![v],
        _ => return Err("Send {\"creators\": [...]} or one creator object.".into()),
    };
    if items.is_empty() {
        return Err("`creators` is empty.".into());
    }
    if items.len() > BATCH_MAX {
        return Err(format!("Send at most {BATCH_MAX} creators at a time."));
    }
    Ok(items)
}

/// One rejected item and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rejected {
    pub index: usize,
    pub id: Option<String>,
    pub reason: String,
}

/// What the sync did, item by item.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncReport {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub rejected: Vec<Rejected>,
    /// True when this `webhook-id` was processed before: nothing was changed this time.
    #[serde(default)]
    pub duplicate: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> PartnerCreator {
        PartnerCreator {
            id: "dt-42".into(),
            name: "Ada Eats".into(),
            email: "Ada@Example.com".into(),
            username: "@Ada_Eats".into(),
            avatar_url: String::new(),
            followers: 12_000,
            niche: "food".into(),
            platforms: vec!["instagram".into()],
            bio: String::new(),
        }
    }

    #[test]
    fn items_are_checked_like_a_sign_up() {
        let v = item().validate().unwrap();
        assert_eq!(
            (v.email.as_str(), v.profile.username.as_str()),
            ("ada@example.com", "ada_eats")
        );
        let bad = PartnerCreator {
            id: "".into(),
            niche: "astrology".into(),
            followers: -1,
            ..item()
        };
        let Err(AppError::Validation(errs)) = bad.validate() else {
            panic!()
        };
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["id", "followers", "niche"]);
    }

    #[test]
    fn bodies() {
        assert_eq!(parse_body(br#"{"creators":[{"id":"a"},{"id":"b"}]}"#).unwrap().len(), 2);
        assert_eq!(parse_body(br#"{"id":"a","name":"A"}"#).unwrap().len(), 1);
        assert!(parse_body(b"{not json")
            .unwrap_err()
            .starts_with("The body is not valid JSON"));
        assert!(parse_body(br#"{"creators":{}}"#).is_err());
        assert!(parse_body(br#"{"creators":[]}"#).is_err());
        assert!(parse_body(b"[1,2]").is_err());
    }
}
