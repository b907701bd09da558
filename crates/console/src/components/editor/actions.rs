//! The editor's buttons (save as a draft, publish, unpublish, archive and delete behind a
//! confirmation each), the status line after one worked and the error region after one failed.
//!
//! While an action is out the buttons are `aria-disabled` rather than `disabled`: a disabled
//! button would drop the keyboard focus to the page.

use ayuda_api::ArticleStatus;
use leptos::prelude::*;

use super::form::{Action, Done, Editor};
use super::ops;
use crate::api::{ApiError, Refusal};
use crate::components::common::failure_text;
use crate::components::confirm::Confirm;
use crate::dom;
use crate::i18n::{
    EditorText, Locale, PublishingText, Text, loaded_version, published_version, restored_version,
    saved_version, server_says, tr,
};
use crate::state::Console;

/// What the status line says.
fn done_text(locale: Locale, done: Done) -> String {
    match done {
        Done::Saved(version) => saved_version(locale, version),
        Done::Published(version) => published_version(locale, version),
        Done::Loaded(version) => loaded_version(locale, version),
        Done::Restored { from, to } => restored_version(locale, from, to),
        Done::Unpublished => tr(locale, EditorText::Unpublished.into()).to_owned(),
        Done::Archived => tr(locale, EditorText::Archived.into()).to_owned(),
        Done::DraftRestored => tr(locale, EditorText::DraftRestored.into()).to_owned(),
        Done::ImageInserted => tr(locale, PublishingText::ImageUploaded.into()).to_owned(),
        Done::PlanSaved => tr(locale, PublishingText::PlanSaved.into()).to_owned(),
    }
}

/// What the error region says: what failed, why, and the server's own words when it gave a
/// reason the user can act on (the field it refused, the slug that is taken).
fn error_text(locale: Locale, action: Action, refusal: &Refusal) -> String {
    let what: Text = match action {
        Action::SaveDraft => EditorText::SaveFailed.into(),
        Action::Publish => EditorText::PublishFailed.into(),
        Action::Unpublish => EditorText::UnpublishFailed.into(),
        Action::Archive => EditorText::ArchiveFailed.into(),
        Action::Delete => EditorText::DeleteFailed.into(),
        Action::TakeTheirs => EditorText::LoadFailed.into(),
        Action::UploadImage => PublishingText::UploadFailed.into(),
    };
    let why = match refusal.error {
        ApiError::InvalidInput => EditorText::InputRefused.into(),
        error => failure_text(error),
    };
    let mut text = format!("{} {}", tr(locale, what), tr(locale, why));
    let actionable = matches!(
        refusal.error,
        ApiError::InvalidInput | ApiError::Conflict | ApiError::Server(400..=499)
    );
    if let (true, Some(message)) = (actionable, &refusal.message) {
        text.push(' ');
        text.push_str(&server_says(locale, message));
    }
    text
}

#[component]
pub fn Actions(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorText| console.t(text);
    let pending = move || editor.pending.get();
    let busy = move || pending().is_some();
    let is_new = move || editor.id.with(Option::is_none);
    let published = move || editor.status() == Some(ArticleStatus::Published);
    let confirming = RwSignal::new(false);
    // A saved article readers may still see (or that may come back): it can be archived.
    let archivable = move || {
        !is_new()
            && editor
                .status()
                .is_some_and(|s| s != ArticleStatus::Archived)
    };
    let asking_archive = RwSignal::new(false);
    // Archived, or met with an edit conflict (whose panel takes over): the question is done.
    Effect::new(move |_| {
        if !archivable() || editor.conflict.with(Option::is_some) {
            asking_archive.set(false);
        }
    });
    // A button's label, or its pending one while its action is out.
    let label = move |action: Action, idle: EditorText, working: EditorText| {
        t(if pending() == Some(action) {
            working
        } else {
            idle
        })
    };
    let aria_busy = move || busy().then_some("true");

    let ask_delete = move |_| {
        if busy() {
            return;
        }
        editor.error.set(None);
        asking_archive.set(false);
        confirming.set(true);
        leptos::prelude::request_animation_frame(|| {
            dom::focus_id("delete-confirm-text");
        });
    };
    let ask_archive = move |_| {
        if busy() {
            return;
        }
        editor.error.set(None);
        confirming.set(false);
        asking_archive.set(true);
        leptos::prelude::request_animation_frame(|| {
            dom::focus_id("archive-confirm-text");
        });
    };
    let cancel_archive = move |()| {
        asking_archive.set(false);
        leptos::prelude::request_animation_frame(|| {
            dom::focus_id("archive-article");
        });
    };
    let cancel_delete = move |_| {
        confirming.set(false);
        leptos::prelude::request_animation_frame(|| {
            dom::focus_id("delete-article");
        });
    };
    let status = move || {
        editor
            .done
            .get()
            .map(|done| done_text(console.locale.get(), done))
    };
    let error = move || {
        editor.error.with(|error| {
            error
                .as_ref()
                .map(|(action, refusal)| error_text(console.locale.get(), *action, refusal))
        })
    };

    view! {
        <div class="editor-actions">
            <div class="actions">
                <button
                    type="button"
                    id="save-article"
                    class="button"
                    aria-disabled=aria_busy
                    on:click=move |_| {
                        if !busy() {
                            ops::save(editor, console, false);
                        }
                    }
                >
                    {move || label(Action::SaveDraft, EditorText::SaveDraft, EditorText::Saving)}
                </button>
                <button
                    type="button"
                    id="publish-article"
                    class="button primary"
                    aria-disabled=aria_busy
                    on:click=move |_| {
                        if !busy() {
                            ops::save(editor, console, true);
                        }
                    }
                >
                    {move || label(Action::Publish, EditorText::Publish, EditorText::Publishing)}
                </button>
                <Show when=published>
                    <button
                        type="button"
                        id="unpublish-article"
                        class="button"
                        aria-disabled=aria_busy
                        on:click=move |_| {
                            if !busy() {
                                ops::unpublish(editor, console);
                            }
                        }
                    >
                        {move || {
                            label(Action::Unpublish, EditorText::Unpublish, EditorText::Unpublishing)
                        }}
                    </button>
                </Show>
                <Show when=archivable>
                    <button
                        type="button"
                        id="archive-article"
                        class="button"
                        aria-controls="archive-confirm"
                        aria-expanded=move || if asking_archive.get() { "true" } else { "false" }
                        aria-disabled=aria_busy
                        hidden=move || asking_archive.get()
                        on:click=ask_archive
                    >
                        {move || t(EditorText::Archive)}
                    </button>
                </Show>
                <Show when=move || !is_new()>
                    <button
                        type="button"
                        id="delete-article"
                        class="button danger"
                        aria-controls="delete-confirm"
                        aria-expanded=move || if confirming.get() { "true" } else { "false" }
                        aria-disabled=aria_busy
                        hidden=move || confirming.get()
                        on:click=ask_delete
                    >
                        {move || t(EditorText::Delete)}
                    </button>
                </Show>
            </div>
            <div
                id="delete-confirm"
                class="confirm"
                role="group"
                aria-labelledby="delete-confirm-text"
                hidden=move || !confirming.get() || is_new()
            >
                <p id="delete-confirm-text" tabindex="-1">{move || t(EditorText::ConfirmDelete)}</p>
                <div class="actions">
                    <button
                        type="button"
                        id="confirm-delete"
                        class="button danger"
                        aria-disabled=aria_busy
                        on:click=move |_| {
                            if !busy() {
                                ops::delete(editor, console);
                            }
                        }
                    >
                        {move || label(Action::Delete, EditorText::ConfirmDeleteYes, EditorText::Deleting)}
                    </button>
                    <button type="button" id="cancel-delete" class="button" on:click=cancel_delete>
                        {move || console.t(Text::Cancel)}
                    </button>
                </div>
            </div>
            <Confirm
                id="archive-confirm"
                open=Signal::derive(move || asking_archive.get() && archivable())
                yes_id="confirm-archive"
                yes_label=Signal::derive(move || {
                    label(Action::Archive, EditorText::ConfirmArchiveYes, EditorText::Archiving)
                })
                yes_class="button"
                on_yes=Callback::new(move |()| {
                    if !busy() {
                        ops::archive(editor, console);
                    }
                })
                cancel_id="cancel-archive"
                on_cancel=Callback::new(cancel_archive)
                busy=Signal::derive(busy)
                escape=true
            >
                {move || t(EditorText::ConfirmArchive)}
            </Confirm>
            <p id="editor-status" class="status-line" role="status">{status}</p>
            <p id="editor-error" class="error" role="alert">{error}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_what_failed_and_the_servers_reason() {
        let refused = Refusal {
            error: ApiError::InvalidInput,
            message: Some("title must be 1 to 200 characters".to_owned()),
        };
        assert_eq!(
            error_text(Locale::En, Action::SaveDraft, &refused),
            "Could not save the article. The server did not accept this input. \
             The server says: “title must be 1 to 200 characters”."
        );
        let offline = Refusal::from(ApiError::Network);
        assert!(
            error_text(Locale::Es, Action::Publish, &offline).starts_with("No se pudo publicar")
        );
        // A server failure's message is not the user's business.
        let broken = Refusal {
            error: ApiError::Server(500),
            message: Some("internal error".to_owned()),
        };
        assert!(!error_text(Locale::En, Action::Delete, &broken).contains("internal"));
        assert_eq!(done_text(Locale::En, Done::Saved(4)), "Saved version 4");
        assert_eq!(
            done_text(Locale::En, Done::Archived),
            "Archived: readers no longer see it."
        );
        assert_eq!(
            done_text(Locale::Es, Done::Archived),
            "Archivado: ya no lo ven los lectores."
        );
        let stale = Refusal::from(ApiError::EditConflict);
        assert!(error_text(Locale::En, Action::Archive, &stale).starts_with("Could not archive"));
        assert_eq!(
            error_text(
                Locale::En,
                Action::UploadImage,
                &ApiError::UnsupportedMedia.into()
            ),
            "Could not upload the image. Only PNG, JPEG and WebP images can be uploaded."
        );
        assert_eq!(
            error_text(Locale::En, Action::UploadImage, &ApiError::TooLarge.into()),
            "Could not upload the image. The image is larger than 5 MB."
        );
    }
}
