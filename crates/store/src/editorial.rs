//! The editorial side of articles: owners and review cycles, and translation groups.

use sqlx::Row;

use crate::articles::{ARTICLE_SELECT, article_from_row, sites_allow};
use crate::{ArticleRow, Error, Result, Store, from_json, now_ms};

/// One article as a member of its translation group ([`Store::translation_members`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationMember {
    pub id: i64,
    pub translation_key: String,
    pub locale: String,
    pub status: String,
    pub title: String,
    pub created_at: i64,
    /// When its content last changed: its latest version's time.
    pub changed_at: i64,
}

/// A published article as the help centre's home and sitemap list it: no body, no votes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedArticle {
    pub id: i64,
    pub slug: String,
    pub locale: String,
    pub translation_key: String,
    pub sites: Vec<String>,
    pub views: i64,
    pub updated_at: i64,
    pub title: String,
    pub tags: Vec<String>,
}

impl ListedArticle {
    /// Whether it may be shown on `site`.
    pub fn visible_on(&self, site: &str) -> bool {
        sites_allow(&self.sites, site)
    }
}

impl Store {
    /// Every published article's published title and tags, light (a listing reads no body).
    pub async fn published_listing(&self) -> Result<Vec<ListedArticle>> {
        let rows = sqlx::query(
            "SELECT a.id, a.slug, a.locale, a.translation_key, a.sites, a.views, a.updated_at, \
             v.title, v.tags FROM articles a JOIN article_versions v \
             ON v.article_id = a.id AND v.number = a.published_version \
             WHERE a.status = 'published' ORDER BY a.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ListedArticle {
                    id: row.try_get("id")?,
                    slug: row.try_get("slug")?,
                    locale: row.try_get("locale")?,
                    translation_key: row.try_get("translation_key")?,
                    sites: from_json("articles.sites", &row.try_get::<String, _>("sites")?)?,
                    views: row.try_get("views")?,
                    updated_at: row.try_get("updated_at")?,
                    title: row.try_get("title")?,
                    tags: from_json("article_versions.tags", &row.try_get::<String, _>("tags")?)?,
                })
            })
            .collect()
    }

    /// Sets who owns an article and its review interval (`Some(None)` clears it).
    pub async fn set_review_plan(
        &self,
        id: i64,
        owner: Option<&str>,
        review_days: Option<Option<i64>>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE articles SET owner = COALESCE($2, owner), \
             review_days = CASE WHEN $3 = 1 THEN $4 ELSE review_days END WHERE id = $1",
        )
        .bind(id)
        .bind(owner)
        .bind(i32::from(review_days.is_some()))
        .bind(review_days.flatten())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(crate::Entity::Article(id)));
        }
        Ok(())
    }

    /// Marks an article reviewed now: its next review is one interval from now.
    pub async fn mark_reviewed(&self, id: i64) -> Result<()> {
        let done = sqlx::query("UPDATE articles SET reviewed_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(crate::Entity::Article(id)));
        }
        Ok(())
    }

    /// Articles (not archived) with a review cycle whose review is due by `at` (and owned by
    /// `owner`, and with `text` in the title or slug, when given), most overdue first; and how
    /// many in all.
    pub async fn reviews_due(
        &self,
        at: i64,
        owner: Option<&str>,
        text: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ArticleRow>, i64)> {
        let due = format!(
            "{} AND ($2 IS NULL OR LOWER(a.owner) = $2) \
             AND ($3 IS NULL OR LOWER(v.title) LIKE $3 ESCAPE '\\' OR LOWER(a.slug) LIKE $3 ESCAPE '\\')",
            crate::article_list::review_due("$1")
        );
        let owner = owner.map(str::to_lowercase);
        let text = text.map(|t| crate::article_list::contains_pattern(&t.to_lowercase()));
        let total: i64 = sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM articles a JOIN article_versions v \
             ON v.article_id = a.id AND v.number = a.current_version WHERE {due}"
        ))
        .bind(at)
        .bind(owner.as_deref())
        .bind(text.as_deref())
        .fetch_one(&self.pool)
        .await?
        .try_get("n")?;
        let rows = sqlx::query(&format!(
            "{ARTICLE_SELECT} WHERE {due} \
             ORDER BY COALESCE(a.reviewed_at, a.created_at) + a.review_days * 86400000, a.id \
             LIMIT $4 OFFSET $5"
        ))
        .bind(at)
        .bind(owner.as_deref())
        .bind(text.as_deref())
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok((
            rows.iter().map(article_from_row).collect::<Result<_>>()?,
            total,
        ))
    }

    /// Every article that is not archived, light (no body): its translation key, locale,
    /// latest title and when its content last changed (the latest version's time), ordered by
    /// key, then creation.
    pub async fn translation_members(&self) -> Result<Vec<TranslationMember>> {
        let rows = sqlx::query(
            "SELECT a.id, a.translation_key, a.locale, a.status, a.created_at, v.title, \
             v.created_at AS changed_at FROM articles a JOIN article_versions v \
             ON v.article_id = a.id AND v.number = a.current_version \
             WHERE a.status <> 'archived' ORDER BY a.translation_key, a.created_at, a.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(TranslationMember {
                    id: row.try_get("id")?,
                    translation_key: row.try_get("translation_key")?,
                    locale: row.try_get("locale")?,
                    status: row.try_get("status")?,
                    title: row.try_get("title")?,
                    created_at: row.try_get("created_at")?,
                    changed_at: row.try_get("changed_at")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// Notes that `email` has article `id` open now, and returns who else has had it open
    /// since `since` (e-mails, sorted).
    pub async fn editing_heartbeat(&self, id: i64, email: &str, since: i64) -> Result<Vec<String>> {
        sqlx::query(
            "INSERT INTO article_presence (article_id, user_email, seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT (article_id, user_email) DO UPDATE SET seen_at = excluded.seen_at",
        )
        .bind(id)
        .bind(email)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        let rows = sqlx::query(
            "SELECT user_email FROM article_presence \
             WHERE article_id = $1 AND user_email <> $2 AND seen_at >= $3 ORDER BY user_email",
        )
        .bind(id)
        .bind(email)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok(row.try_get("user_email")?))
            .collect()
    }

    /// `email` closed article `id`.
    pub async fn editing_left(&self, id: i64, email: &str) -> Result<()> {
        sqlx::query("DELETE FROM article_presence WHERE article_id = $1 AND user_email = $2")
            .bind(id)
            .bind(email)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
