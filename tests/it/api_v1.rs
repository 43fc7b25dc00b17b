//! API keys and the partner API (`/api/v1`) as a partner's or a business's own tool calls it: keys made on the
//! `API keys` page, shown once, kept hashed, revocable; bearer authentication only; rate limits per key;
//! problem+json errors; cursor paging with `next` links; ETags; the OpenAPI document. Both engines.

use crate::common::{Client, TestApp};
use collabdesk::api::api_keys::{ApiKeys, ApiKeysView, CreateApiKey, CreatedKey, RevokeApiKey};
use collabdesk::domain::account::Role;
use collabdesk::domain::api_key::KeyRole;
use sqlx::Row;

fn make(name: &str, role: &str, owner: &str) -> CreateApiKey {
    CreateApiKey {
        name: name.into(),
        role: role.into(),
        owner: owner.into(),
    }
}

/// A GET of the API as a tool sends it: the key as a bearer token, no cookie.
async fn api(app: &TestApp, path: &str, key: Option<&str>, headers: &[(&str, &str)]) -> crate::common::Resp {
    let mut client = app.client();
    let mut all: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    if let Some(k) = key {
        all.push(("authorization".into(), format!("Bearer {k}")));
    }
    let refs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    client.get_with(path, &refs).await
}

fn problem(res: &crate::common::Resp) -> serde_json::Value {
    assert_eq!(
        res.headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/problem+json"),
        "{}",
        res.body
    );
    serde_json::from_str(&res.body).unwrap()
}

async fn new_key(client: &mut Client, name: &str, role: &str, owner: &str) -> CreatedKey {
    let res = client.call(make(name, role, owner)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

#[tokio::test]
async fn keys_are_made_for_the_right_owners_shown_once_kept_hashed_and_revoked() {
    let app = TestApp::new().await;
    let (mut admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (mut biz, biz_id) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let publisher = app.user("pub@example.com", Role::Publisher, "Pat Publisher").await;
    let advertiser = app.advertiser("adv@example.com", "Acme Ads").await;
    let mut creator = app
        .sign_in_as(&{
            app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
            "cat@example.com".to_string()
        })
        .await;

    // a business makes its own key (whatever owner it names)
    let made = new_key(&mut biz, "CRM sync", "business", "someone-else").await;
    assert!(
        made.secret.starts_with(&format!("{}_", made.key.prefix)),
        "{} {}",
        made.secret,
        made.key.prefix
    );
    assert_eq!(made.key.role, KeyRole::Business);
    assert_eq!(made.key.owner.as_ref().map(|o| o.0.clone()), Some(biz_id.to_string()));
    // kept as its SHA-256 only
    let row = sqlx::query("SELECT * FROM api_keys WHERE id = $1")
        .bind(&made.key.id)
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    let stored: String = row.get("secret_hash");
    assert_eq!(stored, collabdesk::server::db::api_keys::hash(&made.secret));
    assert_eq!(stored.len(), 64);
    for i in 0..row.len() {
        if let Ok(Some(v)) = row.try_get::<Option<String>, _>(i) {
            assert!(!v.contains(&made.secret[13..]), "the secret is stored nowhere");
        }
    }
    // listed without it
    let res = biz.call(ApiKeys {}).await;
    assert!(!res.body.contains(&made.secret[13..]));
    let mine: ApiKeysView = res.json();
    assert_eq!(mine.keys.len(), 1);
    assert!(mine.owners.is_empty());

    // who may make which
    assert_eq!(biz.call(make("x", "partner", "")).await.status, 403);
    assert_eq!(creator.call(make("x", "business", "")).await.status, 403);
    assert_eq!(app.client().call(make("x", "business", "")).await.status, 401);
    let partner = new_key(&mut admin, "Partner platform", "partner", "").await;
    assert_eq!(partner.key.owner, None);
    let pubkey = new_key(&mut admin, "Pat's tool", "publisher", publisher.as_str()).await;
    assert_eq!(pubkey.key.owner.map(|o| o.1), Some("Pat Publisher".to_string()));
    let res = admin.call(make("Wrong", "publisher", advertiser.as_str())).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.error().field_message("owner").as_deref(),
        Some("That account is not a publisher.")
    );
    assert_eq!(admin.call(make("x", "business", biz_id.as_str())).await.status, 403);
    let res = admin.call(make("", "partner", "")).await;
    assert_eq!(
        res.error().field_message("name").as_deref(),
        Some("Give the key a name (what uses it).")
    );
    // an admin sees partner, advertiser and publisher keys, not businesses' own, and the accounts to pick
    let all: ApiKeysView = admin.call(ApiKeys {}).await.json();
    assert_eq!(all.keys.len(), 2);
    assert!(all.owners.iter().any(|(id, _)| *id == publisher.to_string()));
    assert!(all.owners.iter().any(|(id, _)| *id == advertiser.to_string()));

    // nobody else revokes it; its owner does, once
    assert_eq!(
        rival
            .call(RevokeApiKey {
                id: made.key.id.clone()
            })
            .await
            .status,
        404
    );
    assert_eq!(
        admin
            .call(RevokeApiKey {
                id: made.key.id.clone()
            })
            .await
            .status,
        404
    );
    assert_eq!(
        api(&app, "/api/v1/campaigns", Some(&made.secret), &[]).await.status,
        200
    );
    let res = biz
        .call(RevokeApiKey {
            id: made.key.id.clone(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.json::<collabdesk::domain::api_key::ApiKey>().revoked_at.is_some());
    assert_eq!(
        biz.call(RevokeApiKey {
            id: made.key.id.clone()
        })
        .await
        .status,
        409
    );
    let res = api(&app, "/api/v1/campaigns", Some(&made.secret), &[]).await;
    assert_eq!(res.status, 401, "a revoked key is refused at once");
    assert_eq!(problem(&res)["status"], 401);
}

#[tokio::test]
async fn without_javascript_the_new_key_shows_once_on_the_page() {
    let app = TestApp::new().await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let res = biz
        .post_form::<CreateApiKey>(&[("name", "Zapier"), ("role", "business")], "/api-keys")
        .await;
    assert!([302, 303].contains(&res.status), "{} {}", res.status, res.body);
    let page = biz.get("/api-keys").await;
    assert_eq!(page.status, 200);
    let start = page.body.find("cdk_").expect("the key is on the page");
    let shown: String = page.body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    assert_eq!(shown.len(), 4 + 8 + 1 + 32, "{shown}");
    assert_eq!(
        api(&app, "/api/v1/campaigns", Some(&shown), &[]).await.status,
        200,
        "the key shown works"
    );
    let again = biz.get("/api-keys").await;
    assert!(!again.body.contains(&shown), "shown once");
    assert!(again.body.contains("Zapier"));
}

#[tokio::test]
async fn the_api_answers_a_key_for_what_its_owner_sees_paged_and_versioned() {
    let app = TestApp::new().await;
    let (mut admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let mut titles = Vec::new();
    for i in 0..5 {
        let c = biz
            .create_campaign(
                &format!("Campaign {i}"),
                "1000",
                if i == 4 { "draft" } else { "active" },
            )
            .await;
        titles.push(c.title);
    }
    let theirs = rival.create_campaign("Rival Tour", "1000", "active").await;
    let key = new_key(&mut biz, "CRM", "business", "").await.secret;
    let partner = new_key(&mut admin, "Partner", "partner", "").await.secret;

    // no key, a malformed one, an unknown one, a session cookie alone: 401 problem+json
    for k in [
        None,
        Some("not-a-key"),
        Some(&*format!("cdk_AAAAAAAA_{}", "B".repeat(32))),
    ] {
        let res = api(&app, "/api/v1/campaigns", k, &[]).await;
        assert_eq!(res.status, 401, "{k:?}");
        let p = problem(&res);
        assert_eq!(p["title"], "Unauthorized");
        assert!(p["detail"].as_str().unwrap().contains("Authorization: Bearer"));
    }
    let res = biz
        .get_with("/api/v1/campaigns", &[("accept", "application/json")])
        .await;
    assert_eq!(res.status, 401, "a session is not a key");

    // pages of two, newest first, every campaign once, each `next` a link to follow
    let mut seen = Vec::new();
    let mut url = "/api/v1/campaigns?limit=2".to_string();
    loop {
        let res = api(&app, &url, Some(&key), &[]).await;
        assert_eq!(res.status, 200, "{}", res.body);
        let page: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        for item in page["items"].as_array().unwrap() {
            seen.push(item["title"].as_str().unwrap().to_string());
            assert_eq!(item["budget"]["currency"], "NGN");
            assert_eq!(item["budget"]["amount_minor"], 100_000);
        }
        match page["next"].as_str() {
            Some(next) => url = next.to_string(),
            None => break,
        }
    }
    let mut newest_first = titles.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first, "its own, all of them, once");
    let res = api(&app, "/api/v1/campaigns?status=draft", Some(&key), &[]).await;
    assert_eq!(res.body.matches("\"title\"").count(), 1);
    // the partner key lists every active campaign (the rival's too, no draft)
    let res = api(&app, "/api/v1/campaigns?limit=100", Some(&partner), &[]).await;
    assert_eq!(res.body.matches("\"title\"").count(), 5, "{}", res.body);
    assert!(res.body.contains("Rival Tour") && !res.body.contains("Campaign 4"));

    // bad parameters: 422 with the field
    for (q, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("cursor=zzz", "cursor"),
        ("status=paused", "status"),
    ] {
        let res = api(&app, &format!("/api/v1/campaigns?{q}"), Some(&key), &[]).await;
        assert_eq!(res.status, 422, "{q}");
        assert_eq!(problem(&res)["errors"][0]["field"], field, "{q}");
    }

    // one record with its ETag; 304 when unchanged; another's is not found
    let first: serde_json::Value =
        serde_json::from_str(&api(&app, "/api/v1/campaigns?limit=1", Some(&key), &[]).await.body).unwrap();
    let id = first["items"][0]["id"].as_str().unwrap().to_string();
    let res = api(&app, &format!("/api/v1/campaigns/{id}"), Some(&key), &[]).await;
    assert_eq!(res.status, 200);
    let etag = res.headers["etag"].to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'));
    let res = api(
        &app,
        &format!("/api/v1/campaigns/{id}"),
        Some(&key),
        &[("if-none-match", &etag)],
    )
    .await;
    assert_eq!(res.status, 304);
    assert!(res.body.is_empty());
    let res = api(&app, &format!("/api/v1/campaigns/{}", theirs.id), Some(&key), &[]).await;
    assert_eq!(res.status, 404);
    assert_eq!(problem(&res)["status"], 404);
    assert_eq!(
        api(&app, "/api/v1/campaigns/not-an-id", Some(&key), &[]).await.status,
        404
    );
    assert_eq!(api(&app, "/api/v1/nothing-here", Some(&key), &[]).await.status, 404);
}

#[tokio::test]
async fn a_key_past_its_rate_is_told_when_to_come_back() {
    let app = TestApp::with_config(|c| c.api_per_minute = 3).await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut other, _) = app.signed_in("other@example.com", Role::Business).await;
    let key = new_key(&mut biz, "CRM", "business", "").await.secret;
    let second = new_key(&mut other, "CRM", "business", "").await.secret;
    for _ in 0..3 {
        assert_eq!(api(&app, "/api/v1/campaigns", Some(&key), &[]).await.status, 200);
    }
    let res = api(&app, "/api/v1/campaigns", Some(&key), &[]).await;
    assert_eq!(res.status, 429);
    let wait: u64 = res.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(problem(&res)["detail"]
        .as_str()
        .unwrap()
        .contains("Too many requests with this key"));
    // another key has its own budget
    assert_eq!(api(&app, "/api/v1/campaigns", Some(&second), &[]).await.status, 200);
}

#[tokio::test]
async fn the_openapi_document_describes_every_operation() {
    let app = TestApp::new().await;
    let res = app
        .client()
        .get_with("/api/v1/openapi.json", &[("accept", "application/json")])
        .await;
    assert_eq!(res.status, 200);
    let doc: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let operations = [
        ("get", "/api/v1/campaigns"),
        ("get", "/api/v1/campaigns/{id}"),
        ("get", "/api/v1/campaigns/{id}/invitations"),
        ("get", "/api/v1/creators"),
        ("post", "/api/v1/creators"),
        ("get", "/api/v1/creators/{username}"),
        ("post", "/api/v1/invitations"),
        ("get", "/api/v1/invitations/{id}"),
        ("post", "/api/v1/invitations/{id}/withdraw"),
        ("get", "/api/v1/offers"),
        ("post", "/api/v1/offers"),
        ("get", "/api/v1/offers/{id}"),
        ("post", "/api/v1/offers/{id}/withdraw"),
        ("get", "/api/v1/creator-requests"),
        ("post", "/api/v1/creator-requests"),
        ("get", "/api/v1/creator-requests/{id}"),
        ("get", "/api/v1/creative-requests"),
        ("post", "/api/v1/creative-requests"),
        ("get", "/api/v1/creative-requests/{id}"),
        ("post", "/api/v1/creative-requests/{id}/review"),
        ("get", "/api/v1/deliveries"),
        ("post", "/api/v1/deliveries/{id}/replay"),
        ("post", "/webhooks/partner/events"),
    ];
    for (method, path) in operations.iter().copied().filter(|(_, p)| p.starts_with("/api/v1/")) {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path}");
        // the answers every operation may give, each a problem
        for code in ["401", "403", "422", "429"] {
            assert_eq!(
                op["responses"][code]["content"]["application/problem+json"]["schema"]["$ref"],
                "#/components/schemas/Problem",
                "{method} {path} {code}"
            );
        }
        assert_eq!(
            op["responses"]["404"].is_object(),
            path.contains('{'),
            "{method} {path}"
        );
    }
    let described: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(described, operations.len(), "every operation listed here, none more");
    // the partner's answers: signed, not a key; the answers it may give
    let answers = &doc["paths"]["/webhooks/partner/events"]["post"];
    assert_eq!(answers["security"], serde_json::json!([{}]), "no key: the signature");
    for code in ["200", "401", "404", "409", "422", "503"] {
        assert!(answers["responses"][code].is_object(), "{code}");
    }
    // every event we send, under `webhooks`, its data a schema of the document, the signature scheme said
    for event in collabdesk::domain::outbox::EVENTS {
        let post = &doc["webhooks"][event]["post"];
        let body = &post["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(body["properties"]["type"]["const"], event);
        let schema = body["properties"]["data"]["$ref"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap();
        assert!(
            doc["components"]["schemas"][schema]["properties"].is_object(),
            "{event}: {schema}"
        );
        assert!(
            post["description"].as_str().unwrap().contains("webhook-signature"),
            "{event}"
        );
    }
    assert_eq!(
        doc["webhooks"].as_object().unwrap().len(),
        collabdesk::domain::outbox::EVENTS.len()
    );
    // the offer's Idempotency-Key is a required header
    let key = doc["paths"]["/api/v1/offers"]["post"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Idempotency-Key")
        .unwrap();
    assert_eq!(
        (key["in"].as_str(), key["required"].as_bool()),
        (Some("header"), Some(true))
    );
    assert_eq!(doc["components"]["securitySchemes"]["api_key"]["scheme"], "bearer");
    // the list's parameters are in the query, optional; the record's id is in the path
    let params = doc["paths"]["/api/v1/campaigns"]["get"]["parameters"]
        .as_array()
        .unwrap();
    for p in params {
        assert_eq!(p["in"], "query", "{p}");
        assert_ne!(p["required"], true, "{p}");
    }
    assert_eq!(
        doc["paths"]["/api/v1/campaigns/{id}"]["get"]["parameters"][0]["in"],
        "path"
    );
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    assert!(doc["components"]["schemas"]["CampaignOut"].is_object());
    // and as a page people read, written from the same document
    let page = app.client().get("/api/v1/docs").await;
    assert_eq!(page.status, 200);
    for needle in [
        "Collabdesk partner API",
        "Webhooks we send",
        "offer_accepted",
        "HMAC-SHA256",
        "/webhooks/partner/events",
        "/api/v1/campaigns/{id}",
        "If-None-Match",
        "CampaignOut",
        "amount_minor",
    ] {
        assert!(page.body.contains(needle), "{needle}");
    }
}

/// A request to the API with a JSON body, as a tool sends it.
async fn api_send(
    app: &TestApp,
    method: &str,
    path: &str,
    key: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> crate::common::Resp {
    let mut b = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost")
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    app.client()
        .send(b.body(axum::body::Body::from(body.to_string())).unwrap())
        .await
}

fn json(res: &crate::common::Resp) -> serde_json::Value {
    serde_json::from_str(&res.body).unwrap_or_else(|e| panic!("{e}: {}", res.body))
}

/// A business's own tool does through the API what the business does in the app (the same rules: already
/// invited, a message too long, money moving once, another business's records not found), and the creator and
/// the wallet show it in the app.
#[tokio::test]
async fn a_business_key_invites_offers_and_asks_for_creators_as_in_the_app() {
    use collabdesk::api::invitations::MyInvitations;
    use collabdesk::api::offers::MyWallet;
    let app = TestApp::new().await;
    let (mut admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let cat = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    app.creator("dan@example.com", "dan_dines", "Dan Dines").await;
    let mut cat_client = app.sign_in_as("cat@example.com").await;
    let campaign = biz.create_campaign("Jollof Week", "100000", "active").await;
    admin.top_up("biz@example.com", "50000").await;
    let key = new_key(&mut biz, "CRM", "business", "").await.secret;
    let rival_key = new_key(&mut rival, "CRM", "business", "").await.secret;
    let partner = new_key(&mut admin, "Partner", "partner", "").await.secret;

    // the directory, and one creator with an ETag
    let res = api(&app, "/api/v1/creators?q=cat", Some(&key), &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list = json(&res);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["id"], cat.to_string());
    assert_eq!(list["items"][0]["available"], true);
    let res = api(&app, "/api/v1/creators/@cat_cooks", Some(&key), &[]).await;
    assert_eq!((res.status, json(&res)["username"].as_str()), (200, Some("cat_cooks")));
    assert!(res.headers.contains_key("etag"));
    assert_eq!(
        api(&app, "/api/v1/creators/nobody_here", Some(&key), &[]).await.status,
        404
    );
    assert_eq!(
        api(&app, "/api/v1/creators?cursor=zzz", Some(&key), &[]).await.status,
        422
    );
    // a partner key has no directory: 403 problem
    let res = api(&app, "/api/v1/creators", Some(&partner), &[]).await;
    assert_eq!(res.status, 403);
    assert_eq!(problem(&res)["detail"], "This key may not do this.");

    // invite: 201 with Location; the creator sees it in the app
    let body = serde_json::json!({
        "campaign_id": campaign.id.to_string(), "creator_id": cat.to_string(),
        "message": "Hi {creator_name}, join {campaign_title}?"
    })
    .to_string();
    let res = api_send(&app, "POST", "/api/v1/invitations", &key, &[], &body).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let inv = json(&res);
    let inv_id = inv["id"].as_str().unwrap().to_string();
    assert_eq!(inv["status"], "pending");
    assert_eq!(inv["message"], "Hi Cat Cooks, join Jollof Week?");
    assert_eq!(
        res.headers["location"],
        format!("/api/v1/invitations/{inv_id}").as_str()
    );
    let mine: collabdesk::api::invitations::InvitationPage =
        cat_client.call(MyInvitations { after: String::new() }).await.json();
    assert_eq!(mine.invitations.len(), 1);
    assert_eq!(mine.invitations[0].id.to_string(), inv_id);
    // again: 409 saying how the first stands; nothing new
    let res = api_send(&app, "POST", "/api/v1/invitations", &key, &[], &body).await;
    assert_eq!(res.status, 409);
    assert!(problem(&res)["detail"]
        .as_str()
        .unwrap()
        .contains("@cat_cooks was already invited"));
    // the app's checks, as problem details: a message too long, a body not JSON, a field missing, another's
    // campaign, no such creator
    let long = serde_json::json!({
        "campaign_id": campaign.id.to_string(), "creator_id": cat.to_string(), "message": "x".repeat(501)
    })
    .to_string();
    let res = api_send(&app, "POST", "/api/v1/invitations", &key, &[], &long).await;
    assert_eq!(res.status, 422);
    assert_eq!(problem(&res)["errors"][0]["field"], "message");
    let res = api_send(&app, "POST", "/api/v1/invitations", &key, &[], "{not json").await;
    assert_eq!(res.status, 400);
    assert_eq!(problem(&res)["status"], 400);
    // a body over 1 MiB: 413 as problem details, refused on its declared length before it is read
    let huge = serde_json::json!({
        "campaign_id": campaign.id.to_string(), "creator_id": cat.to_string(), "message": "x".repeat(1024 * 1024)
    })
    .to_string();
    let res = api_send(&app, "POST", "/api/v1/invitations", &key, &[], &huge).await;
    assert_eq!(res.status, 413);
    assert_eq!(problem(&res)["status"], 413);
    let res = api_send(&app, "POST", "/api/v1/invitations", &key, &[], r#"{"campaign_id":"x"}"#).await;
    assert_eq!(res.status, 422);
    assert!(problem(&res)["detail"].as_str().unwrap().contains("creator_id"));
    let res = api_send(&app, "POST", "/api/v1/invitations", &rival_key, &[], &body).await;
    assert_eq!(res.status, 404, "another business's campaign");
    assert_eq!(
        api_send(&app, "POST", "/api/v1/invitations", &partner, &[], &body)
            .await
            .status,
        403
    );

    // the campaign's invitations; one with its history; another business's key: 404
    let res = api(
        &app,
        &format!("/api/v1/campaigns/{}/invitations", campaign.id),
        Some(&key),
        &[],
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(json(&res)["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        api(
            &app,
            &format!("/api/v1/campaigns/{}/invitations", campaign.id),
            Some(&rival_key),
            &[]
        )
        .await
        .status,
        404
    );
    let res = api(&app, &format!("/api/v1/invitations/{inv_id}"), Some(&key), &[]).await;
    assert_eq!(res.status, 200);
    let detail = json(&res);
    assert_eq!(detail["creator_username"], "cat_cooks");
    assert_eq!(detail["history"][0]["event"], "invited");
    assert_eq!(
        api(&app, &format!("/api/v1/invitations/{inv_id}"), Some(&rival_key), &[])
            .await
            .status,
        404
    );
    // withdraw once; again is a 409 saying so
    let path = format!("/api/v1/invitations/{inv_id}/withdraw");
    assert_eq!(api_send(&app, "POST", &path, &rival_key, &[], "").await.status, 404);
    let res = api_send(&app, "POST", &path, &key, &[], "").await;
    assert_eq!((res.status, json(&res)["status"].as_str()), (200, Some("withdrawn")));
    assert_eq!(api_send(&app, "POST", &path, &key, &[], "").await.status, 409);

    // an offer: the Idempotency-Key is required, and the money moves once
    let balance = |w: collabdesk::api::offers::WalletView| w.balances[0].balance.minor;
    let before = balance(biz.call(MyWallet {}).await.json());
    let offer = serde_json::json!({
        "campaign_id": campaign.id.to_string(), "creator": "@cat_cooks", "amount": "15000",
        "currency": "NGN", "message": "Two reels", "deadline": "2030-12-31"
    })
    .to_string();
    let res = api_send(&app, "POST", "/api/v1/offers", &key, &[], &offer).await;
    assert_eq!(res.status, 422);
    assert_eq!(problem(&res)["errors"][0]["field"], "Idempotency-Key");
    let once = [("idempotency-key", "crm-offer-1")];
    let res = api_send(&app, "POST", "/api/v1/offers", &key, &once, &offer).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let offer_id = json(&res)["id"].as_str().unwrap().to_string();
    assert_eq!(json(&res)["amount"]["amount_minor"], 1_500_000);
    let res = api_send(&app, "POST", "/api/v1/offers", &key, &once, &offer).await;
    assert_eq!(res.status, 200, "a retry answers the first offer");
    assert_eq!(res.headers["idempotent-replayed"], "true");
    assert_eq!(json(&res)["id"], offer_id.as_str());
    assert_eq!(
        balance(biz.call(MyWallet {}).await.json()),
        before - 1_500_000,
        "taken once"
    );
    let res = api(&app, "/api/v1/offers", Some(&key), &[]).await;
    assert_eq!(json(&res)["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        json(&api(&app, "/api/v1/offers", Some(&rival_key), &[]).await)["items"],
        serde_json::json!([])
    );
    let res = api(&app, &format!("/api/v1/offers/{offer_id}"), Some(&key), &[]).await;
    assert_eq!((res.status, json(&res)["status"].as_str()), (200, Some("pending")));
    assert_eq!(
        api(&app, &format!("/api/v1/offers/{offer_id}"), Some(&rival_key), &[])
            .await
            .status,
        404
    );
    let too_much = offer.replace("15000", "900000");
    let res = api_send(
        &app,
        "POST",
        "/api/v1/offers",
        &key,
        &[("idempotency-key", "crm-offer-2")],
        &too_much,
    )
    .await;
    assert_eq!(res.status, 409, "{}", res.body);
    let res = api_send(
        &app,
        "POST",
        &format!("/api/v1/offers/{offer_id}/withdraw"),
        &key,
        &[],
        "",
    )
    .await;
    assert_eq!((res.status, json(&res)["status"].as_str()), (200, Some("withdrawn")));
    assert_eq!(balance(biz.call(MyWallet {}).await.json()), before, "refunded");
    app.assert_wallets_consistent().await;

    // a creator request
    let request = serde_json::json!({
        "campaign_id": campaign.id.to_string(), "campaign_type": "ugc", "brief": "Jollof reels",
        "deliverables": "2 reels", "creators": ["@cat_cooks", "dan_dines"]
    })
    .to_string();
    let res = api_send(&app, "POST", "/api/v1/creator-requests", &key, &[], &request).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let req_id = json(&res)["id"].as_str().unwrap().to_string();
    assert_eq!(json(&res)["creators"].as_array().unwrap().len(), 2);
    assert_eq!(json(&res)["status"], "sent");
    let res = api(&app, "/api/v1/creator-requests", Some(&key), &[]).await;
    assert_eq!(json(&res)["items"][0]["id"], req_id.as_str());
    assert_eq!(
        api(&app, &format!("/api/v1/creator-requests/{req_id}"), Some(&key), &[])
            .await
            .status,
        200
    );
    assert_eq!(
        api(
            &app,
            &format!("/api/v1/creator-requests/{req_id}"),
            Some(&rival_key),
            &[]
        )
        .await
        .status,
        404
    );
    let many: Vec<String> = (0..21).map(|i| format!("c{i}")).collect();
    let res = api_send(
        &app,
        "POST",
        "/api/v1/creator-requests",
        &key,
        &[],
        &serde_json::json!({"campaign_id": campaign.id.to_string(), "campaign_type": "ugc", "brief": "b", "creators": many}).to_string(),
    )
    .await;
    assert_eq!(
        (res.status, problem(&res)["errors"][0]["field"].as_str()),
        (422, Some("creators"))
    );
    let res = api_send(
        &app,
        "POST",
        "/api/v1/creator-requests",
        &key,
        &[],
        &request.replace("@cat_cooks", "@nobody"),
    )
    .await;
    assert_eq!(res.status, 422);
    assert!(problem(&res)["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("@nobody"));
}

/// A partner key sends creators through the API with the inbound sync's rules and report; a retry with the
/// same Idempotency-Key changes nothing.
#[tokio::test]
async fn a_partner_key_sends_creators_with_the_sync_rules() {
    let app = TestApp::new().await;
    let (mut admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let partner = new_key(&mut admin, "Partner", "partner", "").await.secret;
    let business = new_key(&mut biz, "CRM", "business", "").await.secret;
    let body = serde_json::json!({"creators": [
        {"id": "dt-1", "name": "Ada Eats", "username": "ada_eats", "followers": 1200, "niche": "food", "platforms": ["instagram"]},
        {"id": "dt-2", "name": "Bad", "username": "b", "followers": -1, "niche": "astrology", "platforms": []}
    ]})
    .to_string();
    assert_eq!(
        api_send(&app, "POST", "/api/v1/creators", &business, &[], &body)
            .await
            .status,
        403
    );
    let once = [("idempotency-key", "sync-1")];
    let res = api_send(&app, "POST", "/api/v1/creators", &partner, &once, &body).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let report = json(&res);
    assert_eq!(report["created"], serde_json::json!(["dt-1"]));
    assert_eq!(report["rejected"][0]["index"], 1);
    assert_eq!(report["duplicate"], false);
    let renamed = body.replace("Ada Eats", "Ada Renamed");
    let res = api_send(&app, "POST", "/api/v1/creators", &partner, &once, &renamed).await;
    assert_eq!(
        json(&res)["duplicate"],
        true,
        "the same key: the first answer, nothing changed"
    );
    let biz_key_view = api(&app, "/api/v1/creators/ada_eats", Some(&business), &[]).await;
    assert_eq!(json(&biz_key_view)["name"], "Ada Eats");
    // a new sync updates
    let res = api_send(&app, "POST", "/api/v1/creators", &partner, &[], &renamed).await;
    assert_eq!(json(&res)["updated"], serde_json::json!(["dt-1"]));
    assert_eq!(
        json(&api(&app, "/api/v1/creators/ada_eats", Some(&business), &[]).await)["name"],
        "Ada Renamed"
    );
    let res = api_send(&app, "POST", "/api/v1/creators", &partner, &[], r#"{"creators": []}"#).await;
    assert_eq!(res.status, 422);
    assert_eq!(problem(&res)["errors"][0]["message"], "`creators` is empty.");
}

/// A publisher's tool submits and follows its creative requests; an advertiser's reads its own by tab and
/// reviews them with the app's rules (a reason to reject, its turn only, a version that moved is refused).
#[tokio::test]
async fn creative_requests_through_publisher_and_advertiser_keys() {
    use collabdesk::api::creative_requests::ReviewCreativeRequest;
    let app = TestApp::new().await;
    let (mut admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let publisher = app.user("pub@example.com", Role::Publisher, "Pat Publisher").await;
    let advertiser = app.advertiser("adv@example.com", "Acme Ads").await;
    let rival = app.advertiser("rival@example.com", "Rival Ads").await;
    let mut adv_client = app.sign_in_as("adv@example.com").await;
    let org = adv_client.whoami().await.unwrap().organisation_id.unwrap().to_string();
    let pub_key = new_key(&mut admin, "Pat's tool", "publisher", publisher.as_str())
        .await
        .secret;
    let adv_key = new_key(&mut admin, "Acme's tool", "advertiser", advertiser.as_str())
        .await
        .secret;
    let rival_key = new_key(&mut admin, "Rival's tool", "advertiser", rival.as_str())
        .await
        .secret;
    let biz_key = new_key(&mut biz, "CRM", "business", "").await.secret;

    let body = serde_json::json!({
        "offer_id": "OFF-77", "offer_name": "Holiday", "creative_type": "Email", "creative_count": 2,
        "from_lines_count": 1, "subject_lines_count": 1, "priority": "High Priority", "advertiser_id": org,
        "affiliate_id": "AFF-1", "client_id": "AMZ", "client_name": "Amazon"
    })
    .to_string();
    assert_eq!(
        api_send(&app, "POST", "/api/v1/creative-requests", &biz_key, &[], &body)
            .await
            .status,
        403
    );
    assert_eq!(
        api_send(&app, "POST", "/api/v1/creative-requests", &adv_key, &[], &body)
            .await
            .status,
        403
    );
    let res = api_send(&app, "POST", "/api/v1/creative-requests", &pub_key, &[], &body).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let created = json(&res);
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(
        (created["status"].as_str(), created["approval_stage"].as_str()),
        (Some("new"), Some("admin"))
    );
    let bad = body.replace("\"Email\"", "\"Fax\"");
    let res = api_send(&app, "POST", "/api/v1/creative-requests", &pub_key, &[], &bad).await;
    assert_eq!(
        (res.status, problem(&res)["errors"][0]["field"].as_str()),
        (422, Some("creative_type"))
    );
    let res = api(&app, "/api/v1/creative-requests", Some(&pub_key), &[]).await;
    assert_eq!(json(&res)["items"][0]["id"], id.as_str());

    // not the advertiser's until an admin forwards it
    let res = api(&app, "/api/v1/creative-requests?tab=new", Some(&adv_key), &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(json(&res)["items"], serde_json::json!([]));
    let res = admin
        .call(ReviewCreativeRequest {
            id: id.clone(),
            action: "forwarded".into(),
            comment: String::new(),
            seen: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = api(&app, "/api/v1/creative-requests?tab=new", Some(&adv_key), &[]).await;
    let list = json(&res);
    assert_eq!(list["items"][0]["id"], id.as_str());
    let new_tab = list["tabs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tab"] == "new")
        .unwrap()
        .clone();
    assert_eq!(new_tab["count"], 1);
    assert_eq!(
        api(&app, "/api/v1/creative-requests?tab=pending", Some(&adv_key), &[])
            .await
            .status,
        422
    );
    // the other advertiser sees nothing of it
    assert_eq!(
        json(&api(&app, "/api/v1/creative-requests", Some(&rival_key), &[]).await)["items"],
        serde_json::json!([])
    );
    assert_eq!(
        api(&app, &format!("/api/v1/creative-requests/{id}"), Some(&rival_key), &[])
            .await
            .status,
        404
    );
    // the record with its history and what this key may do
    let res = api(&app, &format!("/api/v1/creative-requests/{id}"), Some(&adv_key), &[]).await;
    let detail = json(&res);
    assert_eq!(detail["history"].as_array().unwrap().len(), 2);
    assert_eq!(detail["actions"], serde_json::json!(["approve", "send_back", "reject"]));
    let version = detail["version"].as_str().unwrap().to_string();

    // review: a reason is needed to reject; a stale version is refused; then approve once
    let review = |action: &str, comment: &str, seen: &str| {
        serde_json::json!({"action": action, "comment": comment, "seen": seen}).to_string()
    };
    let path = format!("/api/v1/creative-requests/{id}/review");
    let res = api_send(&app, "POST", &path, &adv_key, &[], &review("reject", "", &version)).await;
    assert_eq!(
        (res.status, problem(&res)["errors"][0]["field"].as_str()),
        (422, Some("comment"))
    );
    let res = api_send(&app, "POST", &path, &adv_key, &[], &review("fly", "", "")).await;
    assert_eq!(
        (res.status, problem(&res)["errors"][0]["field"].as_str()),
        (422, Some("action"))
    );
    assert_eq!(
        api_send(&app, "POST", &path, &pub_key, &[], &review("approve", "", ""))
            .await
            .status,
        403
    );
    assert_eq!(
        api_send(&app, "POST", &path, &rival_key, &[], &review("approve", "", ""))
            .await
            .status,
        404
    );
    let res = api_send(
        &app,
        "POST",
        &path,
        &adv_key,
        &[],
        &review("approve", "Looks great", &version),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        (json(&res)["status"].as_str(), json(&res)["approval_stage"].as_str()),
        (Some("approved"), Some("completed"))
    );
    let res = api_send(&app, "POST", &path, &adv_key, &[], &review("reject", "No", &version)).await;
    assert_eq!(res.status, 409);
    assert!(
        problem(&res)["detail"].as_str().unwrap().contains("it is now approved"),
        "{}",
        res.body
    );
    // the publisher's tool sees the outcome
    let res = api(&app, &format!("/api/v1/creative-requests/{id}"), Some(&pub_key), &[]).await;
    assert_eq!(json(&res)["status"], "approved");
    assert_eq!(json(&res)["actions"], serde_json::json!([]));
}

/// An admin's own key reads the outbox's deliveries and replays one; other keys may not.
#[tokio::test]
async fn an_admin_key_lists_and_replays_deliveries() {
    let app = TestApp::new().await;
    let (mut admin, admin_id) = app.signed_in("admin@example.com", Role::Admin).await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    app.partner_endpoint("http://127.0.0.1:9/hook").await;
    biz.create_campaign("Jollof Week", "1000", "active").await;
    let made = new_key(&mut admin, "Ops", "admin", "").await;
    assert_eq!(
        made.key.owner.as_ref().map(|o| o.0.clone()),
        Some(admin_id.to_string()),
        "an admin key is its maker's"
    );
    let key = made.secret;
    let biz_key = new_key(&mut biz, "CRM", "business", "").await.secret;
    assert_eq!(api(&app, "/api/v1/deliveries", Some(&biz_key), &[]).await.status, 403);
    let res = api(&app, "/api/v1/deliveries?status=pending", Some(&key), &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list = json(&res);
    let first = &list["items"][0];
    assert_eq!(
        (first["event_type"].as_str(), first["status"].as_str()),
        (Some("campaign_created"), Some("pending"))
    );
    let id = first["id"].as_str().unwrap().to_string();
    assert_eq!(
        api(&app, "/api/v1/deliveries?status=lost", Some(&key), &[])
            .await
            .status,
        422
    );
    // still being sent: nothing to replay
    let path = format!("/api/v1/deliveries/{id}/replay");
    assert_eq!(api_send(&app, "POST", &path, &key, &[], "").await.status, 409);
    sqlx::query("UPDATE outbox SET status = 'failed' WHERE id = $1")
        .bind(&id)
        .execute(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(api_send(&app, "POST", &path, &biz_key, &[], "").await.status, 403);
    assert_eq!(api_send(&app, "POST", &path, &key, &[], "").await.status, 202);
    let res = api(&app, "/api/v1/deliveries?status=pending", Some(&key), &[]).await;
    assert_eq!(json(&res)["items"][0]["id"], id.as_str(), "queued again");
    assert_eq!(
        api_send(&app, "POST", "/api/v1/deliveries/nope/replay", &key, &[], "")
            .await
            .status,
        404
    );
}

/// The bodies the outbox really sends carry exactly the fields the document's `webhooks` describe for them.
#[tokio::test]
async fn the_webhooks_we_send_match_their_schemas() {
    use collabdesk::api::creator_requests::CreateCreatorRequest;
    use collabdesk::api::invitations::InviteCreator;
    use collabdesk::api::offers::SendOffer;
    use collabdesk::domain::creator_request::CreatorRequestInput;
    use collabdesk::domain::offer::OfferInput;
    let app = TestApp::new().await;
    let (mut admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let cat = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    admin.top_up("biz@example.com", "50000").await;
    app.partner_endpoint("http://127.0.0.1:9/hook").await;
    let campaign = biz.create_campaign("Jollof Week", "100000", "active").await;
    let invite = InviteCreator {
        campaign_id: campaign.id.to_string(),
        creator_id: cat.to_string(),
        message: "Join us?".into(),
        template_id: String::new(),
    };
    assert_eq!(biz.call(invite).await.status, 200);
    let offer = SendOffer {
        offer: OfferInput {
            campaign_id: campaign.id.to_string(),
            creator: "cat_cooks".into(),
            amount: "1000".into(),
            currency: "NGN".into(),
            message: "Two reels".into(),
            deadline: "2030-12-31".into(),
        },
        idempotency_key: "k1".into(),
        template_id: String::new(),
    };
    assert_eq!(biz.call(offer).await.status, 200);
    let request = CreateCreatorRequest {
        request: CreatorRequestInput {
            campaign_id: campaign.id.to_string(),
            campaign_type: "ugc".into(),
            brief: "Reels".into(),
            deliverables: "2".into(),
            creators: "@cat_cooks".into(),
        },
    };
    assert_eq!(biz.call(request).await.status, 200);
    let doc: serde_json::Value = serde_json::from_str(&app.client().get("/api/v1/openapi.json").await.body).unwrap();
    let rows = sqlx::query("SELECT event_type, payload FROM outbox WHERE channel = 'webhook'")
        .fetch_all(&app.db().pool)
        .await
        .unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for row in rows {
        let event: String = row.get("event_type");
        let body: serde_json::Value = serde_json::from_str(&row.get::<String, _>("payload")).unwrap();
        let schema = &doc["webhooks"][&event]["post"]["requestBody"]["content"]["application/json"]["schema"];
        for key in ["type", "timestamp", "data"] {
            assert!(body.get(key).is_some(), "{event}: {key}");
        }
        assert_eq!(body["type"], schema["properties"]["type"]["const"]);
        let name = schema["properties"]["data"]["$ref"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap();
        let data_schema = &doc["components"]["schemas"][name];
        let described: std::collections::BTreeSet<&String> =
            data_schema["properties"].as_object().unwrap().keys().collect();
        let sent: std::collections::BTreeSet<&String> = body["data"].as_object().unwrap().keys().collect();
        assert!(
            sent.is_subset(&described),
            "{event}: sent {sent:?}, described {described:?}"
        );
        for required in data_schema["required"].as_array().unwrap() {
            assert!(
                body["data"].get(required.as_str().unwrap()).is_some(),
                "{event}: {required}"
            );
        }
        seen.insert(event);
    }
    let expected: std::collections::BTreeSet<String> = [
        "campaign_created",
        "invitation_invited",
        "offer_sent",
        "creator_request_created",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(seen, expected);
}

/// A key's name is at most 80 characters, and an owner keeps at most 20 live keys (a revoked one frees a place).
#[tokio::test]
async fn key_names_and_counts_are_bounded() {
    let app = TestApp::new().await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let res = biz.call(make(&"n".repeat(81), "business", "")).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.error().field_message("name").as_deref(),
        Some("Keep the name to 80 characters (it has 81).")
    );
    let mut first = None;
    for i in 0..20 {
        let made = new_key(&mut biz, &format!("Tool {i}"), "business", "").await;
        first.get_or_insert(made.key.id);
    }
    let res = biz.call(make("Tool 21", "business", "")).await;
    assert_eq!(res.status, 409);
    assert!(res.body.contains("At most 20 live keys each"), "{}", res.body);
    let res = biz.call(RevokeApiKey { id: first.unwrap() }).await;
    assert_eq!(res.status, 200, "{}", res.body);
    new_key(&mut biz, "Tool 21", "business", "").await;
    let keys: ApiKeysView = biz.call(ApiKeys {}).await.json();
    assert_eq!(keys.keys.iter().filter(|k| k.revoked_at.is_none()).count(), 20);
}
