//! The languages the console speaks, and how it picks one.

/// A language the console's own strings exist in (and, for now, the content locales).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    Es,
    #[default]
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Es, Locale::En];

    /// The locale for one of our own tags (`es`, `en`), as stored or sent in a query.
    pub fn parse(tag: &str) -> Option<Locale> {
        match tag {
            "es" => Some(Locale::Es),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The UI language for the browser's `navigator.language`: Spanish for any `es*` tag,
    /// English for everything else (and when the browser says nothing).
    pub fn from_browser(tag: Option<&str>) -> Locale {
        let primary = tag
            .unwrap_or_default()
            .split(['-', '_'])
            .next()
            .unwrap_or_default();
        if primary.eq_ignore_ascii_case("es") {
            Locale::Es
        } else {
            Locale::En
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::Es => "es",
            Locale::En => "en",
        }
    }

    /// The language's own name, for the language switch (the same in either UI language, so
    /// someone who cannot read the current one still finds theirs).
    pub fn autonym(self) -> &'static str {
        match self {
            Locale::Es => "Español",
            Locale::En => "English",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_language_picks_spanish_for_any_es_tag() {
        assert_eq!(Locale::from_browser(Some("es")), Locale::Es);
        assert_eq!(Locale::from_browser(Some("es-MX")), Locale::Es);
        assert_eq!(Locale::from_browser(Some("ES_es")), Locale::Es);
        assert_eq!(Locale::from_browser(Some("en-GB")), Locale::En);
        assert_eq!(Locale::from_browser(Some("fr")), Locale::En);
        assert_eq!(Locale::from_browser(Some("est")), Locale::En);
        assert_eq!(Locale::from_browser(Some("")), Locale::En);
        assert_eq!(Locale::from_browser(None), Locale::En);
    }

    #[test]
    fn stored_tags_parse_exactly() {
        for locale in Locale::ALL {
            assert_eq!(Locale::parse(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::parse("ES"), None);
        assert_eq!(Locale::parse("garbage"), None);
    }
}
