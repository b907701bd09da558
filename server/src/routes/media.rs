//! The images of articles, served publicly at `/media/{id}.{ext}` with headers that keep a
//! browser from running anything in them (uploads are in `super::images`).

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::images::extension;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/media/{file}", get(serve))
}

async fn serve(
    State(state): State<AppState>,
    UrlPath(file): UrlPath<String>,
) -> AppResult<Response> {
    let (id, ext) = file
        .rsplit_once('.')
        .ok_or_else(|| AppError::not_found("no such image"))?;
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::not_found("no such image"));
    }
    let (content_type, data) = state
        .store
        .image(id)
        .await?
        .filter(|(kind, _)| extension(kind) == Some(ext))
        .ok_or_else(|| AppError::not_found("no such image"))?;
    let mut response = data.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    // Help centres embed their articles' images on other sites (the widget's frame).
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    Ok(response)
}
