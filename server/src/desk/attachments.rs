//! Uploaded files: the type is decided by the bytes (never by the name or the declared
//! `Content-Type`), the name must agree with it, and downloads carry headers that stop a
//! browser from running anything in them.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ayuda_api::ErrorCode;
use ayuda_store::AttachmentMeta;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Largest file, bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Files one uploader may hold uploaded and not yet sent.
pub const MAX_PENDING_UPLOADS: i64 = 20;

/// A file sent as a request's raw body (`?name=FILE`), checked like every upload.
#[derive(Debug)]
pub struct Upload {
    pub name: String,
    pub content_type: &'static str,
    /// Lowercase hex.
    pub sha256: String,
    pub data: Bytes,
}

/// Reads an upload: too big is 413 (the route's body limit), a type not accepted 415.
pub fn read_upload(name: Option<&str>, body: Result<Bytes, BytesRejection>) -> AppResult<Upload> {
    let data = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::client(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                "files are limited to 10 MB",
            )
        } else {
            AppError::invalid("could not read the upload")
        }
    })?;
    let name = clean_name(name.unwrap_or("file"));
    let content_type = check_upload(&name, &data)?;
    let sha256 = Sha256::digest(&data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Upload {
        name,
        content_type,
        sha256,
        data,
    })
}

/// The accepted types, by content.
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some("image/webp")
    } else if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if is_plain_text(data) {
        Some("text/plain")
    } else {
        None
    }
}

/// UTF-8 without NUL or other control characters but tab, line breaks and form feed.
fn is_plain_text(data: &[u8]) -> bool {
    !data.is_empty()
        && std::str::from_utf8(data).is_ok_and(|text| {
            text.chars()
                .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        })
}

/// The type a file name claims by its extension, if it claims one we know.
fn claimed_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" | "log" | "text" | "md" | "csv" => "text/plain",
        _ => return None,
    })
}

/// A safe file name: the last path component, control characters and quotes dropped, at most
/// 120 characters; `file` when nothing is left.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '\\'))
        .take(120)
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.');
    if trimmed.is_empty() {
        "file".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Checks an upload and returns its detected type.
pub fn check_upload(name: &str, data: &[u8]) -> AppResult<&'static str> {
    if data.len() > MAX_FILE_BYTES {
        return Err(AppError::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            "files are limited to 10 MB",
        ));
    }
    let Some(detected) = sniff(data) else {
        return Err(AppError::client(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "only PNG, JPEG, WebP, PDF and plain-text files are accepted",
        ));
    };
    if let Some(claimed) = claimed_type(name)
        && claimed != detected
    {
        return Err(AppError::client(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            format!("the file's name says {claimed} but its content is {detected}"),
        ));
    }
    Ok(detected)
}

/// Attachment ids are 32 lowercase hex characters.
pub fn check_id(id: &str) -> AppResult<()> {
    if id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(())
    } else {
        Err(AppError::invalid("attachment ids are 32 hex characters"))
    }
}

/// The attachment `id` if `allowed` accepts it; the same 404 otherwise (malformed ids too), so
/// a caller never learns whether somebody else's file exists.
pub async fn find(
    state: &AppState,
    id: &str,
    allowed: impl Fn(&AttachmentMeta) -> bool,
) -> AppResult<AttachmentMeta> {
    let missing = || AppError::not_found("no such file");
    check_id(id).map_err(|_| missing())?;
    state
        .store
        .attachment(id)
        .await?
        .filter(|meta| allowed(meta))
        .ok_or_else(missing)
}

/// Reads the file's bytes and answers with [`download`].
pub async fn send(state: &AppState, meta: &AttachmentMeta) -> AppResult<Response> {
    let data = state
        .store
        .attachment_data(&meta.public_id)
        .await?
        .unwrap_or_default();
    Ok(download(meta, data))
}

/// The download response: exact type, no sniffing, a sandbox CSP, images inline and
/// everything else as a download.
pub fn download(meta: &AttachmentMeta, data: Vec<u8>) -> Response {
    download_named(&meta.name, &meta.content_type, data)
}

/// [`download`] for a file known by its name and detected type.
pub fn download_named(name: &str, content_type: &str, data: Vec<u8>) -> Response {
    let inline = content_type.starts_with("image/");
    let disposition = format!(
        "{}; filename=\"{}\"",
        if inline { "inline" } else { "attachment" },
        name.replace(|c: char| !c.is_ascii() || c == '"', "_")
    );
    let mut response = data.into_response();
    let headers = response.headers_mut();
    let content_type = if content_type == "text/plain" {
        "text/plain; charset=utf-8"
    } else {
        content_type
    };
    for (name, value) in [
        (header::CONTENT_TYPE, content_type.to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; img-src 'self'; sandbox".to_owned(),
        ),
        (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

/// A store error on a write that claims uploads: an upload that is missing, someone else's or
/// already used is the client's mistake (400, the same answer in every case, so nobody learns
/// whether another user's upload exists); anything else is what it is.
pub fn claim_error(error: ayuda_store::Error) -> AppError {
    match error {
        ayuda_store::Error::NotFound(what @ ayuda_store::Entity::Attachment(_)) => {
            AppError::invalid(format!(
                "{what} is not an unused upload of yours on this site"
            ))
        }
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_content() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(
            sniff("línea uno\nline two\t".as_bytes()),
            Some("text/plain")
        );
        assert_eq!(sniff(b"MZ\x90\0\x03"), None);
        assert_eq!(sniff(b"GIF89a"), Some("text/plain"));
        assert_eq!(sniff(b"\0\0\0"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn names_must_agree_with_content() {
        assert_eq!(
            check_upload("shot.PNG", b"\x89PNG\r\n\x1a\n").unwrap(),
            "image/png"
        );
        assert!(check_upload("shot.png", b"<html><script>alert(1)</script>").is_err());
        assert!(check_upload("notes.txt", b"%PDF-1.4").is_err());
        assert!(check_upload("virus.exe", b"MZ\x90\0").is_err());
        assert_eq!(check_upload("README", b"hello").unwrap(), "text/plain");
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert!(check_upload("big.txt", &big).is_err());
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\x\\shot.png"), "shot.png");
        assert_eq!(
            clean_name("<img src=x onerror=alert(1)>.png"),
            "img src=x onerror=alert(1).png"
        );
        assert_eq!(clean_name("..."), "file");
        assert_eq!(clean_name(""), "file");
        assert!(check_id("0123456789abcdef0123456789abcdef").is_ok());
        assert!(check_id("../x").is_err());
    }
}
