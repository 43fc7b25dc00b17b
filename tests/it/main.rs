//! Every integration test in one binary: one link instead of one per file (debug test binaries are large, and
//! linking each of them was what filled the CI machine's disk). Modules run on the engine chosen by
//! `TEST_DATABASE_URL` (SQLite file when unset, a real PostgreSQL server otherwise; see `common`).

#[allow(dead_code)]
mod common;

mod analytics;
mod api_v1;
mod authz;
mod creative_requests;
mod creator_requests;
mod db;
mod email;
mod fuzz;
mod hardening;
mod http;
mod invitations;
mod live;
mod offers;
mod partner_inbound;
mod process;
mod rate_limits;
mod renders;
mod templates;
mod webhooks;
