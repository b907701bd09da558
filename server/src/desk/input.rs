//! Input rules the desk's routes and services share: keys, bounded text fields, and the wire
//! names of the desk's enums. The ground floor of `desk`: it imports nothing else of it.

use ayuda_desk::{Impact, Level, Status, Tier};

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

/// The name serde gives a unit enum variant (`Level::L3` → `l3`): its wire form.
pub fn wire_name<T: serde::Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

fn parse_wire<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
    allowed: &str,
) -> AppResult<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| AppError::invalid(format!("{what} must be one of {allowed}")))
}

pub fn parse_level(text: &str) -> AppResult<Level> {
    parse_wire(text, "level", "l1, l2, l3")
}

pub fn parse_status(text: &str) -> AppResult<Status> {
    parse_wire(text, "status", "new, open, pending, solved, closed")
}

pub fn parse_tier(text: &str) -> AppResult<Tier> {
    parse_wire(text, "tier", "first_line, second_line, third_line")
}

/// The contact form's impact answer: `blocked` / `degraded` / `question` (or the desk's own
/// names `cant_work` / `broken_with_workaround`).
pub fn parse_impact(text: &str) -> AppResult<Impact> {
    match text {
        "blocked" | "cant_work" => Ok(Impact::CantWork),
        "degraded" | "broken_with_workaround" => Ok(Impact::BrokenWithWorkaround),
        "question" => Ok(Impact::Question),
        _ => Err(AppError::invalid(
            "impact must be one of blocked, degraded, question",
        )),
    }
}
