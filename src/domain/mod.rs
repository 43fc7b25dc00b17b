//! Pure rules, compiled for the server and the browser alike. No I/O here: every function takes what it
//! needs (the acting user, the current time) as arguments, so every rule is unit-tested in isolation.

pub mod account;
pub mod analytics;
pub mod api_key;
pub mod campaign;
pub mod creative;
pub mod creator;
pub mod creator_request;
pub mod ids;
pub mod invitation;
pub mod links;
pub mod live;
pub mod money;
pub mod notification;
pub mod offer;
pub mod outbox;
pub mod page;
pub mod partner;
pub mod rate;
pub mod reminder;
pub mod template;
pub mod text;
pub mod time;
