//! One routing rule's card: "When all of these hold" (each condition a kind and the controls
//! that kind needs), "Then" (group, agent, tags, level), and its tools (move up and down,
//! remove). The rule the last test matched is marked.

use leptos::prelude::*;

use super::super::staff::focus_soon;
use super::rules_form::{ConditionRow, RuleRow, RulesForm};
use super::shared::LevelSelect;
use crate::i18n::SettingsText as S;
use crate::settings_rules::{ConditionForm, ConditionKind};
use crate::settings_words::{condition_kind_name, condition_label, rule_problem, rule_title};
use crate::state::Console;

#[component]
pub fn RuleCard(
    form: RulesForm,
    row: RuleRow,
    /// Moves a rule (by id) up (`true`) or down.
    on_shift: Callback<(u64, bool)>,
    /// Removes a rule.
    on_remove: Callback<u64>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let id = row.id;
    let number = Memo::new(move |_| {
        form.rows
            .with(|rows| rows.iter().position(|r| r.id == id))
            .map_or(0, |index| index + 1)
    });
    let title = move || rule_title(console.locale.get(), number.get());
    let matched = move || {
        form.tested
            .with(|tested| tested.as_ref().and_then(|t| t.matched_rule))
            .is_some_and(|index| index + 1 == number.get())
    };
    let problem = move || {
        let (bad, problem) = form.problem.get()?;
        (bad == id).then(|| rule_problem(console.locale.get(), number.get(), &problem))
    };
    let add_condition = move |_| {
        let condition = ConditionRow::new(ConditionForm::default());
        row.conditions.update(|list| list.push(condition));
        focus_soon(format!("rule-{id}-cond-{}-kind", condition.id));
    };
    let agents = move || {
        let chosen = row.assignee.get();
        form.agents
            .get()
            .into_iter()
            .map(|agent| {
                let value = agent.user_id.to_string();
                let selected = value == chosen;
                view! {
                    <option value=value selected=selected>
                        {format!("{} <{}>", agent.display_name, agent.email)}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <li class="rule-card" class:matched=matched data-rule=number>
            <section aria-labelledby=format!("rule-{id}-title")>
                <div class="rule-head">
                    <h3 id=format!("rule-{id}-title") tabindex="-1">{title}</h3>
                    <span class="badge badge-matched" hidden=move || !matched()>
                        {move || s(S::MatchedSample)}
                    </span>
                </div>
                <fieldset class="rule-conditions">
                    <legend>{move || s(S::WhenAll)}</legend>
                    <p class="hint" hidden=move || row.conditions.with(|c| !c.is_empty())>
                        {move || s(S::Always)}
                    </p>
                    <ul class="conditions">
                        <For each=move || row.conditions.get() key=|c| c.id let:condition>
                            <ConditionLine rule=row condition=condition/>
                        </For>
                    </ul>
                    <button
                        type="button"
                        id=format!("rule-{id}-add-condition")
                        class="button"
                        on:click=add_condition
                    >
                        {move || s(S::AddCondition)}
                        <span class="visually-hidden">" " {title}</span>
                    </button>
                </fieldset>
                <fieldset class="rule-actions">
                    <legend>{move || s(S::Then)}</legend>
                    <div class="editor-fields">
                        <div class="field">
                            <label for=format!("rule-{id}-group")>{move || s(S::AssignGroup)}</label>
                            <input
                                id=format!("rule-{id}-group")
                                list="known-groups"
                                autocomplete="off"
                                spellcheck="false"
                                maxlength="64"
                                prop:value=move || row.group.get()
                                on:input=move |ev| row.group.set(event_target_value(&ev))
                            />
                        </div>
                        <div class="field">
                            <label for=format!("rule-{id}-assignee")>{move || s(S::AssignAgent)}</label>
                            <select
                                id=format!("rule-{id}-assignee")
                                on:change=move |ev| row.assignee.set(event_target_value(&ev))
                            >
                                <option value="" selected=move || row.assignee.with(String::is_empty)>
                                    {move || s(S::RoundRobin)}
                                </option>
                                {agents}
                            </select>
                        </div>
                        <div class="field">
                            <label for=format!("rule-{id}-tags")>{move || s(S::AddTags)}</label>
                            <input
                                id=format!("rule-{id}-tags")
                                autocomplete="off"
                                spellcheck="false"
                                aria-describedby="rules-hint"
                                prop:value=move || row.tags.get()
                                on:input=move |ev| row.tags.set(event_target_value(&ev))
                            />
                        </div>
                        <LevelSelect id=format!("rule-{id}-level") label=S::SetLevel value=row.level none=S::KeepLevel/>
                    </div>
                </fieldset>
                <p id=format!("rule-{id}-error") class="error" tabindex="-1" hidden=move || problem().is_none()>
                    {problem}
                </p>
                <div class="row-tools">
                    <button
                        type="button"
                        id=format!("rule-{id}-up")
                        class="button"
                        aria-disabled=move || (number.get() <= 1).then_some("true")
                        on:click=move |_| on_shift.run((id, true))
                    >
                        {move || s(S::MoveUp)}
                        <span class="visually-hidden">" " {title}</span>
                    </button>
                    <button
                        type="button"
                        id=format!("rule-{id}-down")
                        class="button"
                        aria-disabled=move || {
                            (number.get() >= form.rows.with(Vec::len)).then_some("true")
                        }
                        on:click=move |_| on_shift.run((id, false))
                    >
                        {move || s(S::MoveDown)}
                        <span class="visually-hidden">" " {title}</span>
                    </button>
                    <button
                        type="button"
                        id=format!("rule-{id}-remove")
                        class="button danger"
                        on:click=move |_| on_remove.run(id)
                    >
                        {move || s(S::RemoveRule)}
                        <span class="visually-hidden">" " {title}</span>
                    </button>
                </div>
            </section>
        </li>
    }
}

/// One condition: its kind, then what that kind compares.
#[component]
fn ConditionLine(rule: RuleRow, condition: ConditionRow) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let stem = format!("rule-{}-cond-{}", rule.id, condition.id);
    let kind_id = format!("{stem}-kind");
    let kinds = ConditionKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <option value=kind.key() selected=move || condition.kind.get() == kind>
                    {move || condition_kind_name(console.locale.get(), kind)}
                </option>
            }
        })
        .collect_view();
    let label = move || condition_label(console.locale.get(), condition.kind.get());
    let remove = {
        let rule_id = rule.id;
        move |_| {
            rule.conditions
                .update(|list| list.retain(|c| c.id != condition.id));
            focus_soon(format!("rule-{rule_id}-add-condition"));
        }
    };
    let fields = {
        let stem = stem.clone();
        move || {
            let text_id = format!("{stem}-text");
            match condition.kind.get() {
                ConditionKind::Level => {
                    let op_id = format!("{stem}-op");
                    view! {
                        <div class="field">
                            <label for=op_id.clone()>{move || s(S::Compare)}</label>
                            <select
                                id=op_id
                                on:change=move |ev| condition.at_least.set(event_target_value(&ev) == "at_least")
                            >
                                <option value="eq" selected=move || !condition.at_least.get()>
                                    {move || s(S::Exactly)}
                                </option>
                                <option value="at_least" selected=move || condition.at_least.get()>
                                    {move || s(S::AtLeast)}
                                </option>
                            </select>
                        </div>
                        <LevelSelect id=format!("{stem}-level") label=S::Level value=condition.level/>
                    }
                    .into_any()
                }
                ConditionKind::UserAttribute => {
                    let key_id = format!("{stem}-key");
                    view! {
                        <div class="field">
                            <label for=key_id.clone()>{move || s(S::AttributeName)}</label>
                            <input
                                id=key_id
                                autocomplete="off"
                                spellcheck="false"
                                prop:value=move || condition.key.get()
                                on:input=move |ev| condition.key.set(event_target_value(&ev))
                            />
                        </div>
                        <div class="field">
                            <label for=text_id.clone()>{move || s(S::AttributeValue)}</label>
                            <input
                                id=text_id
                                autocomplete="off"
                                prop:value=move || condition.text.get()
                                on:input=move |ev| condition.text.set(event_target_value(&ev))
                            />
                        </div>
                    }
                    .into_any()
                }
                kind => {
                    let list = match kind {
                        ConditionKind::Site => Some("known-sites"),
                        ConditionKind::Language => Some("known-languages"),
                        _ => None,
                    };
                    let hint = (kind == ConditionKind::Keywords).then_some("rules-hint");
                    view! {
                        <div class="field grow">
                            <label for=text_id.clone()>{label}</label>
                            <input
                                id=text_id
                                list=list
                                autocomplete="off"
                                spellcheck="false"
                                aria-describedby=hint
                                prop:value=move || condition.text.get()
                                on:input=move |ev| condition.text.set(event_target_value(&ev))
                            />
                        </div>
                    }
                    .into_any()
                }
            }
        }
    };
    view! {
        <li>
        <div class="condition" role="group" aria-label=label>
            <div class="field">
                <label for=kind_id.clone()>{move || s(S::ConditionKind)}</label>
                <select
                    id=kind_id
                    on:change=move |ev| {
                        if let Some(kind) = ConditionKind::parse(&event_target_value(&ev)) {
                            condition.kind.set(kind);
                        }
                    }
                >
                    {kinds}
                </select>
            </div>
            {fields}
            <button type="button" id=format!("{stem}-remove") class="button remove-condition" on:click=remove>
                {move || s(S::Remove)}
                <span class="visually-hidden">" " {label}</span>
            </button>
        </div>
        </li>
    }
}
