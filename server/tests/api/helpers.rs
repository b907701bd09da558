//! `spawn_app()` and a `TestApp` that speaks the API's wire types.

use std::path::PathBuf;
use std::time::Duration;

use ayuda_api::{Article, ErrorBody, LoginResponse, NewArticle};
use ayuda_server::{Application, Settings};
use reqwest::StatusCode;
use serde_json::Value;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub store: ayuda_store::Store,
    /// An admin's session token.
    pub admin: String,
    /// The widget directory the server serves (empty until a test writes a build there).
    pub widget_dir: PathBuf,
    /// The database this server uses (a second node can share it: [`spawn_node`]).
    pub database_url: String,
    _dir: tempfile::TempDir,
}

/// How long the test servers hold a search before logging it (production: 2.5 s), so tests
/// that read the search log wait little.
pub const SEARCH_LOG_WINDOW: Duration = Duration::from_millis(200);

/// Another server node on the same database (its own data dir and index); returns its base URL
/// and the directory to keep alive.
pub async fn spawn_node(database_url: &str) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = Settings {
        data_dir: dir.path().to_path_buf(),
        addr: "127.0.0.1:0".parse().expect("addr"),
        widget_dir: dir.path().join("widget"),
        search_log_window: SEARCH_LOG_WINDOW,
        ..Settings::default()
    }
    .with_database_url(Some(database_url.to_owned()));
    let app = Application::build(settings)
        .await
        .expect("second node builds");
    let base = format!("http://{}", app.addr());
    tokio::spawn(app.run_until(std::future::pending()));
    (base, dir)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Boots the server on SQLite.
pub async fn spawn_app() -> TestApp {
    spawn_app_on(Db::Sqlite).await.expect("sqlite always works")
}

/// Boots the server on a fresh database of the given kind; `None` (with a note) when the
/// PostgreSQL URL is not configured.
pub async fn spawn_app_on(db: Db) -> Option<TestApp> {
    spawn_with(db, |_| async {}).await
}

/// Boots the server after `prepare` has filled the database (used to import before start).
pub async fn spawn_with<F, Fut>(db: Db, prepare: F) -> Option<TestApp>
where
    F: FnOnce(ayuda_store::Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    spawn_configured(db, prepare, |_| {}).await
}

/// Boots the server on SQLite with settings changed by `configure`.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_configured(Db::Sqlite, |_| async {}, configure)
        .await
        .expect("sqlite always works")
}

async fn spawn_configured<F, Fut>(
    db: Db,
    prepare: F,
    configure: impl FnOnce(&mut Settings),
) -> Option<TestApp>
where
    F: FnOnce(ayuda_store::Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_test_writer()
        .try_init();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = match db {
        Db::Sqlite => ayuda_store::sqlite_url_in(dir.path()),
        Db::Postgres => match ayuda_store::testing::fresh_postgres_url()
            .await
            .expect("postgres reachable")
        {
            Some(url) => url,
            None => {
                eprintln!(
                    "skipped: set {} to run this test on PostgreSQL",
                    ayuda_store::testing::POSTGRES_ENV
                );
                return None;
            }
        },
    };
    let store = ayuda_store::Store::connect(&url).await.expect("store");
    store.ensure_demo_site().await.expect("demo site");
    prepare(store.clone()).await;
    let hash = ayuda_server::auth::hash_password("admin-password-123").expect("hash");
    store
        .create_user("admin@example.com", &hash, "admin")
        .await
        .expect("admin");

    let mut settings = Settings {
        data_dir: dir.path().to_path_buf(),
        addr: "127.0.0.1:0".parse().expect("addr"),
        widget_dir: dir.path().join("widget"),
        search_log_window: SEARCH_LOG_WINDOW,
        ..Settings::default()
    }
    .with_database_url(Some(url.clone()));
    configure(&mut settings);
    let app = Application::build(settings).await.expect("server builds");
    let base = format!("http://{}", app.addr());
    tokio::spawn(app.run_until(std::future::pending()));
    let client = reqwest::Client::new();
    let mut test_app = TestApp {
        base,
        client,
        store,
        admin: String::new(),
        widget_dir: dir.path().join("widget"),
        database_url: url,
        _dir: dir,
    };
    test_app.admin = test_app
        .login("admin@example.com", "admin-password-123")
        .await;
    Some(test_app)
}

impl TestApp {
    /// The same test setup, talking to another node at `base`.
    pub fn via(&self, base: String) -> TestApp {
        TestApp {
            base,
            client: self.client.clone(),
            store: self.store.clone(),
            admin: self.admin.clone(),
            widget_dir: self.widget_dir.clone(),
            database_url: self.database_url.clone(),
            _dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn login(&self, email: &str, password: &str) -> String {
        let res = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .expect("login request");
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<LoginResponse>().await.expect("login body").token
    }

    /// Creates a staff account with `role` and returns its session token.
    pub async fn staff(&self, email: &str, role: &str) -> String {
        let res = self
            .client
            .post(self.url("/api/v1/users"))
            .bearer_auth(&self.admin)
            .json(&serde_json::json!({"email": email, "password": "a-long-password", "role": role}))
            .send()
            .await
            .expect("create user");
        assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
        self.login(email, "a-long-password").await
    }

    pub async fn create_article(&self, article: &NewArticle) -> Article {
        let res = self
            .post_json(
                "/api/v1/articles",
                &self.admin,
                &serde_json::to_value(article).expect("json"),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
        res.json().await.expect("article body")
    }

    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// A staff call: `method path` with a bearer token and an optional JSON body.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("request")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_json(&self, path: &str) -> (StatusCode, Value) {
        let res = self.get(path).await;
        let status = res.status();
        (status, res.json().await.expect("JSON body"))
    }

    /// Hits of a search as `(slug, locale)` pairs.
    pub async fn search(&self, query: &str, locale: &str) -> Vec<(String, String)> {
        let path = format!(
            "/api/v1/sites/demo/search?q={}&locale={locale}",
            urlencode(query)
        );
        let (status, body) = self.get_json(&path).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| {
                (
                    h["slug"].as_str().unwrap_or_default().to_owned(),
                    h["locale"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }
}

/// Asserts an error response has the documented shape and code.
pub async fn assert_error(res: reqwest::Response, status: StatusCode, code: &str) {
    assert_eq!(res.status(), status);
    assert!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json")),
        "error bodies are JSON"
    );
    let body: ErrorBody = res.json().await.expect("error body shape");
    assert_eq!(body.error.code, code, "{}", body.error.message);
    assert!(!body.error.message.is_empty());
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn article(title: &str, body: &str) -> NewArticle {
    NewArticle {
        title: title.to_owned(),
        body: body.to_owned(),
        ..NewArticle::default()
    }
}

/// The shared corpus, if this checkout has it beside it.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpora/adobe-commerce-kb");
    dir.is_dir().then_some(dir)
}

pub fn examples_kb() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/kb")
}
