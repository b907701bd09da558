//! Server-sent events for one ticket, shared by the widget's and the agents' streams.
//!
//! `event: message` carries one message with `id:` = its id, which only grows within a ticket.
//! The stream subscribes to the hub *before* reading the messages after the cursor, so a
//! message stored in between is seen either in that read or through a notice; every read
//! starts from the last id sent, so none is sent twice. A reconnecting browser sends
//! `Last-Event-ID` and the stream resumes right after it: no gap, no duplicate.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use ayuda_api::{Author, StreamEvent};
use ayuda_store::Ticket;
use futures_util::Stream;
use serde::Deserialize;
use tokio::sync::broadcast::{self, error::RecvError};

use crate::desk::{self, hub::Notice};
use crate::state::AppState;

/// Who is listening, which decides what they see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// The user: public messages, agents typing.
    Requester,
    /// Staff: internal notes too, the user typing.
    Staff,
}

#[derive(Debug, Default, Deserialize)]
pub struct CursorQuery {
    /// Resume after this message id (for a fresh `EventSource`, which cannot set headers).
    pub after: Option<i64>,
}

/// `Last-Event-ID` if the client sent one, else `?after=`, else 0 (everything).
pub fn cursor(headers: &HeaderMap, query: &CursorQuery) -> i64 {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(query.after)
        .unwrap_or(0)
        .max(0)
}

struct Streaming {
    state: AppState,
    ticket: Ticket,
    audience: Audience,
    cursor: i64,
    notices: broadcast::Receiver<Notice>,
    queue: VecDeque<Event>,
    /// Read the database before waiting (at the start and after a resync).
    catch_up: bool,
}

fn json_event(name: StreamEvent, value: &impl serde::Serialize) -> Event {
    Event::default()
        .event(name.as_str())
        .data(serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()))
}

impl Streaming {
    /// Queues every message after the cursor.
    async fn read_messages(&mut self) -> crate::error::AppResult<()> {
        loop {
            let include_internal = self.audience == Audience::Staff;
            let batch = self
                .state
                .store
                .messages_after(self.ticket.id, self.cursor, include_internal, 200)
                .await?;
            let Some(last) = batch.last() else {
                return Ok(());
            };
            self.cursor = last.id;
            let full = batch.len() == 200;
            match self.audience {
                Audience::Requester => {
                    for message in desk::public_messages(&self.state, &self.ticket, &batch).await? {
                        self.queue.push_back(
                            json_event(StreamEvent::Message, &message).id(message.id.to_string()),
                        );
                    }
                }
                Audience::Staff => {
                    for message in
                        crate::desk::views::staff_messages(&self.state, &self.ticket, &batch)
                            .await?
                    {
                        let id = message.id;
                        self.queue.push_back(
                            json_event(StreamEvent::Message, &message).id(id.to_string()),
                        );
                    }
                }
            }
            if !full {
                return Ok(());
            }
        }
    }

    async fn read_ticket(&mut self) -> crate::error::AppResult<()> {
        if let Some(ticket) = self.state.store.ticket(self.ticket.id).await? {
            self.ticket = ticket;
        }
        let event = match self.audience {
            Audience::Requester => {
                let unread = self
                    .state
                    .store
                    .unread_counts(&[self.ticket.id])
                    .await?
                    .first()
                    .map_or(0, |(_, n)| *n);
                json_event(
                    StreamEvent::Ticket,
                    &desk::public_ticket(&self.ticket, unread),
                )
            }
            Audience::Staff => json_event(
                StreamEvent::Ticket,
                &crate::desk::views::staff_ticket(&self.ticket),
            ),
        };
        self.queue.push_back(event);
        Ok(())
    }

    /// The next event to send; `None` ends the stream.
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            if self.catch_up {
                self.catch_up = false;
                if let Err(error) = self.read_messages().await {
                    tracing::warn!(%error, "SSE read failed; closing the stream");
                    return None;
                }
                continue;
            }
            let result = match self.notices.recv().await {
                Ok(Notice::Message | Notice::Created) => self.read_messages().await,
                Ok(Notice::Ticket) => self.read_ticket().await,
                Ok(Notice::Posted) => match self.read_messages().await {
                    Ok(()) => self.read_ticket().await,
                    Err(e) => Err(e),
                },
                Ok(Notice::Typing(typing)) => {
                    let from_user = typing.author == Author::User;
                    if from_user == (self.audience == Audience::Staff) {
                        self.queue
                            .push_back(json_event(StreamEvent::Typing, &typing));
                    }
                    Ok(())
                }
                Ok(Notice::Resync) | Err(RecvError::Lagged(_)) => match self.read_ticket().await {
                    Ok(()) => self.read_messages().await,
                    Err(e) => Err(e),
                },
                // The hub dropped this ticket's channel: the client reconnects and resumes.
                Err(RecvError::Closed) => return None,
            };
            if let Err(error) = result {
                tracing::warn!(%error, "SSE read failed; closing the stream");
                return None;
            }
        }
    }
}

/// The SSE response for `ticket`, resuming after message `cursor`.
pub fn stream(
    state: AppState,
    ticket: Ticket,
    audience: Audience,
    cursor: i64,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let notices = state.hub.subscribe(ticket.id);
    let streaming = Streaming {
        state,
        ticket,
        audience,
        cursor,
        notices,
        // Reconnect quickly after a dropped connection (the default is about 3 s).
        queue: VecDeque::from([Event::default().retry(Duration::from_millis(1000))]),
        catch_up: true,
    };
    let events = futures_util::stream::unfold(streaming, |mut s| async move {
        s.next().await.map(|event| (Ok(event), s))
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
