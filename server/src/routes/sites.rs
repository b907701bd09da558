//! Site administration, the search log for editors, and a manual reindex.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use ayuda_api::{SearchLogEntry, SearchStat, Site, SiteInput};
use ayuda_store::{SiteLook, SiteRow};
use serde::Deserialize;

use crate::auth::{Admin, Editor, Staff};
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::state::AppState;
use crate::time::rfc3339;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sites", get(list).post(create))
        .route("/sites/{site}", put(update))
        .route("/stats/searches", get(search_stats))
        .route("/stats/searches/recent", get(recent_searches))
        .route("/admin/reindex", post(reindex))
}

fn to_wire(site: &SiteRow) -> Site {
    Site {
        key: site.key.clone(),
        name: site.name.clone(),
        allowed_origins: site.allowed_origins.clone(),
        default_locale: site.default_locale.clone(),
        brand_color: site.brand_color.clone(),
        position: site.position.clone(),
        launcher_text: site.launcher_text.clone(),
        logo_url: site.logo_url.clone(),
    }
}

/// The look `input` asks for over `current`: absent fields kept, `""` clears a text.
fn check_look(input: &SiteInput, current: Option<&SiteRow>) -> AppResult<SiteLook> {
    let position = match input.position.as_deref() {
        Some(p @ ("right" | "left")) => p.to_owned(),
        Some(_) => return Err(AppError::invalid("position must be right or left")),
        None => current.map_or_else(|| "right".to_owned(), |s| s.position.clone()),
    };
    let launcher_text = match input.launcher_text.as_deref().map(str::trim) {
        Some("") => None,
        Some(text) if text.chars().count() > 40 || text.chars().any(char::is_control) => {
            return Err(AppError::invalid(
                "launcher_text: at most 40 characters, no control characters",
            ));
        }
        Some(text) => Some(text.to_owned()),
        None => current.and_then(|s| s.launcher_text.clone()),
    };
    let logo_url = match input.logo_url.as_deref().map(str::trim) {
        Some("") => None,
        Some(url) => {
            let ok = url.len() <= 500
                && (url.starts_with("https://")
                    || (url.starts_with('/') && !url.starts_with("//")))
                && !url.chars().any(|c| {
                    c.is_whitespace()
                        || c.is_control()
                        || matches!(c, '"' | '<' | '>' | '\\' | '\'')
                });
            if !ok {
                return Err(AppError::invalid(
                    "logo_url must be an https:// URL or a /path, at most 500 characters",
                ));
            }
            Some(url.to_owned())
        }
        None => current.and_then(|s| s.logo_url.clone()),
    };
    Ok(SiteLook {
        position,
        launcher_text,
        logo_url,
    })
}

/// Every staff member reads the sites (editors pick an article's sites, agents filter by
/// them); their secrets are never in it.
async fn list(_: Staff, State(state): State<AppState>) -> AppResult<AppJson<Vec<Site>>> {
    Ok(AppJson(
        state.store.sites().await?.iter().map(to_wire).collect(),
    ))
}

fn check_site(
    input: &SiteInput,
    default_locale: &str,
) -> AppResult<(String, Vec<String>, String, String)> {
    let key_ok = (1..=64).contains(&input.key.len())
        && input
            .key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !key_ok {
        return Err(AppError::invalid(
            "key must be 1 to 64 lowercase letters, digits, '-' or '_'",
        ));
    }
    if input.allowed_origins.len() > 100 {
        return Err(AppError::invalid("at most 100 allowed origins"));
    }
    for origin in &input.allowed_origins {
        let ok = origin == "*"
            || (origin.len() <= 300
                && (origin.starts_with("http://") || origin.starts_with("https://"))
                && !origin.chars().any(|c| c.is_whitespace() || c.is_control()));
        if !ok {
            return Err(AppError::invalid(format!(
                "origin {:?} must look like https://app.example.com",
                crate::error::truncate(origin, 60)
            )));
        }
    }
    let name = input.name.clone().unwrap_or_else(|| input.key.clone());
    if name.trim().is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid("name must be 1 to 200 characters"));
    }
    let locale =
        crate::validate::check_locale(input.default_locale.as_deref().unwrap_or(default_locale))?;
    let color = input
        .brand_color
        .clone()
        .unwrap_or_else(|| "#2563eb".to_owned());
    let color_ok = color.len() == 7
        && color.starts_with('#')
        && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if !color_ok {
        return Err(AppError::invalid("brand_color must be #rrggbb"));
    }
    Ok((
        name,
        input.allowed_origins.clone(),
        locale,
        color.to_ascii_lowercase(),
    ))
}

async fn create(
    _: Admin,
    State(state): State<AppState>,
    AppJson(input): AppJson<SiteInput>,
) -> AppResult<(StatusCode, AppJson<Site>)> {
    if state.store.site(&input.key).await?.is_some() {
        return Err(ayuda_store::Error::Conflict(format!("site {}", input.key)).into());
    }
    let (name, origins, locale, color) = check_site(&input, &state.settings.default_locale)?;
    let look = check_look(&input, None)?;
    state
        .store
        .upsert_site(&input.key, &name, &origins, &locale, &color)
        .await?;
    state.store.set_site_look(&input.key, &look).await?;
    let site = stored(&state, &input.key).await?;
    state.sites.refresh(&state.store).await?;
    Ok((StatusCode::CREATED, AppJson(to_wire(&site))))
}

async fn update(
    _: Admin,
    State(state): State<AppState>,
    AppPath(key): AppPath<String>,
    AppJson(mut input): AppJson<SiteInput>,
) -> AppResult<AppJson<Site>> {
    let Some(current) = state.store.site(&key).await? else {
        return Err(AppError::site_not_found(&key));
    };
    input.key = key;
    let (name, origins, locale, color) = check_site(&input, &state.settings.default_locale)?;
    let look = check_look(&input, Some(&current))?;
    state
        .store
        .upsert_site(&input.key, &name, &origins, &locale, &color)
        .await?;
    state.store.set_site_look(&input.key, &look).await?;
    let site = stored(&state, &input.key).await?;
    state.sites.refresh(&state.store).await?;
    Ok(AppJson(to_wire(&site)))
}

async fn stored(state: &AppState, key: &str) -> AppResult<SiteRow> {
    state
        .store
        .site(key)
        .await?
        .ok_or_else(|| AppError::site_not_found(key))
}

#[derive(Debug, Deserialize)]
pub struct StatsParams {
    site: String,
    /// Only queries that found nothing (content gaps).
    #[serde(default)]
    zero_results: bool,
    /// Look back this many days (default 30).
    days: Option<i64>,
    limit: Option<i64>,
}

async fn search_stats(
    _: Editor,
    State(state): State<AppState>,
    AppQuery(p): AppQuery<StatsParams>,
) -> AppResult<AppJson<Vec<SearchStat>>> {
    state.site(&p.site)?;
    let days = p.days.unwrap_or(30).clamp(1, 3650);
    let since = ayuda_store::now_ms() - days * 86_400_000;
    let rows = state
        .store
        .search_stats(
            &p.site,
            since,
            p.zero_results,
            p.limit.unwrap_or(50).clamp(1, 500),
        )
        .await?;
    Ok(AppJson(
        rows.into_iter()
            .map(|r| SearchStat {
                query: r.query,
                locale: r.locale,
                count: r.count,
                zero_result_count: r.zero_result_count,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize)]
pub struct RecentParams {
    site: String,
    limit: Option<i64>,
}

async fn recent_searches(
    _: Editor,
    State(state): State<AppState>,
    AppQuery(p): AppQuery<RecentParams>,
) -> AppResult<AppJson<Vec<SearchLogEntry>>> {
    state.site(&p.site)?;
    let rows = state
        .store
        .recent_searches(&p.site, p.limit.unwrap_or(100).clamp(1, 1000))
        .await?;
    Ok(AppJson(
        rows.into_iter()
            .map(|r| SearchLogEntry {
                site: r.site,
                locale: r.locale,
                query: r.query,
                result_count: r.result_count,
                created_at: rfc3339(r.created_at),
            })
            .collect(),
    ))
}

async fn reindex(_: Admin, State(state): State<AppState>) -> AppResult<StatusCode> {
    crate::state::rebuild_index(&state.store, &state.index).await?;
    Ok(StatusCode::NO_CONTENT)
}
