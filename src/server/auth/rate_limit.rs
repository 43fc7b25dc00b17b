//! Rate limits on signing in and signing up, kept in the database so that every instance of the app shares them
//! (`db::rate_limits`, the GCRA of `domain::rate`), keyed so that an attacker can neither guess passwords
//! quickly nor lock the real owner out:
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

use crate::domain::rate::Quota;
use crate::domain::time::{Millis, DAY};
use crate::error::AppError;
use crate::server::db::{rate_limits, Db};
use std::net::IpAddr;

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

    /// How the network is written in a key or a row.
    pub fn key(self) -> String {
        format!("{:032x}", self.0)
    }
}

/// How long an account's last sign-in network is remembered (its owner's exemption there).
pub const NETWORK_KEPT: i64 = 30 * DAY;

/// The sign-in and sign-up budgets (`per_minute` attempts per account and network; see the module).
#[derive(Clone, Copy, Debug)]
pub struct SignInLimiter {
    per_minute: u32,
}

impl SignInLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self { per_minute }
    }

    fn quota(self) -> Quota {
        Quota::per_minute(self.per_minute)
    }

    /// Counts one sign-in attempt. `Ok(Err(seconds))` says how long to wait before the next one is allowed.
    pub async fn attempt(
        self,
        db: &Db,
        email: &str,
        client: Option<IpAddr>,
        now: Millis,
    ) -> Result<Result<(), u64>, AppError> {
        let client = client.map(Network::of);
        if let Some(client) = client {
            let key = format!("sign_in:client:{}", client.key());
            if let Err(wait) = rate_limits::check(db, &key, self.quota().times(5), now).await? {
                return Ok(Err(wait));
            }
        }
        let from = client.map_or_else(|| "-".to_string(), Network::key);
        let key = format!("sign_in:pair:{from}:{email}");
        if let Err(wait) = rate_limits::check(db, &key, self.quota(), now).await? {
            return Ok(Err(wait));
        }
        let known = rate_limits::known_network(db, email).await?;
        if client.is_none() || client.map(Network::key) != known {
            let key = format!("sign_in:account:{email}");
            if let Err(wait) = rate_limits::check(db, &key, self.quota().times(10), now).await? {
                return Ok(Err(wait));
            }
        }
        Ok(Ok(()))
    }

    /// Remembers where an account just signed in from: from there, its owner is exempt from the per-account
    /// budget.
    pub async fn signed_in(self, db: &Db, email: &str, client: Option<IpAddr>, now: Millis) -> Result<(), AppError> {
        match client {
            Some(client) => rate_limits::remember_network(db, email, &Network::of(client).key(), now).await,
            None => Ok(()),
        }
    }

    /// Counts one sign-up from this client. `Ok(Err(seconds))` as for [`attempt`](Self::attempt).
    pub async fn sign_up(self, db: &Db, client: Option<IpAddr>, now: Millis) -> Result<Result<(), u64>, AppError> {
        match client {
            Some(client) => {
                let key = format!("sign_up:client:{}", Network::of(client).key());
                rate_limits::check(db, &key, Quota::per_hour(self.per_minute), now).await
            }
            None => Ok(Ok(())),
        }
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
    fn one_ipv6_subscriber_is_one_client() {
        assert_eq!(
            Network::of(ip("2001:db8:1:2::1")),
            Network::of(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(Network::of(ip("2001:db8:1:2::1")), Network::of(ip("2001:db8:1:3::1")));
        assert_eq!(Network::of(ip("::ffff:203.0.113.9")), Network::of(ip("203.0.113.9")));
        assert_ne!(Network::of(ip("::cb00:7109")), Network::of(ip("203.0.113.9")));
        assert_ne!(
            Network::of(ip("::cb00:7109")).key(),
            Network::of(ip("203.0.113.9")).key()
        );
    }
}
