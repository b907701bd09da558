//! Helpers for tests that need a database of their own, on SQLite or PostgreSQL.

use rand::RngCore;
use sqlx::{Connection, Executor};

use crate::Result;

/// The environment variable holding the PostgreSQL URL for tests (`.ci/run` sets it). Tests
/// that need PostgreSQL skip, saying so, where it is unset.
pub const POSTGRES_ENV: &str = "AYUDA_TEST_POSTGRES_URL";

/// Creates an empty database on the PostgreSQL server named by [`POSTGRES_ENV`] and returns
/// its URL, or `None` when the variable is unset. Each call gets its own database, so tests
/// run in parallel without seeing each other's rows.
pub async fn fresh_postgres_url() -> Result<Option<String>> {
    let Ok(admin_url) = std::env::var(POSTGRES_ENV) else {
        return Ok(None);
    };
    sqlx::any::install_default_drivers();
    let mut suffix = [0u8; 6];
    rand::rng().fill_bytes(&mut suffix);
    let now = crate::now_ms() / 1000;
    let name: String = std::iter::once(format!("ayuda_test_{now}_"))
        .chain(suffix.iter().map(|b| format!("{b:02x}")))
        .collect();
    let mut conn = sqlx::AnyConnection::connect(&admin_url).await?;
    drop_stale_databases(&mut conn, now).await;
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await?;
    conn.close().await?;
    // Replace the database name: the last path segment, before any query string.
    let (base, query) = admin_url.split_once('?').unwrap_or((&admin_url, ""));
    let base = base.rsplit_once('/').map_or(base, |(head, _)| head);
    let mut url = format!("{base}/{name}");
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    Ok(Some(url))
}

/// Drops test databases created more than an hour ago (their name carries the creation time),
/// so repeated runs on one machine do not pile them up. Failures are ignored: another run may
/// be dropping the same database, or a test may still use it.
async fn drop_stale_databases(conn: &mut sqlx::AnyConnection, now_secs: i64) {
    let Ok(rows) = sqlx::query("SELECT datname FROM pg_database WHERE datname LIKE 'ayuda_test_%'")
        .fetch_all(&mut *conn)
        .await
    else {
        return;
    };
    for row in rows {
        let Ok(name) = sqlx::Row::try_get::<String, _>(&row, "datname") else {
            continue;
        };
        let created = name.split('_').nth(2).and_then(|t| t.parse::<i64>().ok());
        // Names without a time are from older runs: stale too.
        if created.is_none_or(|t| now_secs - t > 3600) {
            let _ = conn
                .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                .await;
        }
    }
}
