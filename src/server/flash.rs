//! The flash: what a post leaves for the page it returns to (toasts, and a failed form's errors and values).
//! Kept in the session between the post and the next page load, which takes it (`auth::attach_actor`).
//! Both ways a form is sent end the same way: a plain HTML post (JavaScript off) is answered with a redirect,
//! and an island's fetch is told to navigate (`leptos_axum::redirect`), so the page is read afresh and shows
//! the flash either way.

use crate::ui::request::{Flash, FormEcho, Notice, Reveal};
use tower_sessions::Session;

const KEY: &str = "flash";

/// The values of a plain HTML form post (never passwords), captured before the server function reads them so
/// a failed post can be echoed back into the form.
#[derive(Clone, Debug, Default)]
pub struct PostedForm(pub Vec<(String, String)>);

impl PostedForm {
    /// Where the form asks to go after it succeeded (a local path), if it says.
    pub fn next(&self) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == "next")
            .and_then(|(_, v)| crate::domain::links::safe_next(v).map(str::to_string))
    }

    pub fn parse(body: &[u8]) -> PostedForm {
        let values: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        PostedForm(values.into_iter().filter(|(k, _)| !k.contains("password")).collect())
    }
}

/// Takes the flash out of the session (a page load shows it once). Only a session that holds one is changed:
/// removing marks a session for saving, and a page load must not cost a write.
pub async fn take(session: &Session) -> Option<Flash> {
    let read = session.get::<Flash>(KEY).await;
    match read {
        Ok(None) => None,
        Ok(Some(flash)) => {
            if let Err(e) = session.remove::<Flash>(KEY).await {
                tracing::error!(error = %e, "could not clear the flash");
            }
            Some(flash)
        }
        Err(e) => {
            tracing::error!(error = %e, "could not read the flash");
            None
        }
    }
}

async fn update(session: &Session, change: impl FnOnce(&mut Flash)) {
    let mut flash = session.get::<Flash>(KEY).await.ok().flatten().unwrap_or_default();
    change(&mut flash);
    if let Err(e) = session.insert(KEY, flash).await {
        tracing::error!(error = %e, "could not write the flash");
    }
}

pub async fn add(session: &Session, notices: Vec<Notice>, reveal: Option<Reveal>) {
    update(session, |f| {
        f.notices.extend(notices);
        if reveal.is_some() {
            f.reveal = reveal;
        }
    })
    .await
}

pub async fn set_form(session: &Session, echo: FormEcho) {
    update(session, |f| {
        // bad input is shown beside the fields; anything else (a conflict, a refusal) as a toast too
        if !matches!(echo.error, crate::error::AppError::Validation(_)) {
            f.notices.push(Notice {
                error: true,
                text: echo.error.to_string(),
            });
        }
        f.form = Some(echo);
    })
    .await
}
