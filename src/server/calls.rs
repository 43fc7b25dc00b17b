//! The call log of one request: which server functions ran while it was answered (by source location), and
//! the actor lookup. On when `Config::call_log` is set (tests, benchmarks): the response then carries the log in
//! `x-collabdesk-calls`, so a test can prove that a page render runs each server function once.

use std::sync::{Arc, Mutex};

pub const HEADER: &str = "x-collabdesk-calls";

#[derive(Clone, Debug, Default)]
pub struct CallLog(Arc<Mutex<Vec<String>>>);

impl CallLog {
    pub fn push(&self, what: impl Into<String>) {
        if let Ok(mut log) = self.0.lock() {
            log.push(what.into());
        }
    }

    /// The entries, space-separated.
    pub fn header(&self) -> String {
        self.0.lock().map(|l| l.join(" ")).unwrap_or_default()
    }
}
