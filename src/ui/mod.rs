//! The user interface, by feature: shared components, and pages per role.

pub mod components;
pub mod pages;
