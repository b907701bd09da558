//! Tickets and conversations: what the widget and agents send and receive.
//!
//! The words (status, level, author, rating…) are [`crate::vocab`]'s types in what the server
//! sends; in what clients send they stay text, so that an unknown word gets the API's
//! `invalid_input` answer naming the field rather than a JSON parse error. Timestamps are Unix
//! milliseconds. Public ids of tickets and attachments are random and unguessable; the widget
//! never sees internal ids of tickets.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::vocab::{Author, Level, Rating, Status};

/// Headers a widget request carries to say who it is (besides the site in the path).
pub const VISITOR_HEADER: &str = "x-ayuda-visitor";
/// The host app's user id, from `identify`.
pub const USER_ID_HEADER: &str = "x-ayuda-user";
/// HMAC-SHA256(site secret, user id) in lowercase hex, computed by the host app's backend.
pub const USER_HASH_HEADER: &str = "x-ayuda-user-hash";

/// `POST /api/v1/sites/{site}/visitors` → a fresh anonymous identity for this browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorToken {
    pub visitor_id: String,
    /// Signed by the server; send it back in `x-ayuda-visitor` (or `?visitor=` on the SSE
    /// stream, where browsers cannot set headers).
    pub token: String,
}

/// One category of request a site offers in its contact form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub key: String,
    /// Label per locale (`es`, `en`); the widget falls back to `key`.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

/// The reply-time promise for one level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyExpectation {
    pub level: Level,
    /// Unix ms by which the first reply is due for a request filed now.
    pub reply_by: Option<i64>,
    /// "Usually within 2 hours", "We'll answer on Monday from 08:00", in the asked locale.
    pub message: String,
}

/// `GET /api/v1/sites/{site}/support?locale=es`: the team's availability, categories and
/// reply expectations per level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportInfo {
    pub available: bool,
    /// The team's IANA time zone (times in messages are local to it).
    pub time_zone: String,
    /// Unix ms of the next opening when closed now.
    pub next_open: Option<i64>,
    pub categories: Vec<Category>,
    pub expectations: Vec<ReplyExpectation>,
}

/// What the user was doing, captured by the widget and shown before sending. Every field is
/// optional text; the server bounds their lengths.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub route: Option<String>,
    /// The host's `setContext` values (`app_version`, `tags`, anything else as text).
    #[serde(default)]
    pub context: BTreeMap<String, String>,
    #[serde(default)]
    pub browser: Option<String>,
    #[serde(default)]
    pub os: Option<String>,
    #[serde(default)]
    pub screen: Option<String>,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub app_version: Option<String>,
}

/// `POST /api/v1/sites/{site}/tickets`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTicketInput {
    /// Required unless the user is identified with a name.
    #[serde(default)]
    pub name: Option<String>,
    /// Required unless the user is identified with an email.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    pub subject: String,
    /// "What were you trying to do?"
    #[serde(default)]
    pub trying: Option<String>,
    /// "What happened?"
    pub happened: String,
    /// One of the site's category keys.
    #[serde(default)]
    pub category: Option<String>,
    /// `blocked` (L3) | `degraded` (L2) | `question` (L1).
    pub impact: String,
    #[serde(default)]
    pub environment: Environment,
    /// Ids of attachments uploaded by the same visitor and not yet used.
    #[serde(default)]
    pub attachments: Vec<String>,
    /// `es` | `en`; default the site's.
    #[serde(default)]
    pub locale: Option<String>,
    /// User attributes from `identify` (plan, role…), for routing and the agent's view.
    #[serde(default)]
    pub user_attributes: BTreeMap<String, String>,
    /// The search the user last made in the widget before contacting (a content gap for the
    /// editors: the articles did not answer it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_search: Option<String>,
}

/// `POST /api/v1/sites/{site}/attachments?name=FILE` with the raw file as the body → 201.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub id: String,
    pub name: String,
    /// Detected from the content: `image/png`, `image/jpeg`, `image/webp`, `application/pdf`,
    /// `text/plain`.
    pub content_type: String,
    pub size: u64,
    /// Where the people allowed to see it download it.
    pub url: String,
}

/// One message of a conversation as the widget sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicMessage {
    /// Grows within a ticket; the SSE event id.
    pub id: i64,
    pub author: Author,
    /// The agent's display name for agent messages.
    pub author_name: Option<String>,
    /// Plain text; never HTML.
    pub body: String,
    pub attachments: Vec<AttachmentInfo>,
    pub created_at: i64,
}

/// A ticket as its requester sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicTicket {
    pub id: String,
    pub subject: String,
    pub status: Status,
    pub level: Level,
    pub created_at: i64,
    pub updated_at: i64,
    /// Public messages not from the user after the user's last read mark.
    pub unread: u32,
    /// Whether the CSAT question should be shown (solved and not answered yet).
    pub csat_pending: bool,
    /// The answer given, if any.
    pub csat: Option<Rating>,
}

/// `GET /api/v1/sites/{site}/tickets/{id}`: the ticket and its public messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicThread {
    pub ticket: PublicTicket,
    pub messages: Vec<PublicMessage>,
}

/// `GET /api/v1/sites/{site}/tickets`: the caller's conversations, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicTicketList {
    pub tickets: Vec<PublicTicket>,
    /// Sum of `unread`, for the launcher's badge.
    pub unread: u32,
}

/// `POST …/tickets/{id}/messages` (user) and `POST /api/v1/tickets/{id}/messages` (agent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewMessageInput {
    pub body: String,
    #[serde(default)]
    pub attachments: Vec<String>,
    /// Agents only: an internal note the user never sees.
    #[serde(default)]
    pub internal: bool,
    /// Agents only: the status to set with this reply (`open`, `pending`, `solved`).
    #[serde(default)]
    pub status: Option<String>,
    /// Agents only: the id of the newest message the agent had seen. When the ticket has a
    /// newer one from the user or another agent, the reply is held (409 `newer_messages`) and
    /// nothing is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_up_to: Option<i64>,
    /// Agents only: send it later, at this instant (Unix ms, within a year). The reply is
    /// stored and answered 202; it is posted once at that time, even across restarts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_at: Option<i64>,
}

/// `POST …/tickets/{id}/read`: everything up to this message id has been seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadMark {
    pub last_read: i64,
}

/// `POST …/tickets/{id}/csat`, once per ticket after it is solved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsatInput {
    /// `good` | `okay` | `bad`.
    pub rating: String,
    #[serde(default)]
    pub comment: Option<String>,
}

/// `POST /api/v1/sites/{site}/deflections`: "this answered my question" on an article shown
/// while filling in the contact form; no ticket is created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeflectionInput {
    pub slug: String,
    #[serde(default)]
    pub locale: Option<String>,
    /// The subject typed so far.
    #[serde(default)]
    pub query: Option<String>,
}

/// Staff: the body of `PATCH /api/v1/tickets/{id}`. Absent fields are left alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketPatch {
    #[serde(default)]
    pub status: Option<String>,
    /// An agent's user id; `0` unassigns.
    #[serde(default)]
    pub assignee_id: Option<i64>,
    /// A group key; `""` clears it.
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub add_tags: Vec<String>,
    #[serde(default)]
    pub remove_tags: Vec<String>,
    /// Snooze until this instant (Unix ms, within a year): the ticket becomes pending and
    /// opens again then. `0` wakes it now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snooze_until: Option<i64>,
}

/// Staff: `POST /api/v1/tickets/{id}/escalate`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalateInput {
    pub reason: String,
    /// `second_line` | `third_line`; default the next tier up.
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
}
