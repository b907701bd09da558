//! A ticket's thread: the requester's, agents', bot's and system's messages in order, internal
//! notes set apart (a labelled, differently drawn box), attachments (images inline with their
//! names as alt text, other files as download links), and on each of the requester's messages
//! a button that splits it into a new ticket.

use ayuda_api::{AttachmentInfo, Author, StaffMessage, Status};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::TicketState;
use crate::api::desk;
use crate::desk_ticket::{is_image, size_text};
use crate::dom;
use crate::i18n::{DeskText, message_author, split_into};
use crate::state::Console;

fn author_key(author: Author) -> &'static str {
    author.as_str()
}

/// An attachment: the image itself, or a link to download the file.
fn attachment(file: AttachmentInfo) -> impl IntoView {
    let label = format!("{} ({})", file.name, size_text(file.size));
    if is_image(&file.content_type) {
        view! {
            <li class="attachment image">
                <a href=file.url.clone() target="_blank" rel="noopener">
                    <img src=file.url.clone() alt=file.name.clone() loading="lazy"/>
                </a>
                <span class="attachment-name">{label}</span>
            </li>
        }
        .into_any()
    } else {
        view! {
            <li class="attachment file">
                <a href=file.url download=file.name.clone()>{label}</a>
            </li>
        }
        .into_any()
    }
}

#[component]
pub fn Thread(state: TicketState) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let ids = Memo::new(move |_| {
        state
            .messages
            .with(|m| m.iter().map(|m| m.id).collect::<Vec<_>>())
    });
    let busy = RwSignal::new(None::<i64>);
    let split = move |message_id: i64| {
        let Some(session) = console.session() else {
            return;
        };
        busy.set(Some(message_id));
        spawn_local(async move {
            let result =
                console.check(desk::split(&session.csrf_token, state.id, message_id).await);
            let _ = busy.try_set(None);
            match result {
                Ok(created) => {
                    state.said(split_into(
                        console.locale.get_untracked(),
                        created.ticket.id,
                    ));
                    // The note "Message split into ticket #…" joins this thread.
                    if let Ok(detail) = desk::ticket(state.id).await {
                        state.apply(detail);
                    }
                    dom::focus_id("ticket-status");
                }
                Err(refusal) => state.refused(console, DeskText::ChangeFailed, refusal),
            }
        });
    };
    let closed = move || {
        state
            .ticket
            .with(|t| t.as_ref().is_some_and(|t| t.status == Status::Closed))
    };
    view! {
        <section class="thread" aria-labelledby="thread-heading">
            <h2 id="thread-heading">{move || t(DeskText::Conversation)}</h2>
            <p id="thread-empty" class="empty" hidden=move || !ids.with(Vec::is_empty)>
                {move || t(DeskText::NoMessages)}
            </p>
            <ol id="thread" class="messages">
                <For each=move || ids.get() key=|id| *id let:id>
                    {
                        let message = Memo::new(move |_| {
                            state.messages.with(|m| m.iter().find(|m| m.id == id).cloned())
                        });
                        move || message.get().map(|m| view! { <Message message=m busy=busy closed=Signal::derive(closed) split=Callback::new(split)/> })
                    }
                </For>
            </ol>
        </section>
    }
}

#[component]
fn Message(
    message: StaffMessage,
    busy: RwSignal<Option<i64>>,
    closed: Signal<bool>,
    split: Callback<i64>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let id = message.id;
    let author = message.author;
    let name = message.author_name.clone().filter(|n| !n.trim().is_empty());
    let iso = String::from(js_sys::Date::new(&(message.created_at as f64).into()).to_iso_string());
    let when = move || dom::format_ms(message.created_at as f64, console.locale.get());
    let files = message.attachments.clone();
    let has_files = !files.is_empty();
    view! {
        <li
            id=format!("message-{id}")
            class="message"
            class:internal=message.internal
            data-message-id=id
            data-author=author_key(author)
        >
            <div class="message-head">
                <span class="message-author">
                    {let name = name.clone(); move || name.clone().unwrap_or_else(|| t(message_author(author)).to_owned())}
                </span>
                {(name.is_some() || author != Author::User).then(|| view! {
                    <span class="message-role">{move || t(message_author(author))}</span>
                })}
                {message.internal.then(|| view! {
                    <span class="badge badge-internal">
                        <span aria-hidden="true">"🔒 "</span>
                        {move || t(DeskText::InternalNote)}
                    </span>
                })}
                <time datetime=iso>{when}</time>
            </div>
            <div class="message-body">{message.body.clone()}</div>
            {has_files.then(|| view! {
                <ul class="attachments" aria-label=move || t(DeskText::Attachments)>
                    {files.into_iter().map(attachment).collect_view()}
                </ul>
            })}
            {(author == Author::User).then(|| view! {
                <button
                    type="button"
                    id=format!("split-{id}")
                    class="button split-message"
                    title=move || t(DeskText::SplitMessage)
                    hidden=move || closed.get()
                    aria-disabled=move || (busy.get() == Some(id)).then_some("true")
                    on:click=move |_| {
                        if busy.get_untracked().is_none() {
                            split.run(id);
                        }
                    }
                >
                    {move || t(DeskText::Split)}
                </button>
            })}
        </li>
    }
}
