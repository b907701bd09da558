//! One ticket as agents work it: the detail with the customer's history, replies and internal
//! notes, status, assignment, tags, escalation, macros, typing, the event stream and
//! attachment downloads (agents and admins).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ayuda_api::{
    Author, Customer, EscalateInput, NewMessageInput, TicketDetail, TicketHistoryEntry, TicketPatch,
};
use ayuda_desk::Status;
use ayuda_store::Ticket;
use serde::Deserialize;

use crate::auth::Desk;
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
        .route("/attachments/{file}", get(download).delete(discard))
}

pub(crate) async fn load(state: &AppState, id: i64) -> AppResult<Ticket> {
    state
        .store
        .ticket(id)
        .await?
        .ok_or_else(|| AppError::not_found("no such ticket"))
}

pub(crate) async fn detail_of(state: &AppState, ticket: &Ticket) -> AppResult<TicketDetail> {
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
    _: Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<TicketDetail>> {
    let ticket = load(&state, id).await?;
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

async fn patch(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<TicketPatch>,
) -> AppResult<AppJson<TicketDetail>> {
    let ticket = load(&state, id).await?;
    let ticket = desk::workflow::patch(&state, staff.user.id, ticket, &input).await?;
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

#[derive(Deserialize)]
struct HandleQuery {
    /// Agent working time to add to the ticket's handle time.
    time_spent_seconds: Option<i64>,
}

async fn reply(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppQuery(handle): AppQuery<HandleQuery>,
    AppJson(input): AppJson<NewMessageInput>,
) -> AppResult<Response> {
    let body = desk::check_message(&input.body, &input.attachments)?;
    let status = input
        .status
        .as_deref()
        .map(desk::parse_word::<Status>)
        .transpose()?;
    let ticket = load(&state, id).await?;
    if let Some(send_at) = input.send_at {
        let now = ayuda_store::now_ms();
        if send_at <= now || send_at > now + 366 * 86_400_000 {
            return Err(AppError::invalid(
                "send_at must be a time in the coming year (Unix ms)",
            ));
        }
        if status.is_some() || input.seen_up_to.is_some() {
            return Err(AppError::invalid(
                "send_at: a reply sent later takes no status or seen_up_to",
            ));
        }
        if ticket.status == Status::Closed {
            return Err(ayuda_desk::Error::ClosedTicket.into());
        }
        let row = state
            .store
            .schedule_reply(
                ticket.id,
                staff.user.id,
                &body,
                input.internal,
                &input.attachments,
                send_at,
            )
            .await?;
        return Ok((
            StatusCode::ACCEPTED,
            AppJson(crate::desk::views::scheduled_reply(row)),
        )
            .into_response());
    }
    let handle = handle.time_spent_seconds.unwrap_or(0).clamp(0, 24 * 3600);
    let reply = desk::workflow::AgentReply {
        body,
        internal: input.internal,
        status,
        handle_seconds: handle,
        seen_up_to: input.seen_up_to,
        attachments: input.attachments,
    };
    let ticket = desk::workflow::agent_message(&state, staff.user.id, ticket, reply).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(detail_of(&state, &ticket).await?),
    )
        .into_response())
}

async fn escalate(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<EscalateInput>,
) -> AppResult<AppJson<TicketDetail>> {
    let ticket = load(&state, id).await?;
    let ticket = desk::workflow::escalate(&state, staff.user.id, ticket, &input).await?;
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

async fn apply_macro(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath((id, macro_id)): AppPath<(i64, i64)>,
) -> AppResult<AppJson<TicketDetail>> {
    let ticket = load(&state, id).await?;
    let definition = state
        .store
        .macro_by_id(macro_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such macro"))?
        .definition;
    let ticket =
        desk::workflow::apply_macro(&state, staff.user.id, ticket, macro_id, &definition).await?;
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

async fn typing(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
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
    _: Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    headers: HeaderMap,
    AppQuery(query): AppQuery<events::CursorQuery>,
) -> AppResult<impl IntoResponse> {
    let ticket = load(&state, id).await?;
    let cursor = events::cursor(&headers, &query);
    Ok(events::stream(
        state,
        ticket,
        events::Audience::Staff,
        cursor,
    ))
}

/// `DELETE /attachments/{file}`: the uploader takes back a file not sent yet (204); anything
/// else is the same 404.
async fn discard(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(file): AppPath<String>,
) -> AppResult<StatusCode> {
    let owner = desk::agent_owner(staff.user.id);
    let meta = attachments::find(&state, &file, |m| {
        m.owner == owner && m.message_id.is_none()
    })
    .await?;
    state
        .store
        .discard_uploads(&owner, &[meta.public_id])
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn download(
    _: Desk,
    State(state): State<AppState>,
    AppPath(file): AppPath<String>,
) -> AppResult<Response> {
    // Unsent uploads are their uploader's only.
    let meta = attachments::find(&state, &file, |m| m.ticket_id.is_some()).await?;
    attachments::send(&state, &meta).await
}
