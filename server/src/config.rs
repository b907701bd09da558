//! Typed settings: defaults, then `ayuda.toml`, then `AYUDA_*` environment, then flags.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// A secret that never prints.
#[derive(Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The settings of one server process. See `ayuda.example.toml` for every key.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where the SQLite database and the search index live.
    pub data_dir: PathBuf,
    /// `sqlite:…` or `postgres://…`; default: SQLite in `data_dir`.
    pub database_url: Option<Secret>,
    pub addr: SocketAddr,
    /// The URL readers reach this server at (used in article links); default `http://{addr}`.
    pub public_url: Option<String>,
    /// The locale used when a site or a file names none.
    pub default_locale: String,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// How long a login session lasts, in hours (bearer logins and console sessions alike:
    /// the absolute limit, whatever the activity).
    pub session_hours: i64,
    /// A console session ends after this many minutes without a request.
    pub console_idle_minutes: i64,
    /// `text` or `json` log lines.
    pub log_format: String,
    /// The widget's Trunk build (`index.html`, wasm, JS, CSS), served under `/widget/`.
    pub widget_dir: PathBuf,
    /// The staff console's Trunk builds, one folder per bundle (`sign-in`, `editor`, `agent`,
    /// `admin`), served under `/console/`.
    pub console_dir: PathBuf,
    /// How long a logged search waits for the same person to type on (`search_log`). Not a
    /// file setting: tests shorten it.
    #[serde(skip)]
    pub search_log_window: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("data"),
            database_url: None,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
            default_locale: "es".to_owned(),
            max_body_bytes: 2 * 1024 * 1024,
            session_hours: 12,
            console_idle_minutes: 30,
            log_format: "text".to_owned(),
            widget_dir: PathBuf::from("dist"),
            console_dir: PathBuf::from("crates/console/dist"),
            search_log_window: Duration::from_millis(2500),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid environment: {0}")]
    Env(String),
    #[error("invalid {path}: {source}")]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
}

impl Settings {
    /// Reads `file` (when given, it must exist; otherwise `./ayuda.toml` is read if present).
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let (path, required) = match file {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from("ayuda.toml"), false),
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|source| ConfigError::Parse {
                path,
                source: Box::new(source),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                Ok(Settings::default())
            }
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    /// Applies `AYUDA_*` environment overrides for the keys that have no command-line flag
    /// (`AYUDA_DATA_DIR`, `AYUDA_DATABASE_URL` and `AYUDA_ADDR` come through the CLI).
    pub fn apply_env(mut self) -> Result<Settings, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let invalid =
            |name: &str, value: &str| ConfigError::Env(format!("{name}={value:?} is not valid"));
        if let Some(v) = var("AYUDA_PUBLIC_URL") {
            self.public_url = Some(v);
        }
        if let Some(v) = var("AYUDA_DEFAULT_LOCALE") {
            self.default_locale = v;
        }
        if let Some(v) = var("AYUDA_MAX_BODY_BYTES") {
            self.max_body_bytes = v.parse().map_err(|_| invalid("AYUDA_MAX_BODY_BYTES", &v))?;
        }
        if let Some(v) = var("AYUDA_SESSION_HOURS") {
            self.session_hours = v.parse().map_err(|_| invalid("AYUDA_SESSION_HOURS", &v))?;
        }
        if let Some(v) = var("AYUDA_LOG_FORMAT") {
            self.log_format = v;
        }
        if let Some(v) = var("AYUDA_WIDGET_DIR") {
            self.widget_dir = PathBuf::from(v);
        }
        if let Some(v) = var("AYUDA_CONSOLE_DIR") {
            self.console_dir = PathBuf::from(v);
        }
        if let Some(v) = var("AYUDA_CONSOLE_IDLE_MINUTES") {
            self.console_idle_minutes = v
                .parse()
                .ok()
                .filter(|minutes| *minutes > 0)
                .ok_or_else(|| invalid("AYUDA_CONSOLE_IDLE_MINUTES", &v))?;
        }
        Ok(self)
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose().to_owned(),
            None => ayuda_store::sqlite_url_in(&self.data_dir),
        }
    }

    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
            .trim_end_matches('/')
            .to_owned()
    }

    pub fn with_database_url(mut self, url: Option<String>) -> Self {
        if let Some(url) = url {
            self.database_url = Some(Secret(url));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_config_parses_and_secrets_do_not_print() {
        let text = include_str!("../../ayuda.example.toml");
        let settings: Settings = toml::from_str(text).expect("example config parses");
        assert_eq!(settings.default_locale, "es");
        let s = Settings::default().with_database_url(Some("postgres://u:pw@h/db".into()));
        assert!(!format!("{s:?}").contains("pw"));
    }
}
