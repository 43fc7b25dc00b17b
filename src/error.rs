//! One error type for the whole app, shared by server and browser.
//!
//! Server functions return `Result<T, AppError>`; the server maps each variant to an HTTP status at the edge
//! (see `server::respond`), logs internal causes and never sends them to the client.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A problem with one input field (or with the form as a whole when `field` is empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in, or the session has expired.
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// Signed in, but this account may not do this.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// Bad input: nothing was changed.
    #[error("{}", summary(.0))]
    Validation(Vec<FieldError>),
    /// The request clashes with the current state (duplicate, already moved on, …).
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts; the message says when to try again.
    #[error("{0}")]
    RateLimited(String),
    /// Something failed on our side. The cause is logged on the server, never shown.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

fn summary(errors: &[FieldError]) -> String {
    match errors {
        [] => "Please check the form.".to_string(),
        [one] => one.message.clone(),
        many => many.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "),
    }
}

impl AppError {
    pub fn forbidden() -> Self {
        AppError::Forbidden("You do not have access to this.".into())
    }

    pub fn not_found(what: &str) -> Self {
        AppError::NotFound(format!("{what} not found."))
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, message)])
    }

    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited(_) => 429,
            AppError::Internal => 500,
        }
    }

    /// The message for one field, if this is a validation error naming it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        }
    }
}

/// Collects field errors; `finish` turns them into `Err(Validation)` when there are any.
#[derive(Default, Debug)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }
    pub fn check(&mut self, ok: bool, field: &str, message: impl Into<String>) {
        if !ok {
            self.add(field, message);
        }
    }
    /// Checks a text against its limit (`domain::text::within`: characters as people count them, and bytes),
    /// adding the message under `field` when it is too long.
    pub fn text(&mut self, field: &str, text: &str, what: &str, max: usize) {
        if let Err(message) = crate::domain::text::within(text, what, max) {
            self.add(field, message);
        }
    }
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // The request itself was malformed (missing or ill-typed fields).
            E::Args(msg) | E::Deserialization(msg) => AppError::Validation(vec![FieldError::new(
                "",
                format!("The request could not be read: {msg}"),
            )]),
            E::Request(_) | E::Response(_) => {
                AppError::Conflict("Could not reach the server. Check your connection and try again.".into())
            }
            _ => AppError::Internal,
        }
    }
}

/// A database failure: logged on the server, answered as `Internal` (its cause never reaches the client). Every
/// query ends in `?`.
#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

/// An error answered by a plain axum route (the CSV export, the partner webhook): its status and
/// `{"error": message}`. Server functions answer through `FromServerFnError` instead.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status_code())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(serde_json::json!({ "error": self.to_string() }))).into_response()
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        let cases = [
            (AppError::Unauthorized, 401),
            (AppError::forbidden(), 403),
            (AppError::not_found("Campaign"), 404),
            (AppError::field("title", "Title is required."), 422),
            (AppError::Conflict("x".into()), 409),
            (AppError::RateLimited("x".into()), 429),
            (AppError::Internal, 500),
        ];
        for (e, code) in cases {
            assert_eq!(e.status_code(), code, "{e:?}");
        }
    }

    #[test]
    fn validation_message_lists_every_field() {
        let mut errs = Errors::new();
        errs.add("title", "Title is required.");
        errs.add("budget", "Budget must be more than zero.");
        let e = errs.finish().unwrap_err();
        assert_eq!(e.to_string(), "Title is required. Budget must be more than zero.");
        assert_eq!(e.field_message("budget").unwrap(), "Budget must be more than zero.");
        assert!(Errors::new().finish().is_ok());
    }

    #[test]
    fn internal_never_shows_a_cause() {
        assert!(!AppError::Internal.to_string().contains("sqlx"));
    }
}
