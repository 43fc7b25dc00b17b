pub mod admin;
pub mod auth;
pub mod business;
pub mod creator;
pub mod creators;
pub mod integrations;
pub mod placeholder;
pub mod requests;
