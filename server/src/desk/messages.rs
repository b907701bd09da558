//! "A message is posted" — by the user, an agent, the bot or the system — in one function:
//! the workflow event it means, the status it leads to, the SLA fields of the ticket after it,
//! all stored in one transaction ([`ayuda_store::Store::post_message`]), then one notice.

use ayuda_api::Author;
use ayuda_desk::{Event, Status, StatusChange, Workflow};
use ayuda_store::{Message, MessageEffects, NewMessage, Ticket};
use jiff::Timestamp;

use super::attachments::claim_error;
use super::hub::Notice;
use super::{SlaSubject, event_for, ms, settings, sla_fields, status_history};
use crate::error::AppResult;
use crate::state::AppState;

/// The workflow event a message means: a user's message is a reply; an agent's public reply
/// is one too unless the agent asked for a status (an internal note changes nothing unless
/// asked); the bot and the system never move the workflow.
fn event_of(
    ticket: &Ticket,
    message: &NewMessage,
    asked: Option<Status>,
) -> AppResult<Option<Event>> {
    Ok(match message.author_kind {
        Author::User => Some(Event::UserReplied),
        Author::Agent => match asked {
            Some(target) if target != ticket.status => Some(event_for(ticket.status, target)?),
            Some(_) => None,
            None if message.internal => None,
            None => Some(Event::AgentReplied),
        },
        Author::Bot | Author::System => None,
    })
}

/// Posts `message` on `ticket`, with the status an agent `asked` for (agents only). Checks
/// the workflow before anything is stored (a closed ticket is read-only), stores the message,
/// the status change and the SLA fields together, and notifies the ticket's streams once.
/// Returns the stored message and the ticket as it is now.
pub async fn post(
    state: &AppState,
    ticket: &Ticket,
    message: &NewMessage,
    asked: Option<Status>,
) -> AppResult<(Message, Ticket)> {
    post_seen(state, ticket, message, asked, None).await
}

/// [`post`], held when the ticket has a message by the user or another agent newer than
/// `seen_up_to` (409 `newer_messages`; nothing is stored).
pub async fn post_seen(
    state: &AppState,
    ticket: &Ticket,
    message: &NewMessage,
    asked: Option<Status>,
    seen_up_to: Option<i64>,
) -> AppResult<(Message, Ticket)> {
    let event = event_of(ticket, message, asked)?;
    let next = match event {
        Some(event) => ticket.status.apply(event)?,
        None => ticket.status,
    };
    if ticket.status == Status::Closed && message.author_kind == Author::Agent {
        return Err(ayuda_desk::Error::ClosedTicket.into());
    }
    let now = Timestamp::now();
    let changes_status = next != ticket.status;
    let public_agent = message.author_kind == Author::Agent && !message.internal;
    // The SLA fields of the ticket as it will be: a public agent reply stops the
    // first-response clock, a status change may pause or stop the resolution clock.
    let sla = if changes_status || public_agent {
        let mut after = SlaSubject::from(ticket);
        after.status = next;
        if public_agent {
            after.first_response_at = after.first_response_at.or(Some(ms(now)));
        }
        let mut history = status_history(state, ticket).await?;
        if changes_status {
            history.push(StatusChange {
                at: now,
                status: next,
            });
        }
        let settings = settings::load(state, &ticket.site).await?;
        Some(sla_fields(&after, &history, &settings, now)?)
    } else {
        None
    };
    let effects = MessageEffects {
        status: changes_status.then_some(next),
        sla,
        seen_up_to,
    };
    let (stored, ticket) = state
        .store
        .post_message(ticket.id, message, &effects, ms(now))
        .await
        .map_err(claim_error)?;
    let notice = if changes_status {
        Notice::Posted
    } else {
        Notice::Message
    };
    state.hub.publish(ticket.id, notice).await;
    Ok((stored, ticket))
}
