//! How a new article may start, carried by its address: from the content gaps ("Write an
//! article for this": `/console/articles/new?title=…&locale=…`, a title and a language) or from
//! the translations screen (`/console/articles/new?translation_of=42&locale=en`: article 42's
//! content to translate, in its translation group, in another language).

use crate::i18n::Locale;
use crate::query;

/// The new article's address (`route::Route::NewArticle` without a seed; written out here
/// because the route module reads this one).
const NEW_ARTICLE: &str = "/console/articles/new";

/// The longest title taken from an address: an article's title is at most 200 characters.
const MAX_TITLE_CHARS: usize = 200;

/// What a new article starts with. The default starts empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleSeed {
    /// The title to start with (empty: none).
    pub title: String,
    /// The article's language.
    pub locale: Option<Locale>,
    /// The article this one translates: its title, body, tags, contexts, sites and translation
    /// key are copied.
    pub translation_of: Option<i64>,
}

impl ArticleSeed {
    /// Reads an address's query. Unknown names and values are ignored: a hand-edited address
    /// starts an article rather than failing.
    pub fn from_query(search: &str) -> Self {
        let mut seed = Self::default();
        for (name, value) in query::pairs(search) {
            match name.as_str() {
                "title" => seed.title = value.trim().chars().take(MAX_TITLE_CHARS).collect(),
                "locale" => seed.locale = Locale::parse(value.trim()),
                "translation_of" => seed.translation_of = positive_id(value.trim()),
                _ => {}
            }
        }
        seed
    }

    /// The query for this seed (`""` for an empty one).
    pub fn to_query(&self) -> String {
        let mut pairs = Vec::new();
        if !self.title.is_empty() {
            pairs.push(("title", self.title.clone()));
        }
        if let Some(id) = self.translation_of {
            pairs.push(("translation_of", id.to_string()));
        }
        if let Some(locale) = self.locale {
            pairs.push(("locale", locale.tag().to_owned()));
        }
        query::build(&pairs)
    }

    /// A new article with this title (and language, when given).
    pub fn titled(title: &str, locale: Option<Locale>) -> Self {
        Self {
            title: title.trim().chars().take(MAX_TITLE_CHARS).collect(),
            locale,
            translation_of: None,
        }
    }

    /// A translation of article `source` into `locale`.
    pub fn translation(source: i64, locale: Locale) -> Self {
        Self {
            title: String::new(),
            locale: Some(locale),
            translation_of: Some(source),
        }
    }
}

/// `/console/articles/new?title=…&locale=…`: "Write an article for this", from a search that
/// found nothing (its text as the title, in its language).
pub fn write_for_query_href(query: &str, locale: &str) -> String {
    let title: String = query.trim().chars().take(MAX_TITLE_CHARS).collect();
    let mut pairs = vec![("title", title)];
    if !locale.trim().is_empty() {
        pairs.push(("locale", locale.trim().to_owned()));
    }
    format!("{NEW_ARTICLE}{}", query::build(&pairs))
}

/// `/console/articles/new?translation_of={id}&locale={xx}`: a translation of article `source`
/// into `locale`.
pub fn translate_href(source: i64, locale: &str) -> String {
    let pairs = [
        ("translation_of", source.to_string()),
        ("locale", locale.trim().to_owned()),
    ];
    format!("{NEW_ARTICLE}{}", query::build(&pairs))
}

/// An id as written in an address: digits only, above zero.
fn positive_id(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_seed_has_a_plain_address() {
        assert_eq!(ArticleSeed::default().to_query(), "");
        assert_eq!(ArticleSeed::from_query(""), ArticleSeed::default());
    }

    #[test]
    fn a_title_and_a_language() {
        let seed = ArticleSeed::from_query("?title=cambiar+el+IVA&locale=es");
        assert_eq!(
            seed,
            ArticleSeed::titled("cambiar el IVA", Some(Locale::Es))
        );
        assert_eq!(seed.to_query(), "?title=cambiar%20el%20IVA&locale=es");
        assert_eq!(ArticleSeed::from_query(&seed.to_query()), seed);
    }

    #[test]
    fn a_translation() {
        let seed = ArticleSeed::from_query("?translation_of=42&locale=en");
        assert_eq!(seed, ArticleSeed::translation(42, Locale::En));
        assert_eq!(seed.to_query(), "?translation_of=42&locale=en");
        assert_eq!(ArticleSeed::from_query(&seed.to_query()), seed);
    }

    #[test]
    fn links_from_other_screens() {
        assert_eq!(
            write_for_query_href(" cambiar IVA ", "es"),
            "/console/articles/new?title=cambiar%20IVA&locale=es"
        );
        assert_eq!(
            ArticleSeed::from_query("?title=cambiar%20IVA&locale=es"),
            ArticleSeed::titled("cambiar IVA", Some(Locale::Es))
        );
        assert_eq!(
            translate_href(42, "en"),
            "/console/articles/new?translation_of=42&locale=en"
        );
        assert_eq!(
            format!(
                "{NEW_ARTICLE}{}",
                ArticleSeed::translation(42, Locale::En).to_query()
            ),
            translate_href(42, "en")
        );
    }

    #[test]
    fn bad_values_are_ignored_and_long_titles_cut() {
        let seed = ArticleSeed::from_query("?translation_of=-4&locale=xx&title=%20%20&x=1");
        assert_eq!(seed, ArticleSeed::default());
        for bad in ["0", "4x", "%2B4", "-4", "99999999999999999999", ""] {
            assert_eq!(
                ArticleSeed::from_query(&format!("?translation_of={bad}")).translation_of,
                None,
                "{bad}"
            );
        }
        let long = "a".repeat(500);
        let seed = ArticleSeed::from_query(&format!("?title={long}"));
        assert_eq!(seed.title.chars().count(), MAX_TITLE_CHARS);
        assert_eq!(
            ArticleSeed::titled(&long, None).title.len(),
            MAX_TITLE_CHARS
        );
    }
}
