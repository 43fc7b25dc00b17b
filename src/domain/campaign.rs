//! Campaigns a business runs: the state machine and the input rules.

use crate::domain::account::Actor;
use crate::domain::ids::{CampaignId, UserId};
use crate::domain::money::{Currency, Money};
use crate::domain::time::Millis;
use crate::error::{AppError, Errors};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum CampaignStatus {
    Draft,
    Active,
    Closed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CampaignAction {
    /// Draft → Active: creators can now be invited.
    Publish,
    /// Draft or Active → Closed. Final.
    Close,
}

impl CampaignAction {
    pub fn label(self) -> &'static str {
        match self {
            CampaignAction::Publish => "Publish",
            CampaignAction::Close => "Close",
        }
    }
}

impl CampaignStatus {
    pub const ALL: [CampaignStatus; 3] = [CampaignStatus::Draft, CampaignStatus::Active, CampaignStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Active => "active",
            CampaignStatus::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "Draft",
            CampaignStatus::Active => "Active",
            CampaignStatus::Closed => "Closed",
        }
    }

    pub fn parse(s: &str) -> Option<CampaignStatus> {
        CampaignStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The status after `action`, or why it is refused.
    pub fn apply(self, action: CampaignAction) -> Result<CampaignStatus, AppError> {
        use CampaignAction::*;
        use CampaignStatus::*;
        match (self, action) {
            (Draft, Publish) => Ok(Active),
            (Draft | Active, Close) => Ok(Closed),
            (Active, Publish) => Err(AppError::Conflict("This campaign is already active.".into())),
            (Closed, _) => Err(AppError::Conflict(
                "This campaign is closed and can no longer change.".into(),
            )),
        }
    }

    /// The actions offered in this state.
    pub fn actions(self) -> Vec<CampaignAction> {
        [CampaignAction::Publish, CampaignAction::Close]
            .into_iter()
            .filter(|a| self.apply(*a).is_ok())
            .collect()
    }

    /// Title, description, budget and deadline can change until the campaign is closed.
    pub fn editable(self) -> bool {
        self != CampaignStatus::Closed
    }
}

/// A campaign as the UI sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Campaign {
    pub id: CampaignId,
    pub business_id: UserId,
    pub business_name: String,
    pub title: String,
    pub description: String,
    pub budget: Money,
    pub deadline: Millis,
    pub status: CampaignStatus,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// Set by the server function that changed it: how the partner heard of the change
    /// (`{synced, error, retry_queued}`). Never part of a webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync: Option<crate::domain::outbox::SyncOutcome>,
}

/// A checked campaign form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignInput {
    pub title: String,
    pub description: String,
    pub budget: Money,
    pub deadline: Millis,
}

pub const TITLE_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 5000;

impl CampaignInput {
    /// Checks a campaign form as submitted (strings as typed). The deadline must be in the future.
    pub fn validate(
        title: &str,
        description: &str,
        budget: &str,
        currency: &str,
        deadline: &str,
        now: Millis,
    ) -> Result<CampaignInput, AppError> {
        let mut errs = Errors::new();
        let title = title.trim().to_string();
        let description = description.trim().to_string();
        match crate::domain::text::within(&title, "the title", TITLE_MAX) {
            Ok(n) => errs.check(n >= 3, "title", "Enter a title of at least 3 characters."),
            Err(message) => errs.add("title", message),
        }
        errs.text("description", &description, "the description", DESCRIPTION_MAX);
        let currency = Currency::parse(currency);
        errs.check(currency.is_some(), "currency", "Choose a currency from the list.");
        let budget = match currency.map(|c| Money::parse(budget, c, "budget")) {
            Some(Ok(m)) if m.minor > 0 => Some(m),
            Some(Ok(_)) => {
                errs.add("budget", "The budget must be more than zero.");
                None
            }
            Some(Err(AppError::Validation(v))) => {
                for e in v {
                    errs.add(&e.field, e.message);
                }
                None
            }
            _ => None,
        };
        let deadline = Millis::parse_date_end_of_day(deadline);
        match deadline {
            None => errs.add("deadline", "Enter the deadline as a date."),
            Some(d) if d <= now => errs.add("deadline", "The deadline must be in the future."),
            Some(_) => {}
        }
        errs.finish()?;
        Ok(CampaignInput {
            title,
            description,
            budget: budget.expect("checked"),
            deadline: deadline.expect("checked"),
        })
    }
}

/// Only the business that owns a campaign manages it. Other businesses are told it does not exist (its
/// existence is not theirs to learn); other roles are refused outright.
pub fn may_manage(actor: &Actor, owner: &UserId) -> Result<(), AppError> {
    actor.require(crate::domain::account::access::BUSINESS)?;
    if &actor.user_id == owner {
        Ok(())
    } else {
        Err(AppError::not_found("Campaign"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Role;
    use crate::domain::time::DAY;
    use CampaignAction::*;
    use CampaignStatus::*;

    #[test]
    fn every_transition() {
        let table = [
            (Draft, Publish, Some(Active)),
            (Draft, Close, Some(Closed)),
            (Active, Publish, None),
            (Active, Close, Some(Closed)),
            (Closed, Publish, None),
            (Closed, Close, None),
        ];
        assert_eq!(table.len(), CampaignStatus::ALL.len() * 2, "every (state, action) pair");
        for (from, action, to) in table {
            match to {
                Some(to) => assert_eq!(from.apply(action).unwrap(), to, "{from:?} {action:?}"),
                None => assert_eq!(
                    from.apply(action).unwrap_err().status_code(),
                    409,
                    "{from:?} {action:?}"
                ),
            }
        }
        assert_eq!(Draft.actions(), vec![Publish, Close]);
        assert_eq!(Active.actions(), vec![Close]);
        assert!(Closed.actions().is_empty());
        assert!(Draft.editable() && Active.editable() && !Closed.editable());
    }

    const NOW: Millis = Millis(1_795_000_000_000); // 2026-11-18

    #[test]
    fn valid_input() {
        let c =
            CampaignInput::validate(" Jollof Week ", "Show our jollof", "75,000", "NGN", "2027-01-31", NOW).unwrap();
        assert_eq!(c.title, "Jollof Week");
        assert_eq!(c.budget.to_string(), "₦75,000.00");
        assert_eq!(c.deadline.date(), "2027-01-31");
    }

    #[test]
    fn refusals_name_the_field() {
        let past = NOW.plus(-DAY).date();
        let cases = [
            ("Jo", "", "100", "NGN", "2027-01-31", "title"),
            (&"x".repeat(121)[..], "", "100", "NGN", "2027-01-31", "title"),
            ("Title", "", "0", "NGN", "2027-01-31", "budget"),
            ("Title", "", "-5", "NGN", "2027-01-31", "budget"),
            ("Title", "", "lots", "NGN", "2027-01-31", "budget"),
            ("Title", "", "100", "XYZ", "2027-01-31", "currency"),
            ("Title", "", "100", "NGN", "soon", "deadline"),
            ("Title", "", "100", "NGN", &past[..], "deadline"),
        ];
        for (title, desc, budget, cur, deadline, field) in cases {
            let e = CampaignInput::validate(title, desc, budget, cur, deadline, NOW).unwrap_err();
            assert!(e.field_message(field).is_some(), "{field}: {e:?}");
        }
    }

    #[test]
    fn only_the_owner_manages() {
        let owner = UserId("owner".into());
        let mut actor = Actor {
            user_id: owner.clone(),
            role: Role::Business,
            name: "B".into(),
            email: "b@x.io".into(),
            organisation_id: None,
        };
        assert!(may_manage(&actor, &owner).is_ok());
        actor.user_id = UserId("someone-else".into());
        assert_eq!(may_manage(&actor, &owner).unwrap_err().status_code(), 404);
        actor.role = Role::Creator;
        actor.user_id = owner.clone();
        assert_eq!(may_manage(&actor, &owner).unwrap_err().status_code(), 403);
    }
}
