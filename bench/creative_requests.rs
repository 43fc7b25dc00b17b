//! Creative request tabs benchmark: seeds N requests (default 100,000) spread over every state, five
//! advertisers and both priorities, then measures, for every tab of `/requests` and `/response`, the time to
//! load the tab with its counts through the real router (the `creative_requests` server function, signed in
//! as an admin) against the same two queries run directly (`list` + `counts`). Prints p50/p99; asserts nothing.
//!
//!   bench-creative-requests DATABASE_URL [N] [ROUNDS]
//!
//! `bench/creative_requests.sh` runs it on SQLite and on a throw-away PostgreSQL.

use axum::body::Body;
use axum::http::{header, Request};
use collabdesk::domain::creative::{RequestState, RequestsTab, ResponsesTab, Scope, Tab};
use collabdesk::server::clock::Clock;
use collabdesk::server::config::Config;
use collabdesk::server::db::creative_requests as store;
use collabdesk::server::db::{Backend, Db};
use collabdesk::server::router;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const PASSWORD: &str = "bench-password-1";

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(url) = args.first() else {
        eprintln!("usage: bench-creative-requests DATABASE_URL [N] [ROUNDS]");
        std::process::exit(2);
    };
    let n: i64 = args.get(1).map(|s| s.parse().expect("a count")).unwrap_or(100_000);
    let rounds: usize = args.get(2).map(|s| s.parse().expect("a count")).unwrap_or(200);
    let dir = tempfile_dir();
    let db = Db::connect(url).await.expect("open the database");
    seed(&db, n).await;
    let config = Config::for_tests(url, dir.clone());
    let mut leptos = leptos::prelude::get_configuration(Some("Cargo.toml")).expect("leptos configuration");
    leptos.leptos_options.hash_files = false;
    let built = router::build(config, leptos.leptos_options, Clock::default())
        .await
        .expect("build the app");
    let app = router::app(&built);
    let cookie = sign_in(&app).await;

    let tabs: Vec<Tab> = RequestsTab::ALL
        .into_iter()
        .map(Tab::Requests)
        .chain(ResponsesTab::ALL.into_iter().map(Tab::Responses))
        .collect();
    println!(
        "{:<28} {:>8} {:>22} {:>22}",
        "tab (page, rows in tab)", "", "server function p50/p99", "direct SQL p50/p99"
    );
    // the slowest tab's p50 and p99 (server function: the tab's page of rows and every tab's count)
    let (mut worst_p50, mut worst_p99) = (0.0f64, 0.0f64);
    for tab in tabs {
        let mut http = Vec::with_capacity(rounds);
        let mut direct = Vec::with_capacity(rounds);
        let body = format!("page={}&tab={}", tab.page(), tab.slug());
        let mut in_tab = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            let req = Request::builder()
                .method("POST")
                .uri("/api/creative_requests")
                .header(header::HOST, "localhost")
                .header(header::ORIGIN, "http://localhost")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .header(header::COOKIE, &cookie)
                .body(Body::from(body.clone()))
                .unwrap();
            let res = app.clone().oneshot(req).await.unwrap();
            assert_eq!(res.status(), 200);
            let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
            http.push(t.elapsed());
            assert!(bytes.len() > 2);

            let t = Instant::now();
            let rows = store::list(&db, &Scope::All, tab.states(), &Default::default(), None, 26)
                .await
                .unwrap();
            let counts = store::counts(&db, &Scope::All, &Default::default()).await.unwrap();
            direct.push(t.elapsed());
            assert_eq!(rows.len(), 26);
            in_tab = counts.of(tab);
        }
        let (p50, p99) = percentiles(&mut http);
        worst_p50 = worst_p50.max(p50);
        worst_p99 = worst_p99.max(p99);
        println!(
            "{:<28} {:>8} {:>22} {:>22}",
            format!("{} {}", tab.page(), tab.label()),
            in_tab,
            format!("{p50:.2} / {p99:.2} ms"),
            pcts(&mut direct)
        );
    }
    // the line bench/creative_requests.sh reads
    println!("tab_p50_ms={worst_p50:.2} tab_p99_ms={worst_p99:.2}");
    let _ = std::fs::remove_dir_all(dir);
}

/// (p50, p99) in milliseconds.
fn percentiles(v: &mut [Duration]) -> (f64, f64) {
    v.sort();
    let at = |p: f64| v[((v.len() as f64 * p) as usize).min(v.len() - 1)].as_secs_f64() * 1000.0;
    (at(0.50), at(0.99))
}

fn pcts(v: &mut [Duration]) -> String {
    let (p50, p99) = percentiles(v);
    format!("{p50:.2} / {p99:.2} ms")
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bench-creative-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn sign_in(app: &axum::Router) -> String {
    let req = Request::builder()
        .method("POST")
        .uri("/api/sign_in")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header("x-forwarded-for", "127.0.0.1")
        .body(Body::from(format!(
            "email=bench-admin%40bench.test&password={PASSWORD}"
        )))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert!(res.status().is_success(), "sign in: {}", res.status());
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("collabdesk_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string()
}

/// N requests: state i % 6, advertiser i % 5, priority i % 2, one second apart. Bulk SQL (the app's own
/// insert path is measured by the tests, not here), then the kept counts rebuilt; the audit trail is not needed
/// to list tabs.
async fn seed(db: &Db, n: i64) {
    let started = Instant::now();
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM creative_requests")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    if existing >= n {
        println!("{existing} requests already there");
        return;
    }
    let hash = collabdesk::server::auth::password::hash_now(PASSWORD);
    let now = Clock::default().now().0;
    let mut tx = db.pool.begin().await.unwrap();
    for i in 0..5 {
        sqlx::query("INSERT INTO organisations (id, name, kind, created_at) VALUES ($1, $2, 'advertiser', $3)")
            .bind(format!("org-{i}"))
            .bind(format!("Advertiser {i}"))
            .bind(now)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    for (id, email, role) in [
        ("pub", "bench-publisher@bench.test", "publisher"),
        ("adm", "bench-admin@bench.test", "admin"),
    ] {
        sqlx::query(
            "INSERT INTO users (id, email, password_hash, role, name, created_at) VALUES ($1, $2, $3, $4, $1, $5)",
        )
        .bind(id)
        .bind(email)
        .bind(&hash)
        .bind(role)
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let states: Vec<String> = RequestState::ALL
        .iter()
        .enumerate()
        .map(|(k, s)| format!("WHEN {k} THEN '{}' ", s.status().as_str()))
        .collect();
    let stages: Vec<String> = RequestState::ALL
        .iter()
        .enumerate()
        .map(|(k, s)| format!("WHEN {k} THEN '{}' ", s.stage().as_str()))
        .collect();
    let batch = 20_000_i64;
    let mut from = 0;
    while from < n {
        let to = (from + batch).min(n);
        sqlx::query(&format!(
            "INSERT INTO creative_requests (id, offer_id, offer_name, creative_type, creative_count, from_lines_count,
                 subject_lines_count, notes, publisher_id, advertiser_id, advertiser_name, affiliate_id, affiliate_name,
                 client_id, client_name, priority, status, approval_stage, admin_status, submitted_at, updated_at)
             WITH RECURSIVE n(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $2)
             SELECT 'req-' || i, 'OF-' || i, 'Offer number ' || i, 'Email', 1 + i % 5, 1, 2, '', 'pub',
                    'org-' || (i % 5), 'Advertiser ' || (i % 5), 'AFF', 'pub', 'CL', 'Client',
                    CASE i % 2 WHEN 0 THEN 'High Priority' ELSE 'Medium Priority' END,
                    CASE i % 6 {} END, CASE i % 6 {} END, 'pending', $3 + i * 1000, $3 + i * 1000
             FROM n",
            states.concat(),
            stages.concat()
        ))
        .bind(from)
        .bind(to)
        .bind(now - n * 1000)
        .execute(&db.pool)
        .await
        .unwrap();
        from = to;
    }
    if db.backend == Backend::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.unwrap();
    }
    // the kept tab counts, as a bulk load must rebuild them
    store::recount(db).await.expect("recount");
    println!(
        "seeded {n} creative requests on {} in {:.1} s",
        db.backend.name(),
        started.elapsed().as_secs_f64()
    );
}
