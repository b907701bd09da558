//! The editors' overview calls: the translations to do, the reviews due, the content gaps and
//! the sites to pick them for. Each change carries the CSRF header, like every other in `api`.

use ayuda_api::{Article, ArticleList, ContentGaps, Site, TranslationGroup, TranslationList};

use super::{ApiError, Call, Refusal};
use crate::editorial::{
    self, LOOKUP_LIMIT, REVIEWS_BATCH, REVIEWS_MAX_BATCHES, ReviewFilter, TranslationFilter,
};

/// `GET /api/v1/translations?…`: one page of translation groups with work to do.
pub async fn translations(filter: &TranslationFilter) -> Result<TranslationList, ApiError> {
    Call::get(&filter.api_url()).send().await?.json()
}

/// The translation group of `translation_key`, read batch by batch from every group (the API
/// has no look-up by key); `None` when no group has it (the article is the only one of its
/// key in a help centre of one language, or it is archived).
pub async fn translation_group(
    translation_key: &str,
) -> Result<Option<TranslationGroup>, ApiError> {
    let mut batch = 0u32;
    loop {
        let list: TranslationList = Call::get(&editorial::lookup_url(batch))
            .send()
            .await?
            .json()?;
        let read = u64::from(batch + 1) * u64::from(LOOKUP_LIMIT);
        let count = list.groups.len();
        if let Some(group) = list
            .groups
            .into_iter()
            .find(|group| group.translation_key == translation_key)
        {
            return Ok(Some(group));
        }
        if count < LOOKUP_LIMIT as usize || read >= crate::paging::total(list.total) {
            return Ok(None);
        }
        batch += 1;
    }
}

/// `GET /api/v1/reviews?…`: the page of due articles, or with "mine" every due article (batch
/// by batch, at most [`REVIEWS_MAX_BATCHES`]) for the console to filter.
pub async fn reviews(filter: &ReviewFilter) -> Result<ArticleList, ApiError> {
    if !filter.mine {
        return Call::get(&filter.api_url(0)).send().await?.json();
    }
    let mut all = ArticleList {
        articles: Vec::new(),
        total: 0,
    };
    for batch in 0..REVIEWS_MAX_BATCHES {
        let list: ArticleList = Call::get(&filter.api_url(batch)).send().await?.json()?;
        let count = list.articles.len();
        all.total = list.total;
        all.articles.extend(list.articles);
        let read = u64::try_from(all.articles.len()).unwrap_or(u64::MAX);
        if count < REVIEWS_BATCH as usize || read >= crate::paging::total(list.total) {
            break;
        }
    }
    Ok(all)
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
