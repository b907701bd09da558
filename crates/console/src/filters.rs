//! The articles list's filters: the search text, language, status and page, written to the
//! address bar (so a reload or Back keeps them) and to the API's query.

use ayuda_api::ArticleStatus;

use crate::i18n::Locale;
use crate::paging::{self, MAX_PAGE, PAGE_SIZE};
use crate::query;

/// The longest search text sent: the server keeps 200 characters of it anyway.
const MAX_QUERY_CHARS: usize = 200;

/// What the articles list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleFilter {
    /// The search text as typed (trimmed only on its way to the server).
    pub q: String,
    /// Only articles in this content locale; `None` for all.
    pub locale: Option<Locale>,
    /// Only articles with this status; `None` for all.
    pub status: Option<ArticleStatus>,
    /// 1-based.
    pub page: u32,
}

impl Default for ArticleFilter {
    fn default() -> Self {
        Self {
            q: String::new(),
            locale: None,
            status: None,
            page: 1,
        }
    }
}

impl ArticleFilter {
    /// Reads the address bar's query. Unknown names and values are ignored, so a stale or
    /// hand-edited address shows a list rather than an error.
    pub fn from_query(search: &str) -> Self {
        let mut filter = Self::default();
        for (name, value) in query::pairs(search) {
            match name.as_str() {
                "q" => filter.q = value.chars().take(MAX_QUERY_CHARS).collect(),
                "locale" => filter.locale = Locale::parse(&value),
                "status" => filter.status = ArticleStatus::parse(&value),
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

    /// The address bar's query for this filter (`""` for the default one); defaults are left
    /// out so the plain list has a plain address.
    pub fn to_query(&self) -> String {
        let mut pairs = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(locale) = self.locale {
            pairs.push(("locale", locale.tag().to_owned()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        query::build(&pairs)
    }

    /// `GET /api/v1/articles?…` for this filter's page.
    pub fn api_url(&self) -> String {
        let mut pairs = Vec::new();
        let q = self.q.trim();
        if !q.is_empty() {
            pairs.push(("q", q.chars().take(MAX_QUERY_CHARS).collect()));
        }
        if let Some(locale) = self.locale {
            pairs.push(("locale", locale.tag().to_owned()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        pairs.push(("limit", PAGE_SIZE.to_string()));
        pairs.push(("offset", paging::offset(self.page).to_string()));
        format!("/api/v1/articles{}", query::build(&pairs))
    }

    /// The filter with a new search text, from the first page.
    pub fn with_q(&self, q: &str) -> Self {
        Self {
            q: q.chars().take(MAX_QUERY_CHARS).collect(),
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
}
