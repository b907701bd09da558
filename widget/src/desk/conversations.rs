//! The user's conversations: the list with the launcher's unread count, one thread followed
//! live (its event stream), the composer and the satisfaction survey.

use std::time::Duration;

use ayuda_api::{
    Author, CsatInput, NewMessageInput, PublicMessage, PublicThread, PublicTicket,
    PublicTicketList, Rating, ReadMark, Typing,
};
use leptos::prelude::*;

use super::{Sending, Uploads};
use crate::api::{self, ApiError, EventStream, TicketEvents};
use crate::dom;
use crate::seq::{Latest, Ticket};
use crate::session::Session;
use crate::support::{Throttle, last_id, merge_messages};
use crate::view::{Load, ToPanel, View};

/// At most one "the user is typing" notification per this interval.
pub const TYPING_EVERY_MS: f64 = 3000.0;
/// How long an agent's typing indicator stays without a new `typing` event.
const TYPING_SHOWN: Duration = Duration::from_secs(6);

/// The user's conversations and the open thread.
#[derive(Clone, Copy)]
pub struct Conversations {
    pub session: Session,
    pub tickets: RwSignal<Option<PublicTicketList>>,
    pub thread: RwSignal<Load<PublicThread>>,
    thread_seq: StoredValue<Latest>,
    pub agent_typing: RwSignal<Option<String>>,
    typing_seq: StoredValue<Latest>,
    typing_throttle: StoredValue<Throttle>,
    pub reply: RwSignal<String>,
    pub reply_files: Uploads,
    pub reply_state: RwSignal<Sending>,
    pub csat: RwSignal<Sending>,
    stream: StoredValue<Option<EventStream>, LocalStorage>,
    read_sent: StoredValue<(String, i64)>,
}

fn issue(seq: StoredValue<Latest>) -> Ticket {
    seq.try_update_value(Latest::issue)
        .unwrap_or_else(|| Latest::default().issue())
}

fn is_current(seq: StoredValue<Latest>, ticket: Ticket) -> bool {
    seq.try_with_value(|s| s.is_current(ticket)) == Some(true)
}

impl Conversations {
    pub fn new(session: Session) -> Conversations {
        Conversations {
            session,
            tickets: RwSignal::new(None),
            thread: RwSignal::new(Load::Loading),
            thread_seq: StoredValue::new(Latest::default()),
            agent_typing: RwSignal::new(None),
            typing_seq: StoredValue::new(Latest::default()),
            typing_throttle: StoredValue::new(Throttle::default()),
            reply: RwSignal::new(String::new()),
            reply_files: Uploads::new(),
            reply_state: RwSignal::new(Sending::Idle),
            csat: RwSignal::new(Sending::Idle),
            stream: StoredValue::new_local(None),
            read_sent: StoredValue::new((String::new(), 0)),
        }
    }

    /// Reloads the list of conversations (and the launcher's unread count), if this browser
    /// ever contacted support.
    pub fn refresh(self) {
        self.session.tickets(move |list| {
            self.session.tell(ToPanel::Inbox {
                count: u32::try_from(list.tickets.len()).unwrap_or(u32::MAX),
                unread: list.unread,
            });
            let _ = self.tickets.try_set(Some(list));
        });
    }

    /// Loads a conversation and follows it live.
    pub fn open(self, id: String) {
        let ticket = issue(self.thread_seq);
        let shown = self
            .thread
            .with_untracked(|t| matches!(t, Load::Ready(t) if t.ticket.id == id));
        if !shown {
            self.thread.set(Load::Loading);
            self.reply.set(String::new());
            self.reply_files.clear();
            self.reply_state.set(Sending::Idle);
            self.csat.set(Sending::Idle);
            self.agent_typing.set(None);
        }
        self.session.calling(move |call| {
            let Ok((site, identity)) = call else {
                let _ = self.thread.try_set(Load::Failed(ApiError::Network));
                return;
            };
            api::ticket(&site, &id, identity, move |result| {
                if !is_current(self.thread_seq, ticket) {
                    return;
                }
                match result {
                    Ok(thread) => self.show(thread),
                    Err(error) => {
                        let _ = self.thread.try_set(Load::Failed(error));
                    }
                }
            });
        });
    }

    /// Shows `thread` (merging with what is already shown of it) and starts its stream.
    pub fn show(self, thread: PublicThread) {
        let same = self
            .thread
            .with_untracked(|t| matches!(t, Load::Ready(t) if t.ticket.id == thread.ticket.id));
        if same {
            self.thread.update(|t| {
                if let Load::Ready(current) = t {
                    current.ticket = thread.ticket.clone();
                    merge_messages(&mut current.messages, thread.messages.clone());
                }
            });
        } else {
            let mut thread = thread;
            let mut messages = Vec::new();
            merge_messages(&mut messages, std::mem::take(&mut thread.messages));
            thread.messages = messages;
            self.thread.set(Load::Ready(thread));
            // The loading placeholder had the focus; give it to the loaded thread's heading.
            let view = self.session.view;
            request_animation_frame(move || {
                if dom::focus_is_lost() {
                    dom::focus_view(
                        view.try_with_untracked(|v| *v == View::Home) == Some(true),
                        false,
                    );
                }
            });
        }
        self.follow();
        self.mark_read();
    }

    /// Opens (or keeps) the event stream of the shown thread.
    fn follow(self) {
        let Some((id, after)) = self.thread.with_untracked(|t| match t {
            Load::Ready(t) => Some((t.ticket.id.clone(), last_id(&t.messages))),
            _ => None,
        }) else {
            return;
        };
        let open = self.stream.with_value(|s| {
            s.as_ref()
                .is_some_and(|s| s.ticket() == id && !s.is_closed())
        });
        if open {
            return;
        }
        self.stop_stream();
        self.session.calling(move |call| {
            let Ok((site, identity)) = call else { return };
            if !self.session.shows_thread(&id) {
                return;
            }
            let stream = api::ticket_events(&site, &id, &identity, after, self.listeners());
            self.stream.set_value(stream);
        });
    }

    /// What the open thread does with each event of its stream.
    fn listeners(self) -> TicketEvents {
        TicketEvents {
            message: Box::new(move |message| self.streamed_message(message)),
            typing: Box::new(move |typing| self.streamed_typing(typing)),
            ticket: Box::new(move |ticket| self.streamed_ticket(ticket)),
            // A stream the server ended for good (not a network blip, which the browser
            // retries itself) is reopened after a pause, from the last message shown.
            error: Box::new(move || {
                let closed = self
                    .stream
                    .try_with_value(|s| s.as_ref().is_some_and(EventStream::is_closed))
                    == Some(true);
                if closed {
                    set_timeout(move || self.follow(), Duration::from_secs(5));
                }
            }),
        }
    }

    /// Closes the event stream (the thread is no longer shown).
    pub fn stop_stream(self) {
        let stream = self.stream.try_update_value(Option::take).flatten();
        drop(stream);
    }

    fn streamed_message(self, message: PublicMessage) {
        let from_user = message.author == Author::User;
        let mut added = false;
        self.thread.try_update(|t| {
            if let Load::Ready(t) = t {
                added = merge_messages(&mut t.messages, vec![message]);
            }
        });
        if added && !from_user {
            let _ = self.agent_typing.try_set(None);
            if self.session.visible.get_untracked() {
                self.mark_read();
            } else {
                self.refresh();
            }
        }
    }

    /// An agent is typing (the user's own typing, echoed back, is not shown).
    fn streamed_typing(self, typing: Typing) {
        if typing.author == Author::User {
            return;
        }
        let _ = self
            .agent_typing
            .try_set(Some(typing.name.unwrap_or_default()));
        let ticket = issue(self.typing_seq);
        set_timeout(
            move || {
                if is_current(self.typing_seq, ticket) {
                    let _ = self.agent_typing.try_set(None);
                }
            },
            TYPING_SHOWN,
        );
    }

    fn streamed_ticket(self, ticket: PublicTicket) {
        self.thread.try_update(|t| {
            if let Load::Ready(t) = t
                && t.ticket.id == ticket.id
            {
                t.ticket = ticket;
            }
        });
        self.refresh();
    }

    /// Tells the server everything shown was read (when the thread is on screen).
    pub fn mark_read(self) {
        if !self.session.visible.get_untracked() || dom::document_hidden() {
            return;
        }
        let Some((id, last)) = self.thread.with_untracked(|t| match t {
            Load::Ready(t) => Some((t.ticket.id.clone(), last_id(&t.messages))),
            _ => None,
        }) else {
            return;
        };
        let on_thread = self.session.shows_thread(&id);
        let already = self.read_sent.with_value(|(t, l)| *t == id && *l >= last);
        if !on_thread || last == 0 || already {
            return;
        }
        self.read_sent.set_value((id.clone(), last));
        self.session.calling(move |call| {
            let Ok((site, identity)) = call else { return };
            let mark = ReadMark { last_read: last };
            api::mark_read(&site, &id, identity, &mark, move |result| {
                if result.is_ok() {
                    self.refresh();
                }
            });
        });
    }

    /// The panel became visible or hidden.
    pub fn set_visible(self, visible: bool) {
        self.session.visible.set(visible);
        if visible {
            self.mark_read();
            self.refresh();
        }
    }

    fn thread_id(self) -> Option<String> {
        self.thread.with_untracked(|t| match t {
            Load::Ready(t) => Some(t.ticket.id.clone()),
            _ => None,
        })
    }

    /// The user typed in the composer: tell the agents (at most every 3 s).
    pub fn typed(self, text: String) {
        self.reply.set(text);
        let now = js_sys::Date::now();
        let allowed = self
            .typing_throttle
            .try_update_value(|t| t.allow(now, TYPING_EVERY_MS))
            == Some(true);
        let Some(id) = self.thread_id().filter(|_| allowed) else {
            return;
        };
        self.session.calling(move |call| {
            if let Ok((site, identity)) = call {
                api::typing(&site, &id, identity);
            }
        });
    }

    /// Sends the composer's text; on failure the text stays.
    pub fn send_reply(self) {
        let body = self.reply.get_untracked().trim().to_owned();
        let attachments: Vec<String> = self.reply_files.done().into_iter().map(|a| a.id).collect();
        if (body.is_empty() && attachments.is_empty())
            || self.reply_state.get_untracked() == Sending::Busy
            || self.reply_files.busy()
        {
            return;
        }
        let Some(id) = self.thread_id() else { return };
        self.reply_state.set(Sending::Busy);
        let input = NewMessageInput {
            body,
            attachments,
            ..NewMessageInput::default()
        };
        self.session.calling(move |call| {
            let (site, identity) = match call {
                Ok(call) => call,
                Err(error) => {
                    let _ = self.reply_state.try_set(Sending::Failed(error));
                    return;
                }
            };
            api::post_message(&site, &id, identity, &input, move |result| match result {
                Ok(message) => {
                    self.reply_state.set(Sending::Idle);
                    self.reply.set(String::new());
                    self.reply_files.clear();
                    self.thread.update(|t| {
                        if let Load::Ready(t) = t {
                            merge_messages(&mut t.messages, vec![message]);
                        }
                    });
                }
                Err(error) => {
                    let _ = self.reply_state.try_set(Sending::Failed(error));
                }
            });
        });
    }

    /// Answers "How did we do?" (once).
    pub fn send_csat(self, rating: Rating, comment: String) {
        if matches!(self.csat.get_untracked(), Sending::Busy | Sending::Done) {
            return;
        }
        let Some(id) = self.thread_id() else { return };
        self.csat.set(Sending::Busy);
        let comment = comment.trim().to_owned();
        let input = CsatInput {
            rating: rating.as_str().to_owned(),
            comment: (!comment.is_empty()).then_some(comment),
        };
        self.session.calling(move |call| {
            let (site, identity) = match call {
                Ok(call) => call,
                Err(error) => {
                    let _ = self.csat.try_set(Sending::Failed(error));
                    return;
                }
            };
            api::rate(&site, &id, identity, &input, move |result| {
                let answered = match result {
                    // 201 (its body, if any, is not needed); 409: answered already.
                    Ok(()) | Err(ApiError::BadData | ApiError::Status(409)) => Sending::Done,
                    Err(error) => Sending::Failed(error),
                };
                if answered == Sending::Done {
                    self.thread.try_update(|t| {
                        if let Load::Ready(t) = t {
                            t.ticket.csat_pending = false;
                            t.ticket.csat.get_or_insert(rating);
                        }
                    });
                }
                let _ = self.csat.try_set(answered);
            });
        });
    }
}
