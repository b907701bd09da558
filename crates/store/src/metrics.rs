//! What the metrics read: tickets created in a period, and deflections (requests an article
//! answered before they became tickets).

use sqlx::Row;

use crate::tickets::{TICKET_COLUMNS, Ticket, ticket_from_row};
use crate::{Result, Store, now_ms};

/// A deflection or ticket for metrics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeflectionRow {
    pub site: String,
    pub slug: String,
    pub created_at: i64,
}

impl Store {
    /// Tickets created in `[from, to)`, optionally of one site, for metrics.
    pub async fn tickets_created_between(
        &self,
        from: i64,
        to: i64,
        site: Option<&str>,
    ) -> Result<Vec<Ticket>> {
        let rows = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE created_at >= $1 AND created_at < $2 \
             AND ($3 = '' OR site = $3) ORDER BY created_at, id"
        ))
        .bind(from)
        .bind(to)
        .bind(site.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    /// Counts a deflection.
    pub async fn add_deflection(
        &self,
        site: &str,
        slug: &str,
        locale: &str,
        query: Option<&str>,
        visitor_id: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO deflections (site, slug, locale, query, visitor_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(site)
        .bind(slug)
        .bind(locale)
        .bind(query)
        .bind(visitor_id)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Deflections in `[from, to)`, optionally of one site.
    pub async fn deflections_between(
        &self,
        from: i64,
        to: i64,
        site: Option<&str>,
    ) -> Result<Vec<DeflectionRow>> {
        let rows = sqlx::query(
            "SELECT site, slug, created_at FROM deflections WHERE created_at >= $1 \
             AND created_at < $2 AND ($3 = '' OR site = $3) ORDER BY created_at, id",
        )
        .bind(from)
        .bind(to)
        .bind(site.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DeflectionRow {
                    site: row.try_get("site")?,
                    slug: row.try_get("slug")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }
}
