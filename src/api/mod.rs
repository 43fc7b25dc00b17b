//! Server functions, by feature. Each is a public HTTP endpoint (POST /api/…): it authenticates and
//! authorises on the server, calls the domain, and persists through `server::db`. Bodies only compile with
//! `ssr`; the browser build gets a typed client stub for each.

pub mod analytics;
pub mod api_keys;
pub mod auth;
pub mod campaigns;
pub mod creative_requests;
pub mod creator_requests;
pub mod creators;
pub mod integrations;
pub mod invitations;
pub mod notifications;
pub mod offers;
pub mod templates;
pub mod users;
