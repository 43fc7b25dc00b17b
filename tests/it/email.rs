//! E-mail through the outbox to a real SMTP server (aiosmtpd on a local port): invitation events reach the
//! other side, an SMTP server that is down delays mail but never loses it, and a retried message keeps its
//! Message-ID. Both engines.

use crate::common::smtp::{decode, SmtpSink};
use crate::common::TestApp;
use collabdesk::api::invitations::{AcceptInvitation, InviteCreator};
use collabdesk::domain::account::Role;
use collabdesk::domain::invitation::Invitation;
use collabdesk::domain::time::MINUTE;
use sqlx::Row;

#[tokio::test]
async fn invitation_events_email_the_other_side_and_survive_an_smtp_outage() {
    let dir = tempfile::tempdir().unwrap();
    let mut sink = SmtpSink::start(dir.path()).await;
    let url = sink.url.clone();
    let app = TestApp::with_config(|c| {
        c.smtp_url = Some(url);
        c.session_absolute_minutes = 60 * 24;
    })
    .await;
    let (mut business, _) = app.signed_in("biz@example.com", Role::Business).await;
    let creator_id = app.creator("cat@example.com", "cat_cooks", "Cat Cooks").await;
    let mut creator = app.sign_in_as("cat@example.com").await;
    let campaign = business.create_campaign("Jollof Week", "1000", "active").await;
    let inv: Invitation = business
        .call(InviteCreator {
            campaign_id: campaign.id.to_string(),
            creator_id: creator_id.to_string(),
            message: "Come cook with us".into(),
            template_id: String::new(),
        })
        .await
        .json();
    let worker = app.worker();
    assert_eq!(worker.run_once().await, 1);
    let got = sink.messages();
    assert_eq!(got.len(), 1, "the creator's e-mail");
    let (headers, body) = decode(&got[0]);
    assert!(headers.contains("To: cat@example.com"), "{headers}");
    assert!(body.contains("Message from Business user: Come cook with us"), "{body}");
    assert!(
        body.contains("Open Collabdesk: http://collabdesk.test/my-campaigns"),
        "{body}"
    );

    // the SMTP server goes away: accepting still works, the e-mail waits and says why
    sink.stop();
    let res = creator.call(AcceptInvitation { id: inv.id.to_string() }).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(worker.run_once().await, 1);
    let row = sqlx::query(
        "SELECT id, status, attempts, last_error FROM outbox WHERE channel = 'email' AND status <> 'delivered'",
    )
    .fetch_one(&app.db().pool)
    .await
    .unwrap();
    let id: String = row.get("id");
    assert_eq!(row.get::<String, _>("status"), "pending");
    assert_eq!(row.get::<i64, _>("attempts"), 1);
    assert!(row.get::<String, _>("last_error").starts_with("SMTP:"));

    // it comes back: the next due attempt delivers the same message (same Message-ID) to the business
    let sink = SmtpSink::start(dir.path()).await;
    let worker = {
        let port_url = sink.url.clone();
        let mut config = (*app.state.config).clone();
        config.smtp_url = Some(port_url);
        let mailer = collabdesk::server::mail::Mailer::from_config(&config).unwrap();
        collabdesk::server::outbox::Worker::new(app.db().clone(), app.state.clock.clone(), mailer)
    };
    app.state.clock.advance(10 * MINUTE);
    assert_eq!(worker.run_once().await, 1);
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    let (headers, body) = decode(&got[0]);
    assert!(headers.contains("To: biz@example.com"), "{headers}");
    assert!(headers.contains(&format!("Message-ID: <{id}@collabdesk>")), "{headers}");
    assert!(
        body.contains("Cat Cooks accepted your invitation to “Jollof Week”"),
        "{body}"
    );
    let left: i64 = sqlx::query("SELECT COUNT(*) FROM outbox WHERE status <> 'delivered'")
        .fetch_one(&app.db().pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0, "nothing lost");
}
