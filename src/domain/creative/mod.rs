//! Creative requests (seed S4): a publisher submits ONE request; an admin approves and forwards it to the
//! advertiser or rejects it; the advertiser approves, rejects or sends it back; an admin re-reviews what was
//! sent back. The same record moves through `status` + `approval_stage`; the offer and creative details never
//! change after submission.
//!
//! The pair (status, approval_stage) only takes the six combinations of [`RequestState`], so an impossible
//! pair (say `new` at the advertiser) cannot be represented, and every transition is one match arm.
//!
//! One module per concern, each with its tests: [`state`] (the states, the reviewers' actions and every
//! transition), [`request`] (what a publisher submits and who may see or review it) and [`tabs`] (the two
//! pages' tabs, their counts, filters and scopes). Everything is re-exported here: `domain::creative::X`.

mod request;
mod state;
mod tabs;

pub use request::*;
pub use state::*;
pub use tabs::*;

use crate::domain::account::{Actor, Role};
use crate::domain::ids::{CreativeRequestId, OrganisationId, UserId};
use crate::domain::time::Millis;
use crate::error::{AppError, Errors};
use serde::{Deserialize, Serialize};
