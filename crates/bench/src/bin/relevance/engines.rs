//! The two engines compared: Ayuda's index (what `GET /api/v1/sites/{site}/search` runs) and
//! plain BM25 from SQLite FTS5, one table per language holding every article of it.

use anyhow::{Context, Result};
use ayuda_bench::fts5::{self, Join, match_query, table};
use ayuda_kb::search::{IndexDoc, SearchIndex, SearchQuery};
use sqlx::{Connection, Row, SqliteConnection};
use tempfile::TempDir;

use crate::questions::Article;

/// How many hits each engine returns (MRR@10).
pub const TOP: usize = 10;

/// Ayuda's search index in a temporary directory.
pub struct Ayuda {
    index: SearchIndex,
    _dir: TempDir,
}

impl Ayuda {
    pub fn build(articles: &[Article]) -> Result<Ayuda> {
        let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
        let (index, _) = SearchIndex::open(dir.path()).context("SearchIndex::open")?;
        index
            .replace_all(articles.iter().map(|a| IndexDoc {
                id: a.id,
                slug: format!("a{}", a.id),
                locale: a.locale.to_owned(),
                title: a.title.clone(),
                summary: a.text.chars().take(200).collect(),
                text: a.text.clone(),
                tags: Vec::new(),
                sites: Vec::new(),
                popularity: 0.0,
            }))
            .context("SearchIndex::replace_all")?;
        Ok(Ayuda { index, _dir: dir })
    }

    /// The ids of the top hits, as the widget's search asks (the other locale as fallback).
    pub fn search(&self, text: &str, locale: &str) -> Result<Vec<i64>> {
        let query = SearchQuery {
            text,
            locale,
            site: Some("demo"),
            tags: &[],
            limit: TOP,
            offset: 0,
            fallback_locale: Some(if locale == "es" { "en" } else { "es" }),
        };
        let results = self
            .index
            .search(&query)
            .with_context(|| format!("search {text:?}"))?;
        Ok(results.hits.iter().map(|hit| hit.id).collect())
    }
}

/// SQLite FTS5 with its `bm25()` (title and body weighted alike), `unicode61` with diacritics
/// removed: the baseline a team gets from its database for free.
pub struct Fts5 {
    conn: SqliteConnection,
    _dir: TempDir,
}

impl Fts5 {
    pub async fn build(articles: &[Article]) -> Result<Fts5> {
        let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
        let mut conn = fts5::open(&dir.path().join("fts5.db")).await?;
        let mut tx = conn.begin().await?;
        for article in articles {
            sqlx::query(&format!(
                "INSERT INTO {}(rowid, title, body) VALUES ($1, $2, $3)",
                table(article.locale)
            ))
            .bind(article.id)
            .bind(&article.title)
            .bind(&article.text)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Fts5 { conn, _dir: dir })
    }

    /// Every word ORed, the last one a prefix while typed (what a search box built on FTS5
    /// does when it knows about typing).
    pub async fn search(&mut self, text: &str, locale: &str) -> Result<Vec<i64>> {
        self.run(match_query(text, Join::Or), locale).await
    }

    /// Every word ORed as it stands, a cut last word included (plain BM25 on the text).
    pub async fn search_as_typed(&mut self, text: &str, locale: &str) -> Result<Vec<i64>> {
        // A trailing space tells the query builder the last word is finished.
        self.run(match_query(&format!("{text} "), Join::Or), locale)
            .await
    }

    async fn run(&mut self, query: Option<String>, locale: &str) -> Result<Vec<i64>> {
        let Some(query) = query else {
            return Ok(Vec::new());
        };
        let name = table(locale);
        let rows = sqlx::query(&format!(
            "SELECT rowid FROM {name} WHERE {name} MATCH $1 ORDER BY bm25({name}) LIMIT {TOP}"
        ))
        .bind(&query)
        .fetch_all(&mut self.conn)
        .await
        .with_context(|| format!("FTS5 query {query:?}"))?;
        rows.iter()
            .map(|row| Ok(row.try_get::<i64, _>(0)?))
            .collect()
    }
}
