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

/// POSTs an answer event as the partner would, signed with `secret`.
async fn answer(app: &TestApp, secret: &str, webhook_id: &str, kind: &str, id: &str, reason: Option<&str>) -> Resp {
    let mut data = serde_json::json!({ "id": id });
    if let Some(r) = reason {
        data["reason"] = r.into();
    }
    let body = serde_json::json!({ "type": kind, "timestamp": "2026-12-02T10:00:00Z", "data": data }).to_string();
    send_answer(app, secret, webhook_id, body).await
}

/// POSTs this body to the answer endpoint, signed with `secret` now, as the partner would.
async fn send_answer(app: &TestApp, secret: &str, webhook_id: &str, body: String) -> Resp {
    // one timestamp for the signature and its header (two readings can straddle a second)
    let ts = now_secs();
    let sig = standardwebhooks::Webhook::new(secret)
        .unwrap()
        .sign(webhook_id, ts, body.as_bytes())
        .unwrap();
    let req = Request::builder()
        .method("POST")
        .uri("/webhooks/partner/events")
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/json")
        .header("webhook-id", webhook_id)
        .header("webhook-timestamp", ts.to_string())
        .header("webhook-signature", sig)
        .body(Body::from(body))
        .unwrap();
    app.client().send(req).await
}

#[tokio::test]
async fn an_answer_over_16_kib_is_refused_and_not_recorded() {
    let secret = new_secret();
    let app = TestApp::with_config(|c| c.partner_secret = Some(secret.clone())).await;
    let body = serde_json::json!({
        "type": "offer.declined", "timestamp": "2026-12-02T10:00:00Z",
        "data": { "id": "off-1", "reason": "x".repeat(16 * 1024) }
    })
    .to_string();
    let res = send_answer(&app, &secret, "msg_big", body).await;
    assert_eq!(res.status, 413, "{}", res.body);
    assert!(res.body.contains("over 16 KiB"), "says the limit: {}", res.body);
    assert!(res.body.contains("\"status\":413"), "problem details: {}", res.body);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM inbound_webhooks").await, 0);
}

fn body_json(res: &Resp) -> serde_json::Value {
    serde_json::from_str(&res.body).unwrap_or_else(|e| panic!("{e}: {}", res.body))
}

/// The partner answers for creators: each answer is the app's own transition (money, notifications), applied
/// once; a repeated webhook-id answers the first result; an answer to a record that moved changes nothing and
/// says how it stands; a record never sent to the partner is 404 with the reason.
#[tokio::test]
async fn the_partner_answers_offers_invitations_and_creator_requests_once() {
    use collabdesk::api::campaigns::ChangeCampaignStatus;
    use collabdesk::api::creator_requests::CreateCreatorRequest;
    use collabdesk::api::invitations::InviteCreator;
    use collabdesk::api::offers::{MyWallet, SendOffer, WalletView};
    use collabdesk::domain::account::Role;
    use collabdesk::domain::creator_request::{CreatorRequestInput, CreatorRequestResult};
    use collabdesk::domain::invitation::Invitation;
    use collabdesk::domain::offer::{OfferInput, OfferResult};
    let secret = new_secret();
    let app = TestApp::with_config(|c| {
        c.partner_secret = Some(secret.clone());
        c.sync_wait_ms = 0;
    })
    .await;
    let (mut admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (mut biz, biz_id) = app.signed_in("biz@example.com", Role::Business).await;
    let cat = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let dan = app.creator("dan@example.com", "dan_dines", "Dan Dines").await;
    admin.top_up("biz@example.com", "50000").await;
    let campaign = biz.create_campaign("Jollof Week", "100000", "active").await;
    let other = biz.create_campaign("Suya Nights", "100000", "active").await;
    let invite = |creator: &collabdesk::domain::ids::UserId, campaign: &str| InviteCreator {
        campaign_id: campaign.to_string(),
        creator_id: creator.to_string(),
        message: "Join us?".into(),
        template_id: String::new(),
    };
    let offer = |key: &str| SendOffer {
        offer: OfferInput {
            campaign_id: campaign.id.to_string(),
            creator: "cat_cooks".into(),
            amount: "10000".into(),
            currency: "NGN".into(),
            message: "Two reels".into(),
            deadline: "2030-12-31".into(),
        },
        idempotency_key: key.into(),
        template_id: String::new(),
    };
    // sent before the partner had an endpoint: the partner cannot know it
    let unsent: Invitation = biz.call(invite(&dan, other.id.as_str())).await.json();
    app.partner_endpoint("http://127.0.0.1:9/hook").await;
    let inv: Invitation = biz.call(invite(&cat, campaign.id.as_str())).await.json();
    let inv2: Invitation = biz.call(invite(&dan, campaign.id.as_str())).await.json();
    let inv3: Invitation = biz.call(invite(&cat, other.id.as_str())).await.json();
    let sent: OfferResult = biz.call(offer("o-1")).await.json();
    let withdrawn: OfferResult = biz.call(offer("o-2")).await.json();
    assert_eq!(
        biz.call(collabdesk::api::offers::WithdrawOffer {
            id: withdrawn.offer.id.to_string()
        })
        .await
        .status,
        200
    );
    let request: CreatorRequestResult = biz
        .call(CreateCreatorRequest {
            request: CreatorRequestInput {
                campaign_id: campaign.id.to_string(),
                campaign_type: "ugc".into(),
                brief: "Jollof reels".into(),
                deliverables: "2 reels".into(),
                creators: "@cat_cooks".into(),
            },
        })
        .await
        .json();
    let balance = |w: WalletView| w.balances[0].balance.minor;
    let wallet_before = balance(biz.call(MyWallet {}).await.json());

    // the offer accepted on the partner's side: as if Cat accepted in the app
    let res = answer(&app, &secret, "evt_1", "offer.accepted", sent.offer.id.as_str(), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let r = body_json(&res);
    assert_eq!(
        (r["applied"].as_bool(), r["status"].as_str()),
        (Some(true), Some("accepted"))
    );
    let status: String = sqlx::query("SELECT status FROM offers WHERE id = $1")
        .bind(sent.offer.id.as_str())
        .fetch_one(&app.db().pool)
        .await
        .unwrap()
        .get("status");
    assert_eq!(status, "accepted");
    // the same delivery again: the first answer, marked duplicate, nothing more
    let res = answer(&app, &secret, "evt_1", "offer.accepted", sent.offer.id.as_str(), None).await;
    let again = body_json(&res);
    assert_eq!(
        (again["applied"].as_bool(), again["duplicate"].as_bool()),
        (Some(true), Some(true))
    );
    // a later, contradicting answer: how it stands, nothing changed
    let res = answer(
        &app,
        &secret,
        "evt_2",
        "offer.declined",
        sent.offer.id.as_str(),
        Some("Busy"),
    )
    .await;
    let r = body_json(&res);
    assert_eq!(
        (res.status, r["applied"].as_bool(), r["status"].as_str()),
        (200, Some(false), Some("accepted"))
    );
    assert!(r["detail"]
        .as_str()
        .unwrap()
        .starts_with("Nothing changed: the offer is already accepted."));
    // an answer to an offer the business withdrew: nothing changes, no money moves
    let res = answer(
        &app,
        &secret,
        "evt_3",
        "offer.accepted",
        withdrawn.offer.id.as_str(),
        None,
    )
    .await;
    let r = body_json(&res);
    assert_eq!(
        (r["applied"].as_bool(), r["status"].as_str()),
        (Some(false), Some("withdrawn"))
    );
    assert_eq!(
        balance(biz.call(MyWallet {}).await.json()),
        wallet_before,
        "no money moved"
    );
    app.assert_wallets_consistent().await;

    // invitations: declined with the creator's reason, accepted (an accepted application)
    let res = answer(
        &app,
        &secret,
        "evt_4",
        "invitation.declined",
        inv.id.as_str(),
        Some("Travelling"),
    )
    .await;
    assert_eq!(body_json(&res)["status"], "declined", "{}", res.body);
    let reason: Option<String> = sqlx::query("SELECT decline_reason FROM campaign_invitations WHERE id = $1")
        .bind(inv.id.as_str())
        .fetch_one(&app.db().pool)
        .await
        .unwrap()
        .get("decline_reason");
    assert_eq!(reason.as_deref(), Some("Travelling"));
    let res = answer(&app, &secret, "evt_5", "invitation.accepted", inv2.id.as_str(), None).await;
    assert_eq!(body_json(&res)["status"], "accepted", "{}", res.body);
    let applications = count(
        &app,
        &format!("SELECT COUNT(*) AS n FROM campaign_applications WHERE creator_id = '{dan}' AND status = 'accepted'"),
    )
    .await;
    assert_eq!(applications, 1);
    // the business heard of both, in the app
    let bell = count(
        &app,
        &format!("SELECT COUNT(*) AS n FROM notifications WHERE user_id = '{biz_id}' AND title LIKE '%Cat Cooks%'"),
    )
    .await;
    assert!(bell >= 1, "the business is told");
    // a campaign closed while the invitation waits: refused with the reason, still pending
    assert_eq!(
        biz.call(ChangeCampaignStatus {
            id: other.id.to_string(),
            action: "close".into()
        })
        .await
        .status,
        200
    );
    let res = answer(&app, &secret, "evt_6", "invitation.accepted", inv3.id.as_str(), None).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(body_json(&res)["detail"].as_str().unwrap().contains("no longer active"));

    // the creator request: accepted once, the business told
    let res = answer(
        &app,
        &secret,
        "evt_7",
        "creator_request.accepted",
        request.request.id.as_str(),
        None,
    )
    .await;
    assert_eq!(body_json(&res)["applied"], true, "{}", res.body);
    let res = answer(
        &app,
        &secret,
        "evt_8",
        "creator_request.declined",
        request.request.id.as_str(),
        None,
    )
    .await;
    let r = body_json(&res);
    assert_eq!(
        (r["applied"].as_bool(), r["status"].as_str()),
        (Some(false), Some("accepted"))
    );
    let told = count(
        &app,
        &format!("SELECT COUNT(*) AS n FROM notifications WHERE user_id = '{biz_id}' AND kind = 'creator_request'"),
    )
    .await;
    assert_eq!(told, 1, "told once");
    let page = biz.get("/creator-requests").await;
    assert!(
        page.body.contains("Accepted by the agency on"),
        "the business's page shows the answer"
    );

    // records the partner never had: 404 with the reason, nothing written
    let inbound_before = count(&app, "SELECT COUNT(*) AS n FROM inbound_webhooks").await;
    for (kind, id) in [
        ("invitation.accepted", unsent.id.to_string()),
        ("offer.accepted", "no-such-offer".to_string()),
        ("creator_request.declined", uuid::Uuid::now_v7().to_string()),
    ] {
        let res = answer(&app, &secret, &format!("evt_{kind}"), kind, &id, None).await;
        assert_eq!(res.status, 404, "{kind}: {}", res.body);
        assert!(body_json(&res)["detail"]
            .as_str()
            .unwrap()
            .contains("was sent to the partner platform"));
    }
    assert_eq!(
        answer(&app, &secret, "evt_9", "offer.withdrawn", sent.offer.id.as_str(), None)
            .await
            .status,
        422
    );
    // a bad signature: 401, nothing read
    let res = answer(
        &app,
        &new_secret(),
        "evt_10",
        "invitation.accepted",
        inv3.id.as_str(),
        None,
    )
    .await;
    assert_eq!(res.status, 401);
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM inbound_webhooks").await,
        inbound_before
    );
}
