//! Rate limits: token buckets for the public ticket API (per site and requester) and the
//! failed-login limiter for staff sign-in, answered with 429 and `Retry-After`.

use std::collections::HashMap;
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
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            tickets: RateLimiter::new(5, Duration::from_secs(60)),
            messages: RateLimiter::new(10, Duration::from_secs(3)),
            uploads: RateLimiter::new(10, Duration::from_secs(6)),
            light: RateLimiter::new(30, Duration::from_millis(500)),
        }
    }
}

/// Failed logins per e-mail: after `MAX_FAILURES` within `WINDOW`, further attempts get 429
/// until the window passes, which makes password guessing impractical.
#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

const MAX_FAILURES: u32 = 10;
const WINDOW: Duration = Duration::from_secs(15 * 60);

impl LoginLimiter {
    pub fn check(&self, email: &str) -> AppResult<()> {
        let Ok(map) = self.failures.lock() else {
            return Ok(());
        };
        if let Some((count, since)) = map.get(email) {
            let elapsed = since.elapsed();
            if *count >= MAX_FAILURES && elapsed < WINDOW {
                return Err(AppError::RateLimited {
                    retry_after_secs: (WINDOW - elapsed).as_secs().max(1),
                });
            }
        }
        Ok(())
    }

    pub fn failed(&self, email: &str) {
        let Ok(mut map) = self.failures.lock() else {
            return;
        };
        if map.len() > 100_000 {
            map.retain(|_, (_, since)| since.elapsed() < WINDOW);
        }
        let entry = map.entry(email.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    pub fn succeeded(&self, email: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(email);
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
    fn limiter_blocks_after_repeated_failures() {
        let limiter = LoginLimiter::default();
        for _ in 0..MAX_FAILURES {
            assert!(limiter.check("a@b.c").is_ok());
            limiter.failed("a@b.c");
        }
        assert!(matches!(
            limiter.check("a@b.c"),
            Err(AppError::RateLimited { .. })
        ));
        assert!(limiter.check("other@b.c").is_ok());
        limiter.succeeded("a@b.c");
        assert!(limiter.check("a@b.c").is_ok());
    }
}
