//! Database tests on the engine under test (SQLite file or a real PostgreSQL server; see tests/common).

use collabdesk::domain::account::Role;
use collabdesk::domain::campaign::{CampaignInput, CampaignStatus};
use collabdesk::domain::ids::CampaignId;
use collabdesk::domain::money::{Currency, Money};
use collabdesk::domain::page::Cursor;
use collabdesk::domain::time::{Millis, DAY};
use collabdesk::error::AppError;
use collabdesk::server::clock::Clock;
use collabdesk::server::db::{campaigns, users, Backend};
use sqlx::Row;

fn input(title: &str) -> CampaignInput {
    CampaignInput {
        title: title.into(),
        description: String::new(),
        budget: Money::new(500_000, Currency::NGN),
        deadline: Millis(4_000_000_000_000),
    }
}

#[tokio::test]
async fn migrations_apply_on_this_engine() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::fresh_db(dir.path()).await;
    assert_eq!(db.backend.name(), crate::common::engine());
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM _sqlx_migrations WHERE success = TRUE")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .get("n");
    assert!(n >= 1);
    // opening again (a restart) applies nothing twice
    let again = collabdesk::server::db::Db::connect(&db.url).await.unwrap();
    again.ping().await.unwrap();
}

#[tokio::test]
async fn sqlite_connections_use_wal_and_a_busy_timeout() {
    if crate::common::engine() != "sqlite" {
        return; // PostgreSQL has neither setting
    }
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::fresh_db(dir.path()).await;
    assert_eq!(db.backend, Backend::Sqlite);
    // hold several connections at once so the pool opens more than one
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(db.pool.acquire().await.unwrap());
    }
    for conn in held.iter_mut() {
        let mode: String = sqlx::query("PRAGMA journal_mode")
            .fetch_one(&mut **conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(mode, "wal");
        let timeout: i64 = sqlx::query("PRAGMA busy_timeout")
            .fetch_one(&mut **conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(timeout, 5000);
    }
}

#[tokio::test]
async fn a_duplicate_email_is_a_named_conflict_and_stores_nothing() {
    let app = crate::common::TestApp::new().await;
    app.user("ada@example.com", Role::Business, "Ada").await;
    let err = users::insert(
        app.db(),
        &users::NewUser {
            email: "ada@example.com",
            password_hash: "x",
            role: Role::Creator,
            name: "Other Ada",
            organisation: None,
            creator: None,
        },
        Millis(1),
    )
    .await
    .unwrap_err();
    assert_eq!(
        err,
        AppError::Conflict("An account with this email already exists.".into())
    );
    assert_eq!(users::count(app.db()).await.unwrap(), 1);
}

#[tokio::test]
async fn an_advertiser_without_an_organisation_is_refused_by_the_database() {
    let app = crate::common::TestApp::new().await;
    let res = sqlx::query(
        "INSERT INTO users (id, email, password_hash, role, name, organisation_id, created_at)
         VALUES ('a', 'a@x.io', 'h', 'advertiser', 'A', NULL, 1)",
    )
    .execute(&app.db().pool)
    .await;
    assert!(res.is_err(), "ck_users_advertiser_org holds even if the code forgets");
}

#[tokio::test]
async fn racing_status_changes_have_exactly_one_winner() {
    let app = crate::common::TestApp::new().await;
    let owner = app.user("ada@example.com", Role::Business, "Ada").await;
    for round in 0..10 {
        let c = campaigns::insert(
            app.db(),
            &owner,
            &input(&format!("Race {round}")),
            CampaignStatus::Draft,
            Millis(1),
        )
        .await
        .unwrap();
        // publish and close race from the same observed state (draft)
        let db1 = app.db().clone();
        let db2 = app.db().clone();
        let (id1, id2) = (c.id.clone(), c.id.clone());
        let a = tokio::spawn(async move {
            campaigns::transition(&db1, &id1, CampaignStatus::Draft, CampaignStatus::Active, Millis(2)).await
        });
        let b = tokio::spawn(async move {
            campaigns::transition(&db2, &id2, CampaignStatus::Draft, CampaignStatus::Closed, Millis(2)).await
        });
        let (a, b) = (a.await.unwrap().unwrap(), b.await.unwrap().unwrap());
        assert!(a ^ b, "round {round}: exactly one transition wins (got {a}, {b})");
        let now = campaigns::get(app.db(), &c.id).await.unwrap().unwrap().status;
        assert_eq!(
            now,
            if a {
                CampaignStatus::Active
            } else {
                CampaignStatus::Closed
            }
        );
    }
}

#[tokio::test]
async fn keyset_paging_lists_every_campaign_once_newest_first() {
    let app = crate::common::TestApp::new().await;
    let owner = app.user("ada@example.com", Role::Business, "Ada").await;
    let other = app.user("bob@example.com", Role::Business, "Bob").await;
    for i in 0..25 {
        // several share a timestamp: the id breaks the tie
        campaigns::insert(
            app.db(),
            &owner,
            &input(&format!("C{i}")),
            CampaignStatus::Draft,
            Millis(1000 + i / 3),
        )
        .await
        .unwrap();
    }
    campaigns::insert(
        app.db(),
        &other,
        &input("Not yours"),
        CampaignStatus::Draft,
        Millis(5000),
    )
    .await
    .unwrap();
    let mut seen = Vec::new();
    let mut after: Option<Cursor<CampaignId>> = None;
    loop {
        let page = campaigns::list_for_business(app.db(), &owner, None, after.clone(), 7)
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(|c| Cursor::new(c.created_at, c.id.clone()));
        seen.extend(page);
    }
    assert_eq!(seen.len(), 25);
    let mut titles: Vec<_> = seen.iter().map(|c| c.title.clone()).collect();
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), 25, "no campaign twice");
    assert!(seen
        .windows(2)
        .all(|w| (w[0].created_at, &w[0].id) > (w[1].created_at, &w[1].id)));
    let counts = campaigns::counts_for_business(app.db(), &owner).await.unwrap();
    assert_eq!(counts, vec![(CampaignStatus::Draft, 25)]);
}

#[tokio::test]
async fn an_edit_cannot_overwrite_a_campaign_that_moved_on() {
    let app = crate::common::TestApp::new().await;
    let owner = app.user("ada@example.com", Role::Business, "Ada").await;
    let c = campaigns::insert(app.db(), &owner, &input("Original"), CampaignStatus::Active, Millis(1))
        .await
        .unwrap();
    assert!(campaigns::transition(
        app.db(),
        &c.id,
        CampaignStatus::Active,
        CampaignStatus::Closed,
        Millis(2)
    )
    .await
    .unwrap());
    // an edit prepared while it was active
    let applied = campaigns::update(app.db(), &c.id, CampaignStatus::Active, &input("Edited"), Millis(3))
        .await
        .unwrap();
    assert!(!applied);
    assert_eq!(
        campaigns::get(app.db(), &c.id).await.unwrap().unwrap().title,
        "Original"
    );
}

#[tokio::test]
async fn demo_data_seeds_an_empty_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::fresh_db(dir.path()).await;
    let clock = Clock::default();
    collabdesk::server::demo::seed_if_empty(&db, &clock).await.unwrap();
    let total = users::count(&db).await.unwrap();
    collabdesk::server::demo::seed_if_empty(&db, &clock).await.unwrap();
    assert_eq!(users::count(&db).await.unwrap(), total, "seeding twice adds nothing");

    let creators: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE role = 'creator'")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .get("n");
    assert!(creators >= 42, "{creators}");
    let niches: i64 = sqlx::query("SELECT COUNT(DISTINCT niche) AS n FROM creator_profiles")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .get("n");
    assert!(niches >= 5);
    for (email, role) in [
        ("business@demo.test", "business"),
        ("business2@demo.test", "business"),
        ("creator@demo.test", "creator"),
        ("creator2@demo.test", "creator"),
        ("admin@demo.test", "admin"),
        ("advertiser@demo.test", "advertiser"),
        ("publisher@demo.test", "publisher"),
    ] {
        let row = sqlx::query("SELECT role FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(row.get::<String, _>("role"), role, "{email}");
    }
    let usernames: Vec<String> = sqlx::query(
        "SELECT p.username FROM creator_profiles p JOIN users u ON u.id = p.user_id
         WHERE u.email IN ('creator@demo.test', 'creator2@demo.test') ORDER BY p.username",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get("username"))
    .collect();
    assert_eq!(usernames, ["demo_creator", "demo_creator2"]);
    let org: String = sqlx::query(
        "SELECT o.name FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.email = 'advertiser@demo.test'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .get("name");
    assert_eq!(org, "Demo Advertiser");
    let statuses: Vec<String> = sqlx::query(
        "SELECT DISTINCT c.status FROM campaigns c JOIN users u ON u.id = c.business_id
         WHERE u.email = 'business@demo.test' ORDER BY c.status",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get("status"))
    .collect();
    assert_eq!(statuses, ["active", "closed", "draft"]);
    let active2: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM campaigns c JOIN users u ON u.id = c.business_id
         WHERE u.email = 'business2@demo.test' AND c.status = 'active'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .get("n");
    assert_eq!(active2, 1);
    // and the demo password works
    let (_, hash) = users::credentials(&db, "business@demo.test").await.unwrap().unwrap();
    assert!(
        collabdesk::server::auth::password::verify("collabdesk-demo".into(), Some(hash))
            .await
            .unwrap()
    );
    let _ = DAY;
}
