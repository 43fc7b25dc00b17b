//! Accounts, roles and the acting user.

use crate::domain::ids::{OrganisationId, UserId};
use crate::error::{AppError, Errors};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Business,
    Creator,
    Publisher,
    Advertiser,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Business,
        Role::Creator,
        Role::Publisher,
        Role::Advertiser,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Business => "business",
            Role::Creator => "creator",
            Role::Publisher => "publisher",
            Role::Advertiser => "advertiser",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Business => "Business",
            Role::Creator => "Creator",
            Role::Publisher => "Publisher",
            Role::Advertiser => "Advertiser",
            Role::Admin => "Admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Anyone may sign up as a business or a creator; the other roles are created by an admin.
    pub fn self_service(self) -> bool {
        matches!(self, Role::Business | Role::Creator)
    }

    /// The roles an admin creates from the `Users` page.
    pub fn staff(self) -> bool {
        matches!(self, Role::Publisher | Role::Advertiser | Role::Admin)
    }

    /// Where this role lands after signing in.
    pub fn home(self) -> &'static str {
        match self {
            Role::Business => "/campaigns",
            Role::Creator => "/my-campaigns",
            Role::Publisher => "/my-requests",
            Role::Advertiser => "/response",
            Role::Admin => "/dashboard",
        }
    }
}

/// Who is acting: built on the server from the session for every server function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: UserId,
    pub role: Role,
    pub name: String,
    pub email: String,
    /// The advertiser organisation an advertiser user belongs to.
    pub organisation_id: Option<OrganisationId>,
}

impl Actor {
    /// Refuses (403) unless the actor has one of `roles` (an entry of [`access`]).
    pub fn require(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.contains(&self.role) {
            return Ok(());
        }
        let names: Vec<String> = roles.iter().map(|r| r.label().to_lowercase()).collect();
        let names = match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => "signed-in".to_string(),
        };
        Err(AppError::Forbidden(format!(
            "This is only available to {names} accounts."
        )))
    }
}

/// Who may open each page and call each server function: the one table of roles. The route table
/// (`app::PAGES`: router, guards, navigation) and the server functions (`auth::actor_in`) both read it.
pub mod access {
    use super::Role;

    /// Public pages (sign in, sign up).
    pub const EVERYONE: &[Role] = &[];
    pub const BUSINESS: &[Role] = &[Role::Business];
    pub const CREATOR: &[Role] = &[Role::Creator];
    pub const PUBLISHER: &[Role] = &[Role::Publisher];
    pub const ADMIN: &[Role] = &[Role::Admin];
    /// The `Responses` page and reviewing creative requests.
    pub const REVIEWERS: &[Role] = &[Role::Admin, Role::Advertiser];
    /// Creative requests at all (what each of them sees is `creative::may_view`).
    pub const CREATIVE_REQUESTS: &[Role] = &[Role::Publisher, Role::Admin, Role::Advertiser];
    /// An invitation's page: its creator and its business.
    pub const INVITATION_PARTIES: &[Role] = &[Role::Creator, Role::Business];
    /// The `API keys` page: admins (partner, advertiser and publisher keys) and businesses (their own).
    pub const KEY_MANAGERS: &[Role] = &[Role::Admin, Role::Business];
    /// One creator request: the business that made it and the agency (admins).
    pub const CREATOR_REQUEST_READERS: &[Role] = &[Role::Business, Role::Admin];
}

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace())
        && email.len() <= 254
        && !domain.contains('@')
}

/// The demo data's e-mail domain: nobody signs up or is created there (the demo accounts are seeded).
pub const RESERVED_DOMAIN: &str = "@demo.test";

fn check_common(errs: &mut Errors, email: &str, password: &str, name: &str) {
    errs.check(valid_email(email), "email", "Enter a valid email address.");
    errs.check(
        !email.ends_with(RESERVED_DOMAIN),
        "email",
        "This e-mail domain is reserved for the demo. Use your own address.",
    );
    let len = password.chars().count();
    errs.check(
        len >= PASSWORD_MIN,
        "password",
        format!("Use a password of at least {PASSWORD_MIN} characters."),
    );
    errs.check(
        len <= PASSWORD_MAX,
        "password",
        format!("Use a password of at most {PASSWORD_MAX} characters."),
    );
    let name_len = crate::domain::text::within(name.trim(), "", 80).unwrap_or(usize::MAX);
    errs.check(
        (2..=80).contains(&name_len),
        "name",
        "Enter a name of 2 to 80 characters.",
    );
}

pub const PLATFORMS: [&str; 5] = ["instagram", "tiktok", "youtube", "twitter", "facebook"];
pub const NICHES: [&str; 10] = [
    "food",
    "fashion",
    "beauty",
    "tech",
    "travel",
    "fitness",
    "music",
    "gaming",
    "lifestyle",
    "comedy",
];

/// What a creator fills in when signing up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatorProfileInput {
    pub username: String,
    pub avatar_url: String,
    pub platforms: Vec<String>,
    pub followers: i64,
    pub niche: String,
    pub bio: String,
}

/// A checked sign-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignUp {
    pub email: String,
    pub password: String,
    pub role: Role,
    /// The business name, or the creator's display name.
    pub name: String,
    pub creator: Option<CreatorProfileInput>,
}

pub fn normalise_username(u: &str) -> String {
    u.trim().trim_start_matches('@').to_lowercase()
}

pub fn valid_username(u: &str) -> bool {
    (3..=30).contains(&u.len())
        && u.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl CreatorProfileInput {
    /// Normalises the profile and records every problem in `errs` (sign-up and the partner's creator sync
    /// share these rules).
    pub fn check(&mut self, errs: &mut Errors) {
        self.username = normalise_username(&self.username);
        errs.check(
            valid_username(&self.username),
            "username",
            "Choose a username of 3 to 30 letters, digits or underscores.",
        );
        self.avatar_url = self.avatar_url.trim().to_string();
        errs.check(
            self.avatar_url.is_empty()
                || self.avatar_url.starts_with("https://")
                || self.avatar_url.starts_with("http://"),
            "avatar_url",
            "The avatar must be a web address starting with https://.",
        );
        if self.platforms.len() > PLATFORMS.len() * 2 {
            // refused before any work on the list (it can only hold each known platform once)
            self.platforms.clear();
            errs.add("platforms", "Choose platforms from the list.");
        } else {
            self.platforms.retain(|p| !p.trim().is_empty());
            self.platforms.sort();
            self.platforms.dedup();
            errs.check(!self.platforms.is_empty(), "platforms", "Choose at least one platform.");
            errs.check(
                self.platforms.iter().all(|p| PLATFORMS.contains(&p.as_str())),
                "platforms",
                "Choose platforms from the list.",
            );
        }
        errs.check(
            (0..=2_000_000_000).contains(&self.followers),
            "followers",
            "Followers must be a whole number of zero or more.",
        );
        errs.check(
            NICHES.contains(&self.niche.as_str()),
            "niche",
            "Choose a niche from the list.",
        );
        self.bio = self.bio.trim().to_string();
        errs.text("bio", &self.bio, "the bio", 1000);
    }
}

impl SignUp {
    pub fn validate(
        email: &str,
        password: &str,
        role: &str,
        name: &str,
        creator: Option<CreatorProfileInput>,
    ) -> Result<SignUp, AppError> {
        let mut errs = Errors::new();
        let email = normalise_email(email);
        check_common(&mut errs, &email, password, name);
        let role = match Role::parse(role) {
            Some(r) if r.self_service() => r,
            _ => {
                errs.add("role", "Choose whether you are a business or a creator.");
                Role::Business
            }
        };
        let creator = if role == Role::Creator {
            let mut c = creator.unwrap_or_default();
            c.check(&mut errs);
            Some(c)
        } else {
            None
        };
        errs.finish()?;
        Ok(SignUp {
            email,
            password: password.to_string(),
            role,
            name: name.trim().to_string(),
            creator,
        })
    }
}

/// An admin creating a publisher, advertiser or admin account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub name: String,
    /// Advertisers belong to an advertiser organisation, named here (created when new).
    pub organisation: Option<String>,
}

impl NewStaff {
    pub fn validate(
        email: &str,
        password: &str,
        role: &str,
        name: &str,
        organisation: &str,
    ) -> Result<NewStaff, AppError> {
        let mut errs = Errors::new();
        let email = normalise_email(email);
        check_common(&mut errs, &email, password, name);
        let role = match Role::parse(role) {
            Some(r) if r.staff() => r,
            _ => {
                errs.add("role", "Choose publisher, advertiser or admin.");
                Role::Admin
            }
        };
        let organisation = organisation.trim();
        let organisation = if role == Role::Advertiser {
            let len = crate::domain::text::within(organisation, "", 120).unwrap_or(usize::MAX);
            errs.check(
                (2..=120).contains(&len),
                "organisation",
                "An advertiser belongs to an advertiser organisation: enter its name.",
            );
            Some(organisation.to_string())
        } else {
            None
        };
        errs.finish()?;
        Ok(NewStaff {
            email,
            password: password.to_string(),
            role,
            name: name.trim().to_string(),
            organisation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creator_input() -> CreatorProfileInput {
        CreatorProfileInput {
            username: "@Ada_Cooks".into(),
            avatar_url: "https://example.com/a.png".into(),
            platforms: vec!["instagram".into()],
            followers: 1200,
            niche: "food".into(),
            bio: "I cook.".into(),
        }
    }

    #[test]
    fn sign_up_accepts_a_creator_and_normalises() {
        let s = SignUp::validate(
            " Ada@Example.COM ",
            "long enough pw",
            "creator",
            " Ada ",
            Some(creator_input()),
        )
        .unwrap();
        assert_eq!(s.email, "ada@example.com");
        assert_eq!(s.name, "Ada");
        assert_eq!(s.creator.unwrap().username, "ada_cooks");
    }

    #[test]
    fn sign_up_refusals_name_the_field() {
        type Case<'a> = (&'a str, &'a str, &'a str, &'a str, Option<CreatorProfileInput>, &'a str);
        let cases: Vec<Case> = vec![
            ("nope", "long enough pw", "business", "Acme", None, "email"),
            ("a@b.co", "short", "business", "Acme", None, "password"),
            ("a@b.co", "long enough pw", "admin", "Acme", None, "role"),
            ("a@b.co", "long enough pw", "business", "A", None, "name"),
            (
                "a@b.co",
                "long enough pw",
                "creator",
                "Ada",
                Some(CreatorProfileInput {
                    username: "x".into(),
                    ..creator_input()
                }),
                "username",
            ),
            (
                "a@b.co",
                "long enough pw",
                "creator",
                "Ada",
                Some(CreatorProfileInput {
                    platforms: vec![],
                    ..creator_input()
                }),
                "platforms",
            ),
            (
                "a@b.co",
                "long enough pw",
                "creator",
                "Ada",
                Some(CreatorProfileInput {
                    niche: "knitting".into(),
                    ..creator_input()
                }),
                "niche",
            ),
            (
                "a@b.co",
                "long enough pw",
                "creator",
                "Ada",
                Some(CreatorProfileInput {
                    followers: -1,
                    ..creator_input()
                }),
                "followers",
            ),
        ];
        for (email, pw, role, name, creator, field) in cases {
            let e = SignUp::validate(email, pw, role, name, creator).unwrap_err();
            assert!(
                e.field_message(field).is_some(),
                "expected an error on {field}, got {e:?}"
            );
        }
    }

    #[test]
    fn staff_accounts() {
        assert!(NewStaff::validate("p@x.io", "long enough pw", "publisher", "Pat", "").is_ok());
        let adv = NewStaff::validate("a@x.io", "long enough pw", "advertiser", "Al", "Acme Ads").unwrap();
        assert_eq!(adv.organisation.as_deref(), Some("Acme Ads"));
        let e = NewStaff::validate("a@x.io", "long enough pw", "advertiser", "Al", "").unwrap_err();
        assert!(e.field_message("organisation").is_some());
        let e = NewStaff::validate("a@x.io", "long enough pw", "creator", "Al", "").unwrap_err();
        assert!(e.field_message("role").is_some());
    }

    #[test]
    fn require_role() {
        let a = Actor {
            user_id: UserId("u".into()),
            role: Role::Creator,
            name: "C".into(),
            email: "c@x.io".into(),
            organisation_id: None,
        };
        assert!(a.require(access::CREATOR).is_ok());
        assert!(a.require(access::INVITATION_PARTIES).is_ok());
        assert_eq!(a.require(access::BUSINESS).unwrap_err().status_code(), 403);
        assert_eq!(
            a.require(access::BUSINESS).unwrap_err(),
            AppError::Forbidden("This is only available to business accounts.".into())
        );
        assert_eq!(
            a.require(access::CREATIVE_REQUESTS).unwrap_err(),
            AppError::Forbidden("This is only available to publisher, admin and advertiser accounts.".into())
        );
    }
}

/// A row of the admin `Users` page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub organisation: Option<String>,
    pub created_at: crate::domain::time::Millis,
}
