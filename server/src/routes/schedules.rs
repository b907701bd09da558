//! Scheduling an article's publishing or unpublishing (editors); the runner is
//! `crate::schedules`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{delete, get};
use ayuda_api::{NewSchedule, Schedule};
use ayuda_store::ScheduleRow;

use crate::audit;
use crate::auth::{self, Editor};
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::schedules::ACTIONS;
use crate::state::AppState;
use crate::time::{parse_rfc3339, rfc3339};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/articles/{id}/schedules", get(list).post(add))
        .route("/articles/{id}/schedules/{schedule}", delete(cancel))
}

/// How far ahead a schedule may be set.
const MAX_AHEAD_MS: i64 = 366 * 24 * 3_600_000;

fn to_wire(row: ScheduleRow) -> Schedule {
    Schedule {
        id: row.id,
        action: row.action,
        at: rfc3339(row.run_at),
        created_by: row.created_by,
        done_at: row.done_at.map(rfc3339),
        outcome: row.outcome,
    }
}

async fn exists(state: &AppState, id: i64) -> AppResult<()> {
    state
        .store
        .article(id)
        .await?
        .map(drop)
        .ok_or_else(AppError::article_not_found)
}

async fn list(
    _: Editor,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Vec<Schedule>>> {
    exists(&state, id).await?;
    let rows = state.store.schedules(id).await?;
    Ok(AppJson(rows.into_iter().map(to_wire).collect()))
}

async fn add(
    Editor(staff): Editor,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    parts: Parts,
    AppJson(new): AppJson<NewSchedule>,
) -> AppResult<(StatusCode, AppJson<Schedule>)> {
    if !ACTIONS.contains(&new.action.as_str()) {
        return Err(AppError::invalid("action must be publish or unpublish"));
    }
    let at =
        parse_rfc3339(&new.at).ok_or_else(|| AppError::invalid("at must be an RFC 3339 time"))?;
    let now = ayuda_store::now_ms();
    if at <= now || at > now + MAX_AHEAD_MS {
        return Err(AppError::invalid(
            "at must be in the future, at most a year ahead",
        ));
    }
    exists(&state, id).await?;
    let row = state
        .store
        .add_schedule(id, &new.action, at, Some(&staff.user.email))
        .await?;
    audit::record(
        &state,
        Some(&staff.user),
        "article.schedule",
        format!("article:{id}"),
        format!("{} at {}", new.action, rfc3339(at)),
        auth::client_address(&parts),
    )
    .await?;
    Ok((StatusCode::CREATED, AppJson(to_wire(row))))
}

async fn cancel(
    _: Editor,
    State(state): State<AppState>,
    AppPath((id, schedule)): AppPath<(i64, i64)>,
) -> AppResult<StatusCode> {
    if state.store.cancel_schedule(id, schedule).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::not_found(format!(
            "no pending schedule {schedule} for article {id}"
        )))
    }
}
