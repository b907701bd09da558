//! What the metrics read: tickets created in a period (of a site, group or agent), deflections
//! (requests an article answered before they became tickets), the articles' views and votes,
//! and the creation times the volume forecast counts.

use sqlx::Row;

use crate::articles::sites_allow;
use crate::tickets::{TICKET_COLUMNS, Ticket, ticket_from_row};
use crate::{Result, Store, from_json, now_ms};

/// Which tickets metrics read: `None` fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetricsScope {
    /// A site's key.
    pub site: Option<String>,
    /// A group's key.
    pub group: Option<String>,
    /// The assigned agent's user id.
    pub agent: Option<i64>,
}

/// What readers did with the articles: views and "was this helpful?" answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArticleActivity {
    /// Times the articles were opened. Only a running total per article is stored, so this is
    /// every view since counting began, whatever the period.
    pub views: i64,
    /// "Helpful" answers cast in the period (a visitor's later answer replaces their first).
    pub helpful: i64,
    /// "Not helpful" answers cast in the period.
    pub unhelpful: i64,
}

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
        let scope = MetricsScope {
            site: site.map(str::to_owned),
            ..MetricsScope::default()
        };
        self.tickets_in_scope(from, to, &scope).await
    }

    /// Tickets created in `[from, to)` within `scope`, oldest first.
    pub async fn tickets_in_scope(
        &self,
        from: i64,
        to: i64,
        scope: &MetricsScope,
    ) -> Result<Vec<Ticket>> {
        let rows = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE created_at >= $1 AND created_at < $2 \
             AND ($3 = '' OR site = $3) AND ($4 = '' OR group_key = $4) \
             AND ($5 = 0 OR assignee_id = $5) ORDER BY created_at, id"
        ))
        .bind(from)
        .bind(to)
        .bind(scope.site.as_deref().unwrap_or(""))
        .bind(scope.group.as_deref().unwrap_or(""))
        .bind(scope.agent.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    /// When the tickets created in `[from, to)` were created (Unix ms), optionally of one site,
    /// in order: what the volume forecast counts.
    pub async fn ticket_times_between(
        &self,
        from: i64,
        to: i64,
        site: Option<&str>,
    ) -> Result<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT created_at FROM tickets WHERE created_at >= $1 AND created_at < $2 \
             AND ($3 = '' OR site = $3) ORDER BY created_at",
        )
        .bind(from)
        .bind(to)
        .bind(site.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok(row.try_get("created_at")?))
            .collect()
    }

    /// When the first ticket (optionally of one site) was created; `None` before any.
    pub async fn first_ticket_at(&self, site: Option<&str>) -> Result<Option<i64>> {
        let row = sqlx::query(
            "SELECT MIN(created_at) AS first FROM tickets WHERE ($1 = '' OR site = $1)",
        )
        .bind(site.unwrap_or(""))
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("first")?)
    }

    /// The articles' views (all time: only totals are stored) and the votes cast in
    /// `[from, to)`, over the articles shown on `site` (every article when `None`).
    pub async fn article_activity(
        &self,
        from: i64,
        to: i64,
        site: Option<&str>,
    ) -> Result<ArticleActivity> {
        let shown = |sites: &str| -> Result<bool> {
            Ok(match site {
                Some(site) => {
                    sites_allow(&from_json::<Vec<String>>("articles.sites", sites)?, site)
                }
                None => true,
            })
        };
        let mut activity = ArticleActivity::default();
        let viewed = sqlx::query("SELECT sites, views FROM articles WHERE views > 0")
            .fetch_all(&self.pool)
            .await?;
        for row in &viewed {
            if shown(&row.try_get::<String, _>("sites")?)? {
                activity.views += row.try_get::<i64, _>("views")?;
            }
        }
        let voted = sqlx::query(
            "SELECT a.sites AS sites, \
             CAST(SUM(CASE WHEN x.helpful = 1 THEN 1 ELSE 0 END) AS BIGINT) AS yes, \
             CAST(SUM(CASE WHEN x.helpful = 0 THEN 1 ELSE 0 END) AS BIGINT) AS no \
             FROM votes x JOIN articles a ON a.id = x.article_id \
             WHERE x.created_at >= $1 AND x.created_at < $2 GROUP BY a.id, a.sites",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        for row in &voted {
            if shown(&row.try_get::<String, _>("sites")?)? {
                activity.helpful += row.try_get::<i64, _>("yes")?;
                activity.unhelpful += row.try_get::<i64, _>("no")?;
            }
        }
        Ok(activity)
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
