//! The index's lifecycle: opening (and recreating it when the schema changed or files are
//! damaged), one sub-index per locale created on first use, and writes that are committed and
//! visible to searches when they return.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use tantivy::directory::MmapDirectory;
use tantivy::schema::Schema;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use super::expand::ExpansionCache;
use super::schema::{self, Fields, SCHEMA_VERSION};
use super::types::IndexDoc;
use crate::analysis::{self, FOLD_TOKENIZER, STEM_TOKENIZER};
use crate::error::{Error, Result};
use crate::locale;

/// Name of the file in the index directory holding [`SCHEMA_VERSION`].
pub const VERSION_FILE: &str = "SCHEMA_VERSION";
/// Memory budget of each sub-index's writer. Articles are small and written a few at a time;
/// this is within tantivy's accepted range and keeps many locales affordable.
const WRITER_MEMORY_BYTES: usize = 20_000_000;
/// A write of at least this many documents (a rebuild, a catch-up, a bulk import) ends by
/// merging the sub-index into one segment: every search pays per segment (term lookups,
/// scorers, phrase scorers), and tantivy's merge policy leaves a freshly built index of a few
/// thousand articles in several. Smaller writes leave merging to that policy.
const MERGE_AFTER_DOCS: usize = 100;

/// The search index: one sub-index per locale. `Send + Sync`; share it behind an `Arc`.
pub struct SearchIndex {
    /// Where sub-indexes live; `None` keeps everything in memory.
    root: Option<PathBuf>,
    schema: Schema,
    pub(super) fields: Fields,
    locales: RwLock<HashMap<String, Arc<LocaleIndex>>>,
    /// Serialises writes, so that operations spanning locales (an article moving from one
    /// locale to another) cannot interleave.
    write_lock: Mutex<()>,
    pub(super) expansions: ExpansionCache,
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
pub(super) struct LocaleIndex {
    locale: String,
    index: Index,
    pub(super) reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    pub(super) stemmer: TextAnalyzer,
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

    /// Merges every segment into one (waiting for it), when there is more than one.
    fn merge_segments(writer: &mut IndexWriter) -> tantivy::Result<()> {
        let segments = writer.index().searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
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
                writer.commit()?;
                if docs.len() >= MERGE_AFTER_DOCS {
                    LocaleIndex::merge_segments(writer)?;
                }
                Ok(())
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
                writer.commit()?;
                if docs.len() >= MERGE_AFTER_DOCS {
                    LocaleIndex::merge_segments(writer)?;
                }
                Ok(())
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

    /// Locales holding at least one document, sorted: the locales a reader can read now,
    /// answered from memory (the index follows the database's published articles).
    pub fn populated_locales(&self) -> Vec<String> {
        let mut locales: Vec<String> = self
            .read_locales()
            .iter()
            .filter(|(_, existing)| existing.reader.searcher().num_docs() > 0)
            .map(|(locale, _)| locale.clone())
            .collect();
        locales.sort();
        locales
    }

    /// Locales that have a sub-index, sorted.
    pub fn locales(&self) -> Vec<String> {
        let mut locales: Vec<String> = self.read_locales().keys().cloned().collect();
        locales.sort();
        locales
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

    pub(super) fn read_locales(
        &self,
    ) -> std::sync::RwLockReadGuard<'_, HashMap<String, Arc<LocaleIndex>>> {
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
