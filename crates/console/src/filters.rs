//! The articles list's filters: the search text, language, status, tag, site, owner, "due for
//! review", "missing or out-of-date translation" and page, written to the address bar (so a
//! reload or Back keeps them) and to the API's query (the same names: `q`, `locale`, `status`,
//! `tag`, `site`, `owner`, `review=due`, `translation=missing`, plus `limit` and `offset`).

use ayuda_api::ArticleStatus;

use crate::i18n::Locale;
use crate::paging::{self, MAX_PAGE, PAGE_SIZE};
use crate::query;

/// The longest search text sent: the server keeps 200 characters of it anyway.
const MAX_QUERY_CHARS: usize = 200;

/// The longest tag or owner e-mail taken from an address.
const MAX_WORD_CHARS: usize = 254;

/// What the articles list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleFilter {
    /// The search text as typed (trimmed only on its way to the server).
    pub q: String,
    /// Only articles in this content locale; `None` for all.
    pub locale: Option<Locale>,
    /// Only articles with this status; `None` for all.
    pub status: Option<ArticleStatus>,
    /// Only articles with this tag, as typed (empty: any).
    pub tag: String,
    /// Only articles shown on this site (a site key); `None` for all.
    pub site: Option<String>,
    /// Only articles this staff member owns, as typed (empty: anyone's).
    pub owner: String,
    /// Only articles whose review is due.
    pub review_due: bool,
    /// Only articles with a missing or out-of-date translation.
    pub translation_missing: bool,
    /// 1-based.
    pub page: u32,
}

impl Default for ArticleFilter {
    fn default() -> Self {
        Self {
            q: String::new(),
            locale: None,
            status: None,
            tag: String::new(),
            site: None,
            owner: String::new(),
            review_due: false,
            translation_missing: false,
            page: 1,
        }
    }
}

/// A site key as an address may carry it: 1 to 64 lowercase letters, digits, `-` or `_` (what
/// the server accepts as a key).
fn site_key(value: &str) -> Option<String> {
    let ok = (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    ok.then(|| value.to_owned())
}

fn cut(value: &str, max: usize) -> String {
    value.chars().take(max).collect()
}

impl ArticleFilter {
    /// Reads the address bar's query. Unknown names and values are ignored, so a stale or
    /// hand-edited address shows a list rather than an error.
    pub fn from_query(search: &str) -> Self {
        let mut filter = Self::default();
        for (name, value) in query::pairs(search) {
            match name.as_str() {
                "q" => filter.q = cut(&value, MAX_QUERY_CHARS),
                "locale" => filter.locale = Locale::parse(&value),
                "status" => filter.status = ArticleStatus::parse(&value),
                "tag" => filter.tag = cut(&value, MAX_WORD_CHARS),
                "site" => filter.site = site_key(&value),
                "owner" => filter.owner = cut(&value, MAX_WORD_CHARS),
                "review" => filter.review_due = value == "due",
                "translation" => filter.translation_missing = value == "missing",
                "page" => {
                    filter.page = value
                        .parse::<u32>()
                        .map_or(1, |page| page.clamp(1, MAX_PAGE));
                }
                _ => {}
            }
        }
        filter
    }

    /// The filters but the page, as `name=value` pairs: `trimmed` for the server (blank text
    /// left out), else as typed for the address bar.
    fn pairs(&self, trimmed: bool) -> Vec<(&'static str, String)> {
        let text = |value: &str| {
            let value = if trimmed { value.trim() } else { value };
            (!value.is_empty()).then(|| value.to_owned())
        };
        let mut pairs = Vec::new();
        if let Some(q) = text(&self.q) {
            pairs.push(("q", cut(&q, MAX_QUERY_CHARS)));
        }
        if let Some(locale) = self.locale {
            pairs.push(("locale", locale.tag().to_owned()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(tag) = text(&self.tag) {
            pairs.push(("tag", tag));
        }
        if let Some(site) = &self.site {
            pairs.push(("site", site.clone()));
        }
        if let Some(owner) = text(&self.owner) {
            pairs.push(("owner", owner));
        }
        if self.review_due {
            pairs.push(("review", "due".to_owned()));
        }
        if self.translation_missing {
            pairs.push(("translation", "missing".to_owned()));
        }
        pairs
    }

    /// The address bar's query for this filter (`""` for the default one); defaults are left
    /// out so the plain list has a plain address.
    pub fn to_query(&self) -> String {
        let mut pairs = self.pairs(false);
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        query::build(&pairs)
    }

    /// `GET /api/v1/articles?…` for this filter's page.
    pub fn api_url(&self) -> String {
        let mut pairs = self.pairs(true);
        pairs.push(("limit", PAGE_SIZE.to_string()));
        pairs.push(("offset", paging::offset(self.page).to_string()));
        format!("/api/v1/articles{}", query::build(&pairs))
    }

    /// Whether any filter but the search text and the page is set (to say "no articles match
    /// these filters" rather than "no articles").
    pub fn narrows(&self) -> bool {
        self.pairs(true).iter().any(|(name, _)| *name != "q")
    }

    /// The filter with a new search text, from the first page.
    pub fn with_q(&self, q: &str) -> Self {
        Self {
            q: cut(q, MAX_QUERY_CHARS),
            page: 1,
            ..self.clone()
        }
    }

    /// The filter with another language, from the first page.
    pub fn with_locale(&self, locale: Option<Locale>) -> Self {
        Self {
            locale,
            page: 1,
            ..self.clone()
        }
    }

    /// The filter with another status, from the first page.
    pub fn with_status(&self, status: Option<ArticleStatus>) -> Self {
        Self {
            status,
            page: 1,
            ..self.clone()
        }
    }

    /// The filter with another tag (as typed), from the first page.
    pub fn with_tag(&self, tag: &str) -> Self {
        Self {
            tag: cut(tag, MAX_WORD_CHARS),
            page: 1,
            ..self.clone()
        }
    }

    /// The filter with another site (`""`: every site), from the first page.
    pub fn with_site(&self, site: &str) -> Self {
        Self {
            site: site_key(site),
            page: 1,
            ..self.clone()
        }
    }

    /// The filter with another owner (as typed), from the first page.
    pub fn with_owner(&self, owner: &str) -> Self {
        Self {
            owner: cut(owner, MAX_WORD_CHARS),
            page: 1,
            ..self.clone()
        }
    }

    /// Whether the owner filter is `email` ("Mine"), whatever the case and spaces.
    pub fn owned_by(&self, email: &str) -> bool {
        let owner = self.owner.trim();
        !owner.is_empty() && owner.eq_ignore_ascii_case(email.trim())
    }

    /// The filter with "due for review" on or off, from the first page.
    pub fn with_review_due(&self, review_due: bool) -> Self {
        Self {
            review_due,
            page: 1,
            ..self.clone()
        }
    }

    /// The filter with "missing or out-of-date translation" on or off, from the first page.
    pub fn with_translation_missing(&self, translation_missing: bool) -> Self {
        Self {
            translation_missing,
            page: 1,
            ..self.clone()
        }
    }

    /// The same filter on another page.
    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page: page.clamp(1, MAX_PAGE),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_filter_has_a_plain_address() {
        assert_eq!(ArticleFilter::default().to_query(), "");
        assert_eq!(ArticleFilter::from_query(""), ArticleFilter::default());
    }

    #[test]
    fn the_address_round_trips() {
        let filter = ArticleFilter {
            q: "factura & IVA".to_owned(),
            locale: Some(Locale::Es),
            status: Some(ArticleStatus::Draft),
            page: 3,
            ..ArticleFilter::default()
        };
        let address = filter.to_query();
        assert_eq!(
            address,
            "?q=factura%20%26%20IVA&locale=es&status=draft&page=3"
        );
        assert_eq!(ArticleFilter::from_query(&address), filter);
    }

    #[test]
    fn unknown_values_fall_back_to_all() {
        let filter = ArticleFilter::from_query("?locale=fr&status=deleted&page=abc&sort=x");
        assert_eq!(filter, ArticleFilter::default());
        assert_eq!(ArticleFilter::from_query("?page=0").page, 1);
        assert_eq!(ArticleFilter::from_query("?page=-2").page, 1);
        assert_eq!(ArticleFilter::from_query("?page=99999999999").page, 1);
        assert_eq!(ArticleFilter::from_query("?page=2000000").page, MAX_PAGE);
    }

    #[test]
    fn a_long_search_text_is_cut() {
        let long = "a".repeat(500);
        let filter = ArticleFilter::from_query(&format!("?q={long}"));
        assert_eq!(filter.q.chars().count(), MAX_QUERY_CHARS);
        assert_eq!(
            ArticleFilter::default().with_q(&long).q.len(),
            MAX_QUERY_CHARS
        );
    }

    #[test]
    fn api_url_pages_by_twenty_and_leaves_out_empty_filters() {
        assert_eq!(
            ArticleFilter::default().api_url(),
            "/api/v1/articles?limit=20&offset=0"
        );
        let filter = ArticleFilter {
            q: "  reembolso ".to_owned(),
            locale: Some(Locale::En),
            status: Some(ArticleStatus::Published),
            page: 2,
            ..ArticleFilter::default()
        };
        assert_eq!(
            filter.api_url(),
            "/api/v1/articles?q=reembolso&locale=en&status=published&limit=20&offset=20"
        );
        assert_eq!(
            ArticleFilter::default().with_q("   ").api_url(),
            "/api/v1/articles?limit=20&offset=0"
        );
    }

    #[test]
    fn changing_a_filter_goes_back_to_page_one() {
        let on_three = ArticleFilter::default().with_page(3);
        assert_eq!(on_three.page, 3);
        assert_eq!(on_three.with_q("x").page, 1);
        assert_eq!(on_three.with_locale(Some(Locale::Es)).page, 1);
        assert_eq!(on_three.with_status(None).page, 1);
        assert_eq!(on_three.with_page(0).page, 1);
    }

    #[test]
    fn the_new_filters_round_trip_through_the_address() {
        let filter = ArticleFilter {
            tag: "facturas rectificativas".to_owned(),
            site: Some("demo-app".to_owned()),
            owner: "Ana@Example.com".to_owned(),
            review_due: true,
            translation_missing: true,
            ..ArticleFilter::default()
        };
        let address = filter.to_query();
        assert_eq!(
            address,
            "?tag=facturas%20rectificativas&site=demo-app&owner=Ana%40Example.com\
             &review=due&translation=missing"
        );
        assert_eq!(ArticleFilter::from_query(&address), filter);
        assert!(filter.narrows());
        assert!(!ArticleFilter::default().with_q("x").narrows());
    }

    #[test]
    fn the_new_filters_reach_the_api() {
        let filter = ArticleFilter::default()
            .with_tag(" billing ")
            .with_site("demo")
            .with_owner(" ana@example.com")
            .with_review_due(true)
            .with_translation_missing(true)
            .with_page(2);
        assert_eq!(
            filter.api_url(),
            "/api/v1/articles?tag=billing&site=demo&owner=ana%40example.com&review=due\
             &translation=missing&limit=20&offset=20"
        );
        // Blank text filters are left out; the address keeps what was typed.
        let blank = ArticleFilter::default().with_tag("  ").with_owner(" ");
        assert_eq!(blank.api_url(), "/api/v1/articles?limit=20&offset=0");
        assert_eq!(blank.to_query(), "?tag=%20%20&owner=%20");
        assert!(!blank.narrows());
    }

    #[test]
    fn odd_values_of_the_new_filters_are_ignored() {
        let filter = ArticleFilter::from_query("?site=Demo%20App&review=yes&translation=1&site=");
        assert_eq!(filter, ArticleFilter::default());
        assert_eq!(ArticleFilter::default().with_site("").site, None);
        assert_eq!(ArticleFilter::default().with_site("../x").site, None);
        let long = "a".repeat(400);
        assert_eq!(
            ArticleFilter::from_query(&format!("?tag={long}&owner={long}"))
                .tag
                .len(),
            MAX_WORD_CHARS
        );
    }

    #[test]
    fn mine_is_the_owner_filter_with_ones_own_email() {
        let mine = ArticleFilter::default().with_owner(" Ana@example.com ");
        assert!(mine.owned_by("ana@example.com"));
        assert!(!mine.owned_by("bea@example.com"));
        assert!(!ArticleFilter::default().owned_by("ana@example.com"));
        let on_two = ArticleFilter::default().with_page(2);
        assert_eq!(on_two.with_tag("x").page, 1);
        assert_eq!(on_two.with_site("demo").page, 1);
        assert_eq!(on_two.with_owner("a").page, 1);
        assert_eq!(on_two.with_review_due(true).page, 1);
        assert_eq!(on_two.with_translation_missing(true).page, 1);
    }
}
