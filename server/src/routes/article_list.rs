//! The editors' article list (search by the widget's engine, filters) and bulk actions on it.

use axum::Router;
use axum::extract::State;
use axum::http::request::Parts;
use axum::routing::{get, post};
use ayuda_api::{ArticleList, ArticleStatus, BulkOutcome, BulkRequest, BulkResponse};
use ayuda_kb::search::SearchQuery;
use ayuda_store::{ArticleFilter, SaveMode};
use serde::Deserialize;

use super::articles::{record, to_wire};
use crate::auth::{Editor, Staff};
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::state::AppState;
use crate::translations::{self, MISSING, OUTDATED};
use crate::validate;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/articles", get(list))
        .route("/articles/bulk", post(bulk))
}

/// At most this many articles in one bulk action.
pub const MAX_BULK: usize = 100;
/// The engine's best matches per locale that join the title and slug matches.
const ENGINE_HITS: usize = 100;
/// A search's matches are ordered in memory: at most this many.
const MAX_MATCHES: i64 = 5_000;

#[derive(Debug, Deserialize)]
pub struct ListParams {
    locale: Option<String>,
    status: Option<ArticleStatus>,
    q: Option<String>,
    tag: Option<String>,
    site: Option<String>,
    owner: Option<String>,
    /// `due`: only articles due for review now.
    review: Option<String>,
    /// `missing`: only articles with a missing or out-of-date translation (sources) and the
    /// out-of-date translations themselves.
    translation: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// `GET /api/v1/articles`: newest change first; with `q`, the search engine's matches (the
/// widget's engine, published articles, best first) then the title and slug matches.
async fn list(
    _: Editor,
    State(state): State<AppState>,
    AppQuery(p): AppQuery<ListParams>,
) -> AppResult<AppJson<ArticleList>> {
    let limit = validate::limit(p.limit, 50)?;
    let offset = p.offset.unwrap_or(0);
    if offset < 0 {
        return Err(AppError::invalid("offset must not be negative"));
    }
    let locale = p
        .locale
        .as_deref()
        .map(validate::check_locale)
        .transpose()?;
    let text =
        p.q.as_deref()
            .map(|q| crate::error::truncate(q.trim(), 200))
            .filter(|q| !q.is_empty());
    let mut filter = ArticleFilter {
        status: p.status.map(|s| s.as_str().to_owned()),
        tag: short("tag", p.tag)?,
        site: short("site", p.site)?,
        owner: short("owner", p.owner)?,
        review_due_at: match p.review.as_deref() {
            None | Some("") => None,
            Some("due") => Some(ayuda_store::now_ms()),
            Some(_) => return Err(AppError::invalid("review must be due")),
        },
        ids: match p.translation.as_deref() {
            None | Some("") => None,
            Some("missing") => Some(needing_translation(&state).await?),
            Some(_) => return Err(AppError::invalid("translation must be missing")),
        },
        limit,
        offset,
        ..ArticleFilter::default()
    };
    let Some(text) = text else {
        filter.locale = locale;
        let (rows, total) = state.store.list_articles(&filter).await?;
        return Ok(AppJson(ArticleList {
            articles: rows.into_iter().map(to_wire).collect(),
            total,
        }));
    };
    let ranked = engine_matches(&state, &text, locale.as_deref(), filter.site.as_deref())?;
    filter.locale = locale;
    filter.text = Some(text);
    filter.text_ids = ranked.clone();
    let mut matches = state.store.article_ids(&filter, MAX_MATCHES).await?;
    // The engine's order first, the rest as they came (newest change first); stable.
    let rank: std::collections::HashMap<i64, usize> =
        ranked.iter().enumerate().map(|(n, id)| (*id, n)).collect();
    matches.sort_by_key(|id| rank.get(id).copied().unwrap_or(usize::MAX));
    let total = i64::try_from(matches.len()).unwrap_or(i64::MAX);
    let page: Vec<i64> = matches
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(50))
        .collect();
    let rows = state.store.articles_by_ids(&page).await?;
    Ok(AppJson(ArticleList {
        articles: rows.into_iter().map(to_wire).collect(),
        total,
    }))
}

/// A short filter value: trimmed, empty as none, at most 200 characters.
fn short(field: &str, value: Option<String>) -> AppResult<Option<String>> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.chars().count() > 200 || v.chars().any(char::is_control) => Err(
            AppError::invalid(format!("{field} must be at most 200 characters")),
        ),
        Some(v) => Ok(Some(v.to_owned())),
    }
}

/// The published articles the widget's engine finds for `text`, best first, in `locale` or
/// every locale of the index.
fn engine_matches(
    state: &AppState,
    text: &str,
    locale: Option<&str>,
    site: Option<&str>,
) -> AppResult<Vec<i64>> {
    let locales = match locale {
        Some(l) => vec![l.to_owned()],
        None => state.index.locales(),
    };
    let mut hits = Vec::new();
    for locale in &locales {
        let query = SearchQuery {
            site,
            limit: ENGINE_HITS,
            ..SearchQuery::new(text, locale)
        };
        match state.index.search(&query) {
            Ok(found) => hits.extend(found.hits.into_iter().map(|h| (h.score, h.id))),
            // A query the engine refuses (all stopwords, say) still matches titles.
            Err(e) if e.is_user_error() => {}
            Err(e) => return Err(e.into()),
        }
    }
    hits.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(hits.into_iter().map(|(_, id)| id).collect())
}

/// Sources with a missing or out-of-date translation, and the out-of-date translations.
async fn needing_translation(state: &AppState) -> AppResult<Vec<i64>> {
    let members = state.store.translation_members().await?;
    let mut locales: Vec<String> = members.iter().map(|m| m.locale.clone()).collect();
    locales.sort();
    locales.dedup();
    let mut ids = Vec::new();
    for group in translations::groups(&members, &locales) {
        for slot in &group.translations {
            if slot.state == MISSING || slot.state == OUTDATED {
                ids.push(group.source.id);
            }
            if slot.state == OUTDATED
                && let Some(article) = &slot.article
            {
                ids.push(article.id);
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// What a bulk request asks for, checked before any article is touched.
enum Action {
    Publish,
    Unpublish,
    Archive,
    AddTag(String),
    RemoveTag(String),
}

impl Action {
    fn parse(request: &BulkRequest) -> AppResult<Action> {
        let tag = || -> AppResult<String> {
            let tag = request.tag.as_deref().map(str::trim).unwrap_or_default();
            validate::tags(&[tag.to_owned()])?
                .into_iter()
                .next()
                .ok_or_else(|| AppError::invalid("tag is required for add_tag and remove_tag"))
        };
        Ok(match request.action.as_str() {
            "publish" => Action::Publish,
            "unpublish" => Action::Unpublish,
            "archive" => Action::Archive,
            "add_tag" => Action::AddTag(tag()?),
            "remove_tag" => Action::RemoveTag(tag()?),
            _ => {
                return Err(AppError::invalid(
                    "action must be publish, unpublish, archive, add_tag or remove_tag",
                ));
            }
        })
    }
}

/// `POST /api/v1/articles/bulk`: each article done or refused on its own, in the request's
/// order; each change is audited like the single-article one.
async fn bulk(
    Editor(staff): Editor,
    State(state): State<AppState>,
    parts: Parts,
    AppJson(request): AppJson<BulkRequest>,
) -> AppResult<AppJson<BulkResponse>> {
    if request.ids.is_empty() || request.ids.len() > MAX_BULK {
        return Err(AppError::invalid(format!(
            "ids must hold 1 to {MAX_BULK} articles"
        )));
    }
    let action = Action::parse(&request)?;
    let mut ids: Vec<i64> = Vec::with_capacity(request.ids.len());
    for id in &request.ids {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    let mut results = Vec::with_capacity(ids.len());
    for id in ids {
        let outcome = match apply(&state, &staff, &parts, id, &action).await {
            Ok(article) => BulkOutcome {
                id,
                ok: true,
                article: Some(article),
                error: None,
            },
            Err(e) => BulkOutcome {
                id,
                ok: false,
                article: None,
                error: Some(e.detail()),
            },
        };
        results.push(outcome);
    }
    Ok(AppJson(BulkResponse { results }))
}

async fn apply(
    state: &AppState,
    staff: &Staff,
    parts: &Parts,
    id: i64,
    action: &Action,
) -> AppResult<ayuda_api::Article> {
    let current = state
        .store
        .article(id)
        .await?
        .ok_or_else(AppError::article_not_found)?;
    let (row, what) = match action {
        Action::Publish => (state.store.publish(id, None).await?, "article.publish"),
        Action::Unpublish => (state.store.unpublish(id).await?, "article.unpublish"),
        Action::Archive if current.status == "archived" => return Ok(to_wire(current)),
        Action::Archive => {
            let row = state
                .store
                .save_version(
                    id,
                    &current.content,
                    None,
                    None,
                    None,
                    SaveMode::Archive,
                    Some(&staff.user.email),
                    Some(current.current_version),
                )
                .await?;
            (row, "article.archive")
        }
        Action::AddTag(tag) | Action::RemoveTag(tag) => {
            let mut content = current.content.clone();
            let had = content.tags.contains(tag);
            match action {
                Action::AddTag(_) if !had => content.tags.push(tag.clone()),
                Action::RemoveTag(_) if had => content.tags.retain(|t| t != tag),
                // Nothing to change: no new version.
                _ => return Ok(to_wire(current)),
            }
            let content = validate::content(
                &content.title,
                &content.body,
                &content.tags,
                &content.contexts,
            )?;
            let row = state
                .store
                .save_version(
                    id,
                    &content,
                    None,
                    None,
                    None,
                    SaveMode::Keep,
                    Some(&staff.user.email),
                    Some(current.current_version),
                )
                .await?;
            (row, "article.tag")
        }
    };
    state.sync_article(id).await?;
    record(state, staff, what, &row, parts).await?;
    Ok(to_wire(row))
}
