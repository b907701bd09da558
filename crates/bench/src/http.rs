//! The HTTP part: fill a SQLite store with the articles, boot the real server in-process on its
//! own runtime, and drive keep-alive load against it from a second runtime.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use ayuda_store::{Content, NewArticleRow, Store};
use reqwest::Url;
use tempfile::TempDir;
use tokio::runtime::Runtime;
use tokio::sync::oneshot;

use crate::corpus::{Article, TypedQuery};
use crate::engines::{Stats, nanos};

/// A running server with its data directory; shut down on [`Server::stop`].
pub struct Server {
    pub base: Url,
    /// Time to insert every article through `Store::create_article`.
    pub fill: Duration,
    /// Time of `Application::build`: connecting, migrating and rebuilding the index from the
    /// database (the server's cold start on this data).
    pub boot: Duration,
    runtime: Runtime,
    shutdown: oneshot::Sender<()>,
    _dir: TempDir,
}

impl Server {
    /// Fills a fresh SQLite store (on `client`, the benchmark's runtime) and boots the server
    /// on a runtime of its own, so server and load generator keep separate worker pools as two
    /// processes would.
    pub fn start(client: &Runtime, articles: &[Article]) -> Result<Server> {
        let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
        let fill = client.block_on(fill_store(dir.path(), articles))?;

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("server")
            .build()
            .context("cannot start the server runtime")?;
        let settings = ayuda_server::Settings {
            data_dir: dir.path().to_path_buf(),
            addr: "127.0.0.1:0".parse()?,
            ..Default::default()
        };
        eprintln!("  booting the server (it rebuilds its index from the database)…");
        let started = Instant::now();
        let app = runtime
            .block_on(ayuda_server::Application::build(settings))
            .map_err(|e| anyhow!("the server did not start: {e}"))?;
        let boot = started.elapsed();
        let base = Url::parse(&format!("http://{}/", app.addr()))?;
        let (shutdown, stop) = oneshot::channel::<()>();
        runtime.spawn(async move {
            let stopped = async {
                let _ = stop.await;
            };
            if let Err(e) = app.run_until(stopped).await {
                eprintln!("server error: {e}");
            }
        });
        Ok(Server {
            base,
            fill,
            boot,
            runtime,
            shutdown,
            _dir: dir,
        })
    }

    pub fn stop(self) {
        let _ = self.shutdown.send(());
        self.runtime.shutdown_timeout(Duration::from_secs(3));
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
    reqwest::Client::builder()
        // Loopback only: an HTTP(S)_PROXY in the environment must not get in the way.
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .context("cannot build an HTTP client")
}

/// Checks that the server answers searches from its rebuilt index before loading it.
pub async fn check(urls: &[Url]) -> Result<()> {
    let client = client()?;
    let Some(url) = urls.last() else {
        bail!("no queries to send");
    };
    let response = client.get(url.clone()).send().await?;
    let status = response.status();
    let body: serde_json::Value = response
        .json()
        .await
        .context("search did not answer JSON")?;
    if !status.is_success() {
        bail!("search answered {status}: {body}");
    }
    let total = body
        .get("total")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    if total == 0 {
        bail!("the server found nothing for {url}: was its index built? {body}");
    }
    Ok(())
}

/// Throughput and latency of one load phase.
#[derive(Debug, Default)]
pub struct Load {
    pub ok: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    pub latency: Stats,
}

impl Load {
    pub fn rps(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// `concurrency` workers, each with its own keep-alive client (one connection), walk `urls`
/// from different starting points until `duration` has passed.
pub async fn load(urls: Arc<Vec<Url>>, concurrency: usize, duration: Duration) -> Result<Load> {
    if urls.is_empty() {
        bail!("no URLs to load");
    }
    let started = Instant::now();
    let deadline = started + duration;
    let mut workers = Vec::with_capacity(concurrency);
    for worker in 0..concurrency {
        let client = client()?;
        let urls = Arc::clone(&urls);
        let first = worker * urls.len() / concurrency.max(1);
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut first_error = None;
            let mut next = first;
            while Instant::now() < deadline {
                let url = urls[next % urls.len()].clone();
                next += 1;
                let sent = Instant::now();
                let outcome = match client.get(url).send().await {
                    Ok(response) => {
                        let status = response.status();
                        match response.bytes().await {
                            Ok(_) if status.is_success() => Ok(()),
                            Ok(body) => {
                                Err(format!("{status}: {}", String::from_utf8_lossy(&body)))
                            }
                            Err(e) => Err(e.to_string()),
                        }
                    }
                    Err(e) => Err(e.to_string()),
                };
                match outcome {
                    Ok(()) => latencies.push(nanos(sent.elapsed())),
                    Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e);
                    }
                }
            }
            (latencies, errors, first_error)
        }));
    }
    let mut all = Vec::new();
    let mut result = Load::default();
    for worker in workers {
        let (latencies, errors, first_error) = worker.await.context("a load worker panicked")?;
        all.extend(latencies);
        result.errors += errors;
        if result.first_error.is_none() {
            result.first_error = first_error;
        }
    }
    result.elapsed = started.elapsed();
    result.ok = all.len();
    result.latency = Stats::of(all);
    Ok(result)
}
