//! The teams derived from the agents, an agent's form (groups, capacity), a macro's form and
//! its preview filled with sample values, and file sizes.

use std::collections::BTreeMap;

use ayuda_api::{Level, Status};

use crate::api::settings::{AgentInfo, AgentInput, MacroInput};
use crate::settings_rules::{comma_list, desk_key_ok};

/// The most open tickets a capacity may name.
pub const MAX_CAPACITY: u32 = 1000;

/// Each group and its members' names (agents without a group left out), by group key.
pub fn teams(agents: &[AgentInfo]) -> Vec<(String, Vec<String>)> {
    let mut teams: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for agent in agents {
        for group in &agent.groups {
            let name = if agent.display_name.trim().is_empty() {
                agent.email.clone()
            } else {
                agent.display_name.clone()
            };
            teams.entry(group.clone()).or_default().push(name);
        }
    }
    teams
        .into_iter()
        .map(|(group, mut names)| {
            names.sort_by_key(|name| name.to_lowercase());
            (group, names)
        })
        .collect()
}

/// Every group some agent is in, sorted.
pub fn group_keys(agents: &[AgentInfo]) -> Vec<String> {
    teams(agents).into_iter().map(|(group, _)| group).collect()
}

/// An agent's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgentForm {
    pub display_name: String,
    /// Comma-separated group keys.
    pub groups: String,
    pub available: bool,
    /// Empty: no limit (sent as `0`).
    pub capacity: String,
}

/// What is wrong with an agent's form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgentProblem {
    Name,
    Group(String),
    Capacity,
}

impl AgentForm {
    pub fn from_agent(agent: &AgentInfo) -> AgentForm {
        AgentForm {
            display_name: agent.display_name.clone(),
            groups: agent.groups.join(", "),
            available: agent.available,
            capacity: agent
                .capacity
                .filter(|c| *c > 0)
                .map(|c| c.to_string())
                .unwrap_or_default(),
        }
    }

    /// The body for `PUT /agents/{id}`, or the first problem.
    pub fn to_input(&self) -> Result<AgentInput, AgentProblem> {
        let name = self.display_name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AgentProblem::Name);
        }
        let groups = comma_list(&self.groups.to_lowercase());
        if let Some(bad) = groups.iter().find(|g| !desk_key_ok(g)) {
            return Err(AgentProblem::Group(bad.clone()));
        }
        if groups.len() > 50 {
            return Err(AgentProblem::Group(
                groups.get(50).cloned().unwrap_or_default(),
            ));
        }
        let capacity = match self.capacity.trim() {
            "" => Some(0),
            text => Some(
                text.parse::<u32>()
                    .ok()
                    .filter(|c| (1..=MAX_CAPACITY).contains(c))
                    .ok_or(AgentProblem::Capacity)?,
            ),
        };
        Ok(AgentInput {
            display_name: Some(name.to_owned()),
            groups: Some(groups),
            available: Some(self.available),
            capacity,
        })
    }
}

/// The placeholders the server fills when a macro is applied, with the preview's sample
/// values.
pub const PLACEHOLDERS: [(&str, &str); 6] = [
    ("user.name", "Ana García"),
    ("user.first_name", "Ana"),
    ("user.email", "ana@example.com"),
    ("ticket.id", "1042"),
    ("ticket.subject", "No puedo descargar la factura"),
    ("agent.name", "Luis"),
];

/// A macro's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MacroForm {
    pub name: String,
    pub reply: String,
    /// `open` / `pending` / `solved` / `closed`, or empty (leave it).
    pub status: String,
    /// `l1`…`l3`, or empty.
    pub level: String,
    /// Comma-separated.
    pub tags: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MacroProblem {
    Name,
    Tag(String),
}

impl MacroForm {
    pub fn from_input(input: &MacroInput) -> MacroForm {
        MacroForm {
            name: input.name.clone(),
            reply: input.reply.clone(),
            status: input
                .set_status
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            level: input
                .set_level
                .map(|l| l.as_str().to_owned())
                .unwrap_or_default(),
            tags: input.add_tags.join(", "),
        }
    }

    pub fn to_input(&self) -> Result<MacroInput, MacroProblem> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(MacroProblem::Name);
        }
        let tags = comma_list(&self.tags.to_lowercase());
        if let Some(bad) = tags.iter().find(|t| !desk_key_ok(t)) {
            return Err(MacroProblem::Tag(bad.clone()));
        }
        Ok(MacroInput {
            name: name.to_owned(),
            reply: self.reply.trim().to_owned(),
            set_status: Status::parse(self.status.trim()).filter(|s| *s != Status::New),
            add_tags: tags,
            set_level: Level::parse(self.level.trim()),
        })
    }
}

/// `reply` with the sample values filled in, the way the server fills real ones: `{{ name }}`
/// (spaces allowed) replaced, unknown names left as written, values never expanded again.
pub fn fill_sample(reply: &str) -> String {
    let mut out = String::with_capacity(reply.len());
    let mut rest = reply;
    while let Some(open) = rest.find("{{") {
        let (before, tail) = rest.split_at(open);
        out.push_str(before);
        let inner = &tail[2..];
        let Some(close) = inner.find("}}") else {
            out.push_str(tail);
            return out;
        };
        let name = inner[..close].trim();
        match PLACEHOLDERS.iter().find(|(known, _)| *known == name) {
            Some((_, value)) => {
                out.push_str(value);
                rest = &inner[close + 2..];
            }
            None => {
                out.push_str("{{");
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders in `reply` the server does not know (left as written when applied).
pub fn unknown_placeholders(reply: &str) -> Vec<String> {
    let mut unknown: Vec<String> = Vec::new();
    let mut rest = reply;
    while let Some(open) = rest.find("{{") {
        let inner = &rest[open + 2..];
        let Some(close) = inner.find("}}") else {
            break;
        };
        let name = inner[..close].trim();
        if !name.contains("{{")
            && !PLACEHOLDERS.iter().any(|(known, _)| *known == name)
            && !unknown.iter().any(|u| u == name)
        {
            unknown.push(name.to_owned());
        }
        rest = &inner[close + 2..];
    }
    unknown
}

/// A file size in B, KB, MB or GB (powers of 1,024, one decimal past KB).
pub fn file_size(bytes: u64) -> String {
    const UNITS: [&str; 3] = ["KB", "MB", "GB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut size = bytes as f64 / 1024.0;
    let mut unit = 0;
    while size >= 1024.0 && unit < UNITS.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    let name = UNITS.get(unit).copied().unwrap_or("GB");
    if unit == 0 {
        format!("{} {name}", size.round())
    } else {
        format!("{size:.1} {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(id: i64, name: &str, groups: &[&str]) -> AgentInfo {
        AgentInfo {
            user_id: id,
            email: format!("{id}@example.com"),
            role: "agent".into(),
            display_name: name.into(),
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            available: true,
            capacity: None,
            open_tickets: 0,
            last_seen: None,
        }
    }

    #[test]
    fn teams_come_from_the_agents() {
        let agents = [
            agent(1, "Luis", &["billing", "l2"]),
            agent(2, "ana", &["billing"]),
            agent(3, "", &["l2"]),
            agent(4, "Nadie", &[]),
        ];
        assert_eq!(
            teams(&agents),
            vec![
                (
                    "billing".to_owned(),
                    vec!["ana".to_owned(), "Luis".to_owned()]
                ),
                (
                    "l2".to_owned(),
                    vec!["3@example.com".to_owned(), "Luis".to_owned()]
                ),
            ]
        );
        assert_eq!(
            group_keys(&agents),
            vec!["billing".to_owned(), "l2".to_owned()]
        );
    }

    #[test]
    fn agent_forms() {
        let mut form = AgentForm::from_agent(&agent(1, "Luis", &["billing"]));
        form.groups = "Billing, l2, billing".into();
        form.capacity = " 12 ".into();
        let Ok(input) = form.to_input() else {
            panic!("refused");
        };
        assert_eq!(
            input.groups,
            Some(vec!["billing".to_owned(), "l2".to_owned()])
        );
        assert_eq!(input.capacity, Some(12));
        form.capacity = String::new();
        assert_eq!(form.to_input().map(|i| i.capacity), Ok(Some(0)));
        form.capacity = "0".into();
        assert_eq!(form.to_input(), Err(AgentProblem::Capacity));
        form.capacity = "many".into();
        assert_eq!(form.to_input(), Err(AgentProblem::Capacity));
        form.capacity.clear();
        form.groups = "second line".into();
        assert_eq!(
            form.to_input(),
            Err(AgentProblem::Group("second line".into()))
        );
        form.display_name = " ".into();
        assert_eq!(form.to_input(), Err(AgentProblem::Name));
    }

    #[test]
    fn macro_forms_and_previews() {
        let form = MacroForm {
            name: " Thanks ".into(),
            reply: "Hola {{ user.first_name }}, soy {{agent.name}}. {{order}}".into(),
            status: "solved".into(),
            level: "".into(),
            tags: "Thanks, solved".into(),
        };
        let Ok(input) = form.to_input() else {
            panic!("refused");
        };
        assert_eq!(input.name, "Thanks");
        assert_eq!(input.set_status, Some(Status::Solved));
        assert_eq!(input.set_level, None);
        assert_eq!(
            input.add_tags,
            vec!["thanks".to_owned(), "solved".to_owned()]
        );
        assert_eq!(MacroForm::from_input(&input).status, "solved");
        assert_eq!(fill_sample(&form.reply), "Hola Ana, soy Luis. {{order}}");
        assert_eq!(unknown_placeholders(&form.reply), vec!["order".to_owned()]);
        assert_eq!(fill_sample("{{{{agent.name}}"), "{{Luis");
        assert_eq!(fill_sample("{{user.name"), "{{user.name");
        assert!(unknown_placeholders("{{user.name}} {{ticket.id}}").is_empty());
        let nameless = MacroForm::default();
        assert_eq!(nameless.to_input(), Err(MacroProblem::Name));
        let new = MacroForm {
            name: "x".into(),
            status: "new".into(),
            ..MacroForm::default()
        };
        assert_eq!(new.to_input().map(|i| i.set_status), Ok(None));
    }

    #[test]
    fn sizes() {
        assert_eq!(file_size(512), "512 B");
        assert_eq!(file_size(2048), "2 KB");
        assert_eq!(file_size(5 * 1024 * 1024 + 300_000), "5.3 MB");
        assert_eq!(file_size(3 * 1024 * 1024 * 1024), "3.0 GB");
    }
}
