//! Collabdesk: one crate, two builds. With `ssr` it is the axum server (see `main.rs`); with `hydrate` it
//! is the WebAssembly that makes the server-rendered pages interactive. `domain`, `api`, `ui` and `error`
//! are compiled for both; `server` only with `ssr`.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

/// The browser's entry point, called by the page's loader (`app::ISLAND_LOADER`) before it hydrates each
/// island: only islands ship WebAssembly.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
