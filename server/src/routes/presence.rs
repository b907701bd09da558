//! Who else has an article open in the editor: the console sends a heartbeat while the editor
//! is open and hears back the other editors, so two people editing one article know it (a save
//! over the other's newer version is refused anyway: `base_version`).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use ayuda_api::EditingNow;

use crate::auth::Editor;
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/articles/{id}/editing", post(heartbeat).delete(left))
}

/// A heartbeat older than this no longer counts as "has it open".
const PRESENCE_MS: i64 = 45_000;

async fn heartbeat(
    Editor(staff): Editor,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<EditingNow>> {
    state
        .store
        .article(id)
        .await?
        .ok_or_else(AppError::article_not_found)?;
    let since = ayuda_store::now_ms() - PRESENCE_MS;
    let others = state
        .store
        .editing_heartbeat(id, &staff.user.email, since)
        .await?;
    Ok(AppJson(EditingNow { others }))
}

async fn left(
    Editor(staff): Editor,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    state.store.editing_left(id, &staff.user.email).await?;
    Ok(StatusCode::NO_CONTENT)
}
