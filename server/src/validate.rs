//! Input rules for articles, shared by the API and the importer.

use ayuda_store::Content;

use crate::error::{AppError, AppResult};

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
pub const MAX_SLUG_CHARS: usize = 120;
const MAX_LIST: usize = 50;
const MAX_TAG_CHARS: usize = 60;
const MAX_CONTEXT_CHARS: usize = 500;
const MAX_KEY_CHARS: usize = 200;

/// A slug is 1–120 characters of `a-z`, `0-9` and inner hyphens.
pub fn check_slug(slug: &str) -> AppResult<()> {
    let ok = !slug.is_empty()
        && slug.chars().count() <= MAX_SLUG_CHARS
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(format!(
            "slug {:?} must be 1 to {MAX_SLUG_CHARS} lowercase letters, digits and inner hyphens",
            crate::error::truncate(slug, 40)
        )))
    }
}

pub fn check_locale(locale: &str) -> AppResult<String> {
    ayuda_kb::locale::normalize(locale).ok_or_else(|| {
        AppError::invalid(format!(
            "locale {:?} is not a language code like \"es\", \"en\" or \"pt-BR\"",
            crate::error::truncate(locale, 20)
        ))
    })
}

pub fn check_translation_key(key: &str) -> AppResult<()> {
    if key.trim().is_empty()
        || key.chars().count() > MAX_KEY_CHARS
        || key.chars().any(char::is_control)
    {
        return Err(AppError::invalid(format!(
            "translation_key must be 1 to {MAX_KEY_CHARS} characters without control characters"
        )));
    }
    Ok(())
}

fn clean_list(field: &str, items: &[String], max_chars: usize) -> AppResult<Vec<String>> {
    if items.len() > MAX_LIST {
        return Err(AppError::invalid(format!(
            "{field} may have at most {MAX_LIST} entries"
        )));
    }
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        if item.chars().count() > max_chars || item.chars().any(char::is_control) {
            return Err(AppError::invalid(format!(
                "each entry of {field} must be at most {max_chars} characters without control characters"
            )));
        }
        if !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    }
    Ok(out)
}

/// Checks and normalises a list of tags (trimmed, empty ones dropped, no duplicates).
pub fn tags(tags: &[String]) -> AppResult<Vec<String>> {
    clean_list("tags", tags, MAX_TAG_CHARS)
}

/// Checks and normalises the versioned fields of an article.
pub fn content(
    title: &str,
    body: &str,
    tags: &[String],
    contexts: &[String],
) -> AppResult<Content> {
    let title = title.trim();
    if title.is_empty()
        || title.chars().count() > MAX_TITLE_CHARS
        || title.chars().any(char::is_control)
    {
        return Err(AppError::invalid(format!(
            "title must be 1 to {MAX_TITLE_CHARS} characters without control characters"
        )));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(AppError::invalid(format!(
            "body must be at most {MAX_BODY_BYTES} bytes"
        )));
    }
    if body.contains('\0') {
        return Err(AppError::invalid("body must not contain NUL characters"));
    }
    Ok(Content {
        title: title.to_owned(),
        body: body.to_owned(),
        tags: clean_list("tags", tags, MAX_TAG_CHARS)?,
        contexts: clean_list("contexts", contexts, MAX_CONTEXT_CHARS)?,
    })
}

/// Checks a list of site keys against the known sites.
pub fn sites(list: &[String], known: impl Fn(&str) -> bool) -> AppResult<Vec<String>> {
    let list = clean_list("sites", list, 64)?;
    if let Some(unknown) = list.iter().find(|s| !known(s)) {
        return Err(AppError::invalid(format!(
            "unknown site {:?} in sites",
            crate::error::truncate(unknown, 64)
        )));
    }
    Ok(list)
}

/// A list's `limit` parameter: `default` when absent, else 1 to 500.
pub fn limit(value: Option<i64>, default: i64) -> AppResult<i64> {
    let limit = value.unwrap_or(default);
    if (1..=500).contains(&limit) {
        Ok(limit)
    } else {
        Err(AppError::invalid("limit must be between 1 and 500"))
    }
}

/// An optional RFC 3339 time parameter named `field`, as Unix milliseconds.
pub fn time_param(value: Option<&str>, field: &str) -> AppResult<Option<i64>> {
    value
        .map(|text| {
            crate::time::parse_rfc3339(text)
                .ok_or_else(|| AppError::invalid(format!("{field} must be an RFC 3339 time")))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(check_slug("crear-una-factura").is_ok());
        assert!(check_slug("a1").is_ok());
        for bad in [
            "",
            "-a",
            "a-",
            "Mayus",
            "con espacio",
            "ñ",
            &"a".repeat(121),
            "../etc",
        ] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn content_rules() {
        assert!(content("  ", "", &[], &[]).is_err());
        assert!(content(&"t".repeat(301), "", &[], &[]).is_err());
        assert!(content("t", "a\0b", &[], &[]).is_err());
        let c = content(
            " Título ",
            "body",
            &[" a ".into(), "a".into(), "".into()],
            &[],
        )
        .unwrap();
        assert_eq!(c.title, "Título");
        assert_eq!(c.tags, vec!["a".to_owned()]);
        let many: Vec<String> = (0..51).map(|i| i.to_string()).collect();
        assert!(content("t", "", &many, &[]).is_err());
    }
}
