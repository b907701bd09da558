//! The editors' translations and reviews, the pure parts: their filters ↔ address ↔ API query,
//! the translation groups flattened into the list's rows, an article's pair (its source and
//! its translation) found in a group, and the source version a translation was made from.

use ayuda_api::{ArticleVersion, TranslationGroup, TranslationRef};

use crate::i18n::Locale;
use crate::paging::{self, MAX_PAGE, PAGE_SIZE};
use crate::period::parse_time_ms;
use crate::query;

/// Which translations the list shows (the API's `state`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Wanted {
    /// Missing or out of date (the default).
    #[default]
    Todo,
    Missing,
    Outdated,
}

impl Wanted {
    pub const ALL: [Wanted; 3] = [Wanted::Todo, Wanted::Missing, Wanted::Outdated];

    /// The wire word.
    pub fn as_str(self) -> &'static str {
        match self {
            Wanted::Todo => "todo",
            Wanted::Missing => "missing",
            Wanted::Outdated => "outdated",
        }
    }

    pub fn parse(word: &str) -> Option<Wanted> {
        Wanted::ALL
            .into_iter()
            .find(|wanted| wanted.as_str() == word)
    }
}

/// A translation slot's state, as the server names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SlotState {
    Missing,
    Outdated,
    Current,
}

impl SlotState {
    pub fn parse(word: &str) -> Option<SlotState> {
        match word {
            "missing" => Some(SlotState::Missing),
            "outdated" => Some(SlotState::Outdated),
            "current" => Some(SlotState::Current),
            _ => None,
        }
    }

    /// For the badge's class (`badge-missing`).
    pub fn as_str(self) -> &'static str {
        match self {
            SlotState::Missing => "missing",
            SlotState::Outdated => "outdated",
            SlotState::Current => "current",
        }
    }
}

/// The longest search text kept (the server looks at 200 characters at most).
const MAX_SEARCH_CHARS: usize = 200;

/// The search text from an address or the box, cut to [`MAX_SEARCH_CHARS`] (kept as typed: the
/// box shows what was typed; only the server's query is trimmed).
fn search_text(value: &str) -> String {
    value.chars().take(MAX_SEARCH_CHARS).collect()
}

/// The search text for the server's `q`, when there is one.
fn search_pair(q: &str) -> Option<(&'static str, String)> {
    let q = q.trim();
    (!q.is_empty()).then(|| ("q", q.to_owned()))
}

/// The search text for the address's `q`, as typed, when there is one.
fn address_pair(q: &str) -> Option<(&'static str, String)> {
    (!q.is_empty()).then(|| ("q", q.to_owned()))
}

/// Reads `page=` as the lists do: 1 when absent or unreadable, clamped to [`MAX_PAGE`].
fn page_number(value: &str) -> u32 {
    value
        .parse::<u32>()
        .map_or(1, |page| page.clamp(1, MAX_PAGE))
}

/// The translations list: `/console/translations?q=&locale=&state=&page=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationFilter {
    /// Only groups with this text in a member's title (any language), as typed.
    pub q: String,
    /// Only translations into this language.
    pub locale: Option<Locale>,
    pub wanted: Wanted,
    /// 1-based, counting translation groups (the API pages by group).
    pub page: u32,
}

impl Default for TranslationFilter {
    fn default() -> Self {
        Self {
            q: String::new(),
            locale: None,
            wanted: Wanted::Todo,
            page: 1,
        }
    }
}

impl TranslationFilter {
    /// Reads the address bar's query; what cannot be read is left at its default.
    pub fn from_query(search: &str) -> Self {
        let mut filter = Self::default();
        for (name, value) in query::pairs(search) {
            match name.as_str() {
                "q" => filter.q = search_text(&value),
                "locale" => filter.locale = Locale::parse(&value),
                "state" => filter.wanted = Wanted::parse(&value).unwrap_or_default(),
                "page" => filter.page = page_number(&value),
                _ => {}
            }
        }
        filter
    }

    /// The address bar's query, defaults left out.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<_> = address_pair(&self.q).into_iter().collect();
        if let Some(locale) = self.locale {
            pairs.push(("locale", locale.tag().to_owned()));
        }
        if self.wanted != Wanted::Todo {
            pairs.push(("state", self.wanted.as_str().to_owned()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        query::build(&pairs)
    }

    /// `GET /api/v1/translations?…` for this filter's page.
    pub fn api_url(&self) -> String {
        let mut pairs = vec![("state", self.wanted.as_str().to_owned())];
        if let Some(locale) = self.locale {
            pairs.push(("locale", locale.tag().to_owned()));
        }
        pairs.extend(search_pair(&self.q));
        pairs.push(("limit", PAGE_SIZE.to_string()));
        pairs.push(("offset", paging::offset(self.page).to_string()));
        format!("/api/v1/translations{}", query::build(&pairs))
    }

    /// The filter with a new search text, from the first page.
    pub fn with_q(&self, q: &str) -> Self {
        Self {
            q: search_text(q),
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_locale(&self, locale: Option<Locale>) -> Self {
        Self {
            locale,
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_wanted(&self, wanted: Wanted) -> Self {
        Self {
            wanted,
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page: page.clamp(1, MAX_PAGE),
            ..self.clone()
        }
    }
}

/// `GET /api/v1/translations?translation_key=…&state=all`: one article's group.
pub fn group_url(translation_key: &str) -> String {
    let pairs = [
        ("translation_key", translation_key.to_owned()),
        ("state", "all".to_owned()),
    ];
    format!("/api/v1/translations{}", query::build(&pairs))
}

/// One row of the translations list: a language an article still needs (or needs again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationTask {
    pub source: TranslationRef,
    /// The language the translation is (to be) in.
    pub locale: String,
    pub state: SlotState,
    /// The translation, when there is one.
    pub translation: Option<TranslationRef>,
}

/// The rows for `groups`: each slot that is missing or out of date, group by group.
pub fn tasks(groups: &[TranslationGroup]) -> Vec<TranslationTask> {
    groups
        .iter()
        .flat_map(|group| {
            group.translations.iter().filter_map(|slot| {
                let state = SlotState::parse(&slot.state)?;
                (state != SlotState::Current).then(|| TranslationTask {
                    source: group.source.clone(),
                    locale: slot.locale.clone(),
                    state,
                    translation: slot.article.clone(),
                })
            })
        })
        .collect()
}

/// An article and its counterpart, source first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub source: TranslationRef,
    /// The translation: `None` when the article is a source none of whose translations
    /// exists yet.
    pub translation: Option<TranslationRef>,
    /// The translation's state (`Missing` with no translation).
    pub state: SlotState,
    /// The languages the source still lacks.
    pub missing: Vec<String>,
}

/// The pair article `id` belongs to in `group`: a translation with its source; a source with
/// its out-of-date translation, else its first existing one. `None` when `id` is not in it.
pub fn pair_in(group: &TranslationGroup, id: i64) -> Option<Pair> {
    let missing = group
        .translations
        .iter()
        .filter(|slot| slot.article.is_none())
        .map(|slot| slot.locale.clone())
        .collect();
    let state_of = |slot: &ayuda_api::TranslationSlot| {
        SlotState::parse(&slot.state).unwrap_or(SlotState::Current)
    };
    let existing = || group.translations.iter().filter(|s| s.article.is_some());
    let slot = if group.source.id == id {
        existing()
            .find(|slot| state_of(slot) == SlotState::Outdated)
            .or_else(|| existing().next())
    } else {
        let found = existing().find(|slot| slot.article.as_ref().is_some_and(|a| a.id == id));
        Some(found?)
    };
    Some(Pair {
        source: group.source.clone(),
        translation: slot.and_then(|slot| slot.article.clone()),
        state: slot.map_or(SlotState::Missing, state_of),
        missing,
    })
}

/// The source's version the translation was last brought up to: the newest saved at or before
/// `translated_at` (the translation's last change). `None` when every version is newer (the
/// source was rewritten since) or a time cannot be read.
pub fn version_at<'a>(
    versions: &'a [ArticleVersion],
    translated_at: &str,
) -> Option<&'a ArticleVersion> {
    let at = parse_time_ms(translated_at)?;
    versions
        .iter()
        .filter(|version| parse_time_ms(&version.created_at).is_some_and(|t| t <= at))
        .max_by_key(|version| version.number)
}

/// The newest of `versions`.
pub fn latest(versions: &[ArticleVersion]) -> Option<&ArticleVersion> {
    versions.iter().max_by_key(|version| version.number)
}

/// The reviews list: `/console/reviews?q=&mine=1&page=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewFilter {
    /// Only articles with this text in the title or slug, as typed.
    pub q: String,
    /// Only the signed-in member's articles (owner = their e-mail). The API has no owner
    /// filter, so the console reads every due article and filters itself.
    pub mine: bool,
    pub page: u32,
}

impl Default for ReviewFilter {
    fn default() -> Self {
        Self {
            q: String::new(),
            mine: false,
            page: 1,
        }
    }
}

impl ReviewFilter {
    pub fn from_query(search: &str) -> Self {
        let mut filter = Self::default();
        for (name, value) in query::pairs(search) {
            match name.as_str() {
                "q" => filter.q = search_text(&value),
                "mine" => filter.mine = value == "1",
                "page" => filter.page = page_number(&value),
                _ => {}
            }
        }
        filter
    }

    pub fn to_query(&self) -> String {
        let mut pairs: Vec<_> = address_pair(&self.q).into_iter().collect();
        if self.mine {
            pairs.push(("mine", "1".to_owned()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        query::build(&pairs)
    }

    /// `GET /api/v1/reviews?…`: this page; with "mine", of the articles `email` owns.
    pub fn api_url(&self, email: &str) -> String {
        let mut pairs: Vec<_> = search_pair(&self.q).into_iter().collect();
        if self.mine {
            pairs.push(("owner", email.trim().to_owned()));
        }
        pairs.push(("limit", PAGE_SIZE.to_string()));
        pairs.push(("offset", paging::offset(self.page).to_string()));
        format!("/api/v1/reviews{}", query::build(&pairs))
    }

    /// The filter with a new search text, from the first page.
    pub fn with_q(&self, q: &str) -> Self {
        Self {
            q: search_text(q),
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_mine(&self, mine: bool) -> Self {
        Self {
            mine,
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page: page.clamp(1, MAX_PAGE),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use ayuda_api::{ArticleStatus, TranslationSlot};

    use super::*;

    fn reference(id: i64, locale: &str, changed_at: &str) -> TranslationRef {
        TranslationRef {
            id,
            locale: locale.to_owned(),
            title: format!("article {id}"),
            status: ArticleStatus::Published,
            changed_at: changed_at.to_owned(),
        }
    }

    fn slot(locale: &str, state: &str, article: Option<TranslationRef>) -> TranslationSlot {
        TranslationSlot {
            locale: locale.to_owned(),
            state: state.to_owned(),
            article,
        }
    }

    fn group() -> TranslationGroup {
        TranslationGroup {
            translation_key: "factura".to_owned(),
            source: reference(1, "es", "2026-12-07T10:00:00Z"),
            translations: vec![
                slot(
                    "en",
                    "outdated",
                    Some(reference(2, "en", "2026-12-01T10:00:00Z")),
                ),
                slot("pt", "missing", None),
                slot(
                    "fr",
                    "current",
                    Some(reference(3, "fr", "2026-12-08T10:00:00Z")),
                ),
            ],
        }
    }

    fn version(number: i64, created_at: &str) -> ArticleVersion {
        ArticleVersion {
            number,
            title: format!("v{number}"),
            body: String::new(),
            tags: Vec::new(),
            contexts: Vec::new(),
            author: None,
            created_at: created_at.to_owned(),
        }
    }

    #[test]
    fn translation_filters_round_trip() {
        assert_eq!(TranslationFilter::default().to_query(), "");
        let filter = TranslationFilter::default()
            .with_locale(Some(Locale::En))
            .with_wanted(Wanted::Outdated)
            .with_page(3);
        assert_eq!(filter.to_query(), "?locale=en&state=outdated&page=3");
        assert_eq!(TranslationFilter::from_query(&filter.to_query()), filter);
        assert_eq!(
            filter.api_url(),
            "/api/v1/translations?state=outdated&locale=en&limit=20&offset=40"
        );
        assert_eq!(
            TranslationFilter::from_query("?state=all&locale=xx&page=-1"),
            TranslationFilter::default()
        );
        // A new filter starts from the first page.
        assert_eq!(filter.with_wanted(Wanted::Todo).page, 1);
        assert_eq!(
            group_url("crear factura&x"),
            "/api/v1/translations?translation_key=crear%20factura%26x&state=all"
        );
    }

    #[test]
    fn groups_become_rows_of_work() {
        let rows = tasks(&[group()]);
        let summary: Vec<(String, SlotState, Option<i64>)> = rows
            .iter()
            .map(|row| {
                (
                    row.locale.clone(),
                    row.state,
                    row.translation.as_ref().map(|t| t.id),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("en".to_owned(), SlotState::Outdated, Some(2)),
                ("pt".to_owned(), SlotState::Missing, None),
            ]
        );
        assert!(rows.iter().all(|row| row.source.id == 1));
    }

    #[test]
    fn pairs_from_either_side() {
        let group = group();
        let from_translation =
            pair_in(&group, 3).map(|p| (p.source.id, p.translation.map(|t| t.id)));
        assert_eq!(from_translation, Some((1, Some(3))));
        // The source pairs with its out-of-date translation first.
        let from_source = pair_in(&group, 1);
        assert_eq!(
            from_source
                .as_ref()
                .and_then(|p| p.translation.as_ref())
                .map(|t| t.id),
            Some(2)
        );
        assert_eq!(
            from_source.as_ref().map(|p| p.state),
            Some(SlotState::Outdated)
        );
        assert_eq!(from_source.map(|p| p.missing), Some(vec!["pt".to_owned()]));
        assert_eq!(pair_in(&group, 99), None);
        // A source alone: no translation yet.
        let mut alone = group.clone();
        alone.translations = vec![slot("en", "missing", None)];
        let pair = pair_in(&alone, 1);
        assert_eq!(pair.as_ref().map(|p| p.state), Some(SlotState::Missing));
        assert_eq!(pair.and_then(|p| p.translation), None);
    }

    #[test]
    fn the_version_the_translation_was_made_from() {
        let versions = vec![
            version(3, "2026-12-07T10:00:00Z"),
            version(2, "2026-12-01T10:00:00.5Z"),
            version(1, "2026-11-01T10:00:00Z"),
        ];
        let at = |time: &str| version_at(&versions, time).map(|v| v.number);
        assert_eq!(at("2026-12-01T10:00:00Z"), Some(1));
        assert_eq!(at("2026-12-01T10:00:00.5Z"), Some(2));
        assert_eq!(at("2026-12-05T00:00:00+01:00"), Some(2));
        assert_eq!(at("2027-01-01T00:00:00Z"), Some(3));
        assert_eq!(at("2026-01-01T00:00:00Z"), None);
        assert_eq!(at("yesterday"), None);
        assert_eq!(latest(&versions).map(|v| v.number), Some(3));
    }

    #[test]
    fn review_filters() {
        assert_eq!(ReviewFilter::default().to_query(), "");
        let mine = ReviewFilter::default().with_page(4).with_mine(true);
        assert_eq!(
            mine,
            ReviewFilter {
                q: String::new(),
                mine: true,
                page: 1
            }
        );
        assert_eq!(mine.with_page(2).to_query(), "?mine=1&page=2");
        assert_eq!(
            ReviewFilter::from_query("?mine=1&page=2"),
            mine.with_page(2)
        );
        assert_eq!(
            ReviewFilter::default()
                .with_page(2)
                .api_url("ana@example.com"),
            "/api/v1/reviews?limit=20&offset=20"
        );
        assert_eq!(
            mine.with_page(2).api_url(" ana+x@example.com"),
            "/api/v1/reviews?owner=ana%2Bx%40example.com&limit=20&offset=20"
        );
    }

    #[test]
    fn translation_searches_are_kept_in_the_address() {
        let filter = TranslationFilter::default()
            .with_locale(Some(Locale::En))
            .with_page(3)
            .with_q("factura & IVA ");
        // A new search starts from the first page; the other filters stay.
        assert_eq!(filter.page, 1);
        assert_eq!(filter.locale, Some(Locale::En));
        assert_eq!(filter.to_query(), "?q=factura%20%26%20IVA%20&locale=en");
        assert_eq!(TranslationFilter::from_query(&filter.to_query()), filter);
        // The server gets it trimmed; a blank one is not sent at all.
        assert_eq!(
            filter.with_page(2).api_url(),
            "/api/v1/translations?state=todo&locale=en&q=factura%20%26%20IVA&limit=20&offset=20"
        );
        assert_eq!(
            filter.with_q("   ").api_url(),
            "/api/v1/translations?state=todo&locale=en&limit=20&offset=0"
        );
        assert_eq!(filter.with_q("").to_query(), "?locale=en");
        // Other filters keep the search, from the first page.
        let outdated = filter.with_page(2).with_wanted(Wanted::Outdated);
        assert_eq!((outdated.q.as_str(), outdated.page), ("factura & IVA ", 1));
        let long = "x".repeat(300);
        assert_eq!(
            TranslationFilter::from_query(&format!("?q={long}")).q.len(),
            200
        );
        assert_eq!(TranslationFilter::default().with_q(&long).q.len(), 200);
    }

    #[test]
    fn review_searches_are_kept_in_the_address() {
        let filter = ReviewFilter::default().with_page(3).with_q(" reembolso");
        assert_eq!(filter.page, 1);
        assert_eq!(filter.to_query(), "?q=%20reembolso");
        assert_eq!(ReviewFilter::from_query("?q=%20reembolso"), filter);
        let mine = filter.with_mine(true).with_page(2);
        assert_eq!(mine.to_query(), "?q=%20reembolso&mine=1&page=2");
        assert_eq!(ReviewFilter::from_query(&mine.to_query()), mine);
        // "Only mine" keeps the search, and the search keeps "only mine".
        assert_eq!(mine.with_mine(false).q, " reembolso");
        assert!(mine.with_q("iva").mine);
        assert_eq!(
            filter.with_page(2).api_url("ana@example.com"),
            "/api/v1/reviews?q=reembolso&limit=20&offset=20"
        );
        assert_eq!(
            mine.api_url("ana@example.com"),
            "/api/v1/reviews?q=reembolso&owner=ana%40example.com&limit=20&offset=20"
        );
        assert_eq!(
            filter.with_q(" ").api_url(""),
            "/api/v1/reviews?limit=20&offset=0"
        );
        assert_eq!(ReviewFilter::from_query("?q=").q, "");
    }
}
