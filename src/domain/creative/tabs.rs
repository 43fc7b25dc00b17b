//! The `Requests` and `Responses` pages' tabs: which states each lists, their counts and filters.

use super::*;

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

impl RequestFilter {
    /// A filter from the list's query (`q`, `advertiser`, `priority`, `sort`): an unknown advertiser or
    /// priority is refused with the field; the search text is trimmed and kept to 200 characters.
    pub fn parse(q: &str, advertiser: &str, priority: &str, sort: &str) -> Result<RequestFilter, AppError> {
        Ok(RequestFilter {
            q: q.trim().chars().take(200).collect(),
            advertiser_id: match advertiser.trim() {
                "" => None,
                a => {
                    Some(OrganisationId::parse(a).ok_or_else(|| AppError::field("advertiser", "Unknown advertiser."))?)
                }
            },
            priority: match priority.trim() {
                "" => None,
                p => Some(Priority::parse(p).ok_or_else(|| AppError::field("priority", "Unknown priority."))?),
            },
            oldest_first: sort == "oldest",
        })
    }
}

/// Whose requests a list covers.
#[derive(Clone, Debug, PartialEq)]
pub enum Scope {
    /// Every request (admins).
    All,
    /// One publisher's own requests.
    Publisher(UserId),
    /// One advertiser organisation's requests that reached the advertiser stage.
    Advertiser(OrganisationId),
}

impl Scope {
    /// What a tab's list covers for this actor. The page a tab belongs to decides who may open it:
    /// `/requests` is for admins, `/response` for admins and advertisers (their organisation's requests).
    pub fn for_page(actor: &Actor, tab: Tab) -> Result<Scope, AppError> {
        match (tab, actor.role) {
            (_, Role::Admin) => Ok(Scope::All),
            (Tab::Responses(_), Role::Advertiser) => actor
                .organisation_id
                .clone()
                .map(Scope::Advertiser)
                .ok_or_else(AppError::forbidden),
            _ => Err(AppError::forbidden()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestState::*;

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
}
