//! Content gaps for editors: searches that found nothing, articles voted unhelpful and articles
//! never opened, over a chosen period (default: the last 30 days); and the places the widget
//! has been opened on, to pick an article's contexts from.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use ayuda_api::{ContentGaps, GapArticle, GapQuery, SeenContext};
use ayuda_store::ArticleVotes;
use serde::Deserialize;

use crate::auth::Editor;
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::state::AppState;
use crate::time::rfc3339;
use crate::validate;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/content-gaps", get(gaps))
        .route("/contexts", get(contexts))
}

#[derive(Debug, Deserialize)]
pub struct ContextParams {
    site: Option<String>,
    q: Option<String>,
    limit: Option<i64>,
}

/// The places the widget has been opened on, for the editor's context picker.
async fn contexts(
    _: Editor,
    State(state): State<AppState>,
    AppQuery(p): AppQuery<ContextParams>,
) -> AppResult<AppJson<Vec<SeenContext>>> {
    let site = p
        .site
        .unwrap_or_else(|| ayuda_store::DEMO_SITE_KEY.to_owned());
    state.site(&site)?;
    let text = p.q.unwrap_or_default();
    if text.chars().count() > 200 {
        return Err(AppError::invalid("q is at most 200 characters"));
    }
    let limit = validate::limit(p.limit, 50)?;
    let rows = state.store.seen_places(&site, text.trim(), limit).await?;
    Ok(AppJson(
        rows.into_iter()
            .map(|row| SeenContext {
                context: row.place,
                hits: row.hits,
                last_seen: rfc3339(row.last_seen),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize)]
pub struct Params {
    site: Option<String>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<i64>,
}

fn article(row: ArticleVotes) -> GapArticle {
    GapArticle {
        id: row.id,
        locale: row.locale,
        slug: row.slug,
        title: row.title,
        helpful: row.helpful,
        not_helpful: row.not_helpful,
    }
}

async fn gaps(
    _: Editor,
    State(state): State<AppState>,
    AppQuery(p): AppQuery<Params>,
) -> AppResult<AppJson<ContentGaps>> {
    let site = p
        .site
        .unwrap_or_else(|| ayuda_store::DEMO_SITE_KEY.to_owned());
    state.site(&site)?;
    let until =
        validate::time_param(p.until.as_deref(), "until")?.unwrap_or_else(ayuda_store::now_ms);
    let since =
        validate::time_param(p.since.as_deref(), "since")?.unwrap_or(until - 30 * 86_400_000);
    if since > until {
        return Err(AppError::invalid("since must not be after until"));
    }
    let limit = validate::limit(p.limit, 50)?;
    let gap_queries = |rows: Vec<ayuda_store::QueryCount>| -> Vec<GapQuery> {
        rows.into_iter()
            .map(|row| GapQuery {
                query: row.query,
                locale: row.locale,
                count: row.count,
            })
            .collect()
    };
    let no_results = gap_queries(
        state
            .store
            .searches_without_results(&site, since, until, limit)
            .await?,
    );
    let followed_by_ticket = gap_queries(
        state
            .store
            .searches_followed_by_tickets(&site, since, until, limit)
            .await?,
    );
    let unhelpful = state.store.unhelpful_articles(since, until, limit).await?;
    let never_opened = state.store.unopened_articles(until, limit).await?;
    Ok(AppJson(ContentGaps {
        since: rfc3339(since),
        until: rfc3339(until),
        no_results,
        followed_by_ticket,
        unhelpful: unhelpful.into_iter().map(article).collect(),
        never_opened: never_opened.into_iter().map(article).collect(),
    }))
}
