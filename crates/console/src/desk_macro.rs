//! A macro's preview: its reply with the ticket's `{{placeholders}}` filled in exactly as the
//! server fills them when the macro is applied (`ayuda_desk::macros::render` with the values
//! of `server/src/desk/workflow.rs`'s `apply_macro`), so what the agent confirms is what the
//! requester will read.

use ayuda_api::StaffTicket;

/// The placeholders the server fills, with their values for `ticket` and the agent applying
/// the macro (`agent_name`, their display name).
pub fn values(ticket: &StaffTicket, agent_name: &str) -> Vec<(&'static str, String)> {
    let first_name = ticket
        .name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_owned();
    vec![
        ("user.name", ticket.name.clone()),
        ("user.first_name", first_name),
        ("user.email", ticket.email.clone()),
        ("ticket.id", ticket.id.to_string()),
        ("ticket.subject", ticket.subject.clone()),
        ("agent.name", agent_name.to_owned()),
    ]
}

/// Replaces each `{{name}}` (whitespace around the name allowed) with its value; unknown names
/// and an unterminated `{{` stay as written, and values are never scanned again.
pub fn render(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let (before, tail) = rest.split_at(open);
        out.push_str(before);
        let inner = &tail[2..];
        let Some(close) = inner.find("}}") else {
            out.push_str(tail);
            return out;
        };
        let name = inner[..close].trim();
        match values.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => {
                out.push_str(value);
                rest = &inner[close + 2..];
            }
            None => {
                // Keep the braces and go on right after them ("{{{{x}}" still finds x).
                out.push_str("{{");
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders left unfilled in a rendered text (`{{order}}`), for a warning.
pub fn unfilled(rendered: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = rendered;
    while let Some(open) = rest.find("{{") {
        let inner = &rest[open + 2..];
        let Some(close) = inner.find("}}") else {
            break;
        };
        let name = inner[..close].trim();
        if !name.is_empty() && !name.contains('{') && !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
        rest = &inner[close + 2..];
    }
    names
}

#[cfg(test)]
pub(crate) mod tests {
    use ayuda_api::{Level, SlaState, StaffSla, Status, Tier};

    use super::*;

    /// A ticket for the desk's pure modules' tests.
    pub(crate) fn ticket() -> StaffTicket {
        StaffTicket {
            id: 42,
            public_id: "0".repeat(32),
            site: "demo".to_owned(),
            subject: "No puedo facturar".to_owned(),
            status: Status::Open,
            level: Level::L2,
            tier: Tier::FirstLine,
            group: None,
            assignee_id: Some(3),
            tags: Vec::new(),
            category: None,
            channel: "widget".to_owned(),
            locale: "es".to_owned(),
            name: "Ana María López".to_owned(),
            email: "ana@example.com".to_owned(),
            company: None,
            user_id: None,
            created_at: 0,
            updated_at: 0,
            first_response_at: None,
            solved_at: None,
            reopened: 0,
            agent_replies: 0,
            handle_seconds: 0,
            sla: StaffSla {
                first_response_due: None,
                resolution_due: None,
                next_due: None,
                state: SlaState::Ok,
                first_response_breached: false,
                resolution_breached: false,
            },
            csat: None,
            merged_into: None,
            snoozed_until: None,
        }
    }

    #[test]
    fn fills_what_the_server_fills() {
        let values = values(&ticket(), "Luis");
        assert_eq!(
            render(
                "Hola {{user.first_name}} ({{ user.email }}): sobre «{{ticket.subject}}» \
                 (#{{ticket.id}}), {{agent.name}}. {{order}}",
                &values
            ),
            "Hola Ana (ana@example.com): sobre «No puedo facturar» (#42), Luis. {{order}}"
        );
        assert_eq!(render("{{user.name}}", &values), "Ana María López");
    }

    #[test]
    fn odd_braces_and_values_are_text() {
        let values = vec![("agent.name", "<b>{{user.name}}</b>".to_owned())];
        assert_eq!(render("{{agent.name}}", &values), "<b>{{user.name}}</b>");
        assert_eq!(render("{{agent.name", &values), "{{agent.name");
        assert_eq!(render("}} {{}} {", &values), "}} {{}} {");
        assert_eq!(
            render("{{{{agent.name}}", &values),
            "{{<b>{{user.name}}</b>"
        );
        assert_eq!(render("", &values), "");
    }

    #[test]
    fn lists_what_is_left_unfilled() {
        assert_eq!(
            unfilled("Pedido {{order}}, {{ order }} y {{plan}}; {{"),
            vec!["order".to_owned(), "plan".to_owned()]
        );
        assert!(unfilled("Hola Ana").is_empty());
    }
}
