//! Rate limits on signing in and signing up (the `governor` crate), keyed so that an attacker can neither guess
//! passwords quickly nor lock the real owner out:
//! - per (account, client address): `per_minute` attempts. Guessing one account's password from one address is
//!   slow, and a flood against an account from one address does not touch its owner elsewhere;
//! - per client address: five times that, across all accounts (one address trying many accounts);
//! - per account, from any address but the one that last signed in to it: ten times that (many addresses
//!   guessing one password together). The owner, back at the address they last signed in from, is never held
//!   up by it;
//! - sign-ups per client address: `per_minute` per hour.
//!
//! A client address is what the configured source gives (`COLLABDESK_CLIENT_IP_SOURCE`: the connection's peer
//! by default, or the header a trusted reverse proxy sets), read as a network: an IPv4 address (also when
//! written inside IPv6), or an IPv6 /64 (what one subscriber is given, so cycling through it changes nothing).
//! Without one (a test calling the router directly) only the per-account keys apply.

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;

/// A client's network: its IPv4 address, or its IPv6 /64.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Network(u128);

impl Network {
    pub fn of(ip: IpAddr) -> Network {
        match ip {
            IpAddr::V4(v4) => Network(u32::from(v4) as u128),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Network(u32::from(v4) as u128),
                None => Network((u128::from(v6) >> 64 << 64) | 1 << 32),
            },
        }
    }
}

pub struct SignInLimiter {
    per_account_and_client: DefaultKeyedRateLimiter<(String, Option<Network>)>,
    per_client: DefaultKeyedRateLimiter<Network>,
    per_account: DefaultKeyedRateLimiter<String>,
    sign_ups: DefaultKeyedRateLimiter<Network>,
    /// The network each account last signed in from.
    known: Mutex<HashMap<String, Network>>,
}

fn wait(not_until: governor::NotUntil<governor::clock::QuantaInstant>) -> u64 {
    not_until.wait_time_from(DefaultClock::default().now()).as_secs().max(1)
}

impl SignInLimiter {
    pub fn new(per_minute: u32) -> Self {
        let per = |times: u32| NonZeroU32::new(per_minute.max(1).saturating_mul(times)).expect("non-zero");
        Self {
            per_account_and_client: RateLimiter::keyed(Quota::per_minute(per(1))),
            per_client: RateLimiter::keyed(Quota::per_minute(per(5))),
            per_account: RateLimiter::keyed(Quota::per_minute(per(10))),
            sign_ups: RateLimiter::keyed(Quota::per_hour(per(1))),
            known: Mutex::default(),
        }
    }

    /// Counts one sign-in attempt. `Err(seconds)` says how long to wait before the next one is allowed.
    pub fn attempt(&self, email: &str, client: Option<IpAddr>) -> Result<(), u64> {
        let client = client.map(Network::of);
        if let Some(client) = client {
            self.per_client.check_key(&client).map_err(wait)?;
        }
        self.per_account_and_client
            .check_key(&(email.to_string(), client))
            .map_err(wait)?;
        let known = self.known.lock().ok().and_then(|k| k.get(email).copied());
        if client.is_none() || client != known {
            self.per_account.check_key(&email.to_string()).map_err(wait)?;
        }
        Ok(())
    }

    /// Remembers where an account just signed in from: from there, its owner is exempt from the per-account
    /// budget.
    pub fn signed_in(&self, email: &str, client: Option<IpAddr>) {
        if let (Some(client), Ok(mut known)) = (client, self.known.lock()) {
            known.insert(email.to_string(), Network::of(client));
        }
    }

    /// Counts one sign-up from this client. `Err(seconds)` as for [`attempt`](Self::attempt).
    pub fn sign_up(&self, client: Option<IpAddr>) -> Result<(), u64> {
        match client {
            Some(client) => self.sign_ups.check_key(&Network::of(client)).map_err(wait),
            None => Ok(()),
        }
    }

    /// Forgets keys that have fully recovered (called periodically).
    pub fn retain_recent(&self) {
        self.per_account_and_client.retain_recent();
        self.per_client.retain_recent();
        self.per_account.retain_recent();
        self.sign_ups.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::Network;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_flood_from_one_address_slows_that_address_only() {
        let l = super::SignInLimiter::new(10);
        let attacker = ip("203.0.113.9");
        let owner = ip("198.51.100.7");
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
    }

    #[test]
    fn many_addresses_guessing_one_account_are_stopped_but_not_its_owner() {
        let l = super::SignInLimiter::new(10);
        let owner = ip("198.51.100.7");
        assert!(l.attempt("a@x.io", Some(owner)).is_ok());
        l.signed_in("a@x.io", Some(owner));
        // 100 attempts a minute on one account from anywhere else (the owner's first one, from an address not
        // yet known, was one of them), then refused
        let tried = (0..500)
            .take_while(|i| {
                l.attempt("a@x.io", Some(ip(&format!("10.0.{}.{}", i / 200, i % 200))))
                    .is_ok()
            })
            .count();
        assert_eq!(tried, 99);
        assert!(l.attempt("a@x.io", Some(ip("10.9.9.9"))).is_err());
        // the owner, where they last signed in, is not held up
        assert!(l.attempt("a@x.io", Some(owner)).is_ok());
    }

    #[test]
    fn one_ipv6_subscriber_is_one_client() {
        assert_eq!(
            Network::of(ip("2001:db8:1:2::1")),
            Network::of(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(Network::of(ip("2001:db8:1:2::1")), Network::of(ip("2001:db8:1:3::1")));
        assert_eq!(Network::of(ip("::ffff:203.0.113.9")), Network::of(ip("203.0.113.9")));
        assert_ne!(Network::of(ip("::cb00:7109")), Network::of(ip("203.0.113.9")));
        let l = super::SignInLimiter::new(2);
        assert!(l.attempt("a@x.io", Some(ip("2001:db8::1"))).is_ok());
        assert!(l.attempt("a@x.io", Some(ip("2001:db8::2"))).is_ok());
        assert!(l.attempt("a@x.io", Some(ip("2001:db8::3"))).is_err(), "the same /64");
    }

    #[test]
    fn sign_ups_are_limited_per_address() {
        let l = super::SignInLimiter::new(3);
        let a = ip("203.0.113.9");
        for _ in 0..3 {
            assert!(l.sign_up(Some(a)).is_ok());
        }
        assert!(l.sign_up(Some(a)).is_err());
        assert!(l.sign_up(Some(ip("203.0.113.10"))).is_ok());
    }
}
