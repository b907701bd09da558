//! Who else has the article open: a heartbeat (`POST /api/v1/articles/{id}/editing`) when the
//! editor opens it and every [`HEARTBEAT`] after, answered with the other staff members who
//! sent one lately; "Also editing now: …" while there are any. Leaving the editor says so
//! (`DELETE`), and so does a page that goes away (`pagehide`, a `keepalive` request).

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::authoring;
use crate::i18n::editing_others;
use crate::state::Console;

/// How often the editor says it still has the article open (the server forgets after 45 s).
pub const HEARTBEAT: Duration = Duration::from_secs(15);

#[component]
pub fn Presence(
    /// The article open in the editor.
    id: i64,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let others = RwSignal::new(Vec::<String>::new());
    let beat = move || {
        let Some(session) = console.session() else {
            return;
        };
        spawn_local(async move {
            // A failed heartbeat changes nothing but a lost session (`check` handles that).
            if let Ok(now) = console.check(authoring::editing(&session.csrf_token, id).await) {
                let _ = others.try_set(now.others);
            }
        });
    };
    beat();
    let timer = set_interval_with_handle(beat, HEARTBEAT).ok();
    let pagehide = window_event_listener_untyped("pagehide", move |_| {
        if let Some(session) = console.session() {
            authoring::stopped_editing_on_unload(&session.csrf_token, id);
        }
    });
    on_cleanup(move || {
        if let Some(timer) = timer {
            timer.clear();
        }
        pagehide.remove();
        if let Some(session) = console.session() {
            spawn_local(async move {
                let _ = authoring::stopped_editing(&session.csrf_token, id).await;
            });
        }
    });
    let text = move || {
        others.with(|others| {
            (!others.is_empty()).then(|| editing_others(console.locale.get(), others))
        })
    };
    view! {
        <p
            id="editing-others"
            class="notice presence"
            role="status"
            hidden=move || others.with(Vec::is_empty)
        >
            {text}
        </p>
    }
}
