//! The routing page's form: each rule's and condition's fields as signals.

use leptos::prelude::*;

use super::super::staff::focus_soon;
use super::hours_parts::row_id;
use crate::api::settings::{AgentInfo, Routed, Rule};
use crate::settings_rules::{
    ActionsForm, ConditionForm, ConditionKind, RuleProblem, actions_form, condition_form, rule,
};

/// One condition's fields.
#[derive(Clone, Copy)]
pub struct ConditionRow {
    pub id: u64,
    pub kind: RwSignal<ConditionKind>,
    pub text: RwSignal<String>,
    pub key: RwSignal<String>,
    pub at_least: RwSignal<bool>,
    /// `l1`…`l3`.
    pub level: RwSignal<String>,
}

impl ConditionRow {
    pub fn new(form: ConditionForm) -> Self {
        ConditionRow {
            id: row_id(),
            kind: RwSignal::new(form.kind),
            text: RwSignal::new(form.text),
            key: RwSignal::new(form.key),
            at_least: RwSignal::new(form.at_least),
            level: RwSignal::new(form.level.as_str().to_owned()),
        }
    }

    fn form(self) -> ConditionForm {
        ConditionForm {
            kind: self.kind.get(),
            text: self.text.get(),
            key: self.key.get(),
            at_least: self.at_least.get(),
            level: ayuda_api::Level::parse(&self.level.get()).unwrap_or(ayuda_api::Level::L1),
        }
    }
}

/// One rule's fields.
#[derive(Clone, Copy)]
pub struct RuleRow {
    pub id: u64,
    pub conditions: RwSignal<Vec<ConditionRow>>,
    pub group: RwSignal<String>,
    /// An agent's id, or empty.
    pub assignee: RwSignal<String>,
    pub tags: RwSignal<String>,
    /// `l1`…`l3`, or empty.
    pub level: RwSignal<String>,
}

impl RuleRow {
    pub fn new(saved: &Rule) -> Self {
        let actions = actions_form(&saved.actions);
        RuleRow {
            id: row_id(),
            conditions: RwSignal::new(
                saved
                    .conditions
                    .iter()
                    .map(|c| ConditionRow::new(condition_form(c)))
                    .collect(),
            ),
            group: RwSignal::new(actions.group),
            assignee: RwSignal::new(actions.assignee),
            tags: RwSignal::new(actions.tags),
            level: RwSignal::new(actions.level),
        }
    }

    /// The rule it holds (tracked), or what is wrong.
    pub fn rule(self) -> Result<Rule, RuleProblem> {
        let conditions: Vec<ConditionForm> = self
            .conditions
            .get()
            .into_iter()
            .map(ConditionRow::form)
            .collect();
        let actions = ActionsForm {
            group: self.group.get(),
            assignee: self.assignee.get(),
            tags: self.tags.get(),
            level: self.level.get(),
        };
        rule(&conditions, &actions)
    }
}

/// The rules being edited, shared by the cards and the test.
#[derive(Clone, Copy)]
pub struct RulesForm {
    pub rows: RwSignal<Vec<RuleRow>>,
    /// The rule (by row id) the last Save or test found wrong, and why.
    pub problem: RwSignal<Option<(u64, RuleProblem)>>,
    /// The agents, for the assignee select.
    pub agents: RwSignal<Vec<AgentInfo>>,
    /// The last test's outcome, to mark the rule that matched.
    pub tested: RwSignal<Option<Routed>>,
    pub saved: RwSignal<Vec<Rule>>,
}

impl RulesForm {
    /// Every rule (tracked), or the first problem with its rule's row id.
    pub fn rules(self) -> Result<Vec<Rule>, (u64, RuleProblem)> {
        self.rows
            .get()
            .into_iter()
            .map(|row| row.rule().map_err(|problem| (row.id, problem)))
            .collect()
    }

    /// [`RulesForm::rules`] for a handler: a problem is shown and its rule focused.
    pub fn checked_rules(self) -> Option<Vec<Rule>> {
        match untrack(move || self.rules()) {
            Ok(rules) => {
                self.problem.set(None);
                Some(rules)
            }
            Err((id, problem)) => {
                focus_soon(format!("rule-{id}-error"));
                self.problem.set(Some((id, problem)));
                None
            }
        }
    }
}
