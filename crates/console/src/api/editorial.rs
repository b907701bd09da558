//! The editors' overview calls: the translations to do, the reviews due, the content gaps and
//! the sites to pick them for. Each change carries the CSRF header, like every other in `api`.

use ayuda_api::{Article, ArticleList, ContentGaps, Site, TranslationGroup, TranslationList};

use super::{ApiError, Call, Refusal};
use crate::editorial::{self, ReviewFilter, TranslationFilter};

/// `GET /api/v1/translations?…`: one page of translation groups with work to do.
pub async fn translations(filter: &TranslationFilter) -> Result<TranslationList, ApiError> {
    Call::get(&filter.api_url()).send().await?.json()
}

/// The translation group of `translation_key`; `None` when no group has it (the article is
/// the only one of its key in a help centre of one language, or it is archived).
pub async fn translation_group(
    translation_key: &str,
) -> Result<Option<TranslationGroup>, ApiError> {
    let list: TranslationList = Call::get(&editorial::group_url(translation_key))
        .send()
        .await?
        .json()?;
    Ok(list
        .groups
        .into_iter()
        .find(|group| group.translation_key == translation_key))
}

/// `GET /api/v1/reviews?…`: a page of due articles (with "mine", those `email` owns).
pub async fn reviews(filter: &ReviewFilter, email: &str) -> Result<ArticleList, ApiError> {
    Call::get(&filter.api_url(email)).send().await?.json()
}

/// `POST /api/v1/articles/{id}/reviewed`: "still accurate"; the next review is one interval
/// from now.
pub async fn mark_reviewed(csrf_token: &str, id: i64) -> Result<Article, Refusal> {
    let url = format!("/api/v1/articles/{id}/reviewed");
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .checked_json()
}

/// `GET /api/v1/content-gaps?…` (the URL from [`crate::period::gaps_api_url`]).
pub async fn content_gaps(url: &str) -> Result<ContentGaps, ApiError> {
    Call::get(url).send().await?.json()
}

/// `GET /api/v1/sites`: every site (admins only: editors get 403 and the default site).
pub async fn sites() -> Result<Vec<Site>, ApiError> {
    Call::get("/api/v1/sites").send().await?.json()
}
