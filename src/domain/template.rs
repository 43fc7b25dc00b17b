//! Message templates: a business's named texts for invitation and offer messages, with placeholders filled
//! for each creator when the message is sent (`{creator_name}`, `{creator_username}`, `{campaign_title}`,
//! `{business_name}`, `{deadline}`).

use crate::domain::ids::TemplateId;
use crate::domain::invitation::MESSAGE_MAX;
use crate::error::{AppError, Errors};
use serde::{Deserialize, Serialize};

/// Every placeholder a template may use.
pub const PLACEHOLDERS: [&str; 5] = [
    "creator_name",
    "creator_username",
    "campaign_title",
    "business_name",
    "deadline",
];
pub const NAME_MAX: usize = 80;
/// A business keeps at most this many templates.
pub const TEMPLATES_MAX: i64 = 50;

/// What a template is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TemplateKind {
    Invitation,
    Offer,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 2] = [TemplateKind::Invitation, TemplateKind::Offer];

    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::Invitation => "invitation",
            TemplateKind::Offer => "offer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TemplateKind::Invitation => "Invitation message",
            TemplateKind::Offer => "Offer message",
        }
    }

    pub fn parse(s: &str) -> Option<TemplateKind> {
        TemplateKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: TemplateId,
    pub name: String,
    pub kind: TemplateKind,
    pub body: String,
}

/// A template as a business wrote it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidTemplate {
    pub name: String,
    pub kind: TemplateKind,
    pub body: String,
}

/// The placeholders of `body`, in order: `Err` with the unknown ones (each once, as written).
pub fn placeholders(body: &str) -> Result<Vec<&str>, Vec<String>> {
    let (mut known, mut unknown) = (Vec::new(), Vec::<String>::new());
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        // `{` … `{x}`: the placeholder starts at the last brace
        if let Some(inner) = name.rfind('{') {
            rest = &after[inner..];
            continue;
        }
        match PLACEHOLDERS.iter().find(|p| **p == name) {
            Some(p) => known.push(*p),
            None => {
                let written = format!("{{{name}}}");
                if !unknown.contains(&written) {
                    unknown.push(written);
                }
            }
        }
        rest = &after[close + 1..];
    }
    if unknown.is_empty() {
        Ok(known)
    } else {
        Err(unknown)
    }
}

/// The values a message is filled with, for one creator.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Values {
    pub creator_name: String,
    pub creator_username: String,
    pub campaign_title: String,
    pub business_name: String,
    /// The campaign's deadline as people read it (`1 Jan 2027`).
    pub deadline: String,
}

/// `body` with every known placeholder replaced (anything else in braces is left as written).
pub fn fill(body: &str, v: &Values) -> String {
    let mut out = body.to_string();
    for (name, value) in [
        ("creator_name", &v.creator_name),
        ("creator_username", &v.creator_username),
        ("campaign_title", &v.campaign_title),
        ("business_name", &v.business_name),
        ("deadline", &v.deadline),
    ] {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A message as one creator receives it: `body` filled with their values, checked against the 500-character
/// limit after filling (the refusal names the creator).
pub fn fill_message(body: &str, v: &Values) -> Result<String, AppError> {
    let filled = fill(body, v);
    crate::domain::text::within(&filled, "the message", MESSAGE_MAX).map_err(|m| {
        AppError::field(
            "message",
            format!("Filled in for @{}, {}", v.creator_username, lower_first(&m)),
        )
    })?;
    Ok(filled)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

impl ValidTemplate {
    /// Checks a template as submitted: a name, a kind, and a body of at most 500 characters whose placeholders
    /// are all known (the refusal lists the known ones).
    pub fn validate(name: &str, kind: &str, body: &str) -> Result<ValidTemplate, AppError> {
        let mut errs = Errors::new();
        let (name, body) = (name.trim(), body.trim());
        errs.check(!name.is_empty(), "name", "Give the template a name.");
        errs.text("name", name, "the name", NAME_MAX);
        let kind = TemplateKind::parse(kind);
        errs.check(kind.is_some(), "kind", "Choose invitation message or offer message.");
        errs.check(!body.is_empty(), "body", "Write the message.");
        errs.text("body", body, "the message", MESSAGE_MAX);
        if let Err(unknown) = placeholders(body) {
            let known: Vec<String> = PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect();
            errs.add(
                "body",
                format!(
                    "Unknown placeholder{} {}. Use {}.",
                    if unknown.len() == 1 { "" } else { "s" },
                    unknown.join(", "),
                    known.join(", ")
                ),
            );
        }
        errs.finish()?;
        Ok(ValidTemplate {
            name: name.to_string(),
            kind: kind.ok_or(AppError::Internal)?,
            body: body.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_unknown_ones_named() {
        type Case<'a> = (&'a str, Result<Vec<&'a str>, Vec<&'a str>>);
        let cases: [Case; 8] = [
            ("Hi {creator_name}!", Ok(vec!["creator_name"])),
            (
                "{business_name} x {campaign_title} by {deadline} @{creator_username}",
                Ok(vec!["business_name", "campaign_title", "deadline", "creator_username"]),
            ),
            ("No placeholders", Ok(vec![])),
            ("Hi {name}, {name} again and {budget}", Err(vec!["{name}", "{budget}"])),
            ("A lone { brace", Ok(vec![])),
            ("A { {creator_name}", Ok(vec!["creator_name"])),
            ("{}", Err(vec!["{}"])),
            ("{Creator_Name}", Err(vec!["{Creator_Name}"])),
        ];
        for (body, expected) in cases {
            let expected = expected.map_err(|u| u.into_iter().map(String::from).collect::<Vec<_>>());
            assert_eq!(placeholders(body), expected, "{body}");
        }
    }

    #[test]
    fn filling_replaces_each_known_placeholder() {
        let v = Values {
            creator_name: "Cat Cooks".into(),
            creator_username: "cat_cooks".into(),
            campaign_title: "Jollof Week".into(),
            business_name: "Mama Nkechi's Kitchen".into(),
            deadline: "1 Jan 2027".into(),
        };
        assert_eq!(
            fill("Hi {creator_name} (@{creator_username}): {campaign_title} from {business_name}, due {deadline}. {creator_name}!", &v),
            "Hi Cat Cooks (@cat_cooks): Jollof Week from Mama Nkechi's Kitchen, due 1 Jan 2027. Cat Cooks!"
        );
        assert_eq!(fill("{other} stays", &v), "{other} stays");
    }

    #[test]
    fn a_message_is_checked_after_filling() {
        let v = Values {
            creator_name: "N".repeat(60),
            creator_username: "cat_cooks".into(),
            ..Values::default()
        };
        let body = format!("{}{{creator_name}}", "x".repeat(450));
        assert_eq!(body.chars().count(), 464);
        let e = fill_message(&body, &v).unwrap_err();
        let said = e.field_message("message").unwrap();
        assert!(
            said.starts_with("Filled in for @cat_cooks, keep the message to 500 characters"),
            "{said}"
        );
        assert_eq!(
            fill_message("Hi {creator_name}", &v).unwrap(),
            format!("Hi {}", "N".repeat(60))
        );
    }

    #[test]
    fn templates_are_checked() {
        assert!(ValidTemplate::validate("Warm intro", "invitation", "Hi {creator_name}").is_ok());
        assert_eq!(ValidTemplate::validate(" Paid ", "offer", " x ").unwrap().name, "Paid");
        let field = |r: Result<ValidTemplate, AppError>, f: &str| r.unwrap_err().field_message(f).unwrap_or_default();
        assert!(!field(ValidTemplate::validate("", "offer", "x"), "name").is_empty());
        assert!(!field(ValidTemplate::validate("n", "email", "x"), "kind").is_empty());
        assert!(!field(ValidTemplate::validate("n", "offer", ""), "body").is_empty());
        assert!(!field(ValidTemplate::validate(&"n".repeat(81), "offer", "x"), "name").is_empty());
        assert!(!field(ValidTemplate::validate("n", "offer", &"x".repeat(501)), "body").is_empty());
        let said = field(ValidTemplate::validate("n", "invitation", "Hi {name}"), "body");
        assert_eq!(
            said,
            "Unknown placeholder {name}. Use {creator_name}, {creator_username}, {campaign_title}, {business_name}, {deadline}."
        );
    }
}
