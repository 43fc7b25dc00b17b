//! Message templates through the HTTP API and the `Templates` page: saved, listed, edited and deleted by their
//! business only; unknown placeholders refused with the known ones; names unique per business; a page post
//! refused comes back with what was typed. Both engines.

use crate::common::TestApp;
use collabdesk::api::templates::{DeleteTemplate, MyTemplates, SaveTemplate};
use collabdesk::domain::account::Role;
use collabdesk::domain::template::{Template, TemplateKind, TEMPLATES_MAX};

fn save(id: &str, name: &str, kind: &str, body: &str) -> SaveTemplate {
    SaveTemplate {
        id: id.into(),
        name: name.into(),
        kind: kind.into(),
        body: body.into(),
    }
}

#[tokio::test]
async fn a_business_keeps_its_own_templates() {
    let app = TestApp::new().await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let res = biz
        .call(save(
            "",
            "Warm intro",
            "invitation",
            "Hi {creator_name}, join {campaign_title} by {deadline}?",
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let intro: Template = res.json();
    assert_eq!(intro.kind, TemplateKind::Invitation);
    let res = biz
        .call(save("", "Paid reel", "offer", "A paid reel for {business_name}?"))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);

    // unknown placeholders: refused, naming them and the known ones; nothing saved
    let res = biz
        .call(save("", "Bad", "invitation", "Hi {name}, budget {budget}"))
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.error().field_message("body").as_deref(),
        Some(
            "Unknown placeholders {name}, {budget}. Use {creator_name}, {creator_username}, {campaign_title}, \
             {business_name}, {deadline}."
        )
    );
    // the same name twice: refused
    let res = biz.call(save("", "Warm intro", "offer", "x")).await;
    assert_eq!(res.status, 409, "{}", res.body);
    let mine: Vec<Template> = biz.call(MyTemplates {}).await.json();
    assert_eq!(
        mine.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["Warm intro", "Paid reel"]
    );
    // another business sees none of them, and can neither change nor delete them
    let theirs: Vec<Template> = rival.call(MyTemplates {}).await.json();
    assert!(theirs.is_empty());
    let id = intro.id.to_string();
    assert_eq!(rival.call(save(&id, "Mine now", "offer", "x")).await.status, 404);
    assert_eq!(rival.call(DeleteTemplate { id: id.clone() }).await.status, 404);
    // the owner edits and deletes
    let res = biz
        .call(save(&id, "Warm intro", "invitation", "Hello {creator_name}!"))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json::<Template>().body, "Hello {creator_name}!");
    assert_eq!(biz.call(DeleteTemplate { id: id.clone() }).await.status, 200);
    assert_eq!(biz.call(DeleteTemplate { id }).await.status, 404);
    let mine: Vec<Template> = biz.call(MyTemplates {}).await.json();
    assert_eq!(mine.len(), 1);
    // at most TEMPLATES_MAX
    for n in 1..TEMPLATES_MAX {
        assert_eq!(biz.call(save("", &format!("T{n}"), "offer", "x")).await.status, 200);
    }
    let res = biz.call(save("", "One too many", "offer", "x")).await;
    assert_eq!(res.status, 409);
    assert!(res.error().to_string().contains("delete one first"));
}

#[tokio::test]
async fn the_templates_page_saves_with_javascript_off_and_echoes_a_refused_form() {
    let app = TestApp::new().await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let page = biz.get("/templates").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("No templates yet"));
    let res = biz
        .post_form::<SaveTemplate>(
            &[
                ("id", ""),
                ("name", "Warm intro"),
                ("kind", "invitation"),
                ("body", "Hi {nme}"),
            ],
            "/templates",
        )
        .await;
    assert_eq!(res.headers["location"], "/templates");
    let page = biz.get("/templates").await.body;
    assert!(page.contains("Unknown placeholder {nme}"), "the reason is shown");
    assert!(page.contains("Hi {nme}"), "what was typed is kept");
    let res = biz
        .post_form::<SaveTemplate>(
            &[
                ("id", ""),
                ("name", "Warm intro"),
                ("kind", "invitation"),
                ("body", "Hi {creator_name}"),
            ],
            "/templates",
        )
        .await;
    assert_eq!(res.headers["location"], "/templates");
    let page = biz.get("/templates").await.body;
    assert!(page.contains("Template “Warm intro” saved"), "the toast");
    assert!(page.contains(r#"data-name="Warm intro""#), "listed");
}

/// A message's placeholders are filled for each creator when it is sent: one invitation, a batch (each
/// creator their own name), an offer (its own deadline); a template chosen with the message left empty (a page
/// without JavaScript) is used; a message that grows past 500 characters once filled is refused, naming the
/// creator; another business's template cannot be used.
#[tokio::test]
async fn messages_are_filled_in_for_each_creator_when_sent() {
    use collabdesk::api::invitations::{BulkInviteReport, InviteCreator, InviteCreators};
    use collabdesk::api::offers::SendOffer;
    use collabdesk::domain::invitation::Invitation;
    use collabdesk::domain::offer::{OfferInput, OfferResult};
    let app = TestApp::new().await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let (mut admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let cat = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let dan = app.creator("dan@example.com", "dan_dances", "Dan Dances").await;
    let eve = app.creator("eve@example.com", "eve_eats", "Eve Eats").await;
    let campaign = biz.create_campaign("Jollof Week", "500000", "active").await;
    let business_name = biz.whoami().await.unwrap().name;
    let deadline = campaign.deadline.human_date();

    let res = biz
        .call(InviteCreator {
            campaign_id: campaign.id.to_string(),
            creator_id: cat.to_string(),
            message: "Hi {creator_name} (@{creator_username}): {campaign_title} by {deadline}? {business_name}".into(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        res.json::<Invitation>().message,
        format!("Hi Cat Cooks (@cat_cooks): Jollof Week by {deadline}? {business_name}")
    );
    // a template chosen, the message left empty: the template, filled for each creator of the batch
    let t: Template = biz
        .call(save(
            "",
            "Warm intro",
            "invitation",
            "Dear {creator_name}, welcome to {campaign_title}.",
        ))
        .await
        .json();
    let res = biz
        .call(InviteCreators {
            campaign_id: campaign.id.to_string(),
            creator_ids: vec![dan.to_string(), eve.to_string()],
            message: String::new(),
            template_id: t.id.to_string(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let report: BulkInviteReport = res.json();
    let messages: Vec<&str> = report.invited.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Dear Dan Dances, welcome to Jollof Week.",
            "Dear Eve Eats, welcome to Jollof Week."
        ]
    );
    // a rival cannot use it
    let other = rival.create_campaign("Suya", "500000", "active").await;
    let res = rival
        .call(InviteCreator {
            campaign_id: other.id.to_string(),
            creator_id: cat.to_string(),
            message: String::new(),
            template_id: t.id.to_string(),
        })
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.error().field_message("template_id").as_deref(),
        Some("Choose one of your templates.")
    );
    // 500 characters as written, 501 once the deadline (a character longer than its placeholder) is in:
    // refused, naming the creator
    let long = format!("{}{{deadline}}", "x".repeat(490));
    let res = rival
        .call(InviteCreator {
            campaign_id: other.id.to_string(),
            creator_id: cat.to_string(),
            message: long,
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    let said = res.error().field_message("message").unwrap();
    assert!(
        said.starts_with("Filled in for @cat_cooks, keep the message to 500 characters"),
        "{said}"
    );
    // an offer: its own deadline
    admin.top_up("biz@example.com", "100000").await;
    let res = biz
        .call(SendOffer {
            offer: OfferInput {
                campaign_id: campaign.id.to_string(),
                creator: "@cat_cooks".into(),
                amount: "20000".into(),
                currency: "NGN".into(),
                message: "{creator_name}, a paid reel by {deadline}?".into(),
                deadline: "2031-01-31".into(),
            },
            idempotency_key: "filled-1".into(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        res.json::<OfferResult>().offer.message,
        "Cat Cooks, a paid reel by 31 Jan 2031?"
    );
}
