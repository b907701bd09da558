//! Macros: canned replies with field changes (admins write them, agents apply them to a
//! ticket through `staff_tickets`).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};
use ayuda_desk::{Macro, Status};
use serde::{Deserialize, Serialize};

use crate::auth::{Admin, Desk};
use crate::desk;
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/macros", get(macros).post(create_macro))
        .route("/macros/{id}", put(update_macro).delete(delete_macro))
}

#[derive(Serialize)]
struct MacroView {
    id: i64,
    name: String,
    #[serde(flatten)]
    definition: Macro,
}

impl From<ayuda_store::MacroRow> for MacroView {
    fn from(row: ayuda_store::MacroRow) -> MacroView {
        MacroView {
            id: row.id,
            name: row.name,
            definition: row.definition,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MacroInput {
    name: String,
    #[serde(flatten)]
    definition: Macro,
}

fn check_macro(input: &MacroInput) -> AppResult<String> {
    let name = desk::required(Some(&input.name), "name", 100)?;
    desk::text_field(Some(&input.definition.reply), "reply", desk::MAX_BODY_CHARS)?;
    desk::new_tags(&[], &input.definition.add_tags, &[])?;
    if input.definition.set_status == Some(Status::New) {
        return Err(AppError::invalid("a macro cannot set a ticket back to new"));
    }
    Ok(name)
}

async fn macros(_: Desk, State(state): State<AppState>) -> AppResult<AppJson<Vec<MacroView>>> {
    Ok(AppJson(
        state
            .store
            .macros()
            .await?
            .into_iter()
            .map(MacroView::from)
            .collect(),
    ))
}

async fn create_macro(
    _: Admin,
    State(state): State<AppState>,
    body: Result<axum::Json<MacroInput>, axum::extract::rejection::JsonRejection>,
) -> AppResult<(StatusCode, AppJson<MacroView>)> {
    let input = body?.0;
    let name = check_macro(&input)?;
    let row = state.store.create_macro(&name, &input.definition).await?;
    Ok((StatusCode::CREATED, AppJson(MacroView::from(row))))
}

async fn update_macro(
    _: Admin,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    body: Result<axum::Json<MacroInput>, axum::extract::rejection::JsonRejection>,
) -> AppResult<AppJson<MacroView>> {
    let input = body?.0;
    let name = check_macro(&input)?;
    let row = state
        .store
        .update_macro(id, &name, &input.definition)
        .await?;
    Ok(AppJson(MacroView::from(row)))
}

async fn delete_macro(
    _: Admin,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    state.store.delete_macro(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
