//! The inbox: saved and built-in views at the side with their counts, the filter bar (kept in
//! the address: `Route::Inbox`), the tickets sorted by SLA due with bulk actions, and live
//! updates from the staff's stream (the page and the counts asked again 300 ms after a burst
//! of events, rows updated in place so that the scroll position, the focus and the selection
//! stay).

use std::collections::BTreeSet;
use std::rc::Rc;
use std::time::Duration;

use ayuda_api::StaffTicket;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::alerts::{self, NotifyControls};
use super::inbox_filters::InboxFilters;
use super::inbox_side::ViewsPanel;
use super::inbox_table::{BulkBar, TicketTable};
use super::keys::{Command, CommandPalette, on_shortcut, view_commands};
use super::live::Debounce;
use super::presence::{self, Availability};
use super::{desk_stream, groups_of, load_agents, me, remember_list, ticking_now};
use crate::api::ApiError;
use crate::api::desk::{self, Counts, SavedView};
use crate::components::common::RouteLink;
use crate::components::load::failed;
use crate::components::pages::{PageCounts, Pager};
use crate::desk_keys::{self, Shortcut};
use crate::desk_query::{InboxFilter, LEVELS};
use crate::dom;
use crate::i18n::DeskText;
use crate::paging;
use crate::route::Route;
use crate::state::Console;

/// The inbox's rows as last answered, and whether that answer failed.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    Waiting,
    Failed(ApiError),
    Page { total: i64, page: u32 },
}

#[component]
pub fn InboxScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let filter = Memo::new(move |_| {
        console.route.with(|route| match route {
            Route::Inbox(filter) => Some(filter.clone()),
            _ => None,
        })
    });
    let loaded = RwSignal::new(Loaded::Waiting);
    let loading = RwSignal::new(true);
    let rows = RwSignal::new(Vec::<StaffTicket>::new());
    let selected = RwSignal::new(BTreeSet::<i64>::new());
    let cursor = RwSignal::new(None::<i64>);
    let counts = RwSignal::new(None::<Counts>);
    let by_level = RwSignal::new(Vec::<(String, i64)>::new());
    let by_group = RwSignal::new(Vec::<(String, i64)>::new());
    let saved = RwSignal::new(None::<Result<Vec<SavedView>, ApiError>>);
    let agents = load_agents(console);
    let available = RwSignal::new(None::<bool>);
    let connected = RwSignal::new(false);
    let unread = RwSignal::new(0usize);
    let palette = RwSignal::new(false);
    let now = ticking_now();
    let generation = StoredValue::new(0u64);
    let retries = RwSignal::new(0u32);

    presence::keep_alive(console, Some(available));
    alerts::watch_title(console, unread);
    Effect::new(move |_| {
        let me = me(console);
        agents.with(|agents| {
            if let Some(agent) = agents.iter().find(|a| a.user_id == me) {
                available.set(Some(agent.available));
            }
        });
    });

    // The page for the filter in the address; `quiet` for a live refresh (no "Loading…").
    let load_page = move |quiet: bool| {
        let Some(filter) = filter.get_untracked() else {
            return;
        };
        let ticket = generation.get_value() + 1;
        generation.set_value(ticket);
        if !quiet {
            loading.set(true);
        }
        spawn_local(async move {
            let result = console.check(desk::inbox(&filter).await);
            if generation.try_get_value() != Some(ticket) {
                return;
            }
            let _ = loading.try_set(false);
            match result {
                Ok(page) => {
                    remember_list(&filter, page.tickets.iter().map(|t| t.id).collect());
                    rows.set(page.tickets);
                    loaded.set(Loaded::Page {
                        total: page.total,
                        page: filter.page,
                    });
                }
                // A live refresh that fails keeps what is shown.
                Err(_) if quiet => {}
                Err(error) => {
                    rows.set(Vec::new());
                    loaded.set(Loaded::Failed(error));
                }
            }
        });
    };
    let load_counts = move || {
        let groups = agents.with_untracked(|a| groups_of(a));
        spawn_local(async move {
            if let Ok(answer) = console.check(desk::counts().await) {
                let count = |map: &std::collections::BTreeMap<String, i64>, key: &str| {
                    map.get(key).copied().unwrap_or(0)
                };
                let levels = LEVELS
                    .iter()
                    .map(|level| ((*level).to_owned(), count(&answer.levels, level)))
                    .collect();
                let groups = groups
                    .into_iter()
                    .take(12)
                    .map(|group| {
                        let n = count(&answer.groups, &group);
                        (group, n)
                    })
                    .collect();
                let _ = by_level.try_set(levels);
                let _ = by_group.try_set(groups);
                let _ = counts.try_set(Some(answer));
            }
        });
    };
    let load_views = move || {
        spawn_local(async move {
            let result = console.check(desk::views().await);
            let _ = saved.try_set(Some(result));
        });
    };
    load_views();

    // A new filter or page: a new list, from the top, with nothing selected.
    Effect::new(move |previous: Option<Option<InboxFilter>>| {
        retries.track();
        let now = filter.get();
        if previous.as_ref().is_some_and(|p| *p != now) {
            selected.set(BTreeSet::new());
            cursor.set(None);
        }
        load_page(false);
        now
    });
    // Counts once the agents (and so the groups) are known, and after every live burst.
    Effect::new(move |_| {
        agents.track();
        load_counts();
    });

    let debounce = StoredValue::new_local(Debounce::new(Duration::from_millis(300)));
    let refresh = Rc::new(move |_: Option<i64>| {
        debounce.with_value(|d| {
            d.call(move || {
                load_page(true);
                load_counts();
            })
        });
    });
    let me_id = me(console);
    desk_stream(
        console,
        unread,
        connected,
        Rc::new(move |id| {
            rows.with_untracked(|rows| {
                rows.iter()
                    .find(|t| t.id == id)
                    .map(|t| t.assignee_id == Some(me_id))
            })
        }),
        refresh,
    );
    on_cleanup(move || {
        if let Some(d) = debounce.try_get_value() {
            d.cancel();
        }
    });

    // j/k move through the rows; a assigns the row (or the selection) to me.
    let move_cursor = move |forward: bool| {
        let ids: Vec<i64> = rows.with_untracked(|r| r.iter().map(|t| t.id).collect());
        let from = cursor.get_untracked().or_else(|| {
            dom::focused()
                .and_then(|e| e.closest("tr[data-ticket-id]").ok().flatten())
                .and_then(|row| row.get_attribute("data-ticket-id"))
                .and_then(|id| id.parse().ok())
        });
        if let Some(id) = desk_keys::neighbour(&ids, from, forward) {
            cursor.set(Some(id));
            dom::focus_id(&format!("ticket-link-{id}"));
        }
    };
    let assign_me = move || {
        let mut ids: BTreeSet<i64> = selected.get_untracked();
        if ids.is_empty()
            && let Some(id) = cursor.get_untracked()
        {
            ids.insert(id);
        }
        if !ids.is_empty() {
            selected.set(ids);
            dom::click_id("bulk-assign-me");
        }
    };
    on_shortcut(move |shortcut| match shortcut {
        Shortcut::Next => move_cursor(true),
        Shortcut::Previous => move_cursor(false),
        Shortcut::AssignMe => assign_me(),
        Shortcut::Help => console.navigate(Route::Shortcuts),
        Shortcut::Palette => palette.set(true),
        Shortcut::Reply
        | Shortcut::Note
        | Shortcut::Solve
        | Shortcut::Escalate
        | Shortcut::Macro => {
            if let Some(id) = cursor.get_untracked() {
                console.navigate(Route::Ticket(id));
            }
        }
    });
    let commands = Callback::new(move |()| {
        let mut commands = view_commands(console);
        if let Some(Ok(views)) = saved.get_untracked() {
            for view in views {
                let (id, query) = (view.id, view.query.clone());
                commands.push(Command {
                    key: format!("saved-{id}"),
                    label: format!("{}: {}", console.t(DeskText::GoTo), view.name),
                    run: Callback::new(move |()| {
                        console.navigate(Route::Inbox(InboxFilter::saved(id, &query)));
                    }),
                });
            }
        }
        commands.push(Command {
            key: "save-view".to_owned(),
            label: console.t(DeskText::SaveView).to_owned(),
            run: Callback::new(move |()| dom::click_id("save-view")),
        });
        commands.push(Command {
            key: "assign-me".to_owned(),
            label: console.t(DeskText::AssignToMe).to_owned(),
            run: Callback::new(move |()| assign_me()),
        });
        commands.push(Command {
            key: "clear-filters".to_owned(),
            label: console.t(DeskText::ClearFilters).to_owned(),
            run: Callback::new(move |()| {
                console.navigate(Route::Inbox(InboxFilter::default()));
            }),
        });
        commands
    });

    let page = Signal::derive(move || filter.get().map_or(1, |f| f.page));
    let page_counts = Signal::derive(move || match loaded.get() {
        Loaded::Page { total, page } if total > 0 => Some(PageCounts {
            total: paging::total(total),
            rows: rows.with(Vec::len),
            page,
        }),
        _ => None,
    });
    let go = Callback::new(move |to: u32| {
        if let Some(filter) = filter.get_untracked() {
            console.navigate(Route::Inbox(filter.with_page(to)));
        }
    });
    let after_bulk = Callback::new(move |()| {
        load_page(true);
        load_counts();
    });
    let state = move || match loaded.get() {
        Loaded::Failed(error) => failed(
            error,
            Some("inbox-forbidden"),
            "inbox-error",
            DeskText::TicketsFailed.into(),
            Callback::new(move |()| retries.update(|n| *n += 1)),
        ),
        Loaded::Page { total: 0, .. } => view! {
            <p id="inbox-empty" class="empty">{move || t(DeskText::NoTickets)}</p>
        }
        .into_any(),
        _ => ().into_any(),
    };

    view! {
        <div class="heading-row desk-head">
            <h1 id="inbox-title" tabindex="-1">{move || t(DeskText::Inbox)}</h1>
            <div class="desk-tools">
                <Availability available=available/>
                <NotifyControls/>
                <RouteLink to=Route::Shortcuts id="shortcuts-link">
                    {move || t(DeskText::ShortcutsLink)}
                </RouteLink>
            </div>
        </div>
        <p id="inbox-live" class="status-line" role="status">
            {move || t(if connected.get() { DeskText::Live } else { DeskText::Reconnecting })}
        </p>
        <div class="inbox-layout">
            <ViewsPanel filter=filter counts=counts by_level=by_level by_group=by_group saved=saved reload=Callback::new(move |()| load_views())/>
            <div class="inbox-main">
                <InboxFilters filter=filter agents=agents/>
                <BulkBar rows=rows selected=selected agents=agents done=after_bulk/>
                <div
                    id="inbox-results"
                    class="results"
                    aria-busy=move || if loading.get() { "true" } else { "false" }
                >
                    <p id="inbox-status" class="status-line" role="status">
                        {move || loading.get().then(|| console.t(crate::i18n::Text::Loading))}
                    </p>
                    {state}
                    <TicketTable rows=rows selected=selected cursor=cursor agents=agents now=now/>
                </div>
                <Pager prefix="inbox" page=page counts=page_counts go=go/>
            </div>
        </div>
        <CommandPalette open=palette commands=commands/>
    }
}
