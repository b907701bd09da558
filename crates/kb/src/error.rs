//! The crate's error type, split into mistakes in the caller's input and internal failures.

use std::path::PathBuf;

/// Everything that can go wrong in `ayuda-kb`.
///
/// The variants are grouped so the server can answer without inspecting messages: user errors
/// ([`Error::is_user_error`]) become a 4xx with the message shown as-is, internal errors become
/// a 5xx whose cause is logged and never sent to clients.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A locale string is not of the form `es`, `en` or `pt-BR` (see [`crate::locale`]).
    #[error("invalid locale {0:?}: expected a language code such as \"es\", \"en\" or \"pt-BR\"")]
    InvalidLocale(String),

    /// A document or argument is unusable as given; the message says which field and why.
    #[error("invalid input: {0}")]
    InvalidInput(String),

    /// The search engine failed (I/O, corruption, a writer that died).
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),

    /// A file or directory of the index could not be read or written.
    #[error("index I/O error at {path}: {source}")]
    Io {
        /// The file or directory the operation was about.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl Error {
    /// True when the caller sent something invalid (answer 4xx); false for internal failures
    /// (answer 5xx and log the cause).
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::InvalidLocale(_) | Error::InvalidInput(_))
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_and_internal_errors_are_told_apart() {
        assert!(Error::InvalidLocale("xx_YY".into()).is_user_error());
        assert!(Error::InvalidInput("title is empty".into()).is_user_error());
        let internal = Error::Index(tantivy::TantivyError::InternalError("boom".into()));
        assert!(!internal.is_user_error());
        let io = Error::io("/nowhere", std::io::Error::other("disk on fire"));
        assert!(!io.is_user_error());
        assert!(io.to_string().contains("/nowhere"));
    }
}
