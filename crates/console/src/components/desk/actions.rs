//! What an agent does to a ticket, each one click (and most one key): assign to me (`a`),
//! assign to someone, change the level, escalate with a reason (`e`), snooze, solve (`s`),
//! snooze until a time (`snooze_until`: pending until then) or wake now, merge into another of
//! the customer's tickets, and, once solved, turn the answer into a draft article.

use ayuda_api::{AgentInfo, EscalateInput, Level, Status, TicketPatch};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{TicketState, flash};
use super::{agent_name, groups_of, me};
use crate::api::desk;
use crate::desk_ticket::{self, SendAtError};
use crate::dom;
use crate::i18n::{DeskText, assigned_to, snoozed_until, ticket_level};
use crate::route::Route;
use crate::state::Console;

/// Which of the actions' forms is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Escalate,
    Snooze,
    Merge,
}

/// The open form, shared with the shortcuts and the palette.
#[derive(Clone, Copy)]
pub struct ActionsOpen(RwSignal<Option<Panel>>);

impl ActionsOpen {
    pub fn new() -> Self {
        Self(RwSignal::new(None))
    }

    fn open(self, panel: Panel, focus: &'static str) {
        self.0.set(Some(panel));
        request_animation_frame(move || {
            dom::focus_id(focus);
        });
    }

    pub fn open_escalate(self) {
        self.open(Panel::Escalate, "escalate-reason");
    }

    pub fn open_snooze(self) {
        self.open(Panel::Snooze, "snooze-until");
    }

    pub fn open_merge(self) {
        self.open(Panel::Merge, "merge-target");
    }

    /// Closes the form and gives the focus back to its button.
    fn close(self, button: &'static str) {
        self.0.set(None);
        dom::focus_id(button);
    }
}

/// Tomorrow at 09:00 in the browser's time zone, as a `datetime-local` value.
fn tomorrow_morning() -> String {
    let date = js_sys::Date::new(&(crate::dom::now_ms() + 86_400_000.0).into());
    format!(
        "{:04}-{:02}-{:02}T09:00",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}

#[component]
pub fn Actions(
    state: TicketState,
    agents: RwSignal<Vec<AgentInfo>>,
    open: ActionsOpen,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let busy = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let tier = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let until = RwSignal::new(tomorrow_morning());
    let target = RwSignal::new(String::new());
    // The picks of "Assign to" and "Level", made by their buttons (a select's arrow keys
    // would otherwise change the ticket at every step).
    let pick_agent = RwSignal::new(None::<String>);
    let pick_level = RwSignal::new(None::<String>);
    let status = move || state.ticket.with(|t| t.as_ref().map(|t| t.status));
    let level = move || state.ticket.with(|t| t.as_ref().map(|t| t.level));
    let snoozed = move || {
        state
            .ticket
            .with(|t| t.as_ref().is_some_and(|t| t.snoozed_until.is_some()))
    };

    // One change: the ticket as answered, and what to say.
    let change = move |patch: TicketPatch, said: String| {
        let Some(session) = console.session() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = console.check(desk::patch(&session.csrf_token, state.id, &patch).await);
            let _ = busy.try_set(false);
            match result {
                Ok(detail) => {
                    state.apply(detail);
                    state.said(said);
                }
                Err(refusal) => state.refused(console, DeskText::ChangeFailed, refusal),
            }
        });
    };
    let assign = move |who: i64| {
        let name = if who == 0 {
            t(DeskText::Nobody).to_owned()
        } else {
            agents.with_untracked(|a| agent_name(a, who))
        };
        let patch = TicketPatch {
            assignee_id: Some(who),
            ..TicketPatch::default()
        };
        change(patch, assigned_to(console.locale.get_untracked(), &name));
    };
    let solve = move || {
        let patch = TicketPatch {
            status: Some("solved".to_owned()),
            ..TicketPatch::default()
        };
        change(patch, t(DeskText::Solved).to_owned());
    };
    let escalate = move || {
        let Some(session) = console.session() else {
            return;
        };
        let why = reason.get_untracked().trim().to_owned();
        if why.is_empty() {
            state.error.set(Some(t(DeskText::ReasonMissing).to_owned()));
            dom::focus_id("escalate-reason");
            return;
        }
        let input = EscalateInput {
            reason: why,
            tier: Some(tier.get_untracked()).filter(|t| !t.is_empty()),
            group: Some(group.get_untracked()).filter(|g| !g.is_empty()),
        };
        busy.set(true);
        spawn_local(async move {
            let result = console.check(desk::escalate(&session.csrf_token, state.id, &input).await);
            let _ = busy.try_set(false);
            match result {
                Ok(detail) => {
                    state.apply(detail);
                    state.said(t(DeskText::Escalated).to_owned());
                    reason.set(String::new());
                    open.close("escalate");
                }
                Err(refusal) => state.refused(console, DeskText::ChangeFailed, refusal),
            }
        });
    };
    let snooze = move || {
        let value = until.get_untracked();
        let at = (!value.trim().is_empty())
            .then(|| js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value.trim())).get_time());
        let at = match desk_ticket::send_at(at, dom::now_ms()) {
            Ok(at) => at,
            Err(why) => {
                state.error.set(Some(
                    t(match why {
                        SendAtError::Missing => DeskText::SendAtMissing,
                        SendAtError::Past => DeskText::SendAtPast,
                    })
                    .to_owned(),
                ));
                dom::focus_id("snooze-until");
                return;
            }
        };
        let patch = TicketPatch {
            snooze_until: Some(at),
            ..TicketPatch::default()
        };
        let when = dom::format_ms(at as f64, console.locale.get_untracked());
        change(
            patch,
            format!("{}.", snoozed_until(console.locale.get_untracked(), &when)),
        );
        open.close("snooze");
    };
    let wake = move || {
        let patch = TicketPatch {
            snooze_until: Some(0),
            ..TicketPatch::default()
        };
        change(patch, t(DeskText::Woken).to_owned());
        dom::focus_id("snooze");
    };
    let merge = move || {
        let Some(session) = console.session() else {
            return;
        };
        let Some(into) = desk_ticket::merge_target(&target.get_untracked(), state.id) else {
            state
                .error
                .set(Some(t(DeskText::MergeBadTarget).to_owned()));
            dom::focus_id("merge-target");
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = console.check(desk::merge(&session.csrf_token, state.id, into).await);
            let _ = busy.try_set(false);
            match result {
                Ok(detail) => {
                    flash(t(DeskText::Merged).to_owned());
                    console.navigate(Route::Ticket(detail.ticket.id));
                }
                Err(refusal) => {
                    state.refused(console, DeskText::MergeRefused, refusal);
                    dom::focus_id("merge-target");
                }
            }
        });
    };
    let create_article = move || {
        let Some(session) = console.session() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = console.check(desk::create_article(&session.csrf_token, state.id).await);
            let _ = busy.try_set(false);
            match result {
                Ok(article) => console.navigate(Route::Article(article.id)),
                Err(refusal) => state.refused(console, DeskText::ArticleRefused, refusal),
            }
        });
    };
    let aria_busy = move || busy.get().then_some("true");
    let panel = move |which: Panel| open.0.get() == Some(which);
    let toggle = move |which: Panel| {
        if open.0.get_untracked() == Some(which) {
            open.0.set(None);
        } else {
            match which {
                Panel::Escalate => open.open_escalate(),
                Panel::Snooze => open.open_snooze(),
                Panel::Merge => open.open_merge(),
            }
        }
    };
    let expanded = move |which: Panel| if panel(which) { "true" } else { "false" };
    let agent_options = move || {
        let current = state
            .ticket
            .with(|t| t.as_ref().and_then(|t| t.assignee_id))
            .unwrap_or(0);
        agents.with(|list| {
            list.iter()
                .map(|a| {
                    let id = a.user_id;
                    view! { <option value=id.to_string() prop:selected=current == id>{agent_name(list, id)}</option> }
                })
                .collect_view()
        })
    };
    let merge_picks = move || {
        state.customer.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.tickets
                        .iter()
                        .filter(|t| t.id != state.id && t.status != Status::Closed)
                        .map(|ticket| {
                            let id = ticket.id;
                            view! {
                                <li>
                                    <button type="button" id=format!("merge-pick-{id}") class="button merge-pick"
                                        on:click=move |_| { target.set(id.to_string()); dom::focus_id("merge-confirm"); }>
                                        {format!("#{id} {}", ticket.subject)}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                })
        })
    };
    let groups = move || agents.with(|a| groups_of(a));

    view! {
        <div id="ticket-actions" class="ticket-actions" role="group" aria-label=move || t(DeskText::Actions)>
            <button type="button" id="assign-me" class="button" aria-disabled=aria_busy on:click=move |_| assign(me(console))>
                {move || format!("{} (a)", t(DeskText::AssignToMe))}
            </button>
            <div class="field desk-inline">
                <label for="assign-to">{move || t(DeskText::AssignTo)}</label>
                <select id="assign-to" on:change=move |ev| pick_agent.set(Some(event_target_value(&ev)))>
                    <option value="0">{move || t(DeskText::Nobody)}</option>
                    {agent_options}
                </select>
                <button type="button" id="assign-to-confirm" class="button" aria-disabled=aria_busy on:click=move |_| {
                    let picked = pick_agent.get_untracked().or_else(|| {
                        state.ticket.with_untracked(|t| t.as_ref().map(|t| t.assignee_id.unwrap_or(0).to_string()))
                    });
                    if let Some(who) = picked.and_then(|p| p.parse::<i64>().ok()) { assign(who); }
                }>
                    {move || t(DeskText::Assign)}
                </button>
            </div>
            <div class="field desk-inline">
                <label for="change-level">{move || t(DeskText::ChangeLevel)}</label>
                <select id="change-level" on:change=move |ev| pick_level.set(Some(event_target_value(&ev)))>
                    {Level::ALL.into_iter().map(|l| view! {
                        <option value=l.as_str() prop:selected=move || level() == Some(l)>{ticket_level(l)}</option>
                    }).collect_view()}
                </select>
                <button type="button" id="change-level-confirm" class="button" aria-disabled=aria_busy on:click=move |_| {
                    let picked = pick_level.get_untracked().or_else(|| level().map(|l| l.as_str().to_owned()));
                    if let Some(word) = picked {
                        let patch = TicketPatch { level: Some(word), ..TicketPatch::default() };
                        change(patch, t(DeskText::LevelChanged).to_owned());
                    }
                }>
                    {move || t(DeskText::Apply)}
                </button>
            </div>
            <button type="button" id="escalate" class="button" aria-expanded=move || expanded(Panel::Escalate)
                aria-controls="escalate-form" on:click=move |_| toggle(Panel::Escalate)>
                {move || t(DeskText::Escalate)}
            </button>
            <button type="button" id="snooze" class="button" aria-expanded=move || expanded(Panel::Snooze)
                aria-controls="snooze-form" on:click=move |_| toggle(Panel::Snooze)>
                {move || t(DeskText::Snooze)}
            </button>
            <button type="button" id="wake-now" class="button" aria-disabled=aria_busy
                hidden=move || !snoozed() on:click=move |_| wake()>
                {move || t(DeskText::WakeNow)}
            </button>
            <button type="button" id="solve" class="button primary" aria-disabled=aria_busy
                hidden=move || matches!(status(), Some(Status::Solved | Status::Closed)) on:click=move |_| solve()>
                {move || t(DeskText::Solve)}
            </button>
            <button type="button" id="merge" class="button" aria-expanded=move || expanded(Panel::Merge)
                aria-controls="merge-form" on:click=move |_| toggle(Panel::Merge)>
                {move || t(DeskText::Merge)}
            </button>
            <button type="button" id="create-article" class="button" aria-disabled=aria_busy
                hidden=move || !matches!(status(), Some(Status::Solved | Status::Closed)) on:click=move |_| create_article()>
                {move || t(DeskText::CreateArticle)}
            </button>
        </div>
        <form id="escalate-form" class="action-form" hidden=move || !panel(Panel::Escalate)
            on:submit=move |ev| { ev.prevent_default(); escalate(); }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { open.close("escalate"); }>
            <div class="field grow">
                <label for="escalate-reason">{move || t(DeskText::EscalateReason)}</label>
                <textarea id="escalate-reason" rows="2" prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="escalate-tier">{move || t(DeskText::EscalateTier)}</label>
                <select id="escalate-tier" on:change=move |ev| tier.set(event_target_value(&ev))>
                    <option value="">{move || t(DeskText::NextTierUp)}</option>
                    <option value="second_line">{move || t(DeskText::TierSecondLine)}</option>
                    <option value="third_line">{move || t(DeskText::TierThirdLine)}</option>
                </select>
            </div>
            <div class="field">
                <label for="escalate-group">{move || t(DeskText::Group)}</label>
                <select id="escalate-group" on:change=move |ev| group.set(event_target_value(&ev))>
                    <option value="">{move || t(DeskText::AnyGroup)}</option>
                    {move || groups().into_iter().map(|g| view! { <option value=g.clone()>{g.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="actions">
                <button type="submit" id="escalate-confirm" class="button primary" aria-disabled=aria_busy>
                    {move || t(DeskText::EscalateConfirm)}
                </button>
                <button type="button" id="escalate-cancel" class="button" on:click=move |_| open.close("escalate")>
                    {move || console.t(crate::i18n::Text::Cancel)}
                </button>
            </div>
        </form>
        <form id="snooze-form" class="action-form" hidden=move || !panel(Panel::Snooze)
            on:submit=move |ev| { ev.prevent_default(); snooze(); }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { open.close("snooze"); }>
            <div class="field">
                <label for="snooze-until">{move || t(DeskText::SnoozeUntil)}</label>
                <input type="datetime-local" id="snooze-until" aria-describedby="snooze-hint" prop:value=move || until.get()
                    on:input=move |ev| until.set(event_target_value(&ev))/>
            </div>
            <p id="snooze-hint" class="hint">{move || t(DeskText::SnoozeHint)}</p>
            <div class="actions">
                <button type="submit" id="snooze-confirm" class="button primary" aria-disabled=aria_busy>
                    {move || t(DeskText::SnoozeConfirm)}
                </button>
                <button type="button" id="snooze-cancel" class="button" on:click=move |_| open.close("snooze")>
                    {move || console.t(crate::i18n::Text::Cancel)}
                </button>
            </div>
        </form>
        <form id="merge-form" class="action-form" hidden=move || !panel(Panel::Merge)
            on:submit=move |ev| { ev.prevent_default(); merge(); }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { open.close("merge"); }>
            <div class="field">
                <label for="merge-target">{move || t(DeskText::MergeTarget)}</label>
                <input type="text" id="merge-target" inputmode="numeric" autocomplete="off" aria-describedby="merge-hint"
                    prop:value=move || target.get() on:input=move |ev| target.set(event_target_value(&ev))/>
            </div>
            <p id="merge-hint" class="hint">{move || t(DeskText::MergeHint)}</p>
            <h3 id="merge-picks-heading">{move || t(DeskText::CustomersTickets)}</h3>
            <ul id="merge-picks" class="merge-picks" aria-labelledby="merge-picks-heading">{merge_picks}</ul>
            <div class="actions">
                <button type="submit" id="merge-confirm" class="button danger" aria-disabled=aria_busy>
                    {move || t(DeskText::MergeConfirm)}
                </button>
                <button type="button" id="merge-cancel" class="button" on:click=move |_| open.close("merge")>
                    {move || console.t(crate::i18n::Text::Cancel)}
                </button>
            </div>
        </form>
    }
}
