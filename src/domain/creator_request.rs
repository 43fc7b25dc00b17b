//! Creator requests (seed S1): a business asks the agency for specific creators for one of its campaigns. The
//! request is saved, e-mailed to the agency and sent to the partner platform (`creator_request_created`) through
//! the outbox, and always shows whether the partner has it — the incident of S1 (saved and e-mailed, silently
//! never synced) cannot recur unnoticed.

use crate::domain::ids::{CampaignId, CreatorRequestId, UserId};
use crate::domain::outbox::{SyncOutcome, SyncState};
use crate::domain::time::Millis;
use crate::error::{AppError, Errors};
use serde::{Deserialize, Serialize};

pub const BRIEF_MAX: usize = 2000;
pub const DELIVERABLES_MAX: usize = 1000;
/// At most this many creators in one request.
pub const CREATORS_MAX: usize = 20;
/// The longest list of creators read (20 usernames of up to 30 characters with `@`, separators and spaces fit
/// well within it).
pub const CREATORS_LIST_BYTES: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CampaignType {
    Ugc,
    Influencer,
    Ambassador,
    Event,
}

impl CampaignType {
    pub const ALL: [CampaignType; 4] = [
        CampaignType::Ugc,
        CampaignType::Influencer,
        CampaignType::Ambassador,
        CampaignType::Event,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignType::Ugc => "ugc",
            CampaignType::Influencer => "influencer",
            CampaignType::Ambassador => "ambassador",
            CampaignType::Event => "event",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            CampaignType::Ugc => "UGC content",
            CampaignType::Influencer => "Influencer campaign",
            CampaignType::Ambassador => "Brand ambassador",
            CampaignType::Event => "Event appearance",
        }
    }
    pub fn parse(s: &str) -> Option<CampaignType> {
        CampaignType::ALL.into_iter().find(|t| t.as_str() == s.trim())
    }
}

/// A request as the form sends it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreatorRequestInput {
    pub campaign_id: String,
    pub campaign_type: String,
    pub brief: String,
    pub deliverables: String,
    /// `@ada, @bola` (commas, spaces or new lines between)
    pub creators: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValidCreatorRequest {
    pub campaign_id: CampaignId,
    pub campaign_type: CampaignType,
    pub brief: String,
    pub deliverables: String,
    /// Lower-case usernames, each once, in the order given.
    pub usernames: Vec<String>,
}

/// `@Ada, bola\n@ada` → `["ada", "bola"]`; more than `CREATORS_MAX` different names, or a list longer than
/// `CREATORS_LIST_BYTES`, is refused with the message to show. The length is checked before the list is read,
/// and reading stops at the first name over the limit: a huge list costs nothing.
pub fn usernames(list: &str) -> Result<Vec<String>, String> {
    let too_many = || format!("Ask for at most {CREATORS_MAX} creators at a time.");
    if list.len() > CREATORS_LIST_BYTES {
        return Err(too_many());
    }
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for u in list.split(|c: char| c == ',' || c.is_whitespace()) {
        let u = u.trim().trim_start_matches('@').to_lowercase();
        if !u.is_empty() && seen.insert(u.clone()) {
            if out.len() == CREATORS_MAX {
                return Err(format!(
                    "Ask for at most {CREATORS_MAX} creators at a time (more were given)."
                ));
            }
            out.push(u);
        }
    }
    Ok(out)
}

impl CreatorRequestInput {
    pub fn validate(&self) -> Result<ValidCreatorRequest, AppError> {
        let mut errs = Errors::new();
        let campaign_id = CampaignId::parse(self.campaign_id.trim());
        errs.check(campaign_id.is_some(), "campaign_id", "Choose a campaign.");
        let campaign_type = CampaignType::parse(&self.campaign_type);
        errs.check(campaign_type.is_some(), "campaign_type", "Choose the kind of campaign.");
        let brief = self.brief.trim().to_string();
        errs.check(!brief.is_empty(), "brief", "Describe the campaign for the agency.");
        errs.text("brief", &brief, "the brief", BRIEF_MAX);
        let deliverables = self.deliverables.trim().to_string();
        errs.check(
            !deliverables.is_empty(),
            "deliverables",
            "List what the creators should deliver.",
        );
        errs.text("deliverables", &deliverables, "the deliverables", DELIVERABLES_MAX);
        let usernames = match usernames(&self.creators) {
            Ok(list) if list.is_empty() => {
                errs.add("creators", "Choose at least one creator.");
                list
            }
            Ok(list) => list,
            Err(message) => {
                errs.add("creators", message);
                Vec::new()
            }
        };
        errs.finish()?;
        Ok(ValidCreatorRequest {
            campaign_id: campaign_id.ok_or(AppError::Internal)?,
            campaign_type: campaign_type.ok_or(AppError::Internal)?,
            brief,
            deliverables,
            usernames,
        })
    }
}

/// A chosen creator, as the request shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestedCreator {
    pub id: UserId,
    pub name: String,
    pub username: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatorRequest {
    pub id: CreatorRequestId,
    pub business_id: UserId,
    pub business_name: String,
    pub campaign_id: CampaignId,
    pub campaign_title: String,
    pub campaign_type: CampaignType,
    pub brief: String,
    pub deliverables: String,
    pub creators: Vec<RequestedCreator>,
    pub created_at: Millis,
    /// The partner's id for it, once the partner acknowledged it (the seed's `dobble_tap_request_id`).
    pub partner_id: Option<String>,
    pub sync: SyncState,
    /// Sent, until the partner answers for the creators.
    #[serde(default)]
    pub status: CreatorRequestStatus,
    #[serde(default)]
    pub answered_at: Option<Millis>,
    #[serde(default)]
    pub decline_reason: Option<String>,
}

/// Where a request stands: sent to the agency and the partner, then answered once by the partner
/// (`creator_request.accepted` / `.declined`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CreatorRequestStatus {
    #[default]
    Sent,
    Accepted,
    Declined,
}

impl CreatorRequestStatus {
    pub const ALL: [CreatorRequestStatus; 3] = [
        CreatorRequestStatus::Sent,
        CreatorRequestStatus::Accepted,
        CreatorRequestStatus::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CreatorRequestStatus::Sent => "sent",
            CreatorRequestStatus::Accepted => "accepted",
            CreatorRequestStatus::Declined => "declined",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CreatorRequestStatus::Sent => "Sent",
            CreatorRequestStatus::Accepted => "Accepted",
            CreatorRequestStatus::Declined => "Declined",
        }
    }

    pub fn parse(s: &str) -> Option<CreatorRequestStatus> {
        CreatorRequestStatus::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether it still waits for the partner's answer.
    pub fn waiting(self) -> bool {
        self == CreatorRequestStatus::Sent
    }

    /// The status the partner's answer moves it to: only a request still waiting takes one.
    pub fn answer(self, accepted: bool) -> Result<CreatorRequestStatus, AppError> {
        if !self.waiting() {
            return Err(self.refuse());
        }
        Ok(if accepted {
            CreatorRequestStatus::Accepted
        } else {
            CreatorRequestStatus::Declined
        })
    }

    /// Why an answer to a request in this status is refused.
    pub fn refuse(self) -> AppError {
        AppError::Conflict(format!("This creator request was already {}.", self.as_str()))
    }

    /// The business's notification when the partner answered: (title, e-mail text).
    pub fn news(self, r: &CreatorRequest) -> Option<(String, String)> {
        let n = r.creators.len();
        let who = format!("{n} creator{}", if n == 1 { "" } else { "s" });
        match self {
            CreatorRequestStatus::Sent => None,
            CreatorRequestStatus::Accepted => Some((
                format!("Your creator request for “{}” was accepted", r.campaign_title),
                format!(
                    "The agency accepted your request for {who} for “{}”. They will be in touch about the next steps.",
                    r.campaign_title
                ),
            )),
            CreatorRequestStatus::Declined => Some((
                format!("Your creator request for “{}” was declined", r.campaign_title),
                match &r.decline_reason {
                    Some(why) => format!(
                        "The agency declined your request for {who} for “{}”. Their reason: “{why}”",
                        r.campaign_title
                    ),
                    None => format!("The agency declined your request for {who} for “{}”.", r.campaign_title),
                },
            )),
        }
    }
}

/// What creating a request answers: the request and `{synced, error, retry_queued}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatorRequestResult {
    pub request: CreatorRequest,
    pub sync: SyncOutcome,
}

/// The `creator_request_created` event's `data`: what the partner platform needs to find the creators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PartnerCreatorRequest {
    pub request_id: String,
    pub business_id: String,
    pub business_name: String,
    pub campaign_id: String,
    pub campaign_title: String,
    /// `ugc`, `influencer`, `ambassador` or `event`.
    pub campaign_type: String,
    pub campaign_brief: String,
    pub deliverables: String,
    pub creator_ids: Vec<String>,
    pub creator_usernames: Vec<String>,
    pub total_creators: usize,
    /// `2026-11-22T08:00:00Z`
    pub created_at: String,
}

impl PartnerCreatorRequest {
    /// The event's data for a saved request; `created_at` as the event writes times.
    pub fn of(r: &CreatorRequest, created_at: String) -> Self {
        PartnerCreatorRequest {
            request_id: r.id.to_string(),
            business_id: r.business_id.to_string(),
            business_name: r.business_name.clone(),
            campaign_id: r.campaign_id.to_string(),
            campaign_title: r.campaign_title.clone(),
            campaign_type: r.campaign_type.as_str().to_string(),
            campaign_brief: r.brief.clone(),
            deliverables: r.deliverables.clone(),
            creator_ids: r.creators.iter().map(|c| c.id.to_string()).collect(),
            creator_usernames: r.creators.iter().map(|c| c.username.clone()).collect(),
            total_creators: r.creators.len(),
            created_at,
        }
    }
}

/// The agency's e-mail: subject and text.
pub fn agency_email(r: &CreatorRequest) -> (String, String) {
    let subject = format!("Creator request from {}: {}", r.business_name, r.campaign_title);
    let creators: Vec<String> = r
        .creators
        .iter()
        .map(|c| format!("- {} (@{})", c.name, c.username))
        .collect();
    let text = format!(
        "{} asks for {} creator{} for “{}”.\n\nCampaign type: {}\n\nBrief:\n{}\n\nDeliverables:\n{}\n\nCreators:\n{}\n",
        r.business_name,
        r.creators.len(),
        if r.creators.len() == 1 { "" } else { "s" },
        r.campaign_title,
        r.campaign_type.label(),
        r.brief,
        r.deliverables,
        creators.join("\n")
    );
    (subject, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CreatorRequestInput {
        CreatorRequestInput {
            campaign_id: uuid::Uuid::now_v7().to_string(),
            campaign_type: "ugc".into(),
            brief: " Jollof week ".into(),
            deliverables: "2 reels".into(),
            creators: "@Ada, bola\n@ada".into(),
        }
    }

    #[test]
    fn a_good_request_is_trimmed_and_creators_deduplicated() {
        let v = input().validate().unwrap();
        assert_eq!(v.usernames, vec!["ada", "bola"]);
        assert_eq!(v.brief, "Jollof week");
        assert_eq!(v.campaign_type, CampaignType::Ugc);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = CreatorRequestInput {
            campaign_id: "nope".into(),
            campaign_type: "tv".into(),
            brief: " ".into(),
            deliverables: "d".repeat(DELIVERABLES_MAX + 1),
            creators: " , @ ".into(),
        };
        let e = bad.validate().unwrap_err();
        for f in ["campaign_id", "campaign_type", "brief", "deliverables", "creators"] {
            assert!(e.field_message(f).is_some(), "{f}: {e:?}");
        }
        let many = CreatorRequestInput {
            creators: (0..21).map(|i| format!("c{i}")).collect::<Vec<_>>().join(","),
            ..input()
        };
        assert_eq!(
            many.validate().unwrap_err().field_message("creators").as_deref(),
            Some("Ask for at most 20 creators at a time (more were given).")
        );
        // a list far too long is refused before it is read (it was 16.7 s of CPU for 100,000 names)
        let huge = CreatorRequestInput {
            creators: (0..100_000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(","),
            ..input()
        };
        assert_eq!(
            huge.validate().unwrap_err().field_message("creators").as_deref(),
            Some("Ask for at most 20 creators at a time.")
        );
        // repeated names count once
        let repeated = CreatorRequestInput {
            creators: "ada ".repeat(100),
            ..input()
        };
        assert_eq!(repeated.validate().unwrap().usernames, vec!["ada"]);
        for t in CampaignType::ALL {
            assert_eq!(CampaignType::parse(t.as_str()), Some(t));
        }
    }
    /// Every status × answer: only a request still sent takes an answer, once.
    #[test]
    fn a_request_is_answered_once() {
        use CreatorRequestStatus::*;
        let table = [
            (Sent, true, Some(Accepted)),
            (Sent, false, Some(Declined)),
            (Accepted, true, None),
            (Accepted, false, None),
            (Declined, true, None),
            (Declined, false, None),
        ];
        for (from, accepted, want) in table {
            match (from.answer(accepted), want) {
                (Ok(to), Some(w)) => assert_eq!(to, w),
                (Err(e), None) => assert_eq!(
                    e.to_string(),
                    format!("This creator request was already {}.", from.as_str())
                ),
                (got, want) => panic!("{from:?} accepted={accepted}: {got:?}, wanted {want:?}"),
            }
        }
        for s in CreatorRequestStatus::ALL {
            assert_eq!(CreatorRequestStatus::parse(s.as_str()), Some(s));
            assert_eq!(s.waiting(), s == Sent);
        }
    }
}
