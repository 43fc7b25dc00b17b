//! Demo data, seeded at start-up when `COLLABDESK_DEMO` is on and the database has no accounts yet.
//! Every demo account's password is `collabdesk-demo` (listed in the README).

use crate::domain::account::{CreatorProfileInput, Role, NICHES, PLATFORMS};
use crate::domain::campaign::CampaignStatus;
use crate::domain::ids::CampaignId;
use crate::domain::money::Currency;
use crate::domain::time::{Millis, DAY};
use crate::server::clock::Clock;
use crate::server::db::users::{insert_in, NewUser};
use crate::server::db::{users, Db};

pub const DEMO_PASSWORD: &str = "collabdesk-demo";

const FIRST: [&str; 14] = [
    "Amaka", "Tunde", "Zainab", "Kofi", "Chioma", "Emeka", "Fatima", "Segun", "Ngozi", "Bola", "Yemi", "Ifeoma",
    "Kwame", "Halima",
];
const LAST: [&str; 6] = ["Okafor", "Adeyemi", "Bello", "Mensah", "Eze", "Balogun"];

/// In production, the demo accounts (whose password is published in the README) must not exist: a database
/// seeded in development is refused with what to do.
pub async fn refuse_demo_accounts(db: &Db) -> Result<(), String> {
    // only accounts that still have the published password (nobody can sign up at demo.test: see
    // `domain::account::RESERVED_DOMAIN`, so no one can stop a production start this way)
    for hash in users::hashes_at_domain(db, "demo.test")
        .await
        .map_err(|e| e.to_string())?
    {
        let published = crate::server::auth::password::verify(DEMO_PASSWORD.to_string(), Some(hash))
            .await
            .map_err(|e| e.to_string())?;
        if published {
            return Err(
                "this database holds the demo accounts (…@demo.test) with the password published in the README: \
                 refusing to start in production. Delete them, or use a database that was never seeded with demo data."
                    .into(),
            );
        }
    }
    Ok(())
}

/// Seeds the demo data into an empty database; does nothing when any account exists.
pub async fn seed_if_empty(db: &Db, clock: &Clock) -> Result<(), String> {
    if users::count(db).await.map_err(|e| e.to_string())? > 0 {
        tracing::info!("demo data: database already has accounts, not seeding");
        return Ok(());
    }
    seed(db, clock).await.map_err(|e| e.to_string())?;
    tracing::info!("demo data seeded (password: {DEMO_PASSWORD})");
    Ok(())
}

async fn seed(db: &Db, clock: &Clock) -> Result<(), crate::error::AppError> {
    let now = clock.now();
    // One hash for every demo account: they share a published password anyway, and hashing 49 times would
    // slow every start on an empty database.
    let hash = crate::server::auth::password::hash(DEMO_PASSWORD.to_string()).await?;
    let mut tx = db.pool.begin().await?;
    let account = |email: &'static str, role: Role, name: &'static str, org: Option<&'static str>| NewUser {
        email,
        password_hash: "",
        role,
        name,
        organisation: org,
        creator: None,
    };
    let staff = [
        account("admin@demo.test", Role::Admin, "Ada Admin", None),
        account(
            "advertiser@demo.test",
            Role::Advertiser,
            "Dayo Advertiser",
            Some("Demo Advertiser"),
        ),
        account("publisher@demo.test", Role::Publisher, "Pat Publisher", None),
    ];
    let mut ids = Vec::new();
    for (i, mut user) in staff.into_iter().enumerate() {
        user.password_hash = &hash;
        ids.push(insert_in(&mut tx, &user, Millis(now.0 - 100 + i as i64)).await?);
    }
    let business = insert_in(
        &mut tx,
        &NewUser {
            password_hash: &hash,
            ..account("business@demo.test", Role::Business, "Mama Nkechi's Kitchen", None)
        },
        now,
    )
    .await?;
    let business2 = insert_in(
        &mut tx,
        &NewUser {
            password_hash: &hash,
            ..account("business2@demo.test", Role::Business, "Lagos Threads", None)
        },
        now,
    )
    .await?;

    let demo_creators = [
        (
            "creator@demo.test",
            "Demo Creator",
            CreatorProfileInput {
                username: "demo_creator".into(),
                avatar_url: avatar("demo_creator"),
                platforms: vec!["instagram".into(), "tiktok".into()],
                followers: 48_500,
                niche: "food".into(),
                bio: "Lagos food stories, one plate at a time.".into(),
            },
        ),
        (
            "creator2@demo.test",
            "Second Demo Creator",
            CreatorProfileInput {
                username: "demo_creator2".into(),
                avatar_url: avatar("demo_creator2"),
                platforms: vec!["youtube".into(), "instagram".into()],
                followers: 126_000,
                niche: "lifestyle".into(),
                bio: "Everyday life in Abuja, honestly told.".into(),
            },
        ),
    ];
    for (email, name, profile) in &demo_creators {
        insert_in(
            &mut tx,
            &NewUser {
                email,
                password_hash: &hash,
                role: Role::Creator,
                name,
                organisation: None,
                creator: Some(profile),
            },
            now,
        )
        .await?;
    }
    for i in 0..42usize {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i / FIRST.len() + i) % LAST.len()];
        let username = format!("{}_{}{}", first.to_lowercase(), last.to_lowercase(), i + 1);
        let profile = CreatorProfileInput {
            avatar_url: avatar(&username),
            username,
            platforms: vec![
                PLATFORMS[i % PLATFORMS.len()].to_string(),
                PLATFORMS[(i * 3 + 1) % PLATFORMS.len()].to_string(),
            ],
            // from a few thousand to a couple of million, spread unevenly
            followers: (1_500 + (i as i64 * 7_919 % 97) * (i as i64 % 7 + 1) * 3_100) * if i % 9 == 0 { 10 } else { 1 },
            niche: NICHES[(i * 7) % NICHES.len()].to_string(),
            bio: format!("{} content from {first}.", NICHES[(i * 7) % NICHES.len()]),
        };
        let email = format!("creator{}@demo.test", i + 3);
        let name = format!("{first} {last}");
        insert_in(
            &mut tx,
            &NewUser {
                email: &email,
                password_hash: &hash,
                role: Role::Creator,
                name: &name,
                organisation: None,
                creator: Some(&profile),
            },
            Millis(now.0 - i as i64 * 60_000),
        )
        .await?;
    }

    let campaigns = [
        (
            &business,
            "Jollof Festival Week",
            "Show our smoky party jollof to Lagos food lovers: one reel and three stories during festival week.",
            7_500_000,
            Currency::NGN,
            30,
            CampaignStatus::Active,
        ),
        (
            &business,
            "Suya Nights Street Tour",
            "Take your followers on a late-night suya tour of our Lekki and Yaba branches.",
            12_000_000,
            Currency::NGN,
            45,
            CampaignStatus::Active,
        ),
        (
            &business,
            "Weekend Brunch Launch",
            "Our new weekend brunch menu, launching next month. Still planning the brief.",
            5_000_000,
            Currency::NGN,
            60,
            CampaignStatus::Draft,
        ),
        (
            &business,
            "Christmas Pepper Soup Special",
            "Last year's festive campaign.",
            9_000_000,
            Currency::NGN,
            -20,
            CampaignStatus::Closed,
        ),
        (
            &business2,
            "Ankara Summer Lookbook",
            "Style three looks from our new Ankara collection for a summer lookbook.",
            150_000,
            Currency::USD,
            40,
            CampaignStatus::Active,
        ),
    ];
    for (i, (owner, title, description, minor, currency, days, status)) in campaigns.into_iter().enumerate() {
        let created = Millis(now.0 - (10 - i as i64) * DAY);
        sqlx::query(
            "INSERT INTO campaigns (id, business_id, title, description, budget_minor, currency, deadline, status,
                                    created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(CampaignId::generate().0)
        .bind(owner.as_str())
        .bind(title)
        .bind(description)
        .bind(minor as i64)
        .bind(currency.code())
        .bind(now.plus(days * DAY).0)
        .bind(status.as_str())
        .bind(created.0)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    seed_invitations(db, now).await?;
    seed_outreach_history(db, now).await?;
    seed_wallets(db, now).await?;
    seed_creative_requests(db, now).await
}

/// Opening balances (an admin top-up each, as the app records them) and one pending offer.
async fn seed_wallets(db: &Db, now: Millis) -> Result<(), crate::error::AppError> {
    use crate::domain::money::{Currency, Money};
    use crate::domain::offer::ValidOffer;
    use crate::error::AppError;
    use crate::server::db::{creators, offers, wallets};
    let id_of = |email: &'static str| async move {
        users::credentials(db, email)
            .await?
            .map(|(id, _)| id)
            .ok_or(AppError::Internal)
    };
    let admin = id_of("admin@demo.test").await?;
    let business = id_of("business@demo.test").await?;
    let business2 = id_of("business2@demo.test").await?;
    let opening = "Opening balance (demo bank transfer)";
    wallets::top_up(
        db,
        &business,
        Money::new(50_000_000, Currency::NGN),
        &admin,
        opening,
        now,
    )
    .await?;
    wallets::top_up(db, &business2, Money::new(200_000, Currency::USD), &admin, opening, now).await?;
    let row = sqlx::query("SELECT id FROM campaigns WHERE title = 'Jollof Festival Week'")
        .fetch_one(&db.pool)
        .await?;
    let campaign = CampaignId(crate::server::db::col(&row, "id")?);
    let creator = creators::by_username(db, "demo_creator2")
        .await?
        .ok_or(AppError::Internal)?;
    let offer = ValidOffer {
        campaign_id: campaign,
        creator_username: "demo_creator2".into(),
        amount: Money::new(5_000_000, Currency::NGN),
        message: "A paid tasting reel for Jollof Festival Week?".into(),
        deadline: now.plus(20 * DAY),
    };
    offers::send(db, &business, &creator.id, &offer, "demo-offer-1", now).await?;
    Ok(())
}

/// A few invitations so both sides have something to look at: pending ones, and one that ran out.
async fn seed_invitations(db: &Db, now: Millis) -> Result<(), crate::error::AppError> {
    use crate::server::db::{creators, invitations};
    let by_title = |title: &'static str| async move {
        let row = sqlx::query("SELECT id, business_id FROM campaigns WHERE title = $1")
            .bind(title)
            .fetch_one(&db.pool)
            .await?;
        Ok::<_, crate::error::AppError>((
            CampaignId(crate::server::db::col(&row, "id")?),
            crate::domain::ids::UserId(crate::server::db::col(&row, "business_id")?),
        ))
    };
    let creator = |username: &'static str| async move {
        creators::by_username(db, username)
            .await?
            .map(|c| c.id)
            .ok_or(crate::error::AppError::Internal)
    };
    let plan = [
        (
            "Jollof Festival Week",
            "demo_creator",
            2,
            "We love your jollof reviews — come cook with us!",
        ),
        (
            "Suya Nights Street Tour",
            "demo_creator2",
            20,
            "Join our late-night suya tour.",
        ),
        (
            "Ankara Summer Lookbook",
            "demo_creator",
            1,
            "Your style would suit our summer collection.",
        ),
        // two days left: the reminder job reminds Tunde as soon as the app starts
        (
            "Jollof Festival Week",
            "tunde_eze16",
            12,
            "Still keen on a festival reel?",
        ),
    ];
    for (title, username, days_ago, message) in plan {
        let (campaign, business) = by_title(title).await?;
        let creator = creator(username).await?;
        let invite = [(creator, message.to_string())];
        invitations::insert_many(db, &campaign, &business, &invite, now.plus(-days_ago * DAY)).await?;
    }
    Ok(())
}

/// Last season's campaign had its outreach before it closed: fifteen invitations over ten weeks (creators 20
/// to 34, whom no other demo data uses), answered in every way, through the same store functions as the app
/// (so the weekly counts, the events and the notifications are what the app would have written). It gives the
/// Analytics page a history to show.
async fn seed_outreach_history(db: &Db, now: Millis) -> Result<(), crate::error::AppError> {
    use crate::domain::invitation::InvitationAction;
    use crate::server::db::invitations::{self, Inserted};
    let row = sqlx::query("SELECT id, business_id FROM campaigns WHERE title = 'Christmas Pepper Soup Special'")
        .fetch_one(&db.pool)
        .await?;
    let campaign = CampaignId(crate::server::db::col(&row, "id")?);
    let business = crate::domain::ids::UserId(crate::server::db::col(&row, "business_id")?);
    // open while it ran
    let set = |status: &'static str| {
        sqlx::query("UPDATE campaigns SET status = $1 WHERE id = $2")
            .bind(status)
            .bind(campaign.as_str())
    };
    set("active").execute(&db.pool).await?;
    for k in 0..15_i64 {
        let row = sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(format!("creator{}@demo.test", 20 + k))
            .fetch_one(&db.pool)
            .await?;
        let creator = crate::domain::ids::UserId(crate::server::db::col(&row, "id")?);
        let sent = now.plus(-(74 - 4 * k) * DAY - (k % 3) * 5 * 3_600_000);
        let invite = [(
            creator.clone(),
            "Cook a pot of pepper soup with us this Christmas?".to_string(),
        )];
        let Some(inserted) = invitations::insert_many(db, &campaign, &business, &invite, sent).await? else {
            return Err(crate::error::AppError::Internal);
        };
        let Some(Inserted::Created(inv)) = inserted.into_iter().next() else {
            return Err(crate::error::AppError::Internal);
        };
        // two in five accepted (within hours), one declined the next day, one withdrawn, one lapsed
        let (action, actor, note, at) = match k % 5 {
            0 | 1 => (
                InvitationAction::Accept,
                Some(&creator),
                None,
                sent.plus((k + 1) * 3 * 3_600_000),
            ),
            2 => (
                InvitationAction::Decline,
                Some(&creator),
                Some("Fully booked in December"),
                sent.plus(DAY),
            ),
            3 => (InvitationAction::Withdraw, Some(&business), None, sent.plus(2 * DAY)),
            _ => (InvitationAction::Expire, None, None, inv.expires_at.plus(60_000)),
        };
        if at.0 < now.0 {
            invitations::transition(db, &inv, action, actor, note, at).await?;
        } else {
            invitations::transition(db, &inv, InvitationAction::Withdraw, Some(&business), None, now).await?;
        }
    }
    set("closed").execute(&db.pool).await?;
    // what happened weeks ago has been seen: the history's notifications are read
    sqlx::query(
        "UPDATE notifications SET read_at = created_at
         WHERE read_at IS NULL
           AND (link = $1 OR link IN (SELECT '/invitations/' || id FROM campaign_invitations WHERE campaign_id = $2))",
    )
    .bind(format!("/campaigns/{}", campaign.as_str()))
    .bind(campaign.as_str())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Demo creators have no photo: the UI shows their initials instead.
fn avatar(_username: &str) -> String {
    String::new()
}

/// Creative requests in every state of the workflow (seed S4's examples), made through the same store
/// functions as the app so each has its audit trail; one is for a second advertiser the demo advertiser
/// cannot see.
async fn seed_creative_requests(db: &Db, now: Millis) -> Result<(), crate::error::AppError> {
    use crate::domain::account::Actor;
    use crate::domain::creative::{NewCreativeRequest, RequestState, ReviewAction as A, Reviewer};
    use crate::domain::ids::OrganisationId;
    use crate::domain::time::HOUR;
    use crate::error::AppError;
    use crate::server::db::creative_requests as store;
    let actor_of = |email: &'static str| async move {
        let (id, _) = users::credentials(db, email).await?.ok_or(AppError::Internal)?;
        users::actor(db, &id).await?.ok_or(AppError::Internal)
    };
    let (admin, advertiser, publisher) = (
        actor_of("admin@demo.test").await?,
        actor_of("advertiser@demo.test").await?,
        actor_of("publisher@demo.test").await?,
    );
    let demo_org = advertiser.organisation_id.clone().ok_or(AppError::Internal)?;
    let other_org = OrganisationId::generate();
    sqlx::query("INSERT INTO organisations (id, name, kind, created_at) VALUES ($1, 'Globex Media', 'advertiser', $2)")
        .bind(other_org.as_str())
        .bind(now.0)
        .execute(&db.pool)
        .await?;
    type Step = (Reviewer, A, &'static str);
    let fwd: Step = (Reviewer::Admin, A::Forward, "Looks good, approved");
    // offer id, offer name, creative type, creatives, priority, advertiser, days ago, review steps
    type Planned<'a> = (
        &'a str,
        &'a str,
        &'a str,
        i64,
        &'a str,
        &'a OrganisationId,
        i64,
        &'a [Step],
    );
    let plan: [Planned; 8] = [
        (
            "5001",
            "Holiday Special",
            "Email",
            3,
            "High Priority",
            &demo_org,
            1,
            &[],
        ),
        (
            "5002",
            "Spring Sale Banner Set",
            "Banner",
            4,
            "Medium Priority",
            &demo_org,
            2,
            &[],
        ),
        ("5004", "Lead Gen", "Email", 2, "High Priority", &demo_org, 3, &[fwd]),
        (
            "5006",
            "Creative Software",
            "Native",
            1,
            "Medium Priority",
            &demo_org,
            5,
            &[
                fwd,
                (Reviewer::Advertiser, A::Approve, "Approved for the December drop"),
            ],
        ),
        (
            "5008",
            "Fitness App Trial",
            "Social",
            2,
            "Medium Priority",
            &demo_org,
            6,
            &[(Reviewer::Admin, A::Reject, "This offer is paused until January")],
        ),
        (
            "5009",
            "Travel Deals Weekly",
            "Email",
            5,
            "High Priority",
            &demo_org,
            8,
            &[
                fwd,
                (
                    Reviewer::Advertiser,
                    A::Reject,
                    "We cannot run travel creatives this quarter",
                ),
            ],
        ),
        (
            "5011",
            "Corporate Accounts",
            "Email",
            3,
            "High Priority",
            &demo_org,
            4,
            &[fwd, (Reviewer::Advertiser, A::SendBack, "Need different subject lines")],
        ),
        (
            "5012",
            "Globex Product Launch",
            "Video",
            1,
            "High Priority",
            &other_org,
            2,
            &[fwd],
        ),
    ];
    for (offer_id, offer_name, kind, count, priority, org, days_ago, steps) in plan {
        let input = NewCreativeRequest {
            offer_id: offer_id.into(),
            offer_name: offer_name.into(),
            creative_type: kind.into(),
            creative_count: count.to_string(),
            from_lines_count: "2".into(),
            subject_lines_count: "3".into(),
            priority: priority.into(),
            advertiser_id: org.0.clone(),
            affiliate_id: "AFF-1042".into(),
            client_id: format!("CL-{offer_id}"),
            client_name: format!("{offer_name} Ltd"),
            notes: String::new(),
        };
        let valid = input.validate()?;
        let mut at = now.plus(-days_ago * DAY);
        let mut req = store::insert(db, &publisher, &valid, at)
            .await?
            .ok_or(AppError::Internal)?;
        for (reviewer, action, comment) in steps {
            at = at.plus(3 * HOUR);
            let actor: &Actor = if *reviewer == Reviewer::Admin {
                &admin
            } else {
                &advertiser
            };
            let to: RequestState = req.state.apply(*action, *reviewer)?;
            req = store::transition(db, &req, to, *action, *reviewer, actor, Some(comment), at)
                .await?
                .ok_or(AppError::Internal)?;
        }
    }
    Ok(())
}
