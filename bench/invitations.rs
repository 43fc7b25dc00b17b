//! Invitation list benchmark helper (see bench/invitations.sh, which drives it and wrk).
//!
//!   bench-invitations seed DATABASE_URL N   seed N invitations (1000 campaigns × N/1000 creators)
//!   bench-invitations sql DATABASE_URL      the creator list's SQL run directly: 50 tasks for 10 s
//!   bench-invitations static ADDR           a static axum response, the ceiling for the HTTP stack

use collabdesk::domain::ids::UserId;
use collabdesk::server::clock::Clock;
use collabdesk::server::db::{invitations, Db};
use std::time::{Duration, Instant};

pub const CREATOR_EMAIL: &str = "bench-creator@bench.test";
pub const PASSWORD: &str = "bench-password-1";

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["seed", url, n] => seed(url, n.parse().expect("a count")).await,
        ["sql", url] => sql(url).await,
        ["static", addr] => serve_static(addr).await,
        _ => {
            eprintln!("usage: bench-invitations seed URL N | sql URL | static ADDR");
            std::process::exit(2);
        }
    }
}

async fn seed(url: &str, n: i64) {
    let db = Db::connect(url).await.expect("open the database");
    let started = Instant::now();
    let campaigns = 1000_i64;
    let creators = (n / campaigns).max(1);
    let hash = collabdesk::server::auth::password::hash_now(PASSWORD);
    let now = Clock::default().now().0;
    let mut tx = db.pool.begin().await.unwrap();
    sqlx::query("INSERT INTO users (id, email, password_hash, role, name, created_at) VALUES ('biz', 'bench-business@bench.test', $1, 'business', 'Bench Brand', $2)")
        .bind(&hash)
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
    // creators cr-0 … : cr-0 is the one whose list is measured
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, role, name, created_at)
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1)
         SELECT 'cr-' || i, CASE WHEN i = 0 THEN 'bench-creator@bench.test' ELSE 'c' || i || '@bench.test' END,
                $2, 'creator', 'Creator ' || i, $3 FROM n",
    )
    .bind(creators)
    .bind(&hash)
    .bind(now)
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO creator_profiles (user_id, username, avatar_url, followers, niche, bio)
         SELECT id, 'bench_' || SUBSTR(id, 4), '', 1000, 'food', '' FROM users WHERE role = 'creator'",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO campaigns (id, business_id, title, description, budget_minor, currency, deadline, status, created_at, updated_at)
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1)
         SELECT 'camp-' || i, 'biz', 'Campaign ' || i, '', 5000000, 'NGN', $2, 'active', $3, $3 FROM n",
    )
    .bind(campaigns)
    .bind(now + 365 * 86_400_000)
    .bind(now)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // the invitations, in batches of 100 000 rows
    let batch = 100_000_i64;
    let mut from = 0;
    while from < campaigns * creators {
        let to = (from + batch).min(campaigns * creators);
        sqlx::query(
            "INSERT INTO campaign_invitations (id, campaign_id, creator_id, invited_by, message, status, invited_at,
                                               expires_at, resent_count, updated_at)
             WITH RECURSIVE n(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $2)
             SELECT 'inv-' || i, 'camp-' || (i / $3), 'cr-' || (i % $3), 'biz', 'Hello', 'pending', $4 + i, $5, 0, $4 FROM n",
        )
        .bind(from)
        .bind(to)
        .bind(creators)
        .bind(now - 86_400_000)
        .bind(now + 13 * 86_400_000)
        .execute(&db.pool)
        .await
        .unwrap();
        from = to;
    }
    // the bulk insert bypassed the counts the app keeps with every write
    invitations::recount(&db).await.unwrap();
    if db.backend == collabdesk::server::db::Backend::Postgres {
        // What autovacuum does within a minute of a bulk load: planner statistics, and the visibility map
        // without which PostgreSQL cannot answer from a covering index alone (the creator's stats then read
        // 1,000 heap pages: 10 ms instead of 0.3 ms). Measuring before it would measure the load, not the app.
        sqlx::query("VACUUM ANALYZE").execute(&db.pool).await.unwrap();
    }
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM campaign_invitations")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    println!(
        "seeded {total} invitations ({campaigns} campaigns × {creators} creators) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

async fn sql(url: &str) {
    let db = Db::connect(url).await.expect("open the database");
    let creator = UserId("cr-0".into());
    let clock = Clock::default();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (db, creator, clock) = (db.clone(), creator.clone(), clock.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                let page = invitations::list_for_creator(&db, &creator, None, 21, clock.now())
                    .await
                    .unwrap();
                assert_eq!(page.len(), 21);
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut all: Vec<Duration> = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    println!(
        "direct SQL: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms ({} queries)",
        all.len() as f64 / 10.0,
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        all.len()
    );
}

async fn serve_static(addr: &str) {
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
