//! The composer: a reply or an internal note (tabs), files attached (uploaded at once to
//! `POST /api/v1/tickets/{id}/attachments`, or the copies a macro's "Insert" took), the status
//! to set with a reply, "send later" (`send_at`) with the scheduled replies and their Cancel,
//! and the held reply: a reply is sent with `seen_up_to` = the newest message the agent had on
//! screen when the draft began (or last chose to send anyway); when newer ones arrived the
//! server holds it (409 `newer_messages`) and the agent reads them, then sends anyway or edits.

use ayuda_api::{AttachmentInfo, Status, attachment_limits};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlInputElement;

use super::state::{Mode, TicketState};
use crate::api::desk::{self, Outgoing, Scheduled, Sent};
use crate::components::common::failure_text;
use crate::desk_ticket::{self, SendAtError};
use crate::dom;
use crate::i18n::{DeskText, file_problem, file_refused, held_text, remove_file_label, sends_at};
use crate::state::Console;

#[component]
pub fn Composer(
    state: TicketState,
    mode: RwSignal<Mode>,
    /// The draft (macros insert into it).
    body: RwSignal<String>,
    /// The files going with it (a macro's "Insert" adds its copies, as if picked here).
    files: RwSignal<Vec<AttachmentInfo>>,
    /// Runs on each change: (internal, now empty).
    on_typed: Callback<(bool, bool)>,
    macros_open: RwSignal<bool>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let uploading = RwSignal::new(0usize);
    let then_status = RwSignal::new(String::new());
    let send_at = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let held = RwSignal::new(None::<Option<String>>);
    let scheduled = RwSignal::new(Vec::<Scheduled>::new());
    // The newest message on screen when the draft began: what the agent answers.
    let seen = StoredValue::new(0i64);
    Effect::new(move |_| {
        let newest = state.messages.with(|m| desk_ticket::newest_id(m));
        if body.with_untracked(|b| b.trim().is_empty()) && held.with_untracked(Option::is_none) {
            seen.set_value(newest);
        }
    });
    let load_scheduled = move || {
        spawn_local(async move {
            if let Ok(list) = console.check(desk::scheduled(state.id).await) {
                let _ = scheduled.try_set(list);
            }
        });
    };
    load_scheduled();
    let fail = move |refusal: crate::api::Refusal| {
        let why = refusal
            .message
            .unwrap_or_else(|| console.t(failure_text(refusal.error)).to_owned());
        status.set(None);
        error.set(Some(why));
    };

    let send = move |later: Option<i64>| {
        let Some(session) = console.session() else {
            return;
        };
        if sending.get_untracked() || uploading.get_untracked() > 0 {
            return;
        }
        let text = body.get_untracked();
        if text.trim().is_empty() {
            error.set(Some(t(DeskText::EmptyReply).to_owned()));
            dom::focus_id("composer-body");
            return;
        }
        let internal = mode.get_untracked() == Mode::Note;
        let chosen = then_status.get_untracked();
        let message = Outgoing {
            body: text,
            internal,
            attachments: files.with_untracked(|f| f.iter().map(|f| f.id.clone()).collect()),
            // A reply sent later takes neither a status nor `seen_up_to`.
            status: (later.is_none() && !internal && !chosen.is_empty()).then_some(chosen),
            seen_up_to: later.is_none().then(|| seen.get_value()).filter(|s| *s > 0),
            send_at: later,
        };
        sending.set(true);
        error.set(None);
        status.set(Some(t(DeskText::Sending).to_owned()));
        spawn_local(async move {
            let result = console.check(desk::send(&session.csrf_token, state.id, &message).await);
            let _ = sending.try_set(false);
            match result {
                Ok(Sent::Posted(detail)) => {
                    state.apply(*detail);
                    body.set(String::new());
                    files.set(Vec::new());
                    held.set(None);
                    then_status.set(String::new());
                    status.set(Some(
                        t(if internal {
                            DeskText::NoteAdded
                        } else {
                            DeskText::ReplySent
                        })
                        .to_owned(),
                    ));
                    on_typed.run((internal, true));
                }
                Ok(Sent::Scheduled(_)) => {
                    body.set(String::new());
                    files.set(Vec::new());
                    send_at.set(String::new());
                    status.set(Some(t(DeskText::Scheduled).to_owned()));
                    load_scheduled();
                }
                Ok(Sent::Held(words)) => {
                    status.set(None);
                    held.set(Some(words));
                    // The new messages, in case the stream has not brought them yet.
                    if let Ok(detail) = console.check(desk::ticket(state.id).await) {
                        state.apply(detail);
                    }
                    request_animation_frame(|| {
                        dom::focus_id("held-text");
                    });
                }
                Err(refusal) => fail(refusal),
            }
        });
    };
    let send_anyway = move || {
        seen.set_value(state.messages.with_untracked(|m| desk_ticket::newest_id(m)));
        held.set(None);
        send(None);
    };
    let schedule = move || {
        let value = send_at.get_untracked();
        let at = (!value.trim().is_empty())
            .then(|| js_sys::Date::new(&JsValue::from_str(value.trim())).get_time());
        match desk_ticket::send_at(at, dom::now_ms()) {
            Ok(at) => send(Some(at)),
            Err(why) => {
                error.set(Some(
                    t(match why {
                        SendAtError::Missing => DeskText::SendAtMissing,
                        SendAtError::Past => DeskText::SendAtPast,
                    })
                    .to_owned(),
                ));
                dom::focus_id("send-at");
            }
        }
    };
    let cancel_scheduled = move |sid: i64| {
        let Some(session) = console.session() else {
            return;
        };
        spawn_local(async move {
            match console.check(desk::cancel_scheduled(&session.csrf_token, sid).await) {
                Ok(()) => {
                    status.set(Some(t(DeskText::ScheduledCancelled).to_owned()));
                    scheduled.update(|s| s.retain(|x| x.id != sid));
                    dom::focus_id("composer-body");
                }
                Err(refusal) => fail(refusal),
            }
        });
    };
    let picked = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        let Some(session) = console.session() else {
            return;
        };
        let mut problems = Vec::new();
        let mut count = files.with_untracked(Vec::len);
        for file in picked {
            if let Err(problem) = desk_ticket::check_file(&file.type_(), file.size(), count) {
                let locale = console.locale.get_untracked();
                problems.push(file_refused(
                    locale,
                    &file.name(),
                    file_problem(locale, problem),
                ));
                continue;
            }
            count += 1;
            uploading.update(|n| *n += 1);
            let token = session.csrf_token.clone();
            spawn_local(async move {
                let name = file.name();
                let result =
                    console.check(desk::upload(&token, state.id, &name, file.into()).await);
                let _ = uploading.try_update(|n| *n = n.saturating_sub(1));
                match result {
                    Ok(info) => files.update(|f| f.push(info)),
                    Err(refusal) => {
                        let why = refusal
                            .message
                            .unwrap_or_else(|| console.t(failure_text(refusal.error)).to_owned());
                        error.set(Some(file_refused(
                            console.locale.get_untracked(),
                            &name,
                            &why,
                        )));
                    }
                }
            });
        }
        error.set((!problems.is_empty()).then(|| problems.join(" ")));
    };
    let tab = move |to: Mode, id: &'static str, text: DeskText| {
        view! {
            <button
                type="button"
                role="tab"
                id=id
                class="composer-tab"
                aria-selected=move || if mode.get() == to { "true" } else { "false" }
                aria-controls="composer-panel"
                tabindex=move || if mode.get() == to { "0" } else { "-1" }
                on:click=move |_| {
                    mode.set(to);
                    dom::focus_id("composer-body");
                }
                on:keydown=move |ev: KeyboardEvent| {
                    if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight") {
                        ev.prevent_default();
                        let other = if to == Mode::Reply { Mode::Note } else { Mode::Reply };
                        mode.set(other);
                        dom::focus_id(if other == Mode::Reply { "compose-reply" } else { "compose-note" });
                    }
                }
            >
                {move || t(text)}
            </button>
        }
    };
    let note = move || mode.get() == Mode::Note;
    let closed = move || {
        state
            .ticket
            .with(|t| t.as_ref().is_some_and(|t| t.status == Status::Closed))
    };
    let file_list = move || {
        files
            .get()
            .into_iter()
            .map(|file| {
                let id = file.id.clone();
                let name = file.name.clone();
                view! {
                    <li>
                        <span>{file.name.clone()}</span>
                        <button
                            type="button"
                            class="button remove-file"
                            aria-label=move || remove_file_label(console.locale.get(), &name)
                            on:click=move |_| {
                                files.update(|f| f.retain(|x| x.id != id));
                                dom::focus_id("composer-body");
                                // The server forgets it too (else it counts against the
                                // agent's unsent files until the daily purge).
                                if let Some(session) = console.session() {
                                    let id = id.clone();
                                    spawn_local(async move {
                                        let _ = desk::discard_upload(&session.csrf_token, &id)
                                            .await;
                                    });
                                }
                            }
                        >
                            {move || t(DeskText::RemoveFile)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let scheduled_list = move || {
        scheduled
            .get()
            .into_iter()
            .map(|item| {
                let when = dom::format_ms(item.send_at as f64, console.locale.get());
                let sid = item.id;
                let excerpt: String = item.body.chars().take(80).collect();
                view! {
                    <li data-scheduled-id=sid>
                        <span class="scheduled-when">{sends_at(console.locale.get(), &when, item.internal)}</span>
                        <span class="scheduled-body">{excerpt}</span>
                        <button type="button" id=format!("cancel-scheduled-{sid}") class="button" on:click=move |_| cancel_scheduled(sid)>
                            {move || t(DeskText::CancelScheduled)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <section class="composer" class:note=note aria-labelledby="composer-heading" hidden=closed>
            <h2 id="composer-heading" class="visually-hidden">{move || t(DeskText::ComposerKind)}</h2>
            <div class="composer-tabs" role="tablist" aria-label=move || t(DeskText::ComposerKind)>
                {tab(Mode::Reply, "compose-reply", DeskText::Reply)}
                {tab(Mode::Note, "compose-note", DeskText::Note)}
            </div>
            <div
                id="composer-panel"
                role="tabpanel"
                aria-labelledby=move || if note() { "compose-note" } else { "compose-reply" }
            >
                <div class="field">
                    <label for="composer-body">
                        {move || t(if note() { DeskText::ComposerLabelNote } else { DeskText::ComposerLabelReply })}
                    </label>
                    <textarea
                        id="composer-body"
                        rows="6"
                        prop:value=move || body.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            let empty = text.trim().is_empty();
                            body.set(text);
                            on_typed.run((mode.get_untracked() == Mode::Note, empty));
                        }
                        on:keydown=move |ev: KeyboardEvent| {
                            if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                                ev.prevent_default();
                                send(None);
                            }
                        }
                    ></textarea>
                </div>
                <div id="held" class="held failure" role="alert" hidden=move || held.with(Option::is_none)>
                    <p id="held-text" tabindex="-1">
                        {move || held.get().map(|words| held_text(console.locale.get(), words.as_deref()))}
                    </p>
                    <div class="actions">
                        <button type="button" id="send-anyway" class="button primary" on:click=move |_| send_anyway()>
                            {move || t(DeskText::SendAnyway)}
                        </button>
                        <button type="button" id="edit-reply" class="button" on:click=move |_| {
                            held.set(None);
                            seen.set_value(state.messages.with_untracked(|m| desk_ticket::newest_id(m)));
                            dom::focus_id("composer-body");
                        }>
                            {move || t(DeskText::EditReply)}
                        </button>
                    </div>
                </div>
                <div class="composer-tools">
                    <label for="composer-files" class="visually-hidden">
                        {move || t(DeskText::AttachFiles)}
                    </label>
                    <input
                        type="file"
                        id="composer-files"
                        class="visually-hidden"
                        multiple
                        tabindex="-1"
                        accept=attachment_limits::ACCEPT_ATTRIBUTE
                        on:change=picked
                    />
                    <button type="button" id="attach-files" class="button" on:click=move |_| dom::click_id("composer-files")>
                        {move || t(DeskText::AttachFiles)}
                    </button>
                    <button type="button" id="open-macros" class="button" on:click=move |_| macros_open.set(true)>
                        {move || t(DeskText::Macros)}
                    </button>
                    <div class="field desk-inline" hidden=note>
                        <label for="reply-status">{move || t(DeskText::AndSetStatus)}</label>
                        <select id="reply-status" on:change=move |ev| then_status.set(event_target_value(&ev))>
                            <option value="" prop:selected=move || then_status.with(String::is_empty)>{move || t(DeskText::KeepStatus)}</option>
                            <option value="pending" prop:selected=move || then_status.get() == "pending">{move || t(DeskText::StatusPending)}</option>
                            <option value="solved" prop:selected=move || then_status.get() == "solved">{move || t(DeskText::StatusSolved)}</option>
                        </select>
                    </div>
                    <button
                        type="button"
                        id="send-reply"
                        class="button primary"
                        aria-disabled=move || (sending.get() || uploading.get() > 0).then_some("true")
                        on:click=move |_| send(None)
                    >
                        {move || t(if note() { DeskText::AddNote } else { DeskText::SendReply })}
                    </button>
                </div>
                <ul id="composer-attachments" class="composer-files" hidden=move || files.with(Vec::is_empty)>
                    {file_list}
                </ul>
                <p id="composer-uploading" class="status-line" hidden=move || uploading.get() == 0>
                    {move || t(DeskText::Uploading)}
                </p>
                <details id="send-later" class="send-later">
                    <summary>{move || t(DeskText::SendLater)}</summary>
                    <div class="send-later-row">
                        <div class="field">
                            <label for="send-at">{move || t(DeskText::SendAt)}</label>
                            <input
                                type="datetime-local"
                                id="send-at"
                                prop:value=move || send_at.get()
                                on:input=move |ev| send_at.set(event_target_value(&ev))
                            />
                        </div>
                        <button type="button" id="schedule-reply" class="button" on:click=move |_| schedule()>
                            {move || t(DeskText::Schedule)}
                        </button>
                    </div>
                </details>
                <p id="composer-status" class="status-line" role="status">{move || status.get()}</p>
                <p id="composer-error" class="error" role="alert">{move || error.get()}</p>
            </div>
            <div class="scheduled" hidden=move || scheduled.with(Vec::is_empty)>
                <h3 id="scheduled-heading">{move || t(DeskText::ScheduledReplies)}</h3>
                <ul id="scheduled-list" aria-labelledby="scheduled-heading">{scheduled_list}</ul>
            </div>
        </section>
    }
}
