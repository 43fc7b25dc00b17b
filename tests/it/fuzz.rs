//! Hostile input against every server function and the partner webhook (issue 11), with proptest's generators:
//! random, truncated, oversized and wrongly typed bodies, form- and JSON-encoded, as every role and signed out,
//! with real ids from a small world mixed in so calls reach past parsing. Invariants, checked on every case:
//! no panic and no 5xx; a refused call (4xx) writes nothing (every table's row count unchanged); and at the end,
//! every wallet equals its ledger. Bounded in time (`FUZZ_SECONDS`, default 40) and cases (`FUZZ_CASES`,
//! default 4000); prints how many ran. Every registered server function is called (the registry lists them).

use crate::common::{Client, TestApp};
use collabdesk::api::creative_requests::SubmitCreativeRequest;
use collabdesk::api::creator_requests::CreateCreatorRequest;
use collabdesk::api::invitations::InviteCreator;
use collabdesk::api::offers::SendOffer;
use collabdesk::domain::account::Role;
use collabdesk::domain::creative::NewCreativeRequest;
use collabdesk::domain::creator_request::CreatorRequestInput;
use collabdesk::domain::offer::OfferInput;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use std::time::{Duration, Instant};

const TABLES: &[&str] = &[
    "organisations",
    "users",
    "creator_profiles",
    "creator_platforms",
    "campaigns",
    "campaign_invitations",
    "invitation_events",
    "campaign_applications",
    "notifications",
    "creative_requests",
    "creative_request_events",
    "webhook_endpoints",
    "outbox",
    "outbox_attempts",
    "inbound_webhooks",
    "partner_creators",
    "wallets",
    "offers",
    "wallet_ledger",
    "offer_events",
    "creator_requests",
    "creator_request_creators",
    "invitation_counts",
    "invitation_weeks",
    "creative_request_counts",
    "message_templates",
    "api_keys",
    "sessions",
    // not `rate_limits` or `sign_in_networks`: a refused sign-in is counted there on purpose
];

/// Every table's row count, in one query.
async fn footprint(app: &TestApp) -> Vec<i64> {
    let sql = TABLES
        .iter()
        .map(|t| {
            format!(
                "SELECT {} AS i, COUNT(*) AS n FROM {t}",
                TABLES.iter().position(|x| x == t).unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows: Vec<(i64, i64)> = sqlx::query_as::<_, (i64, i64)>(&format!("{sql} ORDER BY i"))
        .fetch_all(&app.db().pool)
        .await
        .unwrap();
    rows.into_iter().map(|(_, n)| n).collect()
}

/// A small world whose ids the generated bodies use.
struct World {
    app: TestApp,
    /// (label, client): signed out, then one signed-in client per role.
    actors: Vec<(&'static str, Client)>,
    ids: Vec<String>,
}

async fn world() -> World {
    let app = TestApp::with_config(|c| {
        c.sign_in_per_minute = 100_000;
        c.partner_secret = Some("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".into());
    })
    .await;
    let (mut business, biz) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut admin, admin_id) = app.signed_in("admin@example.com", Role::Admin).await;
    let (mut publisher, publisher_id) = app.signed_in("pub@example.com", Role::Publisher).await;
    let advertiser_id = app.advertiser("adv@example.com", "Amazon").await;
    let mut advertiser = app.sign_in_as("adv@example.com").await;
    let cat = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let creator = app.sign_in_as("cat@example.com").await;
    let campaign = business.create_campaign("Jollof Week", "500000", "active").await;
    let draft = business.create_campaign("Suya Nights", "100000", "draft").await;
    admin.top_up("biz@example.com", "1000000").await;
    let invitation: serde_json::Value = business
        .call(InviteCreator {
            campaign_id: campaign.id.to_string(),
            creator_id: cat.to_string(),
            message: "Hello".into(),
            template_id: String::new(),
        })
        .await
        .json();
    let offer: serde_json::Value = business
        .call(SendOffer {
            offer: OfferInput {
                campaign_id: campaign.id.to_string(),
                creator: "cat_cooks".into(),
                amount: "10000".into(),
                currency: "NGN".into(),
                message: String::new(),
                deadline: "2030-12-31".into(),
            },
            idempotency_key: "fuzz-world".into(),
            template_id: String::new(),
        })
        .await
        .json();
    let request: serde_json::Value = business
        .call(CreateCreatorRequest {
            request: CreatorRequestInput {
                campaign_id: draft.id.to_string(),
                campaign_type: "ugc".into(),
                brief: "A brief".into(),
                deliverables: "2 reels".into(),
                creators: "cat_cooks".into(),
            },
        })
        .await
        .json();
    let org = advertiser.whoami().await.unwrap().organisation_id.unwrap();
    let creative: serde_json::Value = publisher
        .call(SubmitCreativeRequest {
            request: NewCreativeRequest {
                offer_id: "OFF-1".into(),
                offer_name: "Holiday".into(),
                creative_type: "Email".into(),
                creative_count: "2".into(),
                from_lines_count: "1".into(),
                subject_lines_count: "1".into(),
                priority: "High Priority".into(),
                advertiser_id: org.to_string(),
                affiliate_id: "AFF-1".into(),
                client_id: "AMZ".into(),
                client_name: "Amazon".into(),
                notes: String::new(),
            },
        })
        .await
        .json();
    let id_of = |v: &serde_json::Value| -> String {
        v.get("id")
            .or_else(|| v.get("offer").and_then(|o| o.get("id")))
            .or_else(|| v.get("request").and_then(|o| o.get("id")))
            .and_then(|i| i.as_str())
            .unwrap_or_else(|| panic!("an id in {v}"))
            .to_string()
    };
    let ids = vec![
        campaign.id.to_string(),
        draft.id.to_string(),
        id_of(&invitation),
        id_of(&offer),
        id_of(&request),
        id_of(&creative),
        biz.to_string(),
        admin_id.to_string(),
        publisher_id.to_string(),
        advertiser_id.to_string(),
        cat.to_string(),
        org.to_string(),
    ];
    World {
        actors: vec![
            ("signed out", app.client()),
            ("business", business),
            ("creator", creator),
            ("publisher", publisher),
            ("advertiser", advertiser),
            ("admin", admin),
        ],
        app,
        ids,
    }
}

const KEYS: &[&str] = &[
    "id",
    "campaign_id",
    "creator_id",
    "creator_ids[0]",
    "creator_ids[]",
    "message",
    "reason",
    "comment",
    "note",
    "amount",
    "currency",
    "deadline",
    "title",
    "description",
    "budget",
    "status",
    "action",
    "after",
    "tab",
    "q",
    "email",
    "password",
    "name",
    "role",
    "username",
    "url",
    "events",
    "business",
    "next",
    "idempotency_key",
    "seen",
    "page",
    "sort",
    "priority",
    "advertiser",
    "offer[campaign_id]",
    "offer[creator]",
    "offer[amount]",
    "offer[currency]",
    "offer[deadline]",
    "offer[message]",
    "request[campaign_id]",
    "request[creators]",
    "request[brief]",
    "request[deliverables]",
    "request[campaign_type]",
    "request[offer_id]",
    "request[advertiser_id]",
    "request[creative_count]",
    "platforms[0]",
    "followers",
    "niche",
    "bio",
    "a[b][c][d][e][f][g]",
];

/// One request body and how it is sent.
#[derive(Debug, Clone)]
struct Case {
    actor: usize,
    /// Which server function (index into the registry's list), or `None` for the partner webhook.
    function: Option<usize>,
    content_type: &'static str,
    html: bool,
    body: Vec<u8>,
    signed: bool,
}

fn value(ids: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        proptest::sample::select(ids),
        "[a-z_@ ]{0,12}",
        "-?[0-9]{1,25}(\\.[0-9]{0,4})?",
        any::<String>(),
        proptest::sample::select(vec![
            "NGN",
            "draft",
            "active",
            "close",
            "approve",
            "reject",
            "send_back",
            "forward",
            "requests",
            "response",
            "pending",
            "2030-12-31",
            "0",
            "-1",
            "1e309",
            "NaN",
            "true",
            "<script>alert(1)</script>",
            "'; DROP TABLE users; --",
            "../../etc/passwd",
            "%00",
            "\u{301}\u{301}\u{301}",
            "👨‍👩‍👧",
        ])
        .prop_map(str::to_string),
        (1usize..40_000).prop_map(|n| "x".repeat(n)),
    ]
}

fn form_body(ids: Vec<String>) -> impl Strategy<Value = Vec<u8>> {
    let key = prop_oneof![
        proptest::sample::select(KEYS).prop_map(str::to_string),
        "[a-z\\[\\]]{1,10}"
    ];
    proptest::collection::vec((key, value(ids)), 0..8)
        .prop_map(|pairs| serde_urlencoded::to_string(&pairs).unwrap_or_default().into_bytes())
}

fn body(ids: Vec<String>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => form_body(ids.clone()),
        // a well-formed form cut anywhere
        2 => (form_body(ids.clone()), any::<prop::sample::Index>()).prop_map(|(b, at)| {
            let cut = if b.is_empty() { 0 } else { at.index(b.len()) };
            b[..cut].to_vec()
        }),
        2 => proptest::collection::vec(any::<u8>(), 0..512),
        2 => json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        // over the body limit
        1 => Just(format!("message={}", "a".repeat(1024 * 1024 + 10)).into_bytes()),
    ]
}

/// Arbitrary JSON, shaped a little like the partner's creator batches, for the webhook.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        any::<String>().prop_map(serde_json::Value::from),
        proptest::sample::select(vec![
            "id",
            "name",
            "username",
            "email",
            "creators",
            "partner_id",
            "platform"
        ])
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            proptest::collection::hash_map(
                prop_oneof![
                    proptest::sample::select(vec![
                        "creators",
                        "id",
                        "partner_id",
                        "name",
                        "username",
                        "email",
                        "platforms",
                        "followers",
                        "niche",
                        "avatar_url",
                        "bio",
                    ])
                    .prop_map(str::to_string),
                    "[a-z]{1,8}"
                ],
                inner,
                0..8
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn case(functions: usize, actors: usize, ids: Vec<String>) -> impl Strategy<Value = Case> {
    let webhook_body = prop_oneof![
        3 => json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        1 => proptest::collection::vec(any::<u8>(), 0..512),
    ];
    prop_oneof![
        8 => (
            0..actors,
            0..functions,
            proptest::sample::select(vec![
                "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded",
                "application/json",
                "multipart/form-data; boundary=x",
                "text/plain",
            ]),
            any::<bool>(),
            body(ids),
        )
            .prop_map(|(actor, f, content_type, html, body)| Case {
                actor,
                function: Some(f),
                content_type,
                html,
                body,
                signed: false,
            }),
        2 => (webhook_body, any::<bool>()).prop_map(|(body, signed)| Case {
            actor: 0,
            function: None,
            content_type: "application/json",
            html: false,
            body,
            signed,
        }),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_never_breaks_anything() {
    let w = world().await;
    let secret = w.app.state.config.partner_secret.clone().unwrap();
    let mut functions: Vec<&'static str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        // signing out is not a refusal and would end the fuzzing actor's session (tested in http.rs)
        .filter(|p| *p != "/api/sign_out")
        .collect();
    functions.sort();
    assert!(
        functions.len() > 40,
        "the registry lists the server functions: {functions:?}"
    );
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let max_cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4000);
    let strategy = case(functions.len(), w.actors.len(), w.ids.clone());
    let mut runner = TestRunner::deterministic();
    let started = Instant::now();
    let (mut ran, mut refused, mut webhook_cases) = (0, 0, 0);
    let mut called = std::collections::BTreeSet::new();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    while ran < max_cases && started.elapsed() < Duration::from_secs(seconds) {
        let c = strategy.new_tree(&mut runner).unwrap().current();
        let before = footprint(&w.app).await;
        let mut client = w.actors[c.actor].1.clone();
        let path = match c.function {
            Some(f) => functions[f],
            None => "/webhooks/partner/creators",
        };
        let mut req = axum::http::Request::builder()
            .method("POST")
            .uri(path)
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header("content-type", c.content_type)
            .header(
                "accept",
                if c.html {
                    "text/html,application/xhtml+xml"
                } else {
                    "application/json"
                },
            );
        if let Some(cookie) = &client.cookie {
            req = req.header("cookie", cookie.as_str());
        }
        if c.function.is_none() {
            webhook_cases += 1;
            let id = format!("msg_{ran}");
            let now = w.app.state.clock.now().0 / 1000;
            let signature = if c.signed {
                collabdesk::server::outbox::sign(&secret, &id, now, &String::from_utf8_lossy(&c.body)).unwrap()
            } else {
                "v1,bm90IGEgc2lnbmF0dXJl".to_string()
            };
            req = req
                .header("webhook-id", id)
                .header("webhook-timestamp", now.to_string())
                .header("webhook-signature", signature);
        }
        let body = if c.signed {
            // signed over the text as sent
            String::from_utf8_lossy(&c.body).into_owned().into_bytes()
        } else {
            c.body.clone()
        };
        let res = client.send(req.body(axum::body::Body::from(body)).unwrap()).await;
        called.insert(path);
        *statuses.entry(res.status).or_default() += 1;
        let shown: String = String::from_utf8_lossy(&c.body).chars().take(300).collect();
        assert!(
            res.status < 500,
            "{path} as {} answered {}: {}\nbody sent: {shown:?}",
            w.actors[c.actor].0,
            res.status,
            res.body
        );
        if res.status >= 400 {
            refused += 1;
            assert_eq!(
                footprint(&w.app).await,
                before,
                "{path} as {} refused ({}) but wrote: {}\nbody sent: {shown:?}",
                w.actors[c.actor].0,
                res.status,
                res.body
            );
        }
        ran += 1;
    }
    w.app.assert_wallets_consistent().await;
    println!(
        "fuzz ({}): {ran} cases in {:.1} s: {} of {} server functions and the partner webhook ({webhook_cases} \
         cases) called, {refused} refused with nothing written, statuses {statuses:?}",
        crate::common::engine(),
        started.elapsed().as_secs_f64(),
        called.len() - usize::from(webhook_cases > 0),
        functions.len(),
    );
    assert!(ran >= 200, "too few cases ran ({ran}) to mean anything");
    let missed: Vec<&&str> = functions.iter().filter(|f| !called.contains(**f)).collect();
    assert!(missed.is_empty(), "never called: {missed:?}");
    assert!(webhook_cases > 0, "the webhook was never called");
}
