//! HTTP tests: the real router, real sessions, server functions called as the browser calls them.
//! Run on SQLite and on PostgreSQL (see tests/common).

use crate::common::{TestApp, PASSWORD};
use collabdesk::api::auth::{SignOut, SignUp};
use collabdesk::api::campaigns::{
    ChangeCampaignStatus, CreateCampaign, DeleteCampaign, GetCampaign, ListCampaigns, UpdateCampaign,
};
use collabdesk::api::users::{CreateStaff, ListUsers};
use collabdesk::domain::account::Role;
use collabdesk::domain::campaign::{Campaign, CampaignStatus};
use collabdesk::domain::time::MINUTE;
use collabdesk::error::AppError;

fn campaign_form(title: &str, status: &str) -> CreateCampaign {
    CreateCampaign {
        title: title.into(),
        description: "Reels and stories".into(),
        budget: "75,000".into(),
        currency: "NGN".into(),
        deadline: "2031-01-31".into(),
        status: status.into(),
    }
}

/// The first page of a business's campaigns, any status.
fn all_campaigns() -> ListCampaigns {
    ListCampaigns {
        status: String::new(),
        after: String::new(),
    }
}

/// The same fields as an edit of campaign `id`.
fn campaign_edit(id: &str, title: &str) -> UpdateCampaign {
    let c = campaign_form(title, "");
    UpdateCampaign {
        id: id.into(),
        title: c.title,
        description: c.description,
        budget: c.budget,
        currency: c.currency,
        deadline: c.deadline,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_check_reports_the_database() {
    let app = TestApp::new().await;
    let res = app.client().get("/healthz").await;
    assert_eq!(res.status, 200);
    let body: serde_json::Value = res.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], crate::common::engine());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_with_a_wrong_password_fails_and_says_so() {
    let app = TestApp::new().await;
    app.user("ada@example.com", Role::Business, "Ada's Diner").await;
    let mut client = app.client();
    for (email, password) in [("ada@example.com", "wrong password!"), ("nobody@example.com", PASSWORD)] {
        let res = client.sign_in(email, password).await;
        assert_eq!(res.status, 422, "{}", res.body);
        assert_eq!(
            res.error().field_message("password").as_deref(),
            Some("The email or password is incorrect.")
        );
        assert!(client.whoami().await.is_none(), "no session after a refused sign-in");
    }
    let res = client.sign_in(" ADA@example.com ", PASSWORD).await;
    assert!(res.status < 400, "{}", res.body);
    assert_eq!(client.whoami().await.unwrap().name, "Ada's Diner");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_rate_limited_with_a_clear_message() {
    let app = TestApp::new().await;
    app.user("ada@example.com", Role::Business, "Ada's Diner").await;
    let mut client = app.client();
    for _ in 0..10 {
        assert_eq!(client.sign_in("ada@example.com", "guess guess guess").await.status, 422);
    }
    let res = client.sign_in("ada@example.com", "guess guess guess").await;
    assert_eq!(res.status, 429, "{}", res.body);
    let AppError::RateLimited(msg) = res.error() else {
        panic!("{}", res.body)
    };
    assert!(msg.starts_with("Too many sign-in attempts. Please wait "), "{msg}");
    // even the right password waits now
    assert_eq!(client.sign_in("ada@example.com", PASSWORD).await.status, 429);
    assert!(client.whoami().await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_http_only_same_site_and_rotated_at_sign_in() {
    let app = TestApp::new().await;
    app.user("ada@example.com", Role::Business, "Ada's Diner").await;
    let mut client = app.client();
    let res = client.sign_in("ada@example.com", PASSWORD).await;
    let cookie = res
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("collabdesk_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    let first = client.cookie.clone().unwrap();
    client.sign_in("ada@example.com", PASSWORD).await;
    let second = client.cookie.clone().unwrap();
    assert_ne!(first, second, "signing in issues a new session id");
    // the old id no longer works
    let mut stale = app.client();
    stale.cookie = Some(first);
    assert!(stale.whoami().await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_out_visitor_is_sent_to_sign_in() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let res = client.get("/campaigns").await;
    assert_eq!(res.status, 302, "{}", res.body);
    assert_eq!(res.headers["location"], "/signin?next=/campaigns");
    let res = client.get("/").await;
    assert_eq!(res.headers["location"], "/signin");
    let res = client.call(all_campaigns()).await;
    assert_eq!(res.status, 401);
    assert_eq!(res.error(), AppError::Unauthorized);
    let page = client.get("/signin").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Sign in to Collabdesk"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_ends_the_session() {
    let app = TestApp::new().await;
    let (mut client, _) = app.signed_in("ada@example.com", Role::Business).await;
    let old = client.cookie.clone();
    assert!(client.whoami().await.is_some());
    let res = client.call(SignOut {}).await;
    assert!(res.status < 400);
    assert!(client.whoami().await.is_none());
    let mut replay = app.client();
    replay.cookie = old;
    assert!(replay.whoami().await.is_none(), "the old cookie is dead");
}

/// A request reads its session and its account in one query (the store joins them): the account is never a
/// stale copy (a new role or name counts from the next request), the stored session holds no copy of it, and
/// the account's removal ends its sessions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_reads_its_account_fresh_and_ends_with_it() {
    use sqlx::Row;
    let app = TestApp::new().await;
    let (mut client, id) = app.signed_in("ada@example.com", Role::Business).await;
    assert_eq!(client.whoami().await.map(|a| a.role), Some(Role::Business));
    sqlx::query("UPDATE users SET role = 'creator', name = 'Ada Cooks' WHERE id = $1")
        .bind(id.as_str())
        .execute(&app.db().pool)
        .await
        .unwrap();
    let actor = client.whoami().await.expect("still signed in");
    assert_eq!((actor.role, actor.name.as_str()), (Role::Creator, "Ada Cooks"));
    // a request that writes the session back (its idle time restarted) stores its values, not the account
    app.state
        .clock
        .advance(app.state.config.session_idle_minutes * MINUTE / 2);
    assert!(client.whoami().await.is_some());
    let rows = sqlx::query("SELECT data, user_id FROM sessions")
        .fetch_all(&app.db().pool)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let data: String = rows[0].get("data");
    assert_eq!(
        rows[0].get::<Option<String>, _>("user_id").as_deref(),
        Some(id.as_str())
    );
    assert!(data.contains("active_at"), "{data}");
    assert!(!data.contains("_actor") && !data.contains("Ada Cooks"), "{data}");
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id.as_str())
        .execute(&app.db().pool)
        .await
        .unwrap();
    assert!(client.whoami().await.is_none(), "signed out with the account gone");
    let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM sessions")
        .fetch_one(&app.db().pool)
        .await
        .unwrap()
        .get("n");
    assert_eq!(left, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ends_at_its_absolute_lifetime() {
    let app = TestApp::new().await;
    let (mut client, _) = app.signed_in("ada@example.com", Role::Business).await;
    app.state
        .clock
        .advance(app.state.config.session_absolute_minutes * MINUTE - MINUTE);
    assert!(client.whoami().await.is_some());
    app.state.clock.advance(2 * MINUTE);
    assert!(client.whoami().await.is_none());
    assert_eq!(client.call(all_campaigns()).await.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_origin_post_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let (mut client, _) = app.signed_in("ada@example.com", Role::Business).await;
    let res = client
        .call_from(campaign_form("Evil campaign", "draft"), Some("https://evil.example"))
        .await;
    assert_eq!(res.status, 403);
    assert!(res.body.contains("Cross-origin request refused"));
    let list = client
        .call(all_campaigns())
        .await
        .json::<collabdesk::api::campaigns::CampaignPage>();
    assert!(list.campaigns.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_creator_calling_a_business_function_gets_403() {
    let app = TestApp::new().await;
    let (mut creator, _) = app.signed_in("cat@example.com", Role::Creator).await;
    let list = all_campaigns();
    let get = GetCampaign {
        id: "0195a1b2-0000-7000-8000-000000000000".into(),
    };
    for (function, res) in [
        ("list_campaigns", creator.call(list).await),
        (
            "create_campaign",
            creator.call(campaign_form("Mine now", "active")).await,
        ),
        ("get_campaign", creator.call(get).await),
    ] {
        assert_eq!(res.status, 403, "{function}: {}", res.body);
        assert_eq!(
            res.error(),
            AppError::Forbidden("This is only available to business accounts.".into())
        );
    }
    let res = creator.get("/campaigns").await;
    assert_eq!(res.status, 403);
    assert!(res.body.contains("You do not have access to this page"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn campaign_crud_follows_the_rules() {
    let app = TestApp::new().await;
    let (mut owner, _) = app.signed_in("ada@example.com", Role::Business).await;
    let (mut rival, _) = app.signed_in("bob@example.com", Role::Business).await;

    // bad input: field errors, nothing stored
    let res = owner
        .call(CreateCampaign {
            title: "Hi".into(),
            description: String::new(),
            budget: "-3".into(),
            currency: "NGN".into(),
            deadline: "2001-01-01".into(),
            status: String::new(),
        })
        .await;
    assert_eq!(res.status, 422);
    let err = res.error();
    assert!(err.field_message("title").is_some() && err.field_message("budget").is_some());
    assert_eq!(
        err.field_message("deadline").as_deref(),
        Some("The deadline must be in the future.")
    );
    let page: collabdesk::api::campaigns::CampaignPage = owner.call(all_campaigns()).await.json();
    assert!(page.campaigns.is_empty());

    // create a draft
    let res = owner.call(campaign_form("Jollof Week", "draft")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let c: Campaign = res.json();
    assert_eq!(c.status, CampaignStatus::Draft);
    assert_eq!(c.budget.to_string(), "₦75,000.00");
    let id = c.id.to_string();

    // another business: not found, and nothing changes
    let publish = ChangeCampaignStatus {
        id: id.clone(),
        action: "publish".into(),
    };
    for (function, res) in [
        ("get_campaign", rival.call(GetCampaign { id: id.clone() }).await),
        ("change_campaign_status", rival.call(publish.clone()).await),
        ("delete_campaign", rival.call(DeleteCampaign { id: id.clone() }).await),
    ] {
        assert_eq!(res.status, 404, "{function}");
        assert_eq!(res.error(), AppError::NotFound("Campaign not found.".into()));
    }
    assert_eq!(rival.call(campaign_edit(&id, "Stolen")).await.status, 404);
    let rival_list: collabdesk::api::campaigns::CampaignPage = rival.call(all_campaigns()).await.json();
    assert!(
        rival_list.campaigns.is_empty(),
        "a business lists only its own campaigns"
    );
    let unchanged: Campaign = owner.call(GetCampaign { id: id.to_string() }).await.json();
    assert_eq!(
        (unchanged.title.as_str(), unchanged.status),
        ("Jollof Week", CampaignStatus::Draft)
    );

    // the owner edits, publishes, and closes
    let edit = campaign_edit(&id, "Jollof Festival Week");
    let res = owner.call(edit.clone()).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json::<Campaign>().title, "Jollof Festival Week");
    let c: Campaign = owner.call(publish.clone()).await.json();
    assert_eq!(c.status, CampaignStatus::Active);
    let again = owner.call(publish).await;
    assert_eq!(again.status, 409);
    assert_eq!(
        again.error(),
        AppError::Conflict("This campaign is already active.".into())
    );
    let res = owner.call(DeleteCampaign { id: id.to_string() }).await;
    assert_eq!(res.status, 409, "a published campaign is closed, not deleted");
    let c: Campaign = owner
        .call(ChangeCampaignStatus {
            id: id.to_string(),
            action: "close".into(),
        })
        .await
        .json();
    assert_eq!(c.status, CampaignStatus::Closed);
    let res = owner.call(edit).await;
    assert_eq!(res.status, 409);
    let res = owner
        .call(ChangeCampaignStatus {
            id: id.to_string(),
            action: "reopen".into(),
        })
        .await;
    assert_eq!(res.status, 422);

    // a draft can be deleted
    let d: Campaign = owner.call(campaign_form("Brunch", "")).await.json();
    assert_eq!(owner.call(DeleteCampaign { id: d.id.to_string() }).await.status, 200);
    assert_eq!(owner.call(GetCampaign { id: d.id.to_string() }).await.status, 404);
    // a malformed id is simply not found
    assert_eq!(owner.call(GetCampaign { id: "1 OR 1=1".into() }).await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn campaign_pages_render_for_the_owner_only() {
    let app = TestApp::new().await;
    let (mut owner, _) = app.signed_in("ada@example.com", Role::Business).await;
    let (mut rival, _) = app.signed_in("bob@example.com", Role::Business).await;
    let c: Campaign = owner.call(campaign_form("Suya Nights", "active")).await.json();
    let page = owner.get(&format!("/campaigns/{}", c.id)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Suya Nights") && page.body.contains("₦75,000.00"));
    let page = rival.get(&format!("/campaigns/{}", c.id)).await;
    assert!(!page.body.contains("Suya Nights"));
    assert!(page.body.contains("Campaign not found."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_create_staff_accounts_and_nobody_else_can() {
    let app = TestApp::new().await;
    let (mut admin, _) = app.signed_in("root@example.com", Role::Admin).await;
    let (mut business, _) = app.signed_in("ada@example.com", Role::Business).await;
    let form = CreateStaff {
        email: "ads@example.com".into(),
        password: "a good long password".into(),
        role: "advertiser".into(),
        name: "Ade Vertiser".into(),
        organisation: "Acme Ads".into(),
    };
    let res = business.call(form.clone()).await;
    assert_eq!(res.status, 403);
    assert_eq!(
        business
            .call(ListUsers {
                role: String::new(),
                after: String::new()
            })
            .await
            .status,
        403
    );

    let res = admin.call(form.clone()).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let user: collabdesk::domain::account::UserSummary = res.json();
    assert_eq!(user.organisation.as_deref(), Some("Acme Ads"));
    let res = admin.call(form.clone()).await;
    assert_eq!(res.status, 409);
    assert_eq!(
        res.error(),
        AppError::Conflict("An account with this email already exists.".into())
    );
    let no_org = CreateStaff {
        email: "ads2@example.com".into(),
        organisation: String::new(),
        ..form.clone()
    };
    let res = admin.call(no_org).await;
    assert_eq!(res.status, 422);
    assert!(res.error().field_message("organisation").is_some());
    let creator = CreateStaff {
        email: "c@example.com".into(),
        role: "creator".into(),
        ..form
    };
    assert_eq!(admin.call(creator).await.status, 422);

    // the new advertiser can sign in and belongs to the organisation
    let mut adv = app.client();
    assert!(adv.sign_in("ads@example.com", "a good long password").await.status < 400);
    let me = adv.whoami().await.unwrap();
    assert_eq!(me.role, Role::Advertiser);
    assert!(me.organisation_id.is_some());
    let users: collabdesk::api::users::UserPage = admin
        .call(ListUsers {
            role: "advertiser".into(),
            after: String::new(),
        })
        .await
        .json();
    assert_eq!(users.users.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_as_a_creator_with_a_profile() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let form = SignUp {
        email: "zee@example.com".into(),
        password: "a good long password".into(),
        role: "creator".into(),
        name: "Zee Cooks".into(),
        username: "@Zee_Cooks".into(),
        avatar_url: String::new(),
        platforms: vec!["instagram".into(), "tiktok".into()],
        followers: "12,500".into(),
        niche: "food".into(),
        bio: "Home cooking.".into(),
    };
    let res = client.call(form.clone()).await;
    assert!(res.status < 400, "{} {}", res.status, res.body);
    let me = client.whoami().await.unwrap();
    assert_eq!((me.role, me.name.as_str()), (Role::Creator, "Zee Cooks"));
    let row = sqlx::query("SELECT p.username, p.followers, (SELECT COUNT(*) FROM creator_platforms cp WHERE cp.user_id = p.user_id) AS platforms FROM creator_profiles p")
        .fetch_one(&app.db().pool)
        .await
        .unwrap();
    use sqlx::Row;
    assert_eq!(row.get::<String, _>("username"), "zee_cooks");
    assert_eq!(row.get::<i64, _>("followers"), 12_500);
    assert_eq!(row.get::<i64, _>("platforms"), 2);

    // the same username again: a clear conflict, no second account
    let mut other = app.client();
    let again = SignUp {
        email: "zee2@example.com".into(),
        ..form
    };
    let res = other.call(again).await;
    assert_eq!(res.status, 409);
    assert_eq!(
        res.error(),
        AppError::Conflict("That username is taken. Choose another.".into())
    );
    assert_eq!(collabdesk::server::db::users::count(app.db()).await.unwrap(), 1);
    // nobody signs themselves up as an admin
    let res = other
        .call(SignUp {
            email: "x@example.com".into(),
            password: "a good long password".into(),
            role: "admin".into(),
            name: "Mallory".into(),
            username: String::new(),
            avatar_url: String::new(),
            platforms: Default::default(),
            followers: String::new(),
            niche: String::new(),
            bio: String::new(),
        })
        .await;
    assert_eq!(res.status, 422);
    assert!(res.error().field_message("role").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_user_opening_sign_in_goes_home() {
    let app = TestApp::new().await;
    let (mut client, _) = app.signed_in("cat@example.com", Role::Creator).await;
    let res = client.get("/signin").await;
    assert_eq!(res.status, 302);
    assert_eq!(res.headers["location"], "/my-campaigns");
    let res = client.get("/").await;
    assert_eq!(res.headers["location"], "/my-campaigns");
}
