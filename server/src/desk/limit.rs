//! Token-bucket rate limits for the public ticket API (per site and requester), answered with
//! 429 and `Retry-After` by the caller.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
}
