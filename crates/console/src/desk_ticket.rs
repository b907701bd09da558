//! One ticket's pure parts: the newest message seen (what a reply's `seen_up_to` says), the
//! thread kept in order as live messages arrive, the merge target typed by the agent, a "send
//! later" or "snooze until" time, the files a reply may carry, and the customer's attributes
//! as rows.

use ayuda_api::{StaffMessage, attachment_limits};
use serde_json::Value;

/// The newest message id in `messages` (0 when there are none).
pub fn newest_id(messages: &[StaffMessage]) -> i64 {
    messages.iter().map(|m| m.id).max().unwrap_or(0)
}

/// Adds `incoming` to `thread`: a message already there is replaced, the thread stays in id
/// order. Returns how many were new.
pub fn merge_messages(thread: &mut Vec<StaffMessage>, incoming: Vec<StaffMessage>) -> usize {
    let mut added = 0;
    for message in incoming {
        match thread.iter_mut().find(|m| m.id == message.id) {
            Some(known) => *known = message,
            None => {
                thread.push(message);
                added += 1;
            }
        }
    }
    thread.sort_by_key(|m| m.id);
    added
}

/// The ticket id an agent typed for a merge ("#42", "42"), unless it is this ticket.
pub fn merge_target(typed: &str, this: i64) -> Option<i64> {
    let digits = typed.trim().trim_start_matches('#');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0 && *id != this)
}

/// Why a "send later" or "snooze until" time cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendAtError {
    Missing,
    /// Not at least a minute from now.
    Past,
}

/// A "send later" or "snooze until" time (Unix ms, as the browser read the field; `None` when
/// it could not) checked against `now`.
pub fn send_at(at: Option<f64>, now: f64) -> Result<i64, SendAtError> {
    let at = at.filter(|at| at.is_finite()).ok_or(SendAtError::Missing)?;
    if at < now + 5_000.0 {
        return Err(SendAtError::Past);
    }
    Ok(at as i64)
}

/// A JSON object's entries as (name, text) rows, nested values written out as JSON, in the
/// order of their names; anything else gives no rows.
pub fn rows(value: &Value) -> Vec<(String, String)> {
    let Value::Object(map) = value else {
        return Vec::new();
    };
    map.iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(name, value)| {
            let text = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            (name.clone(), text)
        })
        .filter(|(_, text)| !text.is_empty() && text != "{}")
        .collect()
}

/// The environment's rows: its own fields, then its `context` entries as `context.name`.
pub fn environment_rows(value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, text) in rows(value) {
        if name == "context" {
            continue;
        }
        out.push((name, text));
    }
    if let Some(context) = value.get("context") {
        for (name, text) in rows(context) {
            out.push((format!("context.{name}"), text));
        }
    }
    out
}

/// Why a file cannot go with a reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// Already [`attachment_limits::MAX_FILES`] files.
    TooMany,
    /// Over [`attachment_limits::MAX_FILE_BYTES`].
    TooLarge,
    /// Not a type the server takes (it decides by the bytes; the browser's type is a first
    /// guess, and an empty one is left to the server).
    WrongType,
}

/// Whether a file of `content_type` and `size` may join `already` others.
pub fn check_file(content_type: &str, size: f64, already: usize) -> Result<(), FileProblem> {
    if already >= attachment_limits::MAX_FILES {
        return Err(FileProblem::TooMany);
    }
    if size > attachment_limits::MAX_FILE_BYTES as f64 {
        return Err(FileProblem::TooLarge);
    }
    if !content_type.is_empty() && !attachment_limits::ACCEPTED_TYPES.contains(&content_type) {
        return Err(FileProblem::WrongType);
    }
    Ok(())
}

/// Whether an attachment's type is shown inline as an image.
pub fn is_image(content_type: &str) -> bool {
    matches!(content_type, "image/png" | "image/jpeg" | "image/webp")
}

/// "1.2 MB", "340 KB", "12 B".
pub fn size_text(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{} KB", bytes / 1_000),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

#[cfg(test)]
mod tests {
    use ayuda_api::Author;
    use serde_json::json;

    use super::*;

    fn message(id: i64, body: &str) -> StaffMessage {
        StaffMessage {
            id,
            author: Author::User,
            author_id: None,
            author_name: None,
            body: body.to_owned(),
            internal: false,
            attachments: Vec::new(),
            created_at: id,
        }
    }

    #[test]
    fn live_messages_join_the_thread_once_and_in_order() {
        let mut thread = vec![message(1, "a"), message(3, "c")];
        assert_eq!(newest_id(&thread), 3);
        let added = merge_messages(&mut thread, vec![message(2, "b"), message(3, "c2")]);
        assert_eq!(added, 1);
        let ids: Vec<i64> = thread.iter().map(|m| m.id).collect();
        assert_eq!(ids, [1, 2, 3]);
        assert_eq!(thread[2].body, "c2");
        assert_eq!(newest_id(&[]), 0);
    }

    #[test]
    fn merge_targets_and_send_times() {
        assert_eq!(merge_target("#42", 7), Some(42));
        assert_eq!(merge_target(" 42 ", 7), Some(42));
        assert_eq!(merge_target("7", 7), None);
        assert_eq!(merge_target("0", 7), None);
        assert_eq!(merge_target("4a", 7), None);
        assert_eq!(send_at(None, 0.0), Err(SendAtError::Missing));
        assert_eq!(send_at(Some(f64::NAN), 0.0), Err(SendAtError::Missing));
        assert_eq!(send_at(Some(3_000.0), 0.0), Err(SendAtError::Past));
        assert_eq!(send_at(Some(30_000.0), 0.0), Ok(30_000));
        assert_eq!(send_at(Some(3_600_000.0), 0.0), Ok(3_600_000));
    }

    #[test]
    fn files_within_the_servers_limits() {
        assert_eq!(check_file("image/png", 1_000.0, 0), Ok(()));
        assert_eq!(check_file("", 1_000.0, 4), Ok(()));
        assert_eq!(check_file("image/png", 1.0, 5), Err(FileProblem::TooMany));
        assert_eq!(
            check_file("application/pdf", 11.0 * 1024.0 * 1024.0, 0),
            Err(FileProblem::TooLarge)
        );
        assert_eq!(
            check_file("application/zip", 10.0, 0),
            Err(FileProblem::WrongType)
        );
    }

    #[test]
    fn attributes_and_environment_as_rows() {
        let attributes = json!({"plan": "pro", "seats": 12, "none": null, "empty": ""});
        assert_eq!(
            rows(&attributes),
            vec![
                ("plan".to_owned(), "pro".to_owned()),
                ("seats".to_owned(), "12".to_owned())
            ]
        );
        let environment = json!({"url": "https://app/x", "context": {"app_version": "3.1"}});
        assert_eq!(
            environment_rows(&environment),
            vec![
                ("url".to_owned(), "https://app/x".to_owned()),
                ("context.app_version".to_owned(), "3.1".to_owned())
            ]
        );
        assert!(rows(&json!(null)).is_empty());
        assert!(is_image("image/png"));
        assert!(!is_image("application/pdf"));
        assert_eq!(size_text(12), "12 B");
        assert_eq!(size_text(340_000), "340 KB");
        assert_eq!(size_text(1_200_000), "1.2 MB");
    }
}
