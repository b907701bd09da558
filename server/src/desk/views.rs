//! The agents' view of tickets and messages: store rows converted by hand to the staff wire
//! types (the SLA state as of now, agent names, attachment URLs for staff).

use ayuda_desk::{Level, SlaState, Status, Tier};
use ayuda_store::{AuthorKind, Message, Ticket};
use serde::Serialize;

use crate::error::AppResult;
use crate::state::AppState;

/// SLA as agents see it.
#[derive(Serialize)]
pub struct StaffSla {
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub next_due: Option<i64>,
    /// `ok` | `due_soon` | `breached`, now.
    pub state: SlaState,
    pub first_response_breached: bool,
    pub resolution_breached: bool,
}

#[derive(Serialize)]
pub struct StaffTicket {
    pub id: i64,
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
    pub channel: String,
    pub locale: String,
    pub name: String,
    pub email: String,
    pub company: Option<String>,
    pub user_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_response_at: Option<i64>,
    pub solved_at: Option<i64>,
    pub reopened: i64,
    pub agent_replies: i64,
    pub handle_seconds: i64,
    pub sla: StaffSla,
    pub csat: Option<serde_json::Value>,
}

pub fn staff_ticket(ticket: &Ticket) -> StaffTicket {
    let now = ayuda_store::now_ms();
    let sla = ticket.sla;
    let running_breach = ticket.status.is_unsolved() && sla.next_due.is_some_and(|d| d <= now);
    let state = if sla.breached != 0 && ticket.status.is_unsolved() || running_breach {
        SlaState::Breached
    } else if sla.due_soon_at.is_some_and(|d| d <= now) && ticket.status.is_unsolved() {
        SlaState::DueSoon
    } else {
        SlaState::Ok
    };
    StaffTicket {
        id: ticket.id,
        public_id: ticket.public_id.clone(),
        site: ticket.site.clone(),
        subject: ticket.subject.clone(),
        status: ticket.status,
        level: ticket.level,
        tier: ticket.tier,
        group: ticket.group_key.clone(),
        assignee_id: ticket.assignee_id,
        tags: ticket.tags.clone(),
        category: ticket.category.clone(),
        channel: ticket.channel.clone(),
        locale: ticket.locale.clone(),
        name: ticket.name.clone(),
        email: ticket.email.clone(),
        company: ticket.company.clone(),
        user_id: ticket.user_id.clone(),
        created_at: ticket.created_at,
        updated_at: ticket.updated_at,
        first_response_at: ticket.first_response_at,
        solved_at: ticket.solved_at,
        reopened: ticket.reopened,
        agent_replies: ticket.agent_replies,
        handle_seconds: ticket.handle_seconds,
        sla: StaffSla {
            first_response_due: sla.first_response_due,
            resolution_due: sla.resolution_due,
            next_due: sla.next_due,
            state,
            first_response_breached: sla.breached & 1 != 0
                || ticket.first_response_at.is_none()
                    && ticket.status.is_unsolved()
                    && sla.first_response_due.is_some_and(|d| d <= now),
            resolution_breached: sla.breached & 2 != 0,
        },
        csat: ticket.csat_rating.as_ref().map(|rating| {
            serde_json::json!({
                "rating": rating, "comment": ticket.csat_comment, "at": ticket.csat_at
            })
        }),
    }
}

#[derive(Serialize)]
pub struct StaffMessage {
    pub id: i64,
    pub author: String,
    pub author_id: Option<String>,
    pub author_name: Option<String>,
    pub body: String,
    pub internal: bool,
    pub attachments: Vec<ayuda_api::AttachmentInfo>,
    pub created_at: i64,
}

pub async fn staff_messages(
    state: &AppState,
    ticket: &Ticket,
    messages: &[Message],
) -> AppResult<Vec<StaffMessage>> {
    let files = state.store.ticket_attachments(ticket.id).await?;
    let names = super::agent_names(state).await?;
    Ok(messages
        .iter()
        .map(|m| StaffMessage {
            id: m.id,
            author: m.author_kind.as_str().to_owned(),
            author_id: m.author_id.clone(),
            author_name: match m.author_kind {
                AuthorKind::Agent => m.author_id.as_ref().and_then(|id| names.get(id)).cloned(),
                AuthorKind::User => Some(ticket.name.clone()),
                _ => None,
            },
            body: m.body.clone(),
            internal: m.internal,
            attachments: files
                .iter()
                .filter(|f| f.message_id == Some(m.id))
                .map(|f| {
                    let mut info = super::attachment_info(&ticket.site, None, f);
                    info.url = format!("/api/v1/attachments/{}", f.public_id);
                    info
                })
                .collect(),
            created_at: m.created_at,
        })
        .collect())
}
