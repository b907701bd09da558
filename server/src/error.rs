//! The server's one error type and its mapping to HTTP: `{"error": {"code", "message"}}`.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ayuda_api::{ErrorBody, ErrorCode};
use ayuda_store::Entity;

/// Everything a request can fail with. Client errors carry their own message; internal ones
/// are logged with their cause and answered with a generic message.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{message}")]
    Client {
        status: StatusCode,
        code: ErrorCode,
        message: String,
    },
    #[error("too many requests; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error(transparent)]
    Store(#[from] ayuda_store::Error),
    #[error(transparent)]
    Kb(#[from] ayuda_kb::Error),
    /// A help-desk rule refused the change (a status transition, a second CSAT answer…).
    #[error(transparent)]
    Desk(#[from] ayuda_desk::Error),
    #[error("{0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::client(StatusCode::BAD_REQUEST, ErrorCode::InvalidInput, message)
    }

    pub fn client(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Client {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn unauthorized() -> Self {
        Self::client(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "this call needs a staff token: send `Authorization: Bearer TOKEN` (POST /api/v1/auth/login)",
        )
    }

    pub fn forbidden(what: &str) -> Self {
        Self::client(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            format!("your role may not {what}"),
        )
    }

    pub fn site_not_found(key: &str) -> Self {
        Self::client(
            StatusCode::NOT_FOUND,
            ErrorCode::SiteNotFound,
            format!("no site with key {:?}", truncate(key, 64)),
        )
    }

    pub fn article_not_found() -> Self {
        Self::client(
            StatusCode::NOT_FOUND,
            ErrorCode::ArticleNotFound,
            "no such article",
        )
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::client(StatusCode::NOT_FOUND, ErrorCode::NotFound, what)
    }

    /// The code and message a client receives for this error (a server error's cause is
    /// logged, never sent).
    pub fn detail(&self) -> ayuda_api::ErrorDetail {
        let (status, code, message) = self.parts();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        ayuda_api::ErrorDetail {
            code: code.as_str().to_owned(),
            message,
        }
    }

    fn parts(&self) -> (StatusCode, ErrorCode, String) {
        match self {
            Self::Client {
                status,
                code,
                message,
            } => (*status, *code, message.clone()),
            Self::RateLimited { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                self.to_string(),
            ),
            Self::Store(ayuda_store::Error::Conflict(what)) => (
                StatusCode::CONFLICT,
                ErrorCode::Conflict,
                format!("{what} already exists"),
            ),
            Self::Store(ayuda_store::Error::StaleVersion { id, current }) => (
                StatusCode::CONFLICT,
                ErrorCode::EditConflict,
                format!("article {id} was changed meanwhile: it is at version {current} now"),
            ),
            Self::Store(ayuda_store::Error::NewerMessages { count, .. }) => (
                StatusCode::CONFLICT,
                ErrorCode::NewerMessages,
                format!(
                    "held: {count} newer message(s) on this ticket since the one you saw; \
                     read them, then send again"
                ),
            ),
            Self::Store(ayuda_store::Error::NotFound(what)) => {
                let code = match what {
                    Entity::Article(_) => ErrorCode::ArticleNotFound,
                    _ => ErrorCode::NotFound,
                };
                (StatusCode::NOT_FOUND, code, format!("{what} not found"))
            }
            Self::Kb(e) if e.is_user_error() => (
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidInput,
                e.to_string(),
            ),
            Self::Desk(e) => {
                let (status, code) = match e {
                    ayuda_desk::Error::CommentTooLong { .. }
                    | ayuda_desk::Error::UnknownTimeZone(_)
                    | ayuda_desk::Error::EmptyInterval { .. }
                    | ayuda_desk::Error::UnsortedIntervals { .. } => {
                        (StatusCode::BAD_REQUEST, ErrorCode::InvalidInput)
                    }
                    _ => (StatusCode::CONFLICT, ErrorCode::InvalidState),
                };
                (status, code, e.to_string())
            }
            Self::Store(_) | Self::Kb(_) | Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "internal error; the cause is in the server log".to_owned(),
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message) = self.parts();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut response = (status, axum::Json(ErrorBody::new(code, message))).into_response();
        if let Self::RateLimited { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::client(status, ErrorCode::PayloadTooLarge, "request body too large");
        }
        if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
            return Self::client(
                status,
                ErrorCode::InvalidJson,
                "expected a JSON body with `Content-Type: application/json`",
            );
        }
        Self::client(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            truncate(&rejection.body_text(), 300),
        )
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        Self::invalid(truncate(&rejection.body_text(), 300))
    }
}

/// The first `max` characters of `s`, for echoing user input in messages.
pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// `Json` whose rejection is an [`AppError`], so a malformed body gets the standard shape.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct AppJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `Query` whose rejection is an [`AppError`].
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct AppQuery<T>(pub T);

/// `Path` whose rejection is an [`AppError`] (`/articles/abc` is a 400, not plain text).
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct AppPath<T>(pub T);

impl From<axum::extract::rejection::PathRejection> for AppError {
    fn from(rejection: axum::extract::rejection::PathRejection) -> Self {
        Self::invalid(truncate(&rejection.body_text(), 300))
    }
}
