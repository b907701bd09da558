//! The agents' keyboard: the single-key shortcuts (never while typing in a field, never under
//! a dialog), the command palette (Ctrl/⌘+K: a dialog with a filterable list of commands) and
//! the shortcuts' help screen.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dialog::{Dialog, dialog_open};
use crate::components::common::RouteLink;
use crate::desk_keys::{self, ALL, Press, Shortcut};
use crate::desk_query::InboxFilter;
use crate::i18n::{DeskText, shortcut_text};
use crate::route::Route;
use crate::state::Console;

/// Whether the key event comes from a place where keys type text.
fn typing_in(ev: &KeyboardEvent) -> bool {
    let Some(element) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    if element.is_content_editable() {
        return true;
    }
    match element.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            element.get_attribute("type").as_deref(),
            Some("checkbox" | "radio" | "button" | "submit" | "reset")
        ),
        _ => false,
    }
}

/// Calls `handler` with each shortcut pressed while the calling screen is shown.
pub fn on_shortcut(handler: impl Fn(Shortcut) + 'static) {
    let listener = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if ev.default_prevented() {
            return;
        }
        let key = ev.key();
        let press = Press {
            key: &key,
            ctrl: ev.ctrl_key(),
            meta: ev.meta_key(),
            alt: ev.alt_key(),
            in_field: typing_in(&ev),
            dialog_open: dialog_open(),
            repeat: ev.repeat(),
        };
        if let Some(shortcut) = desk_keys::shortcut(press) {
            ev.prevent_default();
            handler(shortcut);
        }
    });
    on_cleanup(move || listener.remove());
}

/// One command of the palette.
#[derive(Clone)]
pub struct Command {
    /// For its option's id (`palette-option-{key}`).
    pub key: String,
    pub label: String,
    pub run: Callback<()>,
}

/// The palette's commands to go to the inbox's built-in views.
pub fn view_commands(console: Console) -> Vec<Command> {
    let go = console.t(DeskText::GoTo);
    [
        ("mine", DeskText::ViewMine),
        ("unassigned", DeskText::ViewUnassigned),
        ("due_soon", DeskText::ViewDueSoon),
        ("breached", DeskText::ViewBreached),
        ("all", DeskText::ViewAll),
    ]
    .into_iter()
    .map(|(view, text)| Command {
        key: format!("view-{}", view.replace('_', "-")),
        label: format!("{go}: {}", console.t(text)),
        run: Callback::new(move |()| {
            console.navigate(Route::Inbox(InboxFilter::view(view)));
        }),
    })
    .chain([Command {
        key: "shortcuts".to_owned(),
        label: format!("{go}: {}", console.t(DeskText::Shortcuts)),
        run: Callback::new(move |()| console.navigate(Route::Shortcuts)),
    }])
    .collect()
}

#[component]
pub fn CommandPalette(
    /// Whether it is open.
    open: RwSignal<bool>,
    /// What it offers, built when it opens.
    commands: Callback<(), Vec<Command>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(None::<usize>);
    let list = RwSignal::new(Vec::<Command>::new());
    Effect::new(move |_| {
        if open.get() {
            list.set(commands.run(()));
            query.set(String::new());
            active.set(Some(0));
        }
    });
    // The matching commands' places in `list`.
    let shown = Memo::new(move |_| {
        let labels: Vec<String> = list.with(|l| l.iter().map(|c| c.label.clone()).collect());
        desk_keys::filter(&labels, &query.get())
    });
    let command = move |index: usize| {
        let at = shown.with_untracked(|s| s.get(index).copied())?;
        list.with_untracked(|l| l.get(at).cloned())
    };
    let run = move |index: usize| {
        if let Some(command) = command(index) {
            open.set(false);
            command.run.run(());
        }
    };
    let option_id = move |key: &str| format!("palette-option-{key}");
    let keydown = move |ev: KeyboardEvent| {
        let count = shown.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                active.set(desk_keys::cycle(
                    active.get_untracked(),
                    count,
                    ev.key() == "ArrowDown",
                ));
            }
            "Enter" => {
                ev.prevent_default();
                if let Some(index) = active.get_untracked() {
                    run(index);
                }
            }
            _ => {}
        }
    };
    view! {
        <Dialog
            id="command-palette"
            title=Signal::derive(move || t(DeskText::CommandPalette))
            open=open
            focus="palette-input"
        >
            <label for="palette-input" class="visually-hidden">
                {move || t(DeskText::PaletteInput)}
            </label>
            <input
                type="text"
                id="palette-input"
                role="combobox"
                aria-expanded="true"
                aria-controls="palette-list"
                aria-autocomplete="list"
                autocomplete="off"
                placeholder=move || t(DeskText::PaletteInput)
                aria-activedescendant=move || {
                    active.get().and_then(|i| {
                        let at = shown.with(|s| s.get(i).copied())?;
                        list.with(|l| l.get(at).map(|c| option_id(&c.key)))
                    })
                }
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    active.set(Some(0));
                }
                on:keydown=keydown
            />
            <ul
                id="palette-list"
                class="palette-list"
                role="listbox"
                hidden=move || shown.with(Vec::is_empty)
                aria-label=move || t(DeskText::CommandPalette)
            >
                {move || {
                    let commands = list.get();
                    shown
                        .get()
                        .into_iter()
                        .enumerate()
                        .filter_map(|(index, at)| {
                            commands.get(at).map(|c| (index, c.key.clone(), c.label.clone()))
                        })
                        .map(|(index, key, label)| {
                            view! {
                                <li
                                    id=option_id(&key)
                                    role="option"
                                    class="palette-option"
                                    aria-selected=move || {
                                        if active.get() == Some(index) { "true" } else { "false" }
                                    }
                                    on:click=move |_| run(index)
                                >
                                    {label}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p id="palette-empty" class="empty" hidden=move || shown.with(|s| !s.is_empty())>
                {move || t(DeskText::NoCommands)}
            </p>
        </Dialog>
    }
}

#[component]
pub fn ShortcutsScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    on_shortcut(move |shortcut| {
        if shortcut == Shortcut::Next || shortcut == Shortcut::Previous {
            console.navigate(Route::Inbox(InboxFilter::default()));
        }
    });
    let rows = move || {
        ALL.into_iter()
            .map(|(shortcut, keys)| {
                view! {
                    <tr data-shortcut=keys>
                        <th scope="row">
                            <kbd>{keys}</kbd>
                        </th>
                        <td>{move || t(shortcut_text(shortcut))}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h1 id="shortcuts-title" tabindex="-1">{move || t(DeskText::Shortcuts)}</h1>
        <p id="shortcuts-intro">{move || t(DeskText::ShortcutsIntro)}</p>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="shortcuts-caption">
            <table class="shortcuts">
                <caption id="shortcuts-caption">{move || t(DeskText::ShortcutsCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t(DeskText::Key)}</th>
                        <th scope="col">{move || t(DeskText::Action)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows}
                    <tr data-shortcut="Escape">
                        <th scope="row">
                            <kbd>"Esc"</kbd>
                        </th>
                        <td>{move || t(DeskText::KeyEscape)}</td>
                    </tr>
                </tbody>
            </table>
        </div>
        <p>
            <RouteLink to=Route::Inbox(InboxFilter::default()) id="shortcuts-to-inbox">
                {move || t(DeskText::BackToInbox)}
            </RouteLink>
        </p>
    }
}
