//! One ticket as agents work it: the detail with the customer's history, replies and internal
//! notes, status, assignment, tags, escalation, macros, typing, the event stream and
//! attachment downloads (agents and admins).

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ayuda_api::{Author, Level, Tier};
use ayuda_api::{
    Customer, EscalateInput, NewMessageInput, TicketDetail, TicketHistoryEntry, TicketPatch,
};
use ayuda_desk::{Escalate, Status, Workflow};
use ayuda_store::{NewMessage, Ticket, TicketChanges};
use serde::Deserialize;

use crate::auth::Staff;
use crate::desk::views::{staff_messages, staff_ticket};
use crate::desk::{self, attachments};
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::routes::events;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tickets/{id}", get(detail).patch(patch))
        .route("/tickets/{id}/messages", post(reply))
        .route("/tickets/{id}/escalate", post(escalate))
        .route("/tickets/{id}/macros/{macro_id}", post(apply_macro))
        .route("/tickets/{id}/typing", post(typing))
        .route("/tickets/{id}/events", get(stream))
        .route("/attachments/{file}", get(download))
}

async fn load(state: &AppState, id: i64) -> AppResult<Ticket> {
    state
        .store
        .ticket(id)
        .await?
        .ok_or_else(|| AppError::not_found("no such ticket"))
}

async fn detail_of(state: &AppState, ticket: &Ticket) -> AppResult<TicketDetail> {
    let messages = state
        .store
        .messages_after(ticket.id, 0, true, 10_000)
        .await?;
    let events = state.store.ticket_events(ticket.id).await?;
    let history = state.store.customer_tickets(ticket, 50).await?;
    Ok(TicketDetail {
        ticket: staff_ticket(ticket),
        messages: staff_messages(state, ticket, &messages).await?,
        events: events
            .into_iter()
            .map(|e| TicketHistoryEntry {
                kind: e.kind,
                detail: e.detail,
                created_at: e.created_at,
            })
            .collect(),
        customer: Customer {
            name: ticket.name.clone(),
            email: ticket.email.clone(),
            company: ticket.company.clone(),
            user_id: ticket.user_id.clone(),
            visitor_id: ticket.visitor_id.clone(),
            attributes: ticket.user_attributes.clone(),
            environment: ticket.environment.clone(),
            tickets: history.iter().map(staff_ticket).collect(),
        },
    })
}

async fn detail(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<TicketDetail>> {
    staff.require_desk()?;
    let ticket = load(&state, id).await?;
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

async fn patch(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<TicketPatch>,
) -> AppResult<AppJson<TicketDetail>> {
    staff.require_desk()?;
    let ticket = load(&state, id).await?;
    // Validate everything before changing anything.
    let status = input
        .status
        .as_deref()
        .map(desk::parse_word::<Status>)
        .transpose()?;
    let event = match status {
        Some(target) if target != ticket.status => {
            let event = desk::event_for(ticket.status, target)?;
            ticket.status.apply(event)?;
            Some(event)
        }
        _ => None,
    };
    let assignee = match input.assignee_id {
        Some(0) => Some(None),
        Some(agent) => {
            desk::check_assignee(&state, agent).await?;
            Some(Some(agent))
        }
        None => None,
    };
    let group = match input.group.as_deref() {
        Some("") => Some(None),
        Some(group) => {
            desk::validate_key(group, "group")?;
            Some(Some(group.to_owned()))
        }
        None => None,
    };
    let level = input
        .level
        .as_deref()
        .map(desk::parse_word::<Level>)
        .transpose()?;
    let tags = if input.add_tags.is_empty() && input.remove_tags.is_empty() {
        None
    } else {
        Some(desk::new_tags(
            &ticket.tags,
            &input.add_tags,
            &input.remove_tags,
        )?)
    };
    let mut ticket = desk::change(
        &state,
        &ticket,
        &TicketChanges {
            assignee,
            group,
            level,
            tags,
            by: Some(staff.user.id),
            ..TicketChanges::default()
        },
    )
    .await?;
    if let Some(event) = event {
        ticket = desk::apply_event(&state, ticket, event).await?;
    }
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

/// Posts an agent message and applies the status it implies (or the one asked for).
async fn agent_message(
    state: &AppState,
    staff: &Staff,
    ticket: Ticket,
    body: String,
    internal: bool,
    status: Option<Status>,
    handle_seconds: i64,
) -> AppResult<Ticket> {
    let message = NewMessage {
        internal,
        handle_seconds,
        ..NewMessage::text(Author::Agent, Some(staff.user.id.to_string()), body)
    };
    let (_, ticket) = desk::messages::post(state, &ticket, &message, status).await?;
    Ok(ticket)
}

#[derive(Deserialize)]
struct HandleQuery {
    /// Agent working time to add to the ticket's handle time.
    time_spent_seconds: Option<i64>,
}

async fn reply(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppQuery(handle): AppQuery<HandleQuery>,
    AppJson(input): AppJson<NewMessageInput>,
) -> AppResult<(StatusCode, AppJson<TicketDetail>)> {
    staff.require_desk()?;
    if !input.attachments.is_empty() {
        return Err(AppError::invalid(
            "agents cannot attach files yet: send the reply as text",
        ));
    }
    let body = desk::check_message(&input.body, &[])?;
    let status = input
        .status
        .as_deref()
        .map(desk::parse_word::<Status>)
        .transpose()?;
    let ticket = load(&state, id).await?;
    let handle = handle.time_spent_seconds.unwrap_or(0).clamp(0, 24 * 3600);
    let ticket =
        agent_message(&state, &staff, ticket, body, input.internal, status, handle).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(detail_of(&state, &ticket).await?),
    ))
}

async fn escalate(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<EscalateInput>,
) -> AppResult<AppJson<TicketDetail>> {
    staff.require_desk()?;
    let reason = desk::required(Some(&input.reason), "reason", 2000)?;
    let ticket = load(&state, id).await?;
    let tier = match input.tier.as_deref() {
        Some(text) => {
            let tier = desk::parse_word::<Tier>(text)?;
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
            desk::validate_key(group, "group")?;
            Some(group.to_owned())
        }
        None => None,
    };
    // A new group gets its own round-robin pick; otherwise the assignee stays.
    let assignee = match &group {
        Some(g) => Some(desk::assignment::pick_agent(&state, Some(g)).await?),
        None => None,
    };
    let ticket = desk::change(
        &state,
        &ticket,
        &TicketChanges {
            tier: Some(tier),
            group: group.map(Some),
            assignee,
            reason: Some(reason.clone()),
            by: Some(staff.user.id),
            ..TicketChanges::default()
        },
    )
    .await?;
    let note = format!("Escalated to {}: {reason}", tier.as_str());
    let message = NewMessage {
        internal: true,
        ..NewMessage::text(Author::System, Some(staff.user.id.to_string()), note)
    };
    let (_, ticket) = desk::messages::post(&state, &ticket, &message, None).await?;
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

async fn apply_macro(
    staff: Staff,
    State(state): State<AppState>,
    AppPath((id, macro_id)): AppPath<(i64, i64)>,
) -> AppResult<AppJson<TicketDetail>> {
    staff.require_desk()?;
    let ticket = load(&state, id).await?;
    let definition = state
        .store
        .macro_by_id(macro_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such macro"))?
        .definition;
    let agents = state.store.agents().await?;
    let agent_name = agents
        .iter()
        .find(|a| a.user_id == staff.user.id)
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
            .apply(desk::event_for(ticket.status, target)?)?;
    }
    let tags = if definition.add_tags.is_empty() {
        None
    } else {
        Some(desk::new_tags(&ticket.tags, &definition.add_tags, &[])?)
    };
    let ticket = desk::change(
        &state,
        &ticket,
        &TicketChanges {
            tags,
            level: definition.set_level,
            by: Some(staff.user.id),
            ..TicketChanges::default()
        },
    )
    .await?;
    let ticket = if reply.trim().is_empty() {
        match definition.set_status {
            Some(target) if target != ticket.status => {
                let event = desk::event_for(ticket.status, target)?;
                desk::apply_event(&state, ticket, event).await?
            }
            _ => ticket,
        }
    } else {
        let body = desk::check_message(&reply, &[])?;
        agent_message(
            &state,
            &staff,
            ticket,
            body,
            false,
            definition.set_status,
            0,
        )
        .await?
    };
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

async fn typing(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    staff.require_desk()?;
    let ticket = load(&state, id).await?;
    let name = desk::agent_names(&state)
        .await?
        .remove(&staff.user.id.to_string());
    state
        .hub
        .publish(
            ticket.id,
            desk::hub::Notice::Typing(ayuda_api::Typing {
                author: Author::Agent,
                name,
            }),
        )
        .await;
    Ok(StatusCode::NO_CONTENT)
}

async fn stream(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    headers: HeaderMap,
    AppQuery(query): AppQuery<events::CursorQuery>,
) -> AppResult<impl IntoResponse> {
    staff.require_desk()?;
    let ticket = load(&state, id).await?;
    let cursor = events::cursor(&headers, &query);
    Ok(events::stream(
        state,
        ticket,
        events::Audience::Staff,
        cursor,
    ))
}

async fn download(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(file): AppPath<String>,
) -> AppResult<Response> {
    staff.require_desk()?;
    // Unsent uploads are their uploader's only.
    let meta = attachments::find(&state, &file, |m| m.ticket_id.is_some()).await?;
    attachments::send(&state, &meta).await
}
