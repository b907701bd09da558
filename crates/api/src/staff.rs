//! What staff (agents and admins) receive from and send to the help desk's API: the inbox,
//! a ticket with its whole history, agents. Bearer token or console session; see `DESIGN.md`.
//!
//! Macros and metrics are `ayuda_desk` types (`Macro`, `Report`) served as they are.

use serde::{Deserialize, Serialize};

use crate::desk::AttachmentInfo;
use crate::vocab::{Author, Level, Rating, SlaState, Status, Tier};

/// A ticket's SLA as agents see it now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSla {
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    /// The earliest running due instant (what the inbox sorts on).
    pub next_due: Option<i64>,
    pub state: SlaState,
    pub first_response_breached: bool,
    pub resolution_breached: bool,
}

/// The requester's CSAT answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCsat {
    pub rating: Rating,
    pub comment: Option<String>,
    /// When it was given (Unix ms).
    pub at: Option<i64>,
}

/// A ticket as agents see it (internal ids included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffTicket {
    pub id: i64,
    /// The id the requester's widget uses.
    pub public_id: String,
    pub site: String,
    pub subject: String,
    pub status: Status,
    pub level: Level,
    pub tier: Tier,
    pub group: Option<String>,
    pub assignee_id: Option<i64>,
    pub tags: Vec<String>,
    pub category: Option<String>,
    /// `widget`, `api`, …
    pub channel: String,
    pub locale: String,
    pub name: String,
    pub email: String,
    pub company: Option<String>,
    /// The host app's user id, for identified users.
    pub user_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_response_at: Option<i64>,
    pub solved_at: Option<i64>,
    pub reopened: i64,
    pub agent_replies: i64,
    pub handle_seconds: i64,
    pub sla: StaffSla,
    pub csat: Option<StaffCsat>,
    /// The ticket this one was merged into (this one is closed).
    #[serde(default)]
    pub merged_into: Option<i64>,
    /// Snoozed: pending until this instant (Unix ms), then open again.
    #[serde(default)]
    pub snoozed_until: Option<i64>,
}

/// One message of a ticket as agents see it, internal notes included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMessage {
    pub id: i64,
    pub author: Author,
    /// The agent's user id for agent messages.
    pub author_id: Option<String>,
    /// The agent's display name, or the requester's name.
    pub author_name: Option<String>,
    pub body: String,
    pub internal: bool,
    pub attachments: Vec<AttachmentInfo>,
    pub created_at: i64,
}

/// `GET /api/v1/tickets`: one page of the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxPage {
    pub tickets: Vec<StaffTicket>,
    /// Tickets matching the filter on all pages.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// One entry of a ticket's history: `created`, `status`, `escalated`, `assigned`, `csat`…
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketHistoryEntry {
    pub kind: String,
    /// What changed, by kind (`{"from": "open", "to": "solved"}`).
    pub detail: serde_json::Value,
    pub created_at: i64,
}

/// The requester, as the agent's side panel shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub name: String,
    pub email: String,
    pub company: Option<String>,
    pub user_id: Option<String>,
    pub visitor_id: Option<String>,
    /// The host app's attributes from `identify`.
    pub attributes: serde_json::Value,
    /// What the widget captured when the ticket was filed.
    pub environment: serde_json::Value,
    /// Their other tickets, newest first.
    pub tickets: Vec<StaffTicket>,
}

/// `GET /api/v1/tickets/{id}` (and the answer to every staff change of a ticket).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub ticket: StaffTicket,
    pub messages: Vec<StaffMessage>,
    pub events: Vec<TicketHistoryEntry>,
    pub customer: Customer,
}

/// `GET /api/v1/agents`: one staff member who can answer tickets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentInfo {
    pub user_id: i64,
    pub email: String,
    /// `admin` | `agent`.
    pub role: String,
    pub display_name: String,
    /// Group keys, for routing.
    pub groups: Vec<String>,
    /// Whether auto-assignment may pick them now.
    pub available: bool,
    /// The most unsolved tickets auto-assignment gives them at once; `None`: no limit.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Unsolved tickets assigned to them now.
    #[serde(default)]
    pub open_tickets: i64,
    /// The console's last heartbeat (Unix ms); `None` when they never had it open.
    #[serde(default)]
    pub last_seen: Option<i64>,
}

/// `PUT /api/v1/agents/{id}`: absent fields are left alone. Agents may change only their own
/// name and availability; admins anything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentInput {
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub groups: Option<Vec<String>>,
    #[serde(default)]
    pub available: Option<bool>,
    /// Admins only: the most unsolved tickets auto-assignment gives them (1–1000); `0` for
    /// no limit.
    #[serde(default)]
    pub capacity: Option<u32>,
}
