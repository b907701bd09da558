//! Routing rules (which group, agent, tags and level a new ticket gets) and round-robin
//! assignment among a group's available agents.
//!
//! **First match wins**: [`route`] tries the rules in order and applies only the first rule
//! whose conditions all hold (a rule with no conditions always matches, which makes a good
//! catch-all last rule). Tags do not accumulate across rules, so the outcome never depends on
//! the rules *after* the one that matched and an admin can read a ticket's routing off one rule.
//! Conditions see the ticket as filed: a level override does not affect later conditions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::level::Level;

/// An agent's id (the store's primary key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AgentId(pub i64);

/// What routing needs to know about a new ticket.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketFacts {
    /// The site (product) the ticket came from.
    pub site: String,
    /// The category the user picked, if any.
    pub category: Option<String>,
    /// The level derived from the impact question.
    pub level: Option<Level>,
    /// The user's language, e.g. `es`.
    pub language: String,
    /// Attributes passed by the host app through `identify`.
    pub user_attributes: BTreeMap<String, String>,
    /// The ticket's subject.
    pub subject: String,
    /// The ticket's first message.
    pub body: String,
}

/// A test on the level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelCondition {
    /// Exactly this level.
    Eq(Level),
    /// This level or more urgent.
    AtLeast(Level),
}

/// One condition of a rule. String comparisons are exact, except `Language` (ASCII
/// case-insensitive) and `Keywords`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The ticket's site.
    Site(String),
    /// The ticket's category.
    Category(String),
    /// The ticket's level.
    Level(LevelCondition),
    /// The user's language.
    Language(String),
    /// A user attribute has this value.
    UserAttribute {
        /// Attribute name.
        key: String,
        /// Required value.
        value: String,
    },
    /// Any of these words or phrases appears as whole words in the subject or body, ignoring
    /// case and accents ("facturacion" matches "Facturación").
    Keywords(Vec<String>),
}

impl Condition {
    fn matches(&self, facts: &TicketFacts, words: &[String]) -> bool {
        match self {
            Condition::Site(site) => &facts.site == site,
            Condition::Category(category) => facts.category.as_ref() == Some(category),
            Condition::Level(LevelCondition::Eq(level)) => facts.level == Some(*level),
            Condition::Level(LevelCondition::AtLeast(level)) => {
                facts.level.is_some_and(|l| l >= *level)
            }
            Condition::Language(language) => facts.language.eq_ignore_ascii_case(language),
            Condition::UserAttribute { key, value } => {
                facts.user_attributes.get(key) == Some(value)
            }
            Condition::Keywords(keywords) => keywords.iter().any(|keyword| {
                let phrase = normalized_words(keyword);
                !phrase.is_empty()
                    && words
                        .windows(phrase.len())
                        .any(|window| window == phrase.as_slice())
            }),
        }
    }
}

/// What a matching rule does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actions {
    /// Assign to this group.
    pub group: Option<String>,
    /// Assign to this agent (otherwise round-robin in the group).
    pub assignee: Option<AgentId>,
    /// Tags to add.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Override the level.
    pub level: Option<Level>,
}

/// A routing rule: all conditions must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Conditions, all required; none means "always".
    pub conditions: Vec<Condition>,
    /// What to do when they hold.
    pub actions: Actions,
}

/// The routing outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routed {
    /// Index of the rule that matched, if any.
    pub matched_rule: Option<usize>,
    /// Group to assign to.
    pub group: Option<String>,
    /// Agent to assign to.
    pub assignee: Option<AgentId>,
    /// Tags to add (deduplicated, in rule order).
    pub tags: Vec<String>,
    /// The ticket's level after any override.
    pub level: Option<Level>,
}

/// Applies the first rule whose conditions all hold; see the module documentation.
pub fn route(rules: &[Rule], facts: &TicketFacts) -> Routed {
    let words = normalized_words(&format!("{}\n{}", facts.subject, facts.body));
    let matched = rules.iter().position(|rule| {
        rule.conditions
            .iter()
            .all(|condition| condition.matches(facts, &words))
    });
    let Some((index, rule)) = matched.and_then(|index| Some((index, rules.get(index)?))) else {
        return Routed {
            matched_rule: None,
            group: None,
            assignee: None,
            tags: Vec::new(),
            level: facts.level,
        };
    };
    let mut tags: Vec<String> = Vec::with_capacity(rule.actions.tags.len());
    for tag in &rule.actions.tags {
        if !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    Routed {
        matched_rule: Some(index),
        group: rule.actions.group.clone(),
        assignee: rule.actions.assignee,
        tags,
        level: rule.actions.level.or(facts.level),
    }
}

/// Round-robin assignment.
#[derive(Debug, Clone, Copy, Default)]
pub struct RoundRobin;

impl RoundRobin {
    /// The next available agent after `last` in `group_agents` order, wrapping around (`last`
    /// itself comes last, so a lone available agent keeps getting tickets). Starts from the
    /// beginning when `last` is `None` or no longer in the group. `None` only if nobody in the
    /// group is available.
    pub fn next(
        group_agents: &[AgentId],
        available: &dyn Fn(AgentId) -> bool,
        last: Option<AgentId>,
    ) -> Option<AgentId> {
        let start = last
            .and_then(|last| group_agents.iter().position(|&agent| agent == last))
            .map_or(0, |position| position + 1);
        let (before, after) = group_agents.split_at(start.min(group_agents.len()));
        after
            .iter()
            .chain(before)
            .copied()
            .find(|&agent| available(agent))
    }
}

/// Lower-cased, accent-folded words of `text`.
pub(crate) fn normalized_words(text: &str) -> Vec<String> {
    let folded: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The base letter of an accented lower-case Latin letter (Spanish, Portuguese, French,
/// German, Catalan and common Central European letters); other characters unchanged.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ł' | 'ľ' | 'ĺ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ŕ' | 'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> TicketFacts {
        TicketFacts {
            site: "shop".to_owned(),
            category: Some("billing".to_owned()),
            level: Some(Level::L2),
            language: "es".to_owned(),
            user_attributes: BTreeMap::from([("plan".to_owned(), "enterprise".to_owned())]),
            subject: "No puedo descargar la FACTURACIÓN".to_owned(),
            body: "Sale un error al pagar.".to_owned(),
        }
    }

    fn rule(conditions: Vec<Condition>, group: &str) -> Rule {
        Rule {
            conditions,
            actions: Actions {
                group: Some(group.to_owned()),
                ..Actions::default()
            },
        }
    }

    #[test]
    fn every_condition_kind() {
        let f = facts();
        let words = normalized_words(&format!("{}\n{}", f.subject, f.body));
        let holds = |c: Condition| c.matches(&f, &words);
        assert!(holds(Condition::Site("shop".to_owned())));
        assert!(!holds(Condition::Site("blog".to_owned())));
        assert!(holds(Condition::Category("billing".to_owned())));
        assert!(!holds(Condition::Category("bugs".to_owned())));
        assert!(holds(Condition::Level(LevelCondition::Eq(Level::L2))));
        assert!(!holds(Condition::Level(LevelCondition::Eq(Level::L3))));
        assert!(holds(Condition::Level(LevelCondition::AtLeast(Level::L1))));
        assert!(holds(Condition::Level(LevelCondition::AtLeast(Level::L2))));
        assert!(!holds(Condition::Level(LevelCondition::AtLeast(Level::L3))));
        assert!(holds(Condition::Language("ES".to_owned())));
        assert!(!holds(Condition::Language("en".to_owned())));
        let attribute = |key: &str, value: &str| Condition::UserAttribute {
            key: key.to_owned(),
            value: value.to_owned(),
        };
        assert!(holds(attribute("plan", "enterprise")));
        assert!(!holds(attribute("plan", "free")));
        assert!(!holds(attribute("tier", "enterprise")));
        let keywords =
            |k: &[&str]| Condition::Keywords(k.iter().map(|s| (*s).to_owned()).collect());
        assert!(
            holds(keywords(&["facturacion"])),
            "accents and case are ignored"
        );
        assert!(
            holds(keywords(&["reembolso", "Pagar"])),
            "any keyword, in the body too"
        );
        assert!(
            holds(keywords(&["puedo descargar"])),
            "phrases match consecutive words"
        );
        assert!(!holds(keywords(&["descarga"])), "whole words only");
        assert!(!holds(keywords(&["descargar puedo"])));
        assert!(!holds(keywords(&["", "  "])), "empty keywords never match");
    }

    #[test]
    fn first_match_wins() {
        let rules = vec![
            rule(vec![Condition::Site("blog".to_owned())], "blog"),
            Rule {
                conditions: vec![
                    Condition::Category("billing".to_owned()),
                    Condition::Level(LevelCondition::AtLeast(Level::L2)),
                ],
                actions: Actions {
                    group: Some("billing".to_owned()),
                    assignee: Some(AgentId(7)),
                    tags: vec!["money".to_owned(), "money".to_owned(), "vip".to_owned()],
                    level: Some(Level::L3),
                },
            },
            Rule {
                conditions: vec![],
                actions: Actions {
                    group: Some("general".to_owned()),
                    tags: vec!["catch-all".to_owned()],
                    ..Actions::default()
                },
            },
        ];
        let routed = route(&rules, &facts());
        assert_eq!(routed.matched_rule, Some(1));
        assert_eq!(routed.group.as_deref(), Some("billing"));
        assert_eq!(routed.assignee, Some(AgentId(7)));
        assert_eq!(routed.tags, vec!["money".to_owned(), "vip".to_owned()]);
        assert_eq!(routed.level, Some(Level::L3));

        let other = TicketFacts {
            category: None,
            ..facts()
        };
        let routed = route(&rules, &other);
        assert_eq!(routed.matched_rule, Some(2));
        assert_eq!(routed.tags, vec!["catch-all".to_owned()]);
        assert_eq!(routed.level, Some(Level::L2));

        let routed = route(&[], &other);
        assert_eq!(routed.matched_rule, None);
        assert_eq!(routed.group, None);
    }

    #[test]
    fn round_robin_takes_the_next_available_agent() {
        let agents = [AgentId(1), AgentId(2), AgentId(3), AgentId(4)];
        let everyone = |_| true;
        assert_eq!(RoundRobin::next(&agents, &everyone, None), Some(AgentId(1)));
        assert_eq!(
            RoundRobin::next(&agents, &everyone, Some(AgentId(2))),
            Some(AgentId(3))
        );
        assert_eq!(
            RoundRobin::next(&agents, &everyone, Some(AgentId(4))),
            Some(AgentId(1))
        );
        assert_eq!(
            RoundRobin::next(&agents, &everyone, Some(AgentId(99))),
            Some(AgentId(1))
        );
        let not_three = |a: AgentId| a != AgentId(3);
        assert_eq!(
            RoundRobin::next(&agents, &not_three, Some(AgentId(2))),
            Some(AgentId(4))
        );
        let only_two = |a: AgentId| a == AgentId(2);
        assert_eq!(
            RoundRobin::next(&agents, &only_two, Some(AgentId(2))),
            Some(AgentId(2))
        );
        let nobody = |_| false;
        assert_eq!(RoundRobin::next(&agents, &nobody, Some(AgentId(2))), None);
        assert_eq!(RoundRobin::next(&[], &everyone, None), None);
    }

    #[test]
    fn round_robin_spreads_evenly() {
        let agents = [AgentId(1), AgentId(2), AgentId(3)];
        let mut last = None;
        let mut counts = BTreeMap::new();
        for _ in 0..9 {
            last = RoundRobin::next(&agents, &|_| true, last);
            *counts.entry(last).or_insert(0) += 1;
        }
        assert!(counts.values().all(|&n| n == 3));
    }

    #[test]
    fn words_are_folded() {
        assert_eq!(
            normalized_words("¡Cañón, ÜBER-straße!"),
            vec!["canon", "uber", "straße"]
        );
    }
}
