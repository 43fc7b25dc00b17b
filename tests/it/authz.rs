//! The authorization matrix (issue 11): every server function × every role and signed out × a record of the
//! caller's own tenant and one of another tenant, with the status each cell must answer written down. The
//! test fails when a server function exists that the matrix does not list (the framework's registry is the
//! list), or when a cell answers otherwise. Each row runs in a fresh world, so one row's changes never decide
//! another's answer. `AUTHZ_RECORD=1` prints what every cell answered, in this file's syntax, for review.
//!
//! Tenants: the business `biz` (campaigns C and D, a draft E, invitation I and offer O to the creator `cat`,
//! creator request on D) against `rival` (RC, RD, RE, RI and RO to `dan`); the publisher `pub` (creative
//! request K to the advertiser organisation of `adv`) against `pub2` (RK to another organisation). "Own" is the
//! record of the caller's side; "other" the same call on the rival's record.

use crate::common::{Client, TestApp};
use collabdesk::api::creative_requests::SubmitCreativeRequest;
use collabdesk::api::creator_requests::CreateCreatorRequest;
use collabdesk::api::invitations::InviteCreator;
use collabdesk::api::offers::SendOffer;
use collabdesk::domain::account::Role;
use collabdesk::domain::creative::NewCreativeRequest;
use collabdesk::domain::creator_request::CreatorRequestInput;
use collabdesk::domain::offer::OfferInput;
use std::collections::{BTreeMap, BTreeSet};

/// Columns: signed out, business, creator, publisher, advertiser, admin.
const ACTORS: [&str; 6] = ["out", "business", "creator", "publisher", "advertiser", "admin"];

/// (function, arguments with placeholders, statuses on own records, statuses on the other tenant's records:
/// `None` when the function takes no record).
type Row = (&'static str, &'static str, [u16; 6], Option<[u16; 6]>);

#[rustfmt::skip]
const MATRIX: &[Row] = &[
    // open to everyone ({n} gives each caller an e-mail of its own where one is created)
    ("current_user", "", [200, 200, 200, 200, 200, 200], None),
    ("sign_in", "email=biz%40example.com&password=wrong+password", [422, 422, 422, 422, 422, 422], None),
    ("sign_up", "email=new{n}%40example.com&password=long+enough+pw&role=business&name=New+Shop", [200, 200, 200, 200, 200, 200], None),
    ("sign_out", "", [200, 200, 200, 200, 200, 200], None),
    // a business's campaigns, invitations and offers: only the business; another's record is not found
    ("search_creators", "", [401, 200, 403, 403, 403, 403], None),
    ("creator_profile", "username=cat_cooks", [401, 200, 403, 403, 403, 403], None),
    ("list_campaigns", "", [401, 200, 403, 403, 403, 403], None),
    ("get_campaign", "id={C}", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    ("campaign_overview", "id={C}", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    ("create_campaign", "title=New+one&budget=1000&currency=NGN&deadline=2031-01-31&status=draft", [401, 200, 403, 403, 403, 403], None),
    ("update_campaign", "id={C}&title=Renamed&budget=1000&currency=NGN&deadline=2031-01-31", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    ("change_campaign_status", "id={C}&action=close", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    ("delete_campaign", "id={E}", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    ("campaign_invitations", "campaign_id={C}", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    ("invite_creator", "campaign_id={C}&creator_id={eve}&message=Hi", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    ("invite_creators", "campaign_id={C}&creator_ids[0]={cat}", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    // an invitation: its business and its creator; the other side's action is 403, strangers 404
    ("get_invitation", "id={I}", [401, 200, 200, 404, 404, 404], Some([401, 404, 404, 404, 404, 404])),
    ("accept_invitation", "id={I}", [401, 403, 200, 404, 404, 404], Some([401, 404, 404, 404, 404, 404])),
    ("decline_invitation", "id={I}&reason=busy", [401, 403, 200, 404, 404, 404], Some([401, 404, 404, 404, 404, 404])),
    ("withdraw_invitation", "id={I}", [401, 200, 403, 404, 404, 404], Some([401, 404, 404, 404, 404, 404])),
    // (a pending invitation has nothing to resend: the business reaches the state machine, 409)
    ("resend_invitation", "id={I}", [401, 409, 403, 404, 404, 404], Some([401, 404, 404, 404, 404, 404])),
    // (nudging is the business's; the creator is told so, strangers find nothing)
    ("nudge_invitation", "id={I}", [401, 200, 403, 404, 404, 404], Some([401, 404, 404, 404, 404, 404])),
    ("my_invitations", "", [401, 403, 200, 403, 403, 403], None),
    ("my_active_campaigns", "", [401, 403, 200, 403, 403, 403], None),
    ("my_invitation_stats", "", [401, 403, 200, 403, 403, 403], None),
    ("my_invitations_with_stats", "", [401, 403, 200, 403, 403, 403], None),
    // outreach analytics: a business's own campaigns; another's is not found
    ("my_analytics", "campaign={C}", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    // API keys: admins and businesses; another's key is not found
    ("api_keys", "", [401, 200, 403, 403, 403, 200], None),
    ("create_api_key", "name=Tool{n}&role=business", [401, 200, 403, 403, 403, 403], None),
    ("revoke_api_key", "id={AK}", [401, 200, 403, 403, 403, 404], Some([401, 404, 403, 403, 403, 404])),
    // message templates: a business's own; another's is not found
    ("my_templates", "", [401, 200, 403, 403, 403, 403], None),
    ("save_template", "id={T}&name=Renamed&kind=offer&body=Hi", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    ("delete_template", "id={T}", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    // a creator's availability: their own
    ("my_availability", "", [401, 403, 200, 403, 403, 403], None),
    ("set_availability", "availability=open&note=", [401, 403, 200, 403, 403, 403], None),
    // offers and the wallet
    ("send_offer", "offer[campaign_id]={C}&offer[creator]=cat_cooks&offer[amount]=1000&offer[currency]=NGN&offer[deadline]=2030-12-31&offer[message]=&idempotency_key=k{n}", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    ("accept_offer", "id={O}", [401, 403, 200, 404, 404, 404], Some([401, 404, 404, 404, 404, 404])),
    ("decline_offer", "id={O}&reason=no", [401, 403, 200, 404, 404, 404], Some([401, 404, 404, 404, 404, 404])),
    ("withdraw_offer", "id={O}", [401, 200, 403, 404, 404, 404], Some([401, 404, 404, 404, 404, 404])),
    ("get_offer", "id={O}", [401, 200, 200, 404, 404, 404], Some([401, 404, 404, 404, 404, 404])),
    ("my_offers", "", [401, 403, 200, 403, 403, 403], None),
    ("sent_offers", "", [401, 200, 403, 403, 403, 403], None),
    ("my_wallet", "", [401, 200, 403, 403, 403, 403], None),
    ("all_wallets", "", [401, 403, 403, 403, 403, 200], None),
    ("top_up_wallet", "business=biz%40example.com&amount=100&currency=NGN&reason=ref", [401, 403, 403, 403, 403, 200], None),
    // creator requests: the business; the agency inbox: admins
    ("create_creator_request", "request[campaign_id]={D}&request[campaign_type]=ugc&request[brief]=B&request[deliverables]=D&request[creators]=cat_cooks", [401, 200, 403, 403, 403, 403], Some([401, 404, 403, 403, 403, 403])),
    ("my_creator_requests", "", [401, 200, 403, 403, 403, 403], None),
    // one request: the business that made it and the agency (admins, everyone's)
    ("get_creator_request", "id={CR}", [401, 200, 403, 403, 403, 200], Some([401, 404, 403, 403, 403, 200])),
    ("agency_inbox", "", [401, 403, 403, 403, 403, 200], None),
    // creative requests: publishers submit (to any advertiser); the admin sees all; an advertiser sees
    // only its organisation's requests once forwarded (K is still at the admin stage: not found)
    ("submit_creative_request", "request[offer_id]=OFF-9&request[offer_name]=X&request[creative_type]=Email&request[creative_count]=1&request[from_lines_count]=1&request[subject_lines_count]=1&request[priority]=High+Priority&request[advertiser_id]={ORG}&request[affiliate_id]=A&request[client_id]=C&request[client_name]=Client", [401, 403, 403, 200, 403, 403], Some([401, 403, 403, 200, 403, 403])),
    ("advertiser_options", "", [401, 403, 403, 200, 200, 200], None),
    ("my_creative_requests", "", [401, 403, 403, 200, 403, 403], None),
    ("creative_requests", "page=requests", [401, 403, 403, 403, 403, 200], None),
    ("recent_creative_requests", "", [401, 403, 403, 403, 403, 200], None),
    ("get_creative_request", "id={K}", [401, 404, 404, 200, 404, 200], Some([401, 404, 404, 404, 404, 200])),
    ("review_creative_request", "id={K}&action=forwarded", [401, 403, 403, 403, 404, 200], Some([401, 403, 403, 403, 404, 200])),
    // notifications: each user their own (marking someone else's id marks nothing)
    ("my_notifications", "", [401, 200, 200, 200, 200, 200], None),
    ("mark_notifications_read", "id={N}", [401, 200, 200, 200, 200, 200], Some([401, 200, 200, 200, 200, 200])),
    // administration and integrations: admins only (a pending delivery cannot be replayed: 409)
    ("list_users", "", [401, 403, 403, 403, 403, 200], None),
    ("create_staff", "email=staff{n}%40example.com&password=long+enough+pw&role=publisher&name=Staff+Member", [401, 403, 403, 403, 403, 200], None),
    ("webhook_endpoints", "", [401, 403, 403, 403, 403, 200], None),
    ("create_webhook_endpoint", "url=http%3A%2F%2F127.0.0.1%3A9%2Fh{n}&events=*", [401, 403, 403, 403, 403, 200], None),
    ("deliveries", "", [401, 403, 403, 403, 403, 200], None),
    ("replay_delivery", "id={X}", [401, 403, 403, 403, 403, 409], None),
];

/// Ids of the world's records by placeholder name (own, and the rival's under `R` + name).
struct World {
    app: TestApp,
    clients: Vec<Client>,
    ids: BTreeMap<&'static str, String>,
}

async fn invite(client: &mut Client, campaign: &str, creator: &str) -> String {
    let res = client
        .call(InviteCreator {
            campaign_id: campaign.into(),
            creator_id: creator.into(),
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json::<serde_json::Value>()["id"].as_str().unwrap().to_string()
}

async fn offer(client: &mut Client, campaign: &str, creator: &str) -> String {
    let res = client
        .call(SendOffer {
            offer: OfferInput {
                campaign_id: campaign.into(),
                creator: creator.into(),
                amount: "1000".into(),
                currency: "NGN".into(),
                message: String::new(),
                deadline: "2030-12-31".into(),
            },
            idempotency_key: format!("world-{campaign}"),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json::<serde_json::Value>()["offer"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn creator_request(client: &mut Client, draft: &str) -> String {
    let res = client
        .call(CreateCreatorRequest {
            request: CreatorRequestInput {
                campaign_id: draft.into(),
                campaign_type: "ugc".into(),
                brief: "A brief".into(),
                deliverables: "2 reels".into(),
                creators: "cat_cooks dan_dances".into(),
            },
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json::<serde_json::Value>()["request"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn creative(client: &mut Client, org: &str) -> String {
    let res = client
        .call(SubmitCreativeRequest {
            request: NewCreativeRequest {
                offer_id: format!("OFF-{}", &org[..8]),
                offer_name: "Holiday".into(),
                creative_type: "Email".into(),
                creative_count: "2".into(),
                from_lines_count: "1".into(),
                subject_lines_count: "1".into(),
                priority: "High Priority".into(),
                advertiser_id: org.into(),
                affiliate_id: "AFF-1".into(),
                client_id: "AMZ".into(),
                client_name: "Amazon".into(),
                notes: String::new(),
            },
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json::<serde_json::Value>()["id"].as_str().unwrap().to_string()
}

async fn world() -> World {
    let app = TestApp::with_config(|c| c.sign_in_per_minute = 100_000).await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let (mut publisher, _) = app.signed_in("pub@example.com", Role::Publisher).await;
    let (mut publisher2, _) = app.signed_in("pub2@example.com", Role::Publisher).await;
    let (mut admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    app.advertiser("adv@example.com", "Amazon").await;
    app.advertiser("adv2@example.com", "Nike").await;
    let mut adv = app.sign_in_as("adv@example.com").await;
    let mut adv2 = app.sign_in_as("adv2@example.com").await;
    let cat = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let dan = app.creator("dan@example.com", "dan_dances", "Dan Dances").await;
    // invited by nobody: either business may invite her
    let eve = app.creator("eve@example.com", "eve_eats", "Eve Eats").await;
    let creator = app.sign_in_as("cat@example.com").await;
    app.partner_endpoint("http://127.0.0.1:9/hooks").await;
    for who in ["biz@example.com", "rival@example.com"] {
        admin.top_up(who, "100000").await;
    }
    let mut ids = BTreeMap::new();
    for (prefix, client, creator_id, creator_name) in
        [("", &mut biz, &cat, "cat_cooks"), ("R", &mut rival, &dan, "dan_dances")]
    {
        let c = client
            .create_campaign("Active one", "500000", "active")
            .await
            .id
            .to_string();
        let d = client
            .create_campaign("Draft one", "500000", "draft")
            .await
            .id
            .to_string();
        let e = client
            .create_campaign("Spare draft", "500000", "draft")
            .await
            .id
            .to_string();
        let i = invite(client, &c, &creator_id.to_string()).await;
        let o = offer(client, &c, creator_name).await;
        let cr = creator_request(client, &d).await;
        let res = client
            .call(collabdesk::api::templates::SaveTemplate {
                id: String::new(),
                name: "Warm intro".into(),
                kind: "invitation".into(),
                body: "Hi {creator_name}".into(),
            })
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        let t = res.json::<serde_json::Value>()["id"].as_str().unwrap().to_string();
        let res = client
            .call(collabdesk::api::api_keys::CreateApiKey {
                name: "CRM".into(),
                role: "business".into(),
                owner: String::new(),
            })
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        let ak = res.json::<serde_json::Value>()["key"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let name = |n: &str| -> &'static str { Box::leak(format!("{prefix}{n}").into_boxed_str()) };
        ids.insert(name("C"), c);
        ids.insert(name("D"), d);
        ids.insert(name("E"), e);
        ids.insert(name("I"), i);
        ids.insert(name("O"), o);
        ids.insert(name("CR"), cr);
        ids.insert(name("T"), t);
        ids.insert(name("AK"), ak);
        ids.insert(name("cat"), creator_id.to_string());
    }
    let org = adv.whoami().await.unwrap().organisation_id.unwrap().to_string();
    let org2 = adv2.whoami().await.unwrap().organisation_id.unwrap().to_string();
    ids.insert("K", creative(&mut publisher, &org).await);
    ids.insert("RK", creative(&mut publisher2, &org2).await);
    ids.insert("eve", eve.to_string());
    ids.insert("ORG", org);
    ids.insert("RORG", org2);
    let mut notification = Vec::new();
    for user in [&cat, &dan] {
        let (_, latest) = collabdesk::server::db::notifications::inbox(app.db(), user, 1)
            .await
            .unwrap();
        notification.push(latest.first().expect("a notification").id.to_string());
    }
    let (n, rn) = (notification[0].clone(), notification[1].clone());
    ids.insert("N", n);
    ids.insert("RN", rn);
    let delivery: String =
        sqlx::query_scalar("SELECT id FROM outbox WHERE channel = 'webhook' ORDER BY created_at LIMIT 1")
            .fetch_one(&app.db().pool)
            .await
            .unwrap();
    ids.insert("X", delivery);
    World {
        clients: vec![app.client(), biz, creator, publisher, adv, admin],
        app,
        ids,
    }
}

/// `template` with its placeholders filled: `{C}` with the own record, or with the rival's (`{RC}`'s) when
/// `other`; `{n}` with the caller's column.
fn fill(template: &str, ids: &BTreeMap<&'static str, String>, other: bool, n: usize) -> String {
    let mut out = template.replace("{n}", &n.to_string());
    let mut names: Vec<&&str> = ids.keys().filter(|k| !k.starts_with('R')).collect();
    names.sort_by_key(|k| std::cmp::Reverse(k.len()));
    for name in names {
        let key = if other { format!("R{name}") } else { name.to_string() };
        let value = ids.get(key.as_str()).unwrap_or(&ids[*name]);
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

async fn call(client: &mut Client, function: &str, body: String) -> u16 {
    let mut req = axum::http::Request::builder()
        .method("POST")
        .uri(format!("/api/{function}"))
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json");
    if let Some(cookie) = &client.cookie {
        req = req.header("cookie", cookie.as_str());
    }
    client
        .send(req.body(axum::body::Body::from(body)).unwrap())
        .await
        .status
}

/// One row in its own world: every column on the own record, then every column on the other's.
async fn run(row: &Row) -> ([u16; 6], Option<[u16; 6]>) {
    let (function, template, _, other_expected) = row;
    let mut w = world().await;
    let mut own = [0; 6];
    for (n, status) in own.iter_mut().enumerate() {
        let body = fill(template, &w.ids, false, n);
        *status = call(&mut w.clients[n], function, body).await;
    }
    let other = match other_expected {
        None => None,
        Some(_) => {
            let mut other = [0; 6];
            for (n, status) in other.iter_mut().enumerate() {
                let body = fill(template, &w.ids, true, n);
                *status = call(&mut w.clients[n], function, body).await;
            }
            Some(other)
        }
    };
    w.app.assert_wallets_consistent().await;
    (own, other)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_answers_every_caller_as_written_down() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let listed: BTreeSet<String> = MATRIX.iter().map(|r| r.0.to_string()).collect();
    let record = std::env::var("AUTHZ_RECORD").is_ok();
    let unlisted: Vec<&String> = registered.difference(&listed).collect();
    let gone: Vec<&String> = listed.difference(&registered).collect();
    if !record {
        assert!(
            unlisted.is_empty(),
            "server functions missing from the matrix: {unlisted:?}"
        );
        assert!(
            gone.is_empty(),
            "the matrix lists functions that do not exist: {gone:?}"
        );
    }
    let rows: Vec<Row> = if record {
        let mut rows: Vec<Row> = MATRIX.to_vec();
        for f in unlisted {
            rows.push((Box::leak(f.clone().into_boxed_str()), "", [0; 6], Some([0; 6])));
        }
        rows
    } else {
        MATRIX.to_vec()
    };
    let mut failures = Vec::new();
    let mut cells = 0;
    for row in &rows {
        let (own, other) = run(row).await;
        cells += 6 + other.map_or(0, |_| 6);
        if record {
            let other = match other {
                Some(o) => format!("Some({o:?})"),
                None => "None".into(),
            };
            println!("    (\"{}\", \"{}\", {:?}, {other}),", row.0, row.1, own);
        } else if own != row.2 || other != row.3 {
            failures.push(format!(
                "{}: own {:?} (expected {:?}), other {:?} (expected {:?}); columns {ACTORS:?}",
                row.0, own, row.2, other, row.3
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "cells that answered otherwise:\n{}",
        failures.join("\n")
    );
    println!(
        "authorization matrix: {} functions, {cells} cells, as written down",
        rows.len()
    );
}
