//! The search log: what people searched for (settled queries, not keystrokes: the server
//! decides what to log), for editors looking for content gaps.

use sqlx::Row;

use crate::{Result, Store};

/// One logged search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchLogRow {
    pub site: String,
    pub locale: String,
    pub query: String,
    pub result_count: i64,
    pub created_at: i64,
}

/// How often a query was searched, and how often it found nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchStatRow {
    pub query: String,
    pub locale: String,
    pub count: i64,
    pub zero_result_count: i64,
}

/// Rows per `INSERT` in [`Store::log_searches`]: 5 parameters each, well under SQLite's
/// (32,766) and PostgreSQL's (65,535) limits on parameters per statement.
const SEARCH_LOG_ROWS_PER_INSERT: usize = 200;

impl Store {
    /// Appends logged searches: one transaction, one multi-row `INSERT` per
    /// [`SEARCH_LOG_ROWS_PER_INSERT`] rows.
    pub async fn log_searches(&self, entries: &[SearchLogRow]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        for chunk in entries.chunks(SEARCH_LOG_ROWS_PER_INSERT) {
            let values: Vec<String> = (0..chunk.len())
                .map(|row| {
                    let p = row * 5;
                    format!(
                        "(${}, ${}, ${}, ${}, ${})",
                        p + 1,
                        p + 2,
                        p + 3,
                        p + 4,
                        p + 5
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO search_log (site, locale, query, result_count, created_at) VALUES {}",
                values.join(", ")
            );
            // Not kept prepared: each batch size is its own statement text, and caching them
            // would crowd the connection's statement cache.
            let mut query = sqlx::query(&sql).persistent(false);
            for e in chunk {
                query = query
                    .bind(&e.site)
                    .bind(&e.locale)
                    .bind(&e.query)
                    .bind(e.result_count)
                    .bind(e.created_at);
            }
            query.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The most frequent logged queries of a site since `since_ms`.
    pub async fn search_stats(
        &self,
        site: &str,
        since_ms: i64,
        only_zero: bool,
        limit: i64,
    ) -> Result<Vec<SearchStatRow>> {
        let rows = sqlx::query(
            "SELECT query, locale, COUNT(*) AS n, \
             CAST(COALESCE(SUM(CASE WHEN result_count = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS zero \
             FROM search_log WHERE site = $1 AND created_at >= $2 \
             GROUP BY query, locale HAVING ($3 = 0 OR SUM(CASE WHEN result_count = 0 THEN 1 ELSE 0 END) > 0) \
             ORDER BY n DESC, query ASC LIMIT $4",
        )
        .bind(site)
        .bind(since_ms)
        .bind(i64::from(only_zero))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SearchStatRow {
                    query: r.try_get("query")?,
                    locale: r.try_get("locale")?,
                    count: r.try_get("n")?,
                    zero_result_count: r.try_get("zero")?,
                })
            })
            .collect()
    }

    pub async fn recent_searches(&self, site: &str, limit: i64) -> Result<Vec<SearchLogRow>> {
        let rows = sqlx::query(
            "SELECT site, locale, query, result_count, created_at FROM search_log WHERE site = $1 \
             ORDER BY id DESC LIMIT $2",
        )
        .bind(site)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SearchLogRow {
                    site: r.try_get("site")?,
                    locale: r.try_get("locale")?,
                    query: r.try_get("query")?,
                    result_count: r.try_get("result_count")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }
}
