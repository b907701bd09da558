//! The values the index takes and gives back: documents in, requests in, pages of hits out,
//! and the limits a request is clamped to.

/// Largest page size [`super::SearchIndex::search`] returns; larger limits are clamped.
pub const MAX_LIMIT: usize = 100;
/// Largest offset [`super::SearchIndex::search`] honours; deeper pages are clamped to it.
pub const MAX_OFFSET: usize = 10_000;
/// Most tags reported in [`SearchResults::facets`].
pub const MAX_FACETS: usize = 100;
/// Target length of a snippet, in bytes of text (before escaping and marks).
pub const SNIPPET_BYTES: usize = 160;

/// An article as the index sees it. Built by the server from the database (the source of
/// truth) with the plain text from [`crate::markdown::render`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IndexDoc {
    /// The article's database id; the index holds at most one document per id.
    pub id: i64,
    /// The article's slug, returned in hits.
    pub slug: String,
    /// Locale (see [`crate::locale::is_valid_locale`]); picks the sub-index and analyser.
    pub locale: String,
    /// The title, weighted about 3× the body.
    pub title: String,
    /// The plain-text body ([`crate::markdown::Rendered::text`]).
    pub text: String,
    /// Shown as the snippet when the body does not contain the query words.
    pub summary: String,
    /// Tags: searchable (about 2× the body), filterable and counted in facets.
    pub tags: Vec<String>,
    /// Site keys the article is visible on; empty means every site.
    pub sites: Vec<String>,
    /// A non-negative popularity signal (e.g. helpful votes), used as a slight tie-break.
    pub popularity: f32,
}

/// A search request. User text is plain text, never query syntax.
#[derive(Clone, Copy, Debug)]
pub struct SearchQuery<'a> {
    /// What the user typed so far. The last word counts as a prefix unless the text ends with
    /// a space or punctuation.
    pub text: &'a str,
    /// Locale to search in.
    pub locale: &'a str,
    /// Only articles visible on this site (articles without sites are visible on all).
    pub site: Option<&'a str>,
    /// Only articles carrying all of these tags.
    pub tags: &'a [String],
    /// Page size (clamped to [`MAX_LIMIT`]; 0 returns only `total` and `facets`).
    pub limit: usize,
    /// Hits to skip (clamped to [`MAX_OFFSET`]).
    pub offset: usize,
    /// Locale to search when `locale` has no match at all.
    pub fallback_locale: Option<&'a str>,
}

impl<'a> SearchQuery<'a> {
    /// A query for `text` in `locale` with the defaults: first 10 hits, all sites, no tag
    /// filter, no fallback.
    pub fn new(text: &'a str, locale: &'a str) -> SearchQuery<'a> {
        SearchQuery {
            text,
            locale,
            site: None,
            tags: &[],
            limit: 10,
            offset: 0,
            fallback_locale: None,
        }
    }
}

/// One page of results.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchResults {
    /// The requested page, best first.
    pub hits: Vec<Hit>,
    /// Number of matching articles in all pages.
    pub total: usize,
    /// Tag → number of matching articles with it, over all pages; most frequent first (ties by
    /// name), at most [`MAX_FACETS`].
    pub facets: Vec<(String, u64)>,
    /// True when the hits come from the fallback locale because the requested one had none.
    pub fallback: bool,
    /// Where the time went (not part of the result: equal results may take different times).
    pub phases: Phases,
}

/// The time one search spent in each phase, in microseconds (summed over both locales when it
/// fell back). For benchmarks and the server's `Server-Timing` header.
#[derive(Clone, Copy, Debug, Default)]
pub struct Phases {
    /// Reading the words and looking up their completions and corrections.
    pub plan_us: u32,
    /// Matching, scoring and counting (the page, the total and the tag counts).
    pub collect_us: u32,
    /// Loading the page's documents and highlighting titles and snippets.
    pub fetch_us: u32,
}

impl Phases {
    /// Adds `other`'s times to these.
    pub fn add(&mut self, other: Phases) {
        self.plan_us += other.plan_us;
        self.collect_us += other.collect_us;
        self.fetch_us += other.fetch_us;
    }

    /// Microseconds since `start`, saturating.
    pub(crate) fn since(start: std::time::Instant) -> u32 {
        u32::try_from(start.elapsed().as_micros()).unwrap_or(u32::MAX)
    }
}

/// Timings never decide whether two results are the same.
impl PartialEq for Phases {
    fn eq(&self, _: &Phases) -> bool {
        true
    }
}

/// One matching article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hit {
    /// The article's database id.
    pub id: i64,
    /// The article's slug.
    pub slug: String,
    /// The locale the hit comes from (the fallback locale when [`SearchResults::fallback`]).
    pub locale: String,
    /// The title, as plain text.
    pub title: String,
    /// About [`SNIPPET_BYTES`] of HTML: the best-matching part of the body, escaped, with
    /// matched words in `<mark>`; the escaped summary when the body has no match.
    pub snippet: String,
    /// The title, escaped, with matched words in `<mark>`.
    pub title_html: String,
    /// Relevance; only meaningful for ordering hits of one search.
    pub score: f32,
}
