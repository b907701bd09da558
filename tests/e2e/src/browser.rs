//! Chromium under chromedriver: starting a session (desktop or an emulated phone), running a
//! test in it with artifacts on failure, and DevTools commands.

use std::future::Future;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use crate::env::env_path;
use crate::server::free_port;

/// The flags every Chromium here starts with (plus a fresh `--user-data-dir`).
pub const CHROMIUM_FLAGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

/// A chromedriver process with one headless Chromium session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a session (fresh profile, console logs
    /// captured).
    pub async fn start() -> Result<Browser> {
        Browser::start_with(&[]).await
    }

    /// [`Browser::start`] with extra Chromium flags.
    pub async fn start_with(extra_flags: &[&str]) -> Result<Browser> {
        Browser::start_device(extra_flags, None).await
    }

    /// [`Browser::start`] with extra Chromium flags and, for phones, chromedriver's
    /// `mobileEmulation` (device metrics with touch, a mobile user agent).
    pub async fn start_device(extra_flags: &[&str], device: Option<&Phone>) -> Result<Browser> {
        let port = free_port()?;
        let mut driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start chromedriver (cargo xtask test installs it)")?;
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if reqwest::get(format!("{url}/status")).await.is_ok() {
                break;
            }
            if Instant::now() > deadline {
                let _ = driver.kill();
                bail!("chromedriver did not start");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir()?;
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.extend(extra_flags.iter().map(|s| s.to_string()));
        let mut caps = serde_json::Map::new();
        let mut options = json!({ "binary": chromium_binary(), "args": args });
        if let Some(phone) = device {
            options["mobileEmulation"] = phone.emulation();
        }
        caps.insert("goog:chromeOptions".into(), options);
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(caps);
        let client = match builder.connect(&url).await {
            Ok(client) => client,
            Err(e) => {
                let _ = driver.kill();
                bail!("cannot open a Chromium session: {e}");
            }
        };
        Ok(Browser {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Closes the session and stops chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn chromium_binary() -> String {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .unwrap_or("chromium")
        .to_owned()
}

/// Runs `test` with a fresh browser; on failure saves a screenshot and the page source under
/// `AYUDA_E2E_ARTIFACTS/<name>.*`. The browser is closed on every path.
pub async fn with_browser<F, Fut>(name: &str, test: F) -> Result<()>
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    with_browser_flags(name, &[], test).await
}

/// [`with_browser`] with extra Chromium flags.
pub async fn with_browser_flags<F, Fut>(name: &str, flags: &[&str], test: F) -> Result<()>
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    run_in(name, Browser::start_with(flags).await?, test).await
}

/// [`with_browser`] on an emulated phone (fresh profile, `mobileEmulation`).
pub async fn with_phone<F, Fut>(name: &str, phone: &Phone, test: F) -> Result<()>
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    run_in(name, Browser::start_device(&[], Some(phone)).await?, test).await
}

/// A phone for chromedriver's `mobileEmulation`: CSS pixels, touch, `isMobile`, and a
/// mobile user agent, so the page gets a real mobile viewport (not a narrow desktop window).
#[derive(Clone, Copy, Debug)]
pub struct Phone {
    pub width: u32,
    pub height: u32,
    pub pixel_ratio: f64,
}

impl Phone {
    /// A 390 × 780 phone at 3× (a common modern Android size).
    pub const ANDROID: Phone = Phone {
        width: 390,
        height: 780,
        pixel_ratio: 3.0,
    };

    fn emulation(&self) -> Value {
        json!({
            "deviceMetrics": {
                "width": self.width,
                "height": self.height,
                "pixelRatio": self.pixel_ratio,
                "touch": true,
                "mobile": true,
            },
            "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 \
                (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36",
        })
    }
}

/// Runs `test` in `browser`; see [`with_browser`].
async fn run_in<F, Fut>(name: &str, browser: Browser, test: F) -> Result<()>
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let result = test(browser.client.clone()).await;
    if let Err(error) = &result {
        let dir = env_path("AYUDA_E2E_ARTIFACTS", "target/e2e");
        let _ = std::fs::create_dir_all(&dir);
        let _ = browser.client.enter_parent_frame().await;
        let _ = browser.client.enter_parent_frame().await;
        if let Ok(png) = browser.client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
        if let Ok(source) = browser.client.source().await {
            let _ = std::fs::write(dir.join(format!("{name}.html")), source);
        }
        eprintln!(
            "{name} failed: {error:#}\n  screenshot: {}",
            dir.join(format!("{name}.png")).display()
        );
    }
    browser.close().await;
    result
}
