//! A page render reads each piece of its data once: every server function a render runs is logged (by source
//! location) in `x-collabdesk-calls` (`Config::call_log`, on in tests), and so are the actor lookup and each
//! view of a page's data (`loaded`) built.

use crate::common::{Client, TestApp, PASSWORD};
use collabdesk::api::auth::SignIn;
use collabdesk::api::campaigns::CreateCampaign;
use collabdesk::api::invitations::InviteCreator;
use collabdesk::domain::account::Role;
use collabdesk::domain::invitation::Invitation;

/// Renders `path` and returns the calls it made, failing if any ran twice.
async fn calls_of(client: &mut Client, path: &str) -> Vec<String> {
    let res = client.get(path).await;
    assert_eq!(res.status, 200, "{path}: {}", res.body);
    let log = res
        .headers
        .get(collabdesk::server::calls::HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let calls: Vec<String> = log.split_whitespace().map(str::to_string).collect();
    let mut seen = std::collections::HashSet::new();
    for c in &calls {
        assert!(
            seen.insert(c),
            "{path}: {c} ran more than once in one render: {calls:?}"
        );
    }
    assert_eq!(
        calls.iter().filter(|c| *c == "actor").count(),
        1,
        "{path}: the actor is read once: {calls:?}"
    );
    calls
}

/// A business (ada) with an active campaign, "Suya Nights", that invited the creator cat_cooks (cat@example.com).
async fn invited_cat(app: &TestApp) -> (Client, collabdesk::domain::campaign::Campaign, Invitation) {
    let (mut business, _) = app.signed_in("ada@example.com", Role::Business).await;
    let creator_id = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let campaign = business.create_campaign("Suya Nights", "75000", "active").await;
    let res = business
        .call(InviteCreator {
            campaign_id: campaign.id.to_string(),
            creator_id: creator_id.to_string(),
            message: "hi".into(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    (business, campaign, res.json())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_page_reads_each_piece_of_its_data_once() {
    let app = TestApp::new().await;
    let (mut business, campaign, invitation) = invited_cat(&app).await;

    // the campaign page: the campaign, its sync state, its invitations and its outreach in one call (the owner
    // checked and the campaign read once), its view built once
    let calls = calls_of(&mut business, &format!("/campaigns/{}", campaign.id)).await;
    let functions: Vec<&String> = calls.iter().filter(|c| c.starts_with("src/api/")).collect();
    assert_eq!(
        functions.len(),
        1,
        "the campaign page reads its data in one call: {calls:?}"
    );
    assert!(functions[0].starts_with("src/api/campaigns.rs"), "{calls:?}");
    assert_eq!(
        calls.iter().filter(|c| c.starts_with("view:")).count(),
        1,
        "the campaign page builds its view once: {calls:?}"
    );
    // a draft's page shows too, without outreach (a draft has invited no one)
    let draft = business.create_campaign("Draft Tasting", "1000", "draft").await;
    let path = format!("/campaigns/{}", draft.id);
    calls_of(&mut business, &path).await;
    let page = business.get(&path).await;
    assert!(page.body.contains("Draft Tasting"), "{}", page.body);
    assert!(!page.body.contains("outreach-summary"), "no outreach for a draft");
    let active = business.get(&format!("/campaigns/{}", campaign.id)).await;
    assert!(
        active.body.contains("outreach-summary"),
        "an active campaign's page has its outreach"
    );
    let calls = calls_of(&mut business, "/wallet").await;
    assert!(calls.len() >= 4, "the wallet reads its data: {calls:?}");

    let mut creator = app.client();
    assert!(creator.sign_in("cat@example.com", PASSWORD).await.status < 400);
    let calls = calls_of(&mut creator, "/my-campaigns").await;
    assert!(calls.len() >= 3, "my campaigns reads its data: {calls:?}");
    // and builds the view of its data once (the stats line and the list, read together; `calls_of` fails on a
    // repeat)
    assert_eq!(
        calls.iter().filter(|c| c.starts_with("view:")).count(),
        1,
        "the stats and the list, read together and built once: {calls:?}"
    );
    // the header's bell was read with the session, in its query: no read of its own
    assert!(
        !calls.iter().any(|c| c.contains("notifications")),
        "the bell is read with the session: {calls:?}"
    );
    let page = creator.get("/my-campaigns").await;
    assert!(page.body.contains("Suya Nights"), "the invitation is on the page");
    // and it says what the bell's own server function says
    let inbox: collabdesk::api::notifications::Inbox = creator
        .call(collabdesk::api::notifications::MyNotifications {})
        .await
        .json();
    assert!(inbox.unread > 0, "the invitation was notified");
    let bell = format!("Notifications, {} unread", inbox.unread);
    assert!(page.body.contains(&bell), "the page's bell: {bell}");
    for n in &inbox.latest {
        assert!(
            page.body.contains(&format!("/notifications/{}", n.id)),
            "{} is in the bell",
            n.title
        );
    }
    // one island keeps every dialog of the list; the cards share one pair of decision dialogs, and their
    // buttons lead (without JavaScript) to the invitation's page with that dialog open
    for _ in 0..5 {
        // every time (Suspense may build a view twice; the keeper must come with it each time, once)
        let page = creator.get("/my-campaigns").await;
        assert_eq!(page.body.matches("<leptos-island").count(), 1, "one dialog keeper");
    }
    assert_eq!(
        page.body.matches("data-dialog=\"\"").count(),
        2,
        "one Decline and one Accept dialog"
    );
    let accept = format!("/invitations/{}?decide=accept", invitation.id);
    assert!(page.body.contains(&accept), "the card's Accept leads to {accept}");
    let detail = creator.get(&accept).await;
    assert_eq!(detail.status, 200);
    let open = detail.body.match_indices(r#"data-dialog="" open"#).collect::<Vec<_>>();
    assert_eq!(open.len(), 1, "one dialog is shown open");
    assert!(
        detail.body[open[0].0..].contains("Accept this invitation?"),
        "the Accept dialog"
    );
    assert!(
        !detail.body[open[0].0..].contains("Decline this invitation?"),
        "not the Decline one"
    );
    // an unknown decision opens nothing; the business (not the creator) gets no decision dialogs at all
    let odd = creator
        .get(&format!("/invitations/{}?decide=%3Cx%3E", invitation.id))
        .await;
    assert_eq!(odd.status, 200);
    assert!(!odd.body.contains(r#"data-dialog="" open"#) && !odd.body.contains("<x>"));
    let theirs = business.get(&accept).await;
    assert_eq!(theirs.status, 200);
    assert!(
        !theirs.body.contains("Accept this invitation?"),
        "only the creator decides"
    );

    let (mut admin, _) = app.signed_in("root@example.com", Role::Admin).await;
    let calls = calls_of(&mut admin, "/requests").await;
    assert!(calls.len() >= 3, "the requests page reads its data: {calls:?}");
}

fn location(res: &crate::common::Resp) -> String {
    res.headers
        .get(axum::http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// A plain HTML form post (what every form of the app is, with JavaScript on or off) is answered with a
/// redirect back to its page, which then shows the outcome once: a toast when it worked; the error beside
/// its field, the values sent (never a password) and a clean address when it did not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_post_comes_back_to_its_page_with_the_outcome_once() {
    let app = TestApp::new().await;
    let (mut business, _) = app.signed_in("ada@example.com", Role::Business).await;

    let bad = [
        ("title", "Jollof Week"),
        ("budget", "lots"),
        ("currency", "NGN"),
        ("deadline", ""),
        ("status", "draft"),
    ];
    let res = business.post_form::<CreateCampaign>(&bad, "/campaigns/new").await;
    assert_eq!(res.status, 302, "{}", res.body);
    assert_eq!(
        location(&res),
        "/campaigns/new",
        "back to the form, with no error in the address"
    );
    let page = business.get("/campaigns/new").await;
    assert!(
        page.body.contains("Enter the deadline as a date."),
        "the error is beside its field"
    );
    assert!(page.body.contains(r#"value="Jollof Week""#), "what was typed is kept");
    let again = business.get("/campaigns/new").await;
    assert!(!again.body.contains("Enter the deadline as a date."), "shown once");

    let good = [
        ("title", "Jollof Week"),
        ("budget", "75000"),
        ("currency", "NGN"),
        ("deadline", "2031-01-31"),
        ("status", "draft"),
    ];
    let res = business.post_form::<CreateCampaign>(&good, "/campaigns/new").await;
    assert_eq!(res.status, 302);
    let to = location(&res);
    assert!(
        to.starts_with("/campaigns/") && to.len() > "/campaigns/".len() + 30,
        "{to}"
    );
    let page = business.get(&to).await;
    assert!(page.body.contains("Campaign “Jollof Week” created"), "the toast");
    assert!(
        !business.get(&to).await.body.contains("Campaign “Jollof Week” created"),
        "once"
    );

    // a form's `next` says where to go once it worked; a failed sign-in never echoes the password
    let mut visitor = app.client();
    let res = visitor
        .post_form::<SignIn>(
            &[("email", "ada@example.com"), ("password", "a wrong secret")],
            "/signin",
        )
        .await;
    assert_eq!(location(&res), "/signin");
    let page = visitor.get("/signin").await;
    assert!(page.body.contains("The email or password is incorrect."));
    assert!(page.body.contains(r#"value="ada@example.com""#));
    assert!(!page.body.contains("a wrong secret"), "a password is never echoed");
}

/// `GET /notifications/{id}` (a bell link): the owner is marked read and sent on to the link; anyone else's id,
/// a malformed id or no session changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bell_link_marks_only_its_owners_notification_read() {
    let app = TestApp::new().await;
    let (mut business, _, invitation) = invited_cat(&app).await;
    let creator_id = invitation.creator_id.clone();
    let db = app.db();
    let (_, latest) = collabdesk::server::db::notifications::inbox(db, &creator_id, 1)
        .await
        .unwrap();
    let n = latest.first().expect("the creator was notified").clone();
    let path = format!("/notifications/{}", n.id);
    let unread = || async {
        collabdesk::server::db::notifications::inbox(db, &creator_id, 1)
            .await
            .map(|(n, _)| n)
    };

    // another tenant, a malformed id, and nobody: 404 / sign in, still unread
    assert_eq!(business.get(&path).await.status, 404);
    assert_eq!(business.get("/notifications/not-an-id").await.status, 404);
    let res = app.client().get(&path).await;
    assert!(location(&res).starts_with("/signin"), "{}", res.status);
    assert_eq!(unread().await.unwrap(), 1);

    let mut creator = app.client();
    assert!(creator.sign_in("cat@example.com", PASSWORD).await.status < 400);
    let res = creator.get(&path).await;
    assert!((300..400).contains(&res.status), "{}", res.status);
    assert_eq!(location(&res), n.link);
    assert_eq!(unread().await.unwrap(), 0);
}

/// A plain form post larger than the body limit (1 MiB) is refused before any server function runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_form_post_is_refused() {
    let app = TestApp::new().await;
    let (mut business, _) = app.signed_in("ada@example.com", Role::Business).await;
    let huge = "x".repeat(3 * 1024 * 1024);
    let res = business
        .post_form::<CreateCampaign>(&[("title", huge.as_str()), ("budget", "1")], "/campaigns/new")
        .await;
    assert_eq!(res.status, 413, "{}", &res.body[..res.body.len().min(200)]);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM campaigns")
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(n, 0, "nothing was created");
}

/// The bell reads its count and its latest in one query: the count covers every unread notification, not
/// only the ones shown, and a user with none has nothing unread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bell_counts_every_unread_notification() {
    use collabdesk::domain::time::Millis;
    use collabdesk::server::db::notifications;
    let app = TestApp::new().await;
    let (_, ada) = app.signed_in("ada@example.com", Role::Business).await;
    let (_, bob) = app.signed_in("bob@example.com", Role::Business).await;
    let db = app.db();
    assert_eq!(notifications::inbox(db, &ada, 3).await.unwrap(), (0, vec![]));
    let mut conn = db.begin().await.unwrap();
    for i in 0..5 {
        notifications::insert(&mut conn, &ada, "test", &format!("n{i}"), "", "/", Millis(1_000 + i))
            .await
            .unwrap();
    }
    notifications::insert(&mut conn, &bob, "test", "bob's", "", "/", Millis(5_000))
        .await
        .unwrap();
    conn.commit().await.unwrap();
    let (unread, latest) = notifications::inbox(db, &ada, 3).await.unwrap();
    assert_eq!(unread, 5);
    let titles: Vec<_> = latest.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles, ["n4", "n3", "n2"], "newest first, only the latest shown");
    notifications::mark_read(db, &ada, Some(&latest[0].id), Millis(9_000))
        .await
        .unwrap();
    let (unread, latest) = notifications::inbox(db, &ada, 3).await.unwrap();
    assert_eq!(unread, 4);
    assert!(latest[0].read && !latest[1].read);
}

/// Building a router (which lists the app's routes by running it with data loading switched off, process-wide)
/// while pages of another router render: no render waits for ever (leptos-rs/leptos#4773; the routes are
/// listed once per process, see `router::route_list`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_another_router_is_built() {
    let app = TestApp::new().await;
    let (mut creator, _) = app.signed_in("cat@example.com", Role::Creator).await;
    let built = collabdesk::server::router::Built {
        state: app.state.clone(),
        store: app.built.store.clone(),
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let building = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut routers = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                drop(collabdesk::server::router::app(&built));
                routers += 1;
            }
            routers
        })
    };
    for i in 0..40 {
        let res = tokio::time::timeout(std::time::Duration::from_secs(5), creator.get("/my-campaigns"))
            .await
            .unwrap_or_else(|_| panic!("render {i} of /my-campaigns never finished"));
        assert_eq!(res.status, 200);
        assert!(res.body.contains("My Campaigns"), "{}", res.body);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(building.join().expect("the builder thread") > 0);
}
