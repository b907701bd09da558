//! Articles: the editors' view (staff API) and the public view (widget, public pages).

use serde::{Deserialize, Serialize};

/// Publication state of an article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    Draft,
    #[default]
    Published,
    Archived,
}

impl ArticleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "published" => Some(Self::Published),
            "archived" => Some(Self::Archived),
            _ => None,
        }
    }
}

/// `POST /api/v1/articles`: the front-matter fields plus `body` (Markdown).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewArticle {
    pub title: String,
    #[serde(default)]
    pub body: String,
    /// Default: derived from the title.
    #[serde(default)]
    pub slug: Option<String>,
    /// Default: the default site's locale.
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub contexts: Vec<String>,
    #[serde(default)]
    pub translation_key: Option<String>,
    /// Default: `published`.
    #[serde(default)]
    pub status: Option<ArticleStatus>,
    /// Site keys the article is limited to; empty = every site.
    #[serde(default)]
    pub sites: Vec<String>,
}

/// `PUT /api/v1/articles/{id}`: saves a new version. Absent fields keep their value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleUpdate {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    pub contexts: Option<Vec<String>>,
    #[serde(default)]
    pub translation_key: Option<String>,
    /// `published` publishes the new version at once; `draft` keeps the published version
    /// (if any) live and only saves; `archived` takes the article out of the public side.
    #[serde(default)]
    pub status: Option<ArticleStatus>,
    #[serde(default)]
    pub sites: Option<Vec<String>>,
    /// The version the editor started from. When the article has a newer one (another editor
    /// saved meanwhile), the save is refused with 409 `edit_conflict` and nothing is stored;
    /// compare with `GET /articles/{id}/versions`. Absent: last write wins (scripts).
    #[serde(default)]
    pub base_version: Option<i64>,
    /// Who keeps the article accurate: a staff member's e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Review it every this many days (1–3650); `null` ends the review cycle. Changing only
    /// `owner` and this saves no new version.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub review_interval_days: Option<Option<i64>>,
}

/// A field that may be absent (`None`), `null` (`Some(None)`) or a value.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// `POST /api/v1/articles/preview`: Markdown to render exactly as readers will see it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub body: String,
}

/// The rendered (sanitised) HTML of a [`PreviewRequest`] and the summary search shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub html: String,
    pub summary: String,
}

/// `POST /api/v1/articles/{id}/publish` (optional body): which version to publish.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// Default: the latest version.
    #[serde(default)]
    pub version: Option<i64>,
}

/// An article as editors see it: the latest version's content plus its publication state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: i64,
    pub slug: String,
    pub locale: String,
    pub title: String,
    /// Markdown source of the latest version.
    pub body: String,
    /// Sanitised HTML of the latest version.
    pub html: String,
    pub summary: String,
    pub tags: Vec<String>,
    pub contexts: Vec<String>,
    pub translation_key: String,
    pub status: ArticleStatus,
    pub sites: Vec<String>,
    /// Number of the latest version.
    pub version: i64,
    /// Number of the version readers see, if published.
    pub published_version: Option<i64>,
    pub author: Option<String>,
    pub views: i64,
    pub helpful: i64,
    pub not_helpful: i64,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub review_interval_days: Option<i64>,
    #[serde(default)]
    pub reviewed_at: Option<String>,
    /// When the next review is due (with a review cycle).
    #[serde(default)]
    pub review_due_at: Option<String>,
}

/// `GET /api/v1/articles/{id}/versions`: one saved version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleVersion {
    pub number: i64,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub contexts: Vec<String>,
    pub author: Option<String>,
    pub created_at: String,
}

/// `GET /api/v1/articles?locale=&status=&q=&limit=&offset=`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleList {
    pub articles: Vec<Article>,
    pub total: i64,
}

/// `GET /api/v1/sites/{site}/articles/{slug}?locale=es`: what a reader sees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicArticle {
    pub slug: String,
    pub locale: String,
    pub title: String,
    /// Sanitised HTML of the published version.
    pub html: String,
    pub summary: String,
    pub tags: Vec<String>,
    pub url: String,
    pub updated_at: String,
    /// The same article in other locales.
    pub translations: Vec<Translation>,
    pub helpful: i64,
    pub not_helpful: i64,
    /// Up to three other published articles on the same subject (shared tags, then search).
    #[serde(default)]
    pub related: Vec<RelatedArticle>,
}

/// An article listed under another one in the reader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedArticle {
    pub slug: String,
    pub locale: String,
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translation {
    pub locale: String,
    pub slug: String,
    pub url: String,
}

/// `POST /api/v1/articles/{id}/schedules`: publish or unpublish the article at a time. It runs
/// once, within a second of `at`, even across restarts (one due while the server was down runs
/// when it starts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSchedule {
    /// `publish` (the latest version) or `unpublish`.
    pub action: String,
    /// RFC 3339, in the future (at most a year ahead).
    pub at: String,
}

/// A scheduled change of an article (`GET /api/v1/articles/{id}/schedules`: pending first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub id: i64,
    pub action: String,
    pub at: String,
    pub created_by: Option<String>,
    /// When it ran; absent while pending.
    pub done_at: Option<String>,
    /// What happened (`published version 3`, or why it could not).
    pub outcome: Option<String>,
}

/// An article named in a translation group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationRef {
    pub id: i64,
    pub locale: String,
    pub title: String,
    pub status: ArticleStatus,
    /// When its content last changed (its latest version).
    pub changed_at: String,
}

/// One locale of a translation group: `missing` (no article), `outdated` (the source's content
/// changed after this translation's last version) or `current`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationSlot {
    pub locale: String,
    pub state: String,
    pub article: Option<TranslationRef>,
}

/// `GET /api/v1/translations`: articles sharing a translation key, side by side. The source is
/// the group's first article; every other locale of the help centre is a slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationGroup {
    pub translation_key: String,
    pub source: TranslationRef,
    pub translations: Vec<TranslationSlot>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationList {
    pub groups: Vec<TranslationGroup>,
    pub total: i64,
}

/// A query people settled on that found nothing, and how often in the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapQuery {
    pub query: String,
    pub locale: String,
    pub count: i64,
}

/// An article in the content gaps, with its votes in the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapArticle {
    pub id: i64,
    pub locale: String,
    pub slug: String,
    pub title: String,
    pub helpful: i64,
    pub not_helpful: i64,
}

/// `GET /api/v1/content-gaps?site=&since=&until=`: what to write or fix next. "Write an article
/// for this" is a `POST /api/v1/articles` with the query as its title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentGaps {
    pub since: String,
    pub until: String,
    /// Searches that found nothing, most frequent first.
    pub no_results: Vec<GapQuery>,
    /// The searches visitors made last before filing a ticket (the articles did not answer
    /// them), most frequent first.
    #[serde(default)]
    pub followed_by_ticket: Vec<GapQuery>,
    /// Articles voted "not helpful" in the period, the most such votes first.
    pub unhelpful: Vec<GapArticle>,
    /// Published articles nobody has opened (published before the period's end).
    pub never_opened: Vec<GapArticle>,
}

/// `POST /api/v1/images?name=FILE` (editors) with the image as the body: PNG, JPEG or WebP by
/// its content (whatever the name or `Content-Type` say), at most 5 MB.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedImage {
    /// Where it is served, on this server: `/media/{id}.{ext}`.
    pub url: String,
    /// Ready to insert: `![name](url)`.
    pub markdown: String,
    pub content_type: String,
    pub size: i64,
}

/// `POST /api/v1/articles/{id}/editing` (a heartbeat while the editor is open, every 15–20 s):
/// the other staff members who have the article open now. `DELETE` on leaving.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditingNow {
    pub others: Vec<String>,
}

/// `GET /api/v1/contexts?site=&q=`: places of the host app the widget has really been opened
/// on (URL paths with record ids as `*`, route names, element keys), the most seen first, to
/// pick an article's contexts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenContext {
    pub context: String,
    pub hits: i64,
    pub last_seen: String,
}

/// `POST /api/v1/articles/bulk` (editors): one action on up to 100 articles. Each article is
/// done or refused on its own; the answer says which.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRequest {
    pub ids: Vec<i64>,
    /// `publish` (the latest version), `unpublish`, `archive`, `add_tag` or `remove_tag`.
    pub action: String,
    /// The tag, for `add_tag` and `remove_tag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// One article's outcome in a bulk action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub id: i64,
    pub ok: bool,
    /// The article after the action, when it was done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<Article>,
    /// Why it was refused (`not_found`, `invalid_input`…), when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::ErrorDetail>,
}

/// The answer to a bulk action, in the order of the request's ids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkResponse {
    pub results: Vec<BulkOutcome>,
}
