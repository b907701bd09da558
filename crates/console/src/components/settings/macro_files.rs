//! A macro's files on the admins' screen: the list (each name a link that opens the file, its
//! format and size) with Remove after a question, and adding files with the picker or by
//! dropping them, several at once, uploaded one at a time with each file's state, a progress
//! bar and the refusals in words. Files join only a saved macro with a reply (they travel with
//! it): otherwise the section says so instead of offering the picker.

use std::collections::HashMap;

use ayuda_api::{AttachmentInfo, attachment_limits};
use leptos::ev::DragEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{File, FileList, HtmlInputElement};

use super::super::confirm::Confirm;
use super::super::staff::focus_soon;
use super::shared::refusal_text;
use crate::api::{ApiError, settings};
use crate::components::common::failure_text;
use crate::desk_ticket::FileProblem;
use crate::dom;
use crate::i18n::{Locale, SettingsText as S, file_problem, file_refused, server_says, tr};
use crate::macro_files::{self, Closed, Queue, UploadState, Why};
use crate::settings_team::file_size;
use crate::state::Console;

/// A change to a macro's files, for the page's list of macros.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilesChange {
    Added(AttachmentInfo),
    /// The file's id.
    Removed(String),
}

/// "Could not attach x.png: only PNG, JPEG or WebP images, PDF and text. The server says: “…”."
fn refusal_words(locale: Locale, name: &str, why: Why, words: Option<&str>) -> String {
    let reason = match why {
        Why::TooMany => tr(locale, S::MacroFilesTooMany.into()),
        Why::TooLarge => file_problem(locale, FileProblem::TooLarge),
        Why::WrongType => file_problem(locale, FileProblem::WrongType),
        Why::Refused if words.is_none() => tr(locale, S::UploadRefused.into()),
        Why::Refused => "",
        Why::Gone => tr(locale, S::Gone.into()),
        Why::Failed(error) => tr(locale, failure_text(error)),
    };
    let server = words.map(|w| server_says(locale, w)).unwrap_or_default();
    file_refused(locale, name, format!("{reason} {server}").trim())
}

/// The files among `list`.
fn files_of(list: Option<FileList>) -> Vec<File> {
    list.map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default()
}

/// "PNG · 1.2 KB".
pub fn file_facts(file: &AttachmentInfo) -> String {
    format!(
        "{} · {}",
        macro_files::format_name(&file.content_type),
        file_size(file.size)
    )
}

/// The files a macro carries, as links (for the list of macros).
pub fn file_links(files: &[AttachmentInfo]) -> AnyView {
    if files.is_empty() {
        return "—".into_any();
    }
    let items = files
        .iter()
        .map(|file| {
            view! {
                <li>
                    <a class="macro-file" href=file.url.clone() target="_blank" rel="noopener">
                        {file.name.clone()}
                    </a>
                    " "
                    <span class="hint">{format!("({})", file_facts(file))}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="macro-file-list">{items}</ul> }.into_any()
}

#[component]
pub fn MacroFiles(
    /// The macro's id (`None`: not saved yet).
    id: Option<i64>,
    /// Its files, as the server last said.
    #[prop(into)]
    files: Signal<Vec<AttachmentInfo>>,
    /// Its reply as saved (`None`: not saved yet).
    #[prop(into)]
    saved_reply: Signal<Option<String>>,
    /// Runs when a file was added or removed (for the macro's id).
    on_change: Callback<(i64, FilesChange)>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let queue = RwSignal::new(Queue::default());
    // The browser's files waiting to be sent, by their key in the queue.
    let waiting = StoredValue::new_local(HashMap::<u32, File>::new());
    let running = StoredValue::new(false);
    let status = RwSignal::new(None::<S>);
    let error = RwSignal::new(None::<String>);
    let removing = RwSignal::new(None::<AttachmentInfo>);
    let pending = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    let closed = Memo::new(move |_| {
        let count = files.with(Vec::len);
        saved_reply
            .with(|reply| macro_files::can_add(reply.as_deref(), count))
            .err()
    });

    // Sends the waiting files one after another; a pick while this runs joins the queue.
    let run = move || {
        let (Some(id), Some(session)) = (id, console.session()) else {
            return;
        };
        if running.get_value() {
            return;
        }
        running.set_value(true);
        status.set(Some(S::UploadsRunning));
        spawn_local(async move {
            while let Some(key) = queue.try_update(Queue::start_next).flatten() {
                let file = waiting.try_update_value(|w| w.remove(&key)).flatten();
                let outcome = match file {
                    None => Err((Why::Failed(ApiError::BadData), None)),
                    Some(file) => {
                        let name = file.name();
                        let result = console.check(
                            settings::upload_macro_file(
                                &session.csrf_token,
                                id,
                                &name,
                                file.into(),
                            )
                            .await,
                        );
                        match result {
                            Ok(info) => {
                                on_change.try_run((id, FilesChange::Added(info)));
                                Ok(())
                            }
                            Err(refusal) => Err((Why::of(&refusal), refusal.message)),
                        }
                    }
                };
                if queue.try_update(|q| q.finish(key, outcome)).is_none() {
                    // The editor was closed meanwhile.
                    return;
                }
            }
            let _ = running.try_set_value(false);
            let _ = status.try_set(Some(S::UploadsDone));
        });
    };
    let add = move |picked: Vec<File>| {
        if picked.is_empty() || closed.get_untracked().is_some() {
            return;
        }
        let on_macro = files.with_untracked(Vec::len);
        error.set(None);
        queue.update(|q| {
            q.begin_batch();
            for file in picked {
                if let Some(key) = q.add(&file.name(), &file.type_(), file.size(), on_macro) {
                    waiting.update_value(|w| {
                        w.insert(key, file);
                    });
                }
            }
        });
        if queue.with_untracked(Queue::on_the_way) > 0 {
            run();
        } else {
            status.set(Some(S::UploadsDone));
        }
    };
    let picked = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let list = files_of(input.files());
        // The same file can be picked again.
        input.set_value("");
        add(list);
    };
    let drags_files = |ev: &DragEvent| {
        ev.data_transfer()
            .is_some_and(|data| data.types().includes(&"Files".into(), 0))
    };
    let drag_over = move |ev: DragEvent| {
        if drags_files(&ev) {
            ev.prevent_default();
            dragging.set(true);
        }
    };
    let dropped = move |ev: DragEvent| {
        dragging.set(false);
        let Some(data) = ev.data_transfer() else {
            return;
        };
        ev.prevent_default();
        add(files_of(data.files()));
    };

    let ask_remove = move |file: AttachmentInfo| {
        error.set(None);
        removing.set(Some(file));
        focus_soon("remove-macro-file-confirm-text".to_owned());
    };
    let remove = Callback::new(move |()| {
        let (Some(id), Some(file), Some(session)) =
            (id, removing.get_untracked(), console.session())
        else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            let result =
                console.check(settings::delete_macro_file(&session.csrf_token, id, &file.id).await);
            let _ = pending.try_set(false);
            let _ = removing.try_set(None);
            match result {
                // Gone already (another tab): gone all the same.
                Ok(()) => {}
                Err(refusal) if refusal.error == ApiError::NotFound => {}
                Err(refusal) => {
                    let _ = error.try_set(Some(refusal_text(
                        console.locale.get_untracked(),
                        S::RemoveMacroFileFailed,
                        &refusal,
                    )));
                    focus_soon(format!("remove-macro-file-{}", file.id));
                    return;
                }
            }
            on_change.try_run((id, FilesChange::Removed(file.id)));
            let _ = status.try_set(Some(S::MacroFileRemoved));
            request_animation_frame(|| {
                if !dom::focus_id("add-macro-files") {
                    dom::focus_id("macro-files-heading");
                }
            });
        });
    });

    let list = move || {
        files
            .get()
            .into_iter()
            .map(|file| {
                let facts = file_facts(&file);
                let name = file.name.clone();
                let asked = file.clone();
                view! {
                    <li data-file-id=file.id.clone()>
                        <a class="macro-file-link" href=file.url.clone() target="_blank" rel="noopener">
                            {file.name.clone()}
                        </a>
                        " "
                        <span class="hint macro-file-facts">{facts}</span>
                        " "
                        <button
                            type="button"
                            id=format!("remove-macro-file-{}", file.id)
                            class="button"
                            on:click=move |_| ask_remove(asked.clone())
                        >
                            {move || s(S::Remove)}
                            <span class="visually-hidden">" " {name.clone()}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let uploads = move || {
        queue
            .get()
            .uploads
            .into_iter()
            .map(|upload| {
                let state = upload.state.key();
                let said = match upload.state {
                    UploadState::Waiting => S::UploadWaiting,
                    UploadState::Uploading => S::UploadUploading,
                    UploadState::Added => S::UploadAdded,
                    UploadState::Refused(..) => S::UploadRefused,
                };
                view! {
                    <li class="macro-upload" data-state=state>
                        <span class="upload-name">{upload.name}</span>
                        " — "
                        <span class="upload-state">{move || s(said)}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let refused = move || {
        let locale = console.locale.get();
        let mut said: Vec<String> = queue.with(|q| {
            q.refused()
                .into_iter()
                .map(|(name, why, words)| refusal_words(locale, &name, why, words.as_deref()))
                .collect()
        });
        said.extend(error.get());
        said.join(" ")
    };
    let closed_text = move || {
        closed.get().map(|why| {
            s(match why {
                Closed::Unsaved => S::FilesNeedSaving,
                Closed::NoReply => S::FilesNeedReply,
                Closed::Full => S::MacroFilesFull,
            })
        })
    };
    let progress = move || queue.with(Queue::progress);
    view! {
        <section id="macro-files" class="macro-files" aria-labelledby="macro-files-heading">
            <h4 id="macro-files-heading" tabindex="-1">{move || s(S::MacroFiles)}</h4>
            <p id="macro-files-hint" class="hint">{move || s(S::MacroFilesHint)}</p>
            <ul id="macro-file-list" class="macro-file-list" hidden=move || files.with(Vec::is_empty)>
                {list}
            </ul>
            <p id="macro-files-empty" class="empty" hidden=move || !files.with(Vec::is_empty)>
                {move || s(S::NoMacroFiles)}
            </p>
            <Confirm
                id="remove-macro-file-confirm"
                open=Signal::derive(move || removing.with(Option::is_some))
                yes_id="confirm-remove-macro-file"
                yes_label=Signal::derive(move || s(if pending.get() { S::Removing } else { S::RemoveYes }))
                on_yes=remove
                cancel_id="cancel-remove-macro-file"
                on_cancel=Callback::new(move |()| {
                    if let Some(file) = removing.get_untracked() {
                        removing.set(None);
                        focus_soon(format!("remove-macro-file-{}", file.id));
                    }
                })
                busy=pending
                escape=true
            >
                <strong>{move || removing.get().map(|f| f.name)}</strong>
                ": "
                {move || s(S::RemoveMacroFile)}
            </Confirm>
            <p id="macro-files-closed" class="notice" hidden=move || closed.with(Option::is_none)>
                {closed_text}
            </p>
            <div
                id="macro-drop-zone"
                class="macro-drop"
                class:dragging=move || dragging.get()
                hidden=move || closed.with(Option::is_some)
                on:dragover=drag_over
                on:dragleave=move |_| dragging.set(false)
                on:drop=dropped
            >
                <label for="macro-file-input" class="visually-hidden">{move || s(S::AddMacroFiles)}</label>
                <input
                    type="file"
                    id="macro-file-input"
                    class="visually-hidden"
                    multiple
                    tabindex="-1"
                    accept=attachment_limits::ACCEPT_ATTRIBUTE
                    on:change=picked
                />
                <button
                    type="button"
                    id="add-macro-files"
                    class="button"
                    aria-describedby="macro-files-hint"
                    on:click=move |_| dom::click_id("macro-file-input")
                >
                    {move || s(S::AddMacroFiles)}
                </button>
                " "
                <span class="hint">{move || s(S::DropMacroFiles)}</span>
            </div>
            <div class="macro-uploads" hidden=move || queue.with(|q| q.uploads.is_empty())>
                <progress
                    id="macro-upload-progress"
                    aria-label=move || s(S::UploadProgress)
                    max=move || progress().1.max(1)
                    value=move || progress().0
                ></progress>
                <ul id="macro-uploads">{uploads}</ul>
            </div>
            <p id="macro-files-status" class="status-line" role="status">{move || status.get().map(s)}</p>
            <p id="macro-files-error" class="error" role="alert">{refused}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use ayuda_api::attachment_limits::MAX_FILES;

    use super::*;
    use crate::i18n::DeskText;
    use crate::macro_files::MAX_MACRO_FILES;

    #[test]
    fn refusals_name_the_file_and_say_why() {
        let said = refusal_words(
            Locale::En,
            "tool.png",
            Why::WrongType,
            Some("only PNG, JPEG, WebP, PDF and plain-text files are accepted"),
        );
        assert!(
            said.starts_with("Could not attach tool.png: only PNG"),
            "{said}"
        );
        assert!(
            said.contains("The server says: “only PNG, JPEG, WebP"),
            "{said}"
        );
        let said = refusal_words(Locale::Es, "big.pdf", Why::TooLarge, None);
        assert_eq!(
            said,
            "No se pudo adjuntar big.pdf: los archivos tienen un límite de 10 MB."
        );
        let said = refusal_words(
            Locale::En,
            "x.txt",
            Why::Refused,
            Some("a macro carries at most 5 files"),
        );
        assert_eq!(
            said,
            "Could not attach x.txt: The server says: “a macro carries at most 5 files”."
        );
        let said = refusal_words(Locale::En, "x.txt", Why::Failed(ApiError::Network), None);
        assert!(!said.ends_with(": "), "{said}");
    }

    #[test]
    fn the_limits_in_words_are_the_limits() {
        for locale in Locale::ALL {
            for text in [S::MacroFilesTooMany, S::MacroFilesFull, S::MacroFilesHint] {
                let said = tr(locale, text.into());
                assert!(said.contains(&MAX_MACRO_FILES.to_string()), "{said}");
            }
            let said = tr(locale, DeskText::MacroFilesDontFit.into());
            assert!(said.contains(&MAX_FILES.to_string()), "{said}");
        }
    }

    #[test]
    fn facts_are_format_and_size() {
        let file = AttachmentInfo {
            id: "a".into(),
            name: "guide.png".into(),
            content_type: "image/png".into(),
            size: 2048,
            url: "/api/v1/macros/1/files/a".into(),
        };
        assert_eq!(file_facts(&file), "PNG · 2 KB");
    }
}
