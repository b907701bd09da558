//! `desk-bench`: the help-desk benchmark behind `cargo xtask bench desk`.
//!
//! Against the real release `ayuda` binary, run as a child process on loopback:
//!
//! 1. **Ticket creation throughput** with durability: N tickets through
//!    `POST /api/v1/sites/demo/tickets` from 1, 8, 32… concurrent clients, on SQLite and on
//!    PostgreSQL, each run on a fresh database. Every ticket gets its own visitor token (the
//!    public API allows 5 tickets per visitor at once), fetched before the clock starts; only the
//!    ticket POSTs are timed. After the last answer the server is killed with SIGKILL and the
//!    tickets table is read directly: every acknowledged (201) ticket must be there.
//! 2. **Agent reply → widget latency** with 1,000 / 10,000 idle SSE connections open: from
//!    just before an agent's `POST /api/v1/tickets/{id}/messages` to the `event: message` on a
//!    subscribed widget stream (one clock, this process), plus the server's RSS per idle
//!    connection (VmRSS before and after opening them).
//!
//! Goals are reported, never asserted: the numbers depend on the machine.
//! Options: see `--help`. The report is printed and written to `target/bench-desk.md`.

mod server;
mod sse;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use ayuda_api::{
    LoginRequest, LoginResponse, NewMessageInput, NewTicketInput, PublicMessage, PublicThread,
    VisitorToken,
};
use clap::Parser;
use rand::Rng;
use reqwest::Url;
use tokio::sync::{Semaphore, mpsc, oneshot};

use server::{Backend, Instance};

/// The latency goal of the issue: an agent's reply reaches the widget within 50 ms at p99.
const GOAL_P99_MS: f64 = 50.0;
/// Concurrent requests while preparing (visitor tokens, the tickets the idle streams use).
const PREPARE_CONCURRENCY: usize = 32;
/// Idle streams being opened at once (each waits for its first event before the next opens).
const OPEN_CONCURRENCY: usize = 64;

#[derive(Debug, Parser)]
#[command(
    about = "Ayuda help-desk benchmark: ticket throughput with durability, reply latency \
                   over SSE with many idle streams, memory per stream"
)]
struct Args {
    /// Concurrent clients creating tickets, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 8, 32])]
    clients: Vec<usize>,
    /// Tickets created per throughput run.
    #[arg(long, default_value_t = 500)]
    tickets: usize,
    /// Throughput runs per backend and client count (each on a fresh database); medians are
    /// reported.
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Backends of the throughput phase.
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres", value_parser = parse_backend)]
    backends: Vec<Backend>,
    /// Idle SSE connections to hold open during the latency phase, comma-separated (opened
    /// cumulatively: the larger count adds to the smaller).
    #[arg(long, value_delimiter = ',', default_values_t = [1000, 10000])]
    idle: Vec<usize>,
    /// Idle connections subscribed to each ticket (1: every idle stream has its own ticket).
    #[arg(long, default_value_t = 1)]
    streams_per_ticket: usize,
    /// Timed agent replies per round.
    #[arg(long, default_value_t = 200)]
    samples: usize,
    /// Rounds of `--samples` replies per idle count; medians of the rounds are reported.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Backends of the latency phase (empty: skip it).
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres", value_parser = parse_backend)]
    latency_backends: Vec<Backend>,
    /// PostgreSQL server (a fresh database is created on it per run, and dropped after).
    #[arg(
        long,
        env = "AYUDA_BENCH_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    postgres_url: String,
    /// The `ayuda` binary (default: <workspace>/target/release/ayuda).
    #[arg(long, env = "AYUDA_BIN")]
    bin: Option<PathBuf>,
    /// Where to write the Markdown report (default: <workspace>/target/bench-desk.md).
    #[arg(long)]
    out: Option<PathBuf>,
}

fn parse_backend(text: &str) -> std::result::Result<Backend, String> {
    match text.trim() {
        "sqlite" => Ok(Backend::Sqlite),
        "postgres" | "postgresql" | "pg" => Ok(Backend::Postgres),
        other => Err(format!("unknown backend {other:?} (sqlite, postgres)")),
    }
}

fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("desk-bench: error: {e:#}");
        std::process::exit(1);
    }
}

async fn run() -> Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let root = workspace_root();
    let bin = args
        .bin
        .clone()
        .unwrap_or_else(|| root.join("target/release/ayuda"));
    if !bin.is_file() {
        bail!(
            "{} not found: build it with `cargo build --release -p ayuda-server` (or run \
             `cargo xtask bench desk`, which does)",
            bin.display()
        );
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join("target/bench-desk.md"));
    if args.clients.contains(&0) || args.tickets == 0 || args.repeat == 0 {
        bail!("--clients, --tickets and --repeat must be positive");
    }
    if args.streams_per_ticket == 0 || args.samples == 0 || args.rounds == 0 {
        bail!("--streams-per-ticket, --samples and --rounds must be positive");
    }
    if cfg!(debug_assertions) {
        eprintln!("warning: debug build of the benchmark; run it with --release");
    }
    let mut idle = args.idle.clone();
    idle.sort_unstable();
    idle.dedup();
    let max_idle = idle.last().copied().unwrap_or(0) as u64;
    // The bench holds one socket per idle stream, the server one per stream too (plus its
    // database files and pool); both inherit this limit.
    let wanted = max_idle + 1024;
    let limit = server::raise_open_files(wanted);
    let machine = Machine::now(limit, wanted);
    eprintln!(
        "desk-bench: {} (load {}), open files limit {limit}",
        bin.display(),
        machine.load
    );

    let mut report = Report {
        machine,
        args: std::env::args().skip(1).collect::<Vec<_>>().join(" "),
        throughput: Vec::new(),
        latency: Vec::new(),
        notes: Vec::new(),
        ..Report::default()
    };

    for &backend in &args.backends {
        for &clients in &args.clients {
            for run in 0..args.repeat {
                eprintln!(
                    "[throughput] {} · {clients} client(s) · run {}/{}",
                    backend.label(),
                    run + 1,
                    args.repeat
                );
                match throughput_run(&args, &bin, backend, clients).await {
                    Ok(result) => {
                        eprintln!(
                            "  {:.0} tickets/s, p50 {:.1} ms, {} acknowledged, {} missing after kill -9",
                            result.per_second(),
                            ms(percentile(&result.latencies, 50.0)),
                            result.acknowledged,
                            result.missing
                        );
                        report.throughput.push((backend, clients, result));
                    }
                    Err(e) if backend == Backend::Postgres => {
                        report.notes.push(format!(
                            "PostgreSQL throughput, {clients} client(s): not measured: {e:#}"
                        ));
                        eprintln!("  skipped: {e:#}");
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }

    if !idle.is_empty() {
        for &backend in &args.latency_backends {
            eprintln!("[latency] {}", backend.label());
            match latency_run(&args, &bin, backend, &idle).await {
                Ok(result) => report.latency.push(result),
                Err(e) if backend == Backend::Postgres => {
                    report
                        .notes
                        .push(format!("PostgreSQL latency: not measured: {e:#}"));
                    eprintln!("  skipped: {e:#}");
                }
                Err(e) => return Err(e),
            }
        }
    }

    report.load_at_end = load_average();
    report.total = started.elapsed();
    let text = report.render(&args);
    println!("{text}");
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, &text).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("report written to {}", out.display());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

fn http_client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        // Loopback only: an HTTP(S)_PROXY in the environment must not get in the way.
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .context("cannot build an HTTP client")
}

/// For SSE: no overall timeout (the streams stay open for minutes).
fn stream_client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(Duration::from_secs(30))
        .build()
        .context("cannot build an HTTP client")
}

async fn ok_json<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> Result<T> {
    let status = response.status();
    let body = response.bytes().await?;
    if !status.is_success() {
        bail!("{status}: {}", String::from_utf8_lossy(&body));
    }
    serde_json::from_slice(&body).context("unexpected response body")
}

/// Runs `f(0..count)` with at most `workers` in flight; results in index order.
async fn in_parallel<T, F, Fut>(count: usize, workers: usize, f: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for _ in 0..workers.min(count).max(1) {
        let next = next.clone();
        let f = f.clone();
        handles.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return done;
                }
                done.push((i, f(i).await));
            }
        }));
    }
    let mut all = Vec::with_capacity(count);
    for handle in handles {
        if let Ok(done) = handle.await {
            all.extend(done);
        }
    }
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, t)| t).collect()
}

/// `count` fresh visitor tokens (not rate limited, not timed).
async fn visitor_tokens(http: &reqwest::Client, base: &str, count: usize) -> Result<Vec<String>> {
    let url = format!("{base}/api/v1/sites/demo/visitors");
    let http = http.clone();
    in_parallel(count, PREPARE_CONCURRENCY, move |_| {
        let request = http.post(&url);
        async move {
            let token: VisitorToken = ok_json(request.send().await?).await?;
            Ok::<_, anyhow::Error>(token.token)
        }
    })
    .await
    .into_iter()
    .collect()
}

fn ticket_input(n: usize) -> NewTicketInput {
    NewTicketInput {
        name: Some(format!("Bench user {n}")),
        email: Some(format!("user{n}@bench.example")),
        subject: format!("Cannot export invoice FAC-{n:05} to PDF"),
        trying: Some("Export the invoice as a PDF from the invoice page".into()),
        happened: format!(
            "Clicking Export → PDF on invoice FAC-{n:05} shows a spinner for a minute and then \
             an error banner saying the export failed. It worked last week."
        ),
        impact: "question".into(),
        environment: ayuda_api::Environment {
            url: Some(format!("https://app.example.com/invoices/{n}")),
            route: Some("/invoices/:id".into()),
            browser: Some("Firefox 140".into()),
            os: Some("Linux".into()),
            screen: Some("1920x1080".into()),
            locale: Some("en".into()),
            time_zone: Some("Europe/Madrid".into()),
            app_version: Some("4.2.0".into()),
            ..Default::default()
        },
        locale: Some("en".into()),
        ..Default::default()
    }
}

/// Files ticket `n` as the visitor of `token`; the ticket's public id.
async fn create_ticket(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    n: usize,
) -> Result<String> {
    let response = http
        .post(format!("{base}/api/v1/sites/demo/tickets"))
        .header(ayuda_api::VISITOR_HEADER, token)
        .json(&ticket_input(n))
        .send()
        .await?;
    if response.status() != reqwest::StatusCode::CREATED {
        let status = response.status();
        bail!("{status}: {}", response.text().await.unwrap_or_default());
    }
    let thread: PublicThread = response.json().await?;
    Ok(thread.ticket.id)
}

// ---------------------------------------------------------------------------------------------
// 1. Ticket creation throughput

struct Creation {
    acknowledged: usize,
    errors: usize,
    first_error: Option<String>,
    elapsed: Duration,
    latencies: Vec<Duration>,
    /// Rows in the tickets table after the kill.
    stored: usize,
    /// Acknowledged tickets not in the table.
    missing: usize,
}

impl Creation {
    fn per_second(&self) -> f64 {
        self.acknowledged as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

async fn throughput_run(
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

// ---------------------------------------------------------------------------------------------
// 2. Reply latency with idle streams

struct LatencyRun {
    backend: Backend,
    tickets: usize,
    create_elapsed: Duration,
    levels: Vec<Level>,
}

struct Level {
    idle: usize,
    /// Time to open the connections added for this level.
    open_elapsed: Duration,
    added: usize,
    rss_before_kib: u64,
    rss_after_kib: u64,
    rss_end_kib: u64,
    /// Idle streams the server closed during the level.
    closed: usize,
    rounds: Vec<Round>,
}

struct Round {
    /// POST sent → SSE event received.
    latencies: Vec<Duration>,
    /// POST sent → POST answered.
    posts: Vec<Duration>,
    /// Replies whose event did not arrive within 10 s.
    lost: usize,
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
                        .is_ok_and(|m| m.author == "agent" && m.body == body)
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

async fn latency_run(
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

// ---------------------------------------------------------------------------------------------
// Statistics and the report

/// Nearest-rank percentile of sorted durations.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median of `values` (the lower middle one for an even count).
fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[(values.len() - 1) / 2]
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

#[derive(Default)]
struct Machine {
    date: String,
    cpus: usize,
    cpu_model: String,
    load: String,
    open_files: u64,
    wanted_files: u64,
}

impl Machine {
    fn now(open_files: u64, wanted_files: u64) -> Machine {
        let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("model name"))
                    .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
            })
            .unwrap_or_else(|| "?".into());
        Machine {
            date: jiff::Timestamp::now()
                .strftime("%Y-%m-%d %H:%M UTC")
                .to_string(),
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu_model,
            load: load_average(),
            open_files,
            wanted_files,
        }
    }
}

#[derive(Default)]
struct Report {
    machine: Machine,
    args: String,
    throughput: Vec<(Backend, usize, Creation)>,
    latency: Vec<LatencyRun>,
    notes: Vec<String>,
    load_at_end: String,
    total: Duration,
}

impl Report {
    fn render(&self, args: &Args) -> String {
        let mut s = String::new();
        let m = &self.machine;
        let _ = writeln!(s, "| | |\n|---|---|");
        let _ = writeln!(s, "| Date | {} |", m.date);
        let _ = writeln!(
            s,
            "| Machine | {} logical CPUs, {} (shared: other work skews every figure) |",
            m.cpus, m.cpu_model
        );
        let _ = writeln!(
            s,
            "| Command | `desk-bench {}` (release; `cargo xtask bench desk` runs it) |",
            self.args
        );
        let _ = writeln!(
            s,
            "| Load average (1 min) | {} at start, {} at end |",
            m.load, self.load_at_end
        );
        let _ = writeln!(
            s,
            "| Open files limit | {} (wanted {}; inherited by the server) |",
            m.open_files, m.wanted_files
        );
        let _ = writeln!(
            s,
            "| Total run time | {:.0} s |\n",
            self.total.as_secs_f64()
        );

        if !self.throughput.is_empty() {
            let _ = writeln!(
                s,
                "#### Ticket creation (durable), {} tickets per run, {} run(s) each\n",
                args.tickets, args.repeat
            );
            let _ = writeln!(
                s,
                "Each run: a fresh database and server process, one visitor token per ticket \
                 fetched before the clock starts, only the `POST …/tickets` timed (201 = \
                 committed). Then `kill -9` and the tickets table read directly.\n"
            );
            let _ = writeln!(
                s,
                "| Backend | Clients | tickets/s (median) | tickets/s (runs) | POST p50 ms | POST p99 ms | acknowledged | missing after kill -9 | errors |"
            );
            let _ = writeln!(s, "|---|--:|--:|---|--:|--:|--:|--:|--:|");
            let mut keys: Vec<(Backend, usize)> = Vec::new();
            for (backend, clients, _) in &self.throughput {
                if !keys.contains(&(*backend, *clients)) {
                    keys.push((*backend, *clients));
                }
            }
            for (backend, clients) in keys {
                let runs: Vec<&Creation> = self
                    .throughput
                    .iter()
                    .filter(|(b, c, _)| *b == backend && *c == clients)
                    .map(|(_, _, r)| r)
                    .collect();
                let rates: Vec<f64> = runs.iter().map(|r| r.per_second()).collect();
                let p50 = median(
                    runs.iter()
                        .map(|r| ms(percentile(&r.latencies, 50.0)))
                        .collect(),
                );
                let p99 = median(
                    runs.iter()
                        .map(|r| ms(percentile(&r.latencies, 99.0)))
                        .collect(),
                );
                let acknowledged: usize = runs.iter().map(|r| r.acknowledged).sum();
                let missing: usize = runs.iter().map(|r| r.missing).sum();
                let errors: usize = runs.iter().map(|r| r.errors).sum();
                let stored: usize = runs.iter().map(|r| r.stored).sum();
                let _ = writeln!(
                    s,
                    "| {} | {clients} | **{:.0}** | {} | {p50:.1} | {p99:.1} | {acknowledged} ({stored} rows) | {missing} | {errors} |",
                    backend.label(),
                    median(rates.clone()),
                    rates
                        .iter()
                        .map(|r| format!("{r:.0}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                if let Some(e) = runs.iter().find_map(|r| r.first_error.as_deref()) {
                    self.note(&mut s, &format!("first error: {e}"));
                }
            }
            s.push('\n');
        }

        for run in &self.latency {
            let _ = writeln!(
                s,
                "#### Agent reply → widget SSE event, {}\n",
                run.backend.label()
            );
            let _ = writeln!(
                s,
                "{} tickets ({} idle stream(s) per ticket, each ticket its own visitor) created in \
                 {:.1} s, then the server restarted on the same database. One measured widget \
                 stream on its own ticket; per sample: clock read, agent `POST \
                 /api/v1/tickets/{{id}}/messages`, clock read when the `event: message` with \
                 that body arrives (same process). {} round(s) of {} replies, 10–30 ms apart, \
                 after 10 warm-up replies. RSS per idle stream = server VmRSS growth while \
                 opening them ÷ their number.\n",
                run.tickets,
                args.streams_per_ticket,
                run.create_elapsed.as_secs_f64(),
                args.rounds,
                args.samples,
            );
            let _ = writeln!(
                s,
                "| Idle streams | p50 ms (median of rounds) | p99 ms (median of rounds) | p99 per round | max ms | POST answered p50 ms | lost | goal p99 ≤ {GOAL_P99_MS:.0} ms | RSS before → after (MiB) | KiB per idle stream | open time s | closed by server |"
            );
            let _ = writeln!(s, "|--:|--:|--:|---|--:|--:|--:|---|---|--:|--:|--:|");
            for level in &run.levels {
                let p50 = median(
                    level
                        .rounds
                        .iter()
                        .map(|r| ms(percentile(&r.latencies, 50.0)))
                        .collect(),
                );
                let p99s: Vec<f64> = level
                    .rounds
                    .iter()
                    .map(|r| ms(percentile(&r.latencies, 99.0)))
                    .collect();
                let p99 = median(p99s.clone());
                let max = level
                    .rounds
                    .iter()
                    .map(|r| ms(percentile(&r.latencies, 100.0)))
                    .fold(0.0, f64::max);
                let post = median(
                    level
                        .rounds
                        .iter()
                        .map(|r| ms(percentile(&r.posts, 50.0)))
                        .collect(),
                );
                let lost: usize = level.rounds.iter().map(|r| r.lost).sum();
                let grown = level.rss_after_kib.saturating_sub(level.rss_before_kib);
                let per = grown as f64 / level.added.max(1) as f64;
                let _ = writeln!(
                    s,
                    "| {} | **{p50:.2}** | **{p99:.2}** | {} | {max:.2} | {post:.2} | {lost} | {} | {:.1} → {:.1} (end {:.1}) | {per:.1} (the {} added) | {:.1} | {} |",
                    level.idle,
                    p99s.iter()
                        .map(|v| format!("{v:.2}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if p99 <= GOAL_P99_MS && lost == 0 {
                        "met"
                    } else {
                        "**missed**"
                    },
                    level.rss_before_kib as f64 / 1024.0,
                    level.rss_after_kib as f64 / 1024.0,
                    level.rss_end_kib as f64 / 1024.0,
                    level.added,
                    level.open_elapsed.as_secs_f64(),
                    level.closed,
                );
            }
            s.push('\n');
        }
        for note in &self.notes {
            self.note(&mut s, note);
        }
        s
    }

    fn note(&self, s: &mut String, text: &str) {
        let _ = writeln!(s, "- {text}");
    }
}
