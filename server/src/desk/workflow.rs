//! Staff changes to a ticket besides posting: the fields of `PATCH /tickets/{id}`, escalation
//! and macros. Each validates everything before changing anything; status changes go through
//! the workflow (`ayuda_desk::Workflow`) and messages through [`super::messages::post`].

use std::collections::HashMap;

use axum::http::StatusCode;
use ayuda_api::{Author, EscalateInput, Level, TicketPatch, Tier};
use ayuda_desk::{Escalate, Macro, Status, Workflow};
use ayuda_store::{Message, NewMessage, Ticket, TicketChanges};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// An agent's message, as the API received it (checked).
pub struct AgentReply {
    pub body: String,
    pub internal: bool,
    pub status: Option<Status>,
    pub handle_seconds: i64,
    /// The newest message the agent had seen: a newer one by someone else holds the reply.
    pub seen_up_to: Option<i64>,
    /// Public ids of files the agent uploaded for it.
    pub attachments: Vec<String>,
}

/// Posts an agent message and applies the status it implies (or the one asked for).
pub async fn agent_message(
    state: &AppState,
    agent: i64,
    ticket: Ticket,
    reply: AgentReply,
) -> AppResult<Ticket> {
    Ok(agent_message_posted(state, agent, ticket, reply).await?.1)
}

/// [`agent_message`], also answering with the message it posted.
pub async fn agent_message_posted(
    state: &AppState,
    agent: i64,
    ticket: Ticket,
    reply: AgentReply,
) -> AppResult<(Message, Ticket)> {
    let message = NewMessage {
        internal: reply.internal,
        handle_seconds: reply.handle_seconds,
        attachments: reply.attachments,
        attachment_owner: super::agent_owner(agent),
        ..NewMessage::text(Author::Agent, Some(agent.to_string()), reply.body)
    };
    super::messages::post_seen(state, &ticket, &message, reply.status, reply.seen_up_to).await
}

/// `PATCH /tickets/{id}`: status, assignee, group, level and tags, by `agent`.
pub async fn patch(
    state: &AppState,
    agent: i64,
    ticket: Ticket,
    input: &TicketPatch,
) -> AppResult<Ticket> {
    // Validate everything before changing anything.
    let mut status = input
        .status
        .as_deref()
        .map(super::parse_word::<Status>)
        .transpose()?;
    let snooze = match input.snooze_until {
        None => None,
        Some(0) => Some(None),
        Some(until) => {
            let now = ayuda_store::now_ms();
            if until <= now || until > now + 366 * 86_400_000 {
                return Err(AppError::invalid(
                    "snooze_until must be a time in the coming year (Unix ms), or 0",
                ));
            }
            if status.is_some_and(|s| s != Status::Pending) {
                return Err(AppError::invalid(
                    "snooze_until: a snoozed ticket is pending; ask for no other status",
                ));
            }
            // Snoozing waits on nobody: the ticket is pending until then.
            status = Some(Status::Pending);
            Some(Some(until))
        }
    };
    let event = match status {
        Some(target) if target != ticket.status => {
            let event = super::event_for(ticket.status, target)?;
            ticket.status.apply(event)?;
            Some(event)
        }
        _ => None,
    };
    let assignee = match input.assignee_id {
        Some(0) => Some(None),
        Some(agent) => {
            super::check_assignee(state, agent).await?;
            Some(Some(agent))
        }
        None => None,
    };
    let group = match input.group.as_deref() {
        Some("") => Some(None),
        Some(group) => {
            super::validate_key(group, "group")?;
            Some(Some(group.to_owned()))
        }
        None => None,
    };
    let level = input
        .level
        .as_deref()
        .map(super::parse_word::<Level>)
        .transpose()?;
    let tags = if input.add_tags.is_empty() && input.remove_tags.is_empty() {
        None
    } else {
        Some(super::new_tags(
            &ticket.tags,
            &input.add_tags,
            &input.remove_tags,
        )?)
    };
    let mut ticket = super::change(
        state,
        &ticket,
        &TicketChanges {
            assignee,
            group,
            level,
            tags,
            by: Some(agent),
            ..TicketChanges::default()
        },
    )
    .await?;
    if let Some(event) = event {
        ticket = super::apply_event(state, ticket, event).await?;
    }
    if let Some(until) = snooze {
        state.store.set_snooze(ticket.id, until).await?;
        ticket = state.store.ticket(ticket.id).await?.unwrap_or(ticket);
        state
            .hub
            .publish(ticket.id, super::hub::Notice::Ticket)
            .await;
    }
    Ok(ticket)
}

/// Opens again the snoozed tickets whose time has come (still pending: a user's reply may
/// have opened one already), each once, with a note for the agents.
pub async fn wake_snoozed(state: &AppState) -> AppResult<usize> {
    let mut woken = 0;
    for id in state.store.take_woken(ayuda_store::now_ms()).await? {
        let Some(ticket) = state.store.ticket(id).await? else {
            continue;
        };
        if ticket.status != Status::Pending {
            continue;
        }
        let note = NewMessage {
            internal: true,
            ..NewMessage::text(
                Author::System,
                None,
                "The snooze ended: the ticket is open again.",
            )
        };
        super::messages::post(state, &ticket, &note, None).await?;
        let event = super::event_for(Status::Pending, Status::Open)?;
        super::apply_event(state, ticket, event).await?;
        woken += 1;
    }
    Ok(woken)
}

/// Escalates to the tier asked for (higher than the ticket's) or the next one, optionally to
/// a group (which gets its own round-robin pick), with an internal note saying why.
pub async fn escalate(
    state: &AppState,
    agent: i64,
    ticket: Ticket,
    input: &EscalateInput,
) -> AppResult<Ticket> {
    let reason = super::required(Some(&input.reason), "reason", 2000)?;
    let tier = match input.tier.as_deref() {
        Some(text) => {
            let tier = super::parse_word::<Tier>(text)?;
            if tier <= ticket.tier {
                return Err(AppError::client(
                    StatusCode::CONFLICT,
                    ayuda_api::ErrorCode::InvalidState,
                    "escalation goes to a higher tier than the ticket's",
                ));
            }
            tier
        }
        None => ticket.tier.escalate()?,
    };
    if ticket.status == Status::Closed {
        return Err(ayuda_desk::Error::ClosedTicket.into());
    }
    let group = match input.group.as_deref() {
        Some(group) => {
            super::validate_key(group, "group")?;
            Some(group.to_owned())
        }
        None => None,
    };
    // A new group gets its own round-robin pick; otherwise the assignee stays.
    let assignee = match &group {
        Some(g) => Some(super::assignment::pick_agent(state, Some(g)).await?),
        None => None,
    };
    let ticket = super::change(
        state,
        &ticket,
        &TicketChanges {
            tier: Some(tier),
            group: group.map(Some),
            assignee,
            reason: Some(reason.clone()),
            by: Some(agent),
            ..TicketChanges::default()
        },
    )
    .await?;
    let note = format!("Escalated to {}: {reason}", tier.as_str());
    let message = NewMessage {
        internal: true,
        ..NewMessage::text(Author::System, Some(agent.to_string()), note)
    };
    let (_, ticket) = super::messages::post(state, &ticket, &message, None).await?;
    Ok(ticket)
}

/// Applies macro `macro_id` by `agent`: its tags and level, then its reply with copies of its
/// files (and the status it sets) or, without a reply, the status alone.
pub async fn apply_macro(
    state: &AppState,
    agent: i64,
    ticket: Ticket,
    macro_id: i64,
    definition: &Macro,
) -> AppResult<Ticket> {
    let agents = state.store.agents().await?;
    let agent_name = agents
        .iter()
        .find(|a| a.user_id == agent)
        .map(|a| a.display_name.clone())
        .unwrap_or_default();
    let first_name = ticket
        .name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_owned();
    let ticket_id = ticket.id.to_string();
    let values: HashMap<&str, &str> = [
        ("user.name", ticket.name.as_str()),
        ("user.first_name", first_name.as_str()),
        ("user.email", ticket.email.as_str()),
        ("ticket.id", ticket_id.as_str()),
        ("ticket.subject", ticket.subject.as_str()),
        ("agent.name", agent_name.as_str()),
    ]
    .into_iter()
    .collect();
    let reply = definition.render_reply(&values);
    // Validate the field changes before posting anything.
    if let Some(target) = definition.set_status
        && target != ticket.status
    {
        ticket
            .status
            .apply(super::event_for(ticket.status, target)?)?;
    }
    let tags = if definition.add_tags.is_empty() {
        None
    } else {
        Some(super::new_tags(&ticket.tags, &definition.add_tags, &[])?)
    };
    let ticket = super::change(
        state,
        &ticket,
        &TicketChanges {
            tags,
            level: definition.set_level,
            by: Some(agent),
            ..TicketChanges::default()
        },
    )
    .await?;
    let ticket = if reply.trim().is_empty() {
        match definition.set_status {
            Some(target) if target != ticket.status => {
                let event = super::event_for(ticket.status, target)?;
                super::apply_event(state, ticket, event).await?
            }
            _ => ticket,
        }
    } else {
        let body = super::check_message(&reply, &[])?;
        // The macro's files become the agent's uploads on this ticket, claimed by the reply.
        let owner = super::agent_owner(agent);
        let files: Vec<String> = state
            .store
            .copy_macro_files(macro_id, &ticket.site, &owner)
            .await?
            .into_iter()
            .map(|copy| copy.public_id)
            .collect();
        let reply = AgentReply {
            body,
            internal: false,
            status: definition.set_status,
            handle_seconds: 0,
            seen_up_to: None,
            attachments: files.clone(),
        };
        match agent_message(state, agent, ticket, reply).await {
            Ok(ticket) => ticket,
            Err(error) => {
                state.store.discard_uploads(&owner, &files).await?;
                return Err(error);
            }
        }
    };
    Ok(ticket)
}
