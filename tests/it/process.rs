//! The real server binary, as processes: killed with SIGKILL in the middle of delivering webhooks and started
//! again (every event delivered, none lost, duplicates only as the same `webhook-id`), and two instances on
//! one PostgreSQL database (each event delivered once).

use crate::common::{engine, fresh_database_url};
use axum::extract::State;
use axum::http::HeaderMap;
use collabdesk::domain::time::Millis;
use collabdesk::server::db::{outbox as store, Db};
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
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

struct Server(Child);

impl Server {
    async fn start(url: &str, dir: &std::path::Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_collabdesk"))
            .env("DATABASE_URL", url)
            .env("COLLABDESK_DATA_DIR", dir)
            .env("COLLABDESK_DEMO", "false")
            .env("COLLABDESK_OUTBOX_LEASE_MS", "3000")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_OUTPUT_NAME", "collabdesk")
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("LEPTOS_SITE_PKG_DIR", "pkg")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server binary");
        let mut server = Server(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(mut s) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                s.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").await.unwrap();
                let mut out = String::new();
                let _ = s.read_to_string(&mut out).await;
                if out.contains("\"ok\"") {
                    return server;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        server.kill();
        panic!("the server did not become healthy");
    }

    /// SIGKILL: no shutdown, no cleanup, leases left behind.
    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
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

async fn undelivered(db: &Db) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM outbox WHERE status <> 'delivered'")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .get(0)
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
    let workers: i64 = sqlx::query("SELECT COUNT(DISTINCT worker) FROM outbox_attempts")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(workers, 2, "both instances delivered");
}
