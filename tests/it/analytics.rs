//! Outreach analytics as a business reads them (the server function, the page, the CSV): invitations per week
//! by what happened to them, each campaign's numbers, the funnel, offers per currency; one campaign's; nobody
//! else's. The weekly counts kept by every change equal a count from the invitations themselves. Both engines.

use crate::common::{Client, TestApp};
use collabdesk::api::analytics::MyAnalytics;
use collabdesk::api::campaigns::ChangeCampaignStatus;
use collabdesk::api::invitations::{AcceptInvitation, DeclineInvitation, InviteCreator, WithdrawInvitation};
use collabdesk::api::offers::{AcceptOffer, SendOffer, TopUpWallet};
use collabdesk::domain::account::Role;
use collabdesk::domain::analytics::{week_of, weeks, Analytics, Funnel, WeekEvent, WEEKS_SHOWN};
use collabdesk::domain::ids::UserId;
use collabdesk::domain::invitation::{Invitation, InvitationStatus};
use collabdesk::domain::money::Currency;
use collabdesk::domain::offer::{OfferInput, OfferResult};
use collabdesk::domain::time::HOUR;
use sqlx::Row;

async fn invite(biz: &mut Client, campaign: &str, creator: &UserId) -> Invitation {
    let res = biz
        .call(InviteCreator {
            campaign_id: campaign.into(),
            creator_id: creator.to_string(),
            message: "Would you join us?".into(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

async fn offer(biz: &mut Client, campaign: &str, creator: &str, amount: &str, currency: &str) -> OfferResult {
    let res = biz
        .call(SendOffer {
            offer: OfferInput {
                campaign_id: campaign.into(),
                creator: creator.into(),
                amount: amount.into(),
                currency: currency.into(),
                message: "One reel".into(),
                deadline: "2030-12-31".into(),
            },
            idempotency_key: uuid::Uuid::now_v7().to_string(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

async fn analytics(client: &mut Client, campaign: &str) -> Analytics {
    let res = client
        .call(MyAnalytics {
            campaign: campaign.into(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

/// `invitation_weeks`, in key order.
async fn kept_weeks(app: &TestApp) -> Vec<(String, i64, String, i64)> {
    sqlx::query(
        "SELECT campaign_id, week, event, n FROM invitation_weeks WHERE n <> 0 ORDER BY campaign_id, week, event",
    )
    .fetch_all(&app.db().pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
    .collect()
}

#[tokio::test]
async fn a_business_sees_its_outreach_by_week_by_campaign_and_as_a_funnel() {
    let app = TestApp::new().await;
    let clock = app.state.clock.clone();
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let mut creators = Vec::new();
    for (i, name) in ["Amaka", "Bola", "Chidi", "Dayo", "Efe"].iter().enumerate() {
        let username = format!("{}_{i}", name.to_lowercase());
        let id = app.creator(&format!("{}@example.com", username), &username, name).await;
        creators.push((id, app.sign_in_as(&format!("{}@example.com", username)).await, username));
    }
    let suya = biz
        .create_campaign("Suya Nights", "75000", "active")
        .await
        .id
        .to_string();
    // a title a spreadsheet would run as a formula
    let jollof = biz
        .create_campaign("=Jollof Fest", "50000", "active")
        .await
        .id
        .to_string();
    let theirs = rival
        .create_campaign("Rival Tour", "10000", "active")
        .await
        .id
        .to_string();

    // (week, event) of everything that happens, to compare with what the page says
    let mut happened: Vec<(i64, WeekEvent, i64)> = Vec::new();
    let mut sent = Vec::new();
    for (id, _, _) in &creators[..4] {
        sent.push(invite(&mut biz, &suya, id).await);
        happened.push((week_of(clock.now()), WeekEvent::Sent, 1));
    }
    rival
        .call(InviteCreator {
            campaign_id: theirs.clone(),
            creator_id: creators[0].0.to_string(),
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    // Amaka accepts after 2 h, Bola declines after 4 h, Chidi's is withdrawn, Dayo's lapses
    clock.advance(2 * HOUR);
    let res = creators[0]
        .1
        .call(AcceptInvitation {
            id: sent[0].id.to_string(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    happened.push((week_of(clock.now()), WeekEvent::Accepted, 1));
    clock.advance(2 * HOUR);
    let res = creators[1]
        .1
        .call(DeclineInvitation {
            id: sent[1].id.to_string(),
            reason: "Booked".into(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    happened.push((week_of(clock.now()), WeekEvent::Declined, 1));
    let res = biz
        .call(WithdrawInvitation {
            id: sent[2].id.to_string(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    happened.push((week_of(clock.now()), WeekEvent::Withdrawn, 1));
    clock.advance(15 * 24 * HOUR);
    collabdesk::server::jobs::run_once(app.db(), &clock, 3 * 24 * HOUR).await;
    // (two weeks later: everyone signs in again)
    let mut biz = app.sign_in_as("biz@example.com").await;
    let mut rival = app.sign_in_as("rival@example.com").await;
    let mut amaka = app.sign_in_as("amaka_0@example.com").await;
    happened.push((week_of(sent[3].expires_at), WeekEvent::Expired, 1));
    // Efe is invited to the other campaign, two weeks later
    invite(&mut biz, &jollof, &creators[4].0).await;
    happened.push((week_of(clock.now()), WeekEvent::Sent, 1));

    // offers: two in naira (one accepted), one in dollars
    let (mut admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    admin.top_up("biz@example.com", "100000").await;
    let res = admin
        .call(TopUpWallet {
            business: "biz@example.com".into(),
            amount: "500".into(),
            currency: "USD".into(),
            reason: "card".into(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let first = offer(&mut biz, &suya, "@amaka_0", "20000", "NGN").await;
    offer(&mut biz, &suya, "@bola_1", "30000.50", "NGN").await;
    offer(&mut biz, &suya, "@amaka_0", "100", "USD").await;
    let res = amaka
        .call(AcceptOffer {
            id: first.offer.id.to_string(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);

    let a = analytics(&mut biz, "").await;
    assert_eq!(
        a.weeks,
        weeks(&happened, clock.now(), WEEKS_SHOWN),
        "every event in its week"
    );
    assert_eq!(a.weeks.len(), WEEKS_SHOWN);
    let total = |e: WeekEvent| a.weeks.iter().map(|w| w.get(e)).sum::<i64>();
    assert_eq!(
        WeekEvent::ALL.map(total),
        [5, 1, 1, 1, 1],
        "sent, accepted, declined, expired, withdrawn"
    );
    // newest campaign first
    let titles: Vec<&str> = a.campaigns.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["=Jollof Fest", "Suya Nights"]);
    let s = &a.campaigns[1].stats;
    assert_eq!(
        (s.total, s.pending, s.accepted, s.declined, s.expired, s.withdrawn),
        (4, 0, 1, 1, 1, 1)
    );
    assert_eq!(s.acceptance_rate, Some(50.0));
    // the middle of 2 h and 4 h (the test's clock runs on by milliseconds meanwhile)
    let median = s.median_answer_ms.unwrap();
    assert!((median - 3 * HOUR).abs() < 5_000, "{median}");
    assert_eq!(a.campaigns[1].active, 1);
    assert_eq!(a.campaigns[0].stats.pending, 1);
    assert_eq!(
        a.funnel,
        Funnel {
            invited: 5,
            answered: 2,
            accepted: 1,
            active: 1
        }
    );
    let offers: Vec<(Currency, i64, String, i64, String)> = a
        .offers
        .iter()
        .map(|o| {
            (
                o.currency,
                o.sent,
                o.sent_amount.to_string(),
                o.accepted,
                o.accepted_amount.to_string(),
            )
        })
        .collect();
    assert_eq!(
        offers,
        [
            (Currency::NGN, 2, "₦50,000.50".to_string(), 1, "₦20,000.00".to_string()),
            (Currency::USD, 1, "$100.00".to_string(), 0, "$0.00".to_string()),
        ]
    );

    // one campaign: its own numbers only
    let one = analytics(&mut biz, &jollof).await;
    assert_eq!(one.campaigns.len(), 1);
    assert_eq!(one.funnel.invited, 1);
    assert!(one.offers.is_empty());
    assert_eq!(one.weeks.iter().map(|w| w.get(WeekEvent::Sent)).sum::<i64>(), 1);

    // an application that left the accepted state is not active (no page does this yet; the count must hold)
    let set = |status: &'static str| {
        sqlx::query("UPDATE campaign_applications SET status = $1 WHERE invitation_id = $2")
            .bind(status)
            .bind(sent[0].id.to_string())
    };
    set("withdrawn").execute(&app.db().pool).await.unwrap();
    assert_eq!(analytics(&mut biz, "").await.funnel.active, 0);
    set("accepted").execute(&app.db().pool).await.unwrap();
    assert_eq!(analytics(&mut biz, "").await.funnel.active, 1);
    // a campaign that closes has nobody active on it any more, and its lapsed invitations are not offered
    // for resending
    assert!(biz.get(&format!("/campaigns/{suya}")).await.body.contains(">Resend<"));
    let res = biz
        .call(ChangeCampaignStatus {
            id: suya.clone(),
            action: "close".into(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(analytics(&mut biz, "").await.funnel.active, 0);
    assert!(!biz.get(&format!("/campaigns/{suya}")).await.body.contains(">Resend<"));

    // nobody else's: the rival sees only its own; another's campaign, a creator, a stranger are refused
    let r = analytics(&mut rival, "").await;
    assert_eq!(r.funnel.invited, 1);
    assert_eq!(r.campaigns.len(), 1);
    assert!(r.offers.is_empty());
    assert_eq!(rival.call(MyAnalytics { campaign: suya.clone() }).await.status, 404);
    assert_eq!(
        biz.call(MyAnalytics {
            campaign: "not-an-id".into()
        })
        .await
        .status,
        404
    );
    assert_eq!(
        amaka
            .call(MyAnalytics {
                campaign: String::new()
            })
            .await
            .status,
        403
    );
    assert_eq!(
        app.client()
            .call(MyAnalytics {
                campaign: String::new()
            })
            .await
            .status,
        401
    );

    // what the changes kept equals a count from the invitations themselves (no resends here)
    let kept = kept_weeks(&app).await;
    collabdesk::server::db::invitations::recount(app.db()).await.unwrap();
    assert_eq!(kept, kept_weeks(&app).await);
    assert!(kept.len() >= 6, "{kept:?}");
}

#[tokio::test]
async fn the_numbers_download_as_csv_for_their_business_only() {
    let app = TestApp::new().await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (mut rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let cat = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let mut creator = app.sign_in_as("cat@example.com").await;
    let campaign = biz
        .create_campaign("=Jollof Fest", "50000", "active")
        .await
        .id
        .to_string();
    let inv = invite(&mut biz, &campaign, &cat).await;
    assert_eq!(
        creator
            .call(AcceptInvitation { id: inv.id.to_string() })
            .await
            .json::<Invitation>()
            .status,
        InvitationStatus::Accepted
    );

    let res = biz.get("/analytics/export.csv").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.headers["content-type"], "text/csv; charset=utf-8");
    assert!(res.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("collabdesk-analytics.csv"));
    let lines: Vec<&str> = res.body.lines().collect();
    assert_eq!(lines[0], "week_starting,sent,accepted,declined,expired,withdrawn");
    assert_eq!(lines.len(), 1 + WEEKS_SHOWN + 1 + 2 + 1 + 1 + 1 + 5, "{}", res.body);
    let this_week = lines[WEEKS_SHOWN];
    assert!(
        this_week.ends_with(",1,1,0,0,0"),
        "sent and accepted this week: {this_week}"
    );
    // the title is text, not a formula; no answer time is 0 h here (answered at once)
    assert!(
        res.body.contains("\n'=Jollof Fest,1,0,1,0,0,0,1,100.0,0.0\n"),
        "{}",
        res.body
    );
    assert!(res.body.contains(
        "\nfunnel_step,count,percent_of_invited\ninvited,1,100\nanswered,1,100\naccepted,1,100\nactive,1,100\n"
    ));
    // one campaign; another's refused; a creator and a stranger refused
    assert_eq!(
        biz.get(&format!("/analytics/export.csv?campaign={campaign}"))
            .await
            .status,
        200
    );
    assert_eq!(
        rival
            .get(&format!("/analytics/export.csv?campaign={campaign}"))
            .await
            .status,
        404
    );
    let theirs = rival.get("/analytics/export.csv").await;
    assert!(!theirs.body.contains("Jollof"), "{}", theirs.body);
    assert_eq!(creator.get("/analytics/export.csv").await.status, 403);
    assert_eq!(app.client().get("/analytics/export.csv").await.status, 401);
}

#[tokio::test]
async fn the_analytics_page_draws_its_charts_on_the_server_with_the_numbers_beside_them() {
    let app = TestApp::new().await;
    let (mut biz, _) = app.signed_in("biz@example.com", Role::Business).await;
    let cat = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let mut creator = app.sign_in_as("cat@example.com").await;
    let res = biz.get("/analytics").await;
    assert_eq!(res.status, 200);
    assert!(
        res.body.contains("No outreach yet"),
        "an empty business is told what to do"
    );
    let campaign = biz
        .create_campaign("Suya Nights", "75000", "active")
        .await
        .id
        .to_string();
    invite(&mut biz, &campaign, &cat).await;

    let page = biz.get("/analytics").await;
    assert_eq!(page.status, 200);
    for needle in [
        "<title id=\"chart-sent-title\">Invitations sent per week</title>",
        "role=\"img\"",
        "data-testid=\"weeks-table\"",
        "data-testid=\"funnel-table\"",
        "Suya Nights",
        "href=\"/analytics/export.csv\"",
    ] {
        assert!(page.body.contains(needle), "{needle} on the page");
    }
    let main = &page.body[page.body.find("<main").unwrap()..page.body.find("</main>").unwrap()];
    assert!(
        !main.contains("<leptos-island"),
        "no island in the page's content: nothing to hydrate"
    );
    // the campaign page's summary of the same
    let page = biz.get(&format!("/campaigns/{campaign}")).await;
    assert!(page.body.contains("data-testid=\"outreach-summary\""));
    assert!(page.body.contains("data-testid=\"chart-funnel\""));
    // a creator is not let in
    let res = creator.get("/analytics").await;
    assert_ne!(res.status, 200);
    assert!(!res.body.contains("weeks-table"));
}
