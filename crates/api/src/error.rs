//! The one error body every failing request receives: `{"error": {"code", "message"}}`.

use serde::{Deserialize, Serialize};

/// The JSON body of every 4xx/5xx response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// A stable machine-readable `code` and a human-readable `message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code: code.as_str().to_owned(),
                message: message.into(),
            },
        }
    }
}

/// Every error code the API can answer with. Codes are part of the stable contract: add new
/// ones freely, never rename one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The request body is not valid JSON or does not have the expected shape.
    InvalidJson,
    /// A field or query parameter has an invalid value.
    InvalidInput,
    /// The request body is larger than the server accepts.
    PayloadTooLarge,
    /// No (valid) credentials were sent.
    Unauthorized,
    /// Wrong e-mail or password.
    InvalidCredentials,
    /// The credentials are valid but the role may not do this.
    Forbidden,
    /// The site key is unknown.
    SiteNotFound,
    /// The article does not exist (or is not published, for public endpoints).
    ArticleNotFound,
    /// Any other missing resource (version, user, token, route).
    NotFound,
    /// An upload whose content is not one of the accepted types.
    UnsupportedMediaType,
    /// The change is not allowed in the ticket's current state (a status transition, a second
    /// CSAT answer, a write to a closed ticket).
    InvalidState,
    /// A unique key (slug + locale, e-mail, site key) is already taken.
    Conflict,
    /// Too many requests; retry after the `Retry-After` header.
    RateLimited,
    /// The HTTP method is not allowed on this path.
    MethodNotAllowed,
    /// Right password; the account has a second factor: send the code too.
    SecondFactorRequired,
    /// A second factor is required of everyone and this member has none yet: set one up first.
    SecondFactorSetupRequired,
    /// The article changed since the version the editor started from (`base_version`): the
    /// save is refused; the message names the current version, to compare with.
    EditConflict,
    /// An agent's reply was held: the ticket has messages (from the user or another agent)
    /// newer than the one the agent had seen (`seen_up_to`). Read them, then send again.
    NewerMessages,
    /// A part of the server is not available (e.g. the widget has not been built).
    Unavailable,
    /// Something failed on the server; details are in the server log, never in the response.
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 20] = [
        Self::InvalidJson,
        Self::InvalidInput,
        Self::PayloadTooLarge,
        Self::Unauthorized,
        Self::InvalidCredentials,
        Self::Forbidden,
        Self::SiteNotFound,
        Self::ArticleNotFound,
        Self::NotFound,
        Self::UnsupportedMediaType,
        Self::InvalidState,
        Self::Conflict,
        Self::RateLimited,
        Self::MethodNotAllowed,
        Self::EditConflict,
        Self::NewerMessages,
        Self::SecondFactorRequired,
        Self::SecondFactorSetupRequired,
        Self::Unavailable,
        Self::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::InvalidInput => "invalid_input",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::SiteNotFound => "site_not_found",
            Self::ArticleNotFound => "article_not_found",
            Self::NotFound => "not_found",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::InvalidState => "invalid_state",
            Self::Conflict => "conflict",
            Self::RateLimited => "rate_limited",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::EditConflict => "edit_conflict",
            Self::NewerMessages => "newer_messages",
            Self::SecondFactorRequired => "second_factor_required",
            Self::SecondFactorSetupRequired => "second_factor_setup_required",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_the_documented_shape() {
        let body = ErrorBody::new(ErrorCode::ArticleNotFound, "no such article");
        let json = serde_json::to_value(&body).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"error": {"code": "article_not_found", "message": "no such article"}})
        );
    }

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
    }
}
