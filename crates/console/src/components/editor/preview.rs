//! The live preview: the body rendered by the server's own sanitising renderer (what readers
//! get), asked for [`QUIET`] after typing stops; an answer to an older text is dropped.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::form::Editor;
use crate::api;
use crate::i18n::EditorText;
use crate::state::Console;

/// How long typing must pause before the preview is asked for.
pub const QUIET: Duration = Duration::from_millis(300);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rendering {
    Idle,
    Waiting,
    Failed,
}

#[component]
pub fn Preview(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorText| console.t(text);
    let html = RwSignal::new(String::new());
    let rendering = RwSignal::new(Rendering::Idle);
    // The body the shown HTML is of, and the number of the newest request.
    let shown_for = StoredValue::new(None::<String>);
    let latest = StoredValue::new(0u64);
    let timer = StoredValue::new(None::<TimeoutHandle>);

    let render = move |body: String| {
        let Some(session) = console.session() else {
            return;
        };
        latest.update_value(|n| *n += 1);
        let ticket = latest.get_value();
        spawn_local(async move {
            let result = console.check(api::preview(&session.csrf_token, &body).await);
            if latest.try_get_value() != Some(ticket) {
                return;
            }
            match result {
                Ok(preview) => {
                    html.set(preview.html);
                    shown_for.set_value(Some(body));
                    rendering.set(Rendering::Idle);
                }
                Err(_) => rendering.set(Rendering::Failed),
            }
        });
    };
    // The server sends an article with its HTML: no need to ask for it again.
    Effect::new(move |_| {
        editor.article.with(|article| {
            if let Some(article) = article
                && editor.body.with_untracked(|body| *body == article.body)
            {
                html.set(article.html.clone());
                shown_for.set_value(Some(article.body.clone()));
            }
        });
    });

    Effect::new(move |_| {
        let body = editor.body.get();
        if let Some(timer) = timer.get_value() {
            timer.clear();
        }
        if shown_for.with_value(|shown| shown.as_deref() == Some(body.as_str())) {
            rendering.set(Rendering::Idle);
            return;
        }
        if body.trim().is_empty() {
            latest.update_value(|n| *n += 1);
            html.set(String::new());
            shown_for.set_value(Some(body));
            rendering.set(Rendering::Idle);
            return;
        }
        rendering.set(Rendering::Waiting);
        let handle = set_timeout_with_handle(move || render(body), QUIET).ok();
        timer.set_value(handle);
    });

    on_cleanup(move || {
        if let Some(Some(timer)) = timer.try_get_value() {
            timer.clear();
        }
    });

    let note = move || match rendering.get() {
        Rendering::Idle => None,
        Rendering::Waiting => Some(t(EditorText::PreviewUpdating)),
        Rendering::Failed => Some(t(EditorText::PreviewFailed)),
    };
    view! {
        <section
            id="article-preview"
            class="pane preview"
            aria-labelledby="preview-heading"
            aria-busy=move || if rendering.get() == Rendering::Waiting { "true" } else { "false" }
        >
            <div class="pane-head">
                <h2 id="preview-heading" class="pane-title">{move || t(EditorText::Preview)}</h2>
                <p
                    id="preview-note"
                    class="status-line"
                    class:error=move || rendering.get() == Rendering::Failed
                >
                    {note}
                </p>
            </div>
            <Show when=move || html.with(String::is_empty)>
                <p class="empty">{move || t(EditorText::PreviewEmpty)}</p>
            </Show>
            // Sanitised by the server (the readers' renderer); the page's CSP forbids inline
            // scripts and styles besides.
            <div
                id="preview-body"
                class="article-body"
                lang=move || editor.content_locale().tag()
                inner_html=move || html.get()
            ></div>
        </section>
    }
}
