//! Rate limits on signing in and signing up (the `governor` crate), keyed so that an attacker can neither guess
//! passwords quickly nor lock the real owner out:
//! - per (account, client address): `per_minute` attempts. Guessing one account's password from one address is
//!   slow, and a flood against an account from one address does not touch its owner elsewhere;
//! - per client address: five times that, across all accounts (one address trying many accounts);
//! - sign-ups per client address: `per_minute` per hour.
//!
//! The client address is the one the configured source gives (`COLLABDESK_CLIENT_IP_SOURCE`: the connection's
//! peer by default, or the header a trusted reverse proxy sets). Without one (a test calling the router
//! directly) only the per-account key applies.

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;

pub struct SignInLimiter {
    per_account_and_client: DefaultKeyedRateLimiter<(String, Option<IpAddr>)>,
    per_client: DefaultKeyedRateLimiter<IpAddr>,
    sign_ups: DefaultKeyedRateLimiter<IpAddr>,
}

fn wait(not_until: governor::NotUntil<governor::clock::QuantaInstant>) -> u64 {
    not_until.wait_time_from(DefaultClock::default().now()).as_secs().max(1)
}

impl SignInLimiter {
    pub fn new(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).expect("non-zero");
        let client = NonZeroU32::new(per_minute.max(1).saturating_mul(5)).expect("non-zero");
        Self {
            per_account_and_client: RateLimiter::keyed(Quota::per_minute(n)),
            per_client: RateLimiter::keyed(Quota::per_minute(client)),
            sign_ups: RateLimiter::keyed(Quota::per_hour(n)),
        }
    }

    /// Counts one sign-in attempt. `Err(seconds)` says how long to wait before the next one is allowed.
    pub fn attempt(&self, email: &str, client: Option<IpAddr>) -> Result<(), u64> {
        if let Some(client) = client {
            self.per_client.check_key(&client).map_err(wait)?;
        }
        self.per_account_and_client
            .check_key(&(email.to_string(), client))
            .map_err(wait)
    }

    /// Counts one sign-up from this client. `Err(seconds)` as for [`attempt`](Self::attempt).
    pub fn sign_up(&self, client: Option<IpAddr>) -> Result<(), u64> {
        match client {
            Some(client) => self.sign_ups.check_key(&client).map_err(wait),
            None => Ok(()),
        }
    }

    /// Forgets keys that have fully recovered (called periodically).
    pub fn retain_recent(&self) {
        self.per_account_and_client.retain_recent();
        self.per_client.retain_recent();
        self.sign_ups.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    #[test]
    fn a_flood_from_one_address_slows_that_address_only() {
        let l = super::SignInLimiter::new(10);
        let attacker: IpAddr = "203.0.113.9".parse().unwrap();
        let owner: IpAddr = "198.51.100.7".parse().unwrap();
        for _ in 0..10 {
            assert!(l.attempt("a@x.io", Some(attacker)).is_ok());
        }
        let wait = l.attempt("a@x.io", Some(attacker)).unwrap_err();
        assert!((1..=60).contains(&wait), "{wait}");
        assert!(
            l.attempt("a@x.io", Some(owner)).is_ok(),
            "the owner signs in from elsewhere"
        );
        // the attacker moving on to other accounts is stopped by the per-address budget (50 a minute)
        let tried = (0..100)
            .take_while(|i| l.attempt(&format!("user{i}@x.io"), Some(attacker)).is_ok())
            .count();
        assert_eq!(
            tried, 39,
            "50 attempts a minute from one address, 11 already used (refused ones count)"
        );
        // without an address, the account alone is the key
        for _ in 0..10 {
            assert!(l.attempt("b@x.io", None).is_ok());
        }
        assert!(l.attempt("b@x.io", None).is_err());
    }

    #[test]
    fn sign_ups_are_limited_per_address() {
        let l = super::SignInLimiter::new(3);
        let a: IpAddr = "203.0.113.9".parse().unwrap();
        for _ in 0..3 {
            assert!(l.sign_up(Some(a)).is_ok());
        }
        assert!(l.sign_up(Some(a)).is_err());
        assert!(l.sign_up(Some("203.0.113.10".parse().unwrap())).is_ok());
    }
}
