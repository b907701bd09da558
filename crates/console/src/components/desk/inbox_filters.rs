//! The inbox's filter bar: search, status, level, group, assignee, SLA and tag, all kept in
//! the address. Typing replaces the address (one history entry per search, not per key); a
//! pick pushes one; every change starts from page 1.

use ayuda_api::AgentInfo;
use leptos::prelude::*;

use super::{agent_name, groups_of};
use crate::desk_query::{InboxFilter, LEVELS, STATUSES};
use crate::dom;
use crate::i18n::{DeskText, Text};
use crate::route::Route;
use crate::state::Console;

/// A field of the filter: how to read it and write it.
type Read = fn(&InboxFilter) -> String;
type Write = fn(&mut InboxFilter, String);

/// A text box kept in the address; on Back or Forward it follows the address.
#[component]
fn TextBox(
    filter: Memo<Option<InboxFilter>>,
    id: &'static str,
    kind: &'static str,
    label: DeskText,
    read: Read,
    write: Write,
    #[prop(optional)] grow: bool,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let text = RwSignal::new(filter.get_untracked().map(|f| read(&f)).unwrap_or_default());
    Effect::new(move |_| {
        if let Some(filter) = filter.get() {
            let value = read(&filter);
            if text.get_untracked() != value {
                text.set(value);
            }
        }
    });
    view! {
        <div class=if grow { "field grow" } else { "field" }>
            <label for=id>{move || console.t(label)}</label>
            <input
                type=kind
                id=id
                autocomplete="off"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    text.set(typed.clone());
                    let mut next = filter.get_untracked().unwrap_or_default().first_page();
                    write(&mut next, typed);
                    console.replace(Route::Inbox(next));
                }
            />
        </div>
    }
}

/// A select kept in the address: (value, label) options, the first being "any".
#[component]
fn Choice(
    filter: Memo<Option<InboxFilter>>,
    id: &'static str,
    label: DeskText,
    read: Read,
    write: Write,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let current = move || filter.with(|f| f.as_ref().map(read).unwrap_or_default());
    let options = move || {
        let mut options = options.get();
        let chosen = current();
        if !options.iter().any(|(value, _)| *value == chosen) {
            options.push((chosen.clone(), chosen));
        }
        options
            .into_iter()
            .map(|(value, text)| {
                let selected = value == current();
                view! { <option value=value prop:selected=selected>{text}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="field">
            <label for=id>{move || console.t(label)}</label>
            <select
                id=id
                on:change=move |ev| {
                    let mut next = filter.get_untracked().unwrap_or_default().first_page();
                    write(&mut next, event_target_value(&ev));
                    console.navigate(Route::Inbox(next));
                }
            >
                {options}
            </select>
        </div>
    }
}

#[component]
pub fn InboxFilters(
    /// The filter in the address.
    filter: Memo<Option<InboxFilter>>,
    /// The agents (assignee and group options).
    agents: RwSignal<Vec<AgentInfo>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text).to_owned();
    let statuses = Signal::derive(move || {
        let mut options = vec![
            (String::new(), t(DeskText::AnyUnsolved)),
            ("all".to_owned(), t(DeskText::EveryStatus)),
        ];
        for (word, text) in STATUSES.into_iter().zip([
            DeskText::StatusNew,
            DeskText::StatusOpen,
            DeskText::StatusPending,
            DeskText::StatusSolved,
            DeskText::StatusClosed,
        ]) {
            options.push((word.to_owned(), t(text)));
        }
        options
    });
    let levels = Signal::derive(move || {
        let mut options = vec![(String::new(), t(DeskText::AnyLevel))];
        options.extend(LEVELS.map(|l| (l.to_owned(), l.to_uppercase())));
        options
    });
    let groups = Signal::derive(move || {
        let mut options = vec![(String::new(), t(DeskText::AnyGroup))];
        options.extend(
            agents
                .with(|a| groups_of(a))
                .into_iter()
                .map(|g| (g.clone(), g)),
        );
        options
    });
    let assignees = Signal::derive(move || {
        let mut options = vec![
            (String::new(), t(DeskText::Anyone)),
            ("me".to_owned(), t(DeskText::Me)),
            ("none".to_owned(), t(DeskText::Nobody)),
        ];
        agents.with(|agents| {
            for agent in agents {
                options.push((agent.user_id.to_string(), agent_name(agents, agent.user_id)));
            }
        });
        options
    });
    let slas = Signal::derive(move || {
        vec![
            (String::new(), t(DeskText::AnySla)),
            ("due_soon".to_owned(), t(DeskText::DueSoon)),
            ("breached".to_owned(), t(DeskText::Breached)),
        ]
    });
    let filtered = move || filter.with(|f| f.as_ref().is_some_and(InboxFilter::is_filtered));
    view! {
        <form
            id="inbox-filters"
            class="filters"
            role="search"
            aria-label=move || t(DeskText::Filters)
            on:submit=|ev| ev.prevent_default()
        >
            <TextBox filter=filter id="inbox-q" kind="search" label=DeskText::Search grow=true
                read=|f| f.q.clone() write=|f, v| f.q = v/>
            <Choice filter=filter id="inbox-status" label=DeskText::Status options=statuses
                read=|f| f.status.clone() write=|f, v| f.status = v/>
            <Choice filter=filter id="inbox-level" label=DeskText::Level options=levels
                read=|f| f.level.to_lowercase() write=|f, v| f.level = v/>
            <Choice filter=filter id="inbox-group" label=DeskText::Group options=groups
                read=|f| f.group.clone() write=|f, v| f.group = v/>
            <Choice filter=filter id="inbox-assignee" label=DeskText::Assignee options=assignees
                read=|f| f.assignee.clone() write=|f, v| f.assignee = v/>
            <Choice filter=filter id="inbox-sla" label=DeskText::Sla options=slas
                read=|f| f.sla.clone() write=|f, v| f.sla = v/>
            <TextBox filter=filter id="inbox-tag" kind="text" label=DeskText::Tag
                read=|f| f.tag.clone() write=|f, v| f.tag = v/>
            <button
                type="button"
                id="inbox-clear"
                class="button"
                hidden=move || !filtered()
                on:click=move |_| {
                    let view = filter.get_untracked().map(|f| f.view).unwrap_or_default();
                    console.navigate(Route::Inbox(InboxFilter { view, ..InboxFilter::default() }));
                    dom::focus_id("inbox-q");
                }
            >
                {move || console.t(Text::Desk(DeskText::ClearFilters))}
            </button>
        </form>
    }
}
