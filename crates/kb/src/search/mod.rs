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
//! The private `plan` module documents how queries are built and weighted, `highlight` how
//! snippets are made.

mod collect;
mod highlight;

pub use highlight::escape as escape_html;
mod plan;
mod schema;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::document::Value;
use tantivy::schema::{Field, IndexRecordOption, Schema};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher,
    SegmentReader, TantivyDocument, Term,
};

pub use plan::{MAX_QUERY_BYTES, MAX_QUERY_WORDS};
pub use schema::SCHEMA_VERSION;

use crate::analysis::{self, FOLD_TOKENIZER, STEM_TOKENIZER};
use crate::error::{Error, Result};
use crate::locale;
use collect::MatchAndTagCounter;
use highlight::Highlighter;
use plan::{ExpansionCache, Mode, Planner};
use schema::{ALL_SITES, Fields, POPULARITY_FIELD};

/// Name of the file in the index directory holding [`SCHEMA_VERSION`].
pub const VERSION_FILE: &str = "SCHEMA_VERSION";
/// Largest page size [`SearchIndex::search`] returns; larger limits are clamped.
pub const MAX_LIMIT: usize = 100;
/// Largest offset [`SearchIndex::search`] honours; deeper pages are clamped to it.
pub const MAX_OFFSET: usize = 10_000;
/// Most tags reported in [`SearchResults::facets`].
pub const MAX_FACETS: usize = 100;
/// Target length of a snippet, in bytes of text (before escaping and marks).
pub const SNIPPET_BYTES: usize = 160;
/// Memory budget of each sub-index's writer. Articles are small and written a few at a time;
/// this is within tantivy's accepted range and keeps many locales affordable.
const WRITER_MEMORY_BYTES: usize = 20_000_000;
/// How much the popularity tie-break can move a score: `score × (1 + w·ln(1 + popularity))`.
/// With 100 helpful votes that is +9 %, enough to order near-equal results, never to lift
/// a weak match over a good one.
const POPULARITY_WEIGHT: f32 = 0.02;

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

/// The search index: one sub-index per locale. `Send + Sync`; share it behind an `Arc`.
pub struct SearchIndex {
    /// Where sub-indexes live; `None` keeps everything in memory.
    root: Option<PathBuf>,
    schema: Schema,
    fields: Fields,
    locales: RwLock<HashMap<String, Arc<LocaleIndex>>>,
    /// Serialises writes, so that operations spanning locales (an article moving from one
    /// locale to another) cannot interleave.
    write_lock: Mutex<()>,
    expansions: ExpansionCache,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let locales: Vec<String> = self.read_locales().keys().cloned().collect();
        f.debug_struct("SearchIndex")
            .field("root", &self.root)
            .field("locales", &locales)
            .finish_non_exhaustive()
    }
}

/// One locale's tantivy index with its reader and (lazily created) writer.
struct LocaleIndex {
    locale: String,
    index: Index,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    stemmer: TextAnalyzer,
}

impl LocaleIndex {
    fn new(index: Index, locale: &str) -> Result<LocaleIndex> {
        let stemmer = analysis::stem_analyzer(locale);
        index
            .tokenizers()
            .register(FOLD_TOKENIZER, analysis::fold_analyzer());
        index.tokenizers().register(STEM_TOKENIZER, stemmer.clone());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(LocaleIndex {
            locale: locale.to_owned(),
            index,
            reader,
            writer: Mutex::new(None),
            stemmer,
        })
    }

    /// Runs `operations` (which must end with a commit) on the writer, then reloads the reader
    /// so the change is visible when this returns. A failed writer is dropped and recreated on
    /// the next write, since tantivy does not promise it is usable after an error.
    fn write(
        &self,
        operations: impl FnOnce(&mut IndexWriter) -> tantivy::Result<()>,
    ) -> Result<()> {
        let mut slot = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let writer = match &mut *slot {
            Some(writer) => writer,
            empty => empty.insert(self.index.writer_with_num_threads(1, WRITER_MEMORY_BYTES)?),
        };
        if let Err(error) = operations(writer) {
            if let Some(mut writer) = slot.take() {
                // Best effort: the writer is being discarded either way.
                let _ = writer.rollback();
            }
            return Err(error.into());
        }
        drop(slot);
        self.reader.reload()?;
        Ok(())
    }

    /// Whether a document with this id may be in the index (deleted documents can still count
    /// until their segment is merged, which only costs a needless delete).
    fn may_contain(&self, id_term: &Term) -> bool {
        self.reader
            .searcher()
            .doc_freq(id_term)
            .is_ok_and(|count| count > 0)
    }
}

impl SearchIndex {
    /// Opens (or creates) the index in `dir`.
    ///
    /// The flag is `true` when the index was missing, corrupt or built with another
    /// [`SCHEMA_VERSION`]: it has then been recreated **empty** and the caller must rebuild it
    /// from the source of truth ([`SearchIndex::replace_all`]).
    pub fn open(dir: &Path) -> Result<(SearchIndex, bool)> {
        let existed = dir.is_dir();
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let version_path = dir.join(VERSION_FILE);
        let version_matches = fs::read_to_string(&version_path)
            .is_ok_and(|found| found.trim() == SCHEMA_VERSION.to_string());
        let mut rebuild = !existed || !version_matches;

        let search_index = SearchIndex::new(Some(dir.to_path_buf()));
        if !rebuild {
            match search_index.open_existing_locales(dir) {
                Ok(locales) => *search_index.write_locales() = locales,
                Err(error) => {
                    tracing::warn!(%error, dir = %dir.display(), "search index unreadable; recreating it empty");
                    rebuild = true;
                }
            }
        } else if existed {
            tracing::warn!(dir = %dir.display(), "search index has another schema version; recreating it empty");
        }
        if rebuild {
            remove_locale_dirs(dir)?;
            write_version_file(dir)?;
        }
        Ok((search_index, rebuild))
    }

    /// An index held in memory only, for tests and ephemeral setups.
    pub fn in_ram() -> Result<SearchIndex> {
        Ok(SearchIndex::new(None))
    }

    fn new(root: Option<PathBuf>) -> SearchIndex {
        let (schema, fields) = schema::build_schema();
        SearchIndex {
            root,
            schema,
            fields,
            locales: RwLock::new(HashMap::new()),
            write_lock: Mutex::new(()),
            expansions: ExpansionCache::default(),
        }
    }

    fn open_existing_locales(&self, dir: &Path) -> Result<HashMap<String, Arc<LocaleIndex>>> {
        let mut locales = HashMap::new();
        for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
                continue;
            };
            if !path.is_dir() || !locale::is_valid_locale(name) {
                continue;
            }
            let index = Index::open_in_dir(&path)?;
            if index.schema() != self.schema {
                return Err(Error::Index(tantivy::TantivyError::SchemaError(format!(
                    "{} has an unexpected schema",
                    path.display()
                ))));
            }
            // Reading every file once at startup is cheap next to serving wrong results or
            // failing searches later; a damaged index is rebuilt instead.
            let damaged = index.validate_checksum()?;
            if !damaged.is_empty() {
                return Err(Error::Index(tantivy::TantivyError::InternalError(format!(
                    "damaged files in {}: {damaged:?}",
                    path.display()
                ))));
            }
            locales.insert(name.to_owned(), Arc::new(LocaleIndex::new(index, name)?));
        }
        Ok(locales)
    }

    /// Adds the document, or replaces the one with the same id (in any locale). Committed and
    /// visible to searches when this returns.
    pub fn upsert(&self, doc: IndexDoc) -> Result<()> {
        self.upsert_many([doc])
    }

    /// Adds or replaces many documents with one commit per affected locale. When the same id
    /// appears twice, the last one wins. Nothing is written if any document is invalid.
    pub fn upsert_many(&self, docs: impl IntoIterator<Item = IndexDoc>) -> Result<()> {
        let by_locale = self.group_by_locale(docs)?;
        if by_locale.is_empty() {
            return Ok(());
        }
        let _writing = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        let ids: HashSet<i64> = by_locale.values().flatten().map(|doc| doc.id).collect();
        // An article may have moved locale: delete its id from every other sub-index first.
        for existing in self.all_locales() {
            if by_locale.contains_key(&existing.locale) {
                continue;
            }
            let stale: Vec<Term> = ids
                .iter()
                .map(|id| self.id_term(*id))
                .filter(|term| existing.may_contain(term))
                .collect();
            if !stale.is_empty() {
                existing.write(|writer| {
                    for term in stale {
                        writer.delete_term(term);
                    }
                    writer.commit().map(drop)
                })?;
            }
        }
        for (locale, docs) in by_locale {
            let target = self.locale_index(&locale)?;
            target.write(|writer| {
                for doc in &docs {
                    writer.delete_term(self.id_term(doc.id));
                    writer.add_document(schema::to_document(&self.fields, doc))?;
                }
                writer.commit().map(drop)
            })?;
        }
        Ok(())
    }

    /// Removes the document with this id, if any. Visible to searches when this returns.
    pub fn remove(&self, id: i64) -> Result<()> {
        let _writing = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        let term = self.id_term(id);
        for existing in self.all_locales() {
            if existing.may_contain(&term) {
                let term = term.clone();
                existing.write(|writer| {
                    writer.delete_term(term);
                    writer.commit().map(drop)
                })?;
            }
        }
        Ok(())
    }

    /// Replaces the whole content with `docs` (a rebuild from the source of truth). Locales
    /// without documents are emptied. Nothing is written if any document is invalid.
    pub fn replace_all(&self, docs: impl IntoIterator<Item = IndexDoc>) -> Result<()> {
        let mut by_locale = self.group_by_locale(docs)?;
        let _writing = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut locales: Vec<String> = self
            .all_locales()
            .iter()
            .map(|existing| existing.locale.clone())
            .collect();
        locales.extend(by_locale.keys().cloned());
        locales.sort();
        locales.dedup();
        for locale in locales {
            let docs = by_locale.remove(&locale).unwrap_or_default();
            let target = self.locale_index(&locale)?;
            target.write(|writer| {
                writer.delete_all_documents()?;
                for doc in &docs {
                    writer.delete_term(self.id_term(doc.id));
                    writer.add_document(schema::to_document(&self.fields, doc))?;
                }
                writer.commit().map(drop)
            })?;
        }
        Ok(())
    }

    /// Number of documents over all locales.
    pub fn num_docs(&self) -> u64 {
        self.all_locales()
            .iter()
            .map(|existing| existing.reader.searcher().num_docs())
            .sum()
    }

    /// Locales that have a sub-index, sorted.
    pub fn locales(&self) -> Vec<String> {
        let mut locales: Vec<String> = self.read_locales().keys().cloned().collect();
        locales.sort();
        locales
    }

    /// Searches `query.locale`, falling back to `query.fallback_locale` when nothing matches.
    ///
    /// Any text is accepted and yields a normal (possibly empty) result. Errors are an
    /// invalid locale (a user error) or an internal index failure.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        if !locale::is_valid_locale(query.locale) {
            return Err(Error::InvalidLocale(query.locale.to_owned()));
        }
        if let Some(fallback) = query.fallback_locale
            && !locale::is_valid_locale(fallback)
        {
            return Err(Error::InvalidLocale(fallback.to_owned()));
        }
        let results = self.search_locale(query.locale, query)?;
        if results.total > 0 {
            return Ok(results);
        }
        match query.fallback_locale {
            Some(fallback) if fallback != query.locale => {
                let mut fallback_results = self.search_locale(fallback, query)?;
                if fallback_results.total == 0 {
                    return Ok(results);
                }
                fallback_results.fallback = true;
                Ok(fallback_results)
            }
            _ => Ok(results),
        }
    }

    fn search_locale(&self, locale: &str, query: &SearchQuery) -> Result<SearchResults> {
        let Some(target) = self.read_locales().get(locale).cloned() else {
            return Ok(SearchResults::default());
        };
        let searcher = target.reader.searcher();
        let mut stemmer = target.stemmer.clone();
        let words = plan::parse_words(query.text, locale, &mut stemmer);
        let filters = self.filters(query);

        if words.is_empty() {
            // No words: browsing by tag lists the tagged articles, most popular first; without
            // any filter there is nothing to look for.
            if query.tags.is_empty() {
                return Ok(SearchResults::default());
            }
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
            clauses.extend(plan::filter_clauses(&filters));
            let browse = BooleanQuery::new(clauses);
            let collected = self.collect(&searcher, &browse, query)?;
            return self.finish(collected, &searcher, Highlighter::new(stemmer, 0));
        }

        let planner = Planner {
            searcher: &searcher,
            fields: &self.fields,
            cache: &self.expansions,
            locale,
            stemmer: &stemmer,
        };
        let plan = planner.plan(&words)?;
        let all_words = plan.query(Mode::AllWords, &filters);
        let mut collected = self.collect(&searcher, &all_words, query)?;
        if collected.total == 0 && plan.word_count() > 1 {
            // Requiring every word found nothing: settle for articles matching some of them.
            let any_word = plan.query(Mode::AnyWord, &filters);
            collected = self.collect(&searcher, &any_word, query)?;
        }
        self.finish(collected, &searcher, plan.highlighter)
    }
}

/// Intermediate result: the page's addresses and scores, before documents are loaded.
struct Collected {
    page: Vec<(Score, DocAddress)>,
    total: usize,
    facets: Vec<(String, u64)>,
}

impl SearchIndex {
    /// Runs `query` once, collecting the page, the total and the tag counts in one pass.
    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchQuery,
    ) -> Result<Collected> {
        let limit = request.limit.min(MAX_LIMIT);
        let offset = request.offset.min(MAX_OFFSET);
        // `TopDocs` rejects a limit of 0; such a request only wants the counts.
        let top_docs = (limit > 0).then(|| {
            TopDocs::with_limit(limit)
                .and_offset(offset)
                .tweak_score(|segment: &SegmentReader| {
                    let popularity = segment.fast_fields().f64(POPULARITY_FIELD).ok();
                    move |doc: DocId, score: Score| {
                        let votes = popularity
                            .as_ref()
                            .and_then(|column| column.first(doc))
                            .unwrap_or(0.0)
                            .max(0.0) as f32;
                        let boost = POPULARITY_WEIGHT * votes.ln_1p();
                        // The additive part orders score-less browsing by popularity.
                        score * (1.0 + boost) + boost * 1e-3
                    }
                })
        });
        let (page, (total, tag_counts)) =
            searcher.search(query, &(top_docs, MatchAndTagCounter))?;
        let mut facets: Vec<(String, u64)> = tag_counts.into_iter().collect();
        facets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        facets.truncate(MAX_FACETS);
        Ok(Collected {
            page: page.unwrap_or_default(),
            total,
            facets,
        })
    }

    /// Loads the page's documents and builds highlighted hits (only for the page, never for
    /// all matches).
    fn finish(
        &self,
        collected: Collected,
        searcher: &Searcher,
        mut highlighter: Highlighter,
    ) -> Result<SearchResults> {
        let fields = &self.fields;
        let mut hits = Vec::with_capacity(collected.page.len());
        for (score, address) in collected.page {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|value| value.as_str())
                    .unwrap_or_default()
            };
            let title = text(fields.title_stored);
            let snippet = highlighter
                .snippet(text(fields.body_stored), SNIPPET_BYTES)
                .unwrap_or_else(|| highlight::escape(text(fields.summary)));
            hits.push(Hit {
                id: doc
                    .get_first(fields.id)
                    .and_then(|value| value.as_i64())
                    .unwrap_or_default(),
                slug: text(fields.slug).to_owned(),
                locale: text(fields.locale).to_owned(),
                title: title.to_owned(),
                title_html: highlighter.highlight_all(title),
                snippet,
                score,
            });
        }
        Ok(SearchResults {
            hits,
            total: collected.total,
            facets: collected.facets,
            fallback: false,
        })
    }

    /// Tag and site restrictions, as queries that must match.
    fn filters(&self, query: &SearchQuery) -> Vec<Box<dyn Query>> {
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        for tag in schema::clean_keys(query.tags) {
            filters.push(Box::new(TermQuery::new(
                Term::from_field_text(self.fields.tag, tag),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(site) = query.site {
            let visible = [site.trim(), ALL_SITES]
                .into_iter()
                .map(|key| {
                    let term: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(self.fields.site, key),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, term)
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(visible)));
        }
        filters
    }

    fn id_term(&self, id: i64) -> Term {
        Term::from_field_i64(self.fields.id, id)
    }

    /// Validates documents and groups them by locale, preserving order within a locale.
    fn group_by_locale(
        &self,
        docs: impl IntoIterator<Item = IndexDoc>,
    ) -> Result<HashMap<String, Vec<IndexDoc>>> {
        let mut by_locale: HashMap<String, Vec<IndexDoc>> = HashMap::new();
        for doc in docs {
            if !locale::is_valid_locale(&doc.locale) {
                return Err(Error::InvalidLocale(doc.locale));
            }
            by_locale.entry(doc.locale.clone()).or_default().push(doc);
        }
        Ok(by_locale)
    }

    /// The sub-index for `locale`, created (on disk or in memory) if it does not exist yet.
    fn locale_index(&self, locale: &str) -> Result<Arc<LocaleIndex>> {
        if let Some(existing) = self.read_locales().get(locale) {
            return Ok(Arc::clone(existing));
        }
        let mut locales = self.write_locales();
        if let Some(existing) = locales.get(locale) {
            return Ok(Arc::clone(existing));
        }
        let index = match &self.root {
            Some(root) => {
                let path = root.join(locale);
                fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
                let directory = MmapDirectory::open(&path)
                    .map_err(|e| Error::Index(tantivy::TantivyError::from(e)))?;
                Index::open_or_create(directory, self.schema.clone())?
            }
            None => Index::create_in_ram(self.schema.clone()),
        };
        let created = Arc::new(LocaleIndex::new(index, locale)?);
        locales.insert(locale.to_owned(), Arc::clone(&created));
        Ok(created)
    }

    fn all_locales(&self) -> Vec<Arc<LocaleIndex>> {
        self.read_locales().values().cloned().collect()
    }

    fn read_locales(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Arc<LocaleIndex>>> {
        self.locales
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write_locales(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Arc<LocaleIndex>>> {
        self.locales
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Deletes the sub-index directories (named like locales) and the version file, leaving
/// anything else an operator may have put in the directory.
fn remove_locale_dirs(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let is_locale_dir = path.is_dir()
            && path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(locale::is_valid_locale);
        if is_locale_dir {
            fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// Writes the version file atomically (temporary file, then rename), so a crash never leaves
/// a half-written version that could be mistaken for a valid one.
fn write_version_file(dir: &Path) -> Result<()> {
    let path = dir.join(VERSION_FILE);
    let temporary = dir.join(format!("{VERSION_FILE}.tmp"));
    fs::write(&temporary, format!("{SCHEMA_VERSION}\n")).map_err(|e| Error::io(&temporary, e))?;
    fs::rename(&temporary, &path).map_err(|e| Error::io(&path, e))
}

#[cfg(test)]
mod tests;
