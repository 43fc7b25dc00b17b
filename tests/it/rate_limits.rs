//! The rate limits in the database (`db::rate_limits`, `auth::rate_limit`): the sign-in budgets as before they
//! moved there (a flood from one address, many addresses guessing one account, one IPv6 subscriber, sign-ups),
//! racing uses never taking more than the budget, and a budget coming back with time (the app's clock).

use crate::common::fresh_db;
use collabdesk::domain::rate::Quota;
use collabdesk::domain::time::{Millis, MINUTE};
use collabdesk::server::auth::rate_limit::SignInLimiter;
use collabdesk::server::db::{rate_limits, Db};
use std::net::IpAddr;

fn ip(s: &str) -> Option<IpAddr> {
    Some(s.parse().unwrap())
}

async fn attempt(l: SignInLimiter, db: &Db, email: &str, client: Option<IpAddr>) -> bool {
    l.attempt(db, email, client, Millis(1_000_000)).await.unwrap().is_ok()
}

#[tokio::test]
async fn a_flood_from_one_address_slows_that_address_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path()).await;
    let l = SignInLimiter::new(10);
    let (attacker, owner) = (ip("203.0.113.9"), ip("198.51.100.7"));
    for _ in 0..10 {
        assert!(attempt(l, &db, "a@x.io", attacker).await);
    }
    let wait = l
        .attempt(&db, "a@x.io", attacker, Millis(1_000_000))
        .await
        .unwrap()
        .unwrap_err();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(
        attempt(l, &db, "a@x.io", owner).await,
        "the owner signs in from elsewhere"
    );
    // the attacker moving on to other accounts is stopped by the per-address budget (50 a minute)
    let mut tried = 0;
    while tried < 100 && attempt(l, &db, &format!("user{tried}@x.io"), attacker).await {
        tried += 1;
    }
    assert_eq!(
        tried, 39,
        "50 attempts a minute from one address, 11 already used (refused ones count)"
    );
}

#[tokio::test]
async fn many_addresses_guessing_one_account_are_stopped_but_not_its_owner() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path()).await;
    let l = SignInLimiter::new(10);
    let owner = ip("198.51.100.7");
    assert!(attempt(l, &db, "a@x.io", owner).await);
    l.signed_in(&db, "a@x.io", owner, Millis(1_000_000)).await.unwrap();
    // 100 attempts a minute on one account from anywhere else (the owner's first one, from an address not yet
    // known, was one of them), then refused
    let mut tried = 0;
    while tried < 500 && attempt(l, &db, "a@x.io", ip(&format!("10.0.{}.{}", tried / 200, tried % 200))).await {
        tried += 1;
    }
    assert_eq!(tried, 99);
    assert!(!attempt(l, &db, "a@x.io", ip("10.9.9.9")).await);
    assert!(
        attempt(l, &db, "a@x.io", owner).await,
        "the owner, where they last signed in, is not held up"
    );
}

#[tokio::test]
async fn one_ipv6_subscriber_is_one_client_and_sign_ups_are_limited_per_address() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path()).await;
    let l = SignInLimiter::new(2);
    assert!(attempt(l, &db, "a@x.io", ip("2001:db8::1")).await);
    assert!(attempt(l, &db, "a@x.io", ip("2001:db8::2")).await);
    assert!(!attempt(l, &db, "a@x.io", ip("2001:db8::3")).await, "the same /64");
    let l = SignInLimiter::new(3);
    let now = Millis(1_000_000);
    for _ in 0..3 {
        assert!(l.sign_up(&db, ip("203.0.113.9"), now).await.unwrap().is_ok());
    }
    let wait = l.sign_up(&db, ip("203.0.113.9"), now).await.unwrap().unwrap_err();
    assert_eq!(wait, 20 * 60, "one sign-up comes back every 20 minutes");
    assert!(l.sign_up(&db, ip("203.0.113.10"), now).await.unwrap().is_ok());
}

#[tokio::test]
async fn racing_uses_never_take_more_than_the_budget_and_it_comes_back_with_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path()).await;
    let quota = Quota::per_minute(10);
    let now = Millis(5 * MINUTE);
    let racers: Vec<_> = (0..40)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move { rate_limits::check(&db, "race", quota, now).await.unwrap().is_ok() })
        })
        .collect();
    let mut allowed = 0;
    for r in racers {
        allowed += r.await.unwrap() as usize;
    }
    assert_eq!(allowed, 10, "exactly the budget, with 40 racing");
    let wait = rate_limits::check(&db, "race", quota, now).await.unwrap().unwrap_err();
    assert_eq!(wait, 6, "one use back every 6 s");
    assert!(rate_limits::check(&db, "race", quota, Millis(now.0 + 5_000))
        .await
        .unwrap()
        .is_err());
    assert!(rate_limits::check(&db, "race", quota, Millis(now.0 + 6_000))
        .await
        .unwrap()
        .is_ok());
    assert!(
        rate_limits::check(&db, "other", quota, now).await.unwrap().is_ok(),
        "keys are independent"
    );
    // a key whose budget is whole again is purged; one still spent is kept
    let purged = rate_limits::purge(&db, Millis(now.0 + 10_000), Millis(0))
        .await
        .unwrap();
    assert_eq!(purged, 1, "`other` is whole again 6 s after its one use");
    assert!(rate_limits::check(&db, "race", quota, Millis(now.0 + 10_000))
        .await
        .unwrap()
        .is_err());
}
