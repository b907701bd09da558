//! Rate limits: token buckets for the public ticket API (per site and requester) and the
//! failed-login limiter for staff sign-in, answered with 429 and `Retry-After`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{AppError, AppResult};

/// A bucket of `burst` tokens refilled at one token per `every`.
pub struct RateLimiter {
    burst: f64,
    every: Duration,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(burst: u32, every: Duration) -> RateLimiter {
        RateLimiter {
            burst: f64::from(burst),
            every,
            buckets: Mutex::default(),
        }
    }

    /// Takes a token for `key`, or says how many whole seconds until one is available.
    pub fn take(&self, key: &str) -> Result<(), u64> {
        self.take_at(key, Instant::now())
    }

    fn take_at(&self, key: &str, now: Instant) -> Result<(), u64> {
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        let per_sec = 1.0 / self.every.as_secs_f64();
        if buckets.len() > 100_000 {
            // Forget buckets that have refilled completely: they hold no information.
            let burst = self.burst;
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * per_sec < burst
            });
        }
        let (tokens, at) = buckets.entry(key.to_owned()).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * per_sec).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / per_sec).ceil().max(1.0) as u64)
        }
    }
}

/// The public API's limits.
pub struct Limits {
    /// New tickets: 5 at once, then one a minute.
    pub tickets: RateLimiter,
    /// Messages: 10 at once, then one every 3 s (20 a minute).
    pub messages: RateLimiter,
    /// Uploads: 10 at once, then one every 6 s.
    pub uploads: RateLimiter,
    /// Typing notices, deflections, CSAT, read marks: 30 at once, then 2 a second.
    pub light: RateLimiter,
    /// Passkey sign-in challenges per address: 20 at once, then one every 3 s.
    pub passkey_challenges: RateLimiter,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            tickets: RateLimiter::new(5, Duration::from_secs(60)),
            messages: RateLimiter::new(10, Duration::from_secs(3)),
            uploads: RateLimiter::new(10, Duration::from_secs(6)),
            light: RateLimiter::new(30, Duration::from_millis(500)),
            passkey_challenges: RateLimiter::new(20, Duration::from_secs(3)),
        }
    }
}

/// Failed sign-ins, per account and per client address, with growing delays: past a few free
/// failures every further attempt must wait twice as long as the one before (1 s, 2 s, 4 s …
/// up to [`MAX_DELAY`]), which makes guessing impractical without locking a person out for
/// long over a few typos. A success clears the account's count, not the address's (a guesser
/// could otherwise reset it by signing in to an account of their own). Counts are forgotten
/// after [`FORGET`] without failures.
#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

/// Failures of one account allowed before delays start.
const ACCOUNT_FREE_FAILURES: u32 = 5;
/// Failures from one address allowed before delays start (an office shares one address).
const ADDRESS_FREE_FAILURES: u32 = 20;
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
const FORGET: Duration = Duration::from_secs(60 * 60);

/// The wait after `count` failures when `free` of them cost nothing.
fn delay_after(count: u32, free: u32) -> Duration {
    if count < free {
        return Duration::ZERO;
    }
    let doublings = (count - free).min(20);
    Duration::from_secs(1u64 << doublings).min(MAX_DELAY)
}

impl LoginLimiter {
    /// The counters a sign-in touches: the account's (none for an empty e-mail: a passkey
    /// sign-in names no account) and the address's.
    fn keys(email: &str, address: Option<IpAddr>) -> [(Option<String>, u32); 2] {
        [
            (
                (!email.is_empty()).then(|| format!("account:{email}")),
                ACCOUNT_FREE_FAILURES,
            ),
            (
                address.map(|ip| format!("address:{ip}")),
                ADDRESS_FREE_FAILURES,
            ),
        ]
    }

    /// Refuses (429 with `Retry-After`) while the account or the address must wait.
    pub fn check(&self, email: &str, address: Option<IpAddr>) -> AppResult<()> {
        self.check_at(email, address, Instant::now())
    }

    fn check_at(&self, email: &str, address: Option<IpAddr>, now: Instant) -> AppResult<()> {
        let Ok(map) = self.failures.lock() else {
            return Ok(());
        };
        let mut wait = Duration::ZERO;
        for (key, free) in Self::keys(email, address) {
            if let Some((count, last)) = key.and_then(|key| map.get(&key)) {
                let elapsed = now.saturating_duration_since(*last);
                wait = wait.max(delay_after(*count, free).saturating_sub(elapsed));
            }
        }
        if wait.is_zero() {
            Ok(())
        } else {
            Err(AppError::RateLimited {
                retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
            })
        }
    }

    pub fn failed(&self, email: &str, address: Option<IpAddr>) {
        self.failed_at(email, address, Instant::now());
    }

    fn failed_at(&self, email: &str, address: Option<IpAddr>, now: Instant) {
        let Ok(mut map) = self.failures.lock() else {
            return;
        };
        if map.len() > 100_000 {
            map.retain(|_, (_, last)| now.saturating_duration_since(*last) < FORGET);
        }
        for (key, _) in Self::keys(email, address) {
            let Some(key) = key else { continue };
            let entry = map.entry(key).or_insert((0, now));
            if now.saturating_duration_since(entry.1) >= FORGET {
                entry.0 = 0;
            }
            entry.0 = entry.0.saturating_add(1);
            entry.1 = now;
        }
    }

    pub fn succeeded(&self, email: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&format!("account:{email}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_then_refills() {
        let limiter = RateLimiter::new(3, Duration::from_secs(2));
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.take_at("a", start), Ok(()));
        }
        assert_eq!(limiter.take_at("a", start), Err(2));
        assert_eq!(limiter.take_at("b", start), Ok(()));
        assert_eq!(limiter.take_at("a", start + Duration::from_secs(1)), Err(1));
        assert_eq!(limiter.take_at("a", start + Duration::from_secs(2)), Ok(()));
    }

    #[test]
    fn delays_grow_per_account_and_per_address() {
        let limiter = LoginLimiter::default();
        let start = Instant::now();
        let here: Option<IpAddr> = "192.0.2.7".parse().ok();
        for _ in 0..ACCOUNT_FREE_FAILURES {
            assert!(limiter.check_at("a@b.c", here, start).is_ok());
            limiter.failed_at("a@b.c", here, start);
        }
        // The sixth failure's wait: 1 s, then 2 s after the next failure, and so on.
        let wait = |email: &str, address, at| match limiter.check_at(email, address, at) {
            Err(AppError::RateLimited { retry_after_secs }) => retry_after_secs,
            _ => 0,
        };
        assert_eq!(wait("a@b.c", here, start), 1);
        assert_eq!(wait("a@b.c", here, start + Duration::from_secs(1)), 0);
        limiter.failed_at("a@b.c", here, start + Duration::from_secs(1));
        assert_eq!(wait("a@b.c", here, start + Duration::from_secs(1)), 2);
        // Another account from another address is not held up.
        assert_eq!(wait("x@b.c", "198.51.100.1".parse().ok(), start), 0);
        // A success clears the account.
        limiter.succeeded("a@b.c");
        assert_eq!(wait("a@b.c", None, start + Duration::from_secs(1)), 0);
        // Capped, and forgotten after an hour without failures.
        assert_eq!(delay_after(60, 5), MAX_DELAY);
        let late = start + FORGET + Duration::from_secs(5);
        limiter.failed_at("a@b.c", here, late);
        assert_eq!(wait("a@b.c", None, late), 0);
    }

    #[test]
    fn one_address_trying_many_accounts_is_slowed_down() {
        let limiter = LoginLimiter::default();
        let start = Instant::now();
        let here: Option<IpAddr> = "192.0.2.9".parse().ok();
        for n in 0..ADDRESS_FREE_FAILURES {
            limiter.failed_at(&format!("user{n}@b.c"), here, start);
        }
        assert!(matches!(
            limiter.check_at("fresh@b.c", here, start),
            Err(AppError::RateLimited { .. })
        ));
        assert!(limiter.check_at("fresh@b.c", None, start).is_ok());
    }

    #[test]
    fn a_sign_in_without_an_account_counts_against_its_address_only() {
        let limiter = LoginLimiter::default();
        let start = Instant::now();
        let here = Some(IpAddr::from([10, 0, 0, 9]));
        for _ in 0..ADDRESS_FREE_FAILURES {
            assert!(limiter.check_at("", here, start).is_ok());
            limiter.failed_at("", here, start);
        }
        assert!(
            limiter.check_at("", here, start).is_err(),
            "the address waits"
        );
        let elsewhere = Some(IpAddr::from([10, 0, 0, 10]));
        assert!(
            limiter.check_at("", elsewhere, start).is_ok(),
            "no shared counter"
        );
        assert!(limiter.check_at("a@b.c", None, start).is_ok());
    }
}
