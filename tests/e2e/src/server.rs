//! The servers a test talks to: the real `ayuda serve` (SQLite or PostgreSQL, restartable,
//! with the CLI for staff accounts) and throwaway static host pages.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;

use crate::env::env_path;

/// The password of the staff accounts tests create.
pub const STAFF_PASSWORD: &str = "e2e-password-123";

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
    /// `--public-url`, when the server is to be reached by a name (passkeys need one).
    public_url: Option<String>,
}

impl Server {
    /// Imports the sample knowledge base into a fresh data dir and starts the server.
    pub fn start() -> Result<Server> {
        Server::start_on(None, false)
    }

    /// The same, reached as `http://localhost:PORT` (its public URL): WebAuthn binds passkeys
    /// to a domain name, never to an IP address.
    pub fn start_at_localhost() -> Result<Server> {
        Server::start_on(None, true)
    }

    /// The same on a fresh PostgreSQL database, or `None` (with a note) when
    /// `AYUDA_TEST_POSTGRES_URL` is not set.
    pub async fn start_postgres() -> Result<Option<Server>> {
        match ayuda_store::testing::fresh_postgres_url().await? {
            Some(url) => Ok(Some(Server::start_on(Some(url), false)?)),
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

    fn start_on(database_url: Option<String>, at_localhost: bool) -> Result<Server> {
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
        let public_url = at_localhost.then(|| format!("http://localhost:{}", addr.port()));
        let mut server = Server {
            child: None,
            data,
            database_url,
            url: public_url
                .clone()
                .unwrap_or_else(|| format!("http://{addr}")),
            public_url,
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
            .arg("--console-dir")
            .arg(env_path("AYUDA_CONSOLE_DIR", "crates/console/dist"))
            .arg("--examples-dir")
            .arg(env_path("AYUDA_EXAMPLES_DIR", "examples/hosts"))
            .args(["--examples-addr", &self.examples_addr.to_string()])
            .args(
                self.public_url
                    .iter()
                    .flat_map(|url| ["--public-url", url.as_str()]),
            )
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

    /// `SIGSTOP`: the server still accepts connections (the kernel queues them) but answers
    /// nothing until [`Server::resume`], like a hung backend.
    pub fn pause(&self) -> Result<()> {
        self.signal("-STOP")
    }

    /// `SIGCONT` after [`Server::pause`].
    pub fn resume(&self) -> Result<()> {
        self.signal("-CONT")
    }

    fn signal(&self, signal: &str) -> Result<()> {
        let pid = self
            .child
            .as_ref()
            .context("the server is not running")?
            .id();
        let status = std::process::Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()?;
        anyhow::ensure!(status.success(), "kill {signal} {pid}: {status}");
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
        let password = STAFF_PASSWORD;
        self.add_staff(email, role)?;
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

    /// Creates (or resets) a staff account with the CLI, with the password [`STAFF_PASSWORD`].
    pub fn add_staff(&self, email: &str, role: &str) -> Result<()> {
        let password = STAFF_PASSWORD;
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
        Ok(())
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
