//! Analytics benchmark helper (see bench/analytics.sh, which drives it and wrk).
//!
//!   bench-analytics seed DATABASE_URL N   one business with N invitations over 100 campaigns and 12 weeks
//!                                         (30 % accepted, 10 % declined, 10 % withdrawn, the rest pending or
//!                                         expired by age), an application per acceptance, N/50 offers
//!   bench-analytics sql DATABASE_URL      `db::analytics::of_business` called directly, one at a time, 10 s

use collabdesk::domain::ids::UserId;
use collabdesk::server::clock::Clock;
use collabdesk::server::db::{analytics, invitations, Db};
use std::time::{Duration, Instant};

const CAMPAIGNS: i64 = 100;
const DAY: i64 = 86_400_000;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["seed", url, n] => seed(url, n.parse().expect("a count")).await,
        ["sql", url] => sql(url).await,
        _ => {
            eprintln!("usage: bench-analytics seed URL N | sql URL");
            std::process::exit(2);
        }
    }
}

async fn run(db: &Db, sql: &str, binds: &[i64]) {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(&db.pool).await.unwrap_or_else(|e| panic!("{e}: {sql}"));
}

async fn seed(url: &str, n: i64) {
    let db = Db::connect(url).await.expect("open the database");
    let started = Instant::now();
    let creators = (n / CAMPAIGNS).max(1);
    let hash = collabdesk::server::auth::password::hash_now("bench-password-1");
    let now = Clock::default().now().0;
    sqlx::query("INSERT INTO users (id, email, password_hash, role, name, created_at) VALUES ('biz', 'bench-business@bench.test', $1, 'business', 'Bench Brand', $2)")
        .bind(&hash)
        .bind(now)
        .execute(&db.pool)
        .await
        .unwrap();
    run(
        &db,
        "INSERT INTO users (id, email, password_hash, role, name, created_at)
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1)
         SELECT 'cr-' || i, 'c' || i || '@bench.test', 'x', 'creator', 'Creator ' || i, $2 FROM n",
        &[creators, now],
    )
    .await;
    run(
        &db,
        "INSERT INTO creator_profiles (user_id, username, avatar_url, followers, niche, bio)
         SELECT id, 'bench_' || SUBSTR(id, 4), '', 1000, 'food', '' FROM users WHERE role = 'creator'",
        &[],
    )
    .await;
    run(
        &db,
        "INSERT INTO campaigns (id, business_id, title, description, budget_minor, currency, deadline, status, created_at, updated_at)
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1)
         SELECT 'camp-' || i, 'biz', 'Campaign ' || i, '', 5000000, 'NGN', $2, 'active', $3 + i, $3 FROM n",
        &[CAMPAIGNS, now + 365 * DAY, now],
    )
    .await;
    // invitation i: campaign i / creators, creator i % creators, sent (i % 84) days ago; by i % 10: 0-2
    // accepted, 3 declined, 5 withdrawn, the others pending (younger than 14 days) or expired
    let batch = 100_000_i64;
    let mut from = 0;
    while from < CAMPAIGNS * creators {
        let to = (from + batch).min(CAMPAIGNS * creators);
        run(
            &db,
            "INSERT INTO campaign_invitations (id, campaign_id, creator_id, invited_by, message, status, invited_at,
                                               expires_at, responded_at, withdrawn_at, resent_count, updated_at)
             SELECT 'inv-' || i, 'camp-' || (i / $3), 'cr-' || (i % $3), 'biz', 'Hello', status, at, at + 14 * $5,
                    CASE WHEN status IN ('accepted', 'declined') THEN at + (i * 7919) % (3 * $5) END,
                    CASE WHEN status = 'withdrawn' THEN at + $5 END, 0, $4
             FROM (SELECT i, $4 - (i % 84) * $5 - (i % 1000) * 1000 AS at,
                          CASE WHEN i % 10 < 3 THEN 'accepted' WHEN i % 10 = 3 THEN 'declined'
                               WHEN i % 10 = 5 THEN 'withdrawn' WHEN i % 84 < 14 THEN 'pending' ELSE 'expired' END AS status
                   FROM (WITH RECURSIVE n(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $2)
                         SELECT i FROM n) r) s",
            &[from, to, creators, now, DAY],
        )
        .await;
        from = to;
    }
    run(
        &db,
        "INSERT INTO campaign_applications (id, campaign_id, creator_id, invitation_id, status, applied_at)
         SELECT 'app-' || SUBSTR(id, 5), campaign_id, creator_id, id, 'accepted', responded_at
         FROM campaign_invitations WHERE status = 'accepted'",
        &[],
    )
    .await;
    run(
        &db,
        "INSERT INTO offers (id, campaign_id, business_id, creator_id, amount_minor, currency, message, deadline,
                             status, idempotency_key, sent_at, expires_at, updated_at)
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1)
         SELECT 'off-' || i, 'camp-' || (i % $2), 'biz', 'cr-' || (i % $3), 100000 + (i % 997) * 100,
                CASE WHEN i % 5 = 0 THEN 'USD' ELSE 'NGN' END, 'One reel', $4,
                CASE WHEN i % 3 = 0 THEN 'accepted' WHEN i % 3 = 1 THEN 'declined' ELSE 'pending' END,
                'k' || i, $5 - (i % 84) * $6, $5 + 14 * $6, $5 FROM n",
        &[(n / 50).max(1), CAMPAIGNS, creators, now + 365 * DAY, now, DAY],
    )
    .await;
    // the bulk insert bypassed the counts the app keeps with every write
    invitations::recount(&db).await.unwrap();
    if db.backend == collabdesk::server::db::Backend::Postgres {
        // what autovacuum does within a minute of a bulk load (see bench/invitations.rs)
        sqlx::query("VACUUM ANALYZE").execute(&db.pool).await.unwrap();
    } else {
        sqlx::query("ANALYZE").execute(&db.pool).await.unwrap();
    }
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM campaign_invitations")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    println!(
        "seeded {total} invitations of one business ({CAMPAIGNS} campaigns × {creators} creators), {} offers, in {:.1} s",
        (n / 50).max(1),
        started.elapsed().as_secs_f64()
    );
}

async fn sql(url: &str) {
    let db = Db::connect(url).await.expect("open the database");
    let business = UserId("biz".into());
    let clock = Clock::default();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut latencies = Vec::new();
    let mut last = None;
    while Instant::now() < deadline {
        let t = Instant::now();
        let a = analytics::of_business(&db, &business, None, clock.now())
            .await
            .unwrap()
            .unwrap();
        latencies.push(t.elapsed());
        last = Some(a);
    }
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let a = last.expect("one run");
    println!(
        "direct: p50 {:.2} ms, p99 {:.2} ms ({} runs; funnel {} invited, {} answered, {} accepted, {} active; {} campaigns)",
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        latencies.len(),
        a.funnel.invited,
        a.funnel.answered,
        a.funnel.accepted,
        a.funnel.active,
        a.campaigns.len()
    );
}
