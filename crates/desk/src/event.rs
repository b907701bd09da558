//! What can happen to a ticket, as the status workflow sees it.

use serde::{Deserialize, Serialize};

/// Something that happens to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// An agent posted a public reply (internal notes are not events).
    AgentReplied,
    /// An agent marked the ticket as waiting on the user.
    AgentSetPending,
    /// The user wrote a message.
    UserReplied,
    /// An agent marked the ticket solved.
    Solve,
    /// The ticket was archived (by an agent or after the solved period).
    Close,
    /// An agent reopened a solved ticket.
    Reopen,
}

impl Event {
    /// All events.
    pub const ALL: [Event; 6] = [
        Event::AgentReplied,
        Event::AgentSetPending,
        Event::UserReplied,
        Event::Solve,
        Event::Close,
        Event::Reopen,
    ];
}
