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

/// The browser's entry point: hydrates the islands (only they ship WebAssembly), then marks the page
/// (`<body data-hydrated>`, which end-to-end tests wait for) once every island on it has been hydrated.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // the islands are hydrated right after this returns, in one chain of promise callbacks; a timer
    // callback runs only after that chain
    leptos::prelude::set_timeout(
        || {
            if let Some(body) = leptos::prelude::document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
