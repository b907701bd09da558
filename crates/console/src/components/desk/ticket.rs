//! One ticket as an agent works it: the header (subject, status, level, tier, group,
//! assignee, tags, the two SLA clocks), the actions, the thread, the composer and the
//! customer's panel. Live: the ticket's own stream (new messages, changes, the requester
//! typing) and a viewing heartbeat every 10 s that also says whether the agent is typing
//! ("Ana is viewing" / "Luis is typing…" for the others). j/k go to the next or previous
//! ticket of the inbox's last list.

use std::rc::Rc;
use std::time::Duration;

use ayuda_api::{StaffMessage, StaffTicket, Typing};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::actions::{Actions, ActionsOpen};
use super::alerts;
use super::composer::Composer;
use super::customer::CustomerPanel;
use super::keys::{Command, CommandPalette, on_shortcut, view_commands};
use super::live;
use super::macros::MacroDialog;
use super::presence;
use super::state::{Mode, TicketState, take_flash};
use super::thread::Thread;
use super::{
    agent_name, desk_stream, load_agents, me, remembered_list, sla_badge, status_class, ticking_now,
};
use crate::api::ApiError;
use crate::api::desk::{self, Viewer};
use crate::components::common::{RouteLink, failure_text};
use crate::desk_clock;
use crate::desk_keys::{self, Shortcut};
use crate::desk_ticket;
use crate::dom;
use crate::i18n::{
    DeskText, merged_into, position_text, requester_typing, snoozed_until, ticket_level,
    ticket_status, ticket_tier, viewers_text,
};
use crate::route::Route;
use crate::state::Console;

/// How often the ticket says it is open.
const VIEWING: Duration = Duration::from_secs(10);
/// How long after the last key the agent still counts as typing.
const TYPING_MS: f64 = 5_000.0;

#[component]
pub fn TicketScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let id = Memo::new(move |_| {
        console.route.with(|route| match route {
            Route::Ticket(id) => Some(*id),
            _ => None,
        })
    });
    presence::keep_alive(console, None);
    move || id.get().map(|id| view! { <TicketView id=id/> })
}

#[component]
fn TicketView(id: i64) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let state = TicketState {
        id,
        ticket: RwSignal::new(None),
        messages: RwSignal::new(Vec::new()),
        customer: RwSignal::new(None),
        notice: RwSignal::new(take_flash()),
        error: RwSignal::new(None),
    };
    let failure = RwSignal::new(None::<ApiError>);
    let agents = load_agents(console);
    let now = ticking_now();
    let mode = RwSignal::new(Mode::Reply);
    let body = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::new());
    let macros_open = RwSignal::new(false);
    let palette = RwSignal::new(false);
    let open = ActionsOpen::new();
    let viewers = RwSignal::new(Vec::<Viewer>::new());
    let user_typing = RwSignal::new(None::<String>);
    let unread = RwSignal::new(0usize);
    let connected = RwSignal::new(false);
    alerts::watch_title(console, unread);

    let load = move || {
        spawn_local(async move {
            match console.check(desk::ticket(id).await) {
                Ok(detail) => {
                    failure.set(None);
                    state.apply(detail);
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    load();

    // The ticket's stream: new messages join the thread, changes the header.
    let on_message: live::Handler = Rc::new(move |data: String, _| {
        if let Ok(message) = serde_json::from_str::<StaffMessage>(&data) {
            state.messages.update(|m| {
                desk_ticket::merge_messages(m, vec![message]);
            });
        }
    });
    let on_ticket: live::Handler = Rc::new(move |data: String, _| {
        if let Ok(ticket) = serde_json::from_str::<StaffTicket>(&data) {
            state.ticket.set(Some(ticket));
        }
    });
    let typing_timer = StoredValue::new_local(None::<TimeoutHandle>);
    let on_typing: live::Handler = Rc::new(move |data: String, _| {
        let Ok(typing) = serde_json::from_str::<Typing>(&data) else {
            return;
        };
        let name = typing
            .name
            .or_else(|| {
                state
                    .ticket
                    .with_untracked(|t| t.as_ref().map(|t| t.name.clone()))
            })
            .unwrap_or_default();
        user_typing.set(Some(name));
        if let Some(Some(timer)) = typing_timer.try_get_value() {
            timer.clear();
        }
        let timer = set_timeout_with_handle(
            move || {
                let _ = user_typing.try_set(None);
            },
            Duration::from_secs(6),
        )
        .ok();
        typing_timer.set_value(timer);
    });
    let stream = live::open(live::Spec {
        url: Rc::new(move || {
            let after = state.messages.with_untracked(|m| desk_ticket::newest_id(m));
            format!("/api/v1/tickets/{id}/events?after={after}")
        }),
        events: vec![
            ("message", on_message),
            ("ticket", on_ticket),
            ("typing", on_typing),
        ],
        connected: RwSignal::new(false),
        reopened: Rc::new(load),
    });
    let stream = StoredValue::new_local(stream);
    let me_id = me(console);
    desk_stream(
        console,
        unread,
        connected,
        Rc::new(move |ticket| {
            state.ticket.with_untracked(|t| {
                t.as_ref()
                    .filter(|t| t.id == ticket)
                    .map(|t| t.assignee_id == Some(me_id))
            })
        }),
        Rc::new(|_| {}),
    );

    // Viewing heartbeat, typing included; the requester hears "typing" from replies only.
    let last_typed = StoredValue::new(0.0f64);
    let typing_now = StoredValue::new(false);
    let typing_sent = StoredValue::new(0.0f64);
    let view_beat = move |typing: bool| {
        let Some(session) = console.session() else {
            return;
        };
        spawn_local(async move {
            if let Ok(answer) = console.check(desk::viewing(&session.csrf_token, id, typing).await)
            {
                let _ = viewers.try_set(answer.viewers);
            }
        });
    };
    view_beat(false);
    let beat_timer =
        set_interval_with_handle(move || view_beat(typing_now.get_value()), VIEWING).ok();
    let typing_check = set_interval_with_handle(
        move || {
            if typing_now.get_value() && dom::now_ms() - last_typed.get_value() > TYPING_MS {
                typing_now.set_value(false);
                view_beat(false);
            }
        },
        Duration::from_secs(1),
    )
    .ok();
    let on_typed = Callback::new(move |(internal, empty): (bool, bool)| {
        let now = dom::now_ms();
        last_typed.set_value(now);
        if empty {
            return;
        }
        if !typing_now.get_value() {
            typing_now.set_value(true);
            view_beat(true);
        }
        if !internal
            && now - typing_sent.get_value() > 3_000.0
            && let Some(session) = console.session()
        {
            typing_sent.set_value(now);
            spawn_local(async move {
                let _ = desk::typing(&session.csrf_token, id).await;
            });
        }
    });
    on_cleanup(move || {
        if let Some(stream) = stream.try_get_value() {
            stream.close();
        }
        for timer in [beat_timer, typing_check].into_iter().flatten() {
            timer.clear();
        }
        if let Some(session) = console.session() {
            spawn_local(async move {
                let _ = desk::stop_viewing(&session.csrf_token, id).await;
            });
        }
    });

    // j/k through the inbox's last list; the rest act on this ticket.
    let (_, list) = remembered_list();
    let list = StoredValue::new(list);
    let neighbour =
        move |forward: bool| list.with_value(|ids| desk_keys::neighbour(ids, Some(id), forward));
    let go = move |forward: bool| {
        if let Some(next) = neighbour(forward) {
            console.navigate(Route::Ticket(next));
        }
    };
    let write = move |to: Mode| {
        mode.set(to);
        dom::focus_id("composer-body");
    };
    on_shortcut(move |shortcut| match shortcut {
        Shortcut::Next => go(true),
        Shortcut::Previous => go(false),
        Shortcut::Reply => write(Mode::Reply),
        Shortcut::Note => write(Mode::Note),
        Shortcut::Macro => macros_open.set(true),
        Shortcut::AssignMe => dom::click_id("assign-me"),
        Shortcut::Solve => dom::click_id("solve"),
        Shortcut::Escalate => open.open_escalate(),
        Shortcut::Help => console.navigate(Route::Shortcuts),
        Shortcut::Palette => palette.set(true),
    });
    let commands = Callback::new(move |()| {
        let mut commands = Vec::new();
        let mut add = |key: &str, text: DeskText, run: Callback<()>| {
            commands.push(Command {
                key: key.to_owned(),
                label: console.t(text).to_owned(),
                run,
            });
        };
        add(
            "reply",
            DeskText::Reply,
            Callback::new(move |()| write(Mode::Reply)),
        );
        add(
            "note",
            DeskText::Note,
            Callback::new(move |()| write(Mode::Note)),
        );
        add(
            "macros",
            DeskText::Macros,
            Callback::new(move |()| macros_open.set(true)),
        );
        add(
            "assign-me",
            DeskText::AssignToMe,
            Callback::new(|()| dom::click_id("assign-me")),
        );
        add(
            "solve",
            DeskText::Solve,
            Callback::new(|()| dom::click_id("solve")),
        );
        add(
            "escalate",
            DeskText::Escalate,
            Callback::new(move |()| open.open_escalate()),
        );
        add(
            "snooze",
            DeskText::Snooze,
            Callback::new(move |()| open.open_snooze()),
        );
        add(
            "merge",
            DeskText::Merge,
            Callback::new(move |()| open.open_merge()),
        );
        add(
            "next",
            DeskText::NextTicket,
            Callback::new(move |()| go(true)),
        );
        add(
            "previous",
            DeskText::PreviousTicket,
            Callback::new(move |()| go(false)),
        );
        commands.extend(view_commands(console));
        commands
    });

    let title = move || {
        state.ticket.with(|ticket| match ticket {
            Some(ticket) => ticket.subject.clone(),
            None => t(DeskText::Ticket).to_owned(),
        })
    };
    let position = move || {
        list.with_value(|ids| {
            ids.iter()
                .position(|x| *x == id)
                .map(|i| position_text(console.locale.get(), i + 1, ids.len()))
        })
    };
    let others = move || {
        viewers.with(|viewers| {
            let typing: Vec<String> = viewers
                .iter()
                .filter(|v| v.typing)
                .map(|v| v.name.clone())
                .collect();
            let viewing: Vec<String> = viewers
                .iter()
                .filter(|v| !v.typing)
                .map(|v| v.name.clone())
                .collect();
            viewers_text(console.locale.get(), &viewing, &typing)
        })
    };
    let failed = move || {
        failure.get().map(|error| {
            let text = if error == ApiError::NotFound {
                t(DeskText::TicketGone).to_owned()
            } else {
                format!("{} {}", t(DeskText::TicketFailed), console.t(failure_text(error)))
            };
            view! {
                <div id="ticket-load-error" class="failure" role="alert">
                    <p>{text}</p>
                    <button type="button" id="ticket-load-error-retry" class="button" on:click=move |_| load()>
                        {move || console.t(crate::i18n::Text::Retry)}
                    </button>
                </div>
            }
        })
    };
    let loaded = move || state.ticket.with(Option::is_some);

    view! {
        <nav class="ticket-nav" aria-label=move || t(DeskText::Ticket)>
            <RouteLink to=Route::Inbox(remembered_list().0) id="back-to-inbox">
                {move || t(DeskText::BackToInbox)}
            </RouteLink>
            <span id="ticket-position">{position}</span>
            <button type="button" id="prev-ticket" class="button" disabled=move || neighbour(false).is_none() on:click=move |_| go(false)>
                {move || t(DeskText::PreviousTicket)}
            </button>
            <button type="button" id="next-ticket" class="button" disabled=move || neighbour(true).is_none() on:click=move |_| go(true)>
                {move || t(DeskText::NextTicket)}
            </button>
        </nav>
        <h1 id="ticket-title" tabindex="-1">
            {title}
            <span class="ticket-number">{format!(" #{id}")}</span>
        </h1>
        <p id="ticket-viewers" class="presence-line" role="status">{others}</p>
        <p id="requester-typing" class="presence-line" role="status">
            {move || user_typing.get().map(|name| requester_typing(console.locale.get(), &name))}
        </p>
        {failed}
        <div class="ticket-body" hidden=move || !loaded()>
            <Facts state=state agents=agents now=now/>
            <Actions state=state agents=agents open=open/>
            <p id="ticket-status" class="status-line" role="status">{move || state.notice.get()}</p>
            <p id="ticket-error" class="error" role="alert">{move || state.error.get()}</p>
            <div class="ticket-layout">
                <div class="ticket-main">
                    <Thread state=state/>
                    <Composer state=state mode=mode body=body files=files on_typed=on_typed macros_open=macros_open/>
                </div>
                <CustomerPanel state=state/>
            </div>
        </div>
        <MacroDialog state=state open=macros_open agents=agents body=body mode=mode files=files/>
        <CommandPalette open=palette commands=commands/>
    }
}

/// The ticket's header facts.
#[component]
fn Facts(
    state: TicketState,
    agents: RwSignal<Vec<ayuda_api::AgentInfo>>,
    now: RwSignal<i64>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let facts = move || {
        state.ticket.get().map(|ticket| {
            let assignee = match ticket.assignee_id {
                Some(who) => agents.with(|a| agent_name(a, who)),
                None => t(DeskText::Unassigned).to_owned(),
            };
            let tags = if ticket.tags.is_empty() {
                t(DeskText::NoTags).to_owned()
            } else {
                ticket.tags.join(", ")
            };
            let first = desk_clock::first_response(&ticket, now.get());
            let resolution = desk_clock::resolution(&ticket, now.get());
            view! {
                <div><dt>{t(DeskText::Status)}</dt><dd id="ticket-status-value"><span class=status_class(ticket.status)>{t(ticket_status(ticket.status))}</span></dd></div>
                <div><dt>{t(DeskText::Level)}</dt><dd id="ticket-level">{ticket_level(ticket.level)}</dd></div>
                <div><dt>{t(DeskText::Tier)}</dt><dd id="ticket-tier">{t(ticket_tier(ticket.tier))}</dd></div>
                <div><dt>{t(DeskText::Group)}</dt><dd id="ticket-group">{ticket.group.clone().unwrap_or_else(|| t(DeskText::NoGroup).to_owned())}</dd></div>
                <div><dt>{t(DeskText::Assignee)}</dt><dd id="ticket-assignee">{assignee}</dd></div>
                <div><dt>{t(DeskText::Tags)}</dt><dd id="ticket-tags">{tags}</dd></div>
                {ticket.snoozed_until.map(|at| view! {
                    <div><dt>{t(DeskText::Snooze)}</dt><dd id="ticket-snoozed">{snoozed_until(console.locale.get(), &dom::format_ms(at as f64, console.locale.get()))}</dd></div>
                })}
                {ticket.merged_into.map(|into| view! {
                    <div><dt>{t(DeskText::Merge)}</dt><dd><RouteLink to=Route::Ticket(into) id="ticket-merged-into">{merged_into(console.locale.get(), into)}</RouteLink></dd></div>
                })}
                <div><dt>{t(DeskText::FirstResponse)}</dt><dd>{sla_badge(console, first, Some("sla-first".to_owned()))}</dd></div>
                <div><dt>{t(DeskText::Resolution)}</dt><dd>{sla_badge(console, resolution, Some("sla-resolution".to_owned()))}</dd></div>
            }
        })
    };
    view! {
        <h2 id="facts-heading" class="visually-hidden">{move || t(DeskText::Facts)}</h2>
        <dl id="ticket-facts" class="ticket-facts">{facts}</dl>
    }
}
