//! The real `ayuda` binary as a child process: its own data directory, a fresh database
//! (SQLite in the data directory, or a new PostgreSQL database), an agent account, and the
//! measures read from outside (VmRSS, the tickets table after a `kill -9`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use rand::RngCore;
use sqlx::{Connection, Executor, Row};
use tempfile::TempDir;

pub const AGENT_EMAIL: &str = "agent@bench.example";
pub const AGENT_PASSWORD: &str = "bench-agent-password";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn label(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// A data directory and database with an agent account, and the server when it runs.
pub struct Instance {
    bin: PathBuf,
    pub backend: Backend,
    dir: TempDir,
    database_url: String,
    /// PostgreSQL: the admin URL and the database created for this instance (dropped by
    /// [`Instance::destroy`]).
    postgres: Option<(String, String)>,
    child: Option<Child>,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Instance {
    /// A fresh database and data directory, with the agent account added through the CLI.
    pub async fn create(bin: &Path, backend: Backend, postgres_admin: &str) -> Result<Instance> {
        let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
        let (database_url, postgres) = match backend {
            Backend::Sqlite => (ayuda_store::sqlite_url_in(dir.path()), None),
            Backend::Postgres => {
                let (url, name) = fresh_postgres_database(postgres_admin).await?;
                (url, Some((postgres_admin.to_owned(), name)))
            }
        };
        let instance = Instance {
            bin: bin.to_path_buf(),
            backend,
            dir,
            database_url,
            postgres,
            child: None,
            base: String::new(),
        };
        let mut add = instance.command();
        add.args([
            "user",
            "add",
            "--email",
            AGENT_EMAIL,
            "--password",
            AGENT_PASSWORD,
            "--role",
            "agent",
        ]);
        let output = tokio::task::spawn_blocking(move || add.output())
            .await?
            .context("cannot run `ayuda user add`")?;
        if !output.status.success() {
            bail!(
                "`ayuda user add` failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(instance)
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.current_dir(self.dir.path())
            // Nothing from the caller's environment may point the server elsewhere.
            .env_remove("AYUDA_DATABASE_URL")
            .env_remove("AYUDA_ADDR")
            .env_remove("AYUDA_CONFIG")
            .env_remove("AYUDA_DATA_DIR")
            .env("RUST_LOG", "warn")
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .arg("--database-url")
            .arg(&self.database_url);
        cmd
    }

    /// Starts `ayuda serve` on a free loopback port and waits for `/healthz`.
    pub async fn start(&mut self) -> Result<()> {
        if self.child.is_some() {
            bail!("the server is already running");
        }
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(2))
            .build()?;
        for attempt in 0..3 {
            // The port is free now; another process could take it before the server binds,
            // hence the retries.
            let port = std::net::TcpListener::bind("127.0.0.1:0")?
                .local_addr()?
                .port();
            let log = std::fs::File::create(self.log_path())?;
            let mut cmd = self.command();
            cmd.args(["serve", "--addr", &format!("127.0.0.1:{port}")])
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log);
            let mut child = cmd
                .spawn()
                .with_context(|| format!("cannot start {}", self.bin.display()))?;
            let base = format!("http://127.0.0.1:{port}");
            let started = Instant::now();
            loop {
                if let Some(status) = child.try_wait()? {
                    if attempt < 2 {
                        eprintln!("  the server exited ({status}); retrying on another port");
                        break;
                    }
                    bail!("the server exited ({status}):\n{}", self.log_tail());
                }
                if let Ok(response) = client.get(format!("{base}/healthz")).send().await
                    && response.status().is_success()
                {
                    self.child = Some(child);
                    self.base = base;
                    return Ok(());
                }
                if started.elapsed() > Duration::from_secs(60) {
                    let _ = child.kill();
                    let _ = child.wait();
                    bail!("the server did not answer in 60 s:\n{}", self.log_tail());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        bail!("the server could not start")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The server's resident set size (VmRSS), in KiB.
    pub fn rss_kib(&self) -> Result<u64> {
        let pid = self.pid().context("the server is not running")?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .context("no VmRSS in /proc/PID/status")
    }

    /// SIGKILL: nothing is flushed or shut down gracefully, as in a crash.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Whether the server process is still alive.
    pub fn running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|child| matches!(child.try_wait(), Ok(None)))
    }

    /// The public ids of every ticket in the database, read directly (not through the
    /// server, which should be stopped).
    pub async fn stored_ticket_ids(&self) -> Result<HashSet<String>> {
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(&self.database_url)
            .await
            .context("cannot open the database")?;
        let rows = sqlx::query("SELECT public_id FROM tickets")
            .fetch_all(&mut conn)
            .await?;
        let ids = rows
            .iter()
            .map(|row| row.try_get::<String, _>(0))
            .collect::<std::result::Result<HashSet<_>, _>>()?;
        conn.close().await?;
        Ok(ids)
    }

    /// Kills the server and drops the PostgreSQL database (the temporary directory goes with
    /// `self`).
    pub async fn destroy(mut self) {
        self.kill();
        if let Some((admin, name)) = self.postgres.take() {
            sqlx::any::install_default_drivers();
            if let Ok(mut conn) = sqlx::AnyConnection::connect(&admin).await {
                let _ = conn
                    .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                    .await;
                let _ = conn.close().await;
            }
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Creates `ayuda_bench_<unix seconds>_<random>` on the server of `admin_url` and returns its
/// URL and name (the same scheme as `ayuda_store::testing::fresh_postgres_url`).
async fn fresh_postgres_database(admin_url: &str) -> Result<(String, String)> {
    sqlx::any::install_default_drivers();
    let mut suffix = [0u8; 6];
    rand::rng().fill_bytes(&mut suffix);
    let now = ayuda_store::now_ms() / 1000;
    let name: String = std::iter::once(format!("ayuda_bench_{now}_"))
        .chain(suffix.iter().map(|b| format!("{b:02x}")))
        .collect();
    let mut conn = sqlx::AnyConnection::connect(admin_url)
        .await
        .with_context(|| format!("cannot connect to PostgreSQL at {admin_url}"))?;
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await?;
    conn.close().await?;
    let (base, query) = admin_url.split_once('?').unwrap_or((admin_url, ""));
    let base = base.rsplit_once('/').map_or(base, |(head, _)| head);
    let mut url = format!("{base}/{name}");
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    Ok((url, name))
}

/// Raises the soft limit on open files to at least `wanted` (and the hard one too when
/// allowed: root may). Children started afterwards (the server) inherit it. Returns the soft
/// limit in force.
pub fn raise_open_files(wanted: u64) -> u64 {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let current = getrlimit(Resource::Nofile);
    let soft = current.current.unwrap_or(u64::MAX);
    if soft >= wanted {
        return soft;
    }
    let hard = current.maximum.unwrap_or(u64::MAX);
    let raised = Rlimit {
        current: Some(wanted),
        maximum: Some(hard.max(wanted)),
    };
    if setrlimit(Resource::Nofile, raised).is_ok() {
        return wanted;
    }
    let _ = setrlimit(
        Resource::Nofile,
        Rlimit {
            current: Some(hard),
            maximum: Some(hard),
        },
    );
    getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX)
}
