//! Search-as-you-type over articles, Spanish and English first, with tantivy.
//!
//! # Layout
//!
//! One tantivy index per locale, in `dir/<locale>/`, created lazily on the first document of
//! that locale, plus a `dir/SCHEMA_VERSION` file. A sub-index per locale (rather than one index
//! with a set of fields per language) was chosen because:
//! - the analyser is a property of the sub-index: every sub-index has the same schema and
//!   registers its locale's stemmer under one tokenizer name, so adding a locale needs no
//!   schema change and no rebuild of the others;
//! - term statistics (IDF) and prefix/typo expansions stay within one language, so a Spanish
//!   query is not skewed by English vocabulary;
//! - the locale filter is free (we only open the right sub-index) and the fallback locale is
//!   simply a second search.
//!
//! Each sub-index has one `IndexReader` for the life of the process (a fresh searcher per
//! request) and one `IndexWriter` (single-threaded, small memory budget), created on first
//! write and kept behind a mutex. Every write commits and reloads the reader before returning,
//! so a change is visible to the next search.
//!
//! The modules: `index` opens the index and writes to it, `execute` runs searches (with
//! `plan`, which documents how queries are built and weighted, `expand`, how a word becomes
//! the index's terms (completions, corrections), and `highlight`, how snippets
//! are made), `schema` maps documents to fields, `collect` counts matches and facets, and
//! `types` holds the values going in and out.

mod collect;
mod execute;
mod expand;
mod highlight;
mod index;
mod plan;
mod schema;
mod types;
mod words;

pub use highlight::escape as escape_html;
pub use index::{SearchIndex, VERSION_FILE};
pub use plan::{MAX_QUERY_BYTES, MAX_QUERY_WORDS};
pub use schema::SCHEMA_VERSION;
pub use types::{
    Hit, IndexDoc, MAX_FACETS, MAX_LIMIT, MAX_OFFSET, Phases, SNIPPET_BYTES, SearchQuery,
    SearchResults,
};

#[cfg(test)]
mod tests;
