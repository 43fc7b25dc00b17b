//! Outbox delivery benchmark: enqueues N webhook events (default 20,000) for one endpoint, then lets one worker
//! deliver them to a receiver on a local port, signed, as in production. Two runs: every attempt succeeds, and
//! 30 % of attempts fail with HTTP 500 (retried on the schedule). Prints deliveries per second and the time
//! until the outbox is empty; asserts nothing.
//!
//! In the failing run the retry delays (5 s, 5 min, …) are skipped by moving the worker's clock forward whenever
//! nothing is due, so the wall time measures the work, and the schedule time the outbox would really take is
//! printed beside it.
//!
//!   bench-outbox DATABASE_URL [N]
//!
//! `bench/outbox.sh` runs it on SQLite and on a throw-away PostgreSQL.

use axum::extract::State;
use axum::http::StatusCode;
use collabdesk::domain::time::Millis;
use collabdesk::server::clock::Clock;
use collabdesk::server::config::Config;
use collabdesk::server::db::{outbox as store, Db};
use collabdesk::server::mail::Mailer;
use collabdesk::server::outbox::{new_secret, Worker};
use sqlx::Row;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

#[derive(Clone)]
struct Partner {
    fail_percent: u64,
    requests: Arc<AtomicU64>,
}

async fn receive(State(p): State<Partner>, body: String) -> (StatusCode, &'static str) {
    let n = p.requests.fetch_add(1, Ordering::Relaxed);
    let _ = body.len();
    // a deterministic share: the first `fail_percent` requests of every hundred fail
    if n % 100 < p.fail_percent {
        (StatusCode::INTERNAL_SERVER_ERROR, "try again")
    } else {
        (StatusCode::OK, "{\"id\":\"dt\"}")
    }
}

async fn partner(fail_percent: u64) -> (String, Arc<AtomicU64>) {
    let requests = Arc::new(AtomicU64::new(0));
    let app = axum::Router::new()
        .route("/hooks", axum::routing::post(receive))
        .with_state(Partner {
            fail_percent,
            requests: requests.clone(),
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/hooks"), requests)
}

async fn run(url: &str, n: usize, fail_percent: u64) -> f64 {
    let db = Db::connect(url).await.expect("open the database");
    sqlx::query("DELETE FROM outbox_attempts")
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM outbox").execute(&db.pool).await.unwrap();
    sqlx::query("DELETE FROM webhook_endpoints")
        .execute(&db.pool)
        .await
        .unwrap();
    let (endpoint, requests) = partner(fail_percent).await;
    let clock = Clock::default();
    store::insert_endpoint(&db, &endpoint, "*", &new_secret(), None, clock.now())
        .await
        .unwrap();
    let t = Instant::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        let mut tx = db.pool.begin().await.unwrap();
        for i in chunk {
            store::enqueue_webhook(
                &mut tx,
                "campaign_created",
                ("campaign", &format!("c{i}")),
                serde_json::json!({ "n": i, "title": "Jollof Festival Week", "budget": { "minor": 7_500_000, "currency": "NGN" } }),
                clock.now(),
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    let enqueue = t.elapsed();
    let dir = std::env::temp_dir().join(format!("bench-outbox-{}", uuid::Uuid::now_v7()));
    let mailer = Mailer::from_config(&Config::for_tests(url, dir)).unwrap();
    let worker = Worker::new(db.clone(), clock.clone(), mailer);
    let start_clock = clock.now();
    let t = Instant::now();
    loop {
        if worker.run_once().await > 0 {
            continue;
        }
        let next = sqlx::query("SELECT MIN(next_attempt_at) AS next FROM outbox WHERE status = 'pending'")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .get::<Option<i64>, _>("next");
        match next {
            None => break,
            // nothing due yet: skip the wait
            Some(at) => clock.advance((at - clock.now().0).max(1)),
        }
    }
    let wall = t.elapsed();
    let (delivered, failed): (i64, i64) = {
        let r = sqlx::query(
            "SELECT SUM(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END) AS d,
                    SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS f FROM outbox",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        (
            r.get::<Option<i64>, _>("d").unwrap_or(0),
            r.get::<Option<i64>, _>("f").unwrap_or(0),
        )
    };
    let schedule = Millis(clock.now().0 - start_clock.0);
    let per_s = delivered as f64 / wall.as_secs_f64();
    println!(
        "{:>2} % failing: {n} events enqueued in {:.2} s; {} attempts; {delivered} delivered, {failed} failed; \
         outbox empty after {:.2} s wall ({:.0} deliveries/s, {:.0} attempts/s); retry schedule span {}",
        fail_percent,
        enqueue.as_secs_f64(),
        requests.load(Ordering::Relaxed),
        wall.as_secs_f64(),
        per_s,
        requests.load(Ordering::Relaxed) as f64 / wall.as_secs_f64(),
        collabdesk::domain::invitation::human_duration(schedule.0),
    );
    per_s
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(url) = args.first() else {
        eprintln!("usage: bench-outbox DATABASE_URL [N]");
        std::process::exit(2);
    };
    let n: usize = args.get(1).map(|s| s.parse().expect("a count")).unwrap_or(20_000);
    let clean = run(url, n, 0).await;
    let failing = run(url, n, 30).await;
    // the line bench/outbox.sh reads
    println!("outbox_per_s={clean:.0} outbox_failing_per_s={failing:.0}");
}
