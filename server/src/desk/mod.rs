//! The help desk on the server: identities, rate limits, real-time fan-out, settings, and the
//! operations both the widget's and the agents' routes perform (file a ticket, post a message,
//! change status, route and assign, keep the SLA fields, the automatic first reply).
//!
//! The rules themselves (workflow, SLA math, routing, round-robin, macros, metrics) are
//! `ayuda_desk`'s pure functions; this module loads their inputs and stores their results.

pub mod assignment;
pub mod attachments;
pub mod filing;
pub mod hub;
pub mod identity;
pub mod input;
pub mod later;
pub mod messages;
pub mod settings;
pub mod views;
pub mod workflow;

use std::collections::HashMap;

use axum::http::StatusCode;
use ayuda_api::{AttachmentInfo, Author, ErrorCode, PublicMessage, PublicThread, PublicTicket};
use ayuda_desk::{
    Event, Level, SlaClock, Status, StatusChange, SupportSettings, Workflow, due_soon_window,
};
use ayuda_store::{AttachmentMeta, Message, SlaFields, Ticket, TicketChanges};
use jiff::{SignedDuration, Timestamp};

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use hub::Notice;

pub use input::{parse_word, required, text_field, validate_key};

/// At most this many files per message.
pub const MAX_ATTACHMENTS: usize = ayuda_api::attachment_limits::MAX_FILES;
/// Longest message body, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;

fn ms(at: Timestamp) -> i64 {
    at.as_millisecond()
}

fn ts(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The ticket's status history as the SLA clock wants it (creation excluded).
pub async fn status_history(state: &AppState, ticket: &Ticket) -> AppResult<Vec<StatusChange>> {
    let events = state.store.ticket_events(ticket.id).await?;
    let mut history = Vec::new();
    let mut last = ticket.created_at;
    for event in events.iter().filter(|e| e.kind == "status") {
        let Some(to) = event.detail.get("to").and_then(|v| v.as_str()) else {
            continue;
        };
        let Ok(status) = parse_word::<Status>(to) else {
            continue;
        };
        // Clocks of different nodes may disagree by a little: keep the history ordered.
        last = last.max(event.created_at);
        history.push(StatusChange {
            at: ts(last),
            status,
        });
    }
    Ok(history)
}

/// What the SLA clocks of a ticket depend on.
#[derive(Clone, Copy, Debug)]
pub struct SlaSubject {
    /// For error messages (0 before the ticket is stored).
    pub id: i64,
    pub level: Level,
    pub status: Status,
    pub created_at: i64,
    pub first_response_at: Option<i64>,
}

impl From<&Ticket> for SlaSubject {
    fn from(ticket: &Ticket) -> SlaSubject {
        SlaSubject {
            id: ticket.id,
            level: ticket.level,
            status: ticket.status,
            created_at: ticket.created_at,
            first_response_at: ticket.first_response_at,
        }
    }
}

/// Computes the ticket's SLA bookkeeping at `now` with the site's hours and policy.
pub fn sla_fields(
    ticket: &SlaSubject,
    history: &[StatusChange],
    settings: &SupportSettings,
    now: Timestamp,
) -> AppResult<SlaFields> {
    let hours = settings.business_hours()?;
    let clock = SlaClock::new(
        &hours,
        &settings.sla,
        ticket.level,
        ts(ticket.created_at),
        history,
        ticket.first_response_at.map(ts),
    )
    .map_err(|e| AppError::Internal(format!("SLA clock of ticket {}: {e}", ticket.id)))?;
    let first_due = clock.first_response_due();
    let resolution_due = match clock.resolution_due() {
        ayuda_desk::Due::At(at) if ticket.status.sla_clock_runs() => Some(at),
        _ => None,
    };
    let first_running = ticket.first_response_at.is_none() && ticket.status.is_unsolved();
    let mut next: Option<(Timestamp, SignedDuration)> = None;
    if first_running && let Some(due) = first_due {
        next = Some((
            due,
            due_soon_window(settings.sla.first_response.get(ticket.level)),
        ));
    }
    if let Some(due) = resolution_due
        && next.is_none_or(|(n, _)| due < n)
    {
        next = Some((
            due,
            due_soon_window(settings.sla.resolution.get(ticket.level)),
        ));
    }
    Ok(SlaFields {
        first_response_due: first_due.map(ms),
        resolution_due: resolution_due.map(ms),
        next_due: next.map(|(due, _)| ms(due)),
        due_soon_at: next.map(|(due, w)| ms(due) - w.as_millis() as i64),
        breached: clock.breach_bits(now),
    })
}

/// Recomputes and stores the ticket's SLA fields; returns the ticket as stored.
pub async fn refresh_sla(state: &AppState, ticket: Ticket) -> AppResult<Ticket> {
    let settings = settings::load(state, &ticket.site).await?;
    let history = status_history(state, &ticket).await?;
    let fields = sla_fields(
        &SlaSubject::from(&ticket),
        &history,
        &settings,
        Timestamp::now(),
    )?;
    state.store.set_sla(ticket.id, &fields).await?;
    Ok(state.store.ticket(ticket.id).await?.unwrap_or(ticket))
}

/// The ticket as its requester sees it.
pub fn public_ticket(ticket: &Ticket, unread: i64) -> PublicTicket {
    PublicTicket {
        id: ticket.public_id.clone(),
        subject: ticket.subject.clone(),
        status: ticket.status,
        level: ticket.level,
        created_at: ticket.created_at,
        updated_at: ticket.updated_at,
        unread: u32::try_from(unread.max(0)).unwrap_or(u32::MAX),
        csat_pending: ticket.status == Status::Solved && ticket.csat_rating.is_none(),
        csat: ticket.csat_rating,
    }
}

/// The public URL path of an attachment of a ticket.
pub fn attachment_info(
    site: &str,
    ticket_public_id: Option<&str>,
    meta: &AttachmentMeta,
) -> AttachmentInfo {
    let url = match ticket_public_id {
        Some(ticket) => format!(
            "/api/v1/sites/{site}/tickets/{ticket}/attachments/{}",
            meta.public_id
        ),
        None => format!("/api/v1/sites/{site}/attachments/{}", meta.public_id),
    };
    AttachmentInfo {
        id: meta.public_id.clone(),
        name: meta.name.clone(),
        content_type: meta.content_type.clone(),
        size: u64::try_from(meta.size).unwrap_or(0),
        url,
    }
}

/// Display names of staff, by user id as text (how agent messages record their author).
/// Who owns the files an agent uploads, until a message claims them.
pub fn agent_owner(agent: i64) -> String {
    format!("a:{agent}")
}

pub async fn agent_names(state: &AppState) -> AppResult<HashMap<String, String>> {
    Ok(state
        .store
        .agents()
        .await?
        .into_iter()
        .map(|a| (a.user_id.to_string(), a.display_name))
        .collect())
}

/// Messages with their attachments, as the requester sees them.
pub async fn public_messages(
    state: &AppState,
    ticket: &Ticket,
    messages: &[Message],
) -> AppResult<Vec<PublicMessage>> {
    let files = if messages.is_empty() {
        Vec::new()
    } else {
        state.store.ticket_attachments(ticket.id).await?
    };
    let names = if messages.iter().any(|m| m.author_kind == Author::Agent) {
        agent_names(state).await?
    } else {
        HashMap::new()
    };
    Ok(messages
        .iter()
        .filter(|m| !m.internal)
        .map(|m| PublicMessage {
            id: m.id,
            author: m.author_kind,
            author_name: match m.author_kind {
                Author::Agent => m.author_id.as_ref().and_then(|id| names.get(id)).cloned(),
                _ => None,
            },
            body: m.body.clone(),
            attachments: files
                .iter()
                .filter(|f| f.message_id == Some(m.id))
                .map(|f| attachment_info(&ticket.site, Some(&ticket.public_id), f))
                .collect(),
            created_at: m.created_at,
        })
        .collect())
}

/// The whole thread for the requester.
pub async fn public_thread(state: &AppState, ticket: &Ticket) -> AppResult<PublicThread> {
    let messages = state
        .store
        .messages_after(ticket.id, 0, false, 10_000)
        .await?;
    let unread = state
        .store
        .unread_counts(&[ticket.id])
        .await?
        .first()
        .map_or(0, |(_, n)| *n);
    Ok(PublicThread {
        ticket: public_ticket(ticket, unread),
        messages: public_messages(state, ticket, &messages).await?,
    })
}

/// The event an agent's requested status maps to, given the current status.
pub fn event_for(current: Status, target: Status) -> AppResult<Event> {
    Ok(match target {
        Status::Pending => Event::AgentSetPending,
        Status::Solved => Event::Solve,
        Status::Closed => Event::Close,
        Status::Open if current == Status::Solved => Event::Reopen,
        Status::Open => Event::AgentReplied,
        Status::New => {
            return Err(AppError::client(
                StatusCode::CONFLICT,
                ErrorCode::InvalidState,
                "a ticket cannot go back to new",
            ));
        }
    })
}

/// Applies a workflow event: validates it with `ayuda_desk`, stores the new status, refreshes
/// the SLA fields and notifies subscribers when the status changed.
pub async fn apply_event(state: &AppState, ticket: Ticket, event: Event) -> AppResult<Ticket> {
    let next = ticket.status.apply(event)?;
    if next == ticket.status {
        return Ok(ticket);
    }
    let ticket = state
        .store
        .set_status(ticket.id, next, ayuda_store::now_ms())
        .await?;
    let ticket = refresh_sla(state, ticket).await?;
    state.hub.publish(ticket.id, Notice::Ticket).await;
    Ok(ticket)
}

/// Validates a message body and its attachment ids.
pub fn check_message(body: &str, attachments: &[String]) -> AppResult<String> {
    let body = body.trim();
    if body.is_empty() && attachments.is_empty() {
        return Err(AppError::invalid("body is required"));
    }
    if attachments.len() > MAX_ATTACHMENTS {
        return Err(AppError::invalid(format!(
            "at most {MAX_ATTACHMENTS} attachments"
        )));
    }
    for id in attachments {
        attachments::check_id(id)?;
    }
    Ok(text_field(Some(body), "body", MAX_BODY_CHARS)?.unwrap_or_default())
}

/// The tags after adding and removing, normalised and bounded.
pub fn new_tags(current: &[String], add: &[String], remove: &[String]) -> AppResult<Vec<String>> {
    let mut tags = current.to_vec();
    for tag in add {
        let tag = tag.trim().to_lowercase();
        validate_key(&tag, "tag")?;
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags.retain(|t| !remove.iter().any(|r| r.trim().eq_ignore_ascii_case(t)));
    if tags.len() > 30 {
        return Err(AppError::invalid("at most 30 tags per ticket"));
    }
    Ok(tags)
}

/// Fails unless agent `id` exists (an assignee must be an agent).
pub async fn check_assignee(state: &AppState, id: i64) -> AppResult<()> {
    if state.store.agents().await?.iter().any(|a| a.user_id == id) {
        Ok(())
    } else {
        Err(AppError::invalid(format!(
            "user {id} is not an agent or admin"
        )))
    }
}

/// Field changes plus their notification.
pub async fn change(
    state: &AppState,
    ticket: &Ticket,
    changes: &TicketChanges,
) -> AppResult<Ticket> {
    let changed = state.store.change_ticket(ticket.id, changes).await?;
    let changed = if changed.level != ticket.level {
        refresh_sla(state, changed).await?
    } else {
        changed
    };
    state.hub.publish(ticket.id, Notice::Ticket).await;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ayuda_api::Impact;

    #[test]
    fn impacts_and_fields() {
        assert_eq!(parse_word::<Impact>("blocked").unwrap().level(), Level::L3);
        assert_eq!(parse_word::<Impact>("degraded").unwrap().level(), Level::L2);
        assert_eq!(parse_word::<Impact>("question").unwrap().level(), Level::L1);
        assert!(parse_word::<Impact>("URGENT!!!").is_err());
        assert_eq!(
            text_field(Some("  hi \n"), "x", 5).unwrap().as_deref(),
            Some("hi")
        );
        assert!(text_field(Some("a\u{0}b"), "x", 5).is_err());
        assert!(text_field(Some("abcdef"), "x", 5).is_err());
        assert!(validate_key("billing", "k").is_ok());
        assert!(validate_key("Bill ing", "k").is_err());
        assert!(event_for(Status::Open, Status::New).is_err());
        assert_eq!(
            event_for(Status::Solved, Status::Open).unwrap(),
            Event::Reopen
        );
    }
}
