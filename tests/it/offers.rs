//! Paid offers and wallets (seed S2) through the HTTP API, on both engines. After every scenario each wallet's
//! balance must equal the sum of its ledger and never be negative.

use crate::common::{Client, TestApp};
use collabdesk::api::campaigns::ChangeCampaignStatus;
use collabdesk::api::invitations::MyActiveCampaigns;
use collabdesk::api::offers::{
    AcceptOffer, DeclineOffer, MyOffers, MyWallet, SendOffer, SentOffers, TopUpWallet, WithdrawOffer,
};
use collabdesk::api::offers::{OfferPage, WalletView};
use collabdesk::domain::account::Role;
use collabdesk::domain::campaign::Campaign;
use collabdesk::domain::ids::UserId;
use collabdesk::domain::money::{Currency, Money};
use collabdesk::domain::offer::{OfferInput, OfferResult, OfferStatus, OFFER_EXPIRES_AFTER};
use collabdesk::error::AppError;
use sqlx::Row;

struct World {
    app: TestApp,
    business: Client,
    business_id: UserId,
    rival: Client,
    admin: Client,
    creator: Client,
    other_creator: Client,
    campaign: Campaign,
}

async fn world() -> World {
    let app = TestApp::with_config(|c| c.session_absolute_minutes = 60 * 24 * 60).await;
    let (mut business, business_id) = app.signed_in("biz@example.com", Role::Business).await;
    let (rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    app.creator("dan@example.com", "dan_dances", "Dan Dances").await;
    let creator = app.sign_in_as("cat@example.com").await;
    let other_creator = app.sign_in_as("dan@example.com").await;
    let campaign = business.create_campaign("Jollof Week", "500000", "active").await;
    // a partner endpoint, so offer events are queued for it
    app.partner_endpoint("http://127.0.0.1:9/hooks").await;
    World {
        campaign,
        app,
        business,
        business_id,
        rival,
        admin,
        creator,
        other_creator,
    }
}

async fn top_up(w: &mut World, amount: &str) {
    let res = w
        .admin
        .call(TopUpWallet {
            business: "biz@example.com".into(),
            amount: amount.to_string(),
            currency: "NGN".into(),
            reason: "bank transfer 0042".into(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

fn offer_form(campaign: &str, creator: &str, amount: &str, key: &str) -> SendOffer {
    SendOffer {
        offer: OfferInput {
            campaign_id: campaign.into(),
            creator: creator.into(),
            amount: amount.into(),
            currency: "NGN".into(),
            message: "Two reels about our jollof, please".into(),
            deadline: "2030-12-31".into(),
        },
        idempotency_key: key.into(),
        template_id: String::new(),
    }
}

async fn send(w: &mut World, amount: &str, key: &str) -> crate::common::Resp {
    let id = w.campaign.id.to_string();
    w.business.call(offer_form(&id, "@cat_cooks", amount, key)).await
}

/// One of the offer actions that take only the offer's id, by its function name.
async fn act_on(client: &mut Client, function: &str, id: &str) -> crate::common::Resp {
    let id = id.to_string();
    match function {
        "accept_offer" => client.call(AcceptOffer { id }).await,
        "withdraw_offer" => client.call(WithdrawOffer { id }).await,
        "decline_offer" => {
            client
                .call(DeclineOffer {
                    id,
                    reason: String::new(),
                })
                .await
        }
        other => panic!("no offer action {other}"),
    }
}

async fn balance(w: &World) -> i64 {
    collabdesk::server::db::wallets::of_business(w.app.db(), &w.business_id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.balance.currency == Currency::NGN)
        .map(|b| b.balance.minor)
        .unwrap_or(0)
}

async fn count(w: &World, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

/// (offers, ledger entries, outbox rows)
async fn footprint(w: &World) -> (i64, i64, i64) {
    (
        count(w, "SELECT COUNT(*) FROM offers").await,
        count(w, "SELECT COUNT(*) FROM wallet_ledger").await,
        count(w, "SELECT COUNT(*) FROM outbox").await,
    )
}

#[tokio::test]
async fn sending_debits_the_wallet_and_queues_the_partner_event_and_email_together() {
    let mut w = world().await;
    top_up(&mut w, "100,000").await;
    let res = send(&mut w, "75000", "k-1").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let r: OfferResult = res.json();
    assert_eq!(r.offer.amount.to_string(), "₦75,000.00");
    assert_eq!(r.offer.status, OfferStatus::Pending);
    assert!(!r.replayed);
    assert!(
        !r.sync.synced && r.sync.retry_queued,
        "queued, not yet delivered: {:?}",
        r.sync
    );
    assert_eq!(balance(&w).await, 2_500_000);
    let queued: Vec<(String, String)> = sqlx::query("SELECT channel, event_type FROM outbox WHERE subject_id = $1")
        .bind(r.offer.id.as_str())
        .fetch_all(&w.app.db().pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert!(queued.contains(&("webhook".into(), "offer_sent".into())), "{queued:?}");
    assert!(queued.contains(&("email".into(), "email".into())), "{queued:?}");

    // the creator sees it under Offers; the business sees it with its sync state
    let page: OfferPage = w.creator.call(MyOffers { after: String::new() }).await.json();
    assert_eq!(page.offers.len(), 1);
    assert_eq!(page.offers[0].offer.business_name, "Business user");
    assert!(
        page.offers[0].sync.is_none(),
        "creators are not shown partner internals"
    );
    let sent: OfferPage = w.business.call(SentOffers { after: String::new() }).await.json();
    assert!(sent.offers[0].sync.is_some());
    let none: OfferPage = w.other_creator.call(MyOffers { after: String::new() }).await.json();
    assert!(none.offers.is_empty());

    // the wallet page shows both entries with who and why
    let wallet: WalletView = w.business.call(MyWallet {}).await.json();
    assert_eq!(wallet.balances[0].balance.to_string(), "₦25,000.00");
    let lines: Vec<String> = wallet.ledger.iter().map(|e| e.describe()).collect();
    assert_eq!(lines[0], "Offer sent (to @cat_cooks)");
    assert_eq!(lines[1], "Top up by Admin user: bank transfer 0042");
    w.app.assert_wallets_consistent().await;
}

#[tokio::test]
async fn insufficient_balance_is_refused_with_the_balance_and_changes_nothing() {
    let mut w = world().await;
    top_up(&mut w, "5000").await;
    let before = footprint(&w).await;
    let res = send(&mut w, "75000", "k-1").await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(
        res.error().to_string(),
        "Insufficient balance: your NGN wallet has ₦5,000.00, and this needs ₦75,000.00."
    );
    assert_eq!(
        footprint(&w).await,
        before,
        "no offer, no ledger entry, no partner event"
    );
    assert_eq!(balance(&w).await, 500_000);
    // a business without any wallet is told it has nothing
    let rival_campaign = w.rival.create_campaign("Rival", "1000", "active").await.id.to_string();
    let res = w
        .rival
        .call(offer_form(&rival_campaign, "cat_cooks", "10", "r-1"))
        .await;
    assert_eq!(res.status, 409);
    assert!(res.error().to_string().contains("has ₦0.00"), "{}", res.body);
    w.app.assert_wallets_consistent().await;
}

#[tokio::test]
async fn the_same_idempotency_key_never_debits_twice() {
    let mut w = world().await;
    top_up(&mut w, "200000").await;
    let first: OfferResult = send(&mut w, "75000", "double-click").await.json();
    let again = send(&mut w, "75000", "double-click").await;
    assert_eq!(again.status, 200, "{}", again.body);
    let again: OfferResult = again.json();
    assert!(again.replayed);
    assert_eq!(again.offer.id, first.offer.id);
    assert_eq!(balance(&w).await, 12_500_000);
    assert_eq!(count(&w, "SELECT COUNT(*) FROM offers").await, 1);

    // the header wins over the form field
    let id = w.campaign.id.to_string();
    let form = offer_form(&id, "cat_cooks", "75000", "ignored");
    let res = w.business.call_with(form, &[("Idempotency-Key", "double-click")]).await;
    assert!(res.json::<OfferResult>().replayed);

    // the same key for a different offer is a clear conflict, and nothing moves
    let res = send(&mut w, "80000", "double-click").await;
    assert_eq!(res.status, 409);
    assert!(res.error().to_string().contains("already used for a different offer"));
    assert_eq!(balance(&w).await, 12_500_000);

    // racing retries with one key: one offer, one debit
    let mut a = w.business.clone();
    let mut b = w.business.clone();
    let form = offer_form(&id, "cat_cooks", "10000", "race");
    let (ra, rb) = tokio::join!(a.call(form.clone()), b.call(form));
    assert_eq!((ra.status, rb.status), (200, 200), "{} / {}", ra.body, rb.body);
    assert_eq!(ra.json::<OfferResult>().offer.id, rb.json::<OfferResult>().offer.id);
    assert_eq!(count(&w, "SELECT COUNT(*) FROM offers").await, 2);
    assert_eq!(balance(&w).await, 11_500_000);
    w.app.assert_wallets_consistent().await;
}

#[tokio::test]
async fn racing_sends_never_overdraw() {
    let mut w = world().await;
    top_up(&mut w, "100000").await;
    let id = w.campaign.id.to_string();
    let mut calls = Vec::new();
    for i in 0..8 {
        let mut c = w.business.clone();
        let id = id.clone();
        calls.push(tokio::spawn(async move {
            let key = format!("parallel-{i}");
            c.call(offer_form(&id, "cat_cooks", "30000", &key)).await.status
        }));
    }
    let mut statuses = Vec::new();
    for c in calls {
        statuses.push(c.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, vec![200, 200, 200, 409, 409, 409, 409, 409]);
    assert_eq!(balance(&w).await, 1_000_000);
    w.app.assert_wallets_consistent().await;
}

#[tokio::test]
async fn accept_decline_withdraw_and_expiry_move_money_exactly_once() {
    let mut w = world().await;
    top_up(&mut w, "400000").await;
    let accepted: OfferResult = send(&mut w, "100000", "a").await.json();
    let declined: OfferResult = send(&mut w, "100000", "b").await.json();
    let withdrawn: OfferResult = send(&mut w, "100000", "c").await.json();
    let lapsing: OfferResult = send(&mut w, "50000", "d").await.json();
    assert_eq!(balance(&w).await, 5_000_000);

    let res = w
        .creator
        .call(AcceptOffer {
            id: accepted.offer.id.to_string(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json::<OfferResult>().offer.status, OfferStatus::Accepted);
    assert_eq!(balance(&w).await, 5_000_000, "an accepted offer stays paid");
    // the creator now works on the campaign
    let active: collabdesk::api::invitations::ActivePage =
        w.creator.call(MyActiveCampaigns { after: String::new() }).await.json();
    assert_eq!(active.campaigns[0].title, "Jollof Week");

    let res = w
        .creator
        .call(DeclineOffer {
            id: declined.offer.id.to_string(),
            reason: "Booked that week".into(),
        })
        .await;
    let d: OfferResult = res.json();
    assert_eq!(d.offer.status, OfferStatus::Declined);
    assert_eq!(d.offer.decline_reason.as_deref(), Some("Booked that week"));
    assert_eq!(balance(&w).await, 15_000_000, "declining refunds");

    let res = w
        .business
        .call(WithdrawOffer {
            id: withdrawn.offer.id.to_string(),
        })
        .await;
    assert_eq!(res.json::<OfferResult>().offer.status, OfferStatus::Withdrawn);
    assert_eq!(balance(&w).await, 25_000_000, "withdrawing refunds");

    // a second answer is refused and refunds nothing more
    let res = w
        .business
        .call(WithdrawOffer {
            id: withdrawn.offer.id.to_string(),
        })
        .await;
    assert_eq!(res.status, 409);
    assert_eq!(res.error().to_string(), "This offer was already withdrawn.");
    let res = w
        .creator
        .call(AcceptOffer {
            id: declined.offer.id.to_string(),
        })
        .await;
    assert_eq!(res.status, 409);
    assert_eq!(balance(&w).await, 25_000_000);

    // expiry: reads show it expired at once; the job (or opening the wallet) refunds it, once
    w.app.state.clock.advance(OFFER_EXPIRES_AFTER + 1);
    let res = w
        .creator
        .call(AcceptOffer {
            id: lapsing.offer.id.to_string(),
        })
        .await;
    assert_eq!(res.status, 409);
    assert_eq!(res.error().to_string(), "This offer was already expired.");
    let wallet: WalletView = w.business.call(MyWallet {}).await.json();
    assert_eq!(wallet.balances[0].balance, Money::new(30_000_000, Currency::NGN));
    let n = collabdesk::server::db::offers::expire_overdue(w.app.db(), w.app.state.clock.now(), None)
        .await
        .unwrap();
    assert_eq!(n, 0, "already expired and refunded");
    assert_eq!(balance(&w).await, 30_000_000);
    assert_eq!(
        count(&w, "SELECT COUNT(*) FROM wallet_ledger WHERE kind = 'offer_refund'").await,
        3
    );
    let events: Vec<String> =
        sqlx::query("SELECT event_type FROM outbox WHERE channel = 'webhook' ORDER BY created_at, id")
            .fetch_all(&w.app.db().pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .filter(|e: &String| e.starts_with("offer_"))
            .collect();
    for e in [
        "offer_sent",
        "offer_accepted",
        "offer_declined",
        "offer_withdrawn",
        "offer_expired",
    ] {
        assert!(events.iter().any(|x| x == e), "{e} missing from {events:?}");
    }
    w.app.assert_wallets_consistent().await;
}

#[tokio::test]
async fn only_the_parties_may_act_and_only_admins_top_up() {
    let mut w = world().await;
    top_up(&mut w, "100000").await;
    let o: OfferResult = send(&mut w, "10000", "x").await.json();
    let id = o.offer.id.to_string();
    let before = (footprint(&w).await, balance(&w).await);
    let cases: Vec<(&str, &mut Client, &str, u16)> = vec![
        ("another creator accepts", &mut w.other_creator, "accept_offer", 404),
        ("another business withdraws", &mut w.rival, "withdraw_offer", 404),
        (
            "the business accepts its own offer",
            &mut w.business,
            "accept_offer",
            403,
        ),
        ("the creator withdraws", &mut w.creator, "withdraw_offer", 403),
        ("an admin declines", &mut w.admin, "decline_offer", 404),
    ];
    for (what, client, function, want) in cases {
        let res = act_on(client, function, &id).await;
        assert_eq!(res.status, want, "{what}: {}", res.body);
    }
    let mut anonymous = w.app.client();
    assert_eq!(anonymous.call(AcceptOffer { id: id.to_string() }).await.status, 401);
    assert_eq!(anonymous.call(MyWallet {}).await.status, 401);
    let form = offer_form(w.campaign.id.as_str(), "cat_cooks", "10", "y");
    assert_eq!(w.creator.call(form.clone()).await.status, 403);
    assert_eq!(w.creator.call(MyWallet {}).await.status, 403);
    assert_eq!(w.business.call(MyOffers { after: String::new() }).await.status, 403);
    // another business cannot spend from a campaign that is not theirs
    let res = w.rival.call(form).await;
    assert_eq!(res.status, 404, "{}", res.body);
    // top-ups: admins only, a business only, with a reason
    let top = TopUpWallet {
        business: "biz@example.com".into(),
        amount: "1000".into(),
        currency: String::new(),
        reason: "gift".into(),
    };
    assert_eq!(w.business.call(top).await.status, 403);
    let res = w
        .admin
        .call(TopUpWallet {
            business: "cat@example.com".into(),
            amount: "1000".into(),
            currency: String::new(),
            reason: "x".into(),
        })
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.error().field_message("business").as_deref(),
        Some("Only a business account has a wallet.")
    );
    let res = w
        .admin
        .call(TopUpWallet {
            business: "biz@example.com".into(),
            amount: "-5".into(),
            currency: String::new(),
            reason: String::new(),
        })
        .await;
    let e = res.error();
    assert!(
        e.field_message("amount").is_some() && e.field_message("reason").is_some(),
        "{e:?}"
    );
    assert_eq!((footprint(&w).await, balance(&w).await), before, "nothing changed");
    w.app.assert_wallets_consistent().await;
}

#[tokio::test]
async fn bad_offers_get_specific_errors_and_change_nothing() {
    let mut w = world().await;
    top_up(&mut w, "100000").await;
    let initial = (footprint(&w).await, balance(&w).await);
    let id = w.campaign.id.to_string();
    let long = "x".repeat(501);
    type Case<'a> = (SendOffer, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            offer_form(&id, "cat_cooks", "0", "1"),
            "amount",
            "Offer more than zero.",
        ),
        (
            offer_form(&id, "cat_cooks", "-5", "2"),
            "amount",
            "The amount cannot be negative.",
        ),
        (
            offer_form(&id, "nobody_here", "10", "3"),
            "creator",
            "No creator is called @nobody_here.",
        ),
        (
            offer_form(&id, "", "10", "4"),
            "creator",
            "Enter the creator's @username.",
        ),
        (
            offer_form("not-an-id", "cat_cooks", "10", "5"),
            "campaign_id",
            "Choose a campaign.",
        ),
        // no key: a form posted twice could not be told from two offers
        (
            offer_form(&id, "cat_cooks", "10", " "),
            "idempotency_key",
            "This form is out of date: reload the page and send the offer again (nothing was sent).",
        ),
    ];
    for (form, field, message) in cases {
        let res = w.business.call(form).await;
        assert_eq!(res.status, 422, "{field}: {}", res.body);
        assert_eq!(
            res.error().field_message(field).as_deref(),
            Some(message),
            "{}",
            res.body
        );
    }
    let mut form = offer_form(&id, "cat_cooks", "10", "6");
    form.offer.message = long;
    form.offer.deadline = "2001-01-01".into();
    form.offer.currency = "XYZ".into();
    let e = w.business.call(form).await.error();
    for field in ["message", "deadline", "currency"] {
        assert!(e.field_message(field).is_some(), "{field}: {e:?}");
    }
    assert_eq!((footprint(&w).await, balance(&w).await), initial, "nothing changed");
    // a closed campaign takes no offers
    let res = w
        .business
        .call(ChangeCampaignStatus {
            id: id.to_string(),
            action: "close".into(),
        })
        .await;
    assert_eq!(res.status, 200);
    let before = (footprint(&w).await, balance(&w).await);
    let res = send(&mut w, "10", "7").await;
    assert_eq!(res.status, 409);
    assert!(matches!(res.error(), AppError::Conflict(m) if m.contains("only an active campaign can take offers")));
    assert_eq!((footprint(&w).await, balance(&w).await), before, "nothing changed");
    w.app.assert_wallets_consistent().await;
}

/// A crash between any two statements of sending an offer leaves both the debit and the offer, or neither.
#[tokio::test]
async fn a_crash_between_any_statements_of_a_send_leaves_all_or_nothing() {
    let mut w = world().await;
    top_up(&mut w, "100000").await;
    let scenario = fail::FailScenario::setup();
    for point in [
        "offer_send:inserted",
        "offer_send:debited",
        "offer_send:event",
        "offer_send:announced",
    ] {
        let before = (footprint(&w).await, balance(&w).await);
        fail::cfg(point, "return").unwrap();
        let res = send(&mut w, "10000", point).await;
        fail::remove(point);
        assert_eq!(res.status, 500, "{point}: {}", res.body);
        assert_eq!(
            res.error().to_string(),
            AppError::Internal.to_string(),
            "no internal detail is shown"
        );
        assert_eq!(
            (footprint(&w).await, balance(&w).await),
            before,
            "{point}: partly written"
        );
        w.app.assert_wallets_consistent().await;
        // the retry (same key) then goes through once
        let res = send(&mut w, "10000", point).await;
        assert_eq!(res.status, 200, "{point}: {}", res.body);
        assert!(!res.json::<OfferResult>().replayed);
    }
    scenario.teardown();
    assert_eq!(balance(&w).await, 6_000_000);
    assert_eq!(count(&w, "SELECT COUNT(*) FROM offers").await, 4);
    w.app.assert_wallets_consistent().await;
}

#[tokio::test]
async fn the_ledger_cannot_be_bypassed() {
    let w = world().await;
    // the database itself refuses a negative balance, whatever the code does
    let res = sqlx::query(
        "INSERT INTO wallets (id, business_id, currency, balance_minor, updated_at) VALUES ('w1', $1, 'USD', -1, 0)",
    )
    .bind(w.business_id.as_str())
    .execute(&w.app.db().pool)
    .await;
    assert!(res.is_err(), "negative balance stored");
    // and an offer can only be refunded once
    let mut w = w;
    top_up(&mut w, "1000").await;
    let o: OfferResult = send(&mut w, "100", "once").await.json();
    let refund = || async {
        let mut tx = w.app.db().pool.begin().await.unwrap();
        let moved = collabdesk::server::db::wallets::move_in(
            &mut tx,
            &w.business_id,
            Money::new(10_000, Currency::NGN),
            collabdesk::server::db::wallets::Entry {
                kind: collabdesk::domain::offer::LedgerKind::OfferRefund,
                offer: Some(&o.offer.id),
                actor: None,
                note: None,
            },
            collabdesk::domain::time::Millis(0),
        )
        .await;
        if moved.is_ok() {
            tx.commit().await.unwrap();
        }
        moved
    };
    assert!(refund().await.is_ok());
    let again = refund().await;
    assert_eq!(again.unwrap_err().to_string(), "This offer's money was already moved.");
    assert_eq!(balance(&w).await, 100_000, "the failed second refund moved nothing");
    w.app.assert_wallets_consistent().await;
}

/// Seed S2's usage guide: "Click Send Offer on creator profile". The profile carries the offer form with the
/// creator filled in (no creator field to get wrong); a post from it (JavaScript off) comes back to the
/// profile with its toast, and a refused one with the dialog open and the reason.
#[tokio::test]
async fn an_offer_sent_from_a_creators_profile_is_for_that_creator_and_comes_back_there() {
    let app = TestApp::new().await;
    let (mut business, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let campaign = business.create_campaign("Jollof Week", "500000", "active").await;
    admin.top_up("biz@example.com", "100000").await;

    let profile = business.get("/creators/cat_cooks").await;
    assert_eq!(profile.status, 200);
    assert!(profile.body.contains("Send Offer"), "the profile has Send Offer");
    assert!(profile.body.contains("Send an offer to @cat_cooks"));
    assert!(
        profile.body.contains(r#"name="offer[creator]" value="cat_cooks""#),
        "the creator is filled in"
    );
    assert!(!dialog_open(&profile.body, "send-offer"));
    let key = profile.form_key();
    let id = campaign.id.to_string();
    let poster = business.clone();
    let post = |amount: &'static str| {
        let mut client = poster.clone();
        let (key, id) = (key.clone(), id.clone());
        async move {
            let fields = [
                ("idempotency_key", key.as_str()),
                ("offer[campaign_id]", id.as_str()),
                ("offer[creator]", "cat_cooks"),
                ("offer[amount]", amount),
                ("offer[currency]", "NGN"),
                ("offer[deadline]", "2030-12-31"),
                ("offer[message]", ""),
            ];
            client.post_form::<SendOffer>(&fields, "/creators/cat_cooks").await
        }
    };
    // more than the wallet holds: back on the profile, the dialog open, the reason and the values kept
    let res = post("250000").await;
    assert_eq!(res.headers["location"], "/creators/cat_cooks", "{}", res.body);
    let page = business.get("/creators/cat_cooks").await;
    assert!(dialog_open(&page.body, "send-offer"), "the dialog is open again");
    assert!(page.body.contains("250000"), "the amount typed is kept");
    assert!(page.body.contains("balance"), "the reason (the balance) is said");
    // within the balance: sent, to that creator, and the toast on the profile
    let res = post("30000").await;
    assert_eq!(res.headers["location"], "/creators/cat_cooks");
    let page = business.get("/creators/cat_cooks").await;
    assert!(page.body.contains("sent to @cat_cooks"), "the toast says so");
    let sent: Vec<(String, i64)> =
        sqlx::query_as("SELECT u.email, o.amount_minor FROM offers o JOIN users u ON u.id = o.creator_id")
            .fetch_all(&app.db().pool)
            .await
            .unwrap();
    assert_eq!(sent, vec![("cat@example.com".to_string(), 3_000_000)]);
}

/// Whether the page shows the dialog `id` open.
fn dialog_open(page: &str, id: &str) -> bool {
    let at = page.find(&format!(r#"<details id="{id}""#)).expect("the dialog");
    let tag = &page[at..at + page[at..].find('>').unwrap()];
    tag.split_whitespace().any(|a| a == "open")
}

/// A pending offer reminds its creator once, 3 days before it lapses (in-app and by e-mail); one whose
/// deadline comes sooner than that after sending is never reminded.
#[tokio::test]
async fn a_pending_offer_reminds_its_creator_once_unless_it_was_short_from_the_start() {
    let mut w = world().await;
    top_up(&mut w, "200000").await;
    let long: OfferResult = send(&mut w, "30000", "remind-long").await.json();
    // a deadline two days away: the offer lapses then, too soon for a reminder
    let soon = w.app.state.clock.now().plus(2 * collabdesk::domain::time::DAY).date();
    let mut short = offer_form(&w.campaign.id.to_string(), "@dan_dances", "10000", "remind-short");
    short.offer.deadline = soon;
    let res = w.business.call(short).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let short: OfferResult = res.json();
    let app = &w.app;
    let lead = app.state.config.reminder_lead_ms;
    let reminders = |offer: &str| {
        let offer = offer.to_string();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM notifications n JOIN offers o ON o.creator_id = n.user_id
                 WHERE n.kind = 'offer_reminder' AND o.id = $1",
            )
            .bind(offer)
            .fetch_one(&app.db().pool)
            .await
            .unwrap()
        }
    };
    let emails = |offer: &str| {
        let offer = offer.to_string();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND subject_id = $1")
                .bind(offer)
                .fetch_one(&app.db().pool)
                .await
                .unwrap()
        }
    };
    let sent_emails = emails(long.offer.id.as_str()).await;
    for _ in 0..2 {
        app.state.clock.advance(collabdesk::domain::time::DAY);
        collabdesk::server::jobs::run_once(app.db(), &app.state.clock, lead).await;
    }
    assert_eq!(
        reminders(short.offer.id.as_str()).await,
        0,
        "never for an offer that was short from the start"
    );
    assert_eq!(reminders(long.offer.id.as_str()).await, 0, "not yet");
    app.state.clock.advance(9 * collabdesk::domain::time::DAY);
    let (a, b) = tokio::join!(
        collabdesk::server::jobs::run_once(app.db(), &app.state.clock, lead),
        collabdesk::server::jobs::run_once(app.db(), &app.state.clock, lead)
    );
    let _ = (a, b);
    collabdesk::server::jobs::run_once(app.db(), &app.state.clock, lead).await;
    assert_eq!(reminders(long.offer.id.as_str()).await, 1, "once");
    assert_eq!(emails(long.offer.id.as_str()).await, sent_emails + 1, "and one e-mail");
    let title: String = sqlx::query_scalar("SELECT title FROM notifications WHERE kind = 'offer_reminder'")
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert!(title.starts_with("Your offer of ₦30,000.00 from"), "{title}");
}
