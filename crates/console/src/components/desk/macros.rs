//! The macro picker (`m`): the macros filtered as one types, the chosen one's reply rendered
//! for this ticket exactly as the server will render it (its placeholders filled, the unknown
//! ones pointed out) with the changes it makes and the files it sends (images as thumbnails),
//! then "Apply and send" (`POST /api/v1/tickets/{id}/macros/{macro}`: the server sends copies
//! of its files with the reply) or "Insert into the reply" (the text, to edit, and copies of
//! its files taken as the agent's own uploads, `POST …/macros/{macro}/files`, which join the
//! composer's files as if picked there).

use ayuda_api::AttachmentInfo;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::dialog::Dialog;
use super::state::Mode;
use super::state::TicketState;
use super::{agent_name, me};
use crate::api::desk::{self, MacroView};
use crate::api::{ApiError, Refusal};
use crate::components::common::failure_text;
use crate::desk_keys;
use crate::desk_macro;
use crate::desk_ticket::{is_image, size_text};
use crate::dom;
use crate::i18n::{DeskText, macro_changes, ticket_level, ticket_status, unfilled_text};
use crate::macro_files::{insert_fits, merge_copies};
use crate::state::Console;

#[component]
pub fn MacroDialog(
    state: TicketState,
    open: RwSignal<bool>,
    agents: RwSignal<Vec<ayuda_api::AgentInfo>>,
    /// The composer's draft, for "Insert".
    body: RwSignal<String>,
    mode: RwSignal<Mode>,
    /// The composer's files, for "Insert".
    files: RwSignal<Vec<AttachmentInfo>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let macros = RwSignal::new(None::<Result<Vec<MacroView>, ApiError>>);
    let query = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<i64>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if open.get() {
            query.set(String::new());
            error.set(None);
            if !matches!(macros.get_untracked(), Some(Ok(_))) {
                spawn_local(async move {
                    let result = console.check(desk::macros().await);
                    let _ = macros.try_set(Some(result));
                });
            }
        }
    });
    let shown = move || {
        macros.with(|m| match m {
            Some(Ok(list)) => {
                let labels: Vec<String> = list.iter().map(|m| m.name.clone()).collect();
                desk_keys::filter(&labels, &query.get())
                    .into_iter()
                    .filter_map(|i| list.get(i).cloned())
                    .collect()
            }
            _ => Vec::new(),
        })
    };
    let current = move || {
        let id = chosen.get()?;
        macros.with(|m| match m {
            Some(Ok(list)) => list.iter().find(|m| m.id == id).cloned(),
            _ => None,
        })
    };
    let rendered = move || {
        let chosen = current()?;
        let agent = agents.with(|a| agent_name(a, me(console)));
        state.ticket.with(|ticket| {
            ticket.as_ref().map(|ticket| {
                desk_macro::render(&chosen.reply, &desk_macro::values(ticket, &agent))
            })
        })
    };
    let apply = move || {
        let (Some(session), Some(chosen)) = (console.session(), chosen.get_untracked()) else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result =
                console.check(desk::apply_macro(&session.csrf_token, state.id, chosen).await);
            let _ = busy.try_set(false);
            match result {
                Ok(detail) => {
                    state.apply(detail);
                    state.said(t(DeskText::MacroApplied).to_owned());
                    open.set(false);
                }
                Err(refusal) => {
                    error.set(Some(refusal.message.unwrap_or_else(|| {
                        console.t(failure_text(refusal.error)).to_owned()
                    })))
                }
            }
        });
    };
    // The macro's text into the draft (after what is there), then back to the composer.
    let put_text = move |text: String| {
        body.update(|b| {
            if !b.trim().is_empty() {
                b.push_str("\n\n");
            }
            b.push_str(&text);
        });
        mode.set(Mode::Reply);
        open.set(false);
        request_animation_frame(|| {
            dom::focus_id("composer-body");
        });
    };
    let insert = move || {
        let (Some(text), Some(chosen)) = (rendered(), current()) else {
            return;
        };
        if chosen.files.is_empty() {
            put_text(text);
            return;
        }
        if busy.get_untracked() {
            return;
        }
        if !insert_fits(files.with_untracked(Vec::len), chosen.files.len()) {
            error.set(Some(t(DeskText::MacroFilesDontFit).to_owned()));
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result =
                console.check(desk::macro_files(&session.csrf_token, state.id, chosen.id).await);
            let _ = busy.try_set(false);
            match result {
                Ok(copies) => {
                    files.update(|f| merge_copies(f, copies));
                    state.said(t(DeskText::MacroInserted).to_owned());
                    put_text(text);
                }
                Err(refusal) => {
                    let _ = error.try_set(Some(insert_refusal(console, refusal)));
                }
            }
        });
    };
    let list = move || {
        shown()
            .into_iter()
            .map(|m| {
                let id = m.id;
                view! {
                    <li>
                        <button
                            type="button"
                            id=format!("macro-{id}")
                            class="macro-option"
                            aria-pressed=move || if chosen.get() == Some(id) { "true" } else { "false" }
                            on:click=move |_| chosen.set(Some(id))
                        >
                            {m.name.clone()}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let preview = move || match current() {
        None => view! { <p id="macro-pick" class="hint">{move || t(DeskText::PickMacro)}</p> }
            .into_any(),
        Some(chosen) => {
            let locale = console.locale.get();
            let text = rendered().unwrap_or_default();
            let unfilled = desk_macro::unfilled(&text);
            let changes = macro_changes(
                locale,
                chosen.set_status.map(|s| t(ticket_status(s))),
                &chosen.add_tags,
                chosen.set_level.map(ticket_level),
            );
            let no_changes = changes.is_empty();
            let attached = macro_files_preview(chosen.files);
            view! {
                <h3 id="macro-preview-heading">{move || t(DeskText::MacroPreview)}</h3>
                <div id="macro-preview" class="macro-preview message-body">{text}</div>
                <ul id="macro-changes" hidden=no_changes>
                    {changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                </ul>
                <p id="macro-unfilled" class="error" hidden=unfilled.is_empty()>
                    {unfilled_text(locale, &unfilled)}
                </p>
                {attached}
                <div class="actions">
                    <button
                        type="button"
                        id="apply-macro"
                        class="button primary"
                        aria-disabled=move || busy.get().then_some("true")
                        on:click=move |_| apply()
                    >
                        {move || t(DeskText::ApplyMacro)}
                    </button>
                    <button
                        type="button"
                        id="insert-macro"
                        class="button"
                        aria-disabled=move || busy.get().then_some("true")
                        on:click=move |_| insert()
                    >
                        {move || t(if busy.get() { DeskText::Inserting } else { DeskText::InsertMacro })}
                    </button>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <Dialog id="macro-dialog" title=Signal::derive(move || t(DeskText::Macros)) open=open focus="macro-filter" wide=true>
            <div class="field">
                <label for="macro-filter">{move || t(DeskText::MacroFilter)}</label>
                <input
                    type="search"
                    id="macro-filter"
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </div>
            <div class="macro-columns">
                <div>
                    <p id="macros-error-load" class="error" hidden=move || !matches!(macros.get(), Some(Err(_)))>
                        {move || t(DeskText::MacrosFailed)}
                    </p>
                    <ul id="macro-list" class="macro-list" aria-label=move || t(DeskText::Macros)>{list}</ul>
                    <p id="macro-empty" class="empty" hidden=move || !matches!(macros.get(), Some(Ok(_))) || !shown().is_empty()>
                        {move || t(DeskText::NoMacros)}
                    </p>
                </div>
                <div>{preview}</div>
            </div>
            <p id="macro-error" class="error" role="alert">{move || error.get()}</p>
        </Dialog>
    }
}

/// Why "Insert" could not take the macro's files, in words.
fn insert_refusal(console: Console, refusal: Refusal) -> String {
    let t = move |text: DeskText| console.t(text);
    match refusal.error {
        ApiError::RateLimited(_) => t(DeskText::MacroFilesBusy).to_owned(),
        error => {
            let why = refusal
                .message
                .unwrap_or_else(|| console.t(failure_text(error)).to_owned());
            format!("{} {why}", t(DeskText::MacroFilesFailed))
        }
    }
}

/// The files a macro sends with its reply: images as thumbnails (the console's own origin
/// serves them), other files as links, each with its name and size.
fn macro_files_preview(files: Vec<AttachmentInfo>) -> impl IntoView {
    let console = expect_context::<Console>();
    let shown = !files.is_empty();
    let items = files
        .into_iter()
        .map(|file| {
            let label = format!("{} ({})", file.name, size_text(file.size));
            if is_image(&file.content_type) {
                view! {
                    <li class="attachment image">
                        <a href=file.url.clone() target="_blank" rel="noopener">
                            <img src=file.url.clone() alt=file.name.clone()/>
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
        })
        .collect_view();
    shown.then(|| {
        view! {
            <h4 id="macro-preview-files-heading">{move || console.t(DeskText::MacroFiles)}</h4>
            <ul id="macro-preview-files" class="attachments" aria-labelledby="macro-preview-files-heading">
                {items}
            </ul>
        }
    })
}
