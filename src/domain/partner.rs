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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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

/// The largest answer event accepted (`POST /webhooks/partner/events`): one small JSON object.
pub const EVENT_BODY_LIMIT: usize = 16 * 1024;

/// Which of our records a partner's answer is about: one we sent them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerOf {
    Offer,
    CreatorRequest,
    Invitation,
}

impl AnswerOf {
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerOf::Offer => "offer",
            AnswerOf::CreatorRequest => "creator_request",
            AnswerOf::Invitation => "invitation",
        }
    }

    /// `offer`, `creator request`, `invitation`: for messages.
    pub fn label(self) -> &'static str {
        match self {
            AnswerOf::Offer => "offer",
            AnswerOf::CreatorRequest => "creator request",
            AnswerOf::Invitation => "invitation",
        }
    }
}

/// A creator's answer given on the partner's side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Accepted,
    /// With the creator's reason, if they gave one (checked like a reason given in the app).
    Declined(Option<String>),
}

/// One answer event from the partner: `{"type": "offer.accepted", "timestamp": "…", "data": {"id": "…",
/// "reason": "…"}}` (the Standard Webhooks envelope, like the events we send).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerAnswer {
    /// As sent: `offer.accepted`, …
    pub event: String,
    pub of: AnswerOf,
    /// Our id of the record.
    pub id: String,
    pub answer: Answer,
}

/// The answer event types the partner sends.
pub const ANSWER_EVENTS: [&str; 6] = [
    "offer.accepted",
    "offer.declined",
    "creator_request.accepted",
    "creator_request.declined",
    "invitation.accepted",
    "invitation.declined",
];

/// An answer event as the partner sends it (the Standard Webhooks envelope).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnswerEvent {
    /// `offer.accepted`, `offer.declined`, `creator_request.accepted`, `creator_request.declined`,
    /// `invitation.accepted` or `invitation.declined`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When the creator answered, RFC 3339 (informational).
    #[serde(default)]
    pub timestamp: Option<String>,
    pub data: AnswerData,
}

/// Which record the answer is about, and the creator's reason for a decline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnswerData {
    /// Our id of the offer, invitation or creator request (as the event we sent carried it).
    pub id: String,
    /// Up to 500 characters; declines only.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Reads an answer event, or says what is wrong with it (the message to send back with a 422).
pub fn parse_answer(body: &[u8]) -> Result<PartnerAnswer, String> {
    if body.len() > EVENT_BODY_LIMIT {
        return Err(format!("The body is over {EVENT_BODY_LIMIT} bytes."));
    }
    let e: AnswerEvent = serde_json::from_slice(body)
        .map_err(|e| format!("Send {{\"type\": \"offer.accepted\", \"data\": {{\"id\": \"…\"}}}}: {e}"))?;
    let (of, answer) = e.kind.split_once('.').ok_or_else(|| unknown_type(&e.kind))?;
    let of = match of {
        "offer" => AnswerOf::Offer,
        "creator_request" => AnswerOf::CreatorRequest,
        "invitation" => AnswerOf::Invitation,
        _ => return Err(unknown_type(&e.kind)),
    };
    let answer = match answer {
        "accepted" => Answer::Accepted,
        "declined" => Answer::Declined(
            crate::domain::invitation::validate_reason(e.data.reason.as_deref().unwrap_or_default())
                .map_err(|err| err.to_string())?,
        ),
        _ => return Err(unknown_type(&e.kind)),
    };
    let id = e.data.id.trim().to_string();
    if id.is_empty() || id.len() > 100 {
        return Err("`data.id` must be the id of the record we sent (1–100 characters).".into());
    }
    Ok(PartnerAnswer {
        event: e.kind,
        of,
        id,
        answer,
    })
}

fn unknown_type(kind: &str) -> String {
    let mut kind: String = kind.chars().take(60).collect();
    kind = kind.replace(|c: char| c.is_control(), "");
    format!("Unknown event type “{kind}”: send one of {}.", ANSWER_EVENTS.join(", "))
}

/// What an answer event did: applied now, or not (the record had already moved: `status` is how it stands).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnswerResult {
    #[serde(rename = "type")]
    pub event: String,
    pub id: String,
    /// True when this event moved the record; false when it had already moved (nothing changed).
    pub applied: bool,
    /// The record's status now.
    pub status: String,
    pub detail: String,
    /// True when this `webhook-id` was processed before: this is the first answer again.
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
    #[test]
    fn answer_events() {
        let a = parse_answer(br#"{"type":"offer.accepted","timestamp":"2026-12-01T00:00:00Z","data":{"id":" o1 "}}"#)
            .unwrap();
        assert_eq!(
            (a.of, a.id.as_str(), a.answer),
            (AnswerOf::Offer, "o1", Answer::Accepted)
        );
        let d =
            parse_answer(br#"{"type":"invitation.declined","data":{"id":"i1","reason":" Busy that week "}}"#).unwrap();
        assert_eq!(
            (d.of, d.answer),
            (AnswerOf::Invitation, Answer::Declined(Some("Busy that week".into())))
        );
        let d = parse_answer(br#"{"type":"creator_request.declined","data":{"id":"r1"}}"#).unwrap();
        assert_eq!((d.of, d.answer), (AnswerOf::CreatorRequest, Answer::Declined(None)));
        for t in ANSWER_EVENTS {
            let body = format!(r#"{{"type":"{t}","data":{{"id":"x"}}}}"#);
            assert_eq!(parse_answer(body.as_bytes()).unwrap().event, t);
        }
        for bad in [
            &br#"{"type":"offer.withdrawn","data":{"id":"o"}}"#[..],
            br#"{"type":"campaign.accepted","data":{"id":"o"}}"#,
            br#"{"type":"offer","data":{"id":"o"}}"#,
        ] {
            assert!(
                parse_answer(bad).unwrap_err().starts_with("Unknown event type"),
                "{bad:?}"
            );
        }
        assert!(parse_answer(br#"{"type":"offer.accepted","data":{"id":"  "}}"#).is_err());
        assert!(parse_answer(br#"{"type":"offer.accepted","data":{}}"#).is_err());
        assert!(parse_answer(b"nope").is_err());
        let long = format!(
            r#"{{"type":"offer.declined","data":{{"id":"o","reason":"{}"}}}}"#,
            "x".repeat(600)
        );
        let m = parse_answer(long.as_bytes()).unwrap_err();
        assert!(m.contains("Keep the reason to 500 characters"), "{m}");
        let huge = vec![b' '; EVENT_BODY_LIMIT + 1];
        assert!(parse_answer(&huge).unwrap_err().contains("over"));
    }
}
