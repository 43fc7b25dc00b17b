//! Test harness: a fresh database per test on the engine under test, the real router, and a client that
//! keeps its session cookie like a browser.
//!
//! `TEST_DATABASE_URL` empty or unset: a SQLite file in a temporary directory. Set to a PostgreSQL admin URL
//! (scripts/test.sh starts a server): a new database on that server for each test.

pub mod receiver;
pub mod smtp;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request};
use axum::Router;
use collabdesk::api::auth::{CurrentUser, SignIn};
use collabdesk::api::campaigns::CreateCampaign;
use collabdesk::domain::account::Role;
use collabdesk::domain::ids::UserId;
use collabdesk::error::AppError;
use collabdesk::server::clock::Clock;
use collabdesk::server::config::Config;
use collabdesk::server::db::users::{insert, NewUser};
use collabdesk::server::db::Db;
use collabdesk::server::router::{self, Built};
use collabdesk::server::AppState;
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use serde::Serialize;
use sqlx::Connection;
use std::sync::OnceLock;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";

/// One hash for every test account (hashing is slow by design).
pub fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| collabdesk::server::auth::password::hash_now(PASSWORD))
}

/// A URL for a brand-new, empty database on the engine under test.
pub async fn fresh_database_url(dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("t_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect to the test PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create the test database");
            let base = admin.rsplit_once('/').expect("database url has a path").0;
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/test.db?mode=rwc", dir.display()),
    }
}

pub fn engine() -> &'static str {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(u) if !u.is_empty() => "postgres",
        _ => "sqlite",
    }
}

pub async fn fresh_db(dir: &std::path::Path) -> Db {
    Db::connect(&fresh_database_url(dir).await)
        .await
        .expect("open the test database")
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub built: Built,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        if let Ok(filter) = std::env::var("TEST_LOG") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_test_writer()
                .try_init();
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let url = fresh_database_url(dir.path()).await;
        let mut config = Config::for_tests(&url, dir.path().to_path_buf());
        adjust(&mut config);
        let mut leptos = leptos::prelude::get_configuration(Some("Cargo.toml")).expect("leptos configuration");
        // no release build (and so no hash file) beside the test binary
        leptos.leptos_options.hash_files = false;
        let built = router::build(config, leptos.leptos_options, Clock::default())
            .await
            .expect("build the app");
        let router = router::app(&built);
        TestApp {
            router,
            state: built.state.clone(),
            built,
            _dir: dir,
        }
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// An outbox worker for this app (e-mail as configured: `.eml` files in the test's data directory unless
    /// `smtp_url` was set).
    pub fn worker(&self) -> collabdesk::server::outbox::Worker {
        let mailer = collabdesk::server::mail::Mailer::from_config(&self.state.config).expect("a mailer");
        collabdesk::server::outbox::Worker::new(self.db().clone(), self.state.clock.clone(), mailer)
    }

    /// Registers a partner endpoint for every event at `url` (with a fresh secret), so changes queue webhooks.
    pub async fn partner_endpoint(&self, url: &str) {
        collabdesk::server::db::outbox::insert_endpoint(
            self.db(),
            url,
            "*",
            &collabdesk::server::outbox::new_secret(),
            None,
            self.state.clock.now(),
        )
        .await
        .expect("insert a partner endpoint");
    }

    /// Every wallet's balance equals the sum of its ledger and is not negative.
    pub async fn assert_wallets_consistent(&self) {
        let bad = collabdesk::server::db::wallets::inconsistencies(self.db())
            .await
            .expect("read wallets");
        assert!(bad.is_empty(), "wallets out of step with their ledger: {bad:?}");
    }

    /// Creates an account with the test password.
    pub async fn user(&self, email: &str, role: Role, name: &str) -> UserId {
        insert(
            self.db(),
            &NewUser {
                email,
                password_hash: password_hash(),
                role,
                name,
                organisation: (role == Role::Advertiser).then_some("Test Advertiser"),
                creator: None,
            },
            self.state.clock.now(),
        )
        .await
        .expect("insert user")
    }

    /// Creates an advertiser user of the named organisation (created when new).
    pub async fn advertiser(&self, email: &str, organisation: &str) -> UserId {
        insert(
            self.db(),
            &NewUser {
                email,
                password_hash: password_hash(),
                role: Role::Advertiser,
                name: &format!("{organisation} reviewer"),
                organisation: Some(organisation),
                creator: None,
            },
            self.state.clock.now(),
        )
        .await
        .expect("insert advertiser")
    }

    /// Creates a creator account with a profile.
    pub async fn creator(&self, email: &str, username: &str, name: &str) -> UserId {
        let profile = collabdesk::domain::account::CreatorProfileInput {
            username: username.into(),
            avatar_url: String::new(),
            platforms: vec!["instagram".into()],
            followers: 1000,
            niche: "food".into(),
            bio: String::new(),
        };
        insert(
            self.db(),
            &NewUser {
                email,
                password_hash: password_hash(),
                role: Role::Creator,
                name,
                organisation: None,
                creator: Some(&profile),
            },
            self.state.clock.now(),
        )
        .await
        .expect("insert creator")
    }

    /// A signed-in client for an existing account.
    pub async fn sign_in_as(&self, email: &str) -> Client {
        let mut client = self.client();
        let res = client.sign_in(email, PASSWORD).await;
        assert!(res.status < 400, "sign-in failed: {} {}", res.status, res.body);
        client
    }

    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookie: None,
            address: "127.0.0.1".into(),
        }
    }

    /// A client already signed in as a new account of this role.
    pub async fn signed_in(&self, email: &str, role: Role) -> (Client, UserId) {
        let id = self.user(email, role, &format!("{} user", role.label())).await;
        let mut client = self.client();
        let res = client.sign_in(email, PASSWORD).await;
        assert!(res.status < 400, "sign-in failed: {} {}", res.status, res.body);
        (client, id)
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    /// The `Idempotency-Key` a served offer form carries (the hidden `idempotency_key` field of `self.body`).
    pub fn form_key(&self) -> String {
        self.body
            .split(r#"name="idempotency_key" value=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .filter(|k| !k.is_empty())
            .expect("the served form carries its key")
            .to_string()
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not the expected JSON ({e}): {}", self.body))
    }

    pub fn error(&self) -> AppError {
        self.json()
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect()
    }
}

/// Calls the app like a browser: same-origin, keeping the session cookie between requests.
#[derive(Clone)]
pub struct Client {
    router: Router,
    pub cookie: Option<String>,
    /// The address a reverse proxy would report for this client (`X-Forwarded-For`; read only when the app
    /// is configured to trust that header).
    pub address: String,
}

impl Client {
    pub async fn send(&mut self, mut req: Request<Body>) -> Resp {
        let what = format!("{} {}", req.method(), req.uri());
        // as an HTTP client does, a body of known size is sent with its length
        if let Some(n) = axum::body::HttpBody::size_hint(req.body()).exact() {
            if n > 0 && !req.headers().contains_key(header::CONTENT_LENGTH) {
                req.headers_mut().insert(header::CONTENT_LENGTH, n.into());
            }
        }
        // a stalled request fails the test quickly instead of hanging the run
        let res = tokio::time::timeout(std::time::Duration::from_secs(30), self.router.clone().oneshot(req))
            .await
            .unwrap_or_else(|_| panic!("{what} did not answer within 30 s"))
            .expect("router never fails");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
        let resp = Resp { status, headers, body };
        for c in resp.set_cookies() {
            let pair = c.split(';').next().unwrap_or_default().to_string();
            if let Some(value) = pair.strip_prefix("collabdesk_session=") {
                let cleared = value.is_empty() || c.contains("Max-Age=0");
                self.cookie = if cleared { None } else { Some(pair.clone()) };
            }
        }
        resp
    }

    fn builder(&self, method: &str, path: &str) -> axum::http::request::Builder {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "localhost")
            .header("x-forwarded-for", self.address.as_str());
        if let Some(c) = &self.cookie {
            b = b.header(header::COOKIE, c);
        }
        b
    }

    /// Opens a response without reading its body (a live stream), with extra request headers.
    pub async fn open(&mut self, path: &str, headers: &[(&str, &str)]) -> axum::response::Response {
        let mut b = self.builder("GET", path).header(header::ACCEPT, "text/event-stream");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.router
            .clone()
            .oneshot(b.body(Body::empty()).unwrap())
            .await
            .expect("router never fails")
    }

    /// A GET with these request headers only (besides host and cookie): an API call, a feed.
    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Resp {
        let mut b = self.builder("GET", path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.send(b.body(Body::empty()).unwrap()).await
    }

    /// Loads a page as a browser does.
    pub async fn get(&mut self, path: &str) -> Resp {
        let req = self
            .builder("GET", path)
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// Reads a page again as the live script does (`x-collabdesk-live`: no flash taken, no session renewed).
    pub async fn live_get(&mut self, path: &str) -> Resp {
        let req = self
            .builder("GET", path)
            .header(header::ACCEPT, "text/html")
            .header("x-collabdesk-live", "1")
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// Calls a server function as the browser's fetch does: its own argument struct, encoded as the framework's
    /// client encodes it (`serde_qs`), posted same-origin to its own path, asking for JSON. A renamed function
    /// or field fails to compile.
    pub async fn call<F: ServerFn + Serialize>(&mut self, args: F) -> Resp {
        self.call_with(args, &[]).await
    }

    /// A server-function call with extra request headers (e.g. `Idempotency-Key`).
    pub async fn call_with<F: ServerFn + Serialize>(&mut self, args: F, headers: &[(&str, &str)]) -> Resp {
        let mut b = self.function_request::<F>(Some("http://localhost"));
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.send(b.body(Body::from(serde_qs::to_string(&args).unwrap())).unwrap())
            .await
    }

    /// A server-function call from another origin (`Some`) or with no `Origin` header (`None`).
    pub async fn call_from<F: ServerFn + Serialize>(&mut self, args: F, origin: Option<&str>) -> Resp {
        let b = self.function_request::<F>(origin);
        self.send(b.body(Body::from(serde_qs::to_string(&args).unwrap())).unwrap())
            .await
    }

    fn function_request<F: ServerFn>(&self, origin: Option<&str>) -> axum::http::request::Builder {
        let b = self
            .builder("POST", F::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        match origin {
            Some(o) => b.header(header::ORIGIN, o),
            None => b,
        }
    }

    /// Posts a form to server function `F` as a browser without JavaScript does (a plain HTML form, from the
    /// page at `from`): the fields are the form's, as the page names them; the answer is a redirect.
    pub async fn post_form<F: ServerFn>(&mut self, form: &[(&str, &str)], from: &str) -> Resp {
        let body = serde_urlencoded::to_string(form).unwrap();
        let b = self
            .builder("POST", F::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::ORIGIN, "http://localhost")
            .header(header::REFERER, format!("http://localhost{from}"));
        self.send(b.body(Body::from(body)).unwrap()).await
    }

    /// Creates a campaign (NGN, deadline 31 Jan 2031) as this business; `status` is `draft` or `active`.
    pub async fn create_campaign(
        &mut self,
        title: &str,
        budget: &str,
        status: &str,
    ) -> collabdesk::domain::campaign::Campaign {
        let res = self
            .call(CreateCampaign {
                title: title.into(),
                description: String::new(),
                budget: budget.into(),
                currency: "NGN".into(),
                deadline: "2031-01-31".into(),
                status: status.into(),
            })
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        res.json()
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Resp {
        self.call(SignIn {
            email: email.to_string(),
            password: password.to_string(),
            next: String::new(),
        })
        .await
    }

    /// Tops up a business's NGN wallet as this (admin) client, asserting it worked.
    pub async fn top_up(&mut self, business: &str, amount: &str) {
        let res = self
            .call(collabdesk::api::offers::TopUpWallet {
                business: business.into(),
                amount: amount.into(),
                currency: "NGN".into(),
                reason: "bank transfer 0042".into(),
            })
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }

    /// Who the server thinks this client is.
    pub async fn whoami(&mut self) -> Option<collabdesk::domain::account::Actor> {
        let res = self.call(CurrentUser {}).await;
        assert_eq!(res.status, 200, "{}", res.body);
        res.json()
    }
}
