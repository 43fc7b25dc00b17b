pub mod admin;
pub mod auth;
pub mod business;
pub mod placeholder;
