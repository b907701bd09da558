//! The inbox's bulk actions: the change each one makes to every selected ticket (one `PATCH
//! /api/v1/tickets/{id}` each), the tag rule the server applies, and what the answers come to.

use ayuda_api::TicketPatch;

/// What to do to every selected ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkAction {
    /// Assign to this agent (the signed-in one for "Assign to me").
    Assign(i64),
    AddTag(String),
    /// A status word (`open`, `pending`, `solved`…).
    SetStatus(String),
}

/// Why a bulk action cannot be asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotSent {
    NothingSelected,
    /// The tag is empty or breaks the server's rule (1–64 of a-z, 0-9, `_ - . :`).
    BadTag,
    /// No agent or status picked.
    NothingPicked,
}

/// A tag as the server stores it (trimmed, lowercase), if it keeps its rule.
pub fn clean_tag(tag: &str) -> Option<String> {
    let tag = tag.trim().to_lowercase();
    let ok = (1..=64).contains(&tag.len())
        && tag.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.' | b':')
        });
    ok.then_some(tag)
}

/// The `PATCH` body for `action`, or why it cannot be sent (for `count` selected tickets).
pub fn patch(action: &BulkAction, count: usize) -> Result<TicketPatch, NotSent> {
    if count == 0 {
        return Err(NotSent::NothingSelected);
    }
    Ok(match action {
        BulkAction::Assign(id) if *id > 0 => TicketPatch {
            assignee_id: Some(*id),
            ..TicketPatch::default()
        },
        BulkAction::Assign(_) => return Err(NotSent::NothingPicked),
        BulkAction::AddTag(tag) => TicketPatch {
            add_tags: vec![clean_tag(tag).ok_or(NotSent::BadTag)?],
            ..TicketPatch::default()
        },
        BulkAction::SetStatus(status) if !status.trim().is_empty() => TicketPatch {
            status: Some(status.trim().to_owned()),
            ..TicketPatch::default()
        },
        BulkAction::SetStatus(_) => return Err(NotSent::NothingPicked),
    })
}

/// What a bulk action came to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The tickets changed.
    pub done: Vec<i64>,
    /// The tickets refused, with the subject and the server's reason (may be empty).
    pub refused: Vec<(i64, String, String)>,
}

/// How to word an [`Outcome`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Summary {
    /// Every ticket changed.
    AllDone(usize),
    /// Some changed, some refused.
    Partial { done: usize, refused: usize },
    /// None changed.
    NoneDone(usize),
}

impl Outcome {
    pub fn summary(&self) -> Summary {
        match (self.done.len(), self.refused.len()) {
            (done, 0) => Summary::AllDone(done),
            (0, refused) => Summary::NoneDone(refused),
            (done, refused) => Summary::Partial { done, refused },
        }
    }

    /// "#12 Subject: reason; #15 Other" for the refusals.
    pub fn details(&self) -> String {
        self.refused
            .iter()
            .map(|(id, subject, reason)| {
                if reason.is_empty() {
                    format!("#{id} {subject}")
                } else {
                    format!("#{id} {subject}: {reason}")
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_is_one_patch() {
        assert_eq!(
            patch(&BulkAction::Assign(7), 2).map(|p| p.assignee_id),
            Ok(Some(7))
        );
        assert_eq!(
            patch(&BulkAction::AddTag(" VIP ".to_owned()), 1).map(|p| p.add_tags),
            Ok(vec!["vip".to_owned()])
        );
        assert_eq!(
            patch(&BulkAction::SetStatus("solved".to_owned()), 1).map(|p| p.status),
            Ok(Some("solved".to_owned()))
        );
        assert_eq!(
            patch(&BulkAction::Assign(7), 0),
            Err(NotSent::NothingSelected)
        );
        assert_eq!(
            patch(&BulkAction::AddTag("dos palabras".to_owned()), 1),
            Err(NotSent::BadTag)
        );
        assert_eq!(
            patch(&BulkAction::SetStatus(String::new()), 1),
            Err(NotSent::NothingPicked)
        );
        assert_eq!(
            patch(&BulkAction::Assign(0), 1),
            Err(NotSent::NothingPicked)
        );
    }

    #[test]
    fn tags_follow_the_servers_rule() {
        assert_eq!(
            clean_tag("snoozed:2026-12-09"),
            Some("snoozed:2026-12-09".to_owned())
        );
        assert_eq!(clean_tag(""), None);
        assert_eq!(clean_tag("ñandú"), None);
        assert_eq!(clean_tag(&"x".repeat(65)), None);
    }

    #[test]
    fn outcomes_summarise() {
        let mut outcome = Outcome {
            done: vec![1, 2],
            refused: Vec::new(),
        };
        assert_eq!(outcome.summary(), Summary::AllDone(2));
        outcome.refused.push((
            3,
            "Factura".to_owned(),
            "status cannot go back to new".to_owned(),
        ));
        outcome.refused.push((4, "Login".to_owned(), String::new()));
        assert_eq!(
            outcome.summary(),
            Summary::Partial {
                done: 2,
                refused: 2
            }
        );
        assert_eq!(
            outcome.details(),
            "#3 Factura: status cannot go back to new; #4 Login"
        );
        outcome.done.clear();
        assert_eq!(outcome.summary(), Summary::NoneDone(2));
    }
}
