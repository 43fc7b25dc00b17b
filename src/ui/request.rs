//! What the server knows about the page request being rendered, read once per request by the server's
//! middleware (`server::auth::attach_actor`) and kept in the request's extensions: the signed-in actor and the
//! flash (the result of the form posted just before). Pages read it synchronously; in the browser (islands)
//! there is no request, so these are empty there.

use crate::domain::account::Actor;
use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// A short message for the toast corner ("Campaign published"), carried across the redirect after a post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

/// A form post that failed: which server function, why, and what was sent (never passwords), so the page it
/// returns to shows the errors beside the fields and keeps what was typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormEcho {
    pub action: String,
    pub error: AppError,
    pub values: Vec<(String, String)>,
}

/// What the previous post left for the next page (taken from the session once, on the next page load).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub notices: Vec<Notice>,
    pub form: Option<FormEcho>,
    /// A value shown once on the next page and never again (a new endpoint's signing secret).
    pub reveal: Option<Reveal>,
}

/// A value to show once (`Flash::reveal`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reveal {
    pub title: String,
    pub value: String,
    pub note: String,
}

/// Reads the request being rendered in place (`use_context` would clone its headers and extensions on every
/// read, several times per render). `None` outside a request.
#[cfg(feature = "ssr")]
pub fn parts<R>(read: impl FnOnce(&http::request::Parts) -> R) -> Option<R> {
    leptos::prelude::with_context::<http::request::Parts, R>(read)
}

/// The signed-in user of the request being rendered.
pub fn actor() -> Option<Actor> {
    #[cfg(feature = "ssr")]
    {
        parts(|p| p.extensions.get::<Actor>().cloned()).flatten()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The signed-in user's bell, when the request read it with its session (a page request; see
/// `server::auth::attach_actor`).
pub fn inbox() -> Option<crate::api::notifications::Inbox> {
    #[cfg(feature = "ssr")]
    {
        parts(|p| p.extensions.get::<crate::api::notifications::Inbox>().cloned()).flatten()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The flash of the request being rendered.
/// When this request started, before it read anything (what the page's live stream last looked at).
pub fn live_mark() -> Option<crate::domain::live::Mark> {
    #[cfg(feature = "ssr")]
    {
        parts(|p| p.extensions.get::<crate::domain::live::Mark>().copied()).flatten()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

pub fn flash() -> Flash {
    #[cfg(feature = "ssr")]
    {
        parts(|p| p.extensions.get::<Flash>().cloned())
            .flatten()
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Flash::default()
    }
}

/// The path and query of the request being rendered (`/creators?q=x`).
pub fn path_and_query() -> String {
    #[cfg(feature = "ssr")]
    {
        parts(|p| p.uri.path_and_query().map(|pq| pq.as_str().to_string()))
            .flatten()
            .unwrap_or_else(|| "/".into())
    }
    #[cfg(not(feature = "ssr"))]
    {
        "/".into()
    }
}

/// The state of one server-rendered form: the error and values echoed back when its last post failed.
#[derive(Clone, Debug, Default)]
pub struct FormState {
    pub error: Option<AppError>,
    values: Vec<(String, String)>,
}

impl FormState {
    /// The echo of the form posting to `action` (a server function's URL), if that was the form that failed.
    pub fn of(action: &str) -> FormState {
        match flash().form {
            Some(echo) if echo.action == action => FormState {
                error: Some(echo.error),
                values: echo.values,
            },
            _ => FormState::default(),
        }
    }

    /// The message for `field`, if the error names it.
    pub fn field(&self, field: &str) -> Option<String> {
        self.error.as_ref().and_then(|e| e.field_message(field))
    }

    /// The message of bad input that is not about one of the form's own fields (any other refusal — a
    /// conflict, a rate limit — comes back as a toast instead; see `server::flash::set_form`).
    pub fn general(&self, fields: &[&str]) -> Option<String> {
        match &self.error {
            Some(e @ AppError::Validation(_)) => general_message(Some(e), fields),
            _ => None,
        }
    }

    /// What was typed into `name` (empty when nothing was echoed).
    pub fn value(&self, name: &str) -> String {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value sent under `name` (checkboxes).
    pub fn values(&self, name: &str) -> Vec<String> {
        self.values
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// `value(name)`, or `default` when the form was not echoed.
    pub fn value_or(&self, name: &str, default: impl Into<String>) -> String {
        if self.error.is_some() {
            self.value(name)
        } else {
            default.into()
        }
    }
}

/// The message of an error that is not about one of `fields`.
pub fn general_message(error: Option<&AppError>, fields: &[&str]) -> Option<String> {
    match error {
        Some(AppError::Validation(errs)) => {
            let other: Vec<_> = errs
                .iter()
                .filter(|e| !fields.contains(&e.field.as_str()))
                .map(|e| e.message.clone())
                .collect();
            (!other.is_empty()).then(|| other.join(" "))
        }
        Some(e) => Some(e.to_string()),
        None => None,
    }
}
