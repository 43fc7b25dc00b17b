//! The user interface, by feature: shared components, pages per role, and what the server knows about the
//! request being rendered.

pub mod components;
pub mod pages;
pub mod request;
