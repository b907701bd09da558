//! SQLite FTS5 as the baseline: its throw-away database with one table per language, and how
//! what a user typed becomes an FTS5 query.

use std::path::Path;

use anyhow::{Context, Result, bail};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions, SqliteConnection};

/// The FTS5 table of a locale (only `en` and `es` exist, so the name is never user text).
pub fn table(locale: &str) -> &'static str {
    if locale == "es" { "fts_es" } else { "fts_en" }
}

/// Opens a new database at `file` with an empty `(title, body)` FTS5 table per language,
/// `unicode61` with diacritics removed. No journal and no fsync: it is thrown away, and the
/// baseline's build time should not pay for durability.
pub async fn open(file: &Path) -> Result<SqliteConnection> {
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Off)
        .synchronous(SqliteSynchronous::Off)
        .connect()
        .await
        .context("cannot open the FTS5 database")?;
    let fts5: i64 = sqlx::query_scalar("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        .fetch_one(&mut conn)
        .await?;
    if fts5 != 1 {
        bail!("the bundled SQLite was built without FTS5; the baseline needs it");
    }
    for name in ["fts_en", "fts_es"] {
        sqlx::query(&format!(
            "CREATE VIRTUAL TABLE {name} USING fts5(title, body, \
             tokenize = 'unicode61 remove_diacritics 2')"
        ))
        .execute(&mut conn)
        .await?;
    }
    Ok(conn)
}

/// How the words of an FTS5 query combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Join {
    /// Every word (what a search box over titles does).
    And,
    /// Any word, ranked by `bm25()` (plain BM25 for questions).
    Or,
}

/// The FTS5 query for what the user typed: every word quoted (so no FTS5 syntax can get
/// through) and joined, the last one a prefix unless the user has finished it with a space or
/// punctuation. Words are split where `unicode61` splits them (at anything not a letter or
/// digit), so quoting never has to escape a `"`. `None` when there is no word at all.
pub fn match_query(text: &str, join: Join) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let typing = text.chars().last().is_some_and(char::is_alphanumeric);
    let count = words.len();
    let parts: Vec<String> = words
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            if i + 1 == count && typing {
                format!("\"{w}\"*")
            } else {
                format!("\"{w}\"")
            }
        })
        .collect();
    let joiner = match join {
        Join::And => " AND ",
        Join::Or => " OR ",
    };
    (!parts.is_empty()).then(|| parts.join(joiner))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_quoted_and_the_one_being_typed_a_prefix() {
        assert_eq!(
            match_query("Who lost to \"the\" Bron", Join::Or).as_deref(),
            Some("\"who\" OR \"lost\" OR \"to\" OR \"the\" OR \"bron\"*")
        );
        assert_eq!(
            match_query("cambiar contraseña ", Join::And).as_deref(),
            Some("\"cambiar\" AND \"contraseña\"")
        );
        assert_eq!(match_query(" ?! ", Join::Or), None);
        assert_eq!(
            match_query("Cómo conf", Join::And).as_deref(),
            Some("\"cómo\" AND \"conf\"*")
        );
        assert_eq!(match_query("iva ", Join::And).as_deref(), Some("\"iva\""));
        assert_eq!(
            match_query("a\"b OR c*", Join::And).as_deref(),
            Some("\"a\" AND \"b\" AND \"or\" AND \"c\"")
        );
        assert_eq!(match_query(" -- ", Join::And), None);
    }
}
