//! Phase 2, agent reply → widget latency: idle SSE streams held open by the thousand, one
//! measured stream, and timed agent replies in rounds, with the server's RSS around them.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use ayuda_api::{Author, LoginRequest, LoginResponse, NewMessageInput, PublicMessage};
use rand::Rng;
use reqwest::Url;
use tokio::sync::{Semaphore, mpsc, oneshot};

use crate::cli::Args;
use crate::client::{
    PREPARE_CONCURRENCY, create_ticket, http_client, in_parallel, ok_json, stream_client,
    visitor_tokens,
};
use crate::server::{self, Backend, Instance};
use crate::sse;
use crate::stats::{ms, percentile};

/// Idle streams being opened at once (each waits for its first event before the next opens).
const OPEN_CONCURRENCY: usize = 64;

pub struct LatencyRun {
    pub backend: Backend,
    pub tickets: usize,
    pub create_elapsed: Duration,
    pub levels: Vec<Level>,
}

pub struct Level {
    pub idle: usize,
    /// Time to open the connections added for this level.
    pub open_elapsed: Duration,
    pub added: usize,
    pub rss_before_kib: u64,
    pub rss_after_kib: u64,
    pub rss_end_kib: u64,
    /// Idle streams the server closed during the level.
    pub closed: usize,
    pub rounds: Vec<Round>,
}

pub struct Round {
    /// POST sent → SSE event received.
    pub latencies: Vec<Duration>,
    /// POST sent → POST answered.
    pub posts: Vec<Duration>,
    /// Replies whose event did not arrive within 10 s.
    pub lost: usize,
}

fn events_url(base: &str, public_id: &str, token: &str) -> Result<Url> {
    let mut url = Url::parse(&format!(
        "{base}/api/v1/sites/demo/tickets/{public_id}/events"
    ))?;
    url.query_pairs_mut().append_pair("visitor", token);
    Ok(url)
}

/// One idle widget: opens the stream, reports ready at its first `message` event (the stream
/// is subscribed by then), then reads and drops whatever comes (keep-alives) until aborted.
async fn idle_stream(
    http: reqwest::Client,
    url: Url,
    permit: tokio::sync::OwnedSemaphorePermit,
    ready: oneshot::Sender<std::result::Result<(), String>>,
    closed: Arc<AtomicUsize>,
) {
    type Ready = Option<(
        oneshot::Sender<std::result::Result<(), String>>,
        tokio::sync::OwnedSemaphorePermit,
    )>;
    fn fail(ready: &mut Ready, why: String) {
        if let Some((tx, _permit)) = ready.take() {
            let _ = tx.send(Err(why));
        }
    }
    let mut ready: Ready = Some((ready, permit));
    let mut response = match http
        .get(url)
        .header("accept", "text/event-stream")
        .send()
        .await
    {
        Ok(r) if r.status().is_success() => r,
        Ok(r) => return fail(&mut ready, format!("status {}", r.status())),
        Err(e) => return fail(&mut ready, format!("{e:#}")),
    };
    let mut parser = sse::Parser::default();
    let mut events = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(bytes)) => {
                parser.push(&bytes, &mut events);
                if events.iter().any(|e| e.event == "message")
                    && let Some((tx, _permit)) = ready.take()
                {
                    let _ = tx.send(Ok(()));
                }
                events.clear();
            }
            Ok(None) | Err(_) => {
                if ready.is_some() {
                    fail(&mut ready, "closed before its first event".into());
                } else {
                    closed.fetch_add(1, Ordering::Relaxed);
                }
                return;
            }
        }
    }
}

/// The measured widget: forwards every event with the instant its bytes arrived.
async fn measured_stream(
    http: reqwest::Client,
    url: Url,
    tx: mpsc::UnboundedSender<(Instant, sse::Event)>,
) -> Result<()> {
    let mut response = http
        .get(url)
        .header("accept", "text/event-stream")
        .send()
        .await?;
    if !response.status().is_success() {
        bail!("events stream: {}", response.status());
    }
    let mut parser = sse::Parser::default();
    let mut events = Vec::new();
    while let Some(bytes) = response.chunk().await? {
        let at = Instant::now();
        parser.push(&bytes, &mut events);
        for event in events.drain(..) {
            if tx.send((at, event)).is_err() {
                return Ok(());
            }
        }
    }
    bail!("the measured stream closed")
}

/// Waits for the `message` event carrying `body`; when it arrived.
async fn arrival_of(
    rx: &mut mpsc::UnboundedReceiver<(Instant, sse::Event)>,
    body: &str,
    deadline: tokio::time::Instant,
) -> Option<Instant> {
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some((at, event))) => {
                if event.event == "message"
                    && serde_json::from_str::<PublicMessage>(&event.data)
                        .is_ok_and(|m| m.author == Author::Agent && m.body == body)
                {
                    return Some(at);
                }
            }
            _ => return None,
        }
    }
}

struct Agent {
    http: reqwest::Client,
    url: String,
    token: String,
}

impl Agent {
    async fn reply(&self, body: &str) -> Result<()> {
        let response = self
            .http
            .post(&self.url)
            .bearer_auth(&self.token)
            .json(&NewMessageInput {
                body: body.to_owned(),
                ..Default::default()
            })
            .send()
            .await?;
        let status = response.status();
        let text = response.bytes().await?;
        if status != reqwest::StatusCode::CREATED {
            bail!("agent reply: {status}: {}", String::from_utf8_lossy(&text));
        }
        Ok(())
    }
}

async fn round(
    agent: &Agent,
    rx: &mut mpsc::UnboundedReceiver<(Instant, sse::Event)>,
    label: &str,
    samples: usize,
) -> Result<Round> {
    let mut result = Round {
        latencies: Vec::with_capacity(samples),
        posts: Vec::with_capacity(samples),
        lost: 0,
    };
    for k in 0..samples {
        // Anything left over (ticket updates, a late event) is not this sample's.
        while rx.try_recv().is_ok() {}
        let body = format!("Reply {label}-{k}: please try the export again now.");
        let sent = Instant::now();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        let post = async {
            let outcome = agent.reply(&body).await;
            (sent.elapsed(), outcome)
        };
        let ((post_time, outcome), arrival) = tokio::join!(post, arrival_of(rx, &body, deadline));
        outcome?;
        result.posts.push(post_time);
        match arrival {
            Some(at) => result.latencies.push(at.duration_since(sent)),
            None => result.lost += 1,
        }
        // Agents do not reply back to back; a short random pause between samples.
        let pause = rand::rng().random_range(10..30);
        tokio::time::sleep(Duration::from_millis(pause)).await;
    }
    result.latencies.sort_unstable();
    result.posts.sort_unstable();
    Ok(result)
}

pub async fn latency_run(
    args: &Args,
    bin: &Path,
    backend: Backend,
    idle: &[usize],
) -> Result<LatencyRun> {
    let mut instance = Instance::create(bin, backend, &args.postgres_url).await?;
    let result = latency_levels(args, &mut instance, idle).await;
    instance.destroy().await;
    result
}

async fn latency_levels(
    args: &Args,
    instance: &mut Instance,
    idle: &[usize],
) -> Result<LatencyRun> {
    let backend = instance.backend;
    let max_idle = idle.last().copied().unwrap_or(0);
    let idle_tickets = max_idle.div_ceil(args.streams_per_ticket);
    instance.start().await?;
    let http = http_client()?;
    // The idle streams' tickets, then the measured one; each with its own visitor.
    let count = idle_tickets + 1;
    eprintln!("  creating {count} tickets ({PREPARE_CONCURRENCY} clients)");
    let started = Instant::now();
    let tokens = Arc::new(visitor_tokens(&http, &instance.base, count).await?);
    let ids: Vec<String> = {
        let (http, base, tokens) = (http.clone(), instance.base.clone(), tokens.clone());
        in_parallel(count, PREPARE_CONCURRENCY, move |n| {
            let (http, base, tokens) = (http.clone(), base.clone(), tokens.clone());
            async move { create_ticket(&http, &base, &tokens[n], n).await }
        })
        .await
        .into_iter()
        .collect::<Result<_>>()?
    };
    let create_elapsed = started.elapsed();
    eprintln!("  {:.1} s", create_elapsed.as_secs_f64());
    // A fresh server process on the same database: its memory holds no trace of the
    // creation burst, so the RSS difference is the streams'.
    instance.kill();
    instance.start().await?;
    let base = instance.base.clone();

    let login: LoginResponse = ok_json(
        http.post(format!("{base}/api/v1/auth/login"))
            .json(&LoginRequest {
                email: server::AGENT_EMAIL.into(),
                password: server::AGENT_PASSWORD.into(),
                code: None,
                passkey: None,
            })
            .send()
            .await?,
    )
    .await?;
    let measured_public = ids.last().context("no ticket")?.clone();
    let measured_token = tokens.last().context("no token")?.clone();
    let inbox: serde_json::Value = ok_json(
        http.get(format!(
            "{base}/api/v1/tickets?sort=newest&status=all&per_page=100"
        ))
        .bearer_auth(&login.token)
        .send()
        .await?,
    )
    .await?;
    // The measured ticket was filed last but may share its millisecond with others.
    let numeric = inbox["tickets"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["public_id"].as_str() == Some(measured_public.as_str()))
        .and_then(|t| t["id"].as_i64())
        .context("the measured ticket is not in the agent's inbox")?;
    let agent = Agent {
        http: http.clone(),
        url: format!("{base}/api/v1/tickets/{numeric}/messages"),
        token: login.token.clone(),
    };

    let streams = stream_client()?;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let measured = tokio::spawn(measured_stream(
        streams.clone(),
        events_url(&base, &measured_public, &measured_token)?,
        tx,
    ));
    // Its first events are the ticket's own messages (the user's, the automatic reply).
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .context("the measured stream sent nothing in 10 s")?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    for k in 0..10 {
        agent.reply(&format!("Warm-up reply {k}")).await?;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    let closed = Arc::new(AtomicUsize::new(0));
    let gate = Arc::new(Semaphore::new(OPEN_CONCURRENCY));
    let idle_client = stream_client()?;
    let mut handles = Vec::new();
    let mut levels = Vec::new();
    for &target in idle {
        let rss_before_kib = instance.rss_kib()?;
        let closed_before = closed.load(Ordering::Relaxed);
        let from = handles.len();
        eprintln!("  opening idle streams {from}..{target}");
        let started = Instant::now();
        let mut waiting = Vec::new();
        for j in from..target {
            let n = j / args.streams_per_ticket;
            let url = events_url(&base, &ids[n], &tokens[n])?;
            let permit = gate.clone().acquire_owned().await?;
            let (ready, is_ready) = oneshot::channel();
            handles.push(tokio::spawn(idle_stream(
                idle_client.clone(),
                url,
                permit,
                ready,
                closed.clone(),
            )));
            waiting.push(is_ready);
        }
        let mut failed = 0;
        let mut first_failure = None;
        for is_ready in waiting {
            match is_ready.await {
                Ok(Ok(())) => {}
                Ok(Err(why)) => {
                    failed += 1;
                    first_failure.get_or_insert(why);
                }
                Err(_) => failed += 1,
            }
        }
        let open_elapsed = started.elapsed();
        if failed > 0 {
            for handle in &handles {
                handle.abort();
            }
            bail!(
                "{failed} of {} idle streams failed to open (first: {}); open files limit {}",
                target - from,
                first_failure.unwrap_or_default(),
                server::raise_open_files(0)
            );
        }
        eprintln!("  {:.1} s; settling", open_elapsed.as_secs_f64());
        tokio::time::sleep(Duration::from_secs(2)).await;
        let rss_after_kib = instance.rss_kib()?;
        let mut rounds = Vec::new();
        for r in 0..args.rounds {
            let outcome = round(&agent, &mut rx, &format!("{target}-{r}"), args.samples).await?;
            eprintln!(
                "  {} idle, round {}: p50 {:.2} ms, p99 {:.2} ms, lost {}",
                target,
                r + 1,
                ms(percentile(&outcome.latencies, 50.0)),
                ms(percentile(&outcome.latencies, 99.0)),
                outcome.lost
            );
            rounds.push(outcome);
        }
        if measured.is_finished() {
            bail!("the measured stream ended during the run");
        }
        if !instance.running() {
            bail!("the server died during the run");
        }
        levels.push(Level {
            idle: target,
            open_elapsed,
            added: target - from,
            rss_before_kib,
            rss_after_kib,
            rss_end_kib: instance.rss_kib()?,
            closed: closed.load(Ordering::Relaxed) - closed_before,
            rounds,
        });
    }
    for handle in &handles {
        handle.abort();
    }
    measured.abort();
    Ok(LatencyRun {
        backend,
        tickets: idle_tickets,
        create_elapsed,
        levels,
    })
}
