//! The partner's inbound creator sync: verified, deduplicated by webhook-id, answered item by item, with
//! nothing written when refused. Both engines.

use crate::common::{Resp, TestApp};
use axum::body::Body;
use axum::http::{header, Request};
use collabdesk::domain::partner::SyncReport;
use collabdesk::server::outbox::new_secret;
use sqlx::Row;

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// POSTs `body` as the partner would, signed with `secret` (or with the given signature).
async fn deliver(app: &TestApp, id: &str, ts: i64, body: &str, secret: &str, signature: Option<&str>) -> Resp {
    let sig = match signature {
        Some(s) => s.to_string(),
        None => standardwebhooks::Webhook::new(secret)
            .unwrap()
            .sign(id, ts, body.as_bytes())
            .unwrap(),
    };
    let req = Request::builder()
        .method("POST")
        .uri("/webhooks/partner/creators")
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", ts.to_string())
        .header("webhook-signature", sig)
        .body(Body::from(body.to_string()))
        .unwrap();
    app.client().send(req).await
}

fn creator(id: &str, username: &str, followers: i64) -> serde_json::Value {
    serde_json::json!({
        "id": id, "name": format!("Creator {id}"), "username": username, "followers": followers,
        "niche": "food", "platforms": ["instagram", "tiktok"]
    })
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&app.db().pool)
        .await
        .unwrap()
        .get::<i64, _>("n")
}

async fn creators(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) AS n FROM creator_profiles").await
}

#[tokio::test]
async fn bad_signatures_are_refused_and_write_nothing() {
    let secret = new_secret();
    let app = TestApp::with_config(|c| c.partner_secret = Some(secret.clone())).await;
    let body = serde_json::json!({ "creators": [creator("dt-1", "ada_eats", 1000)] }).to_string();
    let now = now_secs();
    let other = new_secret();
    for (what, res) in [
        ("other secret", deliver(&app, "msg_1", now, &body, &other, None).await),
        (
            "empty signature",
            deliver(&app, "msg_1", now, &body, &secret, Some("v1,")).await,
        ),
        (
            "no signature",
            deliver(&app, "msg_1", now, &body, &secret, Some("")).await,
        ),
        (
            "ten minutes old",
            deliver(&app, "msg_1", now - 600, &body, &secret, None).await,
        ),
        (
            "ten minutes ahead",
            deliver(&app, "msg_1", now + 600, &body, &secret, None).await,
        ),
    ] {
        assert_eq!(res.status, 401, "{what}: {}", res.body);
        assert!(res.body.contains("signature"), "{what}: {}", res.body);
    }
    // a body changed after signing
    let sig = standardwebhooks::Webhook::new(&secret)
        .unwrap()
        .sign("msg_1", now, body.as_bytes())
        .unwrap();
    let tampered = body.replace("1000", "9000000");
    assert_eq!(
        deliver(&app, "msg_1", now, &tampered, &secret, Some(&sig)).await.status,
        401
    );
    assert_eq!(creators(&app).await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM inbound_webhooks").await, 0);
    // within the tolerance both ways it is fine
    assert_eq!(
        deliver(&app, "msg_2", now - 240, &body, &secret, None).await.status,
        200
    );
}

#[tokio::test]
async fn not_configured_is_503() {
    let app = TestApp::new().await;
    let res = deliver(&app, "msg_1", now_secs(), "{}", &new_secret(), None).await;
    assert_eq!(res.status, 503);
}

#[tokio::test]
async fn one_bad_item_never_loses_the_good_ones_and_retries_are_deduplicated() {
    let secret = new_secret();
    let app = TestApp::with_config(|c| c.partner_secret = Some(secret.clone())).await;
    let body = serde_json::json!({ "creators": [
        creator("dt-1", "ada_eats", 1000),
        { "id": "dt-2", "name": "No Niche", "username": "no_niche", "followers": 5, "niche": "astrology", "platforms": ["instagram"] },
        creator("dt-3", "bola_bakes", 2000),
        "not an object",
    ]})
    .to_string();
    let res = deliver(&app, "msg_a", now_secs(), &body, &secret, None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let report: SyncReport = res.json();
    assert_eq!(report.created, vec!["dt-1", "dt-3"]);
    assert!(report.updated.is_empty());
    assert_eq!(report.rejected.len(), 2);
    assert_eq!(
        (report.rejected[0].index, report.rejected[0].id.as_deref()),
        (1, Some("dt-2"))
    );
    assert_eq!(report.rejected[0].reason, "Choose a niche from the list.");
    assert_eq!(report.rejected[1].index, 3);
    assert_eq!(creators(&app).await, 2);
    // they are real creators in the directory (and cannot sign in: no password yet)
    let platforms = count(&app, "SELECT COUNT(*) AS n FROM creator_platforms").await;
    assert_eq!(platforms, 4);
    let mut c = app.client();
    assert_eq!(c.sign_in("partner+dt-1@partner.invalid", "!").await.status, 422);

    // the partner retries the same delivery (even days later): same answer, nothing changes
    let changed = body.replace("1000", "777");
    let res = deliver(&app, "msg_a", now_secs(), &changed, &secret, None).await;
    assert_eq!(res.status, 200);
    let again: SyncReport = res.json();
    assert!(again.duplicate);
    assert_eq!(again.created, report.created);
    let followers = count(
        &app,
        "SELECT followers AS n FROM creator_profiles WHERE username = 'ada_eats'",
    )
    .await;
    assert_eq!(followers, 1000);

    // a new delivery updates by the partner's id (a repeated platform is counted once)
    let mut updated = creator("dt-1", "ada_eats", 1500);
    updated["platforms"] = serde_json::json!(["youtube", "youtube", "instagram"]);
    let body = updated.to_string();
    let res = deliver(&app, "msg_b", now_secs(), &body, &secret, None).await;
    let report: SyncReport = res.json();
    assert_eq!(
        (report.created.len(), report.updated.clone()),
        (0, vec!["dt-1".to_string()])
    );
    let followers = count(
        &app,
        "SELECT followers AS n FROM creator_profiles WHERE username = 'ada_eats'",
    )
    .await;
    assert_eq!(followers, 1500);
    // a username that belongs to someone else is refused for that item only
    let body = serde_json::json!({ "creators": [creator("dt-9", "bola_bakes", 1)] }).to_string();
    let report: SyncReport = deliver(&app, "msg_c", now_secs(), &body, &secret, None).await.json();
    assert_eq!(
        report.rejected[0].reason,
        "The username @bola_bakes belongs to another creator."
    );
    assert_eq!(creators(&app).await, 2);
}

#[tokio::test]
async fn malformed_and_huge_bodies_are_refused() {
    let secret = new_secret();
    let app = TestApp::with_config(|c| c.partner_secret = Some(secret.clone())).await;
    let res = deliver(&app, "msg_x", now_secs(), "{not json", &secret, None).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("not valid JSON"), "{}", res.body);
    let huge = format!("{{\"creators\": [], \"pad\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let res = deliver(&app, "msg_y", now_secs(), &huge, &secret, None).await;
    assert_eq!(res.status, 413);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM inbound_webhooks").await, 0);
    // a malformed delivery was not recorded, so the partner's corrected retry is processed
    let body = serde_json::json!(creator("dt-1", "ada_eats", 10)).to_string();
    let report: SyncReport = deliver(&app, "msg_x", now_secs(), &body, &secret, None).await.json();
    assert_eq!(report.created, vec!["dt-1"]);
}
