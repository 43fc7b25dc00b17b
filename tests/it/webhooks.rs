//! Outbound webhooks through the transactional outbox, against a real HTTP receiver on a local port (not a
//! mock of our own code): signed deliveries, retries on the schedule, 410, 429 with retry-after, a partner
//! that is down, a worker that dies mid-delivery, and two workers on one database. Both engines.

use crate::common::receiver::receiver;
use crate::common::{Client, TestApp};
use axum::http::HeaderMap;
use collabdesk::api::campaigns::{CampaignOverview, CreateCampaign};
use collabdesk::api::integrations::{CreateWebhookEndpoint, Deliveries, ReplayDelivery, WebhookEndpoints};
use collabdesk::api::invitations::{CampaignInvitations, InviteCreator};
use collabdesk::domain::account::Role;
use collabdesk::domain::campaign::Campaign;
use collabdesk::domain::outbox::SyncState;
use collabdesk::domain::time::{HOUR, MINUTE, SECOND};
use collabdesk::server::db::outbox as store;
use collabdesk::server::outbox::{new_secret, Worker, LEASE_MS};
use sqlx::Row;

struct World {
    app: TestApp,
    business: Client,
    secret: String,
    worker: Worker,
}

async fn world(url: &str, events: &str) -> World {
    let app = TestApp::with_config(|c| c.session_absolute_minutes = 60 * 24 * 30).await;
    let (business, _) = app.signed_in("biz@example.com", Role::Business).await;
    let secret = new_secret();
    store::insert_endpoint(app.db(), url, events, &secret, None, app.state.clock.now())
        .await
        .unwrap();
    let worker = app.worker();
    World {
        app,
        business,
        secret,
        worker,
    }
}

async fn publish(client: &mut Client, title: &str) -> Campaign {
    client.create_campaign(title, "75000", "active").await
}

async fn row(app: &TestApp, campaign: &Campaign) -> (String, String, i64, i64, Option<String>) {
    let r = sqlx::query(
        "SELECT id, status, attempts, next_attempt_at, remote_id FROM outbox WHERE subject_id = $1 ORDER BY created_at",
    )
    .bind(campaign.id.as_str())
    .fetch_one(&app.db().pool)
    .await
    .unwrap();
    (
        r.get("id"),
        r.get("status"),
        r.get("attempts"),
        r.get("next_attempt_at"),
        r.get("remote_id"),
    )
}

fn verify(secret: &str, headers: &HeaderMap, body: &str) {
    standardwebhooks::Webhook::new(secret)
        .unwrap()
        .verify(body.as_bytes(), headers)
        .expect("a valid Standard Webhooks signature");
}

#[tokio::test]
async fn a_published_campaign_reaches_the_partner_signed() {
    let partner = receiver(vec![]).await;
    let mut w = world(&partner.url, "*").await;
    let campaign = publish(&mut w.business, "Jollof Week").await;
    let sync = campaign
        .sync
        .clone()
        .expect("the answer says how the partner heard of it");
    assert!(!sync.synced && sync.retry_queued && sync.error.is_none(), "{sync:?}");
    let (id, status, ..) = row(&w.app, &campaign).await;
    assert_eq!(status, "pending", "recorded with the campaign, sent by the worker");
    assert_eq!(w.worker.run_once().await, 1);
    let got = partner.got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let (headers, body) = &got[0];
    assert_eq!(headers["webhook-id"], id.as_str());
    verify(&w.secret, headers, body);
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["type"], "campaign_created");
    assert_eq!(json["data"]["title"], "Jollof Week");
    assert!(json["timestamp"].as_str().unwrap().ends_with('Z'));
    let (_, status, attempts, _, remote) = row(&w.app, &campaign).await;
    assert_eq!(
        (status.as_str(), attempts, remote.as_deref()),
        ("delivered", 1, Some("dt-1"))
    );
    assert_eq!(
        store::sync_state(w.app.db(), "campaign", campaign.id.as_str())
            .await
            .unwrap(),
        SyncState::Synced
    );
    // nothing left to do
    assert_eq!(w.worker.run_once().await, 0);
}

#[tokio::test]
async fn failures_retry_on_the_schedule_with_the_same_id() {
    let partner = receiver(vec![(500, None, "oops"), (503, None, ""), (200, None, "{}")]).await;
    let mut w = world(&partner.url, "campaign_created").await;
    let campaign = publish(&mut w.business, "Suya Nights").await;
    w.worker.run_once().await;
    let (_, status, attempts, next, _) = row(&w.app, &campaign).await;
    let now = w.app.state.clock.now().0;
    assert_eq!((status.as_str(), attempts), ("pending", 1));
    assert!((next - now - 5 * SECOND).abs() <= SECOND, "retried in about 5 s");
    match store::sync_state(w.app.db(), "campaign", campaign.id.as_str())
        .await
        .unwrap()
    {
        SyncState::Retrying { attempts: 1, .. } => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(w.worker.run_once().await, 0, "not due yet");
    w.app.state.clock.advance(6 * SECOND);
    w.worker.run_once().await;
    let (_, _, attempts, next, _) = row(&w.app, &campaign).await;
    assert_eq!(attempts, 2);
    let now = w.app.state.clock.now().0;
    assert!((next - now - 5 * MINUTE).abs() <= 30 * SECOND, "then in about 5 min");
    w.app.state.clock.advance(6 * MINUTE);
    w.worker.run_once().await;
    let (_, status, attempts, ..) = row(&w.app, &campaign).await;
    assert_eq!((status.as_str(), attempts), ("delivered", 3));
    let got = partner.got.lock().unwrap().clone();
    let ids: Vec<&str> = got.iter().map(|(h, _)| h["webhook-id"].to_str().unwrap()).collect();
    assert_eq!(ids.len(), 3);
    assert!(ids.iter().all(|i| *i == ids[0]), "one webhook-id across retries");
    let attempts: Vec<(i64, Option<i64>)> =
        sqlx::query("SELECT attempt, status_code FROM outbox_attempts ORDER BY attempt")
            .fetch_all(&w.app.db().pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get("attempt"), r.get("status_code")))
            .collect();
    assert_eq!(attempts, vec![(1, Some(500)), (2, Some(503)), (3, Some(200))]);
}

#[tokio::test]
async fn gone_disables_the_endpoint_and_retry_after_is_honoured() {
    let partner = receiver(vec![(429, Some("120"), ""), (410, None, "")]).await;
    let mut w = world(&partner.url, "*").await;
    let first = publish(&mut w.business, "First").await;
    w.worker.run_once().await;
    let (_, status, _, next, _) = row(&w.app, &first).await;
    assert_eq!(status, "pending");
    let wait = next - w.app.state.clock.now().0;
    assert!(
        (118 * SECOND..=120 * SECOND).contains(&wait),
        "retry-after: 120, got {wait} ms"
    );
    w.app.state.clock.advance(121 * SECOND);
    w.worker.run_once().await;
    let (_, status, ..) = row(&w.app, &first).await;
    assert_eq!(status, "failed");
    let endpoints = store::endpoints(w.app.db()).await.unwrap();
    assert!(!endpoints[0].enabled);
    assert_eq!(
        endpoints[0].disabled_reason.as_deref(),
        Some("The partner answered 410 Gone")
    );
    match store::sync_state(w.app.db(), "campaign", first.id.as_str())
        .await
        .unwrap()
    {
        SyncState::Failed { error } => assert_eq!(error, "HTTP 410"),
        other => panic!("{other:?}"),
    }
    // a disabled endpoint gets nothing new
    let second = publish(&mut w.business, "Second").await;
    assert_eq!(
        store::sync_state(w.app.db(), "campaign", second.id.as_str())
            .await
            .unwrap(),
        SyncState::NotSynced
    );
}

#[tokio::test]
async fn a_partner_that_is_down_is_retried_until_the_schedule_ends() {
    // a port nobody listens on
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    drop(listener);
    let mut w = world(&url, "*").await;
    let campaign = publish(&mut w.business, "Down").await;
    for attempt in 1..=8 {
        assert_eq!(w.worker.run_once().await, 1, "attempt {attempt}");
        w.app.state.clock.advance(12 * HOUR);
    }
    let (_, status, attempts, ..) = row(&w.app, &campaign).await;
    assert_eq!(
        (status.as_str(), attempts),
        ("failed", 8),
        "eight attempts, then failed (kept)"
    );
    let error: String = sqlx::query("SELECT last_error FROM outbox")
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap()
        .get("last_error");
    assert_eq!(error, "could not connect");
}

#[tokio::test]
async fn a_partner_that_hangs_times_out_and_is_retried_with_the_same_id() {
    // accepts the connection and never answers in time
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let hung = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hung.clone();
    let app = axum::Router::new().route(
        "/hooks",
        axum::routing::post(move || {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async {
                tokio::time::sleep(std::time::Duration::from_secs(30)).await;
                "too late"
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let mut w = world(&url, "*").await;
    // the production timeout is 15 s (domain::outbox::ATTEMPT_TIMEOUT_MS); one second keeps the test short
    let worker = w.app.worker().with_timeout(std::time::Duration::from_secs(1));
    let campaign = publish(&mut w.business, "Hangs").await;
    let started = std::time::Instant::now();
    assert_eq!(worker.run_once().await, 1);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "the attempt was cut off"
    );
    let (id, status, attempts, next, _) = row(&w.app, &campaign).await;
    assert_eq!((status.as_str(), attempts), ("pending", 1));
    assert!(next > w.app.state.clock.now().0, "retried later, not dropped");
    let error: String = sqlx::query("SELECT last_error FROM outbox")
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap()
        .get("last_error");
    assert_eq!(error, "timed out after 1 s");
    assert_eq!(hung.load(std::sync::atomic::Ordering::SeqCst), 1);
    let sync = store::sync_state(w.app.db(), "campaign", campaign.id.as_str())
        .await
        .unwrap();
    assert!(matches!(sync, SyncState::Retrying { attempts: 1, .. }), "{sync:?}");
    assert!(id.starts_with("msg_"));
}

/// A worker that claimed a delivery and died leaves a lease; when it runs out another worker delivers it,
/// with the same webhook-id. Two live workers never take the same delivery.
#[tokio::test]
async fn a_dead_workers_delivery_is_taken_over_and_two_workers_share_the_queue() {
    let partner = receiver(vec![]).await;
    let mut w = world(&partner.url, "*").await;
    let campaign = publish(&mut w.business, "Crash").await;
    // worker A claims and "dies" before sending
    let claimed = store::claim(w.app.db(), "worker-a", w.app.state.clock.now(), LEASE_MS, 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(w.worker.run_once().await, 0, "leased by A");
    w.app.state.clock.advance(LEASE_MS + 1);
    assert_eq!(w.worker.run_once().await, 1, "the lease ran out");
    let (id, status, ..) = row(&w.app, &campaign).await;
    assert_eq!(status, "delivered");
    assert_eq!(partner.got.lock().unwrap()[0].0["webhook-id"], id.as_str());
    // A wakes up and reports: ignored, the delivery is not counted twice
    let late = store::AttemptResult {
        started_at: w.app.state.clock.now(),
        latency_ms: 1,
        status_code: Some(500),
        error: Some("late".into()),
        next_attempt_at: Some(w.app.state.clock.now()),
        delivered: false,
        remote_id: None,
        disable_endpoint: None,
    };
    store::finish(w.app.db(), &claimed[0], "worker-a", &late).await.unwrap();
    assert_eq!(row(&w.app, &campaign).await.1, "delivered");
    // the same when A reports in a group of attempts: nothing of it is written
    let attempts = |app: &TestApp| {
        let pool = app.db().pool.clone();
        async move {
            sqlx::query("SELECT COUNT(*) AS n FROM outbox_attempts")
                .fetch_one(&pool)
                .await
                .unwrap()
                .get::<i64, _>("n")
        }
    };
    let before = attempts(&w.app).await;
    let late_too = store::AttemptResult {
        error: Some("late".into()),
        ..late
    };
    store::finish_all(w.app.db(), "worker-a", &[(claimed[0].clone(), late_too)])
        .await
        .unwrap();
    assert_eq!(row(&w.app, &campaign).await.1, "delivered");
    assert_eq!(
        attempts(&w.app).await,
        before,
        "no attempt recorded for a lease that was lost"
    );

    // many deliveries, two workers running at once: each delivered exactly once
    for i in 0..20 {
        publish(&mut w.business, &format!("Campaign {i}")).await;
    }
    let other = w.app.worker();
    loop {
        let (a, b) = tokio::join!(w.worker.run_once(), other.run_once());
        if a + b == 0 {
            break;
        }
    }
    let got = partner.got.lock().unwrap().clone();
    let mut ids: Vec<String> = got
        .iter()
        .map(|(h, _)| h["webhook-id"].to_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 21);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 21, "no delivery sent twice");
    let pending: i64 = sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE status <> 'delivered'")
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap()
        .get("n");
    assert_eq!(pending, 0);
}

/// A webhook is recorded in the transaction of the change: a refused change queues nothing.
#[tokio::test]
async fn a_refused_change_queues_nothing() {
    let partner = receiver(vec![]).await;
    let mut w = world(&partner.url, "*").await;
    let res = w
        .business
        .call(CreateCampaign {
            title: String::new(),
            description: String::new(),
            budget: "0".into(),
            currency: "NGN".into(),
            deadline: "2031-01-31".into(),
            status: "active".into(),
        })
        .await;
    assert_eq!(res.status, 422);
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM outbox")
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap()
        .get("n");
    assert_eq!(n, 0);
}

/// The admin pages' server functions: an endpoint's secret is shown once, deliveries list with their state,
/// `Replay` sends a finished delivery again; nobody else may use them.
#[tokio::test]
async fn integrations_and_deliveries_for_admins_only() {
    use collabdesk::api::integrations::{CreatedEndpoint, DeliveriesView, EndpointView};
    let partner = receiver(vec![(500, None, "")]).await;
    let app = TestApp::with_config(|c| c.session_absolute_minutes = 60 * 24 * 30).await;
    let (mut admin, _) = app.signed_in("ada@example.com", Role::Admin).await;
    let (mut business, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut rival, _) = app.signed_in("rival@example.com", Role::Business).await;

    let res = admin
        .call(CreateWebhookEndpoint {
            url: "ftp://nope".into(),
            events: "offer_sennt".into(),
        })
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.error().field_message("events").as_deref(),
        Some("Unknown event: offer_sennt.")
    );
    let res = business
        .call(CreateWebhookEndpoint {
            url: partner.url.to_string(),
            events: "*".into(),
        })
        .await;
    assert_eq!(res.status, 403);
    let res = admin
        .call(CreateWebhookEndpoint {
            url: partner.url.to_string(),
            events: "*".into(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let created: CreatedEndpoint = res.json();
    assert!(created.secret.starts_with("whsec_"));
    let res = admin.call(WebhookEndpoints {}).await;
    assert!(!res.body.contains(&created.secret), "the secret is never shown again");
    assert_eq!(res.json::<Vec<EndpointView>>().len(), 1);

    // a campaign's sync state, for its owner only
    let campaign = publish(&mut business, "Synced campaign").await;
    let worker = app.worker();
    let state = |c: &mut Client| {
        let mut c = c.clone();
        let id = campaign.id.to_string();
        async move {
            let res = c
                .call(CampaignOverview {
                    id: id.to_string(),
                    after: String::new(),
                })
                .await;
            // the campaign page's sync line
            let sync = match res.status {
                200 => res.json::<serde_json::Value>()["sync"].to_string(),
                _ => res.body,
            };
            (res.status, sync)
        }
    };
    assert!(
        state(&mut business).await.1.contains("Retrying"),
        "queued, not sent yet"
    );
    assert_eq!(state(&mut rival).await.0, 404);
    worker.run_once().await; // the partner answers 500
    let (_, body) = state(&mut business).await;
    assert!(body.contains("Retrying") && body.contains("\"attempts\":1"), "{body}");

    // Deliveries: listed with their state; a pending one cannot be replayed
    let res = admin
        .call(Deliveries {
            status: "pending".into(),
            after: String::new(),
        })
        .await;
    let v: DeliveriesView = res.json();
    assert_eq!(v.deliveries.len(), 1);
    assert_eq!(v.deliveries[0].last_status, Some(500));
    let id = v.deliveries[0].id.clone();
    let res = admin.call(ReplayDelivery { id: id.to_string() }).await;
    assert_eq!(res.status, 409);
    app.state.clock.advance(10 * SECOND);
    worker.run_once().await; // delivered
    assert_eq!(state(&mut business).await.1, "\"Synced\"");
    assert_eq!(business.call(ReplayDelivery { id: id.to_string() }).await.status, 403);
    assert_eq!(admin.call(ReplayDelivery { id: "msg_nope".into() }).await.status, 404);
    let res = admin.call(ReplayDelivery { id: id.to_string() }).await;
    assert_eq!(res.status, 200, "{}", res.body);
    worker.run_once().await;
    let got = partner.got.lock().unwrap().clone();
    assert_eq!(got.len(), 3);
    assert!(
        got.iter().all(|(h, _)| h["webhook-id"] == id.as_str()),
        "a replay keeps the webhook-id"
    );
    let res = admin
        .call(Deliveries {
            status: "delivered".into(),
            after: String::new(),
        })
        .await;
    assert_eq!(
        res.json::<DeliveriesView>().deliveries[0].attempts,
        1,
        "the schedule starts again"
    );
    let numbers: Vec<i64> = sqlx::query("SELECT attempt FROM outbox_attempts ORDER BY attempt")
        .fetch_all(&app.db().pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("attempt"))
        .collect();
    assert_eq!(numbers, vec![1, 2, 3]);
    assert_eq!(
        admin
            .call(Deliveries {
                status: "lost".into(),
                after: String::new()
            })
            .await
            .status,
        422
    );
}

/// A delivery queued before its endpoint was disabled is not sent to it.
#[tokio::test]
async fn nothing_is_sent_to_a_disabled_endpoint() {
    let partner = receiver(vec![]).await;
    let mut w = world(&partner.url, "*").await;
    let campaign = publish(&mut w.business, "Queued").await;
    sqlx::query("UPDATE webhook_endpoints SET enabled = 0, disabled_reason = 'turned off'")
        .execute(&w.app.db().pool)
        .await
        .unwrap();
    assert_eq!(w.worker.run_once().await, 1);
    assert!(partner.got.lock().unwrap().is_empty());
    let (_, status, ..) = row(&w.app, &campaign).await;
    assert_eq!(status, "failed");
    match store::sync_state(w.app.db(), "campaign", campaign.id.as_str())
        .await
        .unwrap()
    {
        SyncState::Failed { error } => assert_eq!(error, "the endpoint is disabled"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_invitation_answers_and_lists_how_the_partner_heard_of_it() {
    let partner = receiver(vec![]).await;
    let mut w = world(&partner.url, "invitation_invited").await;
    let creator = w.app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let campaign = publish(&mut w.business, "Invited").await;
    let res = w
        .business
        .call(InviteCreator {
            campaign_id: campaign.id.to_string(),
            creator_id: creator.to_string(),
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let inv: collabdesk::domain::invitation::Invitation = res.json();
    let sync = inv.sync.expect("the answer carries the sync state");
    assert!(!sync.synced && sync.retry_queued, "{sync:?}");
    assert_eq!(w.worker.run_once().await, 2, "the webhook and the creator's e-mail");
    let view: collabdesk::api::invitations::CampaignInvitationsView = w
        .business
        .call(CampaignInvitations {
            campaign_id: campaign.id.to_string(),
            after: String::new(),
        })
        .await
        .json();
    let listed = view.invitations[0].sync.clone().unwrap();
    assert!(listed.synced, "{listed:?}");
    assert_eq!(listed.label, "Synced");
    // the webhook itself carries no sync field
    let body: serde_json::Value = serde_json::from_str(&partner.got.lock().unwrap()[0].1).unwrap();
    assert!(body["data"].get("sync").is_none(), "{body}");
}

/// A partner that answers 200 and then streams its reply forever: before, the worker read it until the attempt
/// timed out (and kept retrying); it reads at most `REPLY_LIMIT` bytes, so the delivery is done.
async fn endless_partner() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let mut request = vec![0u8; 64 * 1024];
                let _ = socket.read(&mut request).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                let _ = socket.write_all(head.as_bytes()).await;
                let chunk = format!("{:x}\r\n{}\r\n", 8192, "x".repeat(8192));
                while socket.write_all(chunk.as_bytes()).await.is_ok() {}
            });
        }
    });
    format!("http://{addr}/hooks")
}

#[tokio::test]
async fn an_endless_reply_is_read_only_so_far() {
    let url = endless_partner().await;
    let mut w = world(&url, "*").await;
    let campaign = publish(&mut w.business, "Jollof Week").await;
    w.worker
        .clone()
        .with_timeout(std::time::Duration::from_secs(3))
        .run_once()
        .await;
    let (_, status, attempts, _, _) = row(&w.app, &campaign).await;
    assert_eq!((status.as_str(), attempts), ("delivered", 1));
}

/// Issue 11, finding 10: in production the worker calls only public addresses, judged on what it connects to:
/// an endpoint stored as `localhost` (a name that resolves to this machine) or as `127.1` (an IP written so a
/// text check missed it) fails its attempt without the partner being called, saying why.
#[tokio::test]
async fn in_production_the_worker_never_calls_this_machine() {
    let partner = receiver(vec![]).await;
    let port = partner
        .url
        .rsplit(':')
        .next()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    for url in [
        format!("http://localhost:{port}/hooks"),
        format!("http://127.1:{port}/hooks"),
        format!("http://2130706433:{port}/hooks"),
    ] {
        let mut w = world(&url, "*").await;
        let campaign = publish(&mut w.business, "Jollof Week").await;
        let worker = w.worker.clone().public_only(true);
        worker.run_once().await;
        let r = sqlx::query("SELECT status, last_error FROM outbox WHERE subject_id = $1")
            .bind(campaign.id.as_str())
            .fetch_one(&w.app.db().pool)
            .await
            .unwrap();
        let (status, error): (String, Option<String>) = (r.get("status"), r.get("last_error"));
        assert_ne!(status, "delivered", "{url}");
        assert_eq!(error.as_deref(), Some(collabdesk::server::outbox::NOT_PUBLIC), "{url}");
        // the same endpoint is called by a worker that allows it (development)
        w.app.state.clock.advance(HOUR);
        w.worker.run_once().await;
        assert_eq!(row(&w.app, &campaign).await.1, "delivered", "{url}");
    }
    assert_eq!(
        partner.got.lock().unwrap().len(),
        3,
        "only the development worker reached it"
    );
}
