//! Routing rules as the form holds them ↔ the desk's JSON: a condition's kind and its text
//! fields, a rule's actions, comma lists, a sample ticket's `key=value` attribute lines, and
//! moving a rule up or down.

use std::collections::BTreeMap;

use ayuda_api::Level;

use crate::api::settings::{Actions, Condition, LevelCondition, Rule, TicketFacts};

/// The kinds of condition, in the order the kind select offers them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ConditionKind {
    #[default]
    Site,
    Category,
    Level,
    Language,
    UserAttribute,
    Keywords,
}

impl ConditionKind {
    pub const ALL: [ConditionKind; 6] = [
        ConditionKind::Site,
        ConditionKind::Category,
        ConditionKind::Level,
        ConditionKind::Language,
        ConditionKind::UserAttribute,
        ConditionKind::Keywords,
    ];

    /// The select's value (the desk's own word).
    pub fn key(self) -> &'static str {
        match self {
            ConditionKind::Site => "site",
            ConditionKind::Category => "category",
            ConditionKind::Level => "level",
            ConditionKind::Language => "language",
            ConditionKind::UserAttribute => "user_attribute",
            ConditionKind::Keywords => "keywords",
        }
    }

    pub fn parse(key: &str) -> Option<ConditionKind> {
        ConditionKind::ALL
            .into_iter()
            .find(|kind| kind.key() == key)
    }
}

/// One condition's fields. `text` is the site, category, language, attribute value or the
/// keywords (comma-separated), by kind; `key` the attribute's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionForm {
    pub kind: ConditionKind,
    pub text: String,
    pub key: String,
    /// "At least" (else "exactly").
    pub at_least: bool,
    pub level: Level,
}

impl Default for ConditionForm {
    fn default() -> Self {
        ConditionForm {
            kind: ConditionKind::Site,
            text: String::new(),
            key: String::new(),
            at_least: false,
            level: Level::L1,
        }
    }
}

/// A rule's actions as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionsForm {
    pub group: String,
    /// An agent's id, or empty (round-robin in the group).
    pub assignee: String,
    /// Comma-separated.
    pub tags: String,
    /// `l1`…`l3`, or empty (keep the ticket's).
    pub level: String,
}

/// What is wrong with a rule: the condition (by index) or the action field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleProblem {
    /// The condition needs its text (or the attribute its name).
    EmptyCondition(usize),
    /// A group or tag is not 1–64 of `a-z 0-9 _ - . :`.
    BadGroup,
    BadTag(String),
}

/// The form of a saved condition.
pub fn condition_form(condition: &Condition) -> ConditionForm {
    let blank = ConditionForm::default();
    match condition {
        Condition::Site(site) => ConditionForm {
            text: site.clone(),
            ..blank
        },
        Condition::Category(category) => ConditionForm {
            kind: ConditionKind::Category,
            text: category.clone(),
            ..blank
        },
        Condition::Level(test) => {
            let (at_least, level) = match *test {
                LevelCondition::Eq(level) => (false, level),
                LevelCondition::AtLeast(level) => (true, level),
            };
            ConditionForm {
                kind: ConditionKind::Level,
                at_least,
                level,
                ..blank
            }
        }
        Condition::Language(language) => ConditionForm {
            kind: ConditionKind::Language,
            text: language.clone(),
            ..blank
        },
        Condition::UserAttribute { key, value } => ConditionForm {
            kind: ConditionKind::UserAttribute,
            text: value.clone(),
            key: key.clone(),
            ..blank
        },
        Condition::Keywords(words) => ConditionForm {
            kind: ConditionKind::Keywords,
            text: words.join(", "),
            ..blank
        },
    }
}

/// The condition a form stands for; `None` when a required field is blank.
pub fn condition(form: &ConditionForm) -> Option<Condition> {
    let text = form.text.trim().to_owned();
    let filled = !text.is_empty();
    match form.kind {
        ConditionKind::Site => filled.then_some(Condition::Site(text)),
        ConditionKind::Category => filled.then_some(Condition::Category(text)),
        ConditionKind::Language => filled.then(|| Condition::Language(text.to_lowercase())),
        ConditionKind::Level => Some(Condition::Level(if form.at_least {
            LevelCondition::AtLeast(form.level)
        } else {
            LevelCondition::Eq(form.level)
        })),
        ConditionKind::UserAttribute => {
            let key = form.key.trim().to_owned();
            (!key.is_empty()).then_some(Condition::UserAttribute { key, value: text })
        }
        ConditionKind::Keywords => {
            let words = comma_list(&text);
            (!words.is_empty()).then_some(Condition::Keywords(words))
        }
    }
}

/// The form of a saved rule's actions.
pub fn actions_form(actions: &Actions) -> ActionsForm {
    ActionsForm {
        group: actions.group.clone().unwrap_or_default(),
        assignee: actions
            .assignee
            .map(|id| id.to_string())
            .unwrap_or_default(),
        tags: actions.tags.join(", "),
        level: actions
            .level
            .map(|l| l.as_str().to_owned())
            .unwrap_or_default(),
    }
}

/// The rule for a form's conditions and actions, or the first problem.
pub fn rule(conditions: &[ConditionForm], actions: &ActionsForm) -> Result<Rule, RuleProblem> {
    let conditions = conditions
        .iter()
        .enumerate()
        .map(|(index, form)| condition(form).ok_or(RuleProblem::EmptyCondition(index)))
        .collect::<Result<Vec<_>, _>>()?;
    let group = actions.group.trim().to_lowercase();
    if !group.is_empty() && !desk_key_ok(&group) {
        return Err(RuleProblem::BadGroup);
    }
    let tags: Vec<String> = comma_list(&actions.tags.to_lowercase());
    if let Some(bad) = tags.iter().find(|tag| !desk_key_ok(tag)) {
        return Err(RuleProblem::BadTag(bad.clone()));
    }
    Ok(Rule {
        conditions,
        actions: Actions {
            group: (!group.is_empty()).then_some(group),
            assignee: actions.assignee.trim().parse().ok(),
            tags,
            level: Level::parse(actions.level.trim()),
        },
    })
}

/// A group, tag or category key as the desk takes it: 1–64 of `a-z 0-9 _ - . :`.
pub fn desk_key_ok(key: &str) -> bool {
    (1..=64).contains(&key.len())
        && key.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.' | b':')
        })
}

/// The items of a comma-separated list: trimmed, blanks and repeats dropped.
pub fn comma_list(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        if !items.iter().any(|seen| seen == item) {
            items.push(item.to_owned());
        }
    }
    items
}

/// A sample ticket's attributes, one `key=value` per line (blank lines skipped); `Err` with
/// the 1-based number of the first line without `=` or a name.
pub fn attributes(lines: &str) -> Result<BTreeMap<String, String>, usize> {
    let mut map = BTreeMap::new();
    for (number, line) in lines.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = line.split_once('=').ok_or(number + 1)?;
        let key = key.trim();
        if key.is_empty() {
            return Err(number + 1);
        }
        map.insert(key.to_owned(), value.trim().to_owned());
    }
    Ok(map)
}

/// A sample ticket's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SampleForm {
    pub site: String,
    pub category: String,
    /// `l1`…`l3`, or empty.
    pub level: String,
    pub language: String,
    pub subject: String,
    pub body: String,
    pub attributes: String,
}

/// The facts routing sees for a sample ticket; `Err` with the bad attribute line.
pub fn sample_facts(form: &SampleForm) -> Result<TicketFacts, usize> {
    let category = form.category.trim();
    Ok(TicketFacts {
        site: form.site.trim().to_owned(),
        category: (!category.is_empty()).then(|| category.to_owned()),
        level: Level::parse(form.level.trim()),
        language: form.language.trim().to_lowercase(),
        user_attributes: attributes(&form.attributes)?,
        subject: form.subject.trim().to_owned(),
        body: form.body.trim().to_owned(),
    })
}

/// Moves the item at `index` one place up (or down); its new index, or `None` at the edge.
pub fn move_item<T>(items: &mut [T], index: usize, up: bool) -> Option<usize> {
    let to = if up { index.checked_sub(1)? } else { index + 1 };
    if to >= items.len() || index >= items.len() {
        return None;
    }
    items.swap(index, to);
    Some(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Vec<Rule> {
        vec![Rule {
            conditions: vec![
                Condition::Site("demo".into()),
                Condition::Category("billing".into()),
                Condition::Level(LevelCondition::AtLeast(Level::L2)),
                Condition::Level(LevelCondition::Eq(Level::L1)),
                Condition::Language("es".into()),
                Condition::UserAttribute {
                    key: "plan".into(),
                    value: "pro".into(),
                },
                Condition::Keywords(vec!["factura".into(), "refund policy".into()]),
            ],
            actions: Actions {
                group: Some("billing".into()),
                assignee: Some(7),
                tags: vec!["vip".into(), "money".into()],
                level: Some(Level::L3),
            },
        }]
    }

    #[test]
    fn rules_round_trip_through_the_form() {
        for saved in rules() {
            let conditions: Vec<ConditionForm> =
                saved.conditions.iter().map(condition_form).collect();
            let actions = actions_form(&saved.actions);
            assert_eq!(actions.tags, "vip, money");
            assert_eq!(rule(&conditions, &actions), Ok(saved));
        }
        // No conditions and no actions: a catch-all that changes nothing.
        assert_eq!(rule(&[], &ActionsForm::default()), Ok(Rule::default()));
    }

    #[test]
    fn blank_fields_are_problems() {
        let blank = ConditionForm::default();
        assert_eq!(
            rule(std::slice::from_ref(&blank), &ActionsForm::default()),
            Err(RuleProblem::EmptyCondition(0))
        );
        let attribute = ConditionForm {
            kind: ConditionKind::UserAttribute,
            text: "pro".into(),
            ..blank
        };
        assert_eq!(condition(&attribute), None);
        let level = ConditionForm {
            kind: ConditionKind::Level,
            ..ConditionForm::default()
        };
        assert_eq!(
            condition(&level),
            Some(Condition::Level(LevelCondition::Eq(Level::L1)))
        );
        let actions = ActionsForm {
            group: "Second Line".into(),
            ..ActionsForm::default()
        };
        assert_eq!(rule(&[], &actions), Err(RuleProblem::BadGroup));
        let actions = ActionsForm {
            tags: "ok, not ok".into(),
            ..ActionsForm::default()
        };
        assert_eq!(
            rule(&[], &actions),
            Err(RuleProblem::BadTag("not ok".into()))
        );
    }

    #[test]
    fn kinds_have_the_desks_words() {
        for kind in ConditionKind::ALL {
            assert_eq!(ConditionKind::parse(kind.key()), Some(kind));
        }
        assert_eq!(ConditionKind::parse("x"), None);
    }

    #[test]
    fn lists_and_attributes() {
        assert_eq!(
            comma_list(" a, ,b,a "),
            vec!["a".to_owned(), "b".to_owned()]
        );
        let map = attributes("plan = pro\n\ncountry=ES=x\n");
        assert_eq!(
            map,
            Ok(BTreeMap::from([
                ("plan".to_owned(), "pro".to_owned()),
                ("country".to_owned(), "ES=x".to_owned())
            ]))
        );
        assert_eq!(attributes("plan=pro\noops"), Err(2));
        assert_eq!(attributes("=x"), Err(1));
        let form = SampleForm {
            site: "demo".into(),
            level: "l2".into(),
            language: "ES".into(),
            attributes: "plan=pro".into(),
            ..SampleForm::default()
        };
        let Ok(facts) = sample_facts(&form) else {
            panic!("refused");
        };
        assert_eq!(facts.level, Some(Level::L2));
        assert_eq!(facts.language, "es");
        assert_eq!(facts.category, None);
    }

    #[test]
    fn moving() {
        let mut items = vec![1, 2, 3];
        assert_eq!(move_item(&mut items, 0, true), None);
        assert_eq!(move_item(&mut items, 2, false), None);
        assert_eq!(move_item(&mut items, 2, true), Some(1));
        assert_eq!(items, vec![1, 3, 2]);
        assert_eq!(move_item(&mut items, 0, false), Some(1));
        assert_eq!(items, vec![3, 1, 2]);
        assert_eq!(move_item(&mut items, 5, true), None);
    }
}
