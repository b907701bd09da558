//! Locale codes (`es`, `en`, `pt-BR`): validation, normalisation and the stemmer each one uses.

use tantivy::tokenizer::Language;

/// True for a canonical locale code: a 2–3 letter lowercase language, optionally followed by
/// `-` and a region (two uppercase letters or three digits): `es`, `en`, `ast`, `pt-BR`, `es-419`.
///
/// The canonical form is required (not just accepted case-insensitively) because locales name
/// directories of the search index: one spelling per locale keeps `pt-BR` and `pt-br` from
/// becoming two indexes, even on case-insensitive file systems. Use [`normalize`] on user input.
pub fn is_valid_locale(s: &str) -> bool {
    let (language, region) = match s.split_once('-') {
        Some((language, region)) => (language, Some(region)),
        None => (s, None),
    };
    let language_ok =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok = match region {
        None => true,
        Some(r) => {
            (r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()))
                || (r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit()))
        }
    };
    language_ok && region_ok
}

/// Turns a loosely written locale (`PT_br`, ` ES `) into its canonical form (`pt-BR`, `es`),
/// or `None` when it cannot be one.
pub fn normalize(s: &str) -> Option<String> {
    let s = s.trim().replace('_', "-");
    let canonical = match s.split_once('-') {
        Some((language, region)) => {
            format!(
                "{}-{}",
                language.to_ascii_lowercase(),
                region.to_ascii_uppercase()
            )
        }
        None => s.to_ascii_lowercase(),
    };
    is_valid_locale(&canonical).then_some(canonical)
}

/// The language part of a locale: `pt` for `pt-BR`.
pub fn language_part(locale: &str) -> &str {
    locale.split('-').next().unwrap_or(locale)
}

/// The Snowball stemmer language for a locale, or `None` when tantivy has no stemmer for it
/// (those locales are still searched accent- and case-insensitively, just without stemming).
pub fn language_of(locale: &str) -> Option<Language> {
    let language = match language_part(locale) {
        "ar" => Language::Arabic,
        "da" => Language::Danish,
        "nl" => Language::Dutch,
        "en" => Language::English,
        "fi" => Language::Finnish,
        "fr" => Language::French,
        "de" => Language::German,
        "el" => Language::Greek,
        "hu" => Language::Hungarian,
        "it" => Language::Italian,
        "no" | "nb" | "nn" => Language::Norwegian,
        "pt" => Language::Portuguese,
        "ro" => Language::Romanian,
        "ru" => Language::Russian,
        "es" => Language::Spanish,
        "sv" => Language::Swedish,
        "ta" => Language::Tamil,
        "tr" => Language::Turkish,
        _ => return None,
    };
    Some(language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_locales() {
        for ok in ["es", "en", "pt-BR", "ast", "es-419", "zh-TW"] {
            assert!(is_valid_locale(ok), "{ok}");
        }
    }

    #[test]
    fn invalid_locales() {
        for bad in [
            "", "e", "espa", "ES", "pt-br", "pt_BR", "pt-", "-BR", "es-ES-x", "es-4190", "../en",
            "en ", "é", "es-1A",
        ] {
            assert!(!is_valid_locale(bad), "{bad:?}");
        }
    }

    #[test]
    fn normalizes_loose_spellings() {
        assert_eq!(normalize("PT_br").as_deref(), Some("pt-BR"));
        assert_eq!(normalize(" ES ").as_deref(), Some("es"));
        assert_eq!(normalize("es-419").as_deref(), Some("es-419"));
        assert_eq!(normalize("../etc"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn stemmer_languages() {
        assert_eq!(language_of("es"), Some(Language::Spanish));
        assert_eq!(language_of("es-MX"), Some(Language::Spanish));
        assert_eq!(language_of("en"), Some(Language::English));
        assert_eq!(language_of("pt-BR"), Some(Language::Portuguese));
        assert_eq!(language_of("nb"), Some(Language::Norwegian));
        assert_eq!(language_of("ja"), None);
        assert_eq!(language_part("pt-BR"), "pt");
    }
}
