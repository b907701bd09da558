//! Routing rules: the ordered list (first match wins), each rule's conditions and actions
//! (`rule_editor.rs`), add, remove, move up and down, Save, and a test on a sample ticket with
//! the unsaved rules (`routing_test.rs`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::load::{failed, loading_line};
use super::super::staff::focus_soon;
use super::routing_test::RoutingTest;
use super::rule_editor::RuleCard;
use super::rules_form::{RuleRow, RulesForm};
use super::shared::{Sites, refusal_text};
use crate::api::ApiError;
use crate::api::settings::{self, Rule};
use crate::i18n::SettingsText as S;
use crate::settings_rules::move_item;
use crate::settings_team::group_keys;
use crate::settings_words::rule_problem;
use crate::state::Console;

#[component]
pub fn RoutingPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let form = RulesForm {
        rows: RwSignal::new(Vec::new()),
        problem: RwSignal::new(None),
        agents: RwSignal::new(Vec::new()),
        tested: RwSignal::new(None),
        saved: RwSignal::new(Vec::new()),
    };
    let answer = RwSignal::new(None::<Result<(), ApiError>>);
    let loading = RwSignal::new(false);
    let load = move || {
        loading.set(true);
        spawn_local(async move {
            let result = console.check(settings::routing().await);
            // The assignee select does without them if they cannot be read.
            let agents = console.check(settings::agents().await).unwrap_or_default();
            // The page is gone.
            if loading.try_set(false).is_some() {
                return;
            }
            form.agents.set(agents);
            answer.set(Some(result.map(|rules| {
                form.rows.set(rules.iter().map(RuleRow::new).collect());
                form.saved.set(rules);
            })));
        });
    };
    load();
    Effect::new(move |_| {
        let changed = match form.rules() {
            Ok(rules) => form.saved.with(|saved| *saved != rules),
            Err(_) => true,
        };
        let loaded = answer.with(|a| matches!(a, Some(Ok(()))));
        if console.unsaved.get_untracked() != (changed && loaded) {
            console.unsaved.set(changed && loaded);
        }
    });
    on_cleanup(move || console.unsaved.set(false));

    let body = move || {
        if loading.get() {
            return loading_line("routing-loading");
        }
        match answer.get() {
            None => ().into_any(),
            Some(Err(error)) => failed(
                error,
                None,
                "routing-load-error",
                S::RoutingFailed.into(),
                Callback::new(move |()| load()),
            ),
            Some(Ok(())) => view! { <RulesEditor form=form/> }.into_any(),
        }
    };
    view! {
        <h2 id="routing-heading">{move || s(S::Routing)}</h2>
        <p class="lead">{move || s(S::RoutingIntro)}</p>
        {body}
    }
}

#[component]
fn RulesEditor(form: RulesForm) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let pending = RwSignal::new(false);
    let status = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<String>);
    let groups = move || {
        group_keys(&form.agents.get())
            .into_iter()
            .map(|group| view! { <option value=group></option> })
            .collect_view()
    };
    let sites = expect_context::<Sites>();
    let site_options = move || {
        sites
            .list()
            .into_iter()
            .map(|site| view! { <option value=site.key.clone()>{site.name}</option> })
            .collect_view()
    };
    let add = move |_| {
        let row = RuleRow::new(&Rule::default());
        form.rows.update(|rows| rows.push(row));
        focus_soon(format!("rule-{}-title", row.id));
    };
    let shift = Callback::new(move |(id, up): (u64, bool)| {
        let mut moved = None;
        form.rows.update(|rows| {
            if let Some(index) = rows.iter().position(|r| r.id == id) {
                moved = move_item(rows, index, up);
            }
        });
        form.tested.set(None);
        if moved.is_some() {
            focus_soon(format!("rule-{id}-{}", if up { "up" } else { "down" }));
        }
    });
    let remove = Callback::new(move |id: u64| {
        form.rows.update(|rows| rows.retain(|r| r.id != id));
        form.tested.set(None);
        focus_soon("add-rule".to_owned());
    });
    let save = move |_| {
        if pending.get_untracked() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        status.set(None);
        error.set(None);
        let Some(rules) = form.checked_rules() else {
            return;
        };
        pending.set(true);
        spawn_local(async move {
            let result = console.check(settings::save_routing(&session.csrf_token, &rules).await);
            pending.set(false);
            match result {
                Ok(saved) => {
                    form.saved.set(saved);
                    status.set(Some(console.t(S::RulesSaved)));
                }
                Err(refusal) => {
                    error.set(Some(refusal_text(
                        console.locale.get_untracked(),
                        S::SaveRulesFailed,
                        &refusal,
                    )));
                    focus_soon("routing-error".to_owned());
                }
            }
        });
    };
    let problem_text = move || {
        let (id, problem) = form.problem.get()?;
        let number = form
            .rows
            .with(|rows| rows.iter().position(|r| r.id == id))?
            + 1;
        Some(rule_problem(console.locale.get(), number, &problem))
    };
    view! {
        <datalist id="known-groups">{groups}</datalist>
        <datalist id="known-sites">{site_options}</datalist>
        <datalist id="known-languages">
            <option value="es"></option>
            <option value="en"></option>
        </datalist>
        <p id="rules-hint" class="hint">{move || s(S::RulesHint)}</p>
        <p id="rules-empty" class="empty" hidden=move || form.rows.with(|r| !r.is_empty())>
            {move || s(S::NoRules)}
        </p>
        <ol id="rules" class="rules">
            <For each=move || form.rows.get() key=|row| row.id let:row>
                <RuleCard form=form row=row on_shift=shift on_remove=remove/>
            </For>
        </ol>
        <div class="actions">
            <button type="button" id="add-rule" class="button" on:click=add>
                {move || s(S::AddRule)}
            </button>
            <button
                type="button"
                id="save-routing"
                class="button primary"
                aria-disabled=move || pending.get().then_some("true")
                on:click=save
            >
                {move || s(if pending.get() { S::Saving } else { S::SaveRules })}
            </button>
        </div>
        <p id="routing-problem" class="error">{problem_text}</p>
        <p id="routing-status" class="status-line" role="status">{move || status.get()}</p>
        <p id="routing-error" class="error" role="alert" tabindex="-1">{move || error.get()}</p>
        <RoutingTest form=form/>
    }
}
