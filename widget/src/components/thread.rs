//! Conversations: the list of the user's tickets, one thread followed live with its composer,
//! and the one-question satisfaction survey once it is solved.

use ayuda_api::{AttachmentInfo, Author, PublicMessage, PublicTicket, Rating, Status};
use leptos::ev::{Event, KeyboardEvent, SubmitEvent};
use leptos::prelude::*;

use super::contact::{Attachments, format_time, on_paste};
use super::{ContactEntry, ErrorBox, tx};
use crate::api::ApiError;
use crate::desk::{Conversations, Sending};
use crate::i18n::{Text, status_text, tr, typing};
use crate::session::Session;
use crate::view::{Go, Load, View};

/// The list of the user's conversations, newest first.
#[component]
pub fn ConversationsView() -> impl IntoView {
    let session = expect_context::<Session>();
    let list = move || {
        expect_context::<Conversations>().tickets.with(|l| match l {
            None => view! { <p class="muted">{tx(session, Text::Loading)}</p> }.into_any(),
            Some(l) if l.tickets.is_empty() => {
                view! { <p class="muted">{tx(session, Text::NoConversations)}</p> }.into_any()
            }
            Some(l) => {
                let items = l
                    .tickets
                    .iter()
                    .map(|ticket| ticket_item(session, ticket))
                    .collect::<Vec<_>>();
                view! { <ul class="list" data-testid="conversation-list">{items}</ul> }.into_any()
            }
        })
    };
    view! {
        <section class="page">
            <h1 tabindex="-1">{tx(session, Text::YourConversations)}</h1>
            {list}
            // A new question starts here too, as in the messengers people know.
            <ContactEntry/>
        </section>
    }
}

fn ticket_item(session: Session, ticket: &PublicTicket) -> impl IntoView + use<> {
    let id = ticket.id.clone();
    let status = status_text(ticket.status);
    let unread = ticket.unread > 0;
    let when = format_time(ticket.updated_at, session.ui());
    view! {
        <li>
            <button
                type="button"
                class="item ticket"
                data-testid="conversation"
                on:click=move |_| session.go(Go::To(View::Thread { id: id.clone() }))
            >
                <span class="t">
                    {unread
                        .then(|| {
                            view! {
                                <span class="dot" data-testid="unread-dot">
                                    <span class="sr-only">{tr(session.ui(), Text::NewReply)}</span>
                                </span>
                            }
                        })}
                    {ticket.subject.clone()}
                </span>
                <span class="s">
                    <span class=format!("status {}", ticket.status)>
                        {move || tr(session.ui(), status)}
                    </span>
                    " · "
                    {when}
                </span>
            </button>
        </li>
    }
}

/// One conversation, live.
#[component]
pub fn ThreadView() -> impl IntoView {
    let session = expect_context::<Session>();
    let desk = expect_context::<Conversations>();
    // A memo: a new message must not rebuild the view (the composer would lose its focus).
    let state = Memo::new(move |_| {
        desk.thread.with(|th| match th {
            Load::Ready(th) => Ok(th.ticket.subject.clone()),
            Load::Loading => Err(None),
            Load::Failed(error) => Err(Some(*error)),
        })
    });
    let body = move || match state.get() {
        Ok(subject) => view! {
            <h1 tabindex="-1" data-testid="thread-subject">{subject}</h1>
            <Messages/>
            <TypingIndicator/>
            <Csat/>
            <Composer/>
        }
        .into_any(),
        Err(None) => view! {
            <h1 class="sr-only" tabindex="-1">{tx(session, Text::Conversation)}</h1>
            <p class="muted">{tx(session, Text::Loading)}</p>
        }
        .into_any(),
        Err(Some(ApiError::NotFound)) => view! {
            <h1 class="sr-only" tabindex="-1">{tx(session, Text::Conversation)}</h1>
            <ErrorBox text=Text::ConversationGone/>
        }
        .into_any(),
        Err(Some(_)) => view! {
            <h1 class="sr-only" tabindex="-1">{tx(session, Text::Conversation)}</h1>
            <ErrorBox
                text=Text::ConnectionError
                retry=Box::new(move || {
                    if let View::Thread { id } = session.view.get_untracked() {
                        desk.open(id);
                    }
                })
            />
        }
        .into_any(),
    };
    view! { <section class="page thread" data-testid="thread">{body}</section> }
}

/// The messages, as a log that announces new ones.
#[component]
pub fn Messages() -> impl IntoView {
    let session = expect_context::<Session>();
    let desk = expect_context::<Conversations>();
    let ids = Memo::new(move |_| {
        desk.thread.with(|t| match t {
            Load::Ready(t) => t.messages.iter().map(|m| m.id).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    // Keep the newest message in view.
    Effect::new(move |_| {
        ids.track();
        request_animation_frame(|| {
            if let Some(last) = document()
                .query_selector(".msgs > li:last-child")
                .ok()
                .flatten()
            {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                last.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    });
    view! {
        <div
            role="log"
            aria-live="polite"
            aria-label=tx(session, Text::Conversation)
            data-testid="messages"
        >
            <ol class="msgs">
                <For
                    each=move || ids.get()
                    key=|id| *id
                    children=move |id| {
                        let message = desk.thread.with_untracked(|t| match t {
                            Load::Ready(t) => t.messages.iter().find(|m| m.id == id).cloned(),
                            _ => None,
                        });
                        message.map(|m| message_item(session, m))
                    }
                />
            </ol>
        </div>
    }
}

/// One message: who wrote it, when, its text (always as text) and its files.
pub fn message_item(session: Session, message: PublicMessage) -> impl IntoView + use<> {
    let ui = session.ui();
    let author = match message.author {
        Author::User => tr(ui, Text::You).to_owned(),
        Author::Bot | Author::System => tr(ui, Text::AutoReply).to_owned(),
        Author::Agent => message
            .author_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| tr(ui, Text::SupportTeam).to_owned()),
    };
    let class = format!("msg {}", message.author);
    let identity = session.existing_identity().unwrap_or_default();
    let files = message
        .attachments
        .iter()
        .map(|a| attachment_link(a, &identity.query(&a.url)))
        .collect::<Vec<_>>();
    let files = (!files.is_empty()).then(|| view! { <ul class="att">{files}</ul> });
    view! {
        <li class=class data-testid="message" data-author=message.author.as_str()>
            <p class="who">
                <span class="name">{author}</span>
                " "
                <time class="when">{format_time(message.created_at, ui)}</time>
            </p>
            // Plain text from the user or an agent: a text node, never HTML.
            <p class="body">{message.body}</p>
            {files}
        </li>
    }
}

fn attachment_link(info: &AttachmentInfo, url: &str) -> impl IntoView + use<> {
    let image = info.content_type.starts_with("image/");
    let content = if image {
        view! { <img src=url.to_owned() alt=info.name.clone() loading="lazy"/> }.into_any()
    } else {
        view! { <span>{format!("📎 {}", info.name)}</span> }.into_any()
    };
    view! {
        <li>
            <a href=url.to_owned() target="_blank" rel="noopener noreferrer" data-testid="attachment">
                {content}
            </a>
        </li>
    }
}

/// "Ana is typing…" while an agent writes.
#[component]
fn TypingIndicator() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <p class="typing muted" aria-live="polite" data-testid="typing">
            {move || expect_context::<Conversations>().agent_typing.get().map(|name| typing(session.ui(), &name))}
        </p>
    }
}

/// "How did we do?" once the conversation is solved, answered once.
#[component]
pub fn Csat() -> impl IntoView {
    let session = expect_context::<Session>();
    let desk = expect_context::<Conversations>();
    let pending = Memo::new(move |_| {
        desk.thread.with(|th| match th {
            Load::Ready(th) => th.ticket.csat_pending && th.ticket.status == Status::Solved,
            _ => false,
        })
    });
    let comment = RwSignal::new(String::new());
    let rating = RwSignal::new(None::<Rating>);
    move || {
        if desk.csat.get() == Sending::Done {
            return Some(
                view! {
                    <p class="thanks" role="status" data-testid="csat-thanks">
                        {tx(session, Text::CsatThanks)}
                    </p>
                }
                .into_any(),
            );
        }
        if !pending.get() {
            return None;
        }
        let choice = move |value: Rating, label: Text| {
            view! {
                <button
                    type="button"
                    class="btn"
                    data-testid=format!("csat-{value}")
                    aria-pressed=move || (rating.get() == Some(value)).to_string()
                    on:click=move |_| rating.set(Some(value))
                >
                    {tx(session, label)}
                </button>
            }
        };
        let on_submit = move |ev: SubmitEvent| {
            ev.prevent_default();
            if let Some(value) = rating.get_untracked() {
                desk.send_csat(value, comment.get_untracked());
            }
        };
        Some(
            view! {
                <form class="csat" data-testid="csat" on:submit=on_submit>
                    <h2 class="label" id="ayuda-csat-h">{tx(session, Text::HowDidWeDo)}</h2>
                    <div class="row" role="group" aria-labelledby="ayuda-csat-h">
                        {choice(Rating::Good, Text::Good)}
                        {choice(Rating::Okay, Text::Okay)}
                        {choice(Rating::Bad, Text::Bad)}
                    </div>
                    <label for="ayuda-csat-comment" class="small">{tx(session, Text::CsatComment)}</label>
                    <textarea
                        id="ayuda-csat-comment"
                        class="q"
                        rows="2"
                        prop:value=move || comment.get()
                        on:input=move |ev: Event| comment.set(event_target_value(&ev))
                    ></textarea>
                    {move || matches!(desk.csat.get(), Sending::Failed(_))
                        .then(|| view! { <ErrorBox text=Text::ConnectionError/> })}
                    <button
                        type="submit"
                        class="btn primary"
                        data-testid="csat-send"
                        aria-disabled=move || rating.get().is_none().then_some("true")
                    >
                        {tx(session, Text::Send)}
                    </button>
                </form>
            }
            .into_any(),
        )
    }
}

/// The answer box: Enter sends (Shift+Enter for a new line); what fails stays typed.
#[component]
pub fn Composer() -> impl IntoView {
    let session = expect_context::<Session>();
    let desk = expect_context::<Conversations>();
    let t = move |text| tr(session.ui(), text);
    let status = Memo::new(move |_| {
        desk.thread.with(|th| match th {
            Load::Ready(th) => Some(th.ticket.status),
            _ => None,
        })
    });
    let solved = move || status.get() == Some(Status::Solved);
    let closed = move || status.get() == Some(Status::Closed);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        desk.send_reply();
    };
    let on_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            desk.send_reply();
        }
    };
    let error = move || match desk.reply_state.get() {
        Sending::Failed(ApiError::Status(429)) => Some(Text::SlowDown),
        Sending::Failed(_) => Some(Text::ReplyFailed),
        _ => None,
    };
    move || {
        (!closed()).then(|| {
            view! {
                <form
                    class="composer"
                    data-testid="composer"
                    on:submit=on_submit
                    on:paste=move |ev| on_paste(session, desk.reply_files, &ev)
                >
                    {move || solved().then(|| view! { <p class="muted small">{tx(session, Text::ReopenHint)}</p> })}
                    <label for="ayuda-reply" class="sr-only">{tx(session, Text::YourReply)}</label>
                    <textarea
                        id="ayuda-reply"
                        class="q"
                        rows="2"
                        data-testid="reply"
                        placeholder=tx(session, Text::YourReply)
                        prop:value=move || desk.reply.get()
                        on:input=move |ev: Event| desk.typed(event_target_value(&ev))
                        on:keydown=on_key
                    ></textarea>
                    {move || error().map(|text| view! {
                        <p class="error" role="alert" data-testid="reply-error">{tx(session, text)}</p>
                    })}
                    <Attachments uploads=desk.reply_files/>
                    <button type="submit" class="btn primary" data-testid="reply-send">
                        {move || if desk.reply_state.get() == Sending::Busy { t(Text::Sending) } else { t(Text::Send) }}
                    </button>
                </form>
            }
        })
    }
}
