//! Creative requests through the HTTP API and the database rules behind them. Both engines.

use crate::common::{Client, TestApp};
use collabdesk::api::creative_requests::{
    CreativeRequests, GetCreativeRequest, MyCreativeRequests, ReviewCreativeRequest, SubmitCreativeRequest,
};
use collabdesk::api::creative_requests::{MyRequestsView, RequestDetailView, RequestListView};
use collabdesk::api::notifications::MyNotifications;
use collabdesk::domain::account::{Actor, Role};
use collabdesk::domain::creative::{
    CreativeRequest, NewCreativeRequest, RequestState, RequestsTab, ResponsesTab, ReviewAction, Reviewer, Scope, Tab,
};
use collabdesk::domain::ids::{OrganisationId, UserId};
use collabdesk::domain::time::MINUTE;
use collabdesk::error::AppError;
use collabdesk::server::db::creative_requests as store;
use collabdesk::server::db::users;
use sqlx::Row;
use std::collections::BTreeSet;

struct World {
    app: TestApp,
    admin: Client,
    admin2: Client,
    advertiser: Client,
    other_advertiser: Client,
    publisher: Client,
    other_publisher: Client,
    business: Client,
    admin_actor: Actor,
    advertiser_actor: Actor,
    publisher_actor: Actor,
    org: OrganisationId,
    other_org: OrganisationId,
}

async fn actor(app: &TestApp, id: &UserId) -> Actor {
    users::actor(app.db(), id).await.unwrap().unwrap()
}

async fn world() -> World {
    // the real-world example moves the clock by days: keep sessions alive across that
    let app = TestApp::with_config(|c| c.session_absolute_minutes = 60 * 24 * 30).await;
    let (admin, admin_id) = app.signed_in("ada@example.com", Role::Admin).await;
    let (admin2, _) = app.signed_in("bob@example.com", Role::Admin).await;
    let adv_id = app.advertiser("dayo@acme.example", "Acme Ads").await;
    let other_adv_id = app.advertiser("gus@globex.example", "Globex Media").await;
    let advertiser = app.sign_in_as("dayo@acme.example").await;
    let other_advertiser = app.sign_in_as("gus@globex.example").await;
    let (publisher, pub_id) = app.signed_in("pat@example.com", Role::Publisher).await;
    let (other_publisher, _) = app.signed_in("quinn@example.com", Role::Publisher).await;
    let (business, _) = app.signed_in("biz@example.com", Role::Business).await;
    let advertiser_actor = actor(&app, &adv_id).await;
    let other_org = actor(&app, &other_adv_id).await.organisation_id.unwrap();
    World {
        admin_actor: actor(&app, &admin_id).await,
        org: advertiser_actor.organisation_id.clone().unwrap(),
        advertiser_actor,
        publisher_actor: actor(&app, &pub_id).await,
        other_org,
        app,
        admin,
        admin2,
        advertiser,
        other_advertiser,
        publisher,
        other_publisher,
        business,
    }
}

pub(crate) fn form(offer_id: &str, advertiser: &OrganisationId) -> NewCreativeRequest {
    NewCreativeRequest {
        offer_id: offer_id.into(),
        offer_name: "Amazon Holiday Special - Email Campaign".into(),
        creative_type: "Email".into(),
        creative_count: "5".into(),
        from_lines_count: "3".into(),
        subject_lines_count: "5".into(),
        priority: "High Priority".into(),
        advertiser_id: advertiser.to_string(),
        affiliate_id: "AFF-77".into(),
        client_id: "AMZ".into(),
        client_name: "Amazon".into(),
        notes: "Holiday push".into(),
    }
}

/// One tab's list of page `page` (`requests` or `response`), unfiltered, first page.
fn listing(page: &str) -> CreativeRequests {
    CreativeRequests {
        page: page.into(),
        tab: String::new(),
        q: String::new(),
        advertiser: String::new(),
        priority: String::new(),
        sort: String::new(),
        after: String::new(),
    }
}

pub(crate) async fn submit(client: &mut Client, offer_id: &str, advertiser: &OrganisationId) -> CreativeRequest {
    let res = client
        .call(SubmitCreativeRequest {
            request: form(offer_id, advertiser),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

pub(crate) async fn review(
    client: &mut Client,
    req: &CreativeRequest,
    action: &str,
    comment: &str,
) -> crate::common::Resp {
    client
        .call(ReviewCreativeRequest {
            id: req.id.to_string(),
            action: action.to_string(),
            comment: comment.to_string(),
            seen: String::new(),
        })
        .await
}

/// A request driven straight through the store into `state` (fast fixtures for the matrices).
fn fixture_input(offer_id: &str, org: &OrganisationId) -> NewCreativeRequest {
    NewCreativeRequest {
        offer_id: offer_id.into(),
        offer_name: format!("Offer {offer_id}"),
        creative_type: "Banner".into(),
        creative_count: "2".into(),
        from_lines_count: "1".into(),
        subject_lines_count: "1".into(),
        priority: if offer_id.ends_with('1') {
            "High Priority"
        } else {
            "Medium Priority"
        }
        .into(),
        advertiser_id: org.0.clone(),
        affiliate_id: "AFF".into(),
        client_id: "CL".into(),
        client_name: "Client".into(),
        notes: String::new(),
    }
}

async fn in_state(w: &World, offer_id: &str, org: &OrganisationId, state: RequestState) -> CreativeRequest {
    let input = fixture_input(offer_id, org);
    let now = w.app.state.clock.now();
    let mut req = store::insert(w.app.db(), &w.publisher_actor, &input.validate().unwrap(), now)
        .await
        .unwrap()
        .unwrap();
    use ReviewAction as A;
    use Reviewer as R;
    let path: &[(R, A)] = match state {
        RequestState::New => &[],
        RequestState::Pending => &[(R::Admin, A::Forward)],
        RequestState::Approved => &[(R::Admin, A::Forward), (R::Advertiser, A::Approve)],
        RequestState::RejectedByAdmin => &[(R::Admin, A::Reject)],
        RequestState::RejectedAtAdvertiser => &[(R::Admin, A::Forward), (R::Advertiser, A::Reject)],
        RequestState::SentBack => &[(R::Admin, A::Forward), (R::Advertiser, A::SendBack)],
    };
    for (reviewer, action) in path {
        let to = req.state.apply(*action, *reviewer).unwrap();
        let who = if *reviewer == R::Admin {
            &w.admin_actor
        } else {
            &w.advertiser_actor
        };
        req = store::transition(w.app.db(), &req, to, *action, *reviewer, who, Some("fixture"), now)
            .await
            .unwrap()
            .unwrap();
    }
    assert_eq!(req.state, state);
    req
}

async fn event_count(app: &TestApp, req: &CreativeRequest) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM creative_request_events WHERE request_id = $1")
        .bind(req.id.as_str())
        .fetch_one(&app.db().pool)
        .await
        .unwrap()
        .get::<i64, _>("n")
}

/// Seed S4's "Real-World Example", day 1 to 4, over HTTP: the same record moves through the tabs, every step
/// is audited, the offer never changes, and each side is notified.
#[tokio::test]
async fn the_real_world_example_moves_one_record() {
    let mut w = world().await;
    let org = w.org.clone();
    collabdesk::server::db::outbox::insert_endpoint(
        w.app.db(),
        "http://127.0.0.1:9/hooks",
        "creative_request_updated",
        &collabdesk::server::outbox::new_secret(),
        None,
        w.app.state.clock.now(),
    )
    .await
    .unwrap();
    // day 1: the publisher submits
    let req = submit(&mut w.publisher, "AMAZON-2024-HOLIDAY", &org).await;
    assert_eq!(req.state, RequestState::New);
    assert_eq!(
        (req.state.status().as_str(), req.state.stage().as_str()),
        ("new", "admin")
    );
    assert_eq!(req.advertiser_name, "Acme Ads");
    let in_tab = |v: &RequestListView| v.requests.iter().any(|r| r.id == req.id);
    let admin_view = w.admin.clone();
    let tab = |page: &'static str, tab: &'static str| {
        let mut c = admin_view.clone();
        async move {
            let res = c
                .call(CreativeRequests {
                    tab: tab.to_string(),
                    ..listing(page)
                })
                .await;
            assert_eq!(res.status, 200, "{}", res.body);
            res.json::<RequestListView>()
        }
    };
    assert!(in_tab(&tab("requests", "new").await));
    assert!(!in_tab(&tab("response", "all").await));
    // the advertiser cannot see it yet
    let res = w.advertiser.call(GetCreativeRequest { id: req.id.to_string() }).await;
    assert_eq!(res.status, 404);

    // day 2: the admin approves and forwards
    w.app.state.clock.advance(24 * 60 * MINUTE);
    let res = review(&mut w.admin, &req, "forwarded", "Looks good, approved").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let day2: CreativeRequest = res.json();
    assert_eq!((day2.id.clone(), day2.state), (req.id.clone(), RequestState::Pending));
    assert_eq!(day2.admin_status, "approved");
    assert_eq!(day2.admin_comments.as_deref(), Some("Looks good, approved"));
    assert_eq!(day2.advertiser_status.as_deref(), Some("pending"));
    assert!(!in_tab(&tab("requests", "new").await));
    assert!(in_tab(&tab("requests", "pending").await));
    let mut adv = w.advertiser.clone();
    let res = adv
        .call(CreativeRequests {
            tab: "new".into(),
            ..listing("response")
        })
        .await;
    assert!(
        in_tab(&res.json::<RequestListView>()),
        "the advertiser sees it under New"
    );
    let inbox = w.advertiser.call(MyNotifications {}).await.body;
    assert!(inbox.contains("waiting for your response"), "{inbox}");

    // day 3: the advertiser sends it back
    w.app.state.clock.advance(24 * 60 * MINUTE);
    let res = review(&mut w.advertiser, &req, "sent-back", "").await;
    assert_eq!(res.status, 422, "a send back needs a comment");
    let res = review(&mut w.advertiser, &req, "sent-back", "Need different subject lines").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let day3: CreativeRequest = res.json();
    assert_eq!(day3.state, RequestState::SentBack);
    assert_eq!(day3.advertiser_status.as_deref(), Some("sent_back"));
    assert!(!in_tab(&tab("response", "all").await), "sent back leaves /response");
    assert!(in_tab(&tab("requests", "sent-back").await));
    let inbox = w.admin2.call(MyNotifications {}).await.body;
    assert!(
        inbox.contains("sent a creative request back"),
        "every admin is told: {inbox}"
    );

    // day 4: the admin rejects it for good
    w.app.state.clock.advance(24 * 60 * MINUTE);
    let res = review(&mut w.admin, &req, "rejected", "Cannot accommodate this request").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let day4: CreativeRequest = res.json();
    assert_eq!(day4.state, RequestState::RejectedAtAdvertiser);
    assert_eq!(
        (day4.state.status().as_str(), day4.state.stage().as_str()),
        ("rejected", "advertiser")
    );
    assert!(in_tab(&tab("requests", "rejected").await));
    assert!(in_tab(&tab("response", "rejected").await));
    let inbox = w.publisher.call(MyNotifications {}).await.body;
    assert!(inbox.contains("Your creative request was rejected"), "{inbox}");

    // the partner is told of each decision, in the decision's transaction
    let events: Vec<String> = sqlx::query("SELECT event_type FROM outbox WHERE subject_id = $1 ORDER BY created_at")
        .bind(req.id.as_str())
        .fetch_all(&w.app.db().pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("event_type"))
        .collect();
    assert_eq!(events, vec!["creative_request_updated"; 3]);

    // throughout: one record, the same offer and creative details
    for r in [&day2, &day3, &day4] {
        assert_eq!(
            (
                &r.offer_id,
                &r.offer_name,
                &r.creative_type,
                r.creative_count,
                r.from_lines_count,
                r.subject_lines_count
            ),
            (&req.offer_id, &req.offer_name, &req.creative_type, 5, 3, 5)
        );
    }
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM creative_requests")
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap()
        .get("n");
    assert_eq!(n, 1);

    // the timeline, for the publisher who submitted it
    let res = w.publisher.call(GetCreativeRequest { id: req.id.to_string() }).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let detail: RequestDetailView = res.json();
    assert!(detail.actions.is_empty(), "a publisher has no decisions to make");
    let trail: Vec<(String, Option<RequestState>, RequestState, Option<String>)> = detail
        .history
        .iter()
        .map(|e| (e.action.clone(), e.from, e.to, e.comment.clone()))
        .collect();
    use RequestState::*;
    assert_eq!(
        trail,
        vec![
            ("submitted".into(), None, New, None),
            (
                "forwarded".into(),
                Some(New),
                Pending,
                Some("Looks good, approved".into())
            ),
            (
                "sent-back".into(),
                Some(Pending),
                SentBack,
                Some("Need different subject lines".into())
            ),
            (
                "rejected".into(),
                Some(SentBack),
                RejectedAtAdvertiser,
                Some("Cannot accommodate this request".into())
            ),
        ]
    );
    let roles: Vec<Role> = detail.history.iter().map(|e| e.actor_role).collect();
    assert_eq!(roles, vec![Role::Publisher, Role::Admin, Role::Advertiser, Role::Admin]);
    assert!(detail.history.windows(2).all(|p| p[0].at < p[1].at));
    assert_eq!(
        detail.history[1].headline(),
        "Approved & forwarded by Admin user (admin)"
    );
}

/// Every tab returns exactly the rows the seed's SQL selects, over a fixture with every state (twice, for two
/// advertisers), and the counts agree.
#[tokio::test]
async fn tabs_are_exactly_the_seed_queries() {
    let w = world().await;
    for (i, state) in RequestState::ALL.into_iter().enumerate() {
        in_state(&w, &format!("{}1", 100 + i), &w.org, state).await;
        in_state(&w, &format!("{}2", 200 + i), &w.other_org, state).await;
    }
    let seed_requests = [
        (RequestsTab::All, "1 = 1"),
        (RequestsTab::New, "status = 'new' AND approval_stage = 'admin'"),
        (
            RequestsTab::PendingApprovals,
            "status = 'pending' AND approval_stage = 'advertiser'",
        ),
        (
            RequestsTab::Approved,
            "status = 'approved' AND approval_stage = 'completed'",
        ),
        (RequestsTab::Rejected, "status = 'rejected'"),
        (
            RequestsTab::SentBack,
            "status = 'sent-back' AND approval_stage = 'advertiser'",
        ),
    ];
    let seed_responses = [
        (
            ResponsesTab::All,
            "approval_stage IN ('advertiser', 'completed') AND NOT (status = 'sent-back')",
        ),
        (
            ResponsesTab::New,
            "status = 'pending' AND approval_stage = 'advertiser'",
        ),
        (
            ResponsesTab::Approved,
            "status = 'approved' AND approval_stage = 'completed'",
        ),
        (
            ResponsesTab::Rejected,
            "status = 'rejected' AND approval_stage = 'advertiser'",
        ),
    ];
    let tabs: Vec<(Tab, &str)> = seed_requests
        .iter()
        .map(|(t, sql)| (Tab::Requests(*t), *sql))
        .chain(seed_responses.iter().map(|(t, sql)| (Tab::Responses(*t), *sql)))
        .collect();
    let counts = store::counts(w.app.db(), &Scope::All, &Default::default())
        .await
        .unwrap();
    for (tab, sql) in tabs {
        let want: BTreeSet<String> = sqlx::query(&format!("SELECT id FROM creative_requests WHERE {sql}"))
            .fetch_all(&w.app.db().pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>("id"))
            .collect();
        let got: BTreeSet<String> = store::list(w.app.db(), &Scope::All, tab.states(), &Default::default(), None, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id.0)
            .collect();
        assert_eq!(got, want, "{tab:?}");
        assert_eq!(counts.of(tab), want.len() as i64, "{tab:?} count");
        assert!(!want.is_empty(), "the fixture covers {tab:?}");
    }
    // an advertiser's scope: only their organisation, never the admin stage
    let mine = store::list(
        w.app.db(),
        &Scope::Advertiser(w.org.clone()),
        &RequestState::ALL,
        &Default::default(),
        None,
        100,
    )
    .await
    .unwrap();
    let states: BTreeSet<String> = mine.iter().map(|r| format!("{:?}", r.state)).collect();
    assert_eq!(mine.len(), 4);
    assert!(mine.iter().all(|r| r.advertiser_id == w.org));
    assert!(!states.contains("New") && !states.contains("RejectedByAdmin"));
}

/// Offer and creative details cannot be changed by any statement, and the audit trail cannot be rewritten.
#[tokio::test]
async fn details_and_history_are_immutable() {
    let w = world().await;
    let req = in_state(&w, "5001", &w.org, RequestState::Pending).await;
    for (column, value) in [
        ("offer_id", "'5014'"),
        ("offer_name", "'Something else'"),
        ("creative_count", "9"),
        ("advertiser_id", "'x'"),
        ("priority", "'Medium Priority'"),
        ("publisher_id", "'x'"),
    ] {
        let err = sqlx::query(&format!(
            "UPDATE creative_requests SET {column} = {value} WHERE id = $1"
        ))
        .bind(req.id.as_str())
        .execute(&w.app.db().pool)
        .await
        .expect_err(column);
        assert!(err.to_string().contains("immutable"), "{column}: {err}");
    }
    let after = store::get(w.app.db(), &req.id).await.unwrap().unwrap();
    assert_eq!(after, req, "nothing changed");
    for sql in [
        "UPDATE creative_request_events SET comment = 'rewritten' WHERE request_id = $1",
        "DELETE FROM creative_request_events WHERE request_id = $1",
    ] {
        let err = sqlx::query(sql)
            .bind(req.id.as_str())
            .execute(&w.app.db().pool)
            .await
            .expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{err}");
    }
    assert_eq!(event_count(&w.app, &req).await, 2);
    // the workflow columns still move
    let done = sqlx::query("UPDATE creative_requests SET updated_at = updated_at + 1 WHERE id = $1")
        .bind(req.id.as_str())
        .execute(&w.app.db().pool)
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
}

/// Each role × each action × own / other organisation's request: allowed or refused with the right status,
/// and nothing changes when refused.
#[tokio::test]
async fn who_may_do_what() {
    let mut w = world().await;
    use RequestState::*;
    // (who, state of the request, whose organisation, action, expected status)
    let cases: &[(&str, RequestState, bool, &str, u16)] = &[
        ("admin", New, true, "forwarded", 200),
        ("admin", New, true, "rejected", 200),
        ("admin", New, true, "approved", 409),
        ("admin", New, true, "sent-back", 409),
        ("admin", Pending, true, "approved", 409),
        ("admin", Pending, true, "rejected", 409),
        ("admin", SentBack, true, "forwarded", 200),
        ("admin", SentBack, true, "rejected", 200),
        ("admin", SentBack, true, "approved", 409),
        ("admin", Approved, true, "rejected", 409),
        ("admin", RejectedByAdmin, true, "forwarded", 409),
        ("advertiser", Pending, true, "approved", 200),
        ("advertiser", Pending, true, "rejected", 200),
        ("advertiser", Pending, true, "sent-back", 200),
        ("advertiser", Pending, true, "forwarded", 409),
        ("advertiser", SentBack, true, "approved", 409),
        ("advertiser", Approved, true, "rejected", 409),
        ("advertiser", New, true, "approved", 404),
        ("advertiser", Pending, false, "approved", 404),
        ("advertiser", SentBack, false, "rejected", 404),
        ("publisher", New, true, "forwarded", 403),
        ("publisher", Pending, true, "approved", 403),
        ("other publisher", New, true, "rejected", 403),
        ("business", New, true, "forwarded", 403),
        ("anonymous", New, true, "forwarded", 401),
    ];
    for (i, (who, state, own, action, want)) in cases.iter().enumerate() {
        let org = if *own { w.org.clone() } else { w.other_org.clone() };
        let req = in_state(&w, &format!("M{i}"), &org, *state).await;
        let events = event_count(&w.app, &req).await;
        let mut anonymous = w.app.client();
        let client = match *who {
            "admin" => &mut w.admin,
            "advertiser" => &mut w.advertiser,
            "publisher" => &mut w.publisher,
            "other publisher" => &mut w.other_publisher,
            "business" => &mut w.business,
            _ => &mut anonymous,
        };
        let res = review(client, &req, action, "A reason").await;
        assert_eq!(
            res.status, *want,
            "{who} {action} on {state:?} (own: {own}): {}",
            res.body
        );
        let after = store::get(w.app.db(), &req.id).await.unwrap().unwrap();
        if *want == 200 {
            assert_ne!(after.state, req.state);
            assert_eq!(event_count(&w.app, &req).await, events + 1);
        } else {
            assert_eq!(after, req, "{who} {action}: nothing changed");
            assert_eq!(event_count(&w.app, &req).await, events);
            let message = res.error().to_string();
            assert!(!message.is_empty() && !message.contains("went wrong"), "{message}");
        }
    }
}

#[tokio::test]
async fn who_may_see_what() {
    let mut w = world().await;
    let new = in_state(&w, "5001", &w.org, RequestState::New).await;
    let pending_other = in_state(&w, "5002", &w.other_org, RequestState::Pending).await;
    let pending = in_state(&w, "5003", &w.org, RequestState::Pending).await;
    for (client, req, want) in [
        (&w.other_publisher, &new, 404),
        (&w.publisher, &new, 200),
        (&w.admin, &new, 200),
        (&w.advertiser, &new, 404),
        (&w.advertiser, &pending, 200),
        (&w.advertiser, &pending_other, 404),
        (&w.other_advertiser, &pending_other, 200),
        (&w.business, &pending, 404),
    ] {
        let res = client.clone().call(GetCreativeRequest { id: req.id.to_string() }).await;
        assert_eq!(res.status, want, "{}: {}", req.offer_id, res.body);
    }
    // lists: the advertiser sees its own organisation only; pages are role-bound
    let res = w
        .advertiser
        .call(CreativeRequests {
            tab: "all".into(),
            ..listing("response")
        })
        .await;
    let v: RequestListView = res.json();
    assert_eq!(
        v.requests.iter().map(|r| r.offer_id.as_str()).collect::<Vec<_>>(),
        vec!["5003"]
    );
    assert_eq!(v.tabs.iter().find(|(t, _)| t.slug() == "all").unwrap().1, 1);
    let res = w.advertiser.call(listing("requests")).await;
    assert_eq!(res.status, 403);
    let res = w.publisher.call(listing("response")).await;
    assert_eq!(res.status, 403);
    let res = w.app.client().call(listing("requests")).await;
    assert_eq!(res.status, 401);
    // a publisher's own list
    let res = w
        .other_publisher
        .call(MyCreativeRequests { after: String::new() })
        .await;
    assert!(res.json::<MyRequestsView>().requests.is_empty());
    let res = w.publisher.call(MyCreativeRequests { after: String::new() }).await;
    assert_eq!(res.json::<MyRequestsView>().requests.len(), 3);
    let res = w.admin.call(MyCreativeRequests { after: String::new() }).await;
    assert_eq!(res.status, 403);
}

#[tokio::test]
async fn bad_submissions_change_nothing() {
    let mut w = world().await;
    let org = w.org.clone();
    let request = NewCreativeRequest {
        creative_count: "0".into(),
        ..form("no spaces allowed", &org)
    };
    let res = w.publisher.call(SubmitCreativeRequest { request }).await;
    assert_eq!(res.status, 422);
    let AppError::Validation(errors) = res.error() else {
        panic!("{}", res.body)
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["offer_id", "creative_count"]);
    // an advertiser organisation that does not exist
    let ghost = OrganisationId::generate();
    let res = w
        .publisher
        .call(SubmitCreativeRequest {
            request: form("5001", &ghost),
        })
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.error().field_message("advertiser_id").as_deref(),
        Some("Choose the advertiser.")
    );
    // only publishers submit
    let submit = SubmitCreativeRequest {
        request: form("5001", &org),
    };
    assert_eq!(w.admin.call(submit.clone()).await.status, 403);
    assert_eq!(w.app.client().call(submit).await.status, 401);
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM creative_requests")
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap()
        .get("n");
    assert_eq!(n, 0);
}

/// Two admins press `Approve & Forward` on the same request at the same moment, many times over: exactly one
/// wins each time, the other is told it already moved, and the trail has one forward.
#[tokio::test]
async fn concurrent_double_approve_has_one_winner() {
    let w = world().await;
    for round in 0..15 {
        let req = in_state(&w, &format!("R{round}"), &w.org, RequestState::New).await;
        let (mut a, mut b) = (w.admin.clone(), w.admin2.clone());
        // both saw it as new
        let seen = collabdesk::api::creative_requests::state_key(&req);
        let args = ReviewCreativeRequest {
            id: req.id.to_string(),
            action: "forwarded".into(),
            comment: String::new(),
            seen,
        };
        let (ra, rb) = tokio::join!(a.call(args.clone()), b.call(args));
        let mut statuses = vec![ra.status, rb.status];
        statuses.sort();
        assert_eq!(statuses, vec![200, 409], "round {round}: {} / {}", ra.body, rb.body);
        let loser = if ra.status == 409 { ra } else { rb };
        assert_eq!(
            loser.error().to_string(),
            "Someone else acted on this request first: it is now pending approval."
        );
        let forwards: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM creative_request_events WHERE request_id = $1 AND action = 'forwarded'",
        )
        .bind(req.id.as_str())
        .fetch_one(&w.app.db().pool)
        .await
        .unwrap()
        .get("n");
        assert_eq!(forwards, 1);
    }
}

#[tokio::test]
async fn search_filter_sort_and_paging() {
    let mut w = world().await;
    for i in 0..30 {
        in_state(&w, &format!("P{i:02}{}", i % 2), &w.org, RequestState::New).await;
        w.app.state.clock.advance(MINUTE);
    }
    in_state(&w, "HOLIDAY-1", &w.other_org, RequestState::New).await;
    let list = |c: &mut Client, args: CreativeRequests| {
        let mut c = c.clone();
        async move {
            let res = c.call(args).await;
            assert_eq!(res.status, 200, "{}", res.body);
            res.json::<RequestListView>()
        }
    };
    let requests = || listing("requests");
    let page = |after: String| CreativeRequests {
        tab: "new".into(),
        after,
        ..requests()
    };
    let first = list(&mut w.admin, page(String::new())).await;
    assert_eq!(first.requests.len(), 25);
    assert_eq!(first.requests[0].offer_id, "HOLIDAY-1", "newest first");
    let second = list(&mut w.admin, page(first.next.clone().unwrap())).await;
    assert_eq!(second.requests.len(), 6);
    assert!(second.next.is_none());
    let all: BTreeSet<String> = first
        .requests
        .iter()
        .chain(&second.requests)
        .map(|r| r.id.0.clone())
        .collect();
    assert_eq!(all.len(), 31, "no row twice, none skipped");
    assert_eq!(first.tabs.iter().find(|(t, _)| t.slug() == "new").unwrap().1, 31);
    // search by offer id (exact, any case) or a part of the name
    let v = list(
        &mut w.admin,
        CreativeRequests {
            q: "holiday-1".into(),
            ..requests()
        },
    )
    .await;
    assert_eq!(v.requests.len(), 1);
    let v = list(
        &mut w.admin,
        CreativeRequests {
            q: "offer p0".into(),
            ..requests()
        },
    )
    .await;
    assert_eq!(v.requests.len(), 10, "Offer P00x … P09x");
    // filter by advertiser and priority; the counts follow the filter
    let v = list(
        &mut w.admin,
        CreativeRequests {
            advertiser: w.other_org.0.clone(),
            ..requests()
        },
    )
    .await;
    assert_eq!(v.requests.len(), 1);
    assert_eq!(v.tabs.iter().find(|(t, _)| t.slug() == "all").unwrap().1, 1);
    let v = list(
        &mut w.admin,
        CreativeRequests {
            priority: "High Priority".into(),
            ..requests()
        },
    )
    .await;
    assert_eq!(v.tabs.iter().find(|(t, _)| t.slug() == "all").unwrap().1, 16);
    // oldest first
    let v = list(
        &mut w.admin,
        CreativeRequests {
            sort: "oldest".into(),
            ..requests()
        },
    )
    .await;
    assert_eq!(v.requests[0].offer_id, "P000");
    // bad filter values are refused plainly
    let res = w
        .admin
        .call(CreativeRequests {
            priority: "Urgent".into(),
            ..requests()
        })
        .await;
    assert_eq!(res.status, 422);
}

#[tokio::test]
async fn csv_export_of_the_current_tab() {
    let mut w = world().await;
    let sent = in_state(&w, "5011", &w.org, RequestState::SentBack).await;
    in_state(&w, "5001", &w.org, RequestState::New).await;
    let formula = NewCreativeRequest {
        offer_name: "=HYPERLINK(\"http://evil.example\")".into(),
        ..fixture_input("5002", &w.org)
    };
    store::insert(
        w.app.db(),
        &w.publisher_actor,
        &formula.validate().unwrap(),
        w.app.state.clock.now(),
    )
    .await
    .unwrap()
    .unwrap();
    let res = w.admin.get("/requests/export.csv?page=requests&tab=sent-back").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(res.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("creative-requests-requests-sent-back.csv"));
    let lines: Vec<&str> = res.body.lines().collect();
    assert_eq!(lines.len(), 2, "{}", res.body);
    assert!(lines[0].starts_with("Request ID,Offer ID,Offer Name"));
    assert!(lines[1].starts_with(&format!("{},5011,", sent.id)));
    assert!(lines[1].contains("sent-back,advertiser"));
    let res = w.admin.get("/requests/export.csv?page=requests&tab=new").await;
    assert_eq!(res.body.lines().count(), 3);
    assert!(
        res.body.contains(",\"'=HYPERLINK"),
        "formula cells are defused: {}",
        res.body
    );
    // the advertiser exports its Responses only; the admin page is not theirs
    let res = w.advertiser.get("/requests/export.csv?page=response&tab=all").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.body.lines().count(), 1, "nothing at the advertiser stage yet");
    assert_eq!(w.advertiser.get("/requests/export.csv?page=requests").await.status, 403);
    assert_eq!(
        w.app.client().get("/requests/export.csv?page=requests").await.status,
        401
    );
}

/// A reviewer acting on what they saw is told when the request moved meanwhile, even if it came back to the
/// same state (sent back → forwarded again → sent back again).
#[tokio::test]
async fn a_stale_review_is_refused_even_when_the_state_came_back() {
    let mut w = world().await;
    let req = in_state(&w, "5011", &w.org, RequestState::SentBack).await;
    let seen = collabdesk::api::creative_requests::state_key(&req);
    w.app.state.clock.advance(MINUTE);
    let res = review(&mut w.admin2, &req, "forwarded", "").await;
    assert_eq!(res.status, 200, "{}", res.body);
    w.app.state.clock.advance(MINUTE);
    let res = review(&mut w.advertiser, &req, "sent-back", "Still not right").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = w
        .admin
        .call(ReviewCreativeRequest {
            id: req.id.to_string(),
            action: "rejected".into(),
            comment: "Old view".into(),
            seen: seen.to_string(),
        })
        .await;
    assert_eq!(res.status, 409);
    assert_eq!(
        res.error().to_string(),
        "Someone else acted on this request first: it is now sent back."
    );
    assert_eq!(
        store::get(w.app.db(), &req.id).await.unwrap().unwrap().state,
        RequestState::SentBack
    );
}

/// The kept tab counts (`creative_request_counts`) equal a full count of the requests, for every scope, through
/// random submissions and reviews (some refused, some racing two at once on one request), on both engines.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tab_counts_stay_exact_through_random_reviews() {
    use ReviewAction as A;
    use Reviewer as R;
    let w = world().await;
    let mut other = app_client(&w).await;
    let other_publisher = other.whoami().await.unwrap();
    let db = w.app.db().clone();
    let now = w.app.state.clock.now();
    let scopes = [
        Scope::All,
        Scope::Publisher(w.publisher_actor.user_id.clone()),
        Scope::Publisher(other_publisher.user_id.clone()),
        Scope::Advertiser(w.org.clone()),
        Scope::Advertiser(w.other_org.clone()),
    ];
    let sorted = |mut c: collabdesk::domain::creative::StateCounts| {
        c.0.retain(|(_, n)| *n != 0);
        c.0.sort_by_key(|(s, _)| format!("{s:?}"));
        c.0
    };
    let check = |when: String| {
        let db = db.clone();
        let scopes = scopes.clone();
        async move {
            for scope in &scopes {
                let kept = store::counts(&db, scope, &Default::default()).await.unwrap();
                let full = store::counted(&db, scope, &Default::default()).await.unwrap();
                assert_eq!(sorted(kept), sorted(full), "{scope:?} {when}");
            }
            let negative: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM creative_request_counts WHERE n < 0")
                .fetch_one(&db.pool)
                .await
                .unwrap();
            assert_eq!(negative, 0, "{when}");
        }
    };
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let steps = [
        (R::Admin, A::Forward),
        (R::Admin, A::Reject),
        (R::Advertiser, A::Approve),
        (R::Advertiser, A::Reject),
        (R::Advertiser, A::SendBack),
    ];
    let (mut moved, mut refused, mut raced) = (0, 0, 0);
    for step in 0..400 {
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM creative_requests ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
        if ids.is_empty() || next(4) == 0 {
            let publisher = if next(2) == 0 {
                &w.publisher_actor
            } else {
                &other_publisher
            };
            let org = if next(2) == 0 { &w.org } else { &w.other_org };
            let input = fixture_input(&format!("{}", 7000 + step), org);
            store::insert(&db, publisher, &input.validate().unwrap(), now)
                .await
                .unwrap()
                .unwrap();
            continue;
        }
        let id = collabdesk::domain::ids::CreativeRequestId(ids[next(ids.len())].clone());
        let req = store::get(&db, &id).await.unwrap().unwrap();
        let (reviewer, action) = steps[next(steps.len())];
        let Ok(to) = req.state.apply(action, reviewer) else {
            refused += 1;
            continue;
        };
        let who = if reviewer == R::Admin {
            &w.admin_actor
        } else {
            &w.advertiser_actor
        };
        if next(3) == 0 {
            // two reviews of the same version at once: exactly one moves it
            let (a, b) = tokio::join!(
                store::transition(&db, &req, to, action, reviewer, who, Some("race"), now),
                store::transition(&db, &req, to, action, reviewer, who, Some("race"), now),
            );
            let won = [a.unwrap(), b.unwrap()].iter().filter(|r| r.is_some()).count();
            assert_eq!(won, 1, "step {step}");
            raced += 1;
        } else {
            store::transition(&db, &req, to, action, reviewer, who, Some("walk"), now)
                .await
                .unwrap()
                .unwrap();
            moved += 1;
        }
        if step % 50 == 0 {
            check(format!("after step {step}")).await;
        }
    }
    check("at the end".into()).await;
    assert!(
        moved > 40 && refused > 10 && raced > 10,
        "moved {moved}, refused {refused}, raced {raced}"
    );
    // a rebuild from the requests agrees with what was kept
    store::recount(&db).await.unwrap();
    check("after a recount".into()).await;
}

async fn app_client(w: &World) -> Client {
    w.app.sign_in_as("quinn@example.com").await
}
