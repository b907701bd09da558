//! The store's one error type.

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A unique key is already taken (slug + locale, e-mail, site key).
    #[error("{0} already exists")]
    Conflict(String),
    /// The row to change does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// The database URL names no backend we support.
    #[error("unsupported database URL (expected sqlite:… or postgres://…): {0}")]
    UnsupportedUrl(String),
    /// A stored JSON column could not be read back.
    #[error("corrupt stored value in {column}: {source}")]
    Corrupt {
        column: &'static str,
        source: serde_json::Error,
    },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Maps a unique-constraint violation to [`Error::Conflict`], leaving other errors alone.
    pub(crate) fn conflict_on_unique(err: sqlx::Error, what: &str) -> Self {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            return Error::Conflict(what.to_owned());
        }
        Error::Database(err)
    }
}
