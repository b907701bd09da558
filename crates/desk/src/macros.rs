//! Macros: canned replies with `{{placeholders}}` plus field changes, applied in one call.
//!
//! Rendering is plain text substitution: values are inserted verbatim (no HTML escaping or
//! interpretation; replies are stored and shown as text) and are not scanned again, so a value
//! containing `{{…}}` is never expanded. Unknown placeholders are left as written so an agent
//! sees what is missing before sending.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::level::Level;
use crate::status::Status;

/// A canned reply plus field changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Macro {
    /// Reply text with `{{placeholders}}` such as `{{user.name}}`.
    pub reply: String,
    /// Status to set, if any.
    pub set_status: Option<Status>,
    /// Tags to add.
    #[serde(default)]
    pub add_tags: Vec<String>,
    /// Level to set, if any.
    pub set_level: Option<Level>,
}

impl Macro {
    /// The reply text with `values` filled in; see [`render`].
    pub fn render_reply(&self, values: &HashMap<&str, &str>) -> String {
        render(&self.reply, values)
    }
}

/// Replaces each `{{name}}` (whitespace around the name is allowed) with `values[name]`;
/// unknown names and unterminated `{{` are left as they are.
pub fn render(template: &str, values: &HashMap<&str, &str>) -> String {
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
        match values.get(name) {
            Some(value) => {
                out.push_str(value);
                rest = &inner[close + 2..];
            }
            None => {
                // Keep the braces and resume right after them, so that "{{{{x}}" still finds
                // the inner placeholder.
                out.push_str("{{");
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> HashMap<&'static str, &'static str> {
        HashMap::from([
            ("user.name", "Ana"),
            ("agent", "Luis"),
            ("html", "<b>{{agent}}</b>"),
        ])
    }

    #[test]
    fn fills_known_placeholders_and_keeps_unknown_ones() {
        let text = render(
            "Hola {{user.name}}, soy {{ agent }}. Tu pedido {{order}}.",
            &values(),
        );
        assert_eq!(text, "Hola Ana, soy Luis. Tu pedido {{order}}.");
    }

    #[test]
    fn values_are_text_and_not_expanded_again() {
        assert_eq!(render("{{html}}", &values()), "<b>{{agent}}</b>");
    }

    #[test]
    fn odd_braces() {
        assert_eq!(render("{{user.name", &values()), "{{user.name");
        assert_eq!(render("}} {{}} {", &values()), "}} {{}} {");
        assert_eq!(render("{{{{agent}}", &values()), "{{Luis");
        assert_eq!(render("ñ{{agent}}ü", &values()), "ñLuisü");
        assert_eq!(render("", &values()), "");
    }

    #[test]
    fn macro_renders_its_reply() {
        let m = Macro {
            reply: "Gracias, {{user.name}}.".to_owned(),
            set_status: Some(Status::Solved),
            add_tags: vec!["thanks".to_owned()],
            set_level: None,
        };
        assert_eq!(m.render_reply(&values()), "Gracias, Ana.");
    }
}
