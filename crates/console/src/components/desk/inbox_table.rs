//! The inbox's table (one row per ticket, kept by id so that a live refresh updates the cells
//! in place) and its bulk bar: assign to me or to an agent, add a tag, set a status; one
//! `PATCH` per ticket, partial failures reported ticket by ticket.

use std::collections::BTreeSet;

use ayuda_api::{AgentInfo, StaffTicket};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{agent_name, me, sla_badge, status_class};
use crate::api::desk;
use crate::components::common::{RouteLink, failure_text};
use crate::desk_bulk::{self, BulkAction, NotSent, Outcome};
use crate::desk_clock;
use crate::desk_query::STATUSES;
use crate::dom;
use crate::i18n::{
    DeskText, bulk_summary, ticket_level, ticket_status, ticket_tier, tickets_selected,
};
use crate::route::Route;
use crate::state::Console;

#[component]
pub fn TicketTable(
    rows: RwSignal<Vec<StaffTicket>>,
    selected: RwSignal<BTreeSet<i64>>,
    /// The row j/k moved to.
    cursor: RwSignal<Option<i64>>,
    agents: RwSignal<Vec<AgentInfo>>,
    now: RwSignal<i64>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let ids = Memo::new(move |_| rows.with(|r| r.iter().map(|t| t.id).collect::<Vec<_>>()));
    let all_selected = move || {
        let ids = ids.get();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let some_selected = move || {
        let ids = ids.get();
        selected.with(|s| ids.iter().any(|id| s.contains(id))) && !all_selected()
    };
    view! {
        <div
            class="table-wrap"
            tabindex="0"
            role="region"
            aria-labelledby="inbox-caption"
            hidden=move || ids.with(Vec::is_empty)
        >
            <table class="inbox">
                <caption id="inbox-caption">{move || t(DeskText::TicketsCaption)}</caption>
                <thead>
                    <tr>
                        <td class="select">
                            <input
                                type="checkbox"
                                id="select-all-tickets"
                                aria-label=move || t(DeskText::SelectAllTickets)
                                prop:checked=all_selected
                                prop:indeterminate=some_selected
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let ids = ids.get_untracked();
                                    selected.update(|s| {
                                        for id in ids {
                                            if on { s.insert(id); } else { s.remove(&id); }
                                        }
                                    });
                                }
                            />
                        </td>
                        <th scope="col">{move || t(DeskText::Subject)}</th>
                        <th scope="col">{move || t(DeskText::Requester)}</th>
                        <th scope="col">{move || t(DeskText::Status)}</th>
                        <th scope="col">{move || t(DeskText::Level)}</th>
                        <th scope="col">{move || t(DeskText::Tier)}</th>
                        <th scope="col">{move || t(DeskText::Assignee)}</th>
                        <th scope="col">{move || t(DeskText::SlaClock)}</th>
                        <th scope="col">{move || t(DeskText::Updated)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || ids.get() key=|id| *id let:id>
                        <Row id=id rows=rows selected=selected cursor=cursor agents=agents now=now/>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// One ticket's row; its cells follow the row's data as live refreshes change it.
#[component]
fn Row(
    id: i64,
    rows: RwSignal<Vec<StaffTicket>>,
    selected: RwSignal<BTreeSet<i64>>,
    cursor: RwSignal<Option<i64>>,
    agents: RwSignal<Vec<AgentInfo>>,
    now: RwSignal<i64>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let ticket = Memo::new(move |_| rows.with(|r| r.iter().find(|t| t.id == id).cloned()));
    let field = move |read: fn(&StaffTicket) -> String| {
        move || ticket.with(|t| t.as_ref().map(read).unwrap_or_default())
    };
    let link_id = format!("ticket-link-{id}");
    let status = move || {
        ticket.get().map(|ticket| {
            view! {
                <span class=status_class(ticket.status)>{move || t(ticket_status(ticket.status))}</span>
            }
        })
    };
    let assignee = move || {
        let assignee = ticket.with(|t| t.as_ref().and_then(|t| t.assignee_id));
        match assignee {
            Some(who) => agents.with(|a| agent_name(a, who)),
            None => t(DeskText::Unassigned).to_owned(),
        }
    };
    let clock = move || {
        ticket
            .get()
            .map(|ticket| sla_badge(console, desk_clock::inbox_clock(&ticket, now.get()), None))
    };
    let updated = move || {
        ticket.with(|t| {
            t.as_ref().map(|t| {
                let when = dom::format_ms(t.updated_at as f64, console.locale.get());
                let iso =
                    String::from(js_sys::Date::new(&(t.updated_at as f64).into()).to_iso_string());
                view! { <time datetime=iso>{when}</time> }
            })
        })
    };
    view! {
        <tr
            data-ticket-id=id
            class:current=move || cursor.get() == Some(id)
            class:selected=move || selected.with(|s| s.contains(&id))
        >
            <td class="select">
                <input
                    type="checkbox"
                    class="select-ticket"
                    data-ticket-id=id
                    aria-labelledby=link_id.clone()
                    prop:checked=move || selected.with(|s| s.contains(&id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| {
                            if on { s.insert(id); } else { s.remove(&id); }
                        });
                    }
                />
            </td>
            <th scope="row">
                <RouteLink to=Route::Ticket(id) id=link_id>
                    {field(|t| t.subject.clone())}
                </RouteLink>
                <span class="ticket-number">{format!(" #{id}")}</span>
            </th>
            <td class="requester">
                <span class="requester-name">{field(|t| t.name.clone())}</span>
                <span class="requester-email">{field(|t| t.email.clone())}</span>
            </td>
            <td>{status}</td>
            <td class="level">{field(|t| ticket_level(t.level).to_owned())}</td>
            <td class="tier">
                {move || ticket.with(|x| x.as_ref().map(|x| t(ticket_tier(x.tier))))}
            </td>
            <td class="assignee">{assignee}</td>
            <td class="sla">{clock}</td>
            <td>{updated}</td>
        </tr>
    }
}

/// The bulk bar over the selected tickets.
#[component]
pub fn BulkBar(
    rows: RwSignal<Vec<StaffTicket>>,
    selected: RwSignal<BTreeSet<i64>>,
    agents: RwSignal<Vec<AgentInfo>>,
    /// Runs after an action (the list and counts are asked again).
    done: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let busy = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let agent = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let new_status = RwSignal::new(String::new());
    let count = move || selected.with(BTreeSet::len);
    let act = move |action: BulkAction| {
        let Some(session) = console.session() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        let ids: Vec<i64> = selected.get_untracked().into_iter().collect();
        let patch = match desk_bulk::patch(&action, ids.len()) {
            Ok(patch) => patch,
            Err(why) => {
                status.set(None);
                error.set(Some(
                    t(match why {
                        NotSent::NothingSelected => DeskText::NothingSelected,
                        NotSent::BadTag => DeskText::BadTag,
                        NotSent::NothingPicked => DeskText::NothingPicked,
                    })
                    .to_owned(),
                ));
                return;
            }
        };
        busy.set(true);
        status.set(Some(t(DeskText::Working).to_owned()));
        error.set(None);
        spawn_local(async move {
            let mut outcome = Outcome::default();
            for id in ids {
                match console.check(desk::patch(&session.csrf_token, id, &patch).await) {
                    Ok(_) => outcome.done.push(id),
                    Err(refusal) => {
                        let subject = rows.with_untracked(|r| {
                            r.iter().find(|t| t.id == id).map(|t| t.subject.clone())
                        });
                        let reason = refusal
                            .message
                            .unwrap_or_else(|| console.t(failure_text(refusal.error)).to_owned());
                        outcome
                            .refused
                            .push((id, subject.unwrap_or_default(), reason));
                    }
                }
            }
            let _ = busy.try_set(false);
            let text = bulk_summary(
                console.locale.get_untracked(),
                outcome.summary(),
                &outcome.details(),
            );
            if outcome.refused.is_empty() {
                let _ = status.try_set(Some(text));
                let _ = selected.try_set(BTreeSet::new());
            } else {
                let _ = status.try_set(None);
                let _ = error.try_set(Some(text));
                // What was refused stays selected, to try again.
                let refused: BTreeSet<i64> = outcome.refused.iter().map(|r| r.0).collect();
                let _ = selected.try_set(refused);
            }
            done.run(());
        });
    };
    let aria_busy = move || (busy.get() || count() == 0).then_some("true");
    let agent_options = move || {
        agents.with(|list| {
            list.iter()
                .map(|a| {
                    view! { <option value=a.user_id.to_string()>{agent_name(list, a.user_id)}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <div class="bulk">
            <div id="inbox-bulk" class="bulk-bar" role="group" aria-labelledby="inbox-bulk-count">
                <p id="inbox-bulk-count" class="bulk-count">
                    {move || tickets_selected(console.locale.get(), count())}
                </p>
                <button type="button" id="bulk-assign-me" class="button" aria-disabled=aria_busy
                    on:click=move |_| act(BulkAction::Assign(me(console)))>
                    {move || t(DeskText::AssignToMe)}
                </button>
                <div class="field">
                    <label for="bulk-agent">{move || t(DeskText::AssignTo)}</label>
                    <select id="bulk-agent" on:change=move |ev| agent.set(event_target_value(&ev))>
                        <option value="">{move || t(DeskText::PickAgent)}</option>
                        {agent_options}
                    </select>
                </div>
                <button type="button" id="bulk-assign" class="button" aria-disabled=aria_busy
                    on:click=move |_| act(BulkAction::Assign(agent.get_untracked().parse().unwrap_or(0)))>
                    {move || t(DeskText::Assign)}
                </button>
                <div class="field">
                    <label for="bulk-ticket-tag">{move || t(DeskText::Tag)}</label>
                    <input type="text" id="bulk-ticket-tag" autocomplete="off" spellcheck="false"
                        prop:value=move || tag.get() on:input=move |ev| tag.set(event_target_value(&ev))/>
                </div>
                <button type="button" id="bulk-tag" class="button" aria-disabled=aria_busy
                    on:click=move |_| act(BulkAction::AddTag(tag.get_untracked()))>
                    {move || t(DeskText::AddTag)}
                </button>
                <div class="field">
                    <label for="bulk-status">{move || t(DeskText::SetStatus)}</label>
                    <select id="bulk-status" on:change=move |ev| new_status.set(event_target_value(&ev))>
                        <option value="">{move || t(DeskText::PickStatus)}</option>
                        {STATUSES.into_iter().filter(|s| *s != "new").map(|word| {
                            let text = match word {
                                "open" => DeskText::StatusOpen,
                                "pending" => DeskText::StatusPending,
                                "solved" => DeskText::StatusSolved,
                                _ => DeskText::StatusClosed,
                            };
                            view! { <option value=word>{move || t(text)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="button" id="bulk-set-status" class="button" aria-disabled=aria_busy
                    on:click=move |_| act(BulkAction::SetStatus(new_status.get_untracked()))>
                    {move || t(DeskText::Apply)}
                </button>
            </div>
            <p id="inbox-bulk-status" class="status-line" role="status">{move || status.get()}</p>
            <p id="inbox-bulk-error" class="error" role="alert">{move || error.get()}</p>
        </div>
    }
}
