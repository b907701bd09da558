//! The sentences of the routing, macros, agents and backups pages, in Spanish and English:
//! those with a number, a name or a problem in them (the fixed strings are
//! `i18n::SettingsText`).

use crate::i18n::Locale;
use crate::settings_rules::{ConditionKind, RuleProblem};
use crate::settings_team::{AgentProblem, MAX_CAPACITY, MacroProblem};

fn pick(locale: Locale, es: String, en: String) -> String {
    match locale {
        Locale::Es => es,
        Locale::En => en,
    }
}

pub fn rule_title(locale: Locale, number: usize) -> String {
    pick(locale, format!("Regla {number}"), format!("Rule {number}"))
}

pub fn rule_problem(locale: Locale, number: usize, problem: &RuleProblem) -> String {
    match problem {
        RuleProblem::EmptyCondition(index) => pick(
            locale,
            format!("Regla {number}: completa la condición {}.", index + 1),
            format!("Rule {number}: fill in condition {}.", index + 1),
        ),
        RuleProblem::BadGroup => pick(
            locale,
            format!("Regla {number}: el equipo debe tener de 1 a 64 minúsculas, cifras o _ - . :"),
            format!("Rule {number}: the team must be 1 to 64 lowercase letters, digits or _ - . :"),
        ),
        RuleProblem::BadTag(tag) => pick(
            locale,
            format!("Regla {number}: «{tag}» no vale como etiqueta (minúsculas, cifras, _ - . :)."),
            format!(
                "Rule {number}: “{tag}” is not a valid tag (lowercase letters, digits, _ - . :)."
            ),
        ),
    }
}

pub fn condition_kind_name(locale: Locale, kind: ConditionKind) -> String {
    let (es, en) = match kind {
        ConditionKind::Site => ("El sitio es", "The site is"),
        ConditionKind::Category => ("La categoría es", "The category is"),
        ConditionKind::Level => ("El nivel", "The level"),
        ConditionKind::Language => ("El idioma es", "The language is"),
        ConditionKind::UserAttribute => ("Un atributo del usuario", "A user attribute"),
        ConditionKind::Keywords => ("Contiene alguna palabra", "It mentions any of"),
    };
    pick(locale, es.to_owned(), en.to_owned())
}

/// The value field's label for a condition of `kind`.
pub fn condition_label(locale: Locale, kind: ConditionKind) -> String {
    let (es, en) = match kind {
        ConditionKind::Site => ("Clave del sitio", "Site key"),
        ConditionKind::Category => ("Clave de la categoría", "Category key"),
        ConditionKind::Level => ("Nivel", "Level"),
        ConditionKind::Language => ("Idioma (es, en…)", "Language (es, en…)"),
        ConditionKind::UserAttribute => ("Atributo", "Attribute"),
        ConditionKind::Keywords => ("Palabras o frases", "Words or phrases"),
    };
    pick(locale, es.to_owned(), en.to_owned())
}

pub fn bad_attribute_line(locale: Locale, line: usize) -> String {
    pick(
        locale,
        format!("La línea {line} no es clave=valor."),
        format!("Line {line} is not key=value."),
    )
}

/// "Rule 2 matched." / "No rule matched: …".
pub fn routed_summary(locale: Locale, rule: Option<usize>) -> String {
    match rule {
        Some(n) => pick(
            locale,
            format!("Cumple la regla {n}."),
            format!("Rule {n} matched."),
        ),
        None => pick(
            locale,
            "Ninguna regla se cumple: conserva su nivel y espera en la cola común.".to_owned(),
            "No rule matched: it keeps its level and waits in the shared queue.".to_owned(),
        ),
    }
}

pub fn confirm_delete_macro(locale: Locale, name: &str) -> String {
    pick(
        locale,
        format!("¿Eliminar la macro «{name}»? Los agentes dejarán de poder aplicarla."),
        format!("Delete the macro “{name}”? Agents can no longer apply it."),
    )
}

pub fn macro_notice(locale: Locale, name: &str, created: bool) -> String {
    match (locale, created) {
        (Locale::Es, true) => format!("Macro «{name}» creada."),
        (Locale::Es, false) => format!("Macro «{name}» guardada."),
        (Locale::En, true) => format!("Macro “{name}” created."),
        (Locale::En, false) => format!("Macro “{name}” saved."),
    }
}

pub fn macro_deleted(locale: Locale, name: &str) -> String {
    pick(
        locale,
        format!("Macro «{name}» eliminada."),
        format!("Macro “{name}” deleted."),
    )
}

pub fn macro_problem(locale: Locale, problem: &MacroProblem) -> String {
    match problem {
        MacroProblem::Name => pick(
            locale,
            "Ponle un nombre de hasta 100 caracteres.".to_owned(),
            "Give it a name of up to 100 characters.".to_owned(),
        ),
        MacroProblem::Tag(tag) => pick(
            locale,
            format!("«{tag}» no vale como etiqueta (minúsculas, cifras, _ - . :)."),
            format!("“{tag}” is not a valid tag (lowercase letters, digits, _ - . :)."),
        ),
    }
}

pub fn unknown_placeholders_text(locale: Locale, names: &[String]) -> String {
    let list = names
        .iter()
        .map(|name| format!("{{{{{name}}}}}"))
        .collect::<Vec<_>>()
        .join(", ");
    pick(
        locale,
        format!("No se rellenará (se enviará tal cual): {list}."),
        format!("Not filled in (sent as written): {list}."),
    )
}

/// "3 open of 10 · last seen …".
pub fn agent_load(locale: Locale, open: i64, capacity: Option<u32>, seen: Option<&str>) -> String {
    let load = match (locale, capacity) {
        (Locale::Es, Some(c)) => format!("{open} abiertas de {c}"),
        (Locale::Es, None) => format!("{open} abiertas, sin límite"),
        (Locale::En, Some(c)) => format!("{open} open of {c}"),
        (Locale::En, None) => format!("{open} open, no limit"),
    };
    match (locale, seen) {
        (Locale::Es, Some(seen)) => format!("{load} · visto {seen}"),
        (Locale::En, Some(seen)) => format!("{load} · last seen {seen}"),
        (_, None) => load,
    }
}

pub fn agent_problem(locale: Locale, problem: &AgentProblem) -> String {
    match problem {
        AgentProblem::Name => pick(
            locale,
            "Escribe un nombre de hasta 100 caracteres.".to_owned(),
            "Enter a name of up to 100 characters.".to_owned(),
        ),
        AgentProblem::Group(group) => pick(
            locale,
            format!("«{group}» no vale como equipo (minúsculas, cifras, _ - . :; hasta 50)."),
            format!(
                "“{group}” is not a valid team (lowercase letters, digits, _ - . :; up to 50)."
            ),
        ),
        AgentProblem::Capacity => pick(
            locale,
            format!("Un número de 1 a {MAX_CAPACITY}, o vacío para no limitar."),
            format!("A number from 1 to {MAX_CAPACITY}, or empty for no limit."),
        ),
    }
}

pub fn agent_saved(locale: Locale, name: &str) -> String {
    pick(
        locale,
        format!("{name}: guardado."),
        format!("{name}: saved."),
    )
}

pub fn backup_done(locale: Locale, name: &str) -> String {
    pick(
        locale,
        format!("Copia hecha: {name}."),
        format!("Backup made: {name}."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_carry_their_values() {
        assert_eq!(rule_title(Locale::Es, 2), "Regla 2");
        assert_eq!(routed_summary(Locale::En, Some(3)), "Rule 3 matched.");
        assert_eq!(
            unknown_placeholders_text(Locale::En, &["order".into()]),
            "Not filled in (sent as written): {{order}}."
        );
        assert_eq!(agent_load(Locale::En, 3, Some(10), None), "3 open of 10");
        assert_eq!(
            agent_load(Locale::Es, 2, None, Some("hoy")),
            "2 abiertas, sin límite · visto hoy"
        );
        assert!(
            rule_problem(Locale::En, 4, &RuleProblem::EmptyCondition(1)).contains("condition 2")
        );
        for kind in ConditionKind::ALL {
            for locale in Locale::ALL {
                assert!(!condition_kind_name(locale, kind).is_empty());
                assert!(!condition_label(locale, kind).is_empty());
            }
        }
        assert!(confirm_delete_macro(Locale::Es, "Gracias").contains("Gracias"));
        assert!(agent_problem(Locale::En, &AgentProblem::Capacity).contains("1000"));
        assert!(macro_problem(Locale::En, &MacroProblem::Tag("a b".into())).contains("a b"));
    }
}
