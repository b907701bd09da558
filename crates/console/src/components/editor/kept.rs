//! The draft kept in this browser while changes are unsaved: stored every few seconds (and
//! when the editor closes), offered back when the article is opened again, dropped after a
//! save. Storage may be refused or full; then there is simply no draft.

use std::time::Duration;

use leptos::prelude::*;

use super::form::{Done, Editor};
use crate::dom;
use crate::draft::{Draft, Fields};
use crate::i18n::{EditorText, Locale, restore_draft};
use crate::state::Console;

/// How often unsaved changes are stored.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(5);

/// Stores the editor's unsaved changes now. Does nothing while a kept draft waits to be
/// restored or discarded (storing would overwrite it) or when nothing is unsaved. Safe to call
/// while the editor is being taken down.
pub fn store(editor: Editor) {
    let (Some(true), Some(None)) = (
        editor.dirty.try_get_untracked(),
        editor
            .offer
            .try_with_untracked(|offer| offer.as_ref().map(|_| ())),
    ) else {
        return;
    };
    let (Some(id), Some(base_version), Some(locale)) = (
        editor.id.try_get_untracked(),
        editor.base_version.try_get_untracked(),
        editor.locale.try_get_untracked(),
    ) else {
        return;
    };
    let draft = Draft {
        fields: editor.fields(),
        base_version,
        locale: id.is_none().then(|| locale.tag().to_owned()),
        saved_at: dom::now_ms(),
    };
    dom::storage_set(&crate::draft::storage_key(id), &draft.to_json());
}

/// Drops the draft kept for the editor's article.
pub fn clear(editor: Editor) {
    dom::storage_remove(&editor.draft_key());
}

/// Stores unsaved changes every [`AUTOSAVE_EVERY`] while the editor is up, and once more when
/// it goes (a link, Back, signing out, an ended session).
pub fn autosave(editor: Editor) {
    let last = StoredValue::new(None::<Fields>);
    let timer = set_interval_with_handle(
        move || {
            let fields = editor.fields();
            if last.try_with_value(|last| last.as_ref() == Some(&fields)) == Some(true) {
                return;
            }
            store(editor);
            last.try_set_value(Some(fields));
        },
        AUTOSAVE_EVERY,
    )
    .ok();
    on_cleanup(move || {
        if let Some(timer) = timer {
            timer.clear();
        }
        store(editor);
    });
}

/// Offers the kept draft of what was just loaded, when it is worth it.
pub fn offer(editor: Editor) {
    let Some(draft) = dom::storage_get(&editor.draft_key()).and_then(|j| Draft::from_json(&j))
    else {
        return;
    };
    let (version, changed_at) = editor.article.with_untracked(|article| match article {
        Some(article) => (Some(article.version), dom::time_ms(&article.updated_at)),
        None => (None, None),
    });
    let loaded = editor.saved.get_untracked();
    if draft.worth_offering(&loaded, version, changed_at) {
        editor.offer.set(Some(draft));
    }
}

/// "Restore unsaved changes from …" / "Discard", above the fields.
#[component]
pub fn DraftOffer(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let when = move || {
        editor
            .offer
            .with(|offer| offer.as_ref().map(|d| d.saved_at))
            .map(|at| {
                restore_draft(
                    console.locale.get(),
                    &dom::format_ms(at, console.locale.get()),
                )
            })
    };
    let restore = move |_| {
        let Some(draft) = editor.offer.get_untracked() else {
            return;
        };
        editor.offer.set(None);
        editor.set_fields(&draft.fields);
        if editor.id.get_untracked().is_some() {
            // Saved over the version the changes were made on: if that is not the latest any
            // more, the save is an edit conflict, shown as such.
            if let Some(base) = draft.base_version {
                editor.base_version.set(Some(base));
            }
        } else if let Some(locale) = draft.locale.as_deref().and_then(Locale::parse) {
            editor.locale.set(locale);
        }
        editor.done.set(Some(Done::DraftRestored));
        dom::focus_id("article-title");
    };
    let discard = move |_| {
        editor.offer.set(None);
        clear(editor);
        dom::focus_id("article-title");
    };
    view! {
        <Show when=move || editor.offer.with(Option::is_some)>
            <div id="draft-offer" class="notice" role="group" aria-labelledby="draft-offer-text">
                <p id="draft-offer-text">{move || console.t(EditorText::DraftFound)}</p>
                <div class="actions">
                    <button type="button" id="restore-draft" class="button primary" on:click=restore>
                        {when}
                    </button>
                    <button type="button" id="discard-draft" class="button" on:click=discard>
                        {move || console.t(EditorText::Discard)}
                    </button>
                </div>
            </div>
        </Show>
    }
}
