//! Entity ids: UUID v7 (time-ordered, which keyset paging likes), stored as text, one newtype per entity so
//! a campaign id can never be passed where a user id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn generate() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }
            /// Accepts only a well-formed UUID, so ids from a URL are checked before any query.
            pub fn parse(s: &str) -> Option<Self> {
                uuid::Uuid::parse_str(s).ok().map(|u| Self(u.to_string()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        /// A keyset cursor names the last row shown by its id (not checked: a cursor only bounds a query).
        impl crate::domain::page::CursorId for $name {
            fn from_cursor(s: &str) -> Self {
                Self(s.to_string())
            }
            fn cursor_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

id_type!(
    UserId,
    CampaignId,
    OrganisationId,
    InvitationId,
    NotificationId,
    CreativeRequestId,
    OfferId,
    WalletId,
    CreatorRequestId,
    TemplateId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_time_ordered_and_parse_back() {
        let a = CampaignId::generate();
        let b = CampaignId::generate();
        assert!(a < b, "v7 ids sort by creation time");
        assert_eq!(CampaignId::parse(a.as_str()), Some(a));
        assert_eq!(CampaignId::parse("not-an-id"), None);
        assert_eq!(CampaignId::parse("' OR 1=1 --"), None);
    }
}
