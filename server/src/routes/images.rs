//! Images in articles: editors upload them (pasted or dropped in the editor); everyone reads
//! them at `/media/{id}.{ext}` (`super::media`). The type is decided by the bytes: a file that is really HTML or
//! SVG is refused whatever its name, and images are served with headers that keep a browser
//! from running anything.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::post;
use ayuda_api::{ErrorCode, UploadedImage};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::auth::Editor;
use crate::desk::attachments::{clean_name, sniff};
use crate::error::{AppError, AppQuery, AppResult};
use crate::state::AppState;

/// Largest image, bytes.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// Under `/api/v1`.
pub fn api_router() -> Router<AppState> {
    Router::new().route(
        "/images",
        post(upload).layer(DefaultBodyLimit::max(MAX_IMAGE_BYTES + 1)),
    )
}

/// The file extension an accepted image type is served under.
pub fn extension(content_type: &str) -> Option<&'static str> {
    match content_type {
        "image/png" => Some("png"),
        "image/jpeg" => Some("jpg"),
        "image/webp" => Some("webp"),
        _ => None,
    }
}

#[derive(Debug, Deserialize)]
pub struct UploadParams {
    name: Option<String>,
}

async fn upload(
    Editor(staff): Editor,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<UploadParams>,
    body: Bytes,
) -> AppResult<(StatusCode, axum::Json<UploadedImage>)> {
    if body.is_empty() {
        return Err(AppError::invalid("the body must be the image"));
    }
    if body.len() > MAX_IMAGE_BYTES {
        return Err(AppError::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            "images are at most 5 MB",
        ));
    }
    let content_type = sniff(&body)
        .filter(|kind| extension(kind).is_some())
        .ok_or_else(|| {
            AppError::client(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "not an image: PNG, JPEG or WebP only, judged by the file's content",
            )
        })?;
    let ext = extension(content_type).unwrap_or("bin");
    let sha256: String = Sha256::digest(&body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let meta = state
        .store
        .insert_image(content_type, &sha256, &body, Some(&staff.user.email))
        .await?;
    let url = format!("/media/{}.{ext}", meta.public_id);
    // The alt text from the file name, without anything Markdown would read.
    let alt: String = params
        .name
        .as_deref()
        .map(clean_name)
        .unwrap_or_default()
        .rsplit_once('.')
        .map_or_else(String::new, |(stem, _)| stem.to_owned())
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | '(' | ')' | '!' | '*' | '_' | '`' | '<' | '>'))
        .take(100)
        .collect();
    Ok((
        StatusCode::CREATED,
        axum::Json(UploadedImage {
            markdown: format!("![{alt}]({url})"),
            url,
            content_type: content_type.to_owned(),
            size: meta.size,
        }),
    ))
}
