//! Room-code and password guessing, slowed down: each client address may
//! get a few wrong in a window of time, then is refused until the oldest
//! failure leaves the window. Pure: the caller passes the time.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// Wrong guesses allowed per address in one window.
pub const ALLOWED: usize = 10;
/// The window, in seconds.
pub const WINDOW_SECS: i64 = 300;
/// Addresses remembered at most; past this the oldest are forgotten, so a
/// flood of addresses cannot grow memory without bound.
const REMEMBERED: usize = 10_000;

#[derive(Debug, Default)]
pub struct Limiter {
    failures: HashMap<IpAddr, VecDeque<DateTime<Utc>>>,
}

impl Limiter {
    /// How long `who` must wait before guessing again, if it must.
    pub fn wait(&mut self, who: IpAddr, now: DateTime<Utc>) -> Option<Duration> {
        let failures = self.failures.get_mut(&who)?;
        forget_old(failures, now);
        if failures.len() < ALLOWED {
            return None;
        }
        let oldest = *failures.front()?;
        let free_at = oldest + chrono::Duration::seconds(WINDOW_SECS);
        Some(
            (free_at - now)
                .to_std()
                .unwrap_or(Duration::from_secs(1))
                .max(Duration::from_secs(1)),
        )
    }

    /// Counts a wrong guess by `who`.
    pub fn failed(&mut self, who: IpAddr, now: DateTime<Utc>) {
        if self.failures.len() >= REMEMBERED && !self.failures.contains_key(&who) {
            self.failures.retain(|_, failures| {
                forget_old(failures, now);
                !failures.is_empty()
            });
            if self.failures.len() >= REMEMBERED {
                self.failures.clear();
            }
        }
        let failures = self.failures.entry(who).or_default();
        forget_old(failures, now);
        failures.push_back(now);
    }
}

fn forget_old(failures: &mut VecDeque<DateTime<Utc>>, now: DateTime<Utc>) {
    let window = chrono::Duration::seconds(WINDOW_SECS);
    while failures.front().is_some_and(|&at| at + window <= now) {
        failures.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr};
    use std::time::Duration;

    use chrono::{TimeZone, Utc};

    use super::{ALLOWED, Limiter, WINDOW_SECS};

    #[test]
    fn an_address_is_held_back_after_too_many_wrong_guesses_until_the_window_passes() {
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
        let at = |s: i64| start + chrono::Duration::seconds(s);
        let one = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        let other = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        let mut limiter = Limiter::default();
        for n in 0..ALLOWED as i64 {
            assert_eq!(limiter.wait(one, at(n)), None);
            limiter.failed(one, at(n));
        }
        assert_eq!(
            limiter.wait(one, at(20)),
            Some(Duration::from_secs(WINDOW_SECS as u64 - 20))
        );
        assert_eq!(
            limiter.wait(other, at(20)),
            None,
            "another address is not held back"
        );
        // Once the first failure leaves the window, one more guess is allowed.
        assert_eq!(limiter.wait(one, at(WINDOW_SECS)), None);
    }
}
