//! The editors' article list: filters by locale, status, text, tag, site, owner, review due
//! and a set of ids (from the search engine or the translation overview), paged or whole.

use sqlx::Row;

use crate::articles::{ARTICLE_SELECT, ArticleRow, article_from_row};
use crate::{Result, Store, to_json};

/// Filters for the editors' article list. Every filter present must hold.
#[derive(Clone, Debug, Default)]
pub struct ArticleFilter {
    pub locale: Option<String>,
    pub status: Option<String>,
    /// Case-insensitive substring of the slug or the latest title…
    pub text: Option<String>,
    /// …or one of these articles (the search engine's matches for the same text).
    pub text_ids: Vec<i64>,
    /// The latest version carries this tag.
    pub tag: Option<String>,
    /// Visible on this site (an article without sites is visible on every site).
    pub site: Option<String>,
    /// Owned by this e-mail.
    pub owner: Option<String>,
    /// Its review is due at this time (ms): it has an interval and it has passed.
    pub review_due_at: Option<i64>,
    /// Only these articles.
    pub ids: Option<Vec<i64>>,
    pub limit: i64,
    pub offset: i64,
}

/// The SQL condition (over `articles a` and its latest version `v`) under which an article's
/// review is due at the time bound to `param`.
pub(crate) fn review_due(param: &str) -> String {
    format!(
        "a.status <> 'archived' AND a.review_days IS NOT NULL \
         AND COALESCE(a.reviewed_at, a.created_at) + a.review_days * 86400000 <= {param}"
    )
}

/// A value bound to a numbered parameter.
enum Bind {
    Text(String),
    Int(i64),
}

/// `LIKE` pattern matching `needle` anywhere, with `\` as the escape character.
pub(crate) fn contains_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

impl ArticleFilter {
    /// The `WHERE` condition and its values, parameters numbered from `$1` in order.
    fn condition(&self) -> (String, Vec<Bind>) {
        let mut parts = vec!["1 = 1".to_owned()];
        let mut binds = Vec::new();
        let next = |binds: &mut Vec<Bind>, bind: Bind| {
            binds.push(bind);
            format!("${}", binds.len())
        };
        if let Some(locale) = &self.locale {
            parts.push(format!(
                "a.locale = {}",
                next(&mut binds, Bind::Text(locale.clone()))
            ));
        }
        if let Some(status) = &self.status {
            parts.push(format!(
                "a.status = {}",
                next(&mut binds, Bind::Text(status.clone()))
            ));
        }
        if let Some(text) = &self.text {
            let p = next(
                &mut binds,
                Bind::Text(contains_pattern(&text.to_lowercase())),
            );
            let mut either = format!(
                "LOWER(a.slug) LIKE {p} ESCAPE '\\' OR LOWER(v.title) LIKE {p} ESCAPE '\\'"
            );
            if !self.text_ids.is_empty() {
                either.push_str(&format!(" OR a.id IN ({})", id_list(&self.text_ids)));
            }
            parts.push(format!("({either})"));
        }
        if let Some(tag) = &self.tag {
            // Lists are stored as JSON arrays: the tag, JSON-quoted, is one whole element.
            let p = next(&mut binds, Bind::Text(contains_pattern(&to_json(tag))));
            parts.push(format!("v.tags LIKE {p} ESCAPE '\\'"));
        }
        if let Some(site) = &self.site {
            let p = next(&mut binds, Bind::Text(contains_pattern(&to_json(site))));
            parts.push(format!("(a.sites = '[]' OR a.sites LIKE {p} ESCAPE '\\')"));
        }
        if let Some(owner) = &self.owner {
            let p = next(&mut binds, Bind::Text(owner.to_lowercase()));
            parts.push(format!("LOWER(a.owner) = {p}"));
        }
        if let Some(at) = self.review_due_at {
            let p = next(&mut binds, Bind::Int(at));
            parts.push(review_due(&p));
        }
        if let Some(ids) = &self.ids {
            parts.push(if ids.is_empty() {
                "1 = 0".to_owned()
            } else {
                format!("a.id IN ({})", id_list(ids))
            });
        }
        (parts.join(" AND "), binds)
    }
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: &'q [Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for bind in binds {
        query = match bind {
            Bind::Text(text) => query.bind(text.as_str()),
            Bind::Int(n) => query.bind(*n),
        };
    }
    query
}

const FROM: &str = "FROM articles a JOIN article_versions v \
    ON v.article_id = a.id AND v.number = a.current_version";

impl Store {
    /// A page of articles for editors, newest change first, with the total count.
    pub async fn list_articles(&self, filter: &ArticleFilter) -> Result<(Vec<ArticleRow>, i64)> {
        let (condition, binds) = filter.condition();
        let n = binds.len();
        let sql = format!(
            "{ARTICLE_SELECT} WHERE {condition} ORDER BY a.updated_at DESC, a.id DESC \
             LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let rows = bind_all(sqlx::query(&sql), &binds)
            .bind(filter.limit)
            .bind(filter.offset)
            .fetch_all(&self.pool)
            .await?;
        let count = format!("SELECT COUNT(*) AS n {FROM} WHERE {condition}");
        let total: i64 = bind_all(sqlx::query(&count), &binds)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        Ok((
            rows.iter().map(article_from_row).collect::<Result<_>>()?,
            total,
        ))
    }

    /// The ids of every article the filter lets through (its paging ignored), newest change
    /// first, at most `cap` of them.
    pub async fn article_ids(&self, filter: &ArticleFilter, cap: i64) -> Result<Vec<i64>> {
        let (condition, binds) = filter.condition();
        let sql = format!(
            "SELECT a.id {FROM} WHERE {condition} ORDER BY a.updated_at DESC, a.id DESC LIMIT ${}",
            binds.len() + 1
        );
        let rows = bind_all(sqlx::query(&sql), &binds)
            .bind(cap)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok(row.try_get("id")?))
            .collect::<Result<_>>()
    }

    /// These articles (the missing ones left out), in the order of `ids`.
    pub async fn articles_by_ids(&self, ids: &[i64]) -> Result<Vec<ArticleRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("{ARTICLE_SELECT} WHERE a.id IN ({})", id_list(ids));
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        let mut found = rows
            .iter()
            .map(article_from_row)
            .collect::<Result<Vec<_>>>()?;
        found.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }

    #[test]
    fn parameters_are_numbered_in_order() {
        let filter = ArticleFilter {
            locale: Some("es".into()),
            tag: Some("billing".into()),
            review_due_at: Some(5),
            ids: Some(vec![3, 4]),
            ..ArticleFilter::default()
        };
        let (condition, binds) = filter.condition();
        assert!(condition.contains("a.locale = $1"));
        assert!(condition.contains("v.tags LIKE $2"));
        assert!(condition.contains("<= $3"));
        assert!(condition.contains("a.id IN (3,4)"));
        assert_eq!(binds.len(), 3);
    }
}
