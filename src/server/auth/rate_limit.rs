//! Sign-in rate limits (the `governor` crate): per email address, and per client address.

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;

pub struct SignInLimiter {
    per_email: DefaultKeyedRateLimiter<String>,
    per_client: DefaultKeyedRateLimiter<String>,
}

impl SignInLimiter {
    pub fn new(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).expect("non-zero");
        let client = NonZeroU32::new(per_minute.max(1).saturating_mul(5)).expect("non-zero");
        Self {
            per_email: RateLimiter::keyed(Quota::per_minute(n)),
            per_client: RateLimiter::keyed(Quota::per_minute(client)),
        }
    }

    /// Counts one attempt. `Err(seconds)` says how long to wait before the next one is allowed.
    pub fn attempt(&self, email: &str, client: Option<&str>) -> Result<(), u64> {
        let now = DefaultClock::default().now();
        if let Some(client) = client {
            if let Err(not_until) = self.per_client.check_key(&client.to_string()) {
                return Err(not_until.wait_time_from(now).as_secs().max(1));
            }
        }
        self.per_email
            .check_key(&email.to_string())
            .map_err(|not_until| not_until.wait_time_from(now).as_secs().max(1))
    }

    /// Forgets keys that have fully recovered (called periodically).
    pub fn retain_recent(&self) {
        self.per_email.retain_recent();
        self.per_client.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_eleventh_attempt_in_a_minute_is_refused() {
        let l = super::SignInLimiter::new(10);
        for _ in 0..10 {
            assert!(l.attempt("a@x.io", None).is_ok());
        }
        let wait = l.attempt("a@x.io", None).unwrap_err();
        assert!((1..=60).contains(&wait), "{wait}");
        assert!(l.attempt("b@x.io", None).is_ok(), "other emails are not affected");
    }
}
