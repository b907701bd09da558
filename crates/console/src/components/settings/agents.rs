//! Teams and agents: each agent's display name, groups (teams), availability and capacity,
//! saved one agent at a time; and the teams as they follow from the agents' groups.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::load::{Results, failed};
use super::super::staff::focus_soon;
use super::shared::{FieldError, refusal_text};
use crate::api::ApiError;
use crate::api::settings::{self, AgentInfo};
use crate::dom;
use crate::i18n::SettingsText as S;
use crate::settings_team::{AgentForm, AgentProblem, MAX_CAPACITY, teams};
use crate::settings_words::{agent_load, agent_problem, agent_saved};
use crate::state::Console;

#[component]
pub fn AgentsPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let answer = RwSignal::new(None::<Result<Vec<AgentInfo>, ApiError>>);
    let loading = RwSignal::new(false);
    let load = move || {
        loading.set(true);
        spawn_local(async move {
            let result = console.check(settings::agents().await);
            if loading.try_set(false).is_none() {
                answer.set(Some(result));
            }
        });
    };
    load();
    let agents = Memo::new(move |_| {
        answer.with(|answer| match answer {
            Some(Ok(list)) => list.clone(),
            _ => Vec::new(),
        })
    });
    let saved = Callback::new(move |agent: AgentInfo| {
        answer.update(|answer| {
            if let Some(Ok(list)) = answer
                && let Some(old) = list.iter_mut().find(|a| a.user_id == agent.user_id)
            {
                *old = agent;
            }
        });
    });
    let body = move || {
        answer.with(|answer| match answer {
            None => ().into_any(),
            Some(Err(error)) => failed(
                *error,
                None,
                "agents-error",
                S::AgentsFailed.into(),
                Callback::new(move |()| load()),
            ),
            Some(Ok(list)) if list.is_empty() => {
                view! { <p id="agents-empty" class="empty">{move || s(S::NoAgents)}</p> }.into_any()
            }
            Some(Ok(_)) => view! {
                <TeamsSummary agents=agents/>
                <h3 id="agents-heading">{move || s(S::Agents)}</h3>
                <ul id="agent-list" class="agent-cards">
                    <For each=move || agents.get() key=|agent| agent.user_id let:agent>
                        <AgentCard agent=agent on_saved=saved/>
                    </For>
                </ul>
            }
            .into_any(),
        })
    };
    view! {
        <h2 id="agents-page-heading">{move || s(S::TeamsAndAgents)}</h2>
        <p class="lead">{move || s(S::AgentsIntro)}</p>
        <Results stem="agents" loading=loading>
            {body}
        </Results>
    }
}

/// Each group and who is in it.
#[component]
fn TeamsSummary(agents: Memo<Vec<AgentInfo>>) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let rows = move || {
        teams(&agents.get())
            .into_iter()
            .map(|(group, members)| {
                let key = group.clone();
                view! {
                    <tr data-group=key>
                        <th scope="row">
                            <code>{group}</code>
                        </th>
                        <td class="num">{members.len()}</td>
                        <td>{members.join(", ")}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let empty = move || agents.with(|list| list.iter().all(|a| a.groups.is_empty()));
    view! {
        <section class="block" aria-labelledby="teams-heading">
            <h3 id="teams-heading">{move || s(S::Teams)}</h3>
            <Show
                when=move || !empty()
                fallback=move || view! { <p id="teams-empty" class="empty">{move || s(S::NoTeams)}</p> }
            >
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="teams-caption">
                    <table class="settings-teams">
                        <caption id="teams-caption">{move || s(S::TeamsCaption)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{move || s(S::Team)}</th>
                                <th scope="col" class="num">{move || s(S::Members)}</th>
                                <th scope="col">{move || s(S::Agents)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

/// One agent's form.
#[component]
fn AgentCard(agent: AgentInfo, on_saved: Callback<AgentInfo>) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let id = agent.user_id;
    let form = AgentForm::from_agent(&agent);
    let name = RwSignal::new(form.display_name);
    let groups = RwSignal::new(form.groups);
    let available = RwSignal::new(form.available);
    let capacity = RwSignal::new(form.capacity);
    let info = RwSignal::new(agent);
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<AgentProblem>);
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let error_of = move |which: fn(&AgentProblem) -> bool| {
        Signal::derive(move || {
            problem
                .get()
                .filter(which)
                .map(|p| agent_problem(console.locale.get(), &p))
        })
    };
    let name_error = error_of(|p| *p == AgentProblem::Name);
    let groups_error = error_of(|p| matches!(p, AgentProblem::Group(_)));
    let capacity_error = error_of(|p| *p == AgentProblem::Capacity);
    let described = move |error: Signal<Option<String>>, field: &'static str, hint: bool| {
        move || {
            let mut ids = Vec::new();
            if hint {
                ids.push(format!("agent-{id}-{field}-hint"));
            }
            if error.with(Option::is_some) {
                ids.push(format!("agent-{id}-{field}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        status.set(None);
        error.set(None);
        let form = AgentForm {
            display_name: name.get_untracked(),
            groups: groups.get_untracked(),
            available: available.get_untracked(),
            capacity: capacity.get_untracked(),
        };
        let input = match form.to_input() {
            Ok(input) => input,
            Err(bad) => {
                let field = match bad {
                    AgentProblem::Name => "name",
                    AgentProblem::Group(_) => "groups",
                    AgentProblem::Capacity => "capacity",
                };
                focus_soon(format!("agent-{id}-{field}"));
                problem.set(Some(bad));
                return;
            }
        };
        problem.set(None);
        pending.set(true);
        spawn_local(async move {
            let result =
                console.check(settings::update_agent(&session.csrf_token, id, &input).await);
            pending.set(false);
            match result {
                Ok(agent) => {
                    groups.set(agent.groups.join(", "));
                    status.set(Some(agent_saved(
                        console.locale.get_untracked(),
                        &agent.display_name,
                    )));
                    info.set(agent.clone());
                    on_saved.run(agent);
                }
                Err(refusal) => error.set(Some(refusal_text(
                    console.locale.get_untracked(),
                    S::SaveAgentFailed,
                    &refusal,
                ))),
            }
        });
    };
    let facts = move || {
        let agent = info.get();
        let locale = console.locale.get();
        let seen = agent.last_seen.map(|ms| dom::format_ms(ms as f64, locale));
        let capacity = agent.capacity.filter(|c| *c > 0);
        agent_load(locale, agent.open_tickets, capacity, seen.as_deref())
    };
    let field = move |suffix: &str| format!("agent-{id}-{suffix}");
    view! {
        <li class="agent-card" data-agent-id=id>
            <form id=field("form") class="card" aria-labelledby=field("heading") novalidate on:submit=submit>
                <h4 id=field("heading")>{move || info.with(|a| a.display_name.clone())}</h4>
                <p class="agent-meta">
                    <span class="agent-email">{move || info.with(|a| a.email.clone())}</span>
                    " · "
                    <span id=field("load")>{facts}</span>
                </p>
                <div class="editor-fields">
                    <div class="field">
                        <label for=field("name")>{move || s(S::DisplayName)}</label>
                        <input
                            id=field("name")
                            autocomplete="off"
                            maxlength="100"
                            aria-invalid=move || name_error.with(Option::is_some).then_some("true")
                            aria-describedby=described(name_error, "name", false)
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))
                        />
                        <FieldError id=field("name-error") text=name_error/>
                    </div>
                    <div class="field grow">
                        <label for=field("groups")>{move || s(S::Groups)}</label>
                        <input
                            id=field("groups")
                            autocomplete="off"
                            spellcheck="false"
                            aria-invalid=move || groups_error.with(Option::is_some).then_some("true")
                            aria-describedby=described(groups_error, "groups", true)
                            prop:value=move || groups.get()
                            on:input=move |ev| groups.set(event_target_value(&ev))
                        />
                        <p id=field("groups-hint") class="hint">{move || s(S::GroupsHint)}</p>
                        <FieldError id=field("groups-error") text=groups_error/>
                    </div>
                    <div class="field">
                        <label for=field("capacity")>{move || s(S::Capacity)}</label>
                        <input
                            type="number"
                            id=field("capacity")
                            min="1"
                            max=MAX_CAPACITY
                            inputmode="numeric"
                            aria-invalid=move || capacity_error.with(Option::is_some).then_some("true")
                            aria-describedby=described(capacity_error, "capacity", true)
                            prop:value=move || capacity.get()
                            on:input=move |ev| capacity.set(event_target_value(&ev))
                        />
                        <p id=field("capacity-hint") class="hint">{move || s(S::CapacityHint)}</p>
                        <FieldError id=field("capacity-error") text=capacity_error/>
                    </div>
                </div>
                <label class="check">
                    <input
                        type="checkbox"
                        id=field("available")
                        prop:checked=move || available.get()
                        on:change=move |ev| available.set(event_target_checked(&ev))
                    />
                    {move || s(S::Available)}
                </label>
                <div class="actions">
                    <button
                        type="submit"
                        id=field("save")
                        class="button primary"
                        aria-disabled=move || pending.get().then_some("true")
                    >
                        {move || s(if pending.get() { S::Saving } else { S::Save })}
                        <span class="visually-hidden">" " {move || info.with(|a| a.display_name.clone())}</span>
                    </button>
                </div>
                <p id=field("status") class="status-line" role="status">{move || status.get()}</p>
                <p id=field("error") class="error" role="alert">{move || error.get()}</p>
            </form>
        </li>
    }
}
