//! The delivery rules of the transactional outbox (webhooks and e-mail): the retry schedule, what an answer
//! from the partner means, and how a delivery's state reads in the UI. Pure; the worker in `server::outbox`
//! applies them.

use crate::domain::time::{Millis, HOUR, MINUTE, SECOND};
use serde::{Deserialize, Serialize};

/// Delay before attempt n+1 after n failed attempts: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
/// After the last one fails the delivery is `failed` (kept, and an admin can replay it).
pub const SCHEDULE: [i64; 8] = [
    0,
    5 * SECOND,
    5 * MINUTE,
    30 * MINUTE,
    2 * HOUR,
    5 * HOUR,
    10 * HOUR,
    10 * HOUR,
];

/// Each attempt gives up after this long.
pub const ATTEMPT_TIMEOUT_MS: i64 = 15 * SECOND;

/// The longest `retry-after` we honour (a partner asking for more is retried on our schedule's last step).
pub const RETRY_AFTER_MAX: i64 = 10 * HOUR;

/// When the attempt after `attempts` failed ones is due, or `None` when the schedule is exhausted. `jitter` in
/// [0, 1) spreads retries by up to ±10 % so a recovering partner is not hit by every retry at once.
pub fn next_attempt(attempts: usize, now: Millis, jitter: f64) -> Option<Millis> {
    let base = *SCHEDULE.get(attempts)?;
    let spread = (base as f64 * 0.2 * (jitter.clamp(0.0, 1.0) - 0.5)) as i64;
    Some(Millis(now.0 + base + spread))
}

/// What one attempt's answer means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// 2xx.
    Delivered,
    /// 410 Gone: the partner removed the endpoint; disable it and stop.
    Gone,
    /// 429 / 502 / 503 / 504 with a `retry-after` we honour (milliseconds from now).
    RetryAfter(i64),
    /// Anything else (other status, timeout, connection refused): retry on the schedule.
    Retry,
}

impl Outcome {
    /// `retry_after` is the header's value: seconds, or an HTTP date already turned into milliseconds from now.
    pub fn of(status: Option<u16>, retry_after_ms: Option<i64>) -> Outcome {
        match status {
            Some(200..=299) => Outcome::Delivered,
            Some(410) => Outcome::Gone,
            Some(429 | 502 | 503 | 504) => match retry_after_ms {
                Some(ms) if ms >= 0 => Outcome::RetryAfter(ms.min(RETRY_AFTER_MAX)),
                _ => Outcome::Retry,
            },
            _ => Outcome::Retry,
        }
    }
}

/// Parses `retry-after`: delta-seconds only (an HTTP date is treated as absent, so the schedule applies).
pub fn parse_retry_after(value: &str) -> Option<i64> {
    value.trim().parse::<i64>().ok().filter(|s| *s >= 0).map(|s| s * SECOND)
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeliveryStatus {
    Pending,
    Delivered,
    Failed,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 3] = [
        DeliveryStatus::Pending,
        DeliveryStatus::Delivered,
        DeliveryStatus::Failed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Option<DeliveryStatus> {
        DeliveryStatus::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// A partner endpoint (its secret is never part of this).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    pub id: String,
    pub url: String,
    pub events: String,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub created_at: Millis,
}

/// One delivery as the admin `Deliveries` page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: String,
    pub channel: String,
    pub event_type: String,
    pub endpoint_url: Option<String>,
    /// `campaign <id>`, `invitation <id>`, …
    pub subject: Option<String>,
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub next_attempt_at: Millis,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub last_latency_ms: Option<i64>,
    pub delivered_at: Option<Millis>,
    pub created_at: Millis,
}

/// A record's sync state with the partner, as its badge says it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SyncState {
    /// No partner endpoint wants this event.
    NotSynced,
    Synced,
    /// Not delivered yet: attempts so far and when the next one is due.
    Retrying {
        attempts: i64,
        next_at: Millis,
        /// Why the last attempt did not land, once there was one.
        last_error: Option<String>,
    },
    Failed {
        error: String,
    },
}

impl SyncState {
    pub fn label(&self) -> String {
        match self {
            SyncState::NotSynced => "Not synced".into(),
            SyncState::Synced => "Synced".into(),
            SyncState::Retrying { attempts: 0, .. } => "Sending…".into(),
            SyncState::Retrying { attempts, next_at, .. } => {
                format!(
                    "Retrying (attempt {}, next at {})",
                    attempts + 1,
                    next_at.human_datetime()
                )
            }
            SyncState::Failed { error } => format!("Failed: {error}"),
        }
    }
}

/// What a server function that caused a partner event answers about it: `{synced, error, retry_queued}`.
/// `synced` only once the partner acknowledged it; otherwise the delivery is queued (the worker keeps trying)
/// or has failed, and `error` says why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SyncOutcome {
    pub synced: bool,
    pub error: Option<String>,
    pub retry_queued: bool,
    /// The badge text (`Synced`, `Retrying (attempt 2, next at …)`, `Failed: …`, `Not synced`).
    pub label: String,
}

impl From<&SyncState> for SyncOutcome {
    fn from(s: &SyncState) -> SyncOutcome {
        let label = s.label();
        match s {
            SyncState::NotSynced => SyncOutcome {
                label,
                ..SyncOutcome::default()
            },
            SyncState::Synced => SyncOutcome {
                synced: true,
                label,
                ..SyncOutcome::default()
            },
            SyncState::Retrying { last_error, .. } => SyncOutcome {
                retry_queued: true,
                error: last_error.clone(),
                label,
                ..SyncOutcome::default()
            },
            SyncState::Failed { error } => SyncOutcome {
                error: Some(error.clone()),
                label,
                ..SyncOutcome::default()
            },
        }
    }
}

/// The event types sent to the partner platform.
pub const EVENTS: [&str; 16] = [
    "campaign_created",
    "activation_updated",
    "activation_cancelled",
    "offer_sent",
    "offer_accepted",
    "offer_declined",
    "offer_withdrawn",
    "offer_expired",
    "creator_request_created",
    "invitation_invited",
    "invitation_accepted",
    "invitation_declined",
    "invitation_withdrawn",
    "invitation_expired",
    "invitation_resent",
    "creative_request_updated",
];

/// Whether an endpoint subscribed to `events` (comma-separated, or `*`) wants `event`.
pub fn wants(events: &str, event: &str) -> bool {
    events.split(',').map(str::trim).any(|e| e == "*" || e == event)
}

/// Checks a partner endpoint: an http(s) URL without spaces, and `*` or known event types (comma-separated).
/// Returns the URL and the normalised event list.
/// The host of `scheme://[user@]host[:port]/…`, without brackets around an IPv6 address.
/// The host of an endpoint address as an HTTP client reads it (WHATWG URL parsing: `127.1`, `2130706433` and
/// `0x7f.0.0.1` are all 127.0.0.1, and in `https://public.example@10.0.0.1/` the host is 10.0.0.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointHost {
    Ip(std::net::IpAddr),
    Name(String),
}

pub fn endpoint_host(url: &str) -> Option<EndpointHost> {
    let parsed = url::Url::parse(url).ok()?;
    Some(match parsed.host()? {
        url::Host::Ipv4(ip) => EndpointHost::Ip(ip.into()),
        url::Host::Ipv6(ip) => EndpointHost::Ip(ip.into()),
        url::Host::Domain(name) => EndpointHost::Name(name.trim_end_matches('.').to_ascii_lowercase()),
    })
}

/// Whether the worker may connect to this address from production: not this machine, not a private,
/// shared, link-local, multicast, reserved or otherwise internal address (the worker must not be turned
/// against the internal network). An IPv4 address inside IPv6 (mapped, or NAT64) is judged as IPv4.
pub fn public_ip(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(ip) => {
            let [a, b, c, _] = ip.octets();
            !(ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || ip.is_multicast()
                || ip.is_documentation()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (18..20).contains(&b)))
        }
        IpAddr::V6(ip) => {
            if let Some(v4) = ip.to_ipv4_mapped() {
                return public_ip(IpAddr::V4(v4));
            }
            let s = ip.segments();
            let v4 = |hi: u16, lo: u16| IpAddr::V4(std::net::Ipv4Addr::from(((hi as u32) << 16) | lo as u32));
            // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address: judged as that address
            if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
                return public_ip(v4(s[6], s[7]));
            }
            if s[0] == 0x2002 {
                return public_ip(v4(s[1], s[2]));
            }
            !(ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] & 0xffc0) == 0xfec0
                || (s[0] == 0x2001 && s[1] == 0xdb8)
                || (s[0] == 0x2001 && s[1] == 0)
                || (s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1)
                || s[0..6] == [0, 0, 0, 0, 0, 0])
        }
    }
}

/// Whether a partner endpoint's address may be called from production: a public IP, or a name that is not
/// obviously internal (what a name resolves to is checked again when the worker connects).
pub fn public_host(url: &str) -> bool {
    match endpoint_host(url) {
        Some(EndpointHost::Ip(ip)) => public_ip(ip),
        Some(EndpointHost::Name(name)) => {
            !(name.is_empty()
                || name == "localhost"
                || name.ends_with(".localhost")
                || name.ends_with(".internal")
                || name.ends_with(".local")
                || !name.contains('.'))
        }
        None => false,
    }
}

/// Checks an endpoint form. In production the address must be https and public (`public_host`).
pub fn validate_endpoint(
    url: &str,
    events: &str,
    production: bool,
) -> Result<(String, String), crate::error::AppError> {
    let mut e = crate::error::Errors::new();
    let url = url.trim().to_string();
    if production && !(url.starts_with("https://") && public_host(&url)) {
        e.add(
            "url",
            "In production the endpoint must be a public https:// address (not this machine or an internal network).",
        );
    }
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let parsed = url::Url::parse(&url).ok();
    e.check(
        scheme_ok
            && parsed.as_ref().is_some_and(|u| u.host().is_some())
            && url.len() <= 2000
            && !url.contains(char::is_whitespace),
        "url",
        "Enter the endpoint's full address, starting with https://",
    );
    e.check(
        parsed
            .as_ref()
            .is_none_or(|u| u.username().is_empty() && u.password().is_none()),
        "url",
        "An endpoint's address cannot hold a user name or password (the request is signed instead).",
    );
    let list: Vec<&str> = events.split(',').map(str::trim).filter(|x| !x.is_empty()).collect();
    let unknown: Vec<&str> = list
        .iter()
        .copied()
        .filter(|x| *x != "*" && !EVENTS.contains(x))
        .collect();
    if list.is_empty() {
        e.add("events", "Choose at least one event, or * for all.");
    } else if !unknown.is_empty() {
        e.add("events", format!("Unknown event: {}.", unknown.join(", ")));
    }
    e.finish()?;
    let events = if list.contains(&"*") {
        "*".to_string()
    } else {
        list.join(",")
    };
    Ok((url, events))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_then_give_up() {
        let now = Millis(1_000_000_000);
        let due: Vec<i64> = (0..8).map(|n| next_attempt(n, now, 0.5).unwrap().0 - now.0).collect();
        assert_eq!(due, SCHEDULE.to_vec(), "no jitter at 0.5");
        assert_eq!(next_attempt(8, now, 0.5), None, "eight attempts, then failed");
        let low = next_attempt(2, now, 0.0).unwrap().0 - now.0;
        let high = next_attempt(2, now, 0.999).unwrap().0 - now.0;
        assert!((270 * SECOND..300 * SECOND).contains(&low), "{low}");
        assert!((300 * SECOND + 1..=330 * SECOND).contains(&high), "{high}");
    }

    #[test]
    fn answers() {
        assert_eq!(Outcome::of(Some(200), None), Outcome::Delivered);
        assert_eq!(Outcome::of(Some(204), None), Outcome::Delivered);
        assert_eq!(Outcome::of(Some(410), None), Outcome::Gone);
        for s in [429, 502, 503, 504] {
            assert_eq!(Outcome::of(Some(s), Some(7000)), Outcome::RetryAfter(7000));
            assert_eq!(Outcome::of(Some(s), None), Outcome::Retry);
        }
        assert_eq!(
            Outcome::of(Some(429), Some(48 * HOUR)),
            Outcome::RetryAfter(RETRY_AFTER_MAX)
        );
        assert_eq!(Outcome::of(Some(500), Some(1000)), Outcome::Retry);
        assert_eq!(Outcome::of(Some(301), None), Outcome::Retry);
        assert_eq!(Outcome::of(None, None), Outcome::Retry, "timeout or refused");
        assert_eq!(parse_retry_after(" 120 "), Some(120 * SECOND));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-5"), None);
    }

    #[test]
    fn endpoints_are_checked() {
        assert_eq!(
            validate_endpoint(" https://partner.example/hooks ", "offer_sent, offer_accepted", false).unwrap(),
            (
                "https://partner.example/hooks".into(),
                "offer_sent,offer_accepted".into()
            )
        );
        assert_eq!(validate_endpoint("http://127.0.0.1:9000/x", "*", false).unwrap().1, "*");
        let Err(crate::error::AppError::Validation(errs)) = validate_endpoint("ftp://x", "offer_sennt", false) else {
            panic!()
        };
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[1].message, "Unknown event: offer_sennt.");
        assert!(validate_endpoint("https://", "*", false).is_err());
        assert!(validate_endpoint("https://a b", "*", false).is_err());
        assert!(validate_endpoint("https://a", " , ", false).is_err());
        // production: public https only
        for private in [
            "https://127.0.0.1/x",
            "https://localhost:8443/x",
            "https://10.1.2.3/x",
            "https://192.168.0.9/x",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/x",
            "https://[fd00::1]/x",
            "https://user@172.16.0.1:443/x",
            "https://100.64.0.1/x",
            "http://partner.example/x",
            // what a text check let through (issue 11, finding 10): shorthand, decimal, hex and octal IPv4,
            // user@host, IPv4 inside IPv6, a trailing dot, an internal name without a dot
            "https://127.1/x",
            "https://2130706433/x",
            "https://0x7f.0.0.1/x",
            "https://0177.0.0.1/x",
            "https://partner.example@127.0.0.1/x",
            "https://[::ffff:127.0.0.1]/x",
            "https://[::ffff:a9fe:a9fe]/x",
            "https://[64:ff9b::a00:1]/x",
            "https://localhost./x",
            "https://metadata/x",
            "https://0.0.0.0/x",
            "https://[::]/x",
            "https://224.0.0.1/x",
            // IPv6 forms that carry or stand for internal addresses: 6to4 of 127.0.0.1 and of 10.0.0.1,
            // site-local, local-use NAT64, Teredo
            "https://[2002:7f00:1::]/x",
            "https://[2002:a00:1::]/x",
            "https://[fec0::1]/x",
            "https://[64:ff9b:1::a00:1]/x",
            "https://[2001:0:4136:e378::1]/x",
        ] {
            assert!(validate_endpoint(private, "*", true).is_err(), "{private}");
        }
        assert!(validate_endpoint("https://partner.example/hooks", "*", true).is_ok());
        assert!(validate_endpoint("https://8.8.8.8/hooks", "*", true).is_ok());
        assert!(validate_endpoint("https://[2606:4700::1111]/hooks", "*", true).is_ok());
        // 6to4 of a public address is public
        assert!(validate_endpoint("https://[2002:808:808::]/hooks", "*", true).is_ok());
        // a user name or password in the address is refused everywhere
        assert!(validate_endpoint("https://user:pw@partner.example/x", "*", false).is_err());
    }

    #[test]
    fn hosts_are_read_as_an_http_client_reads_them() {
        use std::net::{IpAddr, Ipv4Addr};
        let local = EndpointHost::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
        for url in [
            "http://127.1/",
            "http://2130706433/",
            "http://0x7f000001/",
            "http://a.example@127.0.0.1/",
        ] {
            assert_eq!(endpoint_host(url), Some(local.clone()), "{url}");
        }
        assert_eq!(
            endpoint_host("https://Partner.Example./x"),
            Some(EndpointHost::Name("partner.example".into()))
        );
        assert_eq!(endpoint_host("not a url"), None);
    }

    #[test]
    fn subscriptions_and_labels() {
        assert!(wants("*", "offer_sent"));
        assert!(wants("offer_sent, offer_accepted", "offer_accepted"));
        assert!(!wants("offer_sent", "offer_accepted"));
        assert_eq!(SyncState::Synced.label(), "Synced");
        assert_eq!(
            SyncState::Retrying {
                attempts: 2,
                next_at: Millis(0),
                last_error: Some("HTTP 503".into()),
            }
            .label(),
            "Retrying (attempt 3, next at 1 Jan 1970, 00:00 UTC)"
        );
        let queued = SyncOutcome::from(&SyncState::Retrying {
            attempts: 1,
            next_at: Millis(0),
            last_error: Some("could not connect".into()),
        });
        assert!(!queued.synced && queued.retry_queued);
        assert_eq!(queued.error.as_deref(), Some("could not connect"));
        let failed = SyncOutcome::from(&SyncState::Failed {
            error: "HTTP 500".into(),
        });
        assert!(!failed.synced && !failed.retry_queued && failed.error.is_some());
        assert!(SyncOutcome::from(&SyncState::Synced).synced);
        assert_eq!(
            SyncState::Failed {
                error: "HTTP 500".into()
            }
            .label(),
            "Failed: HTTP 500"
        );
    }
}
