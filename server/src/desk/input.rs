//! Input rules the desk's routes and services share: keys, bounded text fields, and the words of
//! the desk's vocabulary. The ground floor of `desk`: it imports nothing else of it.

use ayuda_api::Word;

use crate::error::{AppError, AppResult};

/// A key (category, group, tag): 1–64 characters of `a-z 0-9 _ - . :`.
pub fn validate_key(key: &str, what: &str) -> AppResult<()> {
    let ok = (1..=64).contains(&key.len())
        && key.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.' | b':')
        });
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(format!(
            "{what} must be 1–64 characters of a-z, 0-9, _ - . :"
        )))
    }
}

/// A text field, trimmed: at most `max` characters, no control characters but line breaks and
/// tabs. `None` when absent or blank.
pub fn text_field(value: Option<&str>, name: &str, max: usize) -> AppResult<Option<String>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > max {
        return Err(AppError::invalid(format!(
            "{name} is longer than {max} characters"
        )));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(AppError::invalid(format!(
            "{name} contains control characters"
        )));
    }
    Ok(Some(value.to_owned()))
}

/// A required text field.
pub fn required(value: Option<&str>, name: &str, max: usize) -> AppResult<String> {
    text_field(value, name, max)?.ok_or_else(|| AppError::invalid(format!("{name} is required")))
}

/// A word of the desk's vocabulary sent by a client (`"l3"`, `"pending"`); an unknown word is
/// `invalid_input` naming the accepted ones.
pub fn parse_word<T: Word>(text: &str) -> AppResult<T> {
    T::parse(text)
        .ok_or_else(|| AppError::invalid(format!("{} must be one of {}", T::FAMILY, T::listed())))
}
