//! The HTTP part: fill a SQLite store with the articles, start the real server on it in a
//! process of its own (this binary again, running `ayuda serve`), pinned to one core with
//! `taskset` while the load generator is pinned to another, and drive keep-alive load against
//! it the way a browser's widget does (`Accept-Encoding` as Chromium sends it, every answer
//! decoded).

use std::io::BufRead as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use ayuda_store::{Content, NewArticleRow, Store};
use clap::Parser as _;
use reqwest::Url;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, HeaderMap, HeaderValue};
use tempfile::TempDir;
use tokio::runtime::Runtime;

use crate::corpus::{Article, TypedQuery};
use crate::engines::{Stats, nanos};

/// What Chromium sends on every request.
pub const BROWSER_ACCEPT_ENCODING: &str = "gzip, deflate, br, zstd";

const TASKSET: &str = "/usr/bin/taskset";

/// Where the server and the load generator run.
#[derive(Clone, Debug)]
pub enum Placement {
    /// The server process on `server`, every thread of this process (the load generator) on
    /// `client`; `allowed` is the CPU list to give back afterwards.
    Pinned {
        server: usize,
        client: usize,
        allowed: String,
    },
    /// Both on every core, for the reason given.
    Shared(String),
}

impl Placement {
    /// One core each when there are two and `taskset` is there, unless `no_pin`.
    pub fn choose(no_pin: bool) -> Placement {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let allowed = status
            .lines()
            .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned();
        let cpus = parse_cpu_list(&allowed);
        if no_pin {
            Placement::Shared("--no-pin".into())
        } else if cpus.len() < 2 {
            Placement::Shared(format!(
                "only one core ({allowed:?}), so server and load generator share it"
            ))
        } else if !Path::new(TASKSET).exists() {
            Placement::Shared(format!("{TASKSET} is missing"))
        } else {
            Placement::Pinned {
                server: cpus[0],
                client: cpus[1],
                allowed,
            }
        }
    }

    /// One line for the report.
    pub fn describe(&self) -> String {
        match self {
            Placement::Pinned { server, client, .. } => format!(
                "the server on CPU {server} (`taskset -c {server}`, so its runtime has one worker), the load generator on CPU {client} (`taskset -a -p -c {client}`, one worker)"
            ),
            Placement::Shared(why) => format!(
                "**not pinned** ({why}): server and load generator share every core, so the load generator's work is taken from the server"
            ),
        }
    }
}

/// `0-1,4,6-7` → `[0, 1, 4, 6, 7]`; anything unreadable is left out.
pub fn parse_cpu_list(list: &str) -> Vec<usize> {
    let mut cpus = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((first, last)) => {
                if let (Ok(first), Ok(last)) = (first.parse::<usize>(), last.parse::<usize>()) {
                    cpus.extend(first..=last);
                }
            }
            None => cpus.extend(part.parse::<usize>().ok()),
        }
    }
    cpus
}

/// CPU time (user and system, every thread) process `pid`, or this process, has used so far;
/// to the kernel's 10 ms tick.
pub fn cpu_time(pid: Option<u32>) -> Option<Duration> {
    let path = pid.map_or_else(
        || "/proc/self/stat".to_owned(),
        |p| format!("/proc/{p}/stat"),
    );
    let stat = std::fs::read_to_string(path).ok()?;
    // After the command name, which is in parentheses and may hold anything: field 3 (state)
    // onwards; utime and stime are fields 14 and 15, in USER_HZ ticks (100 a second on Linux).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |n: usize| fields.get(n - 3)?.parse::<u64>().ok();
    Some(Duration::from_millis((ticks(14)? + ticks(15)?) * 10))
}

/// Pins every thread of this process (and so every thread it starts later) to `cpus`.
pub fn pin_this_process(cpus: &str) -> Result<()> {
    let status = Command::new(TASKSET)
        .args(["-a", "-p", "-c", cpus, &std::process::id().to_string()])
        .stdout(Stdio::null())
        .status()
        .with_context(|| format!("cannot run {TASKSET}"))?;
    if !status.success() {
        bail!("`taskset -a -p -c {cpus}` failed: {status}");
    }
    Ok(())
}

/// The child's side: runs `ayuda serve` on `data_dir` exactly as the `ayuda` binary does (its
/// runtime sizes itself to the cores the process may use), on a free loopback port.
pub fn serve(data_dir: &Path) -> Result<()> {
    let dir = data_dir.to_string_lossy();
    let cli = ayuda_server::cli::Cli::try_parse_from([
        "ayuda",
        "--data-dir",
        dir.as_ref(),
        "serve",
        "--addr",
        "127.0.0.1:0",
    ])?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime
        .block_on(ayuda_server::cli::run(cli))
        .map_err(|e| anyhow!("the server failed: {e}"))
}

/// A running server process with its data directory; stopped on [`Server::stop`] (or killed
/// when dropped on an error path).
pub struct Server {
    pub base: Url,
    /// Time to insert every article through `Store::create_article`.
    pub fill: Duration,
    /// From starting the process to its "listening" line: connecting, migrating and
    /// rebuilding the index from the database (the server's cold start on this data).
    pub boot: Duration,
    child: Child,
    _dir: TempDir,
}

impl Server {
    /// Fills a fresh SQLite store (on `client`, the benchmark's runtime) and starts the server
    /// on it in a process of its own, on `placement`'s server core.
    pub fn start(client: &Runtime, articles: &[Article], placement: &Placement) -> Result<Server> {
        let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
        let fill = client.block_on(fill_store(dir.path(), articles))?;
        let exe = std::env::current_exe().context("cannot find this benchmark's binary")?;
        let mut command = match placement {
            Placement::Pinned { server, .. } => {
                let mut c = Command::new(TASKSET);
                c.args(["-c", &server.to_string()]).arg(&exe);
                c
            }
            Placement::Shared(_) => Command::new(&exe),
        };
        command
            .arg("--serve")
            .arg(dir.path())
            // No ayuda.toml or AYUDA_* of the caller's may point the server elsewhere.
            .current_dir(dir.path())
            .env_remove("AYUDA_CONFIG")
            .env_remove("AYUDA_DATABASE_URL")
            .env_remove("AYUDA_DATA_DIR")
            .env_remove("AYUDA_ADDR")
            .env_remove("AYUDA_PUBLIC_URL")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        eprintln!("  starting the server (it rebuilds its index from the database)…");
        let started = Instant::now();
        let mut child = command
            .spawn()
            .with_context(|| format!("cannot start {}", exe.display()))?;
        let base = match child.stdout.take().map(listening_address) {
            Some(Ok(addr)) => addr,
            Some(Err(e)) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(e);
            }
            None => bail!("the server's output was not captured"),
        };
        let boot = started.elapsed();
        let base = Url::parse(&format!("http://{base}/"))?;
        Ok(Server {
            base,
            fill,
            boot,
            child,
            _dir: dir,
        })
    }

    /// Asks the server to shut down (SIGTERM, as a service manager would) and waits for it.
    pub fn stop(mut self) {
        let pid = rustix::process::Pid::from_child(&self.child);
        if rustix::process::kill_process(pid, rustix::process::Signal::TERM).is_ok() {
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            eprintln!("  the server did not stop within 10 s; killing it");
        }
        // Drop kills it.
    }

    /// CPU time the server process has used so far.
    pub fn cpu_time(&self) -> Option<Duration> {
        cpu_time(Some(self.child.id()))
    }

    pub fn search_urls(&self, queries: &[TypedQuery]) -> Result<Vec<Url>> {
        let search = self.base.join("api/v1/sites/demo/search")?;
        queries
            .iter()
            .map(|q| {
                Url::parse_with_params(
                    search.as_str(),
                    &[("q", q.text.as_str()), ("locale", q.locale)],
                )
                .context("cannot build a search URL")
            })
            .collect()
    }

    pub fn healthz_url(&self) -> Result<Url> {
        Ok(self.base.join("healthz")?)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Reads the server's stdout up to `Ayuda is listening on http://ADDR …` and returns ADDR; the
/// rest of its output is drained on a thread of its own so the server never blocks on it.
fn listening_address(stdout: std::process::ChildStdout) -> Result<String> {
    let (found, wait) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        let mut lines = std::io::BufReader::new(stdout).lines();
        for line in lines.by_ref().map_while(std::result::Result::ok) {
            if let Some(rest) = line.strip_prefix("Ayuda is listening on http://") {
                let addr = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                let _ = found.send(addr);
                break;
            }
        }
        for _ in lines {}
    });
    wait.recv_timeout(Duration::from_secs(600))
        .map_err(|_| anyhow!("the server exited or took over 10 minutes without listening"))
}

async fn fill_store(dir: &std::path::Path, articles: &[Article]) -> Result<Duration> {
    let store = Store::connect(&ayuda_store::sqlite_url_in(dir))
        .await
        .context("cannot open the SQLite store")?;
    store.ensure_demo_site().await?;
    let started = Instant::now();
    for (n, article) in articles.iter().enumerate() {
        store
            .create_article(&NewArticleRow {
                slug: article.slug.clone(),
                locale: article.locale.to_owned(),
                translation_key: article.translation_key.clone(),
                status: "published".into(),
                sites: vec![],
                author: None,
                content: Content {
                    title: article.title.clone(),
                    body: article.markdown.clone(),
                    tags: vec![],
                    contexts: vec![],
                },
            })
            .await
            .with_context(|| format!("cannot store article {}/{}", article.locale, article.slug))?;
        if (n + 1) % 1000 == 0 || n + 1 == articles.len() {
            eprintln!(
                "  stored {}/{} articles ({:.1} s)",
                n + 1,
                articles.len(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    let elapsed = started.elapsed();
    store.close().await;
    Ok(elapsed)
}

fn client() -> Result<reqwest::Client> {
    let mut headers = HeaderMap::new();
    headers.insert(
        ACCEPT_ENCODING,
        HeaderValue::from_static(BROWSER_ACCEPT_ENCODING),
    );
    reqwest::Client::builder()
        // Loopback only: an HTTP(S)_PROXY in the environment must not get in the way.
        .no_proxy()
        .default_headers(headers)
        .timeout(Duration::from_secs(30))
        .build()
        .context("cannot build an HTTP client")
}

/// One answer as a browser gets it: the bytes on the wire and, decoded, the body.
struct Answer {
    wire: usize,
    encoded: bool,
    body: Vec<u8>,
}

/// Sends `url` and reads the whole answer, decoding its `Content-Encoding`.
async fn fetch(client: &reqwest::Client, url: Url) -> std::result::Result<Answer, String> {
    let response = client.get(url).send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let encoding = response
        .headers()
        .get(CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let wire = response.bytes().await.map_err(|e| e.to_string())?;
    let body = ayuda_server::assets::decode(encoding.as_deref(), &wire)
        .map_err(|e| format!("{status}, cannot decode {encoding:?}: {e}"))?;
    if !status.is_success() {
        return Err(format!("{status}: {}", String::from_utf8_lossy(&body)));
    }
    Ok(Answer {
        wire: wire.len(),
        encoded: encoding.is_some(),
        body,
    })
}

/// Checks that the server answers searches from its rebuilt index before loading it.
pub async fn check(urls: &[Url]) -> Result<()> {
    let client = client()?;
    let Some(url) = urls.last() else {
        bail!("no queries to send");
    };
    let answer = fetch(&client, url.clone())
        .await
        .map_err(|e| anyhow!("search failed: {e}"))?;
    let body: serde_json::Value =
        serde_json::from_slice(&answer.body).context("search did not answer JSON")?;
    let total = body
        .get("total")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    if total == 0 {
        bail!("the server found nothing for {url}: was its index built? {body}");
    }
    Ok(())
}

/// Throughput, latency and answer sizes of one load phase.
#[derive(Debug, Default)]
pub struct Load {
    pub ok: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    pub latency: Stats,
    /// Bytes of the answers' bodies as sent (compressed or not).
    pub wire_bytes: u64,
    /// Bytes of the answers' bodies decoded.
    pub body_bytes: u64,
    /// Answers that came with a `Content-Encoding`.
    pub encoded: usize,
    /// CPU time the server used during the phase.
    pub server_cpu: Option<Duration>,
}

impl Load {
    pub fn rps(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Server CPU time per answer.
    pub fn server_cpu_per_answer(&self) -> Option<Duration> {
        let answers = u32::try_from(self.ok.max(1)).unwrap_or(u32::MAX);
        self.server_cpu.map(|cpu| cpu / answers)
    }
}

/// How long a load phase lasts.
#[derive(Clone, Copy, Debug)]
pub enum Until {
    /// Until this much time has passed, walking the URLs round and round.
    Elapsed(Duration),
    /// Until every URL has been sent once.
    OnePass,
}

/// `concurrency` workers, each with its own keep-alive client (one connection), walk `urls`
/// from different starting points `until` the phase ends; every answer is read whole and
/// decoded, as the widget's browser would.
pub async fn load(urls: Arc<Vec<Url>>, concurrency: usize, until: Until) -> Result<Load> {
    if urls.is_empty() {
        bail!("no URLs to load");
    }
    let concurrency = concurrency.max(1);
    let started = Instant::now();
    let mut workers = Vec::with_capacity(concurrency);
    for worker in 0..concurrency {
        let client = client()?;
        let urls = Arc::clone(&urls);
        let first = worker * urls.len() / concurrency;
        // One pass: this worker's share of the list, up to where the next worker starts.
        let share_end = (worker + 1) * urls.len() / concurrency;
        let more = move |next: usize| match until {
            Until::Elapsed(duration) => started.elapsed() < duration,
            Until::OnePass => next < share_end,
        };
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut part = Load::default();
            let mut next = first;
            while more(next) {
                let url = urls[next % urls.len()].clone();
                next += 1;
                let sent = Instant::now();
                match fetch(&client, url).await {
                    Ok(answer) => {
                        latencies.push(nanos(sent.elapsed()));
                        part.wire_bytes += answer.wire as u64;
                        part.body_bytes += answer.body.len() as u64;
                        part.encoded += usize::from(answer.encoded);
                    }
                    Err(e) => {
                        part.errors += 1;
                        part.first_error.get_or_insert(e);
                    }
                }
            }
            (latencies, part)
        }));
    }
    let mut all = Vec::new();
    let mut result = Load::default();
    for worker in workers {
        let (latencies, part) = worker.await.context("a load worker panicked")?;
        all.extend(latencies);
        result.errors += part.errors;
        result.wire_bytes += part.wire_bytes;
        result.body_bytes += part.body_bytes;
        result.encoded += part.encoded;
        if result.first_error.is_none() {
            result.first_error = part.first_error;
        }
    }
    result.elapsed = started.elapsed();
    result.ok = all.len();
    result.latency = Stats::of(all);
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_used_cpu_time() {
        let spin = Instant::now();
        let mut used = cpu_time(None);
        // Spins until the kernel has counted some CPU time (or gives up after 10 s).
        while used.is_some_and(|t| t < Duration::from_millis(20))
            && spin.elapsed() < Duration::from_secs(10)
        {
            std::hint::black_box(spin.elapsed());
            used = cpu_time(None);
        }
        assert!(
            used.is_some_and(|t| t >= Duration::from_millis(20)),
            "{used:?}"
        );
        assert_eq!(cpu_time(Some(u32::MAX)), None);
    }

    #[test]
    fn cpu_lists() {
        assert_eq!(parse_cpu_list("0-1"), [0, 1]);
        assert_eq!(parse_cpu_list("0,2-3, 7"), [0, 2, 3, 7]);
        assert_eq!(parse_cpu_list("3"), [3]);
        assert!(parse_cpu_list("").is_empty());
        assert!(parse_cpu_list("x-y").is_empty());
    }
}
