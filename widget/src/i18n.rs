//! Every string the panel shows, in Spanish and English, and how the panel picks its locale.
//!
//! [`tr`] is one `match` that yields both translations of a [`Text`] at once, so a string
//! missing in one language is a compile error rather than a blank button.

/// A language the panel's own strings exist in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    Es,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Es, Locale::En];

    /// The UI language for a BCP 47 tag (`es`, `es-MX`, `EN_us`); `None` for languages the
    /// panel has no strings in.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        match primary_subtag(tag).as_str() {
            "es" => Some(Locale::Es),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The UI language for a content locale: its own when we have it, else English, the
    /// language more visitors of an untranslated locale are likely to read.
    pub fn for_content(tag: &str) -> Locale {
        Locale::from_tag(tag).unwrap_or(Locale::En)
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::Es => "es",
            Locale::En => "en",
        }
    }
}

/// A UI string. Add a variant here and the compiler asks for both translations in [`tr`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Text {
    Help,
    HowCanWeHelp,
    SearchLabel,
    SearchPlaceholder,
    Back,
    Close,
    SuggestedForPage,
    PopularArticles,
    Results,
    Loading,
    ContactUs,
    ContactHint,
    ContactComing,
    ConnectionError,
    Retry,
    ArticleGone,
    Related,
    WasHelpful,
    Yes,
    No,
    VoteThanks,
    OpenInNewTab,
    Table,
}

impl Text {
    /// Every variant, for the test that checks each has two non-empty translations.
    pub const ALL: [Text; 23] = [
        Text::Help,
        Text::HowCanWeHelp,
        Text::SearchLabel,
        Text::SearchPlaceholder,
        Text::Back,
        Text::Close,
        Text::SuggestedForPage,
        Text::PopularArticles,
        Text::Results,
        Text::Loading,
        Text::ContactUs,
        Text::ContactHint,
        Text::ContactComing,
        Text::ConnectionError,
        Text::Retry,
        Text::ArticleGone,
        Text::Related,
        Text::WasHelpful,
        Text::Yes,
        Text::No,
        Text::VoteThanks,
        Text::OpenInNewTab,
        Text::Table,
    ];
}

/// The string for `text` in `locale`.
pub fn tr(locale: Locale, text: Text) -> &'static str {
    let (es, en) = match text {
        Text::Help => ("Ayuda", "Help"),
        Text::HowCanWeHelp => ("¿En qué podemos ayudarte?", "How can we help?"),
        Text::SearchLabel => ("Buscar en la ayuda", "Search help articles"),
        Text::SearchPlaceholder => ("Describe tu duda", "Describe your question"),
        Text::Back => ("Volver", "Back"),
        Text::Close => ("Cerrar ayuda", "Close help"),
        Text::SuggestedForPage => ("Sugerencias para esta página", "Suggested for this page"),
        Text::PopularArticles => ("Artículos populares", "Popular articles"),
        Text::Results => ("Resultados", "Results"),
        Text::Loading => ("Cargando…", "Loading…"),
        Text::ContactUs => ("Contáctanos", "Contact us"),
        Text::ContactHint => (
            "¿No encuentras lo que buscas? Escríbenos.",
            "Can't find what you need? Write to us.",
        ),
        Text::ContactComing => (
            "Muy pronto podrás escribirnos desde aquí. El formulario de contacto está en camino.",
            "Soon you will be able to write to us from here. The contact form is on its way.",
        ),
        Text::ConnectionError => (
            "No pudimos conectar con el centro de ayuda.",
            "We couldn't reach the help center.",
        ),
        Text::Retry => ("Reintentar", "Retry"),
        Text::ArticleGone => (
            "Este artículo ya no está disponible.",
            "This article is no longer available.",
        ),
        Text::Related => ("Artículos relacionados", "Related articles"),
        Text::WasHelpful => ("¿Te resultó útil?", "Was this helpful?"),
        Text::Yes => ("Sí", "Yes"),
        Text::No => ("No", "No"),
        Text::VoteThanks => ("¡Gracias por tu opinión!", "Thanks for your feedback!"),
        Text::OpenInNewTab => ("Abrir en una pestaña nueva", "Open in a new tab"),
        Text::Table => ("Tabla", "Table"),
    };
    match locale {
        Locale::Es => es,
        Locale::En => en,
    }
}

/// The live-region announcement for a rendered result list: "3 resultados", "1 result".
pub fn results_count(locale: Locale, total: usize) -> String {
    let noun = match (locale, total) {
        (Locale::Es, 1) => "resultado",
        (Locale::Es, _) => "resultados",
        (Locale::En, 1) => "result",
        (Locale::En, _) => "results",
    };
    format!("{total} {noun}")
}

/// The empty state. `query` is the user's own text; callers must render it as text.
pub fn nothing_found(locale: Locale, query: &str) -> String {
    match locale {
        Locale::Es => format!("No encontramos nada para «{query}»"),
        Locale::En => format!("We found nothing for “{query}”"),
    }
}

/// The lowercase primary language subtag of a BCP 47 tag: `es-MX` → `es`.
fn primary_subtag(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Picks the content locale: an explicit choice (script tag, `setLocale`, frame URL) when the
/// site has content in it, else the first browser language the site has, else the site's
/// default. Tags match exactly or by primary subtag (`es-MX` → `es`) and the site's own
/// spelling is returned.
///
/// When the site's locales are not known yet (`site_locales` empty), an explicit choice is
/// taken as is, then the first browser language we have strings for.
pub fn resolve_locale(
    explicit: Option<&str>,
    browser: &[String],
    site_locales: &[String],
    site_default: &str,
) -> String {
    let find = |wanted: &str| -> Option<String> {
        let wanted = wanted.trim();
        if wanted.is_empty() {
            return None;
        }
        site_locales
            .iter()
            .find(|l| l.eq_ignore_ascii_case(wanted))
            .or_else(|| {
                let primary = primary_subtag(wanted);
                site_locales.iter().find(|l| primary_subtag(l) == primary)
            })
            .cloned()
    };
    if site_locales.is_empty() {
        if let Some(tag) = explicit.map(str::trim).filter(|t| !t.is_empty()) {
            return primary_subtag(tag);
        }
        if let Some(ui) = browser.iter().find_map(|b| Locale::from_tag(b)) {
            return ui.tag().to_owned();
        }
    }
    explicit
        .and_then(find)
        .or_else(|| browser.iter().find_map(|b| find(b)))
        .unwrap_or_else(|| {
            let default = site_default.trim();
            if default.is_empty() {
                Locale::default().tag().to_owned()
            } else {
                default.to_owned()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn every_text_has_both_translations() {
        for text in Text::ALL {
            for locale in Locale::ALL {
                assert!(
                    !tr(locale, text).trim().is_empty(),
                    "{text:?} in {locale:?}"
                );
            }
        }
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(results_count(Locale::Es, 1), "1 resultado");
        assert_eq!(results_count(Locale::Es, 3), "3 resultados");
        assert_eq!(results_count(Locale::En, 0), "0 results");
        assert_eq!(results_count(Locale::En, 1), "1 result");
    }

    #[test]
    fn explicit_locale_wins_when_the_site_has_it() {
        let site = tags(&["es", "en"]);
        assert_eq!(
            resolve_locale(Some("en"), &tags(&["es"]), &site, "es"),
            "en"
        );
        assert_eq!(resolve_locale(Some("EN-gb"), &[], &site, "es"), "en");
    }

    #[test]
    fn unknown_explicit_locale_falls_back_to_browser_then_default() {
        let site = tags(&["es", "en"]);
        assert_eq!(
            resolve_locale(Some("fr"), &tags(&["en-US"]), &site, "es"),
            "en"
        );
        assert_eq!(
            resolve_locale(Some("fr"), &tags(&["de"]), &site, "es"),
            "es"
        );
        assert_eq!(
            resolve_locale(None, &tags(&["de", "es-MX"]), &site, "en"),
            "es"
        );
        assert_eq!(resolve_locale(None, &[], &site, "en"), "en");
    }

    #[test]
    fn before_the_config_arrives_explicit_then_browser() {
        assert_eq!(resolve_locale(Some("en"), &tags(&["es"]), &[], ""), "en");
        assert_eq!(resolve_locale(None, &tags(&["de", "en-US"]), &[], ""), "en");
        assert_eq!(resolve_locale(None, &tags(&["de"]), &[], ""), "es");
    }

    #[test]
    fn ui_locale_for_content() {
        assert_eq!(Locale::for_content("es-MX"), Locale::Es);
        assert_eq!(Locale::for_content("en"), Locale::En);
        assert_eq!(Locale::for_content("pt"), Locale::En);
    }
}
