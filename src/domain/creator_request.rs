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
}

/// What creating a request answers: the request and `{synced, error, retry_queued}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatorRequestResult {
    pub request: CreatorRequest,
    pub sync: SyncOutcome,
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
}
