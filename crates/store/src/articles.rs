//! Articles with their version history, votes, views, the change log that search indexes
//! follow, and the search log.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::{Error, Result, Store, from_json, now_ms, to_json};

/// What one version of an article says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Content {
    pub title: String,
    /// Markdown.
    pub body: String,
    pub tags: Vec<String>,
    pub contexts: Vec<String>,
}

/// An article with the content of its latest version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleRow {
    pub id: i64,
    pub slug: String,
    pub locale: String,
    pub translation_key: String,
    /// `draft`, `published` or `archived`.
    pub status: String,
    pub sites: Vec<String>,
    pub current_version: i64,
    pub published_version: Option<i64>,
    pub author: Option<String>,
    pub views: i64,
    pub helpful: i64,
    pub not_helpful: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub content: Content,
    /// Who keeps it accurate (an e-mail); the author until someone changes it.
    pub owner: Option<String>,
    /// Reviewed every this many days; `None`: no review cycle.
    pub review_days: Option<i64>,
    pub reviewed_at: Option<i64>,
}

impl ArticleRow {
    /// When the next review is due, if the article has a review cycle.
    pub fn review_due_at(&self) -> Option<i64> {
        let days = self.review_days?;
        Some(self.reviewed_at.unwrap_or(self.created_at) + days.saturating_mul(86_400_000))
    }
}

/// A published article with the content readers see (the published version).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedArticle {
    pub id: i64,
    pub slug: String,
    pub locale: String,
    pub translation_key: String,
    pub sites: Vec<String>,
    pub version: i64,
    pub views: i64,
    pub helpful: i64,
    pub not_helpful: i64,
    pub updated_at: i64,
    pub content: Content,
}

impl PublishedArticle {
    /// Whether the article may be shown on `site` (an empty list means every site).
    pub fn visible_on(&self, site: &str) -> bool {
        sites_allow(&self.sites, site)
    }
}

/// Whether an article listing `sites` may be shown on `site` (an empty list means every site).
pub(crate) fn sites_allow(sites: &[String], site: &str) -> bool {
    sites.is_empty() || sites.iter().any(|s| s == site)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionRow {
    pub number: i64,
    pub content: Content,
    pub author: Option<String>,
    pub created_at: i64,
}

/// A new article and its first version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewArticleRow {
    pub slug: String,
    pub locale: String,
    pub translation_key: String,
    /// `draft`, `published` or `archived`.
    pub status: String,
    pub sites: Vec<String>,
    pub author: Option<String>,
    pub content: Content,
}

pub(crate) const ARTICLE_SELECT: &str = "SELECT a.id, a.slug, a.locale, a.translation_key, a.status, a.sites, \
    a.current_version, a.published_version, a.author, a.views, a.created_at, a.updated_at, \
    a.owner, a.review_days, a.reviewed_at, \
    v.title, v.body, v.tags, v.contexts, \
    (SELECT COUNT(*) FROM votes x WHERE x.article_id = a.id AND x.helpful = 1) AS helpful, \
    (SELECT COUNT(*) FROM votes x WHERE x.article_id = a.id AND x.helpful = 0) AS not_helpful \
    FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.number = a.current_version";

const PUBLISHED_SELECT: &str = "SELECT a.id, a.slug, a.locale, a.translation_key, a.sites, \
    a.published_version, a.views, a.updated_at, v.title, v.body, v.tags, v.contexts, \
    (SELECT COUNT(*) FROM votes x WHERE x.article_id = a.id AND x.helpful = 1) AS helpful, \
    (SELECT COUNT(*) FROM votes x WHERE x.article_id = a.id AND x.helpful = 0) AS not_helpful \
    FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.number = a.published_version \
    WHERE a.status = 'published'";

fn content_from_row(row: &AnyRow) -> Result<Content> {
    Ok(Content {
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        tags: from_json("article_versions.tags", &row.try_get::<String, _>("tags")?)?,
        contexts: from_json(
            "article_versions.contexts",
            &row.try_get::<String, _>("contexts")?,
        )?,
    })
}

pub(crate) fn article_from_row(row: &AnyRow) -> Result<ArticleRow> {
    Ok(ArticleRow {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        locale: row.try_get("locale")?,
        translation_key: row.try_get("translation_key")?,
        status: row.try_get("status")?,
        sites: from_json("articles.sites", &row.try_get::<String, _>("sites")?)?,
        current_version: row.try_get("current_version")?,
        published_version: row.try_get("published_version")?,
        author: row.try_get("author")?,
        views: row.try_get("views")?,
        helpful: row.try_get("helpful")?,
        not_helpful: row.try_get("not_helpful")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        content: content_from_row(row)?,
        owner: row.try_get("owner")?,
        review_days: row.try_get("review_days")?,
        reviewed_at: row.try_get("reviewed_at")?,
    })
}

fn published_from_row(row: &AnyRow) -> Result<PublishedArticle> {
    Ok(PublishedArticle {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        locale: row.try_get("locale")?,
        translation_key: row.try_get("translation_key")?,
        sites: from_json("articles.sites", &row.try_get::<String, _>("sites")?)?,
        version: row.try_get("published_version")?,
        views: row.try_get("views")?,
        helpful: row.try_get("helpful")?,
        not_helpful: row.try_get("not_helpful")?,
        updated_at: row.try_get("updated_at")?,
        content: content_from_row(row)?,
    })
}

async fn insert_version(
    tx: &mut Transaction<'_, Any>,
    article_id: i64,
    number: i64,
    content: &Content,
    author: Option<&str>,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO article_versions (article_id, number, title, body, tags, contexts, author, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(article_id)
    .bind(number)
    .bind(&content.title)
    .bind(&content.body)
    .bind(to_json(&content.tags))
    .bind(to_json(&content.contexts))
    .bind(author)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn record_change(tx: &mut Transaction<'_, Any>, article_id: i64, at: i64) -> Result<()> {
    sqlx::query("INSERT INTO article_changes (article_id, at) VALUES ($1, $2)")
        .bind(article_id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What a new version does to what readers see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveMode {
    /// Keep the article's state: a published article goes live with the new version.
    Keep,
    /// Publish the new version.
    Publish,
    /// Save only; the live version (if any) stays live.
    Draft,
    /// Take the article off the public side.
    Archive,
}

impl Store {
    /// Locks the row read in a write transaction until it commits, so two concurrent saves
    /// cannot both take the same next version number. SQLite needs none: `BEGIN IMMEDIATE`
    /// already serialises writers.
    fn row_lock(&self) -> &'static str {
        match self.backend {
            crate::Backend::Postgres => " FOR UPDATE",
            crate::Backend::Sqlite => "",
        }
    }

    /// Creates an article with its first version (published at once if `status` says so).
    pub async fn create_article(&self, new: &NewArticleRow) -> Result<ArticleRow> {
        let now = now_ms();
        let mut tx = self.begin().await?;
        let published_version = (new.status == "published").then_some(1_i64);
        let row = sqlx::query(
            "INSERT INTO articles (slug, locale, translation_key, status, sites, current_version, \
             published_version, author, owner, views, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7, 0, $8, $8) RETURNING id",
        )
        .bind(&new.slug)
        .bind(&new.locale)
        .bind(&new.translation_key)
        .bind(&new.status)
        .bind(to_json(&new.sites))
        .bind(published_version)
        .bind(new.author.as_deref())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            Error::conflict_on_unique(e, &format!("article {}/{}", new.locale, new.slug))
        })?;
        let id: i64 = row.try_get("id")?;
        insert_version(&mut tx, id, 1, &new.content, new.author.as_deref(), now).await?;
        record_change(&mut tx, id, now).await?;
        tx.commit().await?;
        self.article(id)
            .await?
            .ok_or_else(|| Error::NotFound(crate::Entity::Article(id)))
    }

    /// Saves a new version of an article. `slug`, `translation_key` and `sites` change the
    /// article itself (they are not versioned). With `base_version` (the version the editor
    /// started from), a save over a newer version is refused: [`Error::StaleVersion`].
    #[allow(clippy::too_many_arguments)]
    pub async fn save_version(
        &self,
        id: i64,
        content: &Content,
        slug: Option<&str>,
        translation_key: Option<&str>,
        sites: Option<&[String]>,
        mode: SaveMode,
        author: Option<&str>,
        base_version: Option<i64>,
    ) -> Result<ArticleRow> {
        let now = now_ms();
        let mut tx = self.begin().await?;
        let row = sqlx::query(&format!(
            "SELECT status, current_version, published_version FROM articles WHERE id = $1{}",
            self.row_lock()
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound(crate::Entity::Article(id)))?;
        let status: String = row.try_get("status")?;
        let current: i64 = row.try_get("current_version")?;
        let live: Option<i64> = row.try_get("published_version")?;
        if base_version.is_some_and(|base| base != current) {
            return Err(Error::StaleVersion { id, current });
        }
        let number = current + 1;
        let (status, live) = match mode {
            SaveMode::Keep if status == "published" => ("published".to_owned(), Some(number)),
            SaveMode::Keep => (status, live),
            SaveMode::Publish => ("published".to_owned(), Some(number)),
            SaveMode::Draft if status == "published" => (status, live),
            SaveMode::Draft => ("draft".to_owned(), None),
            SaveMode::Archive => ("archived".to_owned(), None),
        };
        insert_version(&mut tx, id, number, content, author, now).await?;
        sqlx::query(
            "UPDATE articles SET current_version = $2, published_version = $3, status = $4, \
             slug = COALESCE($5, slug), translation_key = COALESCE($6, translation_key), \
             sites = COALESCE($7, sites), updated_at = $8 WHERE id = $1",
        )
        .bind(id)
        .bind(number)
        .bind(live)
        .bind(&status)
        .bind(slug)
        .bind(translation_key)
        .bind(sites.map(to_json))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| Error::conflict_on_unique(e, &format!("slug {}", slug.unwrap_or_default())))?;
        record_change(&mut tx, id, now).await?;
        tx.commit().await?;
        self.article(id)
            .await?
            .ok_or_else(|| Error::NotFound(crate::Entity::Article(id)))
    }

    /// Makes `version` (default: the latest) the one readers see.
    pub async fn publish(&self, id: i64, version: Option<i64>) -> Result<ArticleRow> {
        let now = now_ms();
        let mut tx = self.begin().await?;
        let current: i64 = sqlx::query(&format!(
            "SELECT current_version FROM articles WHERE id = $1{}",
            self.row_lock()
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound(crate::Entity::Article(id)))?
        .try_get("current_version")?;
        let version = version.unwrap_or(current);
        let exists = sqlx::query(
            "SELECT number FROM article_versions WHERE article_id = $1 AND number = $2",
        )
        .bind(id)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        if exists.is_none() {
            return Err(Error::NotFound(crate::Entity::ArticleVersion(id, version)));
        }
        sqlx::query("UPDATE articles SET status = 'published', published_version = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(version)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        record_change(&mut tx, id, now).await?;
        tx.commit().await?;
        self.article(id)
            .await?
            .ok_or_else(|| Error::NotFound(crate::Entity::Article(id)))
    }

    /// Takes an article off the public side; its versions stay.
    pub async fn unpublish(&self, id: i64) -> Result<ArticleRow> {
        let now = now_ms();
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE articles SET status = 'draft', published_version = NULL, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(crate::Entity::Article(id)));
        }
        record_change(&mut tx, id, now).await?;
        tx.commit().await?;
        self.article(id)
            .await?
            .ok_or_else(|| Error::NotFound(crate::Entity::Article(id)))
    }

    /// Deletes an article with its versions and votes.
    pub async fn delete_article(&self, id: i64) -> Result<()> {
        let now = now_ms();
        let mut tx = self.begin().await?;
        // Children first: PostgreSQL cascades by itself, SQLite only with foreign_keys on.
        for table in ["votes", "article_versions"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE article_id = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let done = sqlx::query("DELETE FROM articles WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(crate::Entity::Article(id)));
        }
        record_change(&mut tx, id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn article(&self, id: i64) -> Result<Option<ArticleRow>> {
        let row = sqlx::query(&format!("{ARTICLE_SELECT} WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(article_from_row).transpose()
    }

    pub async fn article_by_slug(&self, slug: &str, locale: &str) -> Result<Option<ArticleRow>> {
        let row = sqlx::query(&format!(
            "{ARTICLE_SELECT} WHERE a.slug = $1 AND a.locale = $2"
        ))
        .bind(slug)
        .bind(locale)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(article_from_row).transpose()
    }

    /// Every article, for export and import comparisons.
    pub async fn all_articles(&self) -> Result<Vec<ArticleRow>> {
        let rows = sqlx::query(&format!("{ARTICLE_SELECT} ORDER BY a.locale, a.slug"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(article_from_row).collect()
    }

    /// Every version of an article, newest first.
    pub async fn versions(&self, id: i64) -> Result<Vec<VersionRow>> {
        let rows = sqlx::query(
            "SELECT number, title, body, tags, contexts, author, created_at FROM article_versions \
             WHERE article_id = $1 ORDER BY number DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(VersionRow {
                    number: row.try_get("number")?,
                    content: content_from_row(row)?,
                    author: row.try_get("author")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    pub async fn published(&self, slug: &str, locale: &str) -> Result<Option<PublishedArticle>> {
        let row = sqlx::query(&format!(
            "{PUBLISHED_SELECT} AND a.slug = $1 AND a.locale = $2"
        ))
        .bind(slug)
        .bind(locale)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(published_from_row).transpose()
    }

    pub async fn published_by_id(&self, id: i64) -> Result<Option<PublishedArticle>> {
        let row = sqlx::query(&format!("{PUBLISHED_SELECT} AND a.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(published_from_row).transpose()
    }

    /// Every published article (for rebuilding the search index).
    pub async fn all_published(&self) -> Result<Vec<PublishedArticle>> {
        let rows = sqlx::query(&format!("{PUBLISHED_SELECT} ORDER BY a.id"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(published_from_row).collect()
    }

    /// Published articles of a locale that have contexts (candidates for suggestions).
    pub async fn published_with_contexts(&self, locale: &str) -> Result<Vec<PublishedArticle>> {
        let rows = sqlx::query(&format!(
            "{PUBLISHED_SELECT} AND a.locale = $1 AND v.contexts <> '[]' ORDER BY a.id"
        ))
        .bind(locale)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(published_from_row).collect()
    }

    /// The most helpful, then most viewed, published articles of a locale.
    pub async fn popular(&self, locale: &str, limit: i64) -> Result<Vec<PublishedArticle>> {
        let rows = sqlx::query(&format!(
            "SELECT * FROM ({PUBLISHED_SELECT} AND a.locale = $1) p \
             ORDER BY (p.helpful - p.not_helpful) DESC, p.views DESC, p.id ASC LIMIT $2"
        ))
        .bind(locale)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(published_from_row).collect()
    }

    /// Published `(locale, slug)` pairs sharing a translation key.
    pub async fn translations(&self, translation_key: &str) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT locale, slug FROM articles WHERE translation_key = $1 AND status = 'published' ORDER BY locale",
        )
        .bind(translation_key)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("locale")?, r.try_get("slug")?)))
            .collect()
    }

    /// Locales that have at least one published article.
    pub async fn published_locales(&self) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT DISTINCT locale FROM articles WHERE status = 'published' ORDER BY locale",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("locale")?)).collect()
    }

    pub async fn add_view(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE articles SET views = views + 1 WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records a visitor's vote (a second vote by the same visitor replaces the first) and
    /// returns the new totals `(helpful, not_helpful)`.
    pub async fn vote(
        &self,
        article_id: i64,
        visitor_id: &str,
        helpful: bool,
    ) -> Result<(i64, i64)> {
        sqlx::query(
            "INSERT INTO votes (article_id, visitor_id, helpful, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (article_id, visitor_id) DO UPDATE SET helpful = excluded.helpful, created_at = excluded.created_at",
        )
        .bind(article_id)
        .bind(visitor_id)
        .bind(i64::from(helpful))
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM votes WHERE article_id = $1 AND helpful = 1) AS yes, \
                    (SELECT COUNT(*) FROM votes WHERE article_id = $1 AND helpful = 0) AS no",
        )
        .bind(article_id)
        .fetch_one(&self.pool)
        .await?;
        Ok((row.try_get("yes")?, row.try_get("no")?))
    }

    /// The newest entry of the change log (0 when empty).
    pub async fn last_change_seq(&self) -> Result<i64> {
        let row =
            sqlx::query("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) AS s FROM article_changes")
                .fetch_one(&self.pool)
                .await?;
        Ok(row.try_get("s")?)
    }

    /// Changed article ids after `seq`, oldest first, with the last seq read.
    pub async fn changes_since(&self, seq: i64, limit: i64) -> Result<(Vec<i64>, i64)> {
        let rows = sqlx::query(
            "SELECT seq, article_id FROM article_changes WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut last = seq;
        let mut ids = Vec::with_capacity(rows.len());
        for row in &rows {
            last = row.try_get("seq")?;
            let id: i64 = row.try_get("article_id")?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok((ids, last))
    }
}
