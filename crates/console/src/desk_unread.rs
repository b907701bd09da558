//! What happened while the agent looked elsewhere: the staff stream's events counted while the
//! tab is hidden ("(3) Inbox — …" in the tab's title), and which of them deserve a desktop
//! notification and a sound.

use std::collections::BTreeSet;

/// What a `ticket` event on `GET /api/v1/desk/events` says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A new ticket.
    Created,
    /// A new message from the requester (or a bot).
    Message,
    /// The ticket's fields changed.
    Ticket,
    /// A staff member posted a reply or a note.
    Posted,
}

impl EventKind {
    /// The kind for the event's word; an unknown word counts as a change of the ticket.
    pub fn parse(word: &str) -> EventKind {
        match word {
            "created" => EventKind::Created,
            "message" => EventKind::Message,
            "posted" => EventKind::Posted,
            _ => EventKind::Ticket,
        }
    }
}

/// The notice an event deserves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alert {
    NewTicket,
    /// A new message on a ticket assigned to the agent.
    NewMessage,
}

/// Whether the event is news to count while hidden: a new ticket or a new message.
pub fn is_news(kind: EventKind) -> bool {
    matches!(kind, EventKind::Created | EventKind::Message)
}

/// The notice (desktop notification and sound) an event deserves: every new ticket, and new
/// messages on tickets assigned to the agent (`mine`: `None` when not known).
pub fn alert(kind: EventKind, mine: Option<bool>) -> Option<Alert> {
    match kind {
        EventKind::Created => Some(Alert::NewTicket),
        EventKind::Message if mine == Some(true) => Some(Alert::NewMessage),
        _ => None,
    }
}

/// The news counted since the tab was hidden.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unread {
    /// (ticket, kind) pairs already counted: a ticket's messages count once per kind until
    /// the agent looks.
    seen: BTreeSet<(i64, u8)>,
}

impl Unread {
    /// Counts `kind` on `ticket` if the tab is `hidden` and it is news; true if it counted.
    pub fn record(&mut self, ticket: i64, kind: EventKind, hidden: bool) -> bool {
        if !hidden || !is_news(kind) {
            return false;
        }
        let tag = u8::from(kind == EventKind::Message);
        self.seen.insert((ticket, tag))
    }

    pub fn count(&self) -> usize {
        self.seen.len()
    }

    /// The agent is back: nothing is unread.
    pub fn clear(&mut self) {
        self.seen.clear();
    }
}

/// `title` with "(n) " before it when `count` is above 0 (and without any such prefix it
/// already had, so that it never doubles).
pub fn titled(title: &str, count: usize) -> String {
    let bare = strip(title);
    if count == 0 {
        bare.to_owned()
    } else {
        format!("({count}) {bare}")
    }
}

/// `title` without a leading "(n) ".
pub fn strip(title: &str) -> &str {
    let Some(rest) = title.strip_prefix('(') else {
        return title;
    };
    match rest.split_once(") ") {
        Some((digits, bare))
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            bare
        }
        _ => title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_news_while_hidden_once_per_ticket_and_kind() {
        let mut unread = Unread::default();
        assert!(!unread.record(1, EventKind::Created, false));
        assert!(unread.record(1, EventKind::Created, true));
        assert!(unread.record(1, EventKind::Message, true));
        assert!(!unread.record(1, EventKind::Message, true));
        assert!(!unread.record(2, EventKind::Ticket, true));
        assert!(!unread.record(2, EventKind::Posted, true));
        assert!(unread.record(2, EventKind::Message, true));
        assert_eq!(unread.count(), 3);
        unread.clear();
        assert_eq!(unread.count(), 0);
    }

    #[test]
    fn alerts_for_new_tickets_and_my_messages() {
        assert_eq!(alert(EventKind::Created, None), Some(Alert::NewTicket));
        assert_eq!(
            alert(EventKind::Message, Some(true)),
            Some(Alert::NewMessage)
        );
        assert_eq!(alert(EventKind::Message, Some(false)), None);
        assert_eq!(alert(EventKind::Message, None), None);
        assert_eq!(alert(EventKind::Posted, Some(true)), None);
        assert_eq!(EventKind::parse("created"), EventKind::Created);
        assert_eq!(EventKind::parse("whatever"), EventKind::Ticket);
    }

    #[test]
    fn titles_get_one_prefix() {
        assert_eq!(titled("Inbox — Ayuda", 3), "(3) Inbox — Ayuda");
        assert_eq!(titled("(3) Inbox — Ayuda", 4), "(4) Inbox — Ayuda");
        assert_eq!(titled("(3) Inbox — Ayuda", 0), "Inbox — Ayuda");
        assert_eq!(titled("(beta) Inbox", 0), "(beta) Inbox");
        assert_eq!(strip("() x"), "() x");
    }
}
