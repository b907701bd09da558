//! The store's one error type.

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A unique key is already taken (slug + locale, e-mail, site key).
    #[error("{0} already exists")]
    Conflict(String),
    /// The row to change does not exist.
    #[error("{0} not found")]
    NotFound(Entity),
    /// The database URL names no backend we support.
    #[error("unsupported database URL (expected sqlite:… or postgres://…): {0}")]
    UnsupportedUrl(String),
    /// A stored JSON column could not be read back.
    #[error("corrupt stored value in {column}: {source}")]
    Corrupt {
        column: &'static str,
        source: serde_json::Error,
    },
    /// An article changed since the version an editor started from.
    #[error("article {id} is at version {current} now")]
    StaleVersion { id: i64, current: i64 },
    /// A message held: its ticket has `count` messages by others newer than the one its
    /// author had seen.
    #[error("ticket {ticket} has {count} newer messages")]
    NewerMessages { ticket: i64, count: i64 },
    /// A stored word outside its vocabulary (a credential's kind, say).
    #[error("unknown stored value: {0}")]
    UnknownWord(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What was not found, by its key: callers match on the entity, never on a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entity {
    Site(String),
    /// A staff account, by e-mail.
    User(String),
    Article(i64),
    /// A version of an article: `(article id, version)`.
    ArticleVersion(i64, i64),
    Ticket(i64),
    Macro(i64),
    /// An upload by its public id (missing, someone else's, or already claimed).
    Attachment(String),
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Entity::Site(key) => write!(f, "site {key}"),
            Entity::User(email) => write!(f, "user {email}"),
            Entity::Article(id) => write!(f, "article {id}"),
            Entity::ArticleVersion(id, version) => write!(f, "version {version} of article {id}"),
            Entity::Ticket(id) => write!(f, "ticket {id}"),
            Entity::Macro(id) => write!(f, "macro {id}"),
            Entity::Attachment(id) => write!(f, "attachment {id}"),
        }
    }
}

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
