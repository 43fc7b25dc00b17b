//! What a publisher submits, as every page shows it, and who may see or review it.

use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Priority {
    High,
    Medium,
}

impl Priority {
    pub const ALL: [Priority; 2] = [Priority::High, Priority::Medium];
    /// Stored and shown as the product names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::High => "High Priority",
            Priority::Medium => "Medium Priority",
        }
    }
    pub fn parse(s: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// The creative types a publisher can request.
pub const CREATIVE_TYPES: [&str; 6] = ["Email", "Banner", "Native", "Social", "SMS", "Video"];

/// A submitted request as every page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CreativeRequest {
    pub id: CreativeRequestId,
    pub offer_id: String,
    pub offer_name: String,
    pub creative_type: String,
    pub creative_count: i64,
    pub from_lines_count: i64,
    pub subject_lines_count: i64,
    pub publisher_id: UserId,
    pub publisher_name: String,
    pub advertiser_id: OrganisationId,
    pub advertiser_name: String,
    pub affiliate_id: String,
    pub affiliate_name: String,
    pub client_id: String,
    pub client_name: String,
    pub priority: Priority,
    pub notes: String,
    pub state: RequestState,
    pub admin_status: String,
    pub admin_decided_by: Option<String>,
    pub admin_decided_at: Option<Millis>,
    pub admin_comments: Option<String>,
    pub advertiser_status: Option<String>,
    pub advertiser_responded_by: Option<String>,
    pub advertiser_responded_at: Option<Millis>,
    pub advertiser_comments: Option<String>,
    pub submitted_at: Millis,
    pub updated_at: Millis,
}

/// One row of a request's audit trail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestEvent {
    /// `submitted`, or the [`ReviewAction`] word.
    pub action: String,
    pub actor_name: String,
    pub actor_role: Role,
    pub from: Option<RequestState>,
    pub to: RequestState,
    pub comment: Option<String>,
    pub at: Millis,
}

impl RequestEvent {
    /// `Approved & forwarded by Ada Admin (admin)`
    pub fn headline(&self) -> String {
        let what = match (self.action.as_str(), self.from) {
            ("submitted", _) => "Submitted",
            ("forwarded", Some(RequestState::SentBack)) => "Forwarded again",
            ("forwarded", _) => "Approved & forwarded",
            ("approved", _) => "Approved",
            ("rejected", _) => "Rejected",
            ("sent-back", _) => "Sent back",
            _ => "Changed",
        };
        format!(
            "{what} by {} ({})",
            self.actor_name,
            self.actor_role.label().to_lowercase()
        )
    }
}

/// What a publisher submits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewCreativeRequest {
    pub offer_id: String,
    pub offer_name: String,
    pub creative_type: String,
    pub creative_count: String,
    pub from_lines_count: String,
    pub subject_lines_count: String,
    pub priority: String,
    pub advertiser_id: String,
    pub affiliate_id: String,
    pub client_id: String,
    pub client_name: String,
    #[serde(default)]
    pub notes: String,
}

/// A checked submission.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidRequest {
    pub offer_id: String,
    pub offer_name: String,
    pub creative_type: String,
    pub creative_count: i64,
    pub from_lines_count: i64,
    pub subject_lines_count: i64,
    pub priority: Priority,
    pub advertiser_id: OrganisationId,
    pub affiliate_id: String,
    pub client_id: String,
    pub client_name: String,
    pub notes: String,
}

pub const NOTES_MAX: usize = 2000;

/// A partner-style code: letters, digits, `-` and `_`, 1–50 characters (`5001`, `AMAZON-2024-HOLIDAY`).
fn code_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 50 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A partner-style code field (see `code_ok`), trimmed; `what` names it in the message.
fn code(errors: &mut Errors, field: &str, raw: &str, what: &str) -> String {
    let v = raw.trim().to_string();
    errors.check(
        code_ok(&v),
        field,
        format!("Enter {what} (letters, digits, - or _, up to 50)."),
    );
    v
}

/// A required name of at most 200 characters, trimmed; `what` names it in the message.
fn name(errors: &mut Errors, field: &str, raw: &str, what: &str) -> String {
    let v = raw.trim().to_string();
    errors.check(
        !v.is_empty() && crate::domain::text::fits(&v, 200),
        field,
        format!("Enter {what} (up to 200 characters)."),
    );
    v
}

fn count(errors: &mut Errors, field: &str, raw: &str, min: i64, what: &str) -> i64 {
    match raw.trim().parse::<i64>() {
        Ok(n) if (min..=100).contains(&n) => n,
        Ok(_) => {
            errors.add(field, format!("{what} must be between {min} and 100."));
            0
        }
        Err(_) => {
            errors.add(field, format!("{what} must be a whole number."));
            0
        }
    }
}

impl NewCreativeRequest {
    /// Checks every field and reports every problem at once.
    pub fn validate(&self) -> Result<ValidRequest, AppError> {
        let mut e = Errors::new();
        let offer_id = code(&mut e, "offer_id", &self.offer_id, "the offer ID");
        let offer_name = name(&mut e, "offer_name", &self.offer_name, "the offer name");
        let creative_type = CREATIVE_TYPES
            .into_iter()
            .find(|t| *t == self.creative_type.trim())
            .map(str::to_string);
        e.check(creative_type.is_some(), "creative_type", "Choose a creative type.");
        let creative_count = count(&mut e, "creative_count", &self.creative_count, 1, "Creative count");
        let from_lines_count = count(&mut e, "from_lines_count", &self.from_lines_count, 0, "From lines");
        let subject_lines_count = count(
            &mut e,
            "subject_lines_count",
            &self.subject_lines_count,
            0,
            "Subject lines",
        );
        let priority = Priority::parse(self.priority.trim());
        e.check(priority.is_some(), "priority", "Choose a priority.");
        let advertiser_id = OrganisationId::parse(self.advertiser_id.trim());
        e.check(advertiser_id.is_some(), "advertiser_id", "Choose the advertiser.");
        let affiliate_id = code(&mut e, "affiliate_id", &self.affiliate_id, "your affiliate ID");
        let client_id = code(&mut e, "client_id", &self.client_id, "the client ID");
        let client_name = name(&mut e, "client_name", &self.client_name, "the client name");
        let notes = self.notes.trim().to_string();
        e.text("notes", &notes, "the notes", NOTES_MAX);
        e.finish()?;
        Ok(ValidRequest {
            offer_id,
            offer_name,
            creative_type: creative_type.unwrap_or_default(),
            creative_count,
            from_lines_count,
            subject_lines_count,
            priority: priority.unwrap_or(Priority::Medium),
            advertiser_id: advertiser_id.unwrap_or_else(OrganisationId::generate),
            affiliate_id,
            client_id,
            client_name,
            notes,
        })
    }
}

/// Who may see a request: its publisher; every admin; advertiser users of its advertiser once it has reached
/// the advertiser stage.
pub fn may_view(actor: &Actor, req: &CreativeRequest) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Publisher => actor.user_id == req.publisher_id,
        Role::Advertiser => {
            actor.organisation_id.as_ref() == Some(&req.advertiser_id) && req.state.stage() != ApprovalStage::Admin
        }
        _ => false,
    }
}

/// The reviewer this actor is on this request, when they may act on it at all. An advertiser may only act for
/// their own organisation.
pub fn reviewer_for(actor: &Actor, req: &CreativeRequest) -> Option<Reviewer> {
    match actor.role {
        Role::Admin => Some(Reviewer::Admin),
        Role::Advertiser if may_view(actor, req) => Some(Reviewer::Advertiser),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, user: &UserId, org: Option<&OrganisationId>) -> Actor {
        Actor {
            user_id: user.clone(),
            role,
            name: "x".into(),
            email: "x@example.com".into(),
            organisation_id: org.cloned(),
        }
    }

    fn request(state: RequestState, publisher: &UserId, org: &OrganisationId) -> CreativeRequest {
        CreativeRequest {
            id: CreativeRequestId::generate(),
            offer_id: "5001".into(),
            offer_name: "Holiday Special".into(),
            creative_type: "Email".into(),
            creative_count: 3,
            from_lines_count: 1,
            subject_lines_count: 1,
            publisher_id: publisher.clone(),
            publisher_name: "P".into(),
            advertiser_id: org.clone(),
            advertiser_name: "A".into(),
            affiliate_id: "AFF1".into(),
            affiliate_name: "P".into(),
            client_id: "C1".into(),
            client_name: "Client".into(),
            priority: Priority::High,
            notes: String::new(),
            state,
            admin_status: "pending".into(),
            admin_decided_by: None,
            admin_decided_at: None,
            admin_comments: None,
            advertiser_status: None,
            advertiser_responded_by: None,
            advertiser_responded_at: None,
            advertiser_comments: None,
            submitted_at: Millis(0),
            updated_at: Millis(0),
        }
    }

    /// Who hears of each state a request reaches, and where their notification leads.
    #[test]
    fn each_state_tells_the_side_whose_turn_it_is() {
        let (publisher, org) = (UserId::generate(), OrganisationId::generate());
        for state in RequestState::ALL {
            let r = request(state, &publisher, &org);
            let n = notice(&r);
            let expected = match state {
                RequestState::New => None,
                RequestState::Pending => Some((Audience::Advertiser(org.clone()), "/response?tab=new&open=")),
                RequestState::SentBack => Some((Audience::Admins, "/requests?tab=sent-back&open=")),
                RequestState::Approved | RequestState::RejectedByAdmin | RequestState::RejectedAtAdvertiser => {
                    Some((Audience::Publisher(publisher.clone()), "/my-requests?open="))
                }
            };
            assert_eq!(
                n.as_ref().map(|n| n.to.clone()),
                expected.as_ref().map(|e| e.0.clone()),
                "{state:?}"
            );
            if let (Some(n), Some((_, link))) = (n, expected) {
                assert_eq!(n.link, format!("{link}{}", r.id), "{state:?}");
                assert_eq!(n.body, "5001 · Holiday Special");
                assert_eq!(n.kind, format!("creative_request_{}", state.status().as_str()));
            }
        }
        let decided = notice(&request(RequestState::RejectedAtAdvertiser, &publisher, &org)).unwrap();
        assert_eq!(decided.title, "Your creative request was rejected");
    }

    #[test]
    fn who_sees_what() {
        let (publisher, other) = (UserId::generate(), UserId::generate());
        let (org, other_org) = (OrganisationId::generate(), OrganisationId::generate());
        for state in RequestState::ALL {
            let r = request(state, &publisher, &org);
            assert!(may_view(&actor(Role::Admin, &other, None), &r));
            assert!(may_view(&actor(Role::Publisher, &publisher, None), &r));
            assert!(!may_view(&actor(Role::Publisher, &other, None), &r));
            let reached = state.stage() != ApprovalStage::Admin;
            assert_eq!(may_view(&actor(Role::Advertiser, &other, Some(&org)), &r), reached);
            assert!(!may_view(&actor(Role::Advertiser, &other, Some(&other_org)), &r));
            assert!(!may_view(&actor(Role::Business, &publisher, None), &r));
            assert!(!may_view(&actor(Role::Creator, &publisher, None), &r));
            assert_eq!(reviewer_for(&actor(Role::Publisher, &publisher, None), &r), None);
            assert_eq!(
                reviewer_for(&actor(Role::Advertiser, &other, Some(&other_org)), &r),
                None
            );
        }
    }

    #[test]
    fn submission_is_checked_field_by_field() {
        let good = NewCreativeRequest {
            offer_id: "AMAZON-2024-HOLIDAY".into(),
            offer_name: "Amazon Holiday Special - Email Campaign".into(),
            creative_type: "Email".into(),
            creative_count: "5".into(),
            from_lines_count: "3".into(),
            subject_lines_count: "5".into(),
            priority: "High Priority".into(),
            advertiser_id: OrganisationId::generate().0,
            affiliate_id: "AFF-77".into(),
            client_id: "AMZ".into(),
            client_name: "Amazon".into(),
            notes: "".into(),
        };
        let v = good.validate().unwrap();
        assert_eq!((v.creative_count, v.priority), (5, Priority::High));
        let bad = NewCreativeRequest {
            offer_id: "no spaces".into(),
            creative_count: "0".into(),
            subject_lines_count: "many".into(),
            priority: "Urgent".into(),
            advertiser_id: "x".into(),
            ..good.clone()
        };
        let Err(AppError::Validation(errors)) = bad.validate() else {
            panic!("expected validation errors")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "offer_id",
                "creative_count",
                "subject_lines_count",
                "priority",
                "advertiser_id"
            ]
        );
        assert_eq!(errors[1].message, "Creative count must be between 1 and 100.");
        assert_eq!(errors[2].message, "Subject lines must be a whole number.");
    }
}
