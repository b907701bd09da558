//! The edit-conflict panel: someone saved a newer version while this editor was open. It says
//! who and when, shows the line diff from their body to this one, and offers "Keep mine"
//! (save again over theirs) and "Take theirs" (load theirs, after a confirmation).

use leptos::prelude::*;

use super::form::Editor;
use super::ops;
use crate::api::ApiError;
use crate::components::common::failure_text;
use crate::components::diff_view::DiffView;
use crate::diff::{Diff, diff};
use crate::dom;
use crate::i18n::{EditorText, Text, confirm_take_theirs, conflict_text};
use crate::state::Console;

#[component]
pub fn ConflictPanel(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorText| console.t(text);
    let confirming = RwSignal::new(false);
    let newest = move || {
        editor
            .conflict
            .with(|c| c.as_ref().and_then(|c| c.newest.clone()))
    };
    let pending = move || editor.pending.get().is_some();
    let explained = move || {
        let locale = console.locale.get();
        match newest() {
            Some(Ok(version)) => conflict_text(
                locale,
                version.number,
                version.author.as_deref(),
                &dom::format_time(&version.created_at, locale, true),
            ),
            _ => String::new(),
        }
    };
    let compared = Signal::derive(move || match newest() {
        Some(Ok(version)) => editor.body.with(|mine| diff(&version.body, mine)),
        _ => Diff::default(),
    });
    let diff_label = Signal::derive(move || t(EditorText::ConflictDiff).to_owned());
    let question = move || match newest() {
        Some(Ok(version)) => confirm_take_theirs(console.locale.get(), version.number),
        _ => String::new(),
    };
    let ask = move |_| {
        confirming.set(true);
        leptos::prelude::request_animation_frame(|| {
            dom::focus_id("take-theirs-text");
        });
    };
    let cancel = move |_| {
        confirming.set(false);
        leptos::prelude::request_animation_frame(|| {
            dom::focus_id("take-theirs");
        });
    };
    let failed = move || match newest() {
        Some(Err(error)) => Some(error),
        _ => None,
    };

    view! {
        <Show when=move || editor.conflict.with(Option::is_some)>
            <section id="edit-conflict" class="conflict" aria-labelledby="edit-conflict-title">
                <h2 id="edit-conflict-title" tabindex="-1">{move || t(EditorText::ConflictTitle)}</h2>
                <p id="edit-conflict-text">{explained}</p>
                <p>{move || t(EditorText::ConflictHint)}</p>
                {move || match failed() {
                    Some(error) => view! { <LoadFailed editor=editor error=error/> }.into_any(),
                    None if newest().is_none() => view! {
                        <p class="status-line" role="status">{move || console.t(Text::Loading)}</p>
                    }
                    .into_any(),
                    None => view! {
                        <DiffView id="conflict-diff" label=diff_label diff=compared/>
                    }
                    .into_any(),
                }}
                <div class="actions" hidden=move || confirming.get()>
                    <button
                        type="button"
                        id="keep-mine"
                        class="button primary"
                        aria-disabled=move || (pending() || !matches!(newest(), Some(Ok(_)))).then_some("true")
                        on:click=move |_| {
                            if !pending() {
                                ops::keep_mine(editor, console);
                            }
                        }
                    >
                        {move || t(EditorText::KeepMine)}
                    </button>
                    <button
                        type="button"
                        id="take-theirs"
                        class="button"
                        aria-controls="take-theirs-confirm"
                        aria-expanded=move || if confirming.get() { "true" } else { "false" }
                        aria-disabled=move || (!matches!(newest(), Some(Ok(_)))).then_some("true")
                        on:click=move |ev| {
                            if matches!(newest(), Some(Ok(_))) {
                                ask(ev);
                            }
                        }
                    >
                        {move || t(EditorText::TakeTheirs)}
                    </button>
                </div>
                <div
                    id="take-theirs-confirm"
                    class="confirm"
                    role="group"
                    aria-labelledby="take-theirs-text"
                    hidden=move || !confirming.get()
                >
                    <p id="take-theirs-text" tabindex="-1">{question}</p>
                    <div class="actions">
                        <button
                            type="button"
                            id="confirm-take-theirs"
                            class="button danger"
                            aria-disabled=move || pending().then_some("true")
                            on:click=move |_| {
                                if !pending() {
                                    confirming.set(false);
                                    ops::take_theirs(editor, console);
                                }
                            }
                        >
                            {move || t(EditorText::ConfirmTakeTheirsYes)}
                        </button>
                        <button type="button" id="cancel-take-theirs" class="button" on:click=cancel>
                            {move || console.t(Text::Cancel)}
                        </button>
                    </div>
                </div>
            </section>
        </Show>
    }
}

/// The newest version could not be loaded: why, and a retry.
#[component]
fn LoadFailed(
    /// The editor.
    editor: Editor,
    /// Why.
    error: ApiError,
) -> impl IntoView {
    let console = expect_context::<Console>();
    view! {
        <div id="conflict-error" class="failure" role="alert">
            <p>
                {move || console.t(EditorText::NewerVersionFailed)} " "
                {move || console.t(failure_text(error))}
            </p>
            <button
                type="button"
                id="conflict-retry"
                class="button"
                on:click=move |_| ops::load_newest(editor, console)
            >
                {move || console.t(Text::Retry)}
            </button>
        </div>
    }
}
