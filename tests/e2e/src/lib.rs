//! Harness for the end-to-end tests and the widget benchmark: the real `ayuda` binary (with the
//! sample knowledge base and the example host pages), chromedriver, and Debian's Chromium in
//! headless mode with a fresh profile.
//!
//! `cargo xtask test` sets the environment this reads: `AYUDA_BIN` (the server binary),
//! `AYUDA_WIDGET_DIR` (Trunk's dist/), `AYUDA_EXAMPLES_DIR`, `AYUDA_KB_DIR`, `AYUDA_AXE_JS`
//! (axe-core's `axe.min.js`), `AYUDA_E2E_ARTIFACTS` (screenshots of failures).

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

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

fn env_path(name: &str, default: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(default))
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A free TCP port on loopback (bound, then released).
pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A running `ayuda serve` with the sample knowledge base and the example host pages.
pub struct Server {
    child: Option<Child>,
    data: tempfile::TempDir,
    /// `--database-url` for every command (`None`: SQLite in the data dir).
    database_url: Option<String>,
    /// `http://127.0.0.1:PORT` — the Ayuda origin.
    pub url: String,
    /// `http://localhost:PORT` — the example hosts' origin (another site than the Ayuda one).
    pub hosts: String,
    addr: SocketAddr,
    examples_addr: SocketAddr,
}

impl Server {
    /// Imports the sample knowledge base into a fresh data dir and starts the server.
    pub fn start() -> Result<Server> {
        Server::start_on(None)
    }

    /// The same on a fresh PostgreSQL database, or `None` (with a note) when
    /// `AYUDA_TEST_POSTGRES_URL` is not set.
    pub async fn start_postgres() -> Result<Option<Server>> {
        match ayuda_store::testing::fresh_postgres_url().await? {
            Some(url) => Ok(Some(Server::start_on(Some(url))?)),
            None => {
                eprintln!(
                    "skipped: set {} to run this test on PostgreSQL",
                    ayuda_store::testing::POSTGRES_ENV
                );
                Ok(None)
            }
        }
    }

    fn command(data: &Path, database_url: Option<&str>) -> Command {
        let mut command = Command::new(binary());
        command.arg("--data-dir").arg(data);
        if let Some(url) = database_url {
            command.args(["--database-url", url]);
        }
        command
    }

    fn start_on(database_url: Option<String>) -> Result<Server> {
        let data = tempfile::tempdir()?;
        let status = Server::command(data.path(), database_url.as_deref())
            .arg("import")
            .arg(env_path("AYUDA_KB_DIR", "examples/kb"))
            .stdout(Stdio::null())
            .status()
            .context("cannot run the ayuda binary (AYUDA_BIN)")?;
        if !status.success() {
            bail!("ayuda import failed: {status}");
        }
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()?).parse()?;
        let examples_addr: SocketAddr = format!("127.0.0.1:{}", free_port()?).parse()?;
        let mut server = Server {
            child: None,
            data,
            database_url,
            url: format!("http://{addr}"),
            hosts: format!("http://localhost:{}", examples_addr.port()),
            addr,
            examples_addr,
        };
        server.restart()?;
        Ok(server)
    }

    /// (Re)starts the server process on the same addresses and data.
    pub fn restart(&mut self) -> Result<()> {
        self.kill();
        let mut child = Server::command(self.data.path(), self.database_url.as_deref())
            .args(["serve", "--addr", &self.addr.to_string()])
            .arg("--widget-dir")
            .arg(env_path("AYUDA_WIDGET_DIR", "dist"))
            .arg("--examples-dir")
            .arg(env_path("AYUDA_EXAMPLES_DIR", "examples/hosts"))
            .args(["--examples-addr", &self.examples_addr.to_string()])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("cannot start ayuda serve")?;
        let stdout = child.stdout.take().context("no stdout")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
                let _ = tx.send(line);
            }
        });
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = (false, false);
        while !(seen.0 && seen.1) {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx
                .recv_timeout(left)
                .map_err(|_| anyhow!("ayuda serve did not start in time"))?;
            seen.0 |= line.starts_with("Ayuda is listening");
            seen.1 |= line.starts_with("Example host pages");
        }
        Ok(())
    }

    /// `kill -9`: the server is down until [`Server::restart`].
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Creates a staff account with the CLI (while the server runs) and logs it in: the
    /// bearer token for the agents' API.
    pub async fn staff_token(&self, email: &str, role: &str) -> Result<String> {
        let password = "e2e-password-123";
        let status = Server::command(self.data.path(), self.database_url.as_deref())
            .args([
                "user",
                "add",
                "--email",
                email,
                "--password",
                password,
                "--role",
                role,
            ])
            .stdout(Stdio::null())
            .status()?;
        if !status.success() {
            bail!("ayuda user add failed: {status}");
        }
        let login = self
            .call(
                reqwest::Method::POST,
                "/api/v1/auth/login",
                None,
                Some(&serde_json::json!({"email": email, "password": password})),
            )
            .await?;
        login["token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no token in {login}"))
    }

    /// A JSON call on this server, with a staff token when given; fails on a non-2xx status.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Value> {
        let mut request =
            reqwest::Client::new().request(method.clone(), format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await?;
        let status = response.status();
        let text = response.text().await?;
        if !status.is_success() {
            bail!("{method} {path}: {status} {text}");
        }
        Ok(if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)?
        })
    }

    /// `GET url` on this server, as JSON.
    pub async fn get_json(&self, path: &str) -> Result<Value> {
        let response = reqwest::get(format!("{}{path}", self.url)).await?;
        let status = response.status();
        let body: Value = response.json().await?;
        if !status.is_success() {
            bail!("GET {path}: {status} {body}");
        }
        Ok(body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn binary() -> PathBuf {
    env_path("AYUDA_BIN", "target/debug/ayuda")
}

/// Serves `html` for every request on a free loopback port, until the test process ends;
/// returns its URL. For host pages that must outlive the Ayuda server.
pub async fn static_page(html: &str) -> Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://localhost:{}/", listener.local_addr()?.port());
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{html}",
        html.len()
    );
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut socket, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    Ok(url)
}

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

/// Polls `check` every 50 ms until it yields `Some`, or fails after `timeout` saying `what`.
pub async fn wait_for<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + timeout;
    let mut last_error = None;
    loop {
        match check().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(e) => last_error = Some(e),
        }
        if Instant::now() > deadline {
            return Err(match last_error {
                Some(e) => e.context(format!("timed out waiting for {what}")),
                None => anyhow!("timed out waiting for {what}"),
            });
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The usual wait.
pub const WAIT: Duration = Duration::from_secs(10);

/// Helpers over one browser tab showing an example host page.
#[derive(Clone)]
pub struct Page {
    pub client: Client,
}

impl Page {
    pub fn new(client: Client) -> Page {
        Page { client }
    }

    /// Runs `script` in the current frame and returns its result.
    pub async fn js(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Runs async `script` (the last argument is the callback) in the current frame.
    pub async fn js_async(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute_async(script, vec![]).await?)
    }

    /// Runs a Chrome DevTools Protocol command in this tab.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        cdp(&self.client, cmd, params).await
    }

    /// The number of requests the current document made whose URL contains `part` (from the
    /// Resource Timing entries: every fetch, XHR, EventSource and subresource).
    pub async fn requests_to(&self, part: &str) -> Result<usize> {
        let count = self
            .client
            .execute(
                "return performance.getEntriesByType('resource')\
                   .filter(e => e.name.includes(arguments[0])).length",
                vec![json!(part)],
            )
            .await?;
        count
            .as_u64()
            .map(|n| n as usize)
            .with_context(|| format!("resource count {count}"))
    }

    /// Runs one JS API call (`call` evaluates to a Promise, e.g. `Ayuda('open')`) in the top
    /// document and fails unless the Promise resolves.
    pub async fn ayuda(&self, call: &str) -> Result<()> {
        self.top().await?;
        let outcome = self
            .js_async(&format!(
                "const done = arguments[arguments.length - 1];
                 Promise.resolve().then(() => {call})
                   .then(() => done('ok'), e => done('rejected: ' + e));"
            ))
            .await?;
        if outcome != json!("ok") {
            bail!("{call}: {outcome}");
        }
        Ok(())
    }

    /// Clicks the example host's `#host-button` and checks its counter went from 0 to 1: the
    /// host page still works.
    pub async fn host_button_counts(&self) -> Result<()> {
        self.top().await?;
        self.client
            .find(Locator::Css("#host-button"))
            .await?
            .click()
            .await?;
        let counter = self
            .client
            .find(Locator::Css("#host-counter"))
            .await?
            .text()
            .await?;
        if counter.trim() != "1" {
            bail!("host counter {counter:?}");
        }
        Ok(())
    }

    /// The panel iframe's box `(x, y, width, height)` in the top document.
    pub async fn panel_box(&self) -> Result<(f64, f64, f64, f64)> {
        self.top().await?;
        Ok(self
            .widget()
            .await?
            .shadow_root()
            .await?
            .find(Locator::Css("iframe"))
            .await?
            .rectangle()
            .await?)
    }

    /// The widget's host element in the top document.
    pub async fn widget(&self) -> Result<Element> {
        Ok(self.client.find(Locator::Css("ayuda-widget")).await?)
    }

    /// `data-state` of the widget: `open` or `closed`.
    pub async fn state(&self) -> Result<String> {
        Ok(self
            .widget()
            .await?
            .attr("data-state")
            .await?
            .unwrap_or_default())
    }

    /// Back to the top document.
    pub async fn top(&self) -> Result<()> {
        // Switching to the top-level browsing context: `{"id": null}`.
        // WebDriver "Switch To Frame" with a null id: the top-level browsing context.
        self.client
            .issue_cmd(SessionPost {
                path: "frame",
                body: r#"{"id":null}"#.to_owned(),
            })
            .await
            .context("cannot switch to the top frame")?;
        Ok(())
    }

    /// Switches into the panel iframe (inside the widget's closed shadow root).
    pub async fn enter_panel(&self) -> Result<()> {
        self.top().await?;
        let frame = wait_for("the panel iframe", WAIT, || async {
            let root = self.widget().await?.shadow_root().await?;
            Ok(root.find(Locator::Css("iframe")).await.ok())
        })
        .await?;
        frame.enter_frame().await?;
        Ok(())
    }

    /// Clicks the launcher, waits for the panel to be open and ready.
    pub async fn open_with_launcher(&self) -> Result<()> {
        self.top().await?;
        self.widget().await?.click().await?;
        self.wait_open().await
    }

    /// Waits (in the top document) for the panel to be open with its search box focused.
    pub async fn wait_open(&self) -> Result<()> {
        self.top().await?;
        wait_for("the panel to open", WAIT, || async {
            Ok((self.state().await? == "open").then_some(()))
        })
        .await?;
        self.enter_panel().await?;
        wait_for("the focused search box", WAIT, || async {
            let focused = self
                .js("return document.activeElement && document.activeElement.dataset.testid")
                .await?;
            Ok((focused == json!("search-input")).then_some(()))
        })
        .await
    }

    /// The texts of the elements matching `css` in the current frame.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await? {
            texts.push(element.text().await?);
        }
        Ok(texts)
    }

    /// Waits until `css` matches at least one displayed element in the current frame.
    pub async fn wait_css(&self, css: &str) -> Result<Element> {
        wait_for(css, WAIT, || async {
            for element in self.client.find_all(Locator::Css(css)).await? {
                if element.is_displayed().await? {
                    return Ok(Some(element));
                }
            }
            Ok(None)
        })
        .await
    }

    /// Waits until the texts of `css` satisfy `ok`, and returns them.
    pub async fn wait_texts(
        &self,
        css: &str,
        what: &str,
        ok: impl Fn(&[String]) -> bool,
    ) -> Result<Vec<String>> {
        wait_for(what, WAIT, || async {
            let texts = self.texts(css).await?;
            Ok(ok(&texts).then_some(texts))
        })
        .await
    }

    /// Browser console entries since the last call (`level`, `message`).
    pub async fn console(&self) -> Result<Vec<(String, String)>> {
        // chromedriver's legacy log endpoint: the browser console since the last read.
        let value = self
            .client
            .issue_cmd(SessionPost {
                path: "se/log",
                body: r#"{"type":"browser"}"#.to_owned(),
            })
            .await?;
        Ok(value
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        (
                            e["level"].as_str().unwrap_or_default().to_owned(),
                            e["message"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Runs axe-core on the current frame's document; returns the violations (id: help).
    pub async fn axe_violations(&self) -> Result<Vec<String>> {
        let path = env_path("AYUDA_AXE_JS", "tools/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read axe-core at {}", path.display()))?;
        self.client.execute(&source, vec![]).await?;
        let result = self
            .js_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' [' +
                       v.nodes.map(n => n.target.join(' ')).join(', ') + ']')))
                   .catch(e => done(['axe failed: ' + e]));",
            )
            .await?;
        Ok(serde_json::from_value(result)?)
    }
}

/// A chromedriver command of this session: `POST session/{id}/{path}` with a JSON body.
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: String,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.clone()))
    }
}

/// Runs a Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`).
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Result<Value> {
    client
        .issue_cmd(SessionPost {
            path: "goog/cdp/execute",
            body: json!({ "cmd": cmd, "params": params }).to_string(),
        })
        .await
        .with_context(|| format!("CDP {cmd}"))
}
