//! Phase 1, ticket creation throughput with durability: tickets filed by N concurrent
//! clients on a fresh database, then `kill -9` and the tickets table read directly.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::cli::Args;
use crate::client::{create_ticket, http_client, in_parallel, visitor_tokens};
use crate::server::{Backend, Instance};

pub struct Creation {
    pub acknowledged: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
    /// Rows in the tickets table after the kill.
    pub stored: usize,
    /// Acknowledged tickets not in the table.
    pub missing: usize,
}

impl Creation {
    pub fn per_second(&self) -> f64 {
        self.acknowledged as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

pub async fn throughput_run(
    args: &Args,
    bin: &Path,
    backend: Backend,
    clients: usize,
) -> Result<Creation> {
    let mut instance = Instance::create(bin, backend, &args.postgres_url).await?;
    let result = async {
        instance.start().await?;
        let http = http_client()?;
        let base = instance.base.clone();
        let tokens = Arc::new(visitor_tokens(&http, &base, args.tickets).await?);
        // A short warm-up on other visitors, so the first timed request opens no connection
        // the others do not pay for.
        let warm = visitor_tokens(&http, &base, clients).await?;
        for (n, token) in warm.iter().enumerate() {
            create_ticket(&http, &base, token, 1_000_000 + n).await?;
        }
        let started = Instant::now();
        let outcomes = {
            let http = http.clone();
            let base = base.clone();
            in_parallel(args.tickets, clients, move |n| {
                let (http, base, tokens) = (http.clone(), base.clone(), tokens.clone());
                async move {
                    let sent = Instant::now();
                    let outcome = create_ticket(&http, &base, &tokens[n], n).await;
                    (sent.elapsed(), outcome)
                }
            })
            .await
        };
        let elapsed = started.elapsed();
        // A crash right after the last answer: what was acknowledged must be on disk.
        instance.kill();
        let stored = instance.stored_ticket_ids().await?;
        let mut latencies = Vec::new();
        let mut acknowledged = HashSet::new();
        let mut errors = 0;
        let mut first_error = None;
        for (latency, outcome) in outcomes {
            match outcome {
                Ok(id) => {
                    latencies.push(latency);
                    acknowledged.insert(id);
                }
                Err(e) => {
                    errors += 1;
                    first_error.get_or_insert_with(|| format!("{e:#}"));
                }
            }
        }
        let missing = acknowledged.difference(&stored).count();
        latencies.sort_unstable();
        Ok(Creation {
            acknowledged: acknowledged.len(),
            errors,
            first_error,
            elapsed,
            latencies,
            stored: stored.len().saturating_sub(warm.len()),
            missing,
        })
    }
    .await;
    instance.destroy().await;
    result
}
