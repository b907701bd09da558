//! SQLite FTS5 as the baseline: how what a user typed becomes an FTS5 query.

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
