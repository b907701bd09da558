//! The article's contexts: an ARIA 1.2 combobox (`#article-contexts`) suggesting the places the
//! widget has really been opened on (`GET /api/v1/contexts`, most seen first, asked
//! [`QUIET`] after typing stops), and the chosen ones as removable chips. Anything typed can
//! be added too (Enter, or "Add context").
//!
//! Keys in the box: Down and Up move through the suggestions (opening them), Enter adds the
//! highlighted one or else the text, Escape closes the suggestions. The focus stays in the box
//! throughout; the highlighted option is `aria-activedescendant`.

use std::time::Duration;

use ayuda_api::SeenContext;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::form::Editor;
use crate::api::authoring;
use crate::dom;
use crate::draft;
use crate::i18n::{PublishingText, context_hits, remove_context_label};
use crate::state::Console;

/// How long typing must pause before suggestions are asked for.
pub const QUIET: Duration = Duration::from_millis(250);

const INPUT_ID: &str = "article-contexts";
const LIST_ID: &str = "contexts-suggestions";

fn option_id(index: usize) -> String {
    format!("context-option-{index}")
}

/// The site whose places to suggest: the article's first, else the help centre's first, else
/// the server's default.
fn site_for(editor: Editor) -> Option<String> {
    editor
        .sites
        .with_untracked(|s| s.first().cloned())
        .or_else(|| {
            editor.site_list.with_untracked(|list| match list {
                Some(Ok(sites)) => sites.first().map(|site| site.key.clone()),
                _ => None,
            })
        })
}

/// The next highlighted option after a Down (`down`) or Up among `count` options, wrapping.
fn step(active: Option<usize>, count: usize, down: bool) -> Option<usize> {
    if count == 0 {
        return None;
    }
    Some(match (active, down) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(i), true) => (i + 1) % count,
        (Some(0), false) => count - 1,
        (Some(i), false) => i - 1,
    })
}

#[component]
pub fn ContextPicker(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: PublishingText| console.t(text);
    let typed = RwSignal::new(String::new());
    let seen = RwSignal::new(Vec::<SeenContext>::new());
    let failed = RwSignal::new(false);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let latest = StoredValue::new(0u64);
    let timer = StoredValue::new(None::<TimeoutHandle>);

    // The suggestions not chosen yet.
    let offered = Memo::new(move |_| {
        let chosen = editor.contexts.get();
        seen.with(|seen| {
            seen.iter()
                .filter(|s| !chosen.contains(&s.context))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let expanded = move || open.get() && offered.with(|o| !o.is_empty());

    let ask = move |q: String| {
        latest.update_value(|n| *n += 1);
        let ticket = latest.get_value();
        let site = site_for(editor);
        spawn_local(async move {
            let result = console.check(authoring::seen_contexts(site.as_deref(), &q).await);
            if latest.try_get_value() != Some(ticket) {
                return;
            }
            match result {
                Ok(list) => {
                    failed.set(false);
                    seen.set(list);
                    active.set(None);
                }
                Err(_) => {
                    failed.set(true);
                    seen.set(Vec::new());
                }
            }
        });
    };
    let ask_soon = move |q: String| {
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || ask(q), QUIET).ok();
        timer.try_set_value(handle);
    };
    on_cleanup(move || {
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
    });

    let add = move |context: String| {
        let mut added = false;
        editor
            .contexts
            .update(|list| added = draft::add_context(list, &context));
        if added {
            typed.set(String::new());
            active.set(None);
            ask_soon(String::new());
        }
    };
    let add_typed = move || add(typed.get_untracked());
    let remove = move |context: String| {
        editor
            .contexts
            .update(|list| list.retain(|c| *c != context));
        dom::focus_id(INPUT_ID);
    };

    let keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "ArrowUp" => {
            ev.prevent_default();
            if !open.get_untracked() {
                open.set(true);
                if seen.with_untracked(Vec::is_empty) {
                    ask(typed.get_untracked());
                }
            }
            let count = offered.with_untracked(Vec::len);
            active.set(step(active.get_untracked(), count, ev.key() == "ArrowDown"));
        }
        "Enter" => {
            ev.prevent_default();
            let chosen = active.get_untracked().filter(|_| open.get_untracked());
            let suggestion = chosen
                .and_then(|i| offered.with_untracked(|o| o.get(i).map(|s| s.context.clone())));
            match suggestion {
                Some(context) => add(context),
                None => add_typed(),
            }
        }
        "Escape" if expanded() => {
            ev.prevent_default();
            open.set(false);
            active.set(None);
        }
        _ => {}
    };

    let options = move || {
        offered
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, seen)| {
                let context = seen.context.clone();
                let shown = seen.context.clone();
                let data = seen.context.clone();
                let hits = seen.hits;
                view! {
                    <li
                        id=option_id(index)
                        role="option"
                        class="context-option"
                        data-context=data
                        aria-selected=move || {
                            if active.get() == Some(index) { "true" } else { "false" }
                        }
                        on:mousedown=|ev| ev.prevent_default()
                        on:click=move |_| add(context.clone())
                    >
                        <span class="context-name">{shown}</span>
                        " "
                        <span class="context-hits">
                            {move || context_hits(console.locale.get(), hits)}
                        </span>
                    </li>
                }
            })
            .collect_view()
    };
    let chips = move || {
        editor
            .contexts
            .get()
            .into_iter()
            .map(|context| {
                let label = context.clone();
                let gone = context.clone();
                let data = context.clone();
                view! {
                    <li class="context-chip" data-context=data>
                        <span class="chip-text">{context}</span>
                        <button
                            type="button"
                            class="remove-context"
                            aria-label=move || remove_context_label(console.locale.get(), &label)
                            on:click=move |_| remove(gone.clone())
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <div class="field contexts">
            <label for=INPUT_ID>{move || t(PublishingText::Contexts)}</label>
            <ul id="context-chips" class="chips" aria-label=move || t(PublishingText::Contexts)>
                {chips}
            </ul>
            <p id="contexts-none" class="hint" hidden=move || editor.contexts.with(|c| !c.is_empty())>
                {move || t(PublishingText::NoContexts)}
            </p>
            <div class="combo">
                <div class="combo-row">
                    <input
                        id=INPUT_ID
                        type="text"
                        role="combobox"
                        autocomplete="off"
                        spellcheck="false"
                        aria-autocomplete="list"
                        aria-controls=LIST_ID
                        aria-expanded=move || if expanded() { "true" } else { "false" }
                        aria-activedescendant=move || {
                            active.get().filter(|_| expanded()).map(option_id)
                        }
                        aria-describedby="article-contexts-hint"
                        prop:value=move || typed.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            typed.set(text.clone());
                            open.set(true);
                            active.set(None);
                            ask_soon(text);
                        }
                        on:focus=move |_| {
                            if seen.with_untracked(Vec::is_empty) && !failed.get_untracked() {
                                ask(typed.get_untracked());
                            }
                        }
                        on:click=move |_| open.set(true)
                        on:blur=move |_| {
                            open.set(false);
                            active.set(None);
                        }
                        on:keydown=keydown
                    />
                    <button
                        type="button"
                        id="add-context"
                        class="button"
                        on:click=move |_| {
                            add_typed();
                            dom::focus_id(INPUT_ID);
                        }
                    >
                        {move || t(PublishingText::AddContext)}
                    </button>
                </div>
                <ul
                    id=LIST_ID
                    role="listbox"
                    class="suggestions"
                    aria-label=move || t(PublishingText::ContextSuggestions)
                    hidden=move || !expanded()
                >
                    {options}
                </ul>
            </div>
            <p id="article-contexts-hint" class="hint">
                {move || t(PublishingText::ContextsHint)}
                {move || failed.get().then(|| format!(" {}", t(PublishingText::ContextsFailed)))}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_around_the_suggestions() {
        assert_eq!(step(None, 3, true), Some(0));
        assert_eq!(step(None, 3, false), Some(2));
        assert_eq!(step(Some(2), 3, true), Some(0));
        assert_eq!(step(Some(0), 3, false), Some(2));
        assert_eq!(step(Some(1), 3, false), Some(0));
        assert_eq!(step(Some(1), 0, true), None);
    }
}
