//! Macros: canned replies with field changes and files. The list (with each macro's files), a
//! macro's editor (name, reply, status, level, tags) with its reply filled with sample values
//! and its files (`macro_files.rs`), and deleting after a question.

use ayuda_api::Status;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::confirm::Confirm;
use super::super::load::{Results, failed};
use super::super::staff::focus_soon;
use super::macro_files::{FilesChange, MacroFiles, file_links};
use super::shared::{FieldError, LevelSelect, refusal_text};
use crate::api::ApiError;
use crate::api::settings::{self, MacroView};
use crate::i18n::{SettingsText as S, level_name, status_name};
use crate::settings_team::{
    MacroForm, MacroProblem, PLACEHOLDERS, fill_sample, unknown_placeholders,
};
use crate::settings_words::{
    confirm_delete_macro, macro_deleted, macro_notice, macro_problem, unknown_placeholders_text,
};
use crate::state::Console;

/// Which macro the editor holds: a new one, or a saved one by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Editing {
    New,
    Saved(i64),
}

#[component]
pub fn MacrosPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let answer = RwSignal::new(None::<Result<Vec<MacroView>, ApiError>>);
    let loading = RwSignal::new(false);
    let load = move || {
        loading.set(true);
        spawn_local(async move {
            let result = console.check(settings::macros().await);
            if loading.try_set(false).is_none() {
                answer.set(Some(result));
            }
        });
    };
    load();
    let editing = RwSignal::new(None::<Editing>);
    let deleting = RwSignal::new(None::<MacroView>);
    let pending = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);

    let open = Callback::new(move |which: Editing| {
        deleting.set(None);
        notice.set(None);
        editing.set(Some(which));
        focus_soon("macro-name".to_owned());
    });
    let saved = Callback::new(move |(view, created): (MacroView, bool)| {
        let id = view.id;
        notice.set(Some(macro_notice(
            console.locale.get_untracked(),
            &view.input.name,
            created,
        )));
        answer.update(|answer| {
            if let Some(Ok(list)) = answer {
                match list.iter_mut().find(|m| m.id == view.id) {
                    Some(old) => *old = view,
                    None => list.push(view),
                }
            }
        });
        editing.set(None);
        focus_soon(format!("edit-macro-{id}"));
    });
    let files_changed = Callback::new(move |(id, change): (i64, FilesChange)| {
        answer.update(|answer| {
            if let Some(Ok(list)) = answer
                && let Some(view) = list.iter_mut().find(|m| m.id == id)
            {
                match change {
                    FilesChange::Added(file) => view.files.push(file),
                    FilesChange::Removed(file) => view.files.retain(|f| f.id != file),
                }
            }
        });
    });
    let ask_delete = Callback::new(move |view: MacroView| {
        editing.set(None);
        error.set(None);
        deleting.set(Some(view));
        focus_soon("delete-macro-confirm-text".to_owned());
    });
    let delete = Callback::new(move |()| {
        let (Some(session), Some(view)) = (console.session(), deleting.get_untracked()) else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            let result = console.check(settings::delete_macro(&session.csrf_token, view.id).await);
            pending.set(false);
            deleting.set(None);
            match result {
                Ok(()) => {
                    answer.update(|answer| {
                        if let Some(Ok(list)) = answer {
                            list.retain(|m| m.id != view.id);
                        }
                    });
                    notice.set(Some(macro_deleted(
                        console.locale.get_untracked(),
                        &view.input.name,
                    )));
                    focus_soon("new-macro".to_owned());
                }
                Err(refusal) => error.set(Some(refusal_text(
                    console.locale.get_untracked(),
                    S::DeleteMacroFailed,
                    &refusal,
                ))),
            }
        });
    });

    let list = move || {
        answer.with(|answer| match answer {
            None => ().into_any(),
            Some(Err(error)) => failed(
                *error,
                None,
                "macros-error",
                S::MacrosFailed.into(),
                Callback::new(move |()| load()),
            ),
            Some(Ok(list)) if list.is_empty() => {
                view! { <p id="macros-empty" class="empty">{move || s(S::NoMacros)}</p> }.into_any()
            }
            Some(Ok(list)) => {
                view! { <MacrosTable macros=list.clone() on_edit=open on_delete=ask_delete/> }
                    .into_any()
            }
        })
    };
    let current = move || {
        let which = editing.get()?;
        let start = match which {
            Editing::New => MacroForm::default(),
            Editing::Saved(id) => answer.with_untracked(|answer| match answer {
                Some(Ok(list)) => list
                    .iter()
                    .find(|m| m.id == id)
                    .map(|m| MacroForm::from_input(&m.input)),
                _ => None,
            })?,
        };
        let id = match which {
            Editing::New => None,
            Editing::Saved(id) => Some(id),
        };
        let stored = move |id: Option<i64>| {
            answer.with(|answer| match (answer, id) {
                (Some(Ok(list)), Some(id)) => list.iter().find(|m| m.id == id).cloned(),
                _ => None,
            })
        };
        Some(view! {
            <MacroEditor
                id=id
                start=start
                files=Signal::derive(move || stored(id).map(|m| m.files).unwrap_or_default())
                saved_reply=Signal::derive(move || stored(id).map(|m| m.input.reply))
                on_files=files_changed
                on_saved=saved
                on_cancel=Callback::new(move |()| {
                    editing.set(None);
                    focus_soon(id.map_or_else(|| "new-macro".to_owned(), |id| format!("edit-macro-{id}")));
                })
            />
        })
    };
    view! {
        <div class="heading-row">
            <h2 id="macros-heading">{move || s(S::Macros)}</h2>
            <button
                type="button"
                id="new-macro"
                class="button primary"
                aria-controls="macro-form"
                aria-expanded=move || if editing.get() == Some(Editing::New) { "true" } else { "false" }
                on:click=move |_| open.run(Editing::New)
            >
                {move || s(S::NewMacro)}
            </button>
        </div>
        <p class="lead">{move || s(S::MacrosIntro)}</p>
        <p id="macros-notice" class="notice" role="status">{move || notice.get()}</p>
        {current}
        <Confirm
            id="delete-macro-confirm"
            open=Signal::derive(move || deleting.with(Option::is_some))
            yes_id="confirm-delete-macro"
            yes_label=Signal::derive(move || s(if pending.get() { S::Deleting } else { S::DeleteYes }))
            on_yes=delete
            cancel_id="cancel-delete-macro"
            on_cancel=Callback::new(move |()| {
                let id = deleting.get_untracked().map(|m| m.id);
                deleting.set(None);
                if let Some(id) = id {
                    focus_soon(format!("delete-macro-{id}"));
                }
            })
            busy=pending
            escape=true
        >
            {move || {
                deleting
                    .get()
                    .map(|m| confirm_delete_macro(console.locale.get(), &m.input.name))
            }}
        </Confirm>
        <p id="macros-action-error" class="error" role="alert">{move || error.get()}</p>
        <Results stem="macros" loading=loading>
            {list}
        </Results>
    }
}

#[component]
fn MacrosTable(
    macros: Vec<MacroView>,
    on_edit: Callback<Editing>,
    on_delete: Callback<MacroView>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let rows = macros
        .into_iter()
        .map(|view| {
            let id = view.id;
            let name = view.input.name.clone();
            let input = view.input.clone();
            let changes = move || {
                let locale = console.locale.get();
                let mut parts = Vec::new();
                if let Some(status) = input.set_status {
                    parts.push(status_name(locale, status));
                }
                if let Some(level) = input.set_level {
                    parts.push(level_name(locale, level));
                }
                if !input.add_tags.is_empty() {
                    parts.push(format!("+ {}", input.add_tags.join(", ")));
                }
                if parts.is_empty() { "—".to_owned() } else { parts.join(" · ") }
            };
            let files = file_links(&view.files);
            let delete_view = view.clone();
            let (edit_name, delete_name) = (name.clone(), name.clone());
            view! {
                <tr data-macro-id=id>
                    <th scope="row">{name}</th>
                    <td class="macro-reply">{view.input.reply.chars().take(120).collect::<String>()}</td>
                    <td>{changes}</td>
                    <td class="macro-files-cell">{files}</td>
                    <td class="nowrap">
                        <button
                            type="button"
                            id=format!("edit-macro-{id}")
                            class="button"
                            on:click=move |_| on_edit.run(Editing::Saved(id))
                        >
                            {move || s(S::Edit)}
                            <span class="visually-hidden">" " {edit_name.clone()}</span>
                        </button>
                        " "
                        <button
                            type="button"
                            id=format!("delete-macro-{id}")
                            class="button"
                            on:click=move |_| on_delete.run(delete_view.clone())
                        >
                            {move || s(S::Delete)}
                            <span class="visually-hidden">" " {delete_name.clone()}</span>
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="macros-caption">
            <table class="settings-macros">
                <caption id="macros-caption">{move || s(S::MacrosCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || s(S::Name)}</th>
                        <th scope="col">{move || s(S::Reply)}</th>
                        <th scope="col">{move || s(S::Changes)}</th>
                        <th scope="col">{move || s(S::MacroFiles)}</th>
                        <th scope="col">{move || s(S::Actions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A macro's fields with the reply as an agent's ticket would get it.
#[component]
fn MacroEditor(
    id: Option<i64>,
    start: MacroForm,
    /// Its files, as the server last said.
    files: Signal<Vec<ayuda_api::AttachmentInfo>>,
    /// Its reply as saved (`None`: a new macro).
    saved_reply: Signal<Option<String>>,
    /// Runs when one of its files was added or removed (outlives the editor: an upload may
    /// end after it closed).
    on_files: Callback<(i64, FilesChange)>,
    on_saved: Callback<(MacroView, bool)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let name = RwSignal::new(start.name);
    let reply = RwSignal::new(start.reply);
    let status = RwSignal::new(start.status);
    let level = RwSignal::new(start.level);
    let tags = RwSignal::new(start.tags);
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<MacroProblem>);
    let error = RwSignal::new(None::<String>);
    let name_error = Signal::derive(move || {
        problem
            .get()
            .filter(|p| *p == MacroProblem::Name)
            .map(|p| macro_problem(console.locale.get(), &p))
    });
    let tags_error = Signal::derive(move || {
        problem
            .get()
            .filter(|p| matches!(p, MacroProblem::Tag(_)))
            .map(|p| macro_problem(console.locale.get(), &p))
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        let form = MacroForm {
            name: name.get_untracked(),
            reply: reply.get_untracked(),
            status: status.get_untracked(),
            level: level.get_untracked(),
            tags: tags.get_untracked(),
        };
        let input = match form.to_input() {
            Ok(input) => input,
            Err(bad) => {
                focus_soon(
                    if bad == MacroProblem::Name {
                        "macro-name"
                    } else {
                        "macro-tags"
                    }
                    .to_owned(),
                );
                problem.set(Some(bad));
                return;
            }
        };
        problem.set(None);
        // The server keeps a macro's files with its reply: say so before it refuses.
        if input.reply.trim().is_empty() && files.with_untracked(|f| !f.is_empty()) {
            error.set(Some(s(S::FilesNeedReplyToSave).to_owned()));
            focus_soon("macro-reply".to_owned());
            return;
        }
        error.set(None);
        pending.set(true);
        spawn_local(async move {
            let result = console.check(settings::save_macro(&session.csrf_token, id, &input).await);
            pending.set(false);
            match result {
                Ok(view) => on_saved.run((view, id.is_none())),
                Err(refusal) => error.set(Some(refusal_text(
                    console.locale.get_untracked(),
                    S::SaveMacroFailed,
                    &refusal,
                ))),
            }
        });
    };
    let statuses = [
        Status::Open,
        Status::Pending,
        Status::Solved,
        Status::Closed,
    ]
    .into_iter()
    .map(|option| {
        view! {
            <option value=option.as_str() selected=move || status.get() == option.as_str()>
                {move || status_name(console.locale.get(), option)}
            </option>
        }
    })
    .collect_view();
    let placeholders = PLACEHOLDERS
        .iter()
        .map(|(name, _)| view! { <li><code>{format!("{{{{{name}}}}}")}</code></li> })
        .collect_view();
    let unknown = move || {
        let unknown = unknown_placeholders(&reply.get());
        (!unknown.is_empty()).then(|| unknown_placeholders_text(console.locale.get(), &unknown))
    };
    view! {
        <form id="macro-form" class="block card" aria-labelledby="macro-form-heading" novalidate on:submit=submit>
            <h3 id="macro-form-heading">{move || s(if id.is_some() { S::EditMacro } else { S::NewMacro })}</h3>
            <div class="macro-panes">
                <div class="stack">
                    <div class="field">
                        <label for="macro-name">{move || s(S::Name)}</label>
                        <input
                            id="macro-name"
                            autocomplete="off"
                            maxlength="100"
                            required
                            aria-invalid=move || name_error.with(Option::is_some).then_some("true")
                            aria-describedby=move || name_error.with(Option::is_some).then_some("macro-name-error")
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))
                        />
                        <FieldError id="macro-name-error".to_owned() text=name_error/>
                    </div>
                    <div class="field">
                        <label for="macro-reply">{move || s(S::Reply)}</label>
                        <textarea
                            id="macro-reply"
                            rows="7"
                            aria-describedby="macro-reply-hint"
                            prop:value=move || reply.get()
                            on:input=move |ev| reply.set(event_target_value(&ev))
                        ></textarea>
                        <div id="macro-reply-hint" class="hint">
                            {move || s(S::PlaceholdersHint)}
                            <ul class="placeholders">{placeholders}</ul>
                        </div>
                    </div>
                    <div class="editor-fields">
                        <div class="field">
                            <label for="macro-status">{move || s(S::SetStatus)}</label>
                            <select id="macro-status" on:change=move |ev| status.set(event_target_value(&ev))>
                                <option value="" selected=move || status.with(String::is_empty)>
                                    {move || s(S::LeaveIt)}
                                </option>
                                {statuses}
                            </select>
                        </div>
                        <LevelSelect id="macro-level".to_owned() label=S::SetLevel value=level none=S::LeaveIt/>
                        <div class="field">
                            <label for="macro-tags">{move || s(S::AddTags)}</label>
                            <input
                                id="macro-tags"
                                autocomplete="off"
                                spellcheck="false"
                                aria-invalid=move || tags_error.with(Option::is_some).then_some("true")
                                aria-describedby=move || {
                                    if tags_error.with(Option::is_some) { "macro-tags-hint macro-tags-error" } else { "macro-tags-hint" }
                                }
                                prop:value=move || tags.get()
                                on:input=move |ev| tags.set(event_target_value(&ev))
                            />
                            <p id="macro-tags-hint" class="hint">{move || s(S::CommaHint)}</p>
                            <FieldError id="macro-tags-error".to_owned() text=tags_error/>
                        </div>
                    </div>
                </div>
                <section class="macro-preview" aria-labelledby="macro-preview-heading">
                    <h4 id="macro-preview-heading">{move || s(S::Preview)}</h4>
                    <p class="hint">{move || s(S::SampleHint)}</p>
                    <div id="macro-preview" class="reply-preview">{move || fill_sample(&reply.get())}</div>
                    <p id="macro-unknown" class="notice" hidden=move || unknown().is_none()>{unknown}</p>
                </section>
            </div>
            <MacroFiles id=id files=files saved_reply=saved_reply on_change=on_files/>
            <div class="actions">
                <button
                    type="submit"
                    id="save-macro"
                    class="button primary"
                    aria-disabled=move || pending.get().then_some("true")
                >
                    {move || s(if pending.get() { S::Saving } else { S::SaveMacro })}
                </button>
                <button type="button" id="cancel-macro" class="button" on:click=move |_| on_cancel.run(())>
                    {move || s(S::Cancel)}
                </button>
            </div>
            <p id="macro-error" class="error" role="alert">{move || error.get()}</p>
        </form>
    }
}
