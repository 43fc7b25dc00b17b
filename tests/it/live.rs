//! Live updates through `GET /events`, as a browser's `EventSource` uses it: the other side's action reaches an
//! open stream as `change` within 2 s, and the page it then reads again shows it; nobody else hears of it;
//! a stream that reconnects after missing something is told at once; signed out, no stream; a few streams
//! per account at most. Both engines (on PostgreSQL the signal goes through LISTEN/NOTIFY).

use crate::common::{Client, TestApp};
use crate::creative_requests::{review, submit};
use collabdesk::api::invitations::{AcceptInvitation, InviteCreator};
use collabdesk::api::notifications::MarkNotificationsRead;
use collabdesk::domain::account::Role;
use collabdesk::domain::invitation::Invitation;
use collabdesk::domain::live::Mark;
use collabdesk::server::live::STREAMS_PER_USER;
use http_body_util::BodyExt;
use std::time::{Duration, Instant};

/// An open event stream, read as `EventSource` reads it.
struct Stream {
    body: axum::body::Body,
    buffer: String,
}

#[derive(Debug, PartialEq)]
struct Received {
    event: String,
    id: String,
}

impl Stream {
    async fn open(client: &mut Client, headers: &[(&str, &str)]) -> Stream {
        let res = client.open("/events", headers).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        assert!(
            res.headers().get("content-encoding").is_none(),
            "a compressed stream would be held back"
        );
        Stream {
            body: res.into_body(),
            buffer: String::new(),
        }
    }

    /// The next event (keep-alive comments skipped), or `None` if none comes within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<Received> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let field = |name: &str| {
                    block
                        .lines()
                        .find_map(|l| l.strip_prefix(&format!("{name}:")).map(|v| v.trim().to_string()))
                };
                if let Some(event) = field("event") {
                    return Some(Received {
                        event,
                        id: field("id").unwrap_or_default(),
                    });
                }
                continue;
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            match tokio::time::timeout(left, self.body.frame()).await {
                Ok(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        self.buffer.push_str(std::str::from_utf8(&data).unwrap());
                    }
                }
                Ok(_) => panic!("the stream ended"),
                Err(_) => return None,
            }
        }
    }

    /// Reads the greeting: `hello`, and `change` right after it when the page missed something.
    async fn hello(&mut self) -> (Received, bool) {
        let hello = self.next(Duration::from_secs(2)).await.expect("a hello");
        assert_eq!(hello.event, "hello");
        assert!(Mark::parse(&hello.id).is_some(), "{hello:?}");
        let missed = self.next(Duration::from_millis(300)).await;
        if let Some(m) = &missed {
            assert_eq!(m.event, "change");
        }
        (hello, missed.is_some())
    }

    async fn expect_change(&mut self, what: &str) -> Received {
        let started = Instant::now();
        let got = self
            .next(Duration::from_secs(2))
            .await
            .unwrap_or_else(|| panic!("no change within 2 s after {what}"));
        assert_eq!(got.event, "change", "{what}");
        assert!(started.elapsed() < Duration::from_secs(2));
        got
    }

    async fn expect_quiet(&mut self, what: &str) {
        if let Some(got) = self.next(Duration::from_millis(500)).await {
            panic!("{what}: nothing expected, got {got:?}");
        }
    }
}

struct World {
    app: TestApp,
    business: Client,
    rival: Client,
    creator: Client,
    invitation: Invitation,
}

async fn world() -> World {
    let app = TestApp::new().await;
    let (mut business, _) = app.signed_in("biz@example.com", Role::Business).await;
    let (rival, _) = app.signed_in("rival@example.com", Role::Business).await;
    let creator_id = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let mut creator = app.sign_in_as("cat@example.com").await;
    let campaign = business.create_campaign("Jollof Week", "75000", "active").await;
    let before = app.db().live.mark().to_string();
    let res = business
        .call(InviteCreator {
            campaign_id: campaign.id.to_string(),
            creator_id: creator_id.to_string(),
            message: "Join us".into(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // The invitation's signal reaches this instance (on PostgreSQL through NOTIFY, later on a busy machine)
    // before any test opens a stream: a stream that last looked before it is told, so once one is, the signal
    // is here and later streams start quiet.
    let mut settled = Stream::open(&mut creator, &[("last-event-id", &before)]).await;
    let (_, missed) = settled.hello().await;
    if !missed {
        settled.expect_change("the world's invitation").await;
    }
    World {
        app,
        business,
        rival,
        creator,
        invitation: res.json(),
    }
}

/// The number on the bell of a page.
fn unread(page: &str) -> String {
    let at = page.find("data-testid=\"unread-count\"").expect("a bell");
    let rest = &page[at..];
    let start = rest.find('>').unwrap() + 1;
    rest[start..start + rest[start..].find('<').unwrap()].trim().to_string()
}

#[tokio::test]
async fn the_business_hears_at_once_that_the_creator_accepted_and_its_page_shows_it() {
    let mut w = world().await;
    let page = format!("/campaigns/{}", w.invitation.campaign_id);
    let before = w.business.get(&page).await;
    assert!(
        before.body.contains("id=\"live-campaign\""),
        "the campaign page has a live part"
    );
    assert!(
        before.body.contains("/events?since="),
        "a signed-in page opens its stream"
    );
    assert_eq!(unread(&before.body), "0");
    let mut business = Stream::open(&mut w.business, &[]).await;
    let mut rival = Stream::open(&mut w.rival, &[]).await;
    business.hello().await;
    rival.hello().await;

    let res = w
        .creator
        .call(AcceptInvitation {
            id: w.invitation.id.to_string(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    business.expect_change("the creator accepted").await;
    rival.expect_quiet("another business's stream").await;

    // what the page reads again (as the browser's script does: the live header, no flash taken)
    let after = w.business.clone().live_get(&page).await;
    assert_eq!(after.status, 200);
    assert!(after.body.contains("Accepted"), "the status badge says Accepted");
    assert_eq!(unread(&after.body), "1", "the bell counts the creator's answer");

    // marking it read in another tab moves this tab's bell too
    let res = w.business.call(MarkNotificationsRead { id: String::new() }).await;
    assert_eq!(res.status, 200, "{}", res.body);
    business.expect_change("the business read its notifications").await;
    rival.expect_quiet("another business's stream").await;
}

#[tokio::test]
async fn the_creator_hears_of_a_new_invitation_and_the_admins_and_reviewers_of_a_request() {
    let mut w = world().await;
    let mut creator = Stream::open(&mut w.creator, &[]).await;
    creator.hello().await;
    let campaign = w.business.create_campaign("Suya Nights", "50000", "active").await;
    let creator_id = w.app.creator("dan@example.com", "dan_dances", "Dan Dances").await;
    let mut dan = w.app.sign_in_as("dan@example.com").await;
    let mut dan_stream = Stream::open(&mut dan, &[]).await;
    dan_stream.hello().await;
    let res = w
        .business
        .call(InviteCreator {
            campaign_id: campaign.id.to_string(),
            creator_id: creator_id.to_string(),
            message: String::new(),
            template_id: String::new(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    dan_stream.expect_change("a business invited Dan").await;
    creator.expect_quiet("another creator").await;

    // creative requests: every admin, the advertiser's reviewers and the publisher; not another organisation
    let (mut admin, _) = w.app.signed_in("ada@example.com", Role::Admin).await;
    w.app.advertiser("dayo@acme.example", "Acme Ads").await;
    w.app.advertiser("gus@globex.example", "Globex Media").await;
    let mut acme = w.app.sign_in_as("dayo@acme.example").await;
    let mut globex = w.app.sign_in_as("gus@globex.example").await;
    let (mut publisher, _) = w.app.signed_in("pat@example.com", Role::Publisher).await;
    let acme_actor = acme.whoami().await.unwrap();
    let org = acme_actor.organisation_id.clone().unwrap();
    let mut streams = Vec::new();
    for c in [&mut admin, &mut acme, &mut globex, &mut publisher] {
        let mut s = Stream::open(c, &[]).await;
        s.hello().await;
        streams.push(s);
    }
    let req = submit(&mut publisher, "5001", &org).await;
    streams[0].expect_change("a publisher submitted (admin)").await;
    streams[3].expect_change("a publisher submitted (publisher)").await;
    let res = review(&mut admin, &req, "forwarded", "").await;
    assert_eq!(res.status, 200, "{}", res.body);
    streams[1].expect_change("an admin forwarded (Acme's reviewer)").await;
    streams[0].expect_change("an admin forwarded (admin)").await;
    streams[3].expect_change("an admin forwarded (publisher)").await;
    // the other organisation heard nothing of either
    streams[2].expect_quiet("another advertiser").await;
}

#[tokio::test]
async fn a_stream_that_reconnects_after_missing_something_is_told_at_once() {
    let mut w = world().await;
    // a page rendered now, whose stream connects only after the creator answered (a slow phone)
    let mut first = Stream::open(&mut w.business, &[]).await;
    let (hello, _) = first.hello().await;
    drop(first);
    tokio::time::sleep(Duration::from_millis(5)).await;
    let res = w
        .creator
        .call(AcceptInvitation {
            id: w.invitation.id.to_string(),
        })
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // EventSource reconnects with the last id it saw
    let mut again = Stream::open(&mut w.business, &[("last-event-id", &hello.id)]).await;
    let (_, missed) = again.hello().await;
    assert!(missed, "the stream says look again at once");
    // with a mark from after the answer: nothing missed
    let mut now = Stream::open(&mut w.business, &[]).await;
    let (latest, _) = now.hello().await;
    let mut later = Stream::open(&mut w.business, &[("last-event-id", &latest.id)]).await;
    let (_, missed) = later.hello().await;
    assert!(!missed, "nothing happened since");
    // a page's own render mark (the `?since=` of the page) works the same way
    let since = Mark::parse(&hello.id).unwrap().to_string();
    let mut by_query = Stream::open(&mut w.business, &[]).await;
    drop(by_query);
    let res = w.business.open(&format!("/events?since={since}"), &[]).await;
    assert_eq!(res.status(), 200);
    by_query = Stream {
        body: res.into_body(),
        buffer: String::new(),
    };
    let (_, missed) = by_query.hello().await;
    assert!(missed);
    // the creator's own stream from before its answer: the notification went to the business, but the
    // creator's list changed too
    let _ = w.app;
}

#[tokio::test]
async fn no_stream_signed_out_and_a_few_per_account() {
    let mut w = world().await;
    let mut anonymous = w.app.client();
    let res = anonymous.open("/events", &[]).await;
    assert_eq!(res.status(), 401);
    let mut open = Vec::new();
    for _ in 0..STREAMS_PER_USER {
        open.push(Stream::open(&mut w.business, &[]).await);
    }
    let res = w.business.open("/events", &[]).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    // another account is not affected, and a closed stream frees its place
    Stream::open(&mut w.rival, &[]).await;
    open.pop();
    Stream::open(&mut w.business, &[]).await;
}

#[tokio::test]
async fn a_page_read_again_for_a_live_update_neither_takes_the_flash_nor_keeps_the_session_awake() {
    let app = TestApp::with_config(|c| c.session_idle_minutes = 60).await;
    let (mut business, _) = app.signed_in("biz@example.com", Role::Business).await;
    // an action leaves a toast for the next page
    let res = business
        .post_form::<collabdesk::api::campaigns::CreateCampaign>(
            &[
                ("title", "Jollof Week"),
                ("description", ""),
                ("budget", "75000"),
                ("currency", "NGN"),
                ("deadline", "2031-01-31"),
                ("status", "draft"),
            ],
            "/campaigns/new",
        )
        .await;
    assert!([302, 303].contains(&res.status), "{} {}", res.status, res.body);
    let live = business.clone().live_get("/campaigns").await;
    assert_eq!(live.status, 200);
    assert!(!live.body.contains("data-toast"), "the live read shows no toast");
    let page = business.get("/campaigns").await;
    assert!(
        page.body.contains("data-toast"),
        "the user's next page still shows the toast"
    );
    // the stream and live reads never restart the session's idle time (the cookie is not renewed)
    app.state.clock.advance(40 * collabdesk::domain::time::MINUTE);
    let res = business.open("/events", &[]).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers().get("set-cookie").is_none(),
        "the stream renewed the session"
    );
}
