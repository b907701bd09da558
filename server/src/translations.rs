//! Translation groups: the articles sharing a translation key, the first one as the source,
//! and per locale of the help centre whether its translation is missing, out of date (the
//! source's content changed after the translation's last version) or current. Pure.

use ayuda_api::{ArticleStatus, TranslationGroup, TranslationRef, TranslationSlot};
use ayuda_store::TranslationMember;

use crate::time::rfc3339;

pub const MISSING: &str = "missing";
pub const OUTDATED: &str = "outdated";
pub const CURRENT: &str = "current";

fn reference(member: &TranslationMember) -> TranslationRef {
    TranslationRef {
        id: member.id,
        locale: member.locale.clone(),
        title: member.title.clone(),
        status: ArticleStatus::parse(&member.status).unwrap_or(ArticleStatus::Draft),
        changed_at: rfc3339(member.changed_at),
    }
}

/// Groups `members` (ordered by key, then creation, as the store gives them) over `locales`.
pub fn groups(members: &[TranslationMember], locales: &[String]) -> Vec<TranslationGroup> {
    members
        .chunk_by(|a, b| a.translation_key == b.translation_key)
        .filter_map(|group| {
            let source = group.first()?;
            let translations = locales
                .iter()
                .filter(|locale| **locale != source.locale)
                .map(|locale| {
                    // Two articles of one key in one locale: the newest content speaks for it.
                    let article = group
                        .iter()
                        .filter(|m| &m.locale == locale)
                        .max_by_key(|m| m.changed_at);
                    let state = match article {
                        None => MISSING,
                        Some(m) if m.changed_at < source.changed_at => OUTDATED,
                        Some(_) => CURRENT,
                    };
                    TranslationSlot {
                        locale: locale.clone(),
                        state: state.to_owned(),
                        article: article.map(reference),
                    }
                })
                .collect();
            Some(TranslationGroup {
                translation_key: source.translation_key.clone(),
                source: reference(source),
                translations,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: i64, key: &str, locale: &str, created: i64, changed: i64) -> TranslationMember {
        TranslationMember {
            id,
            translation_key: key.to_owned(),
            locale: locale.to_owned(),
            status: "published".to_owned(),
            title: format!("{key} {locale}"),
            created_at: created,
            changed_at: changed,
        }
    }

    #[test]
    fn missing_outdated_and_current() {
        let locales = vec!["es".to_owned(), "en".to_owned(), "pt".to_owned()];
        let members = vec![
            // The Spanish source changed at 50, after the English translation (40).
            member(1, "factura", "es", 10, 50),
            member(2, "factura", "en", 20, 40),
            // The English source; its Spanish translation is newer: current.
            member(3, "pago", "en", 10, 30),
            member(4, "pago", "es", 15, 31),
        ];
        let groups = groups(&members, &locales);
        assert_eq!(groups.len(), 2);
        let states = |g: &TranslationGroup| -> Vec<(String, String)> {
            g.translations
                .iter()
                .map(|s| (s.locale.clone(), s.state.clone()))
                .collect()
        };
        assert_eq!(groups[0].source.id, 1);
        assert_eq!(
            states(&groups[0]),
            vec![
                ("en".into(), OUTDATED.into()),
                ("pt".into(), MISSING.into())
            ]
        );
        assert_eq!(groups[1].source.locale, "en");
        assert_eq!(
            states(&groups[1]),
            vec![("es".into(), CURRENT.into()), ("pt".into(), MISSING.into())]
        );
    }
}
