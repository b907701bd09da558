//! Editors' article API: create, list, read, save versions, publish, unpublish, delete. Editors
//! and admins only: agents answer tickets and find articles through the public search.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post};
use ayuda_api::{
    Article, ArticleList, ArticleStatus, ArticleUpdate, ArticleVersion, NewArticle, Preview,
    PreviewRequest, PublishRequest,
};
use ayuda_store::{ArticleRow, NewArticleRow, SaveMode};
use serde::Deserialize;

use crate::audit;
use crate::auth::{self, Editor, Staff};
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::state::AppState;
use crate::time::rfc3339;
use crate::validate;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/articles", post(create))
        .route("/articles/preview", post(preview))
        .route("/articles/{id}", get(read).put(update).delete(remove))
        .route("/articles/{id}/publish", post(publish))
        .route("/articles/{id}/unpublish", post(unpublish))
        .route("/articles/{id}/versions", get(versions))
        .route("/articles/{id}/reviewed", post(reviewed))
        .route("/reviews", get(reviews_due))
        .route("/articles/{id}/versions/{number}/restore", post(restore))
}

/// The body rendered by the one renderer readers' pages and the widget use, so what an editor
/// previews is what users get. Bounded like an article's body.
async fn preview(
    _: Editor,
    AppJson(request): AppJson<PreviewRequest>,
) -> AppResult<AppJson<Preview>> {
    validate::content("preview", &request.body, &[], &[])?;
    let rendered = ayuda_kb::markdown::render(&request.body);
    Ok(AppJson(Preview {
        html: rendered.html,
        summary: rendered.summary,
    }))
}

/// Converts a stored article to its wire form.
pub fn to_wire(row: ArticleRow) -> Article {
    let review_due_at = row.review_due_at();
    let rendered = ayuda_kb::markdown::render(&row.content.body);
    Article {
        id: row.id,
        slug: row.slug,
        locale: row.locale,
        title: row.content.title,
        body: row.content.body,
        html: rendered.html,
        summary: rendered.summary,
        tags: row.content.tags,
        contexts: row.content.contexts,
        translation_key: row.translation_key,
        status: ArticleStatus::parse(&row.status).unwrap_or(ArticleStatus::Draft),
        sites: row.sites,
        version: row.current_version,
        published_version: row.published_version,
        author: row.author,
        views: row.views,
        helpful: row.helpful,
        not_helpful: row.not_helpful,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
        review_due_at: review_due_at.map(rfc3339),
        owner: row.owner,
        review_interval_days: row.review_days,
        reviewed_at: row.reviewed_at.map(rfc3339),
    }
}

async fn create(
    Editor(staff): Editor,
    State(state): State<AppState>,
    parts: Parts,
    AppJson(new): AppJson<NewArticle>,
) -> AppResult<(StatusCode, AppJson<Article>)> {
    let content = validate::content(&new.title, &new.body, &new.tags, &new.contexts)?;
    let slug = match new.slug {
        Some(slug) => slug,
        None => ayuda_kb::frontmatter::slugify(&content.title),
    };
    validate::check_slug(&slug)?;
    let locale = validate::check_locale(
        new.locale
            .as_deref()
            .unwrap_or(&state.settings.default_locale),
    )?;
    let translation_key = new.translation_key.unwrap_or_else(|| slug.clone());
    validate::check_translation_key(&translation_key)?;
    let sites = validate::sites(&new.sites, |k| state.sites.get(k).is_some())?;
    let row = state
        .store
        .create_article(&NewArticleRow {
            slug,
            locale,
            translation_key,
            status: new.status.unwrap_or_default().as_str().to_owned(),
            sites,
            author: Some(staff.user.email.clone()),
            content,
        })
        .await?;
    state.sync_article(row.id).await?;
    record(&state, &staff, "article.create", &row, &parts).await?;
    Ok((StatusCode::CREATED, AppJson(to_wire(row))))
}

/// An article action in the audit log: `article:ID`, with its locale, slug and version.
pub(crate) async fn record(
    state: &AppState,
    staff: &Staff,
    action: &str,
    row: &ArticleRow,
    parts: &Parts,
) -> AppResult<()> {
    audit::record(
        state,
        Some(&staff.user),
        action,
        format!("article:{}", row.id),
        format!("{}/{} v{}", row.locale, row.slug, row.current_version),
        auth::client_address(parts),
    )
    .await
}

/// "Still accurate": the next review is one interval from now.
async fn reviewed(
    Editor(staff): Editor,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    parts: Parts,
) -> AppResult<AppJson<Article>> {
    load(&state, id).await?;
    state.store.mark_reviewed(id).await?;
    let row = load(&state, id).await?;
    record(&state, &staff, "article.reviewed", &row, &parts).await?;
    Ok(AppJson(to_wire(row)))
}

#[derive(Debug, Deserialize)]
pub struct ReviewParams {
    /// Only articles owned by this e-mail.
    owner: Option<String>,
    /// Also the reviews falling due within this many days (0 to 365; default 0: due now).
    within_days: Option<i64>,
    /// Only articles with this text in the title or slug.
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The articles due for review now (or within `within_days`), most overdue first.
async fn reviews_due(
    _: Editor,
    State(state): State<AppState>,
    AppQuery(p): AppQuery<ReviewParams>,
) -> AppResult<AppJson<ArticleList>> {
    let limit = validate::limit(p.limit, 50)?;
    let offset = p.offset.unwrap_or(0);
    if offset < 0 {
        return Err(AppError::invalid("offset must not be negative"));
    }
    let within = p.within_days.unwrap_or(0);
    if !(0..=365).contains(&within) {
        return Err(AppError::invalid("within_days must be between 0 and 365"));
    }
    let owner = p.owner.as_deref().map(str::trim).filter(|o| !o.is_empty());
    if owner.is_some_and(|o| o.len() > 254) {
        return Err(AppError::invalid("owner must be an e-mail"));
    }
    let at = ayuda_store::now_ms() + within * 86_400_000;
    let text =
        p.q.as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(|q| crate::error::truncate(q, 200));
    let (rows, total) = state
        .store
        .reviews_due(at, owner, text.as_deref(), limit, offset)
        .await?;
    Ok(AppJson(ArticleList {
        articles: rows.into_iter().map(to_wire).collect(),
        total,
    }))
}

async fn load(state: &AppState, id: i64) -> AppResult<ArticleRow> {
    state
        .store
        .article(id)
        .await?
        .ok_or_else(AppError::article_not_found)
}

async fn read(
    _: Editor,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Article>> {
    Ok(AppJson(to_wire(load(&state, id).await?)))
}

async fn update(
    Editor(staff): Editor,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(change): AppJson<ArticleUpdate>,
) -> AppResult<AppJson<Article>> {
    let current = load(&state, id).await?;
    if let Some(owner) = &change.owner
        && state.store.user_by_email(owner).await?.is_none()
    {
        return Err(AppError::invalid("owner must be a staff member's e-mail"));
    }
    if let Some(Some(days)) = change.review_interval_days
        && !(1..=3650).contains(&days)
    {
        return Err(AppError::invalid(
            "review_interval_days must be between 1 and 3650",
        ));
    }
    let plan_only = change.title.is_none()
        && change.body.is_none()
        && change.slug.is_none()
        && change.tags.is_none()
        && change.contexts.is_none()
        && change.translation_key.is_none()
        && change.status.is_none()
        && change.sites.is_none();
    if change.owner.is_some() || change.review_interval_days.is_some() {
        let owner = change.owner.as_deref().map(|o| o.trim().to_lowercase());
        state
            .store
            .set_review_plan(id, owner.as_deref(), change.review_interval_days)
            .await?;
        if plan_only {
            return Ok(AppJson(to_wire(load(&state, id).await?)));
        }
    }
    let content = validate::content(
        change.title.as_deref().unwrap_or(&current.content.title),
        change.body.as_deref().unwrap_or(&current.content.body),
        change.tags.as_deref().unwrap_or(&current.content.tags),
        change
            .contexts
            .as_deref()
            .unwrap_or(&current.content.contexts),
    )?;
    if let Some(slug) = &change.slug {
        validate::check_slug(slug)?;
    }
    if let Some(key) = &change.translation_key {
        validate::check_translation_key(key)?;
    }
    let sites = change
        .sites
        .as_deref()
        .map(|s| validate::sites(s, |k| state.sites.get(k).is_some()))
        .transpose()?;
    let mode = match change.status {
        None => SaveMode::Keep,
        Some(ArticleStatus::Published) => SaveMode::Publish,
        Some(ArticleStatus::Draft) => SaveMode::Draft,
        Some(ArticleStatus::Archived) => SaveMode::Archive,
    };
    let row = state
        .store
        .save_version(
            id,
            &content,
            change.slug.as_deref(),
            change.translation_key.as_deref(),
            sites.as_deref(),
            mode,
            Some(&staff.user.email),
            change.base_version,
        )
        .await?;
    state.sync_article(id).await?;
    Ok(AppJson(to_wire(row)))
}

async fn publish(
    Editor(staff): Editor,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    parts: Parts,
    body: axum::body::Bytes,
) -> AppResult<AppJson<Article>> {
    // The body is optional: empty means "the latest version".
    let version = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        serde_json::from_slice::<PublishRequest>(&body)
            .map_err(|e| {
                AppError::client(
                    StatusCode::BAD_REQUEST,
                    ayuda_api::ErrorCode::InvalidJson,
                    e.to_string(),
                )
            })?
            .version
    };
    let row = state.store.publish(id, version).await?;
    state.sync_article(id).await?;
    record(&state, &staff, "article.publish", &row, &parts).await?;
    Ok(AppJson(to_wire(row)))
}

async fn unpublish(
    Editor(staff): Editor,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    parts: Parts,
) -> AppResult<AppJson<Article>> {
    let row = state.store.unpublish(id).await?;
    state.sync_article(id).await?;
    record(&state, &staff, "article.unpublish", &row, &parts).await?;
    Ok(AppJson(to_wire(row)))
}

async fn remove(
    Editor(staff): Editor,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    parts: Parts,
) -> AppResult<StatusCode> {
    let row = load(&state, id).await?;
    state.store.delete_article(id).await?;
    state.sync_article(id).await?;
    record(&state, &staff, "article.delete", &row, &parts).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn versions(
    _: Editor,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Vec<ArticleVersion>>> {
    load(&state, id).await?;
    let versions = state.store.versions(id).await?;
    Ok(AppJson(
        versions
            .into_iter()
            .map(|v| ArticleVersion {
                number: v.number,
                title: v.content.title,
                body: v.content.body,
                tags: v.content.tags,
                contexts: v.content.contexts,
                author: v.author,
                created_at: rfc3339(v.created_at),
            })
            .collect(),
    ))
}

/// Restores an older version: its content becomes a new version, live if the article is.
async fn restore(
    Editor(staff): Editor,
    State(state): State<AppState>,
    AppPath((id, number)): AppPath<(i64, i64)>,
    parts: Parts,
) -> AppResult<AppJson<Article>> {
    let old = state
        .store
        .versions(id)
        .await?
        .into_iter()
        .find(|v| v.number == number)
        .ok_or_else(|| {
            AppError::not_found(format!("version {number} of article {id} not found"))
        })?;
    let row = state
        .store
        .save_version(
            id,
            &old.content,
            None,
            None,
            None,
            SaveMode::Keep,
            Some(&staff.user.email),
            None,
        )
        .await?;
    state.sync_article(id).await?;
    record(&state, &staff, "article.restore", &row, &parts).await?;
    Ok(AppJson(to_wire(row)))
}
