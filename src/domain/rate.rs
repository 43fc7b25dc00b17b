//! Rate limits as quotas (how many in what window), the generic cell rate algorithm (GCRA) the database applies
//! atomically per key (`server::db::rate_limits`), and how long a refused client waits. No I/O.
//!
//! A key's state is one number, its theoretical arrival time `tat` (ms): the moment its budget is whole again.
//! A use at `now` moves it to `max(tat, now) + interval`; it is allowed if that is at most `window` ahead of
//! `now` (so `burst` uses in a row are allowed from a whole budget, then one per `interval`).

use crate::domain::time::{HOUR, MINUTE};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    /// Uses allowed at once from a whole budget.
    pub burst: u32,
    /// The window (ms) in which `burst` uses are allowed; one use comes back every `window / burst`.
    pub window: i64,
}

impl Quota {
    pub fn per_minute(n: u32) -> Quota {
        Quota {
            burst: n.max(1),
            window: MINUTE,
        }
    }

    pub fn per_hour(n: u32) -> Quota {
        Quota {
            burst: n.max(1),
            window: HOUR,
        }
    }

    /// This quota with `times` as many uses in the same window.
    pub fn times(self, times: u32) -> Quota {
        Quota {
            burst: self.burst.saturating_mul(times).max(1),
            window: self.window,
        }
    }

    /// How long one use takes to come back (ms, at least 1).
    pub fn interval(self) -> i64 {
        (self.window / self.burst as i64).max(1)
    }

    /// How far ahead of now a key's `tat` may be after a use that is allowed (ms).
    pub fn limit(self) -> i64 {
        self.interval() * self.burst as i64
    }

    /// The rule the database applies: the key's new `tat` if a use at `now` is allowed, `None` if not.
    pub fn admit(self, tat: Option<i64>, now: i64) -> Option<i64> {
        let next = tat.unwrap_or(now).max(now) + self.interval();
        (next - now <= self.limit()).then_some(next)
    }

    /// Whole seconds (at least 1) until a key at `tat`, just refused at `now`, is allowed one use.
    pub fn wait_seconds(self, tat: i64, now: i64) -> u64 {
        let ms = (tat + self.interval() - self.limit() - now).max(1);
        ((ms + 999) / 1000).max(1) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::Quota;
    use crate::domain::time::MINUTE;

    #[test]
    fn a_whole_budget_allows_a_burst_then_one_use_per_interval() {
        let q = Quota::per_minute(10); // one use back every 6 s
                                       // (tat before, now, tat after or None when refused)
        let cases: &[(Option<i64>, i64, Option<i64>)] = &[
            (None, 0, Some(6_000)),                  // a new key
            (Some(54_000), 0, Some(60_000)),         // the tenth use in a row
            (Some(60_000), 0, None),                 // the eleventh: refused, nothing changes
            (Some(60_000), 5_999, None),             // a use comes back only after 6 s
            (Some(60_000), 6_000, Some(66_000)),     // and then one is allowed
            (Some(1_000), 100_000, Some(106_000)),   // a key unused for long has its whole budget
            (Some(100_000), 100_000, Some(106_000)), // tat exactly now: whole budget
        ];
        for &(tat, now, after) in cases {
            assert_eq!(q.admit(tat, now), after, "tat {tat:?} at {now}");
        }
    }

    #[test]
    fn exactly_burst_uses_from_a_whole_budget_and_a_wait_that_ends_when_one_is_back() {
        for (q, burst) in [
            (Quota::per_minute(1), 1),
            (Quota::per_minute(7), 7),
            (Quota::per_hour(3), 3),
        ] {
            let mut tat = None;
            let mut allowed = 0;
            while let Some(next) = q.admit(tat, 0) {
                tat = Some(next);
                allowed += 1;
                assert!(allowed <= burst);
            }
            assert_eq!(allowed, burst);
            let wait = q.wait_seconds(tat.unwrap(), 0);
            let wait_ms = wait as i64 * 1000;
            assert!(
                q.admit(tat, wait_ms).is_some(),
                "{q:?} allowed again after the wait it gave ({wait} s)"
            );
            assert!(
                q.admit(tat, wait_ms - 1000).is_none() || wait == 1,
                "{q:?}: the wait is not longer than needed"
            );
        }
        assert_eq!(Quota::per_minute(10).times(5), Quota::per_minute(50));
        assert_eq!(Quota::per_minute(0).burst, 1, "a zero quota still allows one use");
        assert_eq!(Quota::per_minute(10).wait_seconds(60_000, 0), 6);
        assert_eq!(MINUTE, 60_000);
    }
}
