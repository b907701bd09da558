//! Public, per-site read endpoints: search, contextual suggestions, votes.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/sites/{site}/search?q=…&locale=…&limit=…&offset=…&tags=a,b`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    pub hits: Vec<SearchHit>,
    /// Number of matching articles (all pages).
    pub total: usize,
    /// Tag counts over all matching articles, most frequent first.
    #[serde(default)]
    pub facets: Vec<TagFacet>,
    /// True when the requested locale had no match and the hits come from the site's
    /// fallback locale (each hit's `locale` says which).
    #[serde(default)]
    pub fallback: bool,
}

/// One ranked article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub slug: String,
    pub locale: String,
    pub title: String,
    /// HTML: matches wrapped in `<mark>`, everything else escaped.
    pub snippet: String,
    /// The title as HTML with matches in `<mark>`.
    #[serde(default)]
    pub title_html: String,
    /// The public page of the article on the Ayuda server.
    pub url: String,
    pub score: f32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagFacet {
    pub tag: String,
    pub count: u64,
}

/// `GET /api/v1/sites/{site}/suggest?url=…&route=…&elements=a,b&locale=…`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SuggestResponse {
    pub articles: Vec<SuggestedArticle>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SuggestedArticle {
    pub slug: String,
    pub locale: String,
    pub title: String,
    pub summary: String,
    pub url: String,
    /// `context` when one of the article's contexts matches the place, else `popular`.
    #[serde(default)]
    pub reason: SuggestReason,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestReason {
    Context,
    #[default]
    Popular,
}

/// `POST /api/v1/sites/{site}/articles/{slug}/votes`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRequest {
    pub helpful: bool,
    /// A random id the widget keeps per visitor; one vote per visitor and article (a second
    /// vote replaces the first).
    pub visitor_id: String,
    #[serde(default)]
    pub locale: Option<String>,
}

/// Vote totals of an article after the vote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteTotals {
    pub helpful: i64,
    pub not_helpful: i64,
}

/// One logged search, for editors looking for content gaps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchLogEntry {
    pub site: String,
    pub locale: String,
    pub query: String,
    pub result_count: i64,
    pub created_at: String,
}

/// `GET /api/v1/stats/searches`: the most frequent queries, with how many had no result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchStat {
    pub query: String,
    pub locale: String,
    pub count: i64,
    pub zero_result_count: i64,
}
