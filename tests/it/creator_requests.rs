//! Creator requests (seed S1) on both engines. The incident of S1 — saved and e-mailed, but never sent to the
//! partner and nobody told — must be impossible: the e-mail and the webhook are queued with the request, the
//! caller is told `{synced, error, retry_queued}`, the partner's id is kept, and the admin inbox shows the state.

use crate::common::receiver::receiver;
use crate::common::{Client, TestApp};
use collabdesk::api::creator_requests::CreatorRequestPage;
use collabdesk::api::creator_requests::{AgencyInbox, CreateCreatorRequest, MyCreatorRequests};
use collabdesk::domain::account::Role;
use collabdesk::domain::campaign::Campaign;
use collabdesk::domain::creator_request::{CreatorRequestInput, CreatorRequestResult};
use collabdesk::domain::outbox::SyncState;
use sqlx::Row;

struct World {
    app: TestApp,
    business: Client,
    rival: Client,
    admin: Client,
    creator: Client,
    campaign: Campaign,
}

async fn world(partner_url: &str, sync_wait_ms: u64) -> World {
    let app = TestApp::with_config(|c| c.sync_wait_ms = sync_wait_ms).await;
    let (mut business, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    app.creator("dan@example.com", "dan_dances", "Dan Dances").await;
    let creator = app.sign_in_as("cat@example.com").await;
    let campaign = business.create_campaign("Jollof Week", "500000", "draft").await;
    collabdesk::server::db::outbox::insert_endpoint(
        app.db(),
        partner_url,
        "creator_request_created",
        &collabdesk::server::outbox::new_secret(),
        None,
        app.state.clock.now(),
    )
    .await
    .unwrap();
    World {
        campaign,
        app,
        business,
        rival,
        admin,
        creator,
    }
}

fn form(campaign: &str, creators: &str) -> CreateCreatorRequest {
    CreateCreatorRequest {
        request: CreatorRequestInput {
            campaign_id: campaign.into(),
            campaign_type: "ugc".into(),
            brief: "Cook our jollof on camera".into(),
            deliverables: "2 reels, 3 stories".into(),
            creators: creators.into(),
        },
    }
}

async fn outbox_rows(w: &World) -> Vec<(String, String, String)> {
    sqlx::query("SELECT channel, event_type, payload FROM outbox ORDER BY created_at, id")
        .fetch_all(&w.app.db().pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

#[tokio::test]
async fn a_request_is_saved_emailed_and_synced_and_the_partner_id_is_kept() {
    let partner = receiver(vec![(200, None, "{\"id\":\"dt-42\"}")]).await;
    let mut w = world(&partner.url, 0).await;
    let id = w.campaign.id.to_string();
    let res = w.business.call(form(&id, "@dan_dances, cat_cooks, @DAN_dances")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let r: CreatorRequestResult = res.json();
    let names: Vec<&str> = r.request.creators.iter().map(|c| c.username.as_str()).collect();
    assert_eq!(names, ["dan_dances", "cat_cooks"], "in the order given, each once");
    // nothing is delivered inside the request: it is queued, and the answer says so
    assert!(
        !r.sync.synced && r.sync.retry_queued && r.sync.error.is_none(),
        "{:?}",
        r.sync
    );
    let rows = outbox_rows(&w).await;
    let email = rows
        .iter()
        .find(|r| r.0 == "email")
        .expect("the agency's e-mail is queued");
    let mail: serde_json::Value = serde_json::from_str(&email.2).unwrap();
    assert_eq!(mail["to"], "agency@collabdesk.test");
    assert!(mail["text"].as_str().unwrap().contains("Cook our jollof on camera"));
    let hook = rows
        .iter()
        .find(|r| r.1 == "creator_request_created")
        .expect("the partner event is queued");
    let body: serde_json::Value = serde_json::from_str(&hook.2).unwrap();
    assert_eq!(body["data"]["total_creators"], 2);
    assert_eq!(body["data"]["campaign_brief"], "Cook our jollof on camera");

    // the worker delivers both; the request then shows Synced and the partner's id
    assert_eq!(w.app.worker().run_once().await, 2);
    let inbox: CreatorRequestPage = w.admin.call(AgencyInbox { after: String::new() }).await.json();
    assert_eq!(inbox.requests.len(), 1);
    assert_eq!(inbox.requests[0].sync, SyncState::Synced);
    assert_eq!(inbox.requests[0].partner_id.as_deref(), Some("dt-42"));
    assert_eq!(partner.got.lock().unwrap().len(), 1);
    // the agency's e-mail was written where a developer can open it (no SMTP configured in this test)
    let mail_dir = w.app.state.config.data_dir.join("mail");
    let files: Vec<_> = std::fs::read_dir(&mail_dir).unwrap().collect();
    assert_eq!(files.len(), 1);
    let eml = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
    assert!(eml.contains("To: agency@collabdesk.test"), "{eml}");
    assert!(eml.contains("Creator request from Business user"), "{eml}");
}

#[tokio::test]
async fn the_caller_learns_whether_the_partner_has_it() {
    // a worker is running: the answer waits briefly for the first attempt and reports it
    let partner = receiver(vec![(200, None, "{\"id\":\"dt-7\"}")]).await;
    let mut w = world(&partner.url, 5_000).await;
    let worker = tokio::spawn(w.app.worker().run_forever(w.app.state.outbox_wake.clone()));
    let id = w.campaign.id.to_string();
    let r: CreatorRequestResult = w.business.call(form(&id, "cat_cooks")).await.json();
    assert!(r.sync.synced, "{:?}", r.sync);
    assert_eq!(r.request.partner_id.as_deref(), Some("dt-7"));

    // the partner is failing: saved anyway, and the answer says it is not synced, why, and that it retries
    let down = receiver(vec![(500, None, "boom"), (500, None, "boom")]).await;
    sqlx::query("UPDATE webhook_endpoints SET url = $1")
        .bind(&down.url)
        .execute(&w.app.db().pool)
        .await
        .unwrap();
    let r: CreatorRequestResult = w.business.call(form(&id, "dan_dances")).await.json();
    worker.abort();
    assert!(!r.sync.synced && r.sync.retry_queued, "{:?}", r.sync);
    assert_eq!(r.sync.error.as_deref(), Some("HTTP 500"));
    assert!(
        r.sync.label.starts_with("Retrying (attempt 2, next at"),
        "{}",
        r.sync.label
    );
    let mine: CreatorRequestPage = w.business.call(MyCreatorRequests { after: String::new() }).await.json();
    assert_eq!(mine.requests.len(), 2, "both saved");
    assert!(matches!(mine.requests[0].sync, SyncState::Retrying { .. }));
}

#[tokio::test]
async fn bad_or_foreign_requests_are_refused_and_save_nothing() {
    let partner = receiver(vec![]).await;
    let mut w = world(&partner.url, 0).await;
    let id = w.campaign.id.to_string();
    let res = w.business.call(form(&id, "cat_cooks, @ghost, nobody")).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.error().field_message("creators").as_deref(),
        Some("No creator is called @ghost, @nobody.")
    );
    let mut empty = form(&id, "");
    empty.request.brief = " ".into();
    let e = w.business.call(empty).await.error();
    assert!(e.field_message("brief").is_some() && e.field_message("creators").is_some());
    // another business's campaign, a creator, nobody
    assert_eq!(w.rival.call(form(&id, "cat_cooks")).await.status, 404);
    assert_eq!(w.creator.call(form(&id, "cat_cooks")).await.status, 403);
    assert_eq!(w.app.client().call(form(&id, "cat_cooks")).await.status, 401);
    assert_eq!(w.business.call(AgencyInbox { after: String::new() }).await.status, 403);
    assert_eq!(
        w.creator.call(MyCreatorRequests { after: String::new() }).await.status,
        403
    );
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM creator_requests")
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
    assert!(outbox_rows(&w).await.is_empty(), "nothing queued");
    // each business sees only its own; the admin sees all
    w.business.call(form(&id, "cat_cooks")).await;
    let rival_view: CreatorRequestPage = w.rival.call(MyCreatorRequests { after: String::new() }).await.json();
    assert!(rival_view.requests.is_empty());
    let inbox: CreatorRequestPage = w.admin.call(AgencyInbox { after: String::new() }).await.json();
    assert_eq!(inbox.requests.len(), 1);
}
