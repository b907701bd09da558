//! The articles list's bulk actions: which rows are selected, the request for an action on
//! them (`POST /api/v1/articles/bulk`) and what its answer comes to (how many were done, which
//! were refused and why).

use std::collections::BTreeSet;

use ayuda_api::{BulkRequest, BulkResponse};

/// The most articles one bulk request may name (the server refuses more).
pub const MAX_IDS: usize = 100;

/// What to do to every selected article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkAction {
    /// Publish the latest version.
    Publish,
    Unpublish,
    /// Take off the public side.
    Archive,
    AddTag(String),
    RemoveTag(String),
}

impl BulkAction {
    /// The API's name of the action.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Publish => "publish",
            Self::Unpublish => "unpublish",
            Self::Archive => "archive",
            Self::AddTag(_) => "add_tag",
            Self::RemoveTag(_) => "remove_tag",
        }
    }

    /// The tag of a tag action, trimmed.
    pub fn tag(&self) -> Option<&str> {
        match self {
            Self::AddTag(tag) | Self::RemoveTag(tag) => Some(tag.trim()),
            Self::Publish | Self::Unpublish | Self::Archive => None,
        }
    }
}

/// Why an action cannot be asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotSent {
    NothingSelected,
    /// A tag action without a tag.
    NoTag,
    /// More than [`MAX_IDS`] articles.
    TooMany,
}

/// The request for `action` on the articles `ids` (in the list's order).
pub fn request(action: &BulkAction, ids: &[i64]) -> Result<BulkRequest, NotSent> {
    if ids.is_empty() {
        return Err(NotSent::NothingSelected);
    }
    if ids.len() > MAX_IDS {
        return Err(NotSent::TooMany);
    }
    let tag = match action.tag() {
        Some("") => return Err(NotSent::NoTag),
        Some(tag) => Some(tag.to_owned()),
        None => None,
    };
    Ok(BulkRequest {
        ids: ids.to_vec(),
        action: action.name().to_owned(),
        tag,
    })
}

/// One article the server refused, named for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub id: i64,
    /// Its title (or `#id` when the list no longer shows it).
    pub title: String,
    /// The server's reason (in English), or its code when it sent no message.
    pub reason: String,
}

/// What a bulk action came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub done: usize,
    pub refused: Vec<Refused>,
}

/// Sums up `response`, naming refused articles by `title_of` their id.
pub fn outcome(response: &BulkResponse, title_of: impl Fn(i64) -> Option<String>) -> Outcome {
    let mut done = 0;
    let mut refused = Vec::new();
    for result in &response.results {
        if result.ok {
            done += 1;
            continue;
        }
        let reason = result
            .error
            .as_ref()
            .map(|error| {
                if error.message.trim().is_empty() {
                    error.code.clone()
                } else {
                    error.message.trim().to_owned()
                }
            })
            .unwrap_or_default();
        refused.push(Refused {
            id: result.id,
            title: title_of(result.id).unwrap_or_else(|| format!("#{}", result.id)),
            reason,
        });
    }
    Outcome { done, refused }
}

/// How much of a page is selected, for its "select all" box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageSelection {
    None,
    Some,
    All,
}

/// How much of the page of `ids` is in `selected`.
pub fn page_selection(ids: &[i64], selected: &BTreeSet<i64>) -> PageSelection {
    let count = ids.iter().filter(|id| selected.contains(id)).count();
    match count {
        0 => PageSelection::None,
        n if n == ids.len() => PageSelection::All,
        _ => PageSelection::Some,
    }
}

/// The selected ids in the page's order (what a request names).
pub fn in_page_order(ids: &[i64], selected: &BTreeSet<i64>) -> Vec<i64> {
    ids.iter()
        .copied()
        .filter(|id| selected.contains(id))
        .collect()
}

#[cfg(test)]
mod tests {
    use ayuda_api::{BulkOutcome, ErrorDetail};

    use super::*;

    #[test]
    fn requests_name_the_action_and_its_tag() {
        let publish = request(&BulkAction::Publish, &[3, 1]);
        assert_eq!(
            publish,
            Ok(BulkRequest {
                ids: vec![3, 1],
                action: "publish".to_owned(),
                tag: None,
            })
        );
        let tag = request(&BulkAction::AddTag("  billing ".to_owned()), &[2]);
        assert_eq!(
            tag.map(|r| (r.action, r.tag)),
            Ok(("add_tag".to_owned(), Some("billing".to_owned())))
        );
        assert_eq!(
            request(&BulkAction::RemoveTag(" ".to_owned()), &[2]),
            Err(NotSent::NoTag)
        );
        assert_eq!(
            request(&BulkAction::Unpublish, &[]),
            Err(NotSent::NothingSelected)
        );
        let many: Vec<i64> = (1..=101).collect();
        assert_eq!(
            request(&BulkAction::Unpublish, &many),
            Err(NotSent::TooMany)
        );
        assert!(request(&BulkAction::Unpublish, &many[..100]).is_ok());
        let json =
            serde_json::to_value(request(&BulkAction::Publish, &[1]).ok()).unwrap_or_default();
        assert_eq!(json, serde_json::json!({"ids": [1], "action": "publish"}));
        let archive =
            serde_json::to_value(request(&BulkAction::Archive, &[4, 2]).ok()).unwrap_or_default();
        assert_eq!(
            archive,
            serde_json::json!({"ids": [4, 2], "action": "archive"})
        );
    }

    #[test]
    fn outcomes_count_and_name_the_refused() {
        let refusal = |id: i64, code: &str, message: &str| BulkOutcome {
            id,
            ok: false,
            article: None,
            error: Some(ErrorDetail {
                code: code.to_owned(),
                message: message.to_owned(),
            }),
        };
        let done = |id: i64| BulkOutcome {
            id,
            ok: true,
            article: None,
            error: None,
        };
        let response = BulkResponse {
            results: vec![
                done(1),
                refusal(2, "invalid_input", "article 2 is archived "),
                done(3),
                refusal(9, "not_found", ""),
            ],
        };
        let titles = |id: i64| (id == 2).then(|| "Cambiar el IVA".to_owned());
        assert_eq!(
            outcome(&response, titles),
            Outcome {
                done: 2,
                refused: vec![
                    Refused {
                        id: 2,
                        title: "Cambiar el IVA".to_owned(),
                        reason: "article 2 is archived".to_owned(),
                    },
                    Refused {
                        id: 9,
                        title: "#9".to_owned(),
                        reason: "not_found".to_owned(),
                    },
                ],
            }
        );
    }

    #[test]
    fn the_select_all_box_follows_the_rows() {
        let page = [5, 4, 3];
        let mut selected = BTreeSet::new();
        assert_eq!(page_selection(&page, &selected), PageSelection::None);
        selected.insert(4);
        selected.insert(99);
        assert_eq!(page_selection(&page, &selected), PageSelection::Some);
        selected.extend([5, 3]);
        assert_eq!(page_selection(&page, &selected), PageSelection::All);
        assert_eq!(in_page_order(&page, &selected), vec![5, 4, 3]);
        assert_eq!(page_selection(&[], &selected), PageSelection::None);
    }
}
