//! Creative requests (seed S4): a publisher submits ONE request; an admin approves and forwards it to the
//! advertiser or rejects it; the advertiser approves, rejects or sends it back; an admin re-reviews what was
//! sent back. The same record moves through `status` + `approval_stage`; the offer and creative details never
//! change after submission.
//!
//! The pair (status, approval_stage) only takes the six combinations of [`RequestState`], so an impossible
//! pair (say `new` at the advertiser) cannot be represented, and every transition is one match arm.

use crate::domain::account::{Actor, Role};
use crate::domain::ids::{CreativeRequestId, OrganisationId, UserId};
use crate::domain::invitation::visible_len;
use crate::domain::time::Millis;
use crate::error::{AppError, Errors};
use serde::{Deserialize, Serialize};

/// The stored `status` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    New,
    Pending,
    Approved,
    Rejected,
    SentBack,
}

/// The stored `approval_stage` column: whose turn it is (or, once decided, who decided).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApprovalStage {
    Admin,
    Advertiser,
    Completed,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] = [
        RequestStatus::New,
        RequestStatus::Pending,
        RequestStatus::Approved,
        RequestStatus::Rejected,
        RequestStatus::SentBack,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::New => "new",
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Rejected => "rejected",
            RequestStatus::SentBack => "sent-back",
        }
    }
    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl ApprovalStage {
    pub const ALL: [ApprovalStage; 3] = [
        ApprovalStage::Admin,
        ApprovalStage::Advertiser,
        ApprovalStage::Completed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStage::Admin => "admin",
            ApprovalStage::Advertiser => "advertiser",
            ApprovalStage::Completed => "completed",
        }
    }
    pub fn parse(s: &str) -> Option<ApprovalStage> {
        ApprovalStage::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Where a request is: exactly the (status, approval_stage) pairs the workflow can reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestState {
    /// new / admin: waiting for an admin.
    New,
    /// pending / advertiser: forwarded, waiting for the advertiser.
    Pending,
    /// approved / completed.
    Approved,
    /// rejected / admin: an admin rejected it before it reached the advertiser.
    RejectedByAdmin,
    /// rejected / advertiser: rejected once it had reached the advertiser (by the advertiser, or by an admin
    /// re-reviewing what was sent back).
    RejectedAtAdvertiser,
    /// sent-back / advertiser: the advertiser returned it; an admin re-reviews.
    SentBack,
}

/// What a reviewer does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewAction {
    /// Admin: `Approve & Forward` a new request, or `Forward Again` one that was sent back.
    Forward,
    /// Advertiser: `Approve`.
    Approve,
    /// Admin or advertiser: `Reject` (needs a comment).
    Reject,
    /// Advertiser: `Send Back` to the admins (needs a comment).
    SendBack,
}

/// Who reviews: the two sides of the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reviewer {
    Admin,
    Advertiser,
}

impl Reviewer {
    pub fn of(role: Role) -> Option<Reviewer> {
        match role {
            Role::Admin => Some(Reviewer::Admin),
            Role::Advertiser => Some(Reviewer::Advertiser),
            _ => None,
        }
    }
    pub fn role(self) -> Role {
        match self {
            Reviewer::Admin => Role::Admin,
            Reviewer::Advertiser => Role::Advertiser,
        }
    }
}

impl RequestState {
    pub const ALL: [RequestState; 6] = [
        RequestState::New,
        RequestState::Pending,
        RequestState::Approved,
        RequestState::RejectedByAdmin,
        RequestState::RejectedAtAdvertiser,
        RequestState::SentBack,
    ];

    pub fn status(self) -> RequestStatus {
        match self {
            RequestState::New => RequestStatus::New,
            RequestState::Pending => RequestStatus::Pending,
            RequestState::Approved => RequestStatus::Approved,
            RequestState::RejectedByAdmin | RequestState::RejectedAtAdvertiser => RequestStatus::Rejected,
            RequestState::SentBack => RequestStatus::SentBack,
        }
    }

    pub fn stage(self) -> ApprovalStage {
        match self {
            RequestState::New | RequestState::RejectedByAdmin => ApprovalStage::Admin,
            RequestState::Pending | RequestState::RejectedAtAdvertiser | RequestState::SentBack => {
                ApprovalStage::Advertiser
            }
            RequestState::Approved => ApprovalStage::Completed,
        }
    }

    /// The state of a stored pair, or `None` for a pair the workflow never produces.
    pub fn of(status: RequestStatus, stage: ApprovalStage) -> Option<RequestState> {
        RequestState::ALL
            .into_iter()
            .find(|s| s.status() == status && s.stage() == stage)
    }

    pub fn parse(status: &str, stage: &str) -> Option<RequestState> {
        RequestState::of(RequestStatus::parse(status)?, ApprovalStage::parse(stage)?)
    }

    /// The badge text.
    pub fn label(self) -> &'static str {
        match self {
            RequestState::New => "New",
            RequestState::Pending => "Pending Approval",
            RequestState::Approved => "Approved",
            RequestState::RejectedByAdmin | RequestState::RejectedAtAdvertiser => "Rejected",
            RequestState::SentBack => "Sent Back",
        }
    }

    /// Whether the workflow is over.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            RequestState::Approved | RequestState::RejectedByAdmin | RequestState::RejectedAtAdvertiser
        )
    }

    /// The state after `action` by `reviewer`, or why it is refused. The whole workflow is this table.
    pub fn apply(self, action: ReviewAction, reviewer: Reviewer) -> Result<RequestState, AppError> {
        use RequestState::*;
        use ReviewAction as A;
        use Reviewer as R;
        match (self, reviewer, action) {
            (New, R::Admin, A::Forward) => Ok(Pending),
            (New, R::Admin, A::Reject) => Ok(RejectedByAdmin),
            (Pending, R::Advertiser, A::Approve) => Ok(Approved),
            (Pending, R::Advertiser, A::Reject) => Ok(RejectedAtAdvertiser),
            (Pending, R::Advertiser, A::SendBack) => Ok(SentBack),
            (SentBack, R::Admin, A::Reject) => Ok(RejectedAtAdvertiser),
            (SentBack, R::Admin, A::Forward) => Ok(Pending),
            (state, reviewer, action) => Err(refusal(state, reviewer, action)),
        }
    }

    /// The actions this reviewer may take now, in the order the buttons show.
    pub fn actions(self, reviewer: Reviewer) -> Vec<ReviewAction> {
        [
            ReviewAction::Forward,
            ReviewAction::Approve,
            ReviewAction::SendBack,
            ReviewAction::Reject,
        ]
        .into_iter()
        .filter(|a| self.apply(*a, reviewer).is_ok())
        .collect()
    }
}

/// Why an action is refused, in words the person who tried can act on.
fn refusal(state: RequestState, reviewer: Reviewer, action: ReviewAction) -> AppError {
    use RequestState::*;
    let whose_turn = match state {
        New => Some(Reviewer::Admin),
        Pending => Some(Reviewer::Advertiser),
        SentBack => Some(Reviewer::Admin),
        _ => None,
    };
    match whose_turn {
        None => AppError::Conflict(format!(
            "This request is already {}; there is nothing more to decide.",
            state.label().to_lowercase()
        )),
        Some(turn) if turn != reviewer => AppError::Conflict(match (state, reviewer) {
            (New, _) => "This request is waiting for an admin's review, not the advertiser's.".into(),
            (Pending, _) => "This request is with the advertiser now; an admin cannot decide it.".into(),
            _ => "This request was sent back to the admins; the advertiser cannot act on it now.".into(),
        }),
        Some(_) => AppError::Conflict(format!(
            "“{}” is not possible on a request that is {}.",
            action.label(state),
            state.label().to_lowercase()
        )),
    }
}

impl ReviewAction {
    pub const ALL: [ReviewAction; 4] = [
        ReviewAction::Forward,
        ReviewAction::Approve,
        ReviewAction::Reject,
        ReviewAction::SendBack,
    ];

    /// The button label, which depends on where the request is.
    pub fn label(self, from: RequestState) -> &'static str {
        match (self, from) {
            (ReviewAction::Forward, RequestState::SentBack) => "Forward Again",
            (ReviewAction::Forward, _) => "Approve & Forward",
            (ReviewAction::Approve, _) => "Approve",
            (ReviewAction::Reject, _) => "Reject",
            (ReviewAction::SendBack, _) => "Send Back",
        }
    }

    /// The word the audit trail records.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewAction::Forward => "forwarded",
            ReviewAction::Approve => "approved",
            ReviewAction::Reject => "rejected",
            ReviewAction::SendBack => "sent-back",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewAction> {
        ReviewAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Reject and Send Back must say why; approving takes an optional comment.
    pub fn needs_comment(self) -> bool {
        matches!(self, ReviewAction::Reject | ReviewAction::SendBack)
    }
}

pub const COMMENT_MAX: usize = 1000;

/// Checks a reviewer's comment for this action: required for Reject and Send Back, at most 1000 characters.
pub fn validate_comment(action: ReviewAction, comment: &str) -> Result<Option<String>, AppError> {
    let comment = comment.trim();
    if comment.is_empty() {
        return if action.needs_comment() {
            Err(AppError::field(
                "comment",
                match action {
                    ReviewAction::SendBack => "Say what needs to change before sending it back.",
                    _ => "Give a reason for rejecting this request.",
                },
            ))
        } else {
            Ok(None)
        };
    }
    let n = visible_len(comment);
    if n > COMMENT_MAX {
        return Err(AppError::field(
            "comment",
            format!("Keep the comment to {COMMENT_MAX} characters (it has {n})."),
        ));
    }
    Ok(Some(comment.to_string()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
        let offer_id = self.offer_id.trim().to_string();
        e.check(
            code_ok(&offer_id),
            "offer_id",
            "Enter the offer ID (letters, digits, - or _, up to 50).",
        );
        let offer_name = self.offer_name.trim().to_string();
        e.check(
            !offer_name.is_empty() && visible_len(&offer_name) <= 200,
            "offer_name",
            "Enter the offer name (up to 200 characters).",
        );
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
        let affiliate_id = self.affiliate_id.trim().to_string();
        e.check(
            code_ok(&affiliate_id),
            "affiliate_id",
            "Enter your affiliate ID (letters, digits, - or _, up to 50).",
        );
        let client_id = self.client_id.trim().to_string();
        e.check(
            code_ok(&client_id),
            "client_id",
            "Enter the client ID (letters, digits, - or _, up to 50).",
        );
        let client_name = self.client_name.trim().to_string();
        e.check(
            !client_name.is_empty() && visible_len(&client_name) <= 200,
            "client_name",
            "Enter the client name (up to 200 characters).",
        );
        let notes = self.notes.trim().to_string();
        e.check(
            visible_len(&notes) <= NOTES_MAX,
            "notes",
            format!("Keep the notes to {NOTES_MAX} characters."),
        );
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

/// The tabs of the admin `Requests` page (`/requests`), filtered exactly as seed S4 says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestsTab {
    All,
    New,
    PendingApprovals,
    Approved,
    Rejected,
    SentBack,
}

/// The tabs of the `Responses` page (`/response`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResponsesTab {
    All,
    New,
    Approved,
    Rejected,
}

/// Either page's tab: which states it lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tab {
    Requests(RequestsTab),
    Responses(ResponsesTab),
}

impl RequestsTab {
    pub const ALL: [RequestsTab; 6] = [
        RequestsTab::All,
        RequestsTab::New,
        RequestsTab::PendingApprovals,
        RequestsTab::Approved,
        RequestsTab::Rejected,
        RequestsTab::SentBack,
    ];
    pub fn label(self) -> &'static str {
        match self {
            RequestsTab::All => "All",
            RequestsTab::New => "New",
            RequestsTab::PendingApprovals => "Pending Approvals",
            RequestsTab::Approved => "Approved",
            RequestsTab::Rejected => "Rejected",
            RequestsTab::SentBack => "Sent Back",
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            RequestsTab::All => "all",
            RequestsTab::New => "new",
            RequestsTab::PendingApprovals => "pending",
            RequestsTab::Approved => "approved",
            RequestsTab::Rejected => "rejected",
            RequestsTab::SentBack => "sent-back",
        }
    }
    /// `All`: every request. `New`: new/admin. `Pending Approvals`: pending/advertiser. `Approved`:
    /// approved/completed. `Rejected`: status rejected (either stage). `Sent Back`: sent-back/advertiser.
    pub fn states(self) -> &'static [RequestState] {
        use RequestState::*;
        match self {
            RequestsTab::All => &RequestState::ALL,
            RequestsTab::New => &[New],
            RequestsTab::PendingApprovals => &[Pending],
            RequestsTab::Approved => &[Approved],
            RequestsTab::Rejected => &[RejectedByAdmin, RejectedAtAdvertiser],
            RequestsTab::SentBack => &[SentBack],
        }
    }
}

impl ResponsesTab {
    pub const ALL: [ResponsesTab; 4] = [
        ResponsesTab::All,
        ResponsesTab::New,
        ResponsesTab::Approved,
        ResponsesTab::Rejected,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ResponsesTab::All => "All",
            ResponsesTab::New => "New",
            ResponsesTab::Approved => "Approved",
            ResponsesTab::Rejected => "Rejected",
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            ResponsesTab::All => "all",
            ResponsesTab::New => "new",
            ResponsesTab::Approved => "approved",
            ResponsesTab::Rejected => "rejected",
        }
    }
    /// `All`: advertiser stage or completed, except sent-back. `New`: pending/advertiser. `Approved`:
    /// approved/completed. `Rejected`: rejected/advertiser.
    pub fn states(self) -> &'static [RequestState] {
        use RequestState::*;
        match self {
            ResponsesTab::All => &[Pending, Approved, RejectedAtAdvertiser],
            ResponsesTab::New => &[Pending],
            ResponsesTab::Approved => &[Approved],
            ResponsesTab::Rejected => &[RejectedAtAdvertiser],
        }
    }
}

impl Tab {
    pub fn states(self) -> &'static [RequestState] {
        match self {
            Tab::Requests(t) => t.states(),
            Tab::Responses(t) => t.states(),
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Tab::Requests(t) => t.label(),
            Tab::Responses(t) => t.label(),
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Requests(t) => t.slug(),
            Tab::Responses(t) => t.slug(),
        }
    }
    /// `requests` + slug or `response` + slug; an unknown slug is the page's `All`.
    pub fn parse(page: &str, slug: &str) -> Option<Tab> {
        match page {
            "requests" => Some(Tab::Requests(
                RequestsTab::ALL
                    .into_iter()
                    .find(|t| t.slug() == slug)
                    .unwrap_or(RequestsTab::All),
            )),
            "response" => Some(Tab::Responses(
                ResponsesTab::ALL
                    .into_iter()
                    .find(|t| t.slug() == slug)
                    .unwrap_or(ResponsesTab::All),
            )),
            _ => None,
        }
    }
    pub fn page(self) -> &'static str {
        match self {
            Tab::Requests(_) => "requests",
            Tab::Responses(_) => "response",
        }
    }
    /// The tabs of the same page.
    pub fn siblings(self) -> Vec<Tab> {
        match self {
            Tab::Requests(_) => RequestsTab::ALL.into_iter().map(Tab::Requests).collect(),
            Tab::Responses(_) => ResponsesTab::ALL.into_iter().map(Tab::Responses).collect(),
        }
    }
}

/// How many requests are in each state (for tab counts).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StateCounts(pub Vec<(RequestState, i64)>);

impl StateCounts {
    pub fn of(&self, tab: Tab) -> i64 {
        self.0
            .iter()
            .filter(|(s, _)| tab.states().contains(s))
            .map(|(_, n)| n)
            .sum()
    }
}

/// Filters within a tab.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestFilter {
    /// Matches the offer id exactly or the offer name in part (case-insensitive).
    pub q: String,
    pub advertiser_id: Option<OrganisationId>,
    pub priority: Option<Priority>,
    /// Oldest first instead of newest first.
    pub oldest_first: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestState::*;
    use ReviewAction as A;
    use Reviewer as R;

    /// The complete transition table of the issue: every (state, reviewer, action) not listed is refused.
    const ALLOWED: [(RequestState, Reviewer, ReviewAction, RequestState); 7] = [
        (New, R::Admin, A::Forward, Pending),
        (New, R::Admin, A::Reject, RejectedByAdmin),
        (Pending, R::Advertiser, A::Approve, Approved),
        (Pending, R::Advertiser, A::Reject, RejectedAtAdvertiser),
        (Pending, R::Advertiser, A::SendBack, SentBack),
        (SentBack, R::Admin, A::Reject, RejectedAtAdvertiser),
        (SentBack, R::Admin, A::Forward, Pending),
    ];

    #[test]
    fn every_state_reviewer_and_action() {
        let mut checked = 0;
        for state in RequestState::ALL {
            for reviewer in [R::Admin, R::Advertiser] {
                for action in ReviewAction::ALL {
                    let expected = ALLOWED
                        .iter()
                        .find(|(s, r, a, _)| *s == state && *r == reviewer && *a == action)
                        .map(|t| t.3);
                    match (state.apply(action, reviewer), expected) {
                        (Ok(to), Some(want)) => assert_eq!(to, want, "{state:?} {reviewer:?} {action:?}"),
                        (Err(AppError::Conflict(msg)), None) => assert!(!msg.is_empty()),
                        (got, want) => panic!("{state:?} {reviewer:?} {action:?}: got {got:?}, want {want:?}"),
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 6 * 2 * 4);
    }

    #[test]
    fn states_map_to_the_seed_pairs() {
        let pairs: Vec<(&str, &str)> = RequestState::ALL
            .iter()
            .map(|s| (s.status().as_str(), s.stage().as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("new", "admin"),
                ("pending", "advertiser"),
                ("approved", "completed"),
                ("rejected", "admin"),
                ("rejected", "advertiser"),
                ("sent-back", "advertiser"),
            ]
        );
        for s in RequestState::ALL {
            assert_eq!(RequestState::parse(s.status().as_str(), s.stage().as_str()), Some(s));
        }
        assert_eq!(RequestState::parse("new", "advertiser"), None);
        assert_eq!(RequestState::parse("approved", "admin"), None);
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(
            New.apply(A::Approve, R::Advertiser).unwrap_err().to_string(),
            "This request is waiting for an admin's review, not the advertiser's."
        );
        assert_eq!(
            Pending.apply(A::Reject, R::Admin).unwrap_err().to_string(),
            "This request is with the advertiser now; an admin cannot decide it."
        );
        assert_eq!(
            Approved.apply(A::Forward, R::Admin).unwrap_err().to_string(),
            "This request is already approved; there is nothing more to decide."
        );
        assert_eq!(
            SentBack.apply(A::SendBack, R::Admin).unwrap_err().to_string(),
            "“Send Back” is not possible on a request that is sent back."
        );
    }

    #[test]
    fn buttons_per_state() {
        assert_eq!(New.actions(R::Admin), vec![A::Forward, A::Reject]);
        assert_eq!(New.actions(R::Advertiser), vec![]);
        assert_eq!(Pending.actions(R::Advertiser), vec![A::Approve, A::SendBack, A::Reject]);
        assert_eq!(SentBack.actions(R::Admin), vec![A::Forward, A::Reject]);
        assert_eq!(A::Forward.label(New), "Approve & Forward");
        assert_eq!(A::Forward.label(SentBack), "Forward Again");
        for s in [Approved, RejectedByAdmin, RejectedAtAdvertiser] {
            assert!(s.actions(R::Admin).is_empty() && s.actions(R::Advertiser).is_empty());
        }
    }

    #[test]
    fn comments() {
        assert!(validate_comment(A::Reject, "  ").is_err());
        assert!(validate_comment(A::SendBack, "").is_err());
        assert_eq!(validate_comment(A::Approve, " "), Ok(None));
        assert_eq!(validate_comment(A::Forward, " ok "), Ok(Some("ok".into())));
        assert!(validate_comment(A::Reject, &"x".repeat(1001)).is_err());
        assert!(validate_comment(A::Reject, &"é".repeat(1000)).is_ok());
    }

    /// The seed's tab filters, written as predicates over (status, stage), agree with the tabs' state sets.
    #[test]
    fn tabs_are_the_seed_filters() {
        type Pred = fn(&str, &str) -> bool;
        let requests: [(RequestsTab, Pred); 6] = [
            (RequestsTab::All, |_, _| true),
            (RequestsTab::New, |s, a| s == "new" && a == "admin"),
            (RequestsTab::PendingApprovals, |s, a| {
                s == "pending" && a == "advertiser"
            }),
            (RequestsTab::Approved, |s, a| s == "approved" && a == "completed"),
            (RequestsTab::Rejected, |s, _| s == "rejected"),
            (RequestsTab::SentBack, |s, a| s == "sent-back" && a == "advertiser"),
        ];
        let responses: [(ResponsesTab, Pred); 4] = [
            (ResponsesTab::All, |s, a| {
                (a == "advertiser" || a == "completed") && s != "sent-back"
            }),
            (ResponsesTab::New, |s, a| s == "pending" && a == "advertiser"),
            (ResponsesTab::Approved, |s, a| s == "approved" && a == "completed"),
            (ResponsesTab::Rejected, |s, a| s == "rejected" && a == "advertiser"),
        ];
        for state in RequestState::ALL {
            let (s, a) = (state.status().as_str(), state.stage().as_str());
            for (tab, pred) in requests {
                assert_eq!(tab.states().contains(&state), pred(s, a), "{tab:?} {state:?}");
            }
            for (tab, pred) in responses {
                assert_eq!(tab.states().contains(&state), pred(s, a), "{tab:?} {state:?}");
            }
        }
        let counts = StateCounts(vec![
            (New, 2),
            (RejectedByAdmin, 1),
            (RejectedAtAdvertiser, 3),
            (SentBack, 4),
        ]);
        assert_eq!(counts.of(Tab::Requests(RequestsTab::All)), 10);
        assert_eq!(counts.of(Tab::Requests(RequestsTab::Rejected)), 4);
        assert_eq!(counts.of(Tab::Responses(ResponsesTab::Rejected)), 3);
        assert_eq!(counts.of(Tab::Responses(ResponsesTab::All)), 3);
        assert_eq!(
            Tab::parse("requests", "sent-back"),
            Some(Tab::Requests(RequestsTab::SentBack))
        );
        assert_eq!(Tab::parse("response", "nope"), Some(Tab::Responses(ResponsesTab::All)));
    }

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
