//! The index schema, built in one place, and the conversion of an [`IndexDoc`] into a tantivy
//! document.
//!
//! Every locale's sub-index uses this same schema; only the analyser registered under
//! [`STEM_TOKENIZER`] differs (Spanish stemmer for `es`, English for `en`…). Text is indexed
//! twice: stemmed (`title`, `body`, `tags_text`) for word matches that ignore inflection, and
//! folded but unstemmed (`title_raw`, `body_raw`) for prefix, typo and phrase matching, since a
//! stem is not a prefix of what the user is typing (`facturaci` vs stem `factur`). What is shown
//! to users is stored verbatim in separate stored-only fields.

use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::highlight;
use super::types::IndexDoc;
use crate::analysis::{self, FOLD_TOKENIZER, STEM_TOKENIZER};

/// Version of the on-disk index layout: the schema, the analysers and how documents are
/// mapped to fields. Bump it whenever any of them changes; [`super::SearchIndex::open`] then
/// recreates the index empty and asks the caller to rebuild it from the database.
pub const SCHEMA_VERSION: u32 = 2;

/// Name of the fast field holding each tag verbatim (filters and facet counts).
pub(crate) const TAG_FIELD: &str = "tag";
/// Name of the fast field holding the popularity tie-break.
pub(crate) const POPULARITY_FIELD: &str = "popularity";
/// Indexed in `site` for documents visible on every site. It starts with a control character,
/// which no real site key contains, so it cannot collide with one.
pub(crate) const ALL_SITES: &str = "\u{1}all-sites";

/// Bytes of the body kept for snippets: what the highlighter scans, plus room for the window.
const MAX_STORED_BODY_BYTES: usize = highlight::MAX_SCAN_BYTES + 1024;

/// Handles to every field of the schema.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    pub id: Field,
    pub slug: Field,
    pub locale: Field,
    pub title: Field,
    pub title_raw: Field,
    pub title_stored: Field,
    pub body: Field,
    pub body_raw: Field,
    pub body_stored: Field,
    pub summary: Field,
    pub tags_text: Field,
    pub tag: Field,
    pub site: Field,
    pub popularity: Field,
}

pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    // Stemmed fields only need frequencies for BM25; phrases run on the raw fields, which
    // therefore keep positions.
    let stemmed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(STEM_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let raw = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(FOLD_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: builder.add_i64_field("id", INDEXED | STORED | FAST),
        slug: builder.add_text_field("slug", STORED),
        locale: builder.add_text_field("locale", STORED),
        title: builder.add_text_field("title", stemmed.clone()),
        title_raw: builder.add_text_field("title_raw", raw.clone()),
        title_stored: builder.add_text_field("title_stored", STORED),
        body: builder.add_text_field("body", stemmed.clone()),
        body_raw: builder.add_text_field("body_raw", raw),
        body_stored: builder.add_text_field("body_stored", STORED),
        summary: builder.add_text_field("summary", STORED),
        tags_text: builder.add_text_field("tags_text", stemmed),
        tag: builder.add_text_field(TAG_FIELD, STRING | FAST),
        site: builder.add_text_field("site", STRING),
        popularity: builder.add_f64_field(POPULARITY_FIELD, FAST),
    };
    (builder.build(), fields)
}

/// Tags as indexed: trimmed, non-empty, each once, in their original order.
pub(crate) fn clean_keys(keys: &[String]) -> Vec<&str> {
    let mut cleaned: Vec<&str> = Vec::with_capacity(keys.len());
    for key in keys.iter().map(|key| key.trim()) {
        if !key.is_empty() && !cleaned.contains(&key) {
            cleaned.push(key);
        }
    }
    cleaned
}

pub(crate) fn to_document(fields: &Fields, doc: &IndexDoc) -> TantivyDocument {
    let mut document = TantivyDocument::default();
    document.add_i64(fields.id, doc.id);
    document.add_text(fields.slug, &doc.slug);
    document.add_text(fields.locale, &doc.locale);

    let title = analysis::strip_combining_marks(&doc.title);
    document.add_text(fields.title, &title);
    document.add_text(fields.title_raw, &title);
    document.add_text(fields.title_stored, &doc.title);

    let body = analysis::strip_combining_marks(&doc.text);
    document.add_text(fields.body, &body);
    document.add_text(fields.body_raw, &body);
    // Only the start of the body is stored: snippets never look further (see
    // `highlight::MAX_SCAN_BYTES`), and loading a huge page for every hit would be slow.
    document.add_text(
        fields.body_stored,
        prefix_at_char_boundary(&doc.text, MAX_STORED_BODY_BYTES),
    );
    document.add_text(fields.summary, &doc.summary);

    for tag in clean_keys(&doc.tags) {
        document.add_text(fields.tag, tag);
        document.add_text(fields.tags_text, tag);
    }
    let sites = clean_keys(&doc.sites);
    if sites.is_empty() {
        document.add_text(fields.site, ALL_SITES);
    }
    for site in sites {
        document.add_text(fields.site, site);
    }
    let popularity = if doc.popularity.is_finite() {
        doc.popularity.max(0.0)
    } else {
        0.0
    };
    document.add_f64(fields.popularity, f64::from(popularity));
    document
}

fn prefix_at_char_boundary(text: &str, max_bytes: usize) -> &str {
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
