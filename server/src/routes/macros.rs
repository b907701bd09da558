//! Macros: canned replies with field changes and files (admins write them, agents apply them
//! to a ticket through `staff_tickets`, or take their files into a reply of their own through
//! `ticket_actions`).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use ayuda_api::AttachmentInfo;
use ayuda_desk::{Macro, Status};
use ayuda_store::{MacroFile, MacroRow, NewMacroFile};
use serde::{Deserialize, Serialize};

use crate::auth::{Admin, Desk};
use crate::desk::{self, attachments};
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::state::AppState;

/// How many files one macro carries: as many as one message does, since they travel with its
/// reply.
pub const MAX_MACRO_FILES: usize = desk::MAX_ATTACHMENTS;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/macros", get(macros).post(create_macro))
        .route("/macros/{id}", put(update_macro).delete(delete_macro))
        .route(
            "/macros/{id}/files",
            post(upload).layer(DefaultBodyLimit::max(attachments::MAX_FILE_BYTES + 1)),
        )
        .route(
            "/macros/{id}/files/{file}",
            get(download).delete(remove_file),
        )
}

#[derive(Serialize)]
struct MacroView {
    id: i64,
    name: String,
    #[serde(flatten)]
    definition: Macro,
    /// Copied onto the ticket's reply whenever the macro is applied.
    files: Vec<AttachmentInfo>,
}

fn file_info(file: &MacroFile) -> AttachmentInfo {
    AttachmentInfo {
        id: file.public_id.clone(),
        name: file.name.clone(),
        content_type: file.content_type.clone(),
        size: u64::try_from(file.size).unwrap_or_default(),
        url: format!("/api/v1/macros/{}/files/{}", file.macro_id, file.public_id),
    }
}

fn view(row: MacroRow, files: &[MacroFile]) -> MacroView {
    MacroView {
        files: files
            .iter()
            .filter(|f| f.macro_id == row.id)
            .map(file_info)
            .collect(),
        id: row.id,
        name: row.name,
        definition: row.definition,
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
    let files = state.store.all_macro_files().await?;
    Ok(AppJson(
        state
            .store
            .macros()
            .await?
            .into_iter()
            .map(|row| view(row, &files))
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
    Ok((StatusCode::CREATED, AppJson(view(row, &[]))))
}

async fn update_macro(
    _: Admin,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    body: Result<axum::Json<MacroInput>, axum::extract::rejection::JsonRejection>,
) -> AppResult<AppJson<MacroView>> {
    let input = body?.0;
    let name = check_macro(&input)?;
    let files = state.store.macro_files(id).await?;
    if !files.is_empty() && input.definition.reply.trim().is_empty() {
        return Err(AppError::invalid(
            "a macro with files needs a reply to carry them: remove its files first",
        ));
    }
    let row = state
        .store
        .update_macro(id, &name, &input.definition)
        .await?;
    Ok(AppJson(view(row, &files)))
}

async fn delete_macro(
    _: Admin,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    state.store.delete_macro(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct UploadQuery {
    name: Option<String>,
}

/// `POST /macros/{id}/files?name=FILE` with the raw file (admins): typed by its content like
/// every upload, at most [`MAX_MACRO_FILES`] per macro, and only on a macro with a reply.
async fn upload(
    _: Admin,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    query: Result<axum::extract::Query<UploadQuery>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> AppResult<(StatusCode, AppJson<AttachmentInfo>)> {
    let row = state
        .store
        .macro_by_id(id)
        .await?
        .ok_or_else(|| AppError::not_found("no such macro"))?;
    let query = query?;
    let upload = attachments::read_upload(query.name.as_deref(), body)?;
    if row.definition.reply.trim().is_empty() {
        return Err(AppError::invalid(
            "files travel with the macro's reply: give the macro a reply first",
        ));
    }
    if state.store.macro_files(id).await?.len() >= MAX_MACRO_FILES {
        return Err(AppError::invalid(format!(
            "a macro carries at most {MAX_MACRO_FILES} files"
        )));
    }
    let file = state
        .store
        .insert_macro_file(&NewMacroFile {
            macro_id: id,
            name: &upload.name,
            content_type: upload.content_type,
            sha256: &upload.sha256,
            data: &upload.data,
        })
        .await?;
    Ok((StatusCode::CREATED, AppJson(file_info(&file))))
}

/// `GET /macros/{id}/files/{file}` (agents and admins), served like a ticket's files.
async fn download(
    _: Desk,
    State(state): State<AppState>,
    AppPath((id, file)): AppPath<(i64, String)>,
) -> AppResult<Response> {
    let missing = || AppError::not_found("no such file");
    attachments::check_id(&file).map_err(|_| missing())?;
    let (file, data) = state
        .store
        .macro_file(id, &file)
        .await?
        .ok_or_else(missing)?;
    Ok(attachments::download_named(
        &file.name,
        &file.content_type,
        data,
    ))
}

/// `DELETE /macros/{id}/files/{file}` (admins). Tickets keep the copies they were sent.
async fn remove_file(
    _: Admin,
    State(state): State<AppState>,
    AppPath((id, file)): AppPath<(i64, String)>,
) -> AppResult<StatusCode> {
    attachments::check_id(&file).map_err(|_| AppError::not_found("no such file"))?;
    match state.store.delete_macro_file(id, &file).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(ayuda_store::Error::NotFound(_)) => Err(AppError::not_found("no such file")),
        Err(other) => Err(other.into()),
    }
}
