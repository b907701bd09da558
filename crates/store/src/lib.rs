//! Persistence for Ayuda: SQLite (embedded default) and PostgreSQL behind one [`Store`].
//!
//! Both backends go through sqlx's `Any` driver with portable SQL (numbered `$N` parameters,
//! `RETURNING`, `ON CONFLICT`), and each has its own embedded migrations. Timestamps are Unix
//! milliseconds, list columns are JSON text; conversion to wire types happens in the server.

mod agents;
mod article_list;
mod articles;
mod attachments;
mod audit;
pub mod backups;
mod configuration;
mod editorial;
mod error;
mod gaps;
mod images;
mod inbox;
mod macro_files;
mod metrics;
mod passkeys;
mod places;
mod schedules;
mod search_log;
mod second_factor;
mod sites;
pub mod testing;
mod ticket_changes;
mod tickets;
mod users;
mod workspace;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};

pub use agents::{AgentRow, MacroRow};
pub use article_list::ArticleFilter;
pub use articles::{ArticleRow, Content, NewArticleRow, PublishedArticle, SaveMode, VersionRow};
pub use attachments::{AttachmentMeta, NewAttachment};
pub use audit::{AuditEntry, AuditFilter, AuditRow};
pub use editorial::{ListedArticle, TranslationMember};
pub use error::{Entity, Error, Result};
pub use gaps::{ArticleVotes, QueryCount};
pub use images::ImageMeta;
pub use inbox::{InboxFilter, InboxSort, SlaFilter};
pub use macro_files::{MacroFile, NewMacroFile};
pub use metrics::{ArticleActivity, DeflectionRow, MetricsScope};
pub use passkeys::PasskeyRow;
pub use places::SeenPlace;
pub use schedules::ScheduleRow;
pub use search_log::{SearchLogRow, SearchStatRow};
pub use second_factor::SecurityPolicy;
pub use sites::{DEMO_SITE_KEY, SiteLook, SiteRow, random_secret};
pub use ticket_changes::TicketChanges;
pub use tickets::{
    Filing, Message, MessageEffects, NewMessage, NewTicket, SlaFields, Ticket, TicketEvent,
};
pub use users::{CredentialKind, CredentialRow, UserRow};
pub use workspace::{SavedViewRow, ScheduledReplyRow, VIEWER_TTL_MS, ViewerRow};

/// Which database engine a [`Store`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pool of connections to the Ayuda database, migrated to the current schema.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Kept for PostgreSQL's LISTEN connection, which lives outside the pool.
    url: std::sync::Arc<str>,
}

/// The default SQLite URL for a data directory.
pub fn sqlite_url_in(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("ayuda.db").display())
}

impl Store {
    /// Connects to `url` (`sqlite:…` or `postgres://…`) and runs pending migrations.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(Error::UnsupportedUrl(url.to_owned()));
        };
        let options = AnyConnectOptions::from_str(url)?
            .log_statements(tracing::log::LevelFilter::Trace)
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
        let pool = AnyPoolOptions::new()
            // SQLite serialises writers anyway; a few readers in WAL mode are plenty.
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the writer; synchronous=NORMAL in WAL
                        // mode keeps every committed transaction across a process crash
                        // (kill -9), which is the durability the API promises.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&pool).await?,
        }
        Ok(Store {
            pool,
            backend,
            url: url.into(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a write transaction. On SQLite it takes the write lock up front (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads and then writes can fail at once with
    /// "database is locked" when another connection wrote in between, and the busy timeout
    /// cannot help with that; waiting for the lock first can.
    pub(crate) async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Sends `payload` to every node listening on `channel` (PostgreSQL `NOTIFY`); a no-op on
    /// SQLite, whose only node fans out in process.
    pub async fn notify(&self, channel: &str, payload: &str) -> Result<()> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(channel)
                .bind(payload)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Listens on `channel` (PostgreSQL only) and hands every payload to `deliver`; `None`
    /// means the connection was lost and re-established, so notifications may have been
    /// missed. Returns only on an error that reconnecting cannot fix; on SQLite at once.
    pub async fn listen(
        &self,
        channel: &str,
        mut deliver: impl FnMut(Option<String>) + Send,
    ) -> Result<()> {
        if self.backend != Backend::Postgres {
            return Ok(());
        }
        let mut listener = sqlx::postgres::PgListener::connect(&self.url).await?;
        listener.listen(channel).await?;
        loop {
            match listener.try_recv().await? {
                Some(notification) => deliver(Some(notification.payload().to_owned())),
                None => deliver(None),
            }
        }
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Writes a consistent copy of a SQLite database to `file` (`VACUUM INTO`).
    pub async fn backup_sqlite(&self, file: &Path) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(Error::UnsupportedUrl(
                "backup to a file needs SQLite; use pg_dump for PostgreSQL".into(),
            ));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(file.display().to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Folds SQLite's write-ahead log into the main file (no-op on PostgreSQL).
    pub async fn checkpoint(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

fn from_json<T: serde::de::DeserializeOwned>(column: &'static str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|source| Error::Corrupt { column, source })
}

/// 128 random bits as 32 hex digits: the public id of a ticket or an upload.
pub(crate) fn random_public_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
