//! The real server binary, as processes: killed with SIGKILL in the middle of delivering webhooks and started
//! again (every event delivered, none lost, duplicates only as the same `webhook-id`), and two instances on
//! one PostgreSQL database (each event delivered once); stopped with SIGTERM (the request in flight finishes);
//! two instances sharing one sign-in budget; started for the first time with no configuration at all (SQLite file and session key under `./data`), and
//! in production without a session secret (refused).

use crate::common::{engine, fresh_database_url};
use axum::extract::State;
use axum::http::HeaderMap;
use collabdesk::domain::time::Millis;
use collabdesk::server::db::{outbox as store, Db};
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Seen = Arc<Mutex<Vec<String>>>;

/// A partner that takes a moment to answer, so deliveries are in flight when the server is killed.
async fn slow_partner() -> (String, Seen) {
    async fn receive(State(seen): State<Seen>, headers: HeaderMap) -> &'static str {
        // recorded on arrival: a delivery the killed server never saw answered still counts as received
        let id = headers["webhook-id"].to_str().unwrap().to_string();
        seen.lock().unwrap().push(id);
        tokio::time::sleep(Duration::from_millis(40)).await;
        "{}"
    }
    let seen: Seen = Arc::default();
    let app = axum::Router::new()
        .route("/hooks", axum::routing::post(receive))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/hooks"), seen)
}

struct Server {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
}

/// How a server process is started: the database (or the default when `None`), its working directory,
/// and any further environment.
struct Launch<'a> {
    url: Option<&'a str>,
    dir: &'a std::path::Path,
    env: Vec<(&'a str, String)>,
}

impl<'a> Launch<'a> {
    fn new(url: Option<&'a str>, dir: &'a std::path::Path) -> Self {
        Launch {
            url,
            dir,
            env: Vec::new(),
        }
    }

    fn env(mut self, name: &'a str, value: impl Into<String>) -> Self {
        self.env.push((name, value.into()));
        self
    }

    /// Starts the binary in `dir` (so the default `data/` lands there) with its log in `dir/server.log`.
    fn spawn(self) -> (Child, u16, std::path::PathBuf) {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = self.dir.join(format!("server-{port}.log"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_collabdesk"));
        cmd.current_dir(self.dir)
            .env_remove("DATABASE_URL")
            .env_remove("COLLABDESK_ENV")
            .env_remove("COLLABDESK_SESSION_SECRET")
            // the default data directory, ./data, under the working directory
            .env_remove("COLLABDESK_DATA_DIR")
            .env("COLLABDESK_DEMO", "false")
            .env("COLLABDESK_OUTBOX_LEASE_MS", "3000")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_OUTPUT_NAME", "collabdesk")
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("LEPTOS_SITE_PKG_DIR", "pkg")
            .env("RUST_LOG", "info,sqlx=warn")
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::OpenOptions::new().append(true).open(&log).unwrap());
        if let Some(url) = self.url {
            cmd.env("DATABASE_URL", url);
        }
        for (name, value) in self.env {
            cmd.env(name, value);
        }
        (cmd.spawn().expect("start the server binary"), port, log)
    }

    /// Starts the server and waits until `/healthz` answers ok.
    async fn start(self) -> Server {
        let (child, port, log) = self.spawn();
        let mut server = Server { child, port, log };
        server.wait_healthy().await;
        server
    }
}

impl Server {
    async fn start(url: &str, dir: &std::path::Path) -> Server {
        Launch::new(Some(url), dir).start().await
    }

    async fn wait_healthy(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Some(out) = self.get("/healthz").await {
                if out.contains("\"ok\"") {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.kill();
        panic!("the server did not become healthy:\n{}", self.log());
    }

    /// A plain HTTP/1.0 GET: the whole response, or `None` when nothing listens.
    async fn get(&self, path: &str) -> Option<String> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut s = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.ok()?;
        s.write_all(format!("GET {path} HTTP/1.0\r\n\r\n").as_bytes())
            .await
            .ok()?;
        let mut out = String::new();
        s.read_to_string(&mut out).await.ok()?;
        Some(out)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, no cleanup, leases left behind.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn enqueue(db: &Db, n: usize) -> HashSet<String> {
    let mut tx = db.pool.begin().await.unwrap();
    for i in 0..n {
        store::enqueue_webhook(
            &mut tx,
            "campaign_created",
            ("campaign", &format!("c{i}")),
            serde_json::json!({ "n": i }),
            Millis(0),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    sqlx::query("SELECT id FROM outbox")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
}

/// The one number a `SELECT COUNT(*) …` answers.
async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(&db.pool).await.unwrap().get(0)
}

async fn undelivered(db: &Db) -> i64 {
    count(db, "SELECT COUNT(*) FROM outbox WHERE status <> 'delivered'").await
}

async fn wait_until(what: &str, secs: u64, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn setup(partner: &str) -> (tempfile::TempDir, String, Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let db = Db::connect(&url).await.unwrap();
    store::insert_endpoint(
        &db,
        partner,
        "*",
        &collabdesk::server::outbox::new_secret(),
        None,
        Millis(0),
    )
    .await
    .unwrap();
    (dir, url, db)
}

#[tokio::test]
async fn a_server_killed_mid_delivery_loses_nothing_after_restart() {
    let (partner, seen) = slow_partner().await;
    let (dir, url, db) = setup(&partner).await;
    let ids = enqueue(&db, 300).await;
    let mut first = Server::start(&url, dir.path()).await;
    wait_until("the first deliveries", 60, async || seen.lock().unwrap().len() >= 60).await;
    first.kill();
    let at_kill = seen.lock().unwrap().len();
    let left = undelivered(&db).await;
    assert!(left > 0, "killed before the end (delivered {at_kill})");
    let _second = Server::start(&url, dir.path()).await;
    wait_until("the outbox to drain after the restart", 120, async || {
        undelivered(&db).await == 0
    })
    .await;
    let got = seen.lock().unwrap().clone();
    let distinct: HashSet<String> = got.iter().cloned().collect();
    assert_eq!(distinct, ids, "every event arrived, under its own webhook-id");
    let mut counts: HashMap<&String, usize> = HashMap::new();
    for id in &got {
        *counts.entry(id).or_default() += 1;
    }
    let repeated = counts.values().filter(|n| **n > 1).count();
    println!(
        "[{}] killed after {at_kill} deliveries with {left} left; {} received for {} events ({repeated} repeated, same webhook-id)",
        engine(),
        got.len(),
        ids.len()
    );
    assert!(
        counts.values().all(|n| *n <= 2),
        "a delivery in flight is repeated at most once"
    );
}

#[tokio::test]
async fn two_instances_on_one_postgresql_deliver_each_event_once() {
    if engine() != "postgres" {
        println!("two app instances share one database only on PostgreSQL (SQLite has one writer): run with TEST_DATABASE_URL");
        return;
    }
    let (partner, seen) = slow_partner().await;
    let (dir, url, db) = setup(&partner).await;
    let _a = Server::start(&url, dir.path()).await;
    let _b = Server::start(&url, dir.path()).await;
    let ids = enqueue(&db, 400).await;
    wait_until("the outbox to drain", 120, async || undelivered(&db).await == 0).await;
    let got = seen.lock().unwrap().clone();
    let distinct: HashSet<String> = got.iter().cloned().collect();
    assert_eq!(distinct, ids);
    assert_eq!(got.len(), ids.len(), "no event was delivered twice");
    let workers = count(&db, "SELECT COUNT(DISTINCT worker) FROM outbox_attempts").await;
    assert_eq!(workers, 2, "both instances delivered");
}

#[tokio::test]
async fn two_instances_share_one_sign_in_budget() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let db = Db::connect(&url).await.unwrap();
    drop(db); // migrated once, before two instances start
    let launch = || Launch::new(Some(&url), dir.path()).env("COLLABDESK_SIGN_IN_PER_MINUTE", "3");
    let a = launch().start().await;
    let b = launch().start().await;
    // wrong passwords for one account from one address, alternating between the instances: three a minute
    let mut statuses = Vec::new();
    for server in [&a, &b, &a, &b, &a] {
        statuses.push(server.sign_in("someone@example.com", "not-the-password").await);
    }
    let codes: Vec<u16> = statuses.iter().map(|(code, _)| *code).collect();
    assert_eq!(codes, [422, 422, 422, 429, 429], "{statuses:?}");
    assert!(statuses[3].1.contains("Too many sign-in attempts"), "{}", statuses[3].1);
    // another account from the same address is not held up (its own budget), on either instance
    assert_eq!(b.sign_in("other@example.com", "not-the-password").await.0, 422);
}

impl Server {
    /// Signs in with a plain HTTP/1.0 form post as the browser sends it: the status and the body.
    async fn sign_in(&self, email: &str, password: &str) -> (u16, String) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let body = serde_urlencoded::to_string([("email", email), ("password", password)]).unwrap();
        let mut s = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.unwrap();
        let request = format!(
            "POST /api/sign_in HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
             Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len(),
            port = self.port
        );
        s.write_all(request.as_bytes()).await.unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        let code = out.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        (code, out)
    }
}

/// Sends SIGTERM (graceful shutdown), as a service manager or `docker stop` would.
fn terminate(server: &Server) {
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

async fn wait_for_exit(server: &mut Server, secs: u64) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "the server was still running {secs} s after SIGTERM:\n{}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish_then_stops() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let secret = collabdesk::server::outbox::new_secret();
    let mut server = Launch::new(Some(&url), dir.path())
        .env("COLLABDESK_PARTNER_WEBHOOK_SECRET", secret.clone())
        .start()
        .await;
    // a partner delivery whose body is still arriving when the signal comes
    let body = serde_json::json!({ "creators": [{
        "id": "dt-term", "name": "Late Arrival", "username": "late_arrival", "followers": 1200,
        "niche": "food", "platforms": ["instagram"]
    }] })
    .to_string();
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let signature = standardwebhooks::Webhook::new(&secret)
        .unwrap()
        .sign("msg_term", ts, body.as_bytes())
        .unwrap();
    let head = format!(
        "POST /webhooks/partner/creators HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nwebhook-id: msg_term\r\nwebhook-timestamp: {ts}\r\nwebhook-signature: {signature}\r\n\r\n",
        body.len()
    );
    let mut conn = tokio::net::TcpStream::connect(("127.0.0.1", server.port))
        .await
        .unwrap();
    let (first, rest) = body.split_at(body.len() / 2);
    conn.write_all(head.as_bytes()).await.unwrap();
    conn.write_all(first.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    terminate(&server);
    tokio::time::sleep(Duration::from_millis(300)).await;
    // new connections are no longer accepted, but the request in flight is still being served
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "waits for the request in flight"
    );
    conn.write_all(rest.as_bytes()).await.unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).await.unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "the request in flight was answered: {answer}"
    );
    assert!(answer.contains(r#""created":["dt-term"]"#), "{answer}");

    let status = wait_for_exit(&mut server, 15).await;
    assert!(status.success(), "a clean exit after SIGTERM, not {status}");
    let log = server.log();
    assert!(log.contains("shutdown signal received"), "{log}");
    assert!(log.contains("stopped"), "{log}");
    assert!(server.get("/healthz").await.is_none(), "nothing listens any more");
    // and what it did before stopping is there
    let db = Db::connect(&url).await.unwrap();
    let stored = count(
        &db,
        "SELECT COUNT(*) FROM creator_profiles WHERE username = 'late_arrival'",
    )
    .await;
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn first_start_creates_the_sqlite_database_and_keeps_its_session_key() {
    if engine() != "sqlite" {
        println!("the default database is SQLite; nothing to check on {}", engine());
        return;
    }
    // no DATABASE_URL and no COLLABDESK_DATA_DIR: everything goes under ./data of the working directory
    let dir = tempfile::tempdir().unwrap();
    let launch = || Launch::new(None, dir.path()).env("COLLABDESK_DEMO", "true");
    let mut first = launch().start().await;
    let health = first.get("/healthz").await.unwrap();
    assert!(health.contains("\"database\":\"sqlite\""), "{health}");
    let data = dir.path().join("data");
    assert!(data.join("collabdesk.db").is_file(), "the database file was created");
    let key = std::fs::read_to_string(data.join("session.key")).expect("a development session key");
    let db = Db::connect(&format!("sqlite://{}", data.join("collabdesk.db").display()))
        .await
        .unwrap();
    let seeded = count(&db, "SELECT COUNT(*) FROM users").await;
    assert!(seeded >= 47, "demo accounts seeded into the empty database ({seeded})");
    terminate(&first);
    assert!(wait_for_exit(&mut first, 15).await.success());

    // a second start reuses the file, the key, and does not seed again
    let mut second = launch().start().await;
    assert_eq!(std::fs::read_to_string(data.join("session.key")).unwrap(), key);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, seeded);
    terminate(&second);
    assert!(wait_for_exit(&mut second, 15).await.success());
}

#[tokio::test]
async fn production_refuses_to_start_without_a_session_secret() {
    if engine() != "sqlite" {
        println!("checked once, on SQLite");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let (mut child, _, log) = Launch::new(Some(&url), dir.path())
        .env("COLLABDESK_ENV", "production")
        .spawn();
    let status = child.wait().unwrap();
    let log = std::fs::read_to_string(log).unwrap();
    assert!(!status.success(), "must not start: {log}");
    assert!(
        log.contains("COLLABDESK_SESSION_SECRET is required in production"),
        "{log}"
    );
    assert!(
        !dir.path().join("data/session.key").exists(),
        "no key is generated in production"
    );
}

/// Production refuses what would expose accounts (issue 11, finding 4: `COLLABDESK_DEMO=true` seeded
/// `admin@demo.test` with the published password, and signing in worked), each with what to change; a database
/// once seeded with the demo accounts is refused too. With safe settings it starts.
#[tokio::test]
async fn production_refuses_demo_data_and_insecure_cookies() {
    if engine() != "sqlite" {
        println!("checked once, on SQLite");
        return;
    }
    let secret = "A".repeat(88);
    let refused = |env: Vec<(&'static str, &'static str)>, expected: &'static str| {
        let secret = secret.clone();
        async move {
            let dir = tempfile::tempdir().unwrap();
            let url = fresh_database_url(dir.path()).await;
            let mut launch = Launch::new(Some(&url), dir.path())
                .env("COLLABDESK_ENV", "production")
                .env("COLLABDESK_SESSION_SECRET", secret);
            for (k, v) in env {
                launch = launch.env(k, v);
            }
            let (mut child, _, log) = launch.spawn();
            let status = child.wait().unwrap();
            let log = std::fs::read_to_string(log).unwrap();
            assert!(!status.success(), "must not start: {log}");
            assert!(log.contains(expected), "{log}");
            let db = collabdesk::server::db::Db::connect(&url).await.unwrap();
            let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
                .fetch_one(&db.pool)
                .await
                .unwrap_or(0);
            assert_eq!(accounts, 0, "no account was created");
        }
    };
    refused(
        vec![("COLLABDESK_DEMO", "true")],
        "COLLABDESK_DEMO=true is refused in production",
    )
    .await;
    refused(
        vec![("COLLABDESK_SECURE_COOKIES", "false")],
        "COLLABDESK_SECURE_COOKIES=false is refused in production",
    )
    .await;

    // a database seeded with the demo in development, then started in production
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let mut dev = Launch::new(Some(&url), dir.path())
        .env("COLLABDESK_DEMO", "true")
        .start()
        .await;
    dev.kill();
    let (mut child, _, log) = Launch::new(Some(&url), dir.path())
        .env("COLLABDESK_ENV", "production")
        .env("COLLABDESK_SESSION_SECRET", secret.clone())
        .spawn();
    let status = child.wait().unwrap();
    let log = std::fs::read_to_string(log).unwrap();
    assert!(!status.success(), "must not start: {log}");
    assert!(log.contains("holds the demo accounts"), "{log}");

    // safe settings start
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let mut prod = Launch::new(Some(&url), dir.path())
        .env("COLLABDESK_ENV", "production")
        .env("COLLABDESK_SESSION_SECRET", secret)
        .start()
        .await;
    prod.kill();
}

/// A browser of one instance: a session cookie (sessions live in the database, so it works on any instance).
struct Browser {
    http: reqwest::Client,
    cookie: String,
}

impl Browser {
    async fn sign_in(port: u16, email: &str) -> Browser {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let res = http
            .post(format!(
                "http://127.0.0.1:{port}{}",
                <collabdesk::api::auth::SignIn as leptos::server_fn::ServerFn>::PATH
            ))
            .header("accept", "application/json")
            .form(&[("email", email), ("password", crate::common::PASSWORD), ("next", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "sign-in on port {port}");
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("collabdesk_session="))
            .and_then(|c| c.split(';').next())
            .expect("a session cookie")
            .to_string();
        Browser { http, cookie }
    }

    /// Calls server function `F` on the instance at `port`, as the page's fetch does.
    async fn call<F: leptos::server_fn::ServerFn + serde::Serialize>(&self, port: u16, args: F) -> (u16, String) {
        let res = self
            .http
            .post(format!("http://127.0.0.1:{port}{}", F::PATH))
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &self.cookie)
            .body(serde_qs::to_string(&args).unwrap())
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// Opens this user's live stream on the instance at `port`.
    async fn events(&self, port: u16) -> reqwest::Response {
        let res = self
            .http
            .get(format!("http://127.0.0.1:{port}/events"))
            .header("accept", "text/event-stream")
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        res
    }
}

/// Waits up to `wait` for an event named `name` on a live stream.
async fn next_event(stream: &mut reqwest::Response, buffer: &mut String, name: &str, wait: Duration) -> bool {
    let deadline = Instant::now() + wait;
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if block
                .lines()
                .any(|l| l.trim() == format!("event: {name}") || l.trim() == format!("event:{name}"))
            {
                return true;
            }
            continue;
        }
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return false;
        };
        match tokio::time::timeout(left, stream.chunk()).await {
            Ok(Ok(Some(bytes))) => buffer.push_str(std::str::from_utf8(&bytes).unwrap()),
            Ok(_) => panic!("the stream ended"),
            Err(_) => return false,
        }
    }
}

#[tokio::test]
async fn a_change_on_one_instance_reaches_a_page_open_on_another() {
    use collabdesk::api::invitations::{AcceptInvitation, InviteCreator};
    use collabdesk::domain::account::{CreatorProfileInput, Role};
    use collabdesk::server::db::users::{insert, NewUser};
    if engine() != "postgres" {
        println!("two app instances share one database only on PostgreSQL (SQLite has one writer): run with TEST_DATABASE_URL");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let db = Db::connect(&url).await.unwrap();
    let user = |email: &'static str, role: Role, profile: Option<&'static CreatorProfileInput>| NewUser {
        email,
        password_hash: crate::common::password_hash(),
        role,
        name: email,
        organisation: None,
        creator: profile,
    };
    static PROFILE: std::sync::OnceLock<CreatorProfileInput> = std::sync::OnceLock::new();
    let profile = PROFILE.get_or_init(|| CreatorProfileInput {
        username: "cat_cooks".into(),
        avatar_url: String::new(),
        platforms: vec!["instagram".into()],
        followers: 1000,
        niche: "food".into(),
        bio: String::new(),
    });
    insert(&db, &user("biz@example.com", Role::Business, None), Millis(0))
        .await
        .unwrap();
    let creator_id = insert(&db, &user("cat@example.com", Role::Creator, Some(profile)), Millis(0))
        .await
        .unwrap();
    let a = Server::start(&url, dir.path()).await;
    let b = Server::start(&url, dir.path()).await;

    // the business works on instance A; its campaign page is open on instance B
    let business = Browser::sign_in(a.port, "biz@example.com").await;
    let creator = Browser::sign_in(b.port, "cat@example.com").await;
    let (status, body) = business
        .call(
            a.port,
            collabdesk::api::campaigns::CreateCampaign {
                title: "Jollof Week".into(),
                description: String::new(),
                budget: "75000".into(),
                currency: "NGN".into(),
                deadline: "2031-01-31".into(),
                status: "active".into(),
            },
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let campaign: collabdesk::domain::campaign::Campaign = serde_json::from_str(&body).unwrap();
    let mut business_page = business.events(b.port).await;
    let mut creator_page = creator.events(a.port).await;
    let (mut bbuf, mut cbuf) = (String::new(), String::new());
    assert!(next_event(&mut business_page, &mut bbuf, "hello", Duration::from_secs(5)).await);
    assert!(next_event(&mut creator_page, &mut cbuf, "hello", Duration::from_secs(5)).await);

    // invited on A: the creator's page, open on A, hears of it
    let (status, body) = business
        .call(
            a.port,
            InviteCreator {
                campaign_id: campaign.id.to_string(),
                creator_id: creator_id.to_string(),
                message: "Join us".into(),
                template_id: String::new(),
            },
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let invitation: collabdesk::domain::invitation::Invitation = serde_json::from_str(&body).unwrap();
    assert!(
        next_event(&mut creator_page, &mut cbuf, "change", Duration::from_secs(2)).await,
        "the creator's page (instance A) heard of the invitation within 2 s"
    );
    // accepted on A, while the business's page is open on B
    let started = Instant::now();
    let (status, body) = creator
        .call(
            a.port,
            AcceptInvitation {
                id: invitation.id.to_string(),
            },
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        next_event(&mut business_page, &mut bbuf, "change", Duration::from_secs(2)).await,
        "the business's page (instance B) heard of the answer given on instance A within 2 s"
    );
    println!(
        "[{}] an answer on instance A reached a page open on instance B in {} ms",
        engine(),
        started.elapsed().as_millis()
    );
    // stopping instance B (a deploy): its open stream ends at once and it exits, instead of waiting for the
    // stream to run out
    let mut b = b;
    let stopping = Instant::now();
    terminate(&b);
    let status = wait_for_exit(&mut b, 10).await;
    assert!(status.success(), "{status:?}\n{}", b.log());
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        while let Ok(Some(_)) = business_page.chunk().await {}
    })
    .await;
    assert!(ended.is_ok(), "the stream ended with the server");
    println!(
        "[{}] an instance with an open live stream stopped in {} ms",
        engine(),
        stopping.elapsed().as_millis()
    );
}
