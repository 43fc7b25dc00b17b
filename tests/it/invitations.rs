//! Invitations end to end through the HTTP API, plus the database rules behind them. Both engines.

use crate::common::{Client, TestApp};
use collabdesk::api::campaigns::ChangeCampaignStatus;
use collabdesk::api::creators::SearchCreators;
use collabdesk::api::invitations::{
    AcceptInvitation, CampaignInvitations, DeclineInvitation, GetInvitation, InviteCreator, InviteCreators,
    MyActiveCampaigns, MyInvitations, ResendInvitation, WithdrawInvitation,
};
use collabdesk::api::invitations::{BulkInviteReport, CampaignInvitationsView, InvitationPage};
use collabdesk::api::notifications::MyNotifications;
use collabdesk::domain::account::Role;
use collabdesk::domain::campaign::Campaign;
use collabdesk::domain::ids::UserId;
use collabdesk::domain::invitation::{Invitation, InvitationStatus, EXPIRES_AFTER};
use collabdesk::domain::time::{Millis, DAY, HOUR};
use collabdesk::error::AppError;
use collabdesk::server::db::invitations as store;
use sqlx::Row;

struct World {
    app: TestApp,
    business: Client,
    rival: Client,
    creator: Client,
    creator_id: UserId,
    other_creator: Client,
    other_creator_id: UserId,
    campaign: Campaign,
}

async fn campaign(client: &mut Client, title: &str, status: &str) -> Campaign {
    client.create_campaign(title, "75000", status).await
}

async fn world() -> World {
    // these tests move the clock by weeks: keep sessions alive across that
    let app = TestApp::with_config(|c| c.session_absolute_minutes = 60 * 24 * 60).await;
    let (mut business, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let creator_id = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let other_creator_id = app.creator("dan@example.com", "dan_dances", "Dan Dances").await;
    let creator = app.sign_in_as("cat@example.com").await;
    let other_creator = app.sign_in_as("dan@example.com").await;
    let campaign = campaign(&mut business, "Jollof Week", "active").await;
    World {
        app,
        business,
        rival,
        creator,
        creator_id,
        other_creator,
        other_creator_id,
        campaign,
    }
}

/// A creator search for `q`, no other filter, first page.
fn search(q: &str) -> SearchCreators {
    SearchCreators {
        q: q.into(),
        niche: String::new(),
        platform: String::new(),
        min_followers: String::new(),
        sort: String::new(),
        after: String::new(),
    }
}

async fn invite(w: &mut World, creator: &UserId, message: &str) -> Invitation {
    let res = w
        .business
        .call(InviteCreator {
            campaign_id: w.campaign.id.to_string(),
            creator_id: creator.to_string(),
            message: message.to_string(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&app.db().pool)
        .await
        .unwrap()
        .get::<i64, _>(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invite_then_accept_creates_the_application_and_notifies() {
    let mut w = world().await;
    let cid = w.creator_id.clone();
    let inv = invite(&mut w, &cid, "We love your food reviews!").await;
    assert_eq!(inv.status, InvitationStatus::Pending);
    assert_eq!(inv.expires_at.0 - inv.invited_at.0, EXPIRES_AFTER);

    // the creator sees it, with a notification
    let page: InvitationPage = w.creator.call(MyInvitations { after: String::new() }).await.json();
    assert_eq!(page.invitations.len(), 1);
    assert_eq!(page.invitations[0].message, "We love your food reviews!");
    assert_eq!(page.invitations[0].business_name, "Business user");
    let inbox: collabdesk::api::notifications::Inbox = w.creator.call(MyNotifications {}).await.json();
    assert_eq!(inbox.unread, 1);
    assert!(inbox.latest[0].title.contains("invited you to “Jollof Week”"));
    // nobody else sees it
    let others: InvitationPage = w
        .other_creator
        .call(MyInvitations { after: String::new() })
        .await
        .json();
    assert!(others.invitations.is_empty());

    let res = w.creator.call(AcceptInvitation { id: inv.id.to_string() }).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json::<Invitation>().status, InvitationStatus::Accepted);
    let app = &w.app;
    assert_eq!(
        count(
            app,
            "SELECT COUNT(*) FROM campaign_applications WHERE status = 'accepted' AND applied_at > 0"
        )
        .await,
        1
    );
    let active: collabdesk::api::invitations::ActivePage =
        w.creator.call(MyActiveCampaigns { after: String::new() }).await.json();
    assert_eq!(active.campaigns[0].title, "Jollof Week");
    let pending: InvitationPage = w.creator.call(MyInvitations { after: String::new() }).await.json();
    assert!(pending.invitations.is_empty(), "accepted ones move to Active");
    let inbox: collabdesk::api::notifications::Inbox = w.business.call(MyNotifications {}).await.json();
    assert!(inbox.latest[0].title.contains("accepted your invitation"));

    // accepting twice: told it was already accepted, nothing new
    let again = w.creator.call(AcceptInvitation { id: inv.id.to_string() }).await;
    assert_eq!(again.status, 409);
    assert_eq!(
        again.error(),
        AppError::Conflict("This invitation was already accepted.".into())
    );
    assert_eq!(count(app, "SELECT COUNT(*) FROM campaign_applications").await, 1);
    let events = store::history(app.db(), &inv.id).await.unwrap();
    let names: Vec<_> = events.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(names, ["invited", "accepted"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decline_with_a_reason_and_the_business_sees_it() {
    let mut w = world().await;
    let cid = w.creator_id.clone();
    let inv = invite(&mut w, &cid, "").await;
    let res = w
        .creator
        .call(DeclineInvitation {
            id: inv.id.to_string(),
            reason: "Fully booked this month".into(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let view: CampaignInvitationsView = w
        .business
        .call(CampaignInvitations {
            campaign_id: w.campaign.id.to_string(),
            after: String::new(),
        })
        .await
        .json();
    assert_eq!(view.invitations[0].status, InvitationStatus::Declined);
    assert_eq!(
        view.invitations[0].decline_reason.as_deref(),
        Some("Fully booked this month")
    );
    assert_eq!((view.stats.total, view.stats.declined), (1, 1));
    assert_eq!(view.stats.acceptance_rate, Some(0.0));
    // a declined invitation cannot be resent
    let res = w.business.call(ResendInvitation { id: inv.id.to_string() }).await;
    assert_eq!(res.status, 409);
    assert!(res.error().to_string().contains("declined"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdraw_hides_it_from_the_creator_and_resend_brings_it_back() {
    let mut w = world().await;
    let cid = w.creator_id.clone();
    let inv = invite(&mut w, &cid, "").await;
    // the creator cannot withdraw, another business cannot see it
    assert_eq!(
        w.creator
            .call(WithdrawInvitation { id: inv.id.to_string() })
            .await
            .status,
        403
    );
    assert_eq!(
        w.rival.call(WithdrawInvitation { id: inv.id.to_string() }).await.status,
        404
    );
    let res = w.business.call(WithdrawInvitation { id: inv.id.to_string() }).await;
    assert_eq!(res.json::<Invitation>().status, InvitationStatus::Withdrawn);
    let page: InvitationPage = w.creator.call(MyInvitations { after: String::new() }).await.json();
    assert!(page.invitations.is_empty());
    // withdrawing a non-pending one: refused, nothing changed
    let res = w.business.call(WithdrawInvitation { id: inv.id.to_string() }).await;
    assert_eq!(res.status, 409);
    assert_eq!(
        res.error(),
        AppError::Conflict("This invitation was already withdrawn.".into())
    );
    assert_eq!(
        w.creator.call(AcceptInvitation { id: inv.id.to_string() }).await.status,
        409
    );

    w.app.state.clock.advance(HOUR);
    let res = w.business.call(ResendInvitation { id: inv.id.to_string() }).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let resent: Invitation = res.json();
    assert_eq!((resent.status, resent.resent_count), (InvitationStatus::Pending, 1));
    assert_eq!(resent.expires_at.0, resent.invited_at.0 + EXPIRES_AFTER);
    assert!(resent.invited_at > inv.invited_at);
    let page: InvitationPage = w.creator.call(MyInvitations { after: String::new() }).await.json();
    assert_eq!(page.invitations.len(), 1);
    let names: Vec<_> = store::history(w.app.db(), &inv.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(e, _)| e)
        .collect();
    assert_eq!(names, ["invited", "withdrawn", "resent"], "history is kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overdue_invitation_reads_as_expired_and_cannot_be_accepted_before_the_job_runs() {
    let mut w = world().await;
    let cid = w.creator_id.clone();
    let inv = invite(&mut w, &cid, "").await;
    w.app.state.clock.advance(EXPIRES_AFTER + 1);
    let page: InvitationPage = w.creator.call(MyInvitations { after: String::new() }).await.json();
    assert_eq!(page.invitations[0].status, InvitationStatus::Expired);
    let res = w.creator.call(AcceptInvitation { id: inv.id.to_string() }).await;
    assert_eq!(res.status, 409);
    assert_eq!(
        res.error(),
        AppError::Conflict("This invitation was already expired.".into())
    );
    assert_eq!(count(&w.app, "SELECT COUNT(*) FROM campaign_applications").await, 0);
    assert_eq!(
        count(
            &w.app,
            "SELECT COUNT(*) FROM campaign_invitations WHERE status = 'pending'"
        )
        .await,
        1
    );

    // the job then stores it as expired, records the event and tells both sides
    let n = store::expire_overdue(w.app.db(), w.app.state.clock.now())
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        count(
            &w.app,
            "SELECT COUNT(*) FROM campaign_invitations WHERE status = 'expired'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &w.app,
            "SELECT COUNT(*) FROM notifications WHERE kind = 'invitation_expired'"
        )
        .await,
        2
    );
    assert_eq!(
        store::expire_overdue(w.app.db(), w.app.state.clock.now())
            .await
            .unwrap(),
        0,
        "idempotent"
    );
    // an expired invitation can be resent
    let res = w.business.call(ResendInvitation { id: inv.id.to_string() }).await;
    assert_eq!(res.json::<Invitation>().status, InvitationStatus::Pending);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seeds_edge_cases_are_refused_and_change_nothing() {
    let mut w = world().await;
    let cid = w.creator_id.clone();
    // inactive campaign (draft and closed)
    let draft = campaign(&mut w.business, "Brunch", "draft").await;
    let res = w
        .business
        .call(InviteCreator {
            campaign_id: draft.id.to_string(),
            creator_id: cid.to_string(),
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 409);
    assert_eq!(
        res.error(),
        AppError::Conflict("“Brunch” is draft: only an active campaign can take invitations.".into())
    );
    assert_eq!(count(&w.app, "SELECT COUNT(*) FROM campaign_invitations").await, 0);
    // a campaign you don't own: not found
    let res = w
        .rival
        .call(InviteCreator {
            campaign_id: w.campaign.id.to_string(),
            creator_id: cid.to_string(),
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 404);
    // a creator cannot invite
    let res = w
        .creator
        .call(InviteCreator {
            campaign_id: w.campaign.id.to_string(),
            creator_id: cid.to_string(),
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 403);
    // a message over 500 characters
    let long = "é".repeat(501);
    let res = w
        .business
        .call(InviteCreator {
            campaign_id: w.campaign.id.to_string(),
            creator_id: cid.to_string(),
            message: long.to_string(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.error().field_message("message").as_deref(),
        Some("Keep the message to 500 characters (it has 501).")
    );
    assert_eq!(count(&w.app, "SELECT COUNT(*) FROM campaign_invitations").await, 0);
    // inviting a non-creator
    let biz_id = w.app.user("third@example.com", Role::Business, "Third").await;
    let res = w
        .business
        .call(InviteCreator {
            campaign_id: w.campaign.id.to_string(),
            creator_id: biz_id.to_string(),
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 404);

    // duplicate: shows the existing invitation and its status
    let inv = invite(&mut w, &cid, "").await;
    let res = w
        .business
        .call(InviteCreator {
            campaign_id: w.campaign.id.to_string(),
            creator_id: cid.to_string(),
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 409);
    assert!(res
        .error()
        .to_string()
        .starts_with("@cat_cooks was already invited to “Jollof Week” on "));
    assert!(res.error().to_string().ends_with(": Pending."));
    assert_eq!(count(&w.app, "SELECT COUNT(*) FROM campaign_invitations").await, 1);
    // accept someone else's invitation: not found, unchanged
    let res = w.other_creator.call(AcceptInvitation { id: inv.id.to_string() }).await;
    assert_eq!(res.status, 404);
    assert_eq!(res.error(), AppError::NotFound("Invitation not found.".into()));
    assert_eq!(w.rival.call(GetInvitation { id: inv.id.to_string() }).await.status, 404);
    assert_eq!(
        count(
            &w.app,
            "SELECT COUNT(*) FROM campaign_invitations WHERE status = 'pending'"
        )
        .await,
        1
    );
    // the campaign closes: the pending invitation can no longer be accepted
    w.business
        .call(ChangeCampaignStatus {
            id: w.campaign.id.to_string(),
            action: "close".into(),
        })
        .await;
    let res = w.creator.call(AcceptInvitation { id: inv.id.to_string() }).await;
    assert_eq!(res.status, 409);
    assert_eq!(count(&w.app, "SELECT COUNT(*) FROM campaign_applications").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_invite_skips_and_reports_those_already_invited() {
    let mut w = world().await;
    let cid = w.creator_id.clone();
    invite(&mut w, &cid, "").await;
    let third = w.app.creator("eve@example.com", "eve_eats", "Eve Eats").await;
    let other = w.other_creator_id.clone();
    let res = w
        .business
        .call(InviteCreators {
            campaign_id: w.campaign.id.to_string(),
            creator_ids: vec![cid.to_string(), other.to_string(), third.to_string()],
            message: "Hello all".into(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let report: BulkInviteReport = res.json();
    assert_eq!(report.summary(), "2 invited, 1 already invited");
    assert_eq!(report.already[0].creator_username, "cat_cooks");
    assert_eq!(count(&w.app, "SELECT COUNT(*) FROM campaign_invitations").await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_accept_and_withdraw_have_exactly_one_winner() {
    let mut w = world().await;
    let cid = w.creator_id.clone();
    for round in 0..12 {
        let title = format!("Race {round}");
        w.campaign = campaign(&mut w.business, &title, "active").await;
        let inv = invite(&mut w, &cid, "").await;
        let id = inv.id.to_string();
        let (mut c1, mut c2, mut b) = (w.creator.clone(), w.creator.clone(), w.business.clone());
        let (id1, id2, id3) = (id.clone(), id.clone(), id.clone());
        let accept1 = tokio::spawn(async move { c1.call(AcceptInvitation { id: id1 }).await.status });
        let accept2 = tokio::spawn(async move { c2.call(AcceptInvitation { id: id2 }).await.status });
        let withdraw = tokio::spawn(async move { b.call(WithdrawInvitation { id: id3 }).await.status });
        let results = [accept1.await.unwrap(), accept2.await.unwrap(), withdraw.await.unwrap()];
        let winners = results.iter().filter(|s| **s == 200).count();
        assert_eq!(winners, 1, "round {round}: {results:?}");
        assert!(
            results.iter().all(|s| *s == 200 || *s == 409),
            "losers are told: {results:?}"
        );
        let apps: i64 = sqlx::query("SELECT COUNT(*) FROM campaign_applications WHERE invitation_id = $1")
            .bind(&id)
            .fetch_one(&w.app.db().pool)
            .await
            .unwrap()
            .get(0);
        let status = store::get(w.app.db(), &inv.id, w.app.state.clock.now())
            .await
            .unwrap()
            .unwrap()
            .status;
        assert_eq!(apps, i64::from(status == InvitationStatus::Accepted), "round {round}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_give_rate_and_median_answer_time() {
    let mut w = world().await;
    let mut ids = Vec::new();
    for i in 0..4 {
        let c = w
            .app
            .creator(&format!("s{i}@example.com"), &format!("s_{i}"), &format!("S {i}"))
            .await;
        ids.push((c.clone(), invite(&mut w, &c, "").await));
    }
    // answers after 1 h, 2 h, 4 h (two accept, one declines); one stays pending
    let mut elapsed = 0;
    for (i, (creator, inv)) in ids.iter().take(3).enumerate() {
        let wait = [HOUR, 2 * HOUR, 4 * HOUR][i];
        w.app.state.clock.advance(wait - elapsed);
        elapsed = wait;
        let email = format!("s{i}@example.com");
        let _ = creator;
        let mut client = w.app.sign_in_as(&email).await;
        let id = inv.id.to_string();
        let res = if i == 2 {
            client
                .call(DeclineInvitation {
                    id,
                    reason: String::new(),
                })
                .await
        } else {
            client.call(AcceptInvitation { id }).await
        };
        assert_eq!(res.status, 200);
    }
    let view: CampaignInvitationsView = w
        .business
        .call(CampaignInvitations {
            campaign_id: w.campaign.id.to_string(),
            after: String::new(),
        })
        .await
        .json();
    let s = view.stats;
    assert_eq!((s.total, s.pending, s.accepted, s.declined), (4, 1, 2, 1));
    let rate = s.acceptance_rate.unwrap();
    assert!((rate - 66.666).abs() < 0.01, "{rate}");
    // the real clock also ticks a little between the calls
    let near = |got: Option<i64>, want: i64| got.is_some_and(|g| (g - want).abs() < 5_000);
    assert!(near(s.median_answer_ms, 2 * HOUR), "{:?}", s.median_answer_ms);
    // one more answer (8 h): the median of 1, 2, 4, 8 h is 3 h
    let c = w.app.creator("s9@example.com", "s_9", "S 9").await;
    let inv = invite(&mut w, &c, "").await;
    w.app.state.clock.advance(8 * HOUR);
    let mut client = w.app.sign_in_as("s9@example.com").await;
    client.call(AcceptInvitation { id: inv.id.to_string() }).await;
    let view: CampaignInvitationsView = w
        .business
        .call(CampaignInvitations {
            campaign_id: w.campaign.id.to_string(),
            after: String::new(),
        })
        .await
        .json();
    assert!(
        near(view.stats.median_answer_ms, 3 * HOUR),
        "{:?}",
        view.stats.median_answer_ms
    );
    // the pending one expired meanwhile? no: 14 days have not passed
    assert_eq!(view.stats.pending, 1);
    let _ = DAY;
}

/// What My Campaigns reads in one query (`my_invitations_with_stats`) is what the list and the stats say apart:
/// counts per status (an overdue pending one counted expired), the rate, the median, the open invitations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_creator_reads_stats_and_invitations_together_as_apart() {
    use collabdesk::api::invitations::{MyInvitationStats, MyInvitationsWithStats};
    use collabdesk::domain::invitation::InvitationStats;
    let mut w = world().await;
    let cat = w.creator_id.clone();
    // cat is invited to four campaigns at once; answers one after 1 h (accepts), one after 3 h (declines)
    let mut invitations = vec![invite(&mut w, &cat, "").await];
    for title in ["Suya Nights", "Zobo Drops", "Puff Puff Friday"] {
        w.campaign = campaign(&mut w.business, title, "active").await;
        invitations.push(invite(&mut w, &cat, "").await);
    }
    w.app.state.clock.advance(HOUR);
    let res = w
        .creator
        .call(AcceptInvitation {
            id: invitations[0].id.to_string(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    w.app.state.clock.advance(2 * HOUR);
    let res = w
        .creator
        .call(DeclineInvitation {
            id: invitations[1].id.to_string(),
            reason: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // a fifth later; then the first four's fortnight passes (the expiry job has not run: two overdue)
    w.campaign = campaign(&mut w.business, "Chin Chin Crunch", "active").await;
    invite(&mut w, &cat, "").await;
    w.app.state.clock.advance(EXPIRES_AFTER - 2 * HOUR);

    let (stats, page): (InvitationStats, InvitationPage) = w
        .creator
        .call(MyInvitationsWithStats { after: String::new() })
        .await
        .json();
    let (total, pending, accepted, declined, expired) = (5, 1, 1, 1, 2);
    assert_eq!(
        (
            stats.total,
            stats.pending,
            stats.accepted,
            stats.declined,
            stats.expired
        ),
        (total, pending, accepted, declined, expired)
    );
    assert_eq!(stats.acceptance_rate, Some(50.0));
    let near = |got: Option<i64>, want: i64| got.is_some_and(|g| (g - want).abs() < 5_000);
    assert!(
        near(stats.median_answer_ms, 2 * HOUR),
        "the median of 1 h and 3 h: {:?}",
        stats.median_answer_ms
    );
    let titles: Vec<&str> = page.invitations.iter().map(|i| i.campaign_title.as_str()).collect();
    assert_eq!(
        titles,
        ["Chin Chin Crunch", "Puff Puff Friday", "Zobo Drops"],
        "open ones, newest first"
    );
    assert_eq!(page.invitations[1].status, InvitationStatus::Expired);

    let apart: InvitationStats = w.creator.call(MyInvitationStats {}).await.json();
    assert_eq!(apart, stats, "the stats read apart");
    let list: InvitationPage = w.creator.call(MyInvitations { after: String::new() }).await.json();
    assert_eq!(
        (list.invitations, list.next),
        (page.invitations, page.next),
        "the list read apart"
    );

    // a creator never invited: no stats worth a line, an empty list
    let (stats, page): (InvitationStats, InvitationPage) = w
        .other_creator
        .call(MyInvitationsWithStats { after: String::new() })
        .await
        .json();
    assert_eq!(stats, InvitationStats::default());
    assert!(page.invitations.is_empty() && page.next.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_unique_constraint_holds_in_the_database() {
    let mut w = world().await;
    let cid = w.creator_id.clone();
    invite(&mut w, &cid, "").await;
    let res = sqlx::query(
        "INSERT INTO campaign_invitations (id, campaign_id, creator_id, invited_by, message, status, invited_at,
                                           expires_at, resent_count, updated_at)
         SELECT 'dup', campaign_id, creator_id, invited_by, '', 'pending', 1, 2, 0, 1 FROM campaign_invitations",
    )
    .execute(&w.app.db().pool)
    .await;
    let err = res.unwrap_err();
    let db_err = err.as_database_error().expect("a database error");
    assert_eq!(db_err.kind(), sqlx::error::ErrorKind::UniqueViolation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creators_directory_filters_pages_and_badges() {
    let mut w = world().await;
    let cid = w.creator_id.clone();
    invite(&mut w, &cid, "").await;
    let page: collabdesk::api::creators::CreatorPage = w.business.call(search("@cat")).await.json();
    assert_eq!(page.creators.len(), 1);
    assert_eq!(page.creators[0].username, "cat_cooks");
    assert_eq!(page.creators[0].invitation, Some(InvitationStatus::Pending));
    assert_eq!(
        collabdesk::api::invitations::badge_label(InvitationStatus::Pending),
        "Invited"
    );
    // the rival business sees no badge
    let page: collabdesk::api::creators::CreatorPage = w.rival.call(search("cat")).await.json();
    assert_eq!(page.creators[0].invitation, None);
    // paging by name walks everyone exactly once
    for i in 0..30 {
        w.app
            .creator(
                &format!("p{i}@example.com"),
                &format!("p_{i:02}"),
                &format!("Page {i:02}"),
            )
            .await;
    }
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let page: collabdesk::api::creators::CreatorPage = w
            .business
            .call(SearchCreators {
                sort: "name".into(),
                after: after.to_string(),
                ..search("")
            })
            .await
            .json();
        seen.extend(page.creators.iter().map(|c| c.username.clone()));
        match page.next {
            Some(n) => after = n,
            None => break,
        }
    }
    assert_eq!(seen.len(), 32);
    let mut sorted = seen.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), 32);
    let res = w
        .business
        .call(SearchCreators {
            min_followers: "-1".into(),
            ..search("")
        })
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(w.creator.call(search("")).await.status, 403);
}

/// `invitation_counts` against a full count of the invitations, per campaign and per creator.
async fn assert_counts_exact(app: &TestApp, when: &str) {
    let kept = |scope: &str| {
        format!("SELECT scope_id AS k, status, n FROM invitation_counts WHERE scope = '{scope}' AND n > 0 ORDER BY k, status")
    };
    let full = |column: &str| {
        format!("SELECT {column} AS k, status, COUNT(*) AS n FROM campaign_invitations GROUP BY {column}, status ORDER BY k, status")
    };
    let read = |sql: String| async move {
        sqlx::query(&sql)
            .fetch_all(&app.db().pool)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r.get::<String, _>("k"),
                    r.get::<String, _>("status"),
                    r.get::<i64, _>("n"),
                )
            })
            .collect::<Vec<_>>()
    };
    for (scope, column) in [("campaign", "campaign_id"), ("creator", "creator_id")] {
        assert_eq!(
            read(kept(scope)).await,
            read(full(column)).await,
            "{scope} counts {when}"
        );
    }
    let negative: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitation_counts WHERE n < 0")
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(negative, 0);
}

/// The kept counts stay equal to a full count through random invitations, answers, withdrawals, expiries
/// (the job, and reads past expiry) and resends, including two actions racing on one invitation; and the
/// stats a page shows match the invitations' effective statuses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitation_counts_stay_exact_through_random_transitions() {
    use collabdesk::domain::invitation::{InvitationAction as A, InvitationActor};
    let app = TestApp::new().await;
    let (mut business, business_id) = app.signed_in("biz@example.com", Role::Business).await;
    let mut creators = Vec::new();
    for i in 0..6 {
        creators.push(
            app.creator(
                &format!("c{i}@example.com"),
                &format!("creator_{i}"),
                &format!("Creator {i}"),
            )
            .await,
        );
    }
    let mut campaigns = Vec::new();
    for i in 0..3 {
        campaigns.push(campaign(&mut business, &format!("Campaign {i}"), "active").await);
    }
    let db = app.db().clone();
    let clock = app.state.clock.clone();
    // a fixed pseudo-random sequence (xorshift), so a failure can be replayed
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let actions = [A::Accept, A::Decline, A::Withdraw, A::Expire, A::Resend];
    let (mut moved, mut refused) = (0, 0);
    for step in 0..400 {
        let choice = next(10);
        // steps 5 and up act on one invitation picked at random
        let inv = if choice >= 5 {
            let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM campaign_invitations ORDER BY id")
                .fetch_all(&db.pool)
                .await
                .unwrap();
            if ids.is_empty() {
                continue;
            }
            let id = collabdesk::domain::ids::InvitationId(ids[next(ids.len())].clone());
            store::get(&db, &id, clock.now()).await.unwrap()
        } else {
            None
        };
        match choice {
            0..=2 => {
                let campaign = &campaigns[next(campaigns.len())];
                let some: Vec<(UserId, String)> = creators
                    .iter()
                    .filter(|_| next(2) == 0)
                    .map(|c| (c.clone(), "hi".to_string()))
                    .collect();
                store::insert_many(&db, &campaign.id, &business_id, &some, clock.now())
                    .await
                    .unwrap();
            }
            3 => clock.advance(next(6) as i64 * DAY),
            4 => {
                store::expire_overdue(&db, clock.now()).await.unwrap();
            }
            5 => {
                // two actions race on one invitation: at most one moves it
                let inv = inv.expect("an invitation");
                // two actions the domain allows on what both sides read
                let allowed: Vec<A> = actions
                    .into_iter()
                    .filter(|&a| {
                        let actor = match a {
                            A::Accept | A::Decline => InvitationActor::Creator,
                            A::Withdraw | A::Resend => InvitationActor::Business,
                            A::Expire => InvitationActor::System,
                        };
                        inv.status.apply(a, actor).is_ok()
                    })
                    .collect();
                if allowed.is_empty() {
                    continue;
                }
                let (a, b) = (allowed[next(allowed.len())], allowed[next(allowed.len())]);
                let (x, y) = tokio::join!(
                    store::transition(&db, &inv, a, None, Some("busy"), clock.now()),
                    store::transition(&db, &inv, b, None, Some("busy"), clock.now()),
                );
                let won = [x.unwrap(), y.unwrap()].iter().filter(|r| r.is_some()).count();
                assert!(won <= 1, "step {step}: {a:?} and {b:?} both moved {:?}", inv.id);
                moved += won;
            }
            _ => {
                let inv = inv.expect("an invitation");
                match store::transition(&db, &inv, actions[next(5)], None, Some("no"), clock.now())
                    .await
                    .unwrap()
                {
                    Some(_) => moved += 1,
                    None => refused += 1,
                }
            }
        }
        if step % 50 == 49 {
            assert_counts_exact(&app, &format!("after step {step}")).await;
        }
    }
    assert_counts_exact(&app, "at the end").await;
    assert!(
        moved > 30 && refused > 10,
        "the walk moved {moved} and refused {refused}"
    );

    // the stats shown for each campaign and creator are the invitations' effective statuses
    let now = clock.now();
    for (of, column, id) in campaigns
        .iter()
        .map(|c| (store::StatsOf::Campaign(&c.id), "campaign_id", c.id.as_str()))
        .chain(
            creators
                .iter()
                .map(|c| (store::StatsOf::Creator(c), "creator_id", c.as_str())),
        )
    {
        let stats = store::stats(&db, of, now).await.unwrap();
        let rows: Vec<(String, i64)> = sqlx::query(&format!(
            "SELECT status, expires_at FROM campaign_invitations WHERE {column} = $1"
        ))
        .bind(id)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get("status"), r.get("expires_at")))
        .collect();
        let effective = |s: &str| {
            rows.iter()
                .filter(|(status, expires)| {
                    let e = if status == "pending" && *expires <= now.0 {
                        "expired"
                    } else {
                        status
                    };
                    e == s
                })
                .count() as i64
        };
        assert_eq!(stats.total, rows.len() as i64, "{id}");
        assert_eq!(
            (
                stats.pending,
                stats.accepted,
                stats.declined,
                stats.expired,
                stats.withdrawn
            ),
            (
                effective("pending"),
                effective("accepted"),
                effective("declined"),
                effective("expired"),
                effective("withdrawn")
            ),
            "{id}"
        );
    }
}

/// Seed S3: "creators can set availability". A creator who is away until a date is shown so on their card and
/// profile; an invitation (one, or in a bulk batch) and an offer to them are refused with the date and change
/// nothing; from that day on they are open again by themselves.
#[tokio::test]
async fn a_creator_away_until_a_date_is_shown_so_and_cannot_be_invited_or_sent_offers_until_then() {
    use collabdesk::api::creators::{CreatorPage, CreatorProfile, CreatorProfileView, SetAvailability};
    use collabdesk::api::offers::SendOffer;
    use collabdesk::domain::offer::OfferInput;
    let mut w = world().await;
    let now = w.app.state.clock.now();
    let until = now.plus(10 * DAY);
    let set = |availability: &str, until: &str, note: &str| SetAvailability {
        availability: availability.into(),
        until: until.into(),
        note: note.into(),
    };
    // refused choices change nothing
    for bad in [set("away", "", ""), set("away", &now.date(), ""), set("maybe", "", "")] {
        let res = w.creator.call(bad).await;
        assert_eq!(res.status, 422, "{}", res.body);
    }
    let res = w.creator.call(set("away", &until.date(), "Filming in Accra")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let day = Millis::parse_date_start_of_day(&until.date()).unwrap();

    // businesses see it
    let page: CreatorPage = w.business.call(search("cat_cooks")).await.json();
    assert_eq!(page.creators[0].availability.away_until, Some(day));
    let profile: CreatorProfileView = w
        .business
        .call(CreatorProfile {
            username: "cat_cooks".into(),
        })
        .await
        .json();
    assert_eq!(profile.creator.availability.note, "Filming in Accra");
    let html = w.business.get("/creators/cat_cooks").await.body;
    assert!(
        html.contains(&format!("Not available until {}", day.human_date())),
        "the profile says so"
    );
    assert!(html.contains("Filming in Accra"));

    // an invitation is refused with the date, and nothing is written
    let res = w
        .business
        .call(InviteCreator {
            campaign_id: w.campaign.id.to_string(),
            creator_id: w.creator_id.to_string(),
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
    let said = res.error().to_string();
    assert!(
        said.contains(&format!("@cat_cooks is not available until {}", day.human_date())),
        "{said}"
    );
    assert!(said.contains("Filming in Accra"), "{said}");
    // in a batch, the others are invited and the report says who was not and why
    let res = w
        .business
        .call(InviteCreators {
            campaign_id: w.campaign.id.to_string(),
            creator_ids: vec![w.creator_id.to_string(), w.other_creator_id.to_string()],
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let report: BulkInviteReport = res.json();
    assert_eq!(report.invited.len(), 1);
    assert_eq!(report.invited[0].creator_username, "dan_dances");
    assert_eq!(report.away.len(), 1);
    assert!(report
        .summary()
        .contains("1 invited, 1 not available: @cat_cooks is not available until"));
    let cats: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM campaign_invitations WHERE creator_id = $1")
        .bind(w.creator_id.as_str())
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap();
    assert_eq!(cats, 0, "no invitation for the creator who is away");
    // an offer too, before any money moves
    let (mut admin, _) = w.app.signed_in("admin@example.com", Role::Admin).await;
    admin.top_up("biz@example.com", "100000").await;
    let offer = |key: &str| {
        (
            SendOffer {
                offer: OfferInput {
                    campaign_id: w.campaign.id.to_string(),
                    creator: "cat_cooks".into(),
                    amount: "20000".into(),
                    currency: "NGN".into(),
                    message: String::new(),
                    deadline: "2031-01-31".into(),
                },
                idempotency_key: key.to_string(),
                template_id: String::new(),
            },
            key.to_string(),
        )
    };
    let (args, _) = offer("away-1");
    let res = w.business.call(args).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.error().to_string().contains("is not available until"));
    let offers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM offers")
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap();
    assert_eq!(offers, 0);
    w.app.assert_wallets_consistent().await;

    // from that day on, open again without doing anything
    w.app.state.clock.advance(day.0 - now.0);
    let page: CreatorPage = w.business.call(search("cat_cooks")).await.json();
    assert_eq!(page.creators[0].availability.away_until, None);
    let res = w
        .business
        .call(InviteCreator {
            campaign_id: w.campaign.id.to_string(),
            creator_id: w.creator_id.to_string(),
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let (args, _) = offer("away-2");
    assert_eq!(w.business.call(args).await.status, 200);

    // and a creator can say they are open again early
    let res = w.other_creator.call(set("away", &now.plus(400 * DAY).date(), "")).await;
    assert_eq!(res.status, 422, "more than a year ahead");
    let res = w.creator.call(set("open", "", "")).await;
    assert_eq!(res.status, 200);
    assert!(w
        .creator
        .get("/availability")
        .await
        .body
        .contains("open to invitations"));
}

/// The creator's notifications of one kind, titles in order.
async fn notified(app: &crate::common::TestApp, user: &UserId, kind: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT title FROM notifications WHERE user_id = $1 AND kind = $2 ORDER BY created_at, id")
        .bind(user.as_str())
        .bind(kind)
        .fetch_all(&app.db().pool)
        .await
        .unwrap()
}

/// E-mails queued about this record.
async fn emails_about(app: &crate::common::TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND subject_id = $1")
        .bind(id)
        .fetch_one(&app.db().pool)
        .await
        .unwrap()
}

/// A pending invitation reminds its creator once, 3 days before it lapses (in-app and by e-mail, through the
/// outbox); two instances running the job at once remind once; a resent invitation reminds again; one answered
/// in time is never reminded.
#[tokio::test]
async fn a_pending_invitation_reminds_its_creator_once_three_days_before_it_lapses() {
    let mut w = world().await;
    let (cat, dan) = (w.creator_id.clone(), w.other_creator_id.clone());
    let inv = invite(&mut w, &cat, "Join us").await;
    let answered = invite(&mut w, &dan, "").await;
    let res = w
        .other_creator
        .call(AcceptInvitation {
            id: answered.id.to_string(),
        })
        .await;
    assert_eq!(res.status, 200);
    let app = &w.app;
    let lead = app.state.config.reminder_lead_ms;
    assert_eq!(lead, 3 * DAY, "three days unless configured");
    let emails_before = emails_about(app, inv.id.as_str()).await;
    let run = || collabdesk::server::jobs::run_once(app.db(), &app.state.clock, lead);

    // 4 days left: nothing yet
    app.state.clock.advance(10 * DAY);
    run().await;
    assert!(notified(app, &w.creator_id, "invitation_reminder").await.is_empty());
    // 3 days left: once, however often the job runs, even on two instances at the same moment
    app.state.clock.advance(DAY);
    tokio::join!(run(), run());
    run().await;
    let titles = notified(app, &w.creator_id, "invitation_reminder").await;
    assert_eq!(
        titles,
        vec![format!(
            "Your invitation from {} for “Jollof Week” expires on {}",
            inv.business_name,
            inv.expires_at.human_date()
        )]
    );
    assert_eq!(
        emails_about(app, inv.id.as_str()).await,
        emails_before + 1,
        "and one e-mail"
    );
    assert!(
        notified(app, &w.other_creator_id, "invitation_reminder")
            .await
            .is_empty(),
        "an answered one: never"
    );
    // the creator's bell shows it
    let inbox: collabdesk::api::notifications::Inbox = w.creator.call(MyNotifications {}).await.json();
    assert!(inbox.latest.iter().any(|n| n.title.starts_with("Your invitation from")));

    // lapsed, then resent: the new period reminds again, once
    app.state.clock.advance(4 * DAY);
    run().await;
    let res = w.business.call(ResendInvitation { id: inv.id.to_string() }).await;
    assert_eq!(res.status, 200, "{}", res.body);
    app.state.clock.advance(11 * DAY);
    run().await;
    run().await;
    assert_eq!(notified(app, &w.creator_id, "invitation_reminder").await.len(), 2);
}

/// `Nudge`: the business reminds the creator of a pending invitation by hand, at most once a day.
#[tokio::test]
async fn a_business_nudges_a_pending_invitation_at_most_once_a_day() {
    use collabdesk::api::invitations::NudgeInvitation;
    let mut w = world().await;
    let cat = w.creator_id.clone();
    let inv = invite(&mut w, &cat, "").await;
    let nudge = |id: &str| NudgeInvitation { id: id.to_string() };
    let res = w.business.call(nudge(inv.id.as_str())).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let nudged: Invitation = res.json();
    assert!(nudged.nudged_at.is_some_and(|t| t <= w.app.state.clock.now()));
    let titles = notified(&w.app, &w.creator_id, "invitation_nudge").await;
    assert_eq!(
        titles,
        vec![format!(
            "{} is waiting for your answer to “Jollof Week”",
            inv.business_name
        )]
    );
    let emails = emails_about(&w.app, inv.id.as_str()).await;
    // again within the day: refused, saying when, nothing sent
    w.app.state.clock.advance(23 * HOUR);
    let res = w.business.call(nudge(inv.id.as_str())).await;
    assert_eq!(res.status, 409);
    assert!(
        res.error().to_string().contains("you can nudge again after"),
        "{}",
        res.body
    );
    assert_eq!(notified(&w.app, &w.creator_id, "invitation_nudge").await.len(), 1);
    assert_eq!(emails_about(&w.app, inv.id.as_str()).await, emails);
    // the campaign page says it was nudged instead of offering the button
    let page = w.business.get(&format!("/campaigns/{}", w.campaign.id)).await.body;
    assert!(page.contains("data-testid=\"nudged\""), "the row says it was nudged");
    // a day later: again
    w.app.state.clock.advance(HOUR);
    assert_eq!(w.business.call(nudge(inv.id.as_str())).await.status, 200);
    assert_eq!(notified(&w.app, &w.creator_id, "invitation_nudge").await.len(), 2);
    let page = w.business.get(&format!("/campaigns/{}", w.campaign.id)).await.body;
    assert!(!page.contains(">Nudge<"), "no button right after a nudge");
    // only the business nudges; a rival finds nothing; an answered invitation cannot be nudged
    assert_eq!(w.creator.call(nudge(inv.id.as_str())).await.status, 403);
    assert_eq!(w.rival.call(nudge(inv.id.as_str())).await.status, 404);
    w.app.state.clock.advance(DAY);
    assert_eq!(
        w.creator.call(AcceptInvitation { id: inv.id.to_string() }).await.status,
        200
    );
    let res = w.business.call(nudge(inv.id.as_str())).await;
    assert_eq!(res.status, 409);
    assert!(res
        .error()
        .to_string()
        .contains("Only a pending invitation can be nudged"));
}
