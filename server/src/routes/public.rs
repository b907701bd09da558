//! The public, per-site API the widget calls: search, suggestions, articles, votes, config.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use ayuda_api::{
    PublicArticle, PublicSiteConfig, RelatedArticle, SearchHit, SearchResponse, SuggestReason,
    SuggestResponse, SuggestedArticle, TagFacet, Translation, VoteRequest, VoteTotals,
};
use ayuda_kb::context::{Place, rank};
use ayuda_kb::search::SearchQuery;
use ayuda_store::{PublishedArticle, SearchLogRow, SiteRow};
use serde::Deserialize;

use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sites/{site}/config", get(config))
        .route("/sites/{site}/search", get(search))
        .route("/sites/{site}/suggest", get(suggest))
        .route("/sites/{site}/articles/{slug}", get(article))
        .route("/sites/{site}/articles/{slug}/votes", post(vote))
}

/// Longest query text we look at; the rest of a pasted novel is ignored.
const MAX_QUERY_CHARS: usize = 1024;

/// The requested locale (validated) or the site's default.
fn locale_or_default(requested: Option<&str>, site: &SiteRow) -> AppResult<String> {
    match requested.map(str::trim).filter(|l| !l.is_empty()) {
        None => Ok(site.default_locale.clone()),
        Some(l) => ayuda_kb::locale::normalize(l).ok_or_else(|| {
            AppError::invalid(format!(
                "locale {:?} is not a language code like \"es\" or \"en\"",
                crate::error::truncate(l, 20)
            ))
        }),
    }
}

/// The locale to fall back on when `locale` has nothing: the site's default, else English,
/// else Spanish.
fn fallback_locale<'a>(locale: &str, site: &'a SiteRow) -> &'a str {
    [site.default_locale.as_str(), "en", "es"]
        .into_iter()
        .find(|l| *l != locale)
        .unwrap_or("en")
}

fn comma_list(value: Option<&str>, max: usize) -> Vec<String> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .take(max)
        .map(|s| crate::error::truncate(s, 100))
        .collect()
}

/// Every host page view asks for this (the loader, then the panel): it is answered from
/// memory — the site from the site cache, the locales from the search index, which holds
/// exactly the published articles — never from the database.
async fn config(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> AppResult<AppJson<PublicSiteConfig>> {
    let site = state.site(&site)?;
    let mut locales = state.index.populated_locales();
    if !locales.contains(&site.default_locale) {
        locales.insert(0, site.default_locale.clone());
    }
    Ok(AppJson(PublicSiteConfig {
        key: site.key.clone(),
        name: site.name.clone(),
        default_locale: site.default_locale.clone(),
        locales,
        brand_color: site.brand_color.clone(),
        position: site.position.clone(),
        launcher_text: site.launcher_text.clone(),
        logo_url: site.logo_url.clone(),
        look: site.launcher_text.is_some() || site.logo_url.is_some() || site.position == "left",
    }))
}

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    locale: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    tags: Option<String>,
}

async fn search(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppQuery(params): AppQuery<SearchParams>,
) -> AppResult<AppJson<SearchResponse>> {
    let site = state.site(&site)?;
    let locale = locale_or_default(params.locale.as_deref(), &site)?;
    let limit = params.limit.unwrap_or(10);
    if !(1..=50).contains(&limit) {
        return Err(AppError::invalid("limit must be between 1 and 50"));
    }
    let offset = params.offset.unwrap_or(0);
    if offset > 1000 {
        return Err(AppError::invalid("offset must be at most 1000"));
    }
    let text: String = params
        .q
        .chars()
        .take(MAX_QUERY_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let tags = comma_list(params.tags.as_deref(), 10);
    let query = SearchQuery {
        text: &text,
        locale: &locale,
        site: Some(&site.key),
        tags: &tags,
        limit,
        offset,
        fallback_locale: Some(fallback_locale(&locale, &site)),
    };
    let results = state.index.search(&query)?;
    let trimmed = text.trim();
    if !trimmed.is_empty() {
        // Best effort: a full log queue drops the entry rather than slowing the search.
        let _ = state.search_log.try_send(SearchLogRow {
            site: site.key.clone(),
            locale,
            query: crate::error::truncate(&trimmed.to_lowercase(), 200),
            result_count: results.total as i64,
            created_at: ayuda_store::now_ms(),
        });
    }
    let links = state.article_links(&site.key);
    Ok(AppJson(SearchResponse {
        hits: results
            .hits
            .into_iter()
            .map(|hit| SearchHit {
                url: links.url(&hit.locale, &hit.slug),
                slug: hit.slug,
                locale: hit.locale,
                title: hit.title,
                snippet: hit.snippet,
                title_html: hit.title_html,
                score: hit.score,
            })
            .collect(),
        total: results.total,
        facets: results
            .facets
            .into_iter()
            .map(|(tag, count)| TagFacet { tag, count })
            .collect(),
        fallback: results.fallback,
    }))
}

#[derive(Debug, Deserialize)]
pub struct SuggestParams {
    url: Option<String>,
    route: Option<String>,
    elements: Option<String>,
    /// Tags the host app gave (`setContext({tags})`): articles carrying one are suggested
    /// after those whose contexts match the place.
    tags: Option<String>,
    locale: Option<String>,
    limit: Option<usize>,
}

async fn suggest(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppQuery(params): AppQuery<SuggestParams>,
) -> AppResult<AppJson<SuggestResponse>> {
    let site = state.site(&site)?;
    let locale = locale_or_default(params.locale.as_deref(), &site)?;
    let limit = params.limit.unwrap_or(5);
    if !(1..=20).contains(&limit) {
        return Err(AppError::invalid("limit must be between 1 and 20"));
    }
    let url = params
        .url
        .as_deref()
        .map(|u| crate::error::truncate(u, 2048));
    let route = params
        .route
        .as_deref()
        .map(|r| crate::error::truncate(r, 200));
    let elements = comma_list(params.elements.as_deref(), 20);
    state
        .places
        .note(&site.key, url.as_deref(), route.as_deref(), &elements);
    let place = Place {
        url: url.as_deref(),
        route: route.as_deref(),
        elements: &elements,
    };

    let candidates: Vec<PublishedArticle> = state
        .store
        .published_with_contexts(&locale)
        .await?
        .into_iter()
        .filter(|a| a.visible_on(&site.key))
        .collect();
    let mut ranked = rank(&candidates, |a| a.content.contexts.as_slice(), &place);
    // Equally specific matches: an article tied to few places is more about this one than an
    // article tied to many; then the more helpful one.
    ranked.sort_by_key(|(a, score)| {
        (
            std::cmp::Reverse(*score),
            a.content.contexts.len(),
            std::cmp::Reverse(a.helpful - a.not_helpful),
        )
    });
    let mut chosen: Vec<(&PublishedArticle, SuggestReason)> = ranked
        .into_iter()
        .take(limit)
        .map(|(a, _)| (a, SuggestReason::Context))
        .collect();
    let mut tagged: Vec<PublishedArticle> = Vec::new();
    for tag in comma_list(params.tags.as_deref(), 5) {
        if chosen.len() + tagged.len() >= limit {
            break;
        }
        let tags = [tag];
        let query = SearchQuery {
            tags: &tags,
            site: Some(&site.key),
            limit,
            ..SearchQuery::new("", &locale)
        };
        for hit in state.index.search(&query)?.hits {
            if chosen.len() + tagged.len() >= limit {
                break;
            }
            let known = chosen.iter().any(|(c, _)| c.slug == hit.slug)
                || tagged.iter().any(|t| t.slug == hit.slug);
            if !known && let Some(article) = state.store.published(&hit.slug, &locale).await? {
                tagged.push(article);
            }
        }
    }
    chosen.extend(tagged.iter().map(|a| (a, SuggestReason::Context)));
    let popular = state.store.popular(&locale, (limit * 3) as i64).await?;
    for article in &popular {
        if chosen.len() >= limit {
            break;
        }
        if article.visible_on(&site.key) && !chosen.iter().any(|(c, _)| c.id == article.id) {
            chosen.push((article, SuggestReason::Popular));
        }
    }
    let links = state.article_links(&site.key);
    let articles = chosen
        .into_iter()
        .map(|(a, reason)| SuggestedArticle {
            slug: a.slug.clone(),
            locale: a.locale.clone(),
            title: a.content.title.clone(),
            summary: ayuda_kb::markdown::render(&a.content.body).summary,
            url: links.url(&a.locale, &a.slug),
            reason,
        })
        .collect();
    Ok(AppJson(SuggestResponse { articles }))
}

#[derive(Debug, Deserialize)]
pub struct LocaleParam {
    locale: Option<String>,
}

/// The published article `slug` in `locale`, visible on `site`, or `article_not_found`.
pub async fn find_published(
    state: &AppState,
    site: &SiteRow,
    slug: &str,
    locale: &str,
) -> AppResult<PublishedArticle> {
    if slug.len() > 200 {
        return Err(AppError::article_not_found());
    }
    state
        .store
        .published(slug, locale)
        .await?
        .filter(|a| a.visible_on(&site.key))
        .ok_or_else(AppError::article_not_found)
}

/// Builds the reader's view of a published article.
pub async fn public_article(
    state: &AppState,
    site: &SiteRow,
    article: PublishedArticle,
) -> AppResult<PublicArticle> {
    let rendered = ayuda_kb::markdown::render(&article.content.body);
    let links = state.article_links(&site.key);
    let translations = state
        .store
        .translations(&article.translation_key)
        .await?
        .into_iter()
        .filter(|(locale, _)| *locale != article.locale)
        .map(|(locale, slug)| Translation {
            url: links.url(&locale, &slug),
            locale,
            slug,
        })
        .collect();
    let related = related_articles(state, site, &article)?;
    Ok(PublicArticle {
        related,
        url: links.url(&article.locale, &article.slug),
        slug: article.slug,
        locale: article.locale,
        title: article.content.title,
        html: rendered.html,
        summary: rendered.summary,
        tags: article.content.tags,
        updated_at: crate::time::rfc3339(article.updated_at),
        translations,
        helpful: article.helpful,
        not_helpful: article.not_helpful,
    })
}

/// How many related articles the reader lists.
const RELATED: usize = 3;

/// Up to [`RELATED`] other published articles on the same subject: those sharing the most tags
/// with `article`, then those its title finds in the search index.
fn related_articles(
    state: &AppState,
    site: &SiteRow,
    article: &PublishedArticle,
) -> AppResult<Vec<RelatedArticle>> {
    // (slug, title, shared tags, first seen)
    let mut found: Vec<(String, String, usize, usize)> = Vec::new();
    let note = |slug: String, title: String, found: &mut Vec<(String, String, usize, usize)>| {
        if slug == article.slug {
            return;
        }
        match found.iter_mut().find(|(s, ..)| *s == slug) {
            Some(entry) => entry.2 += 1,
            None => {
                let order = found.len();
                found.push((slug, title, 1, order));
            }
        }
    };
    for tag in article.content.tags.iter().take(5) {
        let tags = [tag.clone()];
        let query = SearchQuery {
            tags: &tags,
            site: Some(&site.key),
            limit: 10,
            ..SearchQuery::new("", &article.locale)
        };
        for hit in state.index.search(&query)?.hits {
            note(hit.slug, hit.title, &mut found);
        }
    }
    found.sort_by_key(|(_, _, shared, order)| (std::cmp::Reverse(*shared), *order));
    found.truncate(RELATED);
    if found.len() < RELATED {
        // A trailing space: every title word is a whole word, not a prefix.
        let text = format!("{} ", article.content.title);
        let query = SearchQuery {
            site: Some(&site.key),
            limit: RELATED + 1,
            ..SearchQuery::new(&text, &article.locale)
        };
        for hit in state.index.search(&query)?.hits {
            if found.len() >= RELATED {
                break;
            }
            if hit.slug != article.slug && !found.iter().any(|(s, ..)| *s == hit.slug) {
                found.push((hit.slug, hit.title, 0, usize::MAX));
            }
        }
    }
    let links = state.article_links(&site.key);
    Ok(found
        .into_iter()
        .map(|(slug, title, ..)| RelatedArticle {
            url: links.url(&article.locale, &slug),
            slug,
            locale: article.locale.clone(),
            title,
        })
        .collect())
}

async fn article(
    State(state): State<AppState>,
    AppPath((site, slug)): AppPath<(String, String)>,
    AppQuery(params): AppQuery<LocaleParam>,
) -> AppResult<AppJson<PublicArticle>> {
    let site = state.site(&site)?;
    let locale = locale_or_default(params.locale.as_deref(), &site)?;
    let article = find_published(&state, &site, &slug, &locale).await?;
    state.store.add_view(article.id).await?;
    Ok(AppJson(public_article(&state, &site, article).await?))
}

async fn vote(
    State(state): State<AppState>,
    AppPath((site, slug)): AppPath<(String, String)>,
    AppQuery(params): AppQuery<LocaleParam>,
    AppJson(vote): AppJson<VoteRequest>,
) -> AppResult<(StatusCode, AppJson<VoteTotals>)> {
    let site = state.site(&site)?;
    let visitor = vote.visitor_id.trim();
    if visitor.is_empty()
        || visitor.len() > 128
        || !visitor
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(AppError::invalid(
            "visitor_id must be 1 to 128 letters, digits, '-' or '_'",
        ));
    }
    let locale = locale_or_default(vote.locale.as_deref().or(params.locale.as_deref()), &site)?;
    let article = find_published(&state, &site, &slug, &locale).await?;
    let (helpful, not_helpful) = state.store.vote(article.id, visitor, vote.helpful).await?;
    Ok((
        StatusCode::OK,
        AppJson(VoteTotals {
            helpful,
            not_helpful,
        }),
    ))
}
