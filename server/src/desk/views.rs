//! The agents' view of tickets and messages: store rows converted by hand to the staff wire
//! types (the SLA state as of now, agent names, attachment URLs for staff).

use ayuda_api::{Author, StaffCsat, StaffMessage, StaffSla, StaffTicket};
use ayuda_store::{Message, ScheduledReplyRow, Ticket};
use serde::Serialize;

use crate::error::AppResult;
use crate::state::AppState;

pub fn staff_ticket(ticket: &Ticket) -> StaffTicket {
    let now = ayuda_store::now_ms();
    let sla = ticket.sla;
    let marks = ticket.sla_marks();
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
            state: marks.state(now),
            first_response_breached: marks.first_response_breached(now),
            resolution_breached: marks.resolution_breached(),
        },
        csat: ticket.csat_rating.map(|rating| StaffCsat {
            rating,
            comment: ticket.csat_comment.clone(),
            at: ticket.csat_at,
        }),
        merged_into: ticket.merged_into,
        snoozed_until: ticket.snoozed_until,
    }
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
            author: m.author_kind,
            author_id: m.author_id.clone(),
            author_name: match m.author_kind {
                Author::Agent => m.author_id.as_ref().and_then(|id| names.get(id)).cloned(),
                Author::User => Some(ticket.name.clone()),
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

/// A reply waiting to be sent, as the API shows it.
#[derive(Debug, Serialize)]
pub struct ScheduledReply {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub body: String,
    pub internal: bool,
    pub attachments: Vec<String>,
    pub send_at: i64,
    pub created_at: i64,
}

pub fn scheduled_reply(row: ScheduledReplyRow) -> ScheduledReply {
    ScheduledReply {
        id: row.id,
        ticket_id: row.ticket_id,
        author_id: row.author_id,
        body: row.body,
        internal: row.internal,
        attachments: row.attachments,
        send_at: row.send_at,
        created_at: row.created_at,
    }
}
