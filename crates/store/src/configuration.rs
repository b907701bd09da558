//! The desk's configuration, stored as JSON documents by key (per-site support settings,
//! routing rules, round-robin positions).

use sqlx::Row;

use crate::{Error, Result, Store, now_ms};

impl Store {
    /// A JSON configuration document.
    pub async fn desk_config(&self, key: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT value FROM desk_config WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| row.try_get("value"))
            .transpose()
            .map_err(Error::from)
    }

    /// Stores a JSON configuration document.
    pub async fn put_desk_config(&self, key: &str, value: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO desk_config (key, value, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
