//! A business's message templates (the `Templates` page; picked when inviting or sending an offer).

use crate::domain::template::Template;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "my_templates")]
pub async fn my_templates() -> Result<Vec<Template>, AppError> {
    use crate::domain::account::access;
    use crate::server::{auth, db, state};
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        db::templates::of_business(&state()?.db, &actor.user_id).await
    })
    .await
}

/// Saves a template: a new one when `id` is empty, else one of the business's own.
#[server(prefix = "/api", endpoint = "save_template")]
pub async fn save_template(
    #[server(default)] id: String,
    #[server(default)] name: String,
    #[server(default)] kind: String,
    #[server(default)] body: String,
) -> Result<Template, AppError> {
    use crate::domain::account::access;
    use crate::domain::ids::TemplateId;
    use crate::domain::template::ValidTemplate;
    use crate::server::{auth, db, state};
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let id = match id.as_str() {
            "" => None,
            id => Some(TemplateId::parse(id).ok_or_else(|| AppError::not_found("Template"))?),
        };
        let valid = ValidTemplate::validate(&name, &kind, &body)?;
        let saved = db::templates::save(&state.db, &actor.user_id, id.as_ref(), &valid, state.clock.now())
            .await?
            .ok_or_else(|| AppError::not_found("Template"));
        crate::server::noted(saved, |t| format!("Template “{}” saved", t.name))
    })
    .await
}

#[server(prefix = "/api", endpoint = "delete_template")]
pub async fn delete_template(id: String) -> Result<(), AppError> {
    use crate::domain::account::access;
    use crate::domain::ids::TemplateId;
    use crate::server::{auth, db, state};
    crate::server::respond(async move {
        let actor = auth::actor_in(access::BUSINESS).await?;
        let state = state()?;
        let id = TemplateId::parse(&id).ok_or_else(|| AppError::not_found("Template"))?;
        if !db::templates::delete(&state.db, &actor.user_id, &id).await? {
            return Err(AppError::not_found("Template"));
        }
        crate::server::notice("Template deleted".to_string());
        Ok(())
    })
    .await
}

/// The message an invitation or offer form sends: as typed, or, left empty with a template chosen
/// (`template_id`: how a page without JavaScript picks one), that template of the business's. Checked for size
/// before anything is read.
#[cfg(feature = "ssr")]
pub(crate) async fn message_or_template(
    actor: &crate::domain::account::Actor,
    message: &str,
    template_id: &str,
    kind: crate::domain::template::TemplateKind,
) -> Result<String, AppError> {
    use crate::domain::ids::TemplateId;
    let message = crate::domain::invitation::validate_message(message)?;
    if !message.is_empty() || template_id.is_empty() {
        return Ok(message);
    }
    let unknown = || AppError::field("template_id", "Choose one of your templates.");
    let id = TemplateId::parse(template_id).ok_or_else(unknown)?;
    let state = crate::server::state()?;
    let template = crate::server::db::templates::get(&state.db, &actor.user_id, &id, kind)
        .await?
        .ok_or_else(unknown)?;
    Ok(template.body)
}

/// What a message's placeholders are filled with for one creator.
#[cfg(feature = "ssr")]
pub(crate) fn values(
    creator: &crate::server::db::creators::Addressee,
    campaign_title: &str,
    business_name: &str,
    deadline: crate::domain::time::Millis,
) -> crate::domain::template::Values {
    crate::domain::template::Values {
        creator_name: creator.name.clone(),
        creator_username: creator.username.clone(),
        campaign_title: campaign_title.to_string(),
        business_name: business_name.to_string(),
        deadline: deadline.human_date(),
    }
}
