//! The editors' translation overview: groups of articles sharing a translation key, with the
//! missing and out-of-date translations (`crate::translations` decides which).

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use ayuda_api::{TranslationGroup, TranslationList};
use serde::Deserialize;

use crate::auth::Editor;
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::state::AppState;
use crate::translations::{self, CURRENT, MISSING, OUTDATED};

pub fn router() -> Router<AppState> {
    Router::new().route("/translations", get(list))
}

#[derive(Debug, Deserialize)]
pub struct Params {
    /// `missing`, `outdated`, `todo` (either: the default) or `all`.
    state: Option<String>,
    /// Only slots of this locale.
    locale: Option<String>,
    /// Only this group (the side-by-side view of one article's translations).
    translation_key: Option<String>,
    /// Only groups with this text in a member's title (any language), case-insensitive.
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn list(
    _: Editor,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<Params>,
) -> AppResult<AppJson<TranslationList>> {
    let wanted: &[&str] = match params.state.as_deref().unwrap_or("todo") {
        "todo" => &[MISSING, OUTDATED],
        "missing" => &[MISSING],
        "outdated" => &[OUTDATED],
        "all" => &[MISSING, OUTDATED, CURRENT],
        _ => {
            return Err(AppError::invalid(
                "state must be todo, missing, outdated or all",
            ));
        }
    };
    let limit = crate::validate::limit(params.limit, 50)?;
    let offset = usize::try_from(params.offset.unwrap_or(0))
        .map_err(|_| AppError::invalid("offset must not be negative"))?;
    let mut members = state.store.translation_members().await?;
    // The help centre's locales are the ones it has articles in.
    let mut locales: Vec<String> = members.iter().map(|m| m.locale.clone()).collect();
    locales.sort();
    locales.dedup();
    if let Some(key) = &params.translation_key {
        members.retain(|m| &m.translation_key == key);
    }
    if let Some(q) = params.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let q = q.to_lowercase();
        let keys: std::collections::HashSet<String> = members
            .iter()
            .filter(|m| m.title.to_lowercase().contains(&q))
            .map(|m| m.translation_key.clone())
            .collect();
        members.retain(|m| keys.contains(&m.translation_key));
    }
    if let Some(locale) = &params.locale {
        crate::validate::check_locale(locale)?;
        locales.retain(|l| l == locale);
    }
    let matching: Vec<TranslationGroup> = translations::groups(&members, &locales)
        .into_iter()
        .filter_map(|mut group| {
            group
                .translations
                .retain(|slot| wanted.contains(&slot.state.as_str()));
            (!group.translations.is_empty()).then_some(group)
        })
        .collect();
    let total = i64::try_from(matching.len()).unwrap_or(i64::MAX);
    let groups = matching
        .into_iter()
        .skip(offset)
        .take(usize::try_from(limit).unwrap_or(50))
        .collect();
    Ok(AppJson(TranslationList { groups, total }))
}
