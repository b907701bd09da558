//! Content gaps for editors: what people searched for and did not find (in `search_log`), the
//! articles voted unhelpful, and the published articles nobody opened — over a period.

use sqlx::Row;

use crate::{Result, Store};

/// An article with its votes in a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleVotes {
    pub id: i64,
    pub locale: String,
    pub slug: String,
    pub title: String,
    pub helpful: i64,
    pub not_helpful: i64,
}

/// A query with how often it found nothing in a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryCount {
    pub query: String,
    pub locale: String,
    pub count: i64,
}

fn query_count(row: &sqlx::any::AnyRow) -> Result<QueryCount> {
    Ok(QueryCount {
        query: row.try_get("query")?,
        locale: row.try_get("locale")?,
        count: row.try_get("n")?,
    })
}

/// An [`ArticleVotes`] from a row with `id, locale, slug, title` (and `yes, no` when `votes`).
fn article_from_row(row: &sqlx::any::AnyRow, votes: bool) -> Result<ArticleVotes> {
    let count = |column: &str| -> Result<i64> {
        if votes {
            Ok(row.try_get(column)?)
        } else {
            Ok(0)
        }
    };
    Ok(ArticleVotes {
        id: row.try_get("id")?,
        locale: row.try_get("locale")?,
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        helpful: count("yes")?,
        not_helpful: count("no")?,
    })
}

impl Store {
    /// Records the search a visitor last made before filing `ticket_id`.
    pub async fn record_ticket_search(
        &self,
        ticket_id: i64,
        site: &str,
        locale: &str,
        query: &str,
        at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO ticket_searches (ticket_id, site, locale, query, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(ticket_id)
        .bind(site)
        .bind(locale)
        .bind(query)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Searches followed by a ticket in the period, most frequent first.
    pub async fn searches_followed_by_tickets(
        &self,
        site: &str,
        since: i64,
        until: i64,
        limit: i64,
    ) -> Result<Vec<QueryCount>> {
        self.counted_queries("ticket_searches", "", site, since, until, limit)
            .await
    }

    /// The queries of `table` (`search_log`, `ticket_searches`) on `site` in the period that
    /// meet `condition` too, with how often, most frequent first.
    async fn counted_queries(
        &self,
        table: &str,
        condition: &str,
        site: &str,
        since: i64,
        until: i64,
        limit: i64,
    ) -> Result<Vec<QueryCount>> {
        let rows = sqlx::query(&format!(
            "SELECT query, locale, COUNT(*) AS n FROM {table} \
             WHERE site = $1 AND created_at >= $2 AND created_at <= $3 {condition} \
             GROUP BY query, locale ORDER BY n DESC, query ASC LIMIT $4"
        ))
        .bind(site)
        .bind(since)
        .bind(until)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(query_count).collect()
    }

    /// Queries people settled on that found nothing, most frequent first.
    pub async fn searches_without_results(
        &self,
        site: &str,
        since: i64,
        until: i64,
        limit: i64,
    ) -> Result<Vec<QueryCount>> {
        self.counted_queries(
            "search_log",
            "AND result_count = 0",
            site,
            since,
            until,
            limit,
        )
        .await
    }

    /// Articles with "not helpful" votes cast in the period, the most such votes first.
    pub async fn unhelpful_articles(
        &self,
        since: i64,
        until: i64,
        limit: i64,
    ) -> Result<Vec<ArticleVotes>> {
        let rows = sqlx::query(
            "SELECT a.id, a.locale, a.slug, v.title, \
             CAST(SUM(CASE WHEN x.helpful = 1 THEN 1 ELSE 0 END) AS BIGINT) AS yes, \
             CAST(SUM(CASE WHEN x.helpful = 0 THEN 1 ELSE 0 END) AS BIGINT) AS no \
             FROM votes x JOIN articles a ON a.id = x.article_id \
             JOIN article_versions v ON v.article_id = a.id AND v.number = a.current_version \
             WHERE x.created_at >= $1 AND x.created_at <= $2 \
             GROUP BY a.id, a.locale, a.slug, v.title \
             HAVING SUM(CASE WHEN x.helpful = 0 THEN 1 ELSE 0 END) > 0 \
             ORDER BY no DESC, a.id LIMIT $3",
        )
        .bind(since)
        .bind(until)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| article_from_row(r, true)).collect()
    }

    /// Published articles never opened, oldest first (views are counted from the start).
    pub async fn unopened_articles(
        &self,
        created_before: i64,
        limit: i64,
    ) -> Result<Vec<ArticleVotes>> {
        let rows = sqlx::query(
            "SELECT a.id, a.locale, a.slug, v.title FROM articles a \
             JOIN article_versions v ON v.article_id = a.id AND v.number = a.current_version \
             WHERE a.status = 'published' AND a.views = 0 AND a.created_at <= $1 \
             ORDER BY a.created_at, a.id LIMIT $2",
        )
        .bind(created_before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| article_from_row(r, false)).collect()
    }
}
