//! The workflow: where a request is (`status` + `approval_stage`), what each reviewer may do there, and why
//! anything else is refused.

use super::*;

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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
    crate::domain::text::within(comment, "the comment", COMMENT_MAX).map_err(|m| AppError::field("comment", m))?;
    Ok(Some(comment.to_string()))
}

/// Who hears of a request reaching a state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Every user of this advertiser organisation.
    Advertiser(OrganisationId),
    /// Every admin.
    Admins,
    /// The publisher who submitted it.
    Publisher(UserId),
}

/// An in-app notification a transition produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub to: Audience,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
}

/// What a request's new state tells whom: the advertiser when it waits for them, the admins when it was sent
/// back, the publisher once it is decided. Nothing for a new request (admins see it in their `New` tab).
pub fn notice(req: &CreativeRequest) -> Option<Notice> {
    let (to, title, link) = match req.state {
        RequestState::Pending => (
            Audience::Advertiser(req.advertiser_id.clone()),
            "A creative request is waiting for your response".to_string(),
            format!("/response?tab=new&open={}", req.id),
        ),
        RequestState::SentBack => (
            Audience::Admins,
            "The advertiser sent a creative request back".to_string(),
            format!("/requests?tab=sent-back&open={}", req.id),
        ),
        s if s.is_final() => (
            Audience::Publisher(req.publisher_id.clone()),
            format!("Your creative request was {}", s.label().to_lowercase()),
            format!("/my-requests?open={}", req.id),
        ),
        _ => return None,
    };
    Some(Notice {
        to,
        kind: format!("creative_request_{}", req.state.status().as_str()),
        title,
        body: format!("{} · {}", req.offer_id, req.offer_name),
        link,
    })
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
}
