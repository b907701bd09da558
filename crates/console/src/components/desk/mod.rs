//! The agents' workspace: the inbox (`inbox*.rs`), one ticket (`ticket.rs` with `thread`,
//! `customer`, `composer`, `macros`, `actions`), the keyboard (`keys`: shortcuts, the command
//! palette, the help screen) and what they share: the staff's live stream (`live`), the
//! alerts while the tab is hidden (`alerts`), the agent's presence (`presence`), dialogs
//! (`dialog`), and here the inbox's last list (for j/k on a ticket), the SLA clock's badge and
//! the names of agents.

mod actions;
mod alerts;
mod composer;
mod customer;
mod dialog;
mod inbox;
mod inbox_filters;
mod inbox_side;
mod inbox_table;
mod keys;
mod live;
mod macros;
mod presence;
mod state;
mod thread;
mod ticket;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use ayuda_api::{AgentInfo, Status};
use leptos::prelude::*;

use crate::api::desk::{self, DeskEvent};
use crate::desk_clock::Clock;
use crate::desk_query::InboxFilter;
use crate::desk_unread::EventKind;
use crate::dom;
use crate::i18n::sla_clock_text;
use crate::state::Console;
pub use inbox::InboxScreen;
pub use keys::ShortcutsScreen;
pub use ticket::TicketScreen;

thread_local! {
    /// The inbox's last list: its filter and its tickets in order, for j/k on a ticket.
    static LIST: RefCell<(InboxFilter, Vec<i64>)> = RefCell::new((InboxFilter::default(), Vec::new()));
}

/// Remembers the list the inbox shows.
fn remember_list(filter: &InboxFilter, ids: Vec<i64>) {
    LIST.with(|list| *list.borrow_mut() = (filter.clone(), ids));
}

/// The inbox's last list.
fn remembered_list() -> (InboxFilter, Vec<i64>) {
    LIST.with(|list| list.borrow().clone())
}

/// The signed-in member's id.
fn me(console: Console) -> i64 {
    console.session().map_or(0, |session| session.user.id)
}

/// An agent's display name (their e-mail when unnamed, `#id` when unknown).
fn agent_name(agents: &[AgentInfo], id: i64) -> String {
    agents
        .iter()
        .find(|a| a.user_id == id)
        .map(|a| {
            if a.display_name.trim().is_empty() {
                a.email.clone()
            } else {
                a.display_name.clone()
            }
        })
        .unwrap_or_else(|| format!("#{id}"))
}

/// The agents (for names, groups and "assign to"), loaded once per screen.
fn load_agents(console: Console) -> RwSignal<Vec<AgentInfo>> {
    let agents = RwSignal::new(Vec::new());
    leptos::task::spawn_local(async move {
        if let Ok(list) = console.check(desk::agents().await) {
            let _ = agents.try_set(list);
        }
    });
    agents
}

/// The groups the agents belong to, sorted.
fn groups_of(agents: &[AgentInfo]) -> Vec<String> {
    let mut groups: Vec<String> = agents.iter().flat_map(|a| a.groups.clone()).collect();
    groups.sort();
    groups.dedup();
    groups
}

/// Now (Unix ms), updated every 30 s so that SLA clocks tick.
fn ticking_now() -> RwSignal<i64> {
    let now = RwSignal::new(dom::now_ms() as i64);
    let timer = set_interval_with_handle(
        move || {
            let _ = now.try_set(dom::now_ms() as i64);
        },
        Duration::from_secs(30),
    )
    .ok();
    on_cleanup(move || {
        if let Some(timer) = timer {
            timer.clear();
        }
    });
    now
}

/// A status's class for its badge.
fn status_class(status: Status) -> &'static str {
    match status {
        Status::New => "badge status-new",
        Status::Open => "badge status-open",
        Status::Pending => "badge status-pending",
        Status::Solved => "badge status-solved",
        Status::Closed => "badge status-closed",
    }
}

/// An SLA clock: an icon (hidden from screen readers) and its words, readable without
/// colour; `data-sla` for styling and tests.
fn sla_badge(console: Console, clock: Clock, id: Option<String>) -> impl IntoView {
    let (state, icon) = match clock {
        Clock::None => ("none", "–"),
        Clock::Left { soon: false, .. } => ("ok", "◷"),
        Clock::Left { soon: true, .. } => ("soon", "⚠"),
        Clock::Overdue { .. } => ("breached", "✖"),
        Clock::Met => ("met", "✓"),
        Clock::MetLate => ("met-late", "✓✖"),
        Clock::Paused => ("paused", "⏸"),
    };
    view! {
        <span id=id class="sla-clock" data-sla=state>
            <span class="sla-icon" aria-hidden="true">{icon}</span>
            " "
            {move || sla_clock_text(console.locale.get(), clock)}
        </span>
    }
}

/// Opens the staff's live stream for a screen: each event is news for the alerts (`mine`
/// says whether a ticket is assigned to the agent, when the screen knows), and `changed`
/// runs with the ticket (or `None`: re-read everything, after a `resync` or a reconnection).
fn desk_stream(
    console: Console,
    unread: RwSignal<usize>,
    connected: RwSignal<bool>,
    mine: Rc<dyn Fn(i64) -> Option<bool>>,
    changed: Rc<dyn Fn(Option<i64>)>,
) {
    let on_ticket: live::Handler = {
        let changed = Rc::clone(&changed);
        Rc::new(move |data: String, _| {
            let Ok(event) = serde_json::from_str::<DeskEvent>(&data) else {
                return;
            };
            let kind = EventKind::parse(&event.kind);
            let known = mine(event.ticket);
            if kind == EventKind::Message
                && known.is_none()
                && alerts::enabled()
                && alerts::hidden()
            {
                // Not on screen: ask whose it is before deciding to ring.
                let me = me(console);
                leptos::task::spawn_local(async move {
                    let mine = desk::ticket(event.ticket)
                        .await
                        .ok()
                        .map(|detail| detail.ticket.assignee_id == Some(me));
                    alerts::news(console, event.ticket, kind, mine, unread);
                });
            } else {
                alerts::news(console, event.ticket, kind, known, unread);
            }
            changed(Some(event.ticket));
        })
    };
    let on_resync: live::Handler = {
        let changed = Rc::clone(&changed);
        Rc::new(move |_, _| changed(None))
    };
    let stream = live::open(live::Spec {
        url: Rc::new(|| "/api/v1/desk/events".to_owned()),
        events: vec![("ticket", on_ticket), ("resync", on_resync)],
        connected,
        reopened: Rc::new(move || changed(None)),
    });
    let stream = StoredValue::new_local(stream);
    on_cleanup(move || {
        if let Some(stream) = stream.try_get_value() {
            stream.close();
        }
    });
}
