//! Query planning: from the user's plain text to a tantivy query, built programmatically (never
//! through `QueryParser`, so no user input is ever interpreted as query syntax).
//!
//! Each query word becomes a disjunction of term queries, weighted so that, for the same
//! field, an exact word beats a prefix completion, which beats a typo correction:
//!
//! | match                          | fields                      | weight             |
//! |--------------------------------|-----------------------------|--------------------|
//! | same stem                      | title, body, tags (stemmed) | 1.0                |
//! | same unstemmed (folded) form   | title (raw)                 | +0.5               |
//! | prefix completion (last word)  | title, body (raw)           | 0.6                |
//! | typo (1 edit from 5 letters, 2 from 9; a transposition is one edit) | title, body (raw) | 0.4 / 0.25 |
//!
//! multiplied by the field weight (title 3, tags 2, body 1). Phrase queries on the raw fields
//! (all words adjacent and in order, the last one as a prefix while it is being typed) add a
//! large bonus so phrase matches rank first. Prefixes and typos are expanded to explicit terms
//! (the most frequent first, bounded), which keeps scoring BM25-consistent and lets the
//! highlighter mark exactly what matched.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex};

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::highlight::Highlighter;
use super::schema::Fields;
use crate::analysis;

/// At most this many words of a query are used; the rest is ignored. Real queries are short,
/// and this bounds the work a pasted paragraph can cause.
pub const MAX_QUERY_WORDS: usize = 12;
/// Only the first this many bytes of the query text are read.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Terms a prefix expands to, per field, most frequent first.
const MAX_PREFIX_EXPANSIONS: usize = 50;
/// Terms a misspelt word expands to, per field, closest and most frequent first.
const MAX_TYPO_EXPANSIONS: usize = 10;
/// Expansions remembered per locale before the cache starts over.
const MAX_CACHED_EXPANSIONS: usize = 20_000;
/// A last word shorter than this is not used as a phrase prefix.
const MIN_PHRASE_PREFIX_CHARS: usize = 3;

const TITLE_WEIGHT: f32 = 3.0;
const TAGS_WEIGHT: f32 = 2.0;
const BODY_WEIGHT: f32 = 1.0;
const STEM_MATCH: f32 = 1.0;
const EXACT_FORM_BONUS: f32 = 0.5;
const PREFIX_MATCH: f32 = 0.6;
const TYPO_MATCH: [f32; 3] = [1.0, 0.4, 0.25];
const PHRASE_MATCH: f32 = 4.0;

/// Levenshtein automaton builders for 1 and 2 edits, with transpositions costing one edit.
/// Building them is expensive (milliseconds), building a DFA from them per word is cheap.
static TYPO_AUTOMATA: LazyLock<[LevenshteinAutomatonBuilder; 2]> = LazyLock::new(|| {
    [
        LevenshteinAutomatonBuilder::new(1, true),
        LevenshteinAutomatonBuilder::new(2, true),
    ]
});

/// One word of the user's query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QueryWord {
    /// Lower-cased, accent-folded form, as in the raw fields.
    pub folded: String,
    /// The locale's stem of `folded`, as in the stemmed fields.
    pub stem: String,
    /// Token position in the query, for phrase offsets.
    pub position: usize,
    /// The last word, still being typed: also matches as a prefix.
    pub prefix: bool,
    /// A stopword: only used in phrases (or, while being typed, as an optional prefix).
    pub optional: bool,
}

/// Splits the query text into words with the same analysis the index used. Hostile input
/// (query syntax, NUL bytes, emoji, megabytes of text) is just text here: non-alphanumerics
/// separate words and everything beyond the limits is ignored.
pub(crate) fn parse_words(text: &str, locale: &str, stemmer: &mut TextAnalyzer) -> Vec<QueryWord> {
    let mut cut = text.len().min(MAX_QUERY_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let truncated = cut < text.len();
    let text = analysis::strip_combining_marks(&text[..cut]);
    let mut folder = analysis::fold_analyzer();
    let mut stream = folder.token_stream(&text);
    let mut words = Vec::new();
    let mut last_end = 0;
    let mut more_words = false;
    while stream.advance() {
        if words.len() == MAX_QUERY_WORDS {
            more_words = true;
            break;
        }
        let token = stream.token();
        last_end = token.offset_to;
        words.push(QueryWord {
            folded: token.text.clone(),
            stem: String::new(),
            position: token.position,
            prefix: false,
            optional: analysis::is_stopword(locale, &token.text),
        });
    }
    drop(stream);
    // The last word is a prefix while the user is still typing it: the text ends right after
    // it (no trailing space or punctuation) and nothing was cut off.
    if let Some(last) = words.last_mut() {
        last.prefix = !truncated && !more_words && last_end == text.len();
    }
    if words.iter().all(|word| word.optional) {
        // A query made only of stopwords ("how to") still has to match on something.
        for word in &mut words {
            word.optional = false;
        }
    }
    for word in &mut words {
        let mut stems = stemmer.token_stream(&word.folded);
        word.stem = if stems.advance() {
            stems.token().text.clone()
        } else {
            word.folded.clone()
        };
    }
    words
}

/// How many terms a prefix of `chars` characters expands to in a title or body field.
///
/// The most frequent completions of a very short prefix are the most common words, whose long
/// posting lists dominate query time while telling little, so short prefixes expand less, and
/// a single letter only completes title words.
fn prefix_budget(is_title: bool, chars: usize) -> usize {
    match (chars, is_title) {
        (0, _) => 0,
        (1, true) => 10,
        (1, false) => 0,
        (2, true) => 25,
        (2, false) => 10,
        (3, _) => 25,
        _ => MAX_PREFIX_EXPANSIONS,
    }
}

/// How many edits a word may contain and still match: 1 from 5 letters, 2 from 9, none for
/// shorter words (too many false friends) or numbers (`54007` must not find `54008`).
fn typo_budget(word: &str) -> Option<u8> {
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match word.chars().count() {
        0..=4 => None,
        5..=8 => Some(1),
        _ => Some(2),
    }
}

/// Whether every word must match, or any one is enough (the fallback when requiring all finds
/// nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    AllWords,
    AnyWord,
}

/// The query's building blocks, built once and assembled per [`Mode`].
pub(crate) struct Plan {
    words: Vec<(Box<dyn Query>, bool)>,
    phrases: Vec<Box<dyn Query>>,
    pub highlighter: Highlighter,
}

impl Plan {
    pub(crate) fn word_count(&self) -> usize {
        self.words.len()
    }

    /// The full query: the words combined per `mode`, phrase bonuses, and the `filters`
    /// (which must match but do not score).
    pub(crate) fn query(&self, mode: Mode, filters: &[Box<dyn Query>]) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        match mode {
            Mode::AllWords => {
                for (query, optional) in &self.words {
                    let occur = if *optional {
                        Occur::Should
                    } else {
                        Occur::Must
                    };
                    clauses.push((occur, query.box_clone()));
                }
            }
            Mode::AnyWord => {
                let any = self
                    .words
                    .iter()
                    .map(|(query, _)| (Occur::Should, query.box_clone()))
                    .collect();
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
            }
        }
        for phrase in &self.phrases {
            clauses.push((Occur::Should, phrase.box_clone()));
        }
        clauses.extend(filter_clauses(filters));
        BooleanQuery::new(clauses)
    }
}

/// Filters as scoreless required clauses.
pub(crate) fn filter_clauses(
    filters: &[Box<dyn Query>],
) -> impl Iterator<Item = (Occur, Box<dyn Query>)> + '_ {
    filters.iter().map(|filter| {
        let scoreless: Box<dyn Query> = Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0));
        (Occur::Must, scoreless)
    })
}

/// Builds [`Plan`]s against one searcher (one locale's index at one point in time).
pub(crate) struct Planner<'a> {
    pub searcher: &'a Searcher,
    pub fields: &'a Fields,
    pub cache: &'a ExpansionCache,
    pub locale: &'a str,
    pub stemmer: &'a TextAnalyzer,
}

impl Planner<'_> {
    pub(crate) fn plan(&self, words: &[QueryWord]) -> tantivy::Result<Plan> {
        let fields = self.fields;
        // Stopwords only count inside phrases: as separate clauses they would score nearly
        // every document for nothing. The exception is a stopword still being typed, which may
        // be the start of a real word ("a" → "admin"); it stays as an optional clause.
        let scored: Vec<&QueryWord> = words
            .iter()
            .filter(|word| !word.optional || word.prefix)
            .collect();
        let highlighted = scored.iter().filter(|word| !word.optional).count();
        let mut highlighter = Highlighter::new(self.stemmer.clone(), highlighted);
        let mut word_queries = Vec::with_capacity(scored.len());
        let mut slot = 0;
        for word in scored {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, weight) in [
                (fields.title, TITLE_WEIGHT),
                (fields.body, BODY_WEIGHT),
                (fields.tags_text, TAGS_WEIGHT),
            ] {
                clauses.push(term_clause(field, &word.stem, weight * STEM_MATCH));
            }
            // The exact-form bonus is only given in titles: in bodies it would double the
            // postings read for a small reordering among inflections.
            clauses.push(term_clause(
                fields.title_raw,
                &word.folded,
                TITLE_WEIGHT * EXACT_FORM_BONUS,
            ));
            let mut marks: Vec<(String, f32)> = Vec::new();
            let mut typo_automaton = None;
            for (field, weight, is_title) in [
                (fields.title_raw, TITLE_WEIGHT, true),
                (fields.body_raw, BODY_WEIGHT, false),
            ] {
                let mut in_field: HashSet<&str> = HashSet::from([word.folded.as_str()]);
                let budget = if word.prefix {
                    prefix_budget(is_title, word.folded.chars().count())
                } else {
                    0
                };
                let prefixes = if budget > 0 {
                    self.prefix_expansions(field, &word.folded, budget)?
                } else {
                    Arc::from([])
                };
                for expansion in prefixes.iter() {
                    if in_field.insert(&expansion.term) {
                        clauses.push(term_clause(field, &expansion.term, weight * PREFIX_MATCH));
                        marks.push((expansion.term.clone(), PREFIX_MATCH));
                    }
                }
                if let Some(distance) = typo_budget(&word.folded) {
                    let typos = self.typo_expansions(
                        field,
                        &word.folded,
                        distance,
                        word.prefix,
                        &mut typo_automaton,
                    )?;
                    for expansion in typos.iter() {
                        if in_field.insert(&expansion.term) {
                            let typo_weight = TYPO_MATCH[usize::from(expansion.distance.min(2))];
                            clauses.push(term_clause(field, &expansion.term, weight * typo_weight));
                            marks.push((expansion.term.clone(), typo_weight));
                        }
                    }
                }
            }
            if !word.optional {
                highlighter.add_stem(&word.stem, slot, STEM_MATCH);
                highlighter.add_raw(&word.folded, slot, STEM_MATCH + EXACT_FORM_BONUS);
                for (term, weight) in marks {
                    highlighter.add_raw(&term, slot, weight);
                }
                slot += 1;
            }
            let query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
            word_queries.push((query, word.optional));
        }

        // Phrase bonus: the words in order, at their relative positions. Stopwords are left out
        // but keep their slot, so "cambiar la contraseña" also rewards "cambiar tu contraseña";
        // reading the positions of words found in every article would dominate query time. A
        // last word of one or two letters is left out too: as a phrase prefix it would expand
        // to the most common words of the language and cost more than it tells.
        let phrase_words: Vec<&QueryWord> = words
            .iter()
            .filter(|word| !word.optional)
            .filter(|word| !(word.prefix && word.folded.chars().count() < MIN_PHRASE_PREFIX_CHARS))
            .collect();
        let mut phrases: Vec<Box<dyn Query>> = Vec::new();
        if let (Some(first), Some(last), true) = (
            phrase_words.first(),
            phrase_words.last(),
            phrase_words.len() > 1,
        ) {
            for (field, weight) in [
                (fields.title_raw, TITLE_WEIGHT),
                (fields.body_raw, BODY_WEIGHT),
            ] {
                let terms: Vec<(usize, Term)> = phrase_words
                    .iter()
                    .map(|word| {
                        let offset = word.position.saturating_sub(first.position);
                        (offset, Term::from_field_text(field, &word.folded))
                    })
                    .collect();
                let phrase: Box<dyn Query> = if last.prefix {
                    let mut query = PhrasePrefixQuery::new_with_offset(terms);
                    query.set_max_expansions(MAX_PREFIX_EXPANSIONS as u32);
                    Box::new(query)
                } else {
                    Box::new(PhraseQuery::new_with_offset(terms))
                };
                phrases.push(Box::new(BoostQuery::new(phrase, weight * PHRASE_MATCH)));
            }
        }
        Ok(Plan {
            words: word_queries,
            phrases,
            highlighter,
        })
    }

    fn prefix_expansions(
        &self,
        field: Field,
        prefix: &str,
        limit: usize,
    ) -> tantivy::Result<Arc<[Expansion]>> {
        self.cached(field, prefix, ExpansionKind::Prefix { limit }, || {
            prefix_expansions(self.searcher, field, prefix, limit, self.locale)
        })
    }

    /// Typo expansions of `word` in `field`. The Levenshtein DFA is built at most once per
    /// word (in `automaton`) and shared by the fields, since building it can cost more than
    /// walking a term dictionary with it.
    fn typo_expansions(
        &self,
        field: Field,
        word: &str,
        distance: u8,
        prefix: bool,
        automaton: &mut Option<DFA>,
    ) -> tantivy::Result<Arc<[Expansion]>> {
        let kind = ExpansionKind::Typo { distance, prefix };
        self.cached(field, word, kind, || {
            let dfa = automaton.get_or_insert_with(|| {
                let builder = &TYPO_AUTOMATA[usize::from(distance.clamp(1, 2) - 1)];
                if prefix {
                    builder.build_prefix_dfa(word)
                } else {
                    builder.build_dfa(word)
                }
            });
            typo_expansions(self.searcher, field, dfa, MAX_TYPO_EXPANSIONS, self.locale)
        })
    }

    fn cached(
        &self,
        field: Field,
        word: &str,
        kind: ExpansionKind,
        compute: impl FnOnce() -> tantivy::Result<Vec<Expansion>>,
    ) -> tantivy::Result<Arc<[Expansion]>> {
        let generation = self.searcher.generation().generation_id();
        let key = ExpansionKey {
            field,
            kind,
            word: word.to_owned(),
        };
        if let Some(hit) = self.cache.get(self.locale, generation, &key) {
            return Ok(hit);
        }
        let computed: Arc<[Expansion]> = compute()?.into();
        self.cache
            .insert(self.locale, generation, key, Arc::clone(&computed));
        Ok(computed)
    }
}

fn term_clause(field: Field, text: &str, boost: f32) -> (Occur, Box<dyn Query>) {
    let term = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    (
        Occur::Should,
        Box::new(BoostQuery::new(Box::new(term), boost)),
    )
}

/// A term a query word expands to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Expansion {
    pub term: String,
    pub doc_freq: u64,
    /// Edits from the query word (0 for prefix completions).
    pub distance: u8,
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
enum ExpansionKind {
    Prefix { limit: usize },
    Typo { distance: u8, prefix: bool },
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct ExpansionKey {
    field: Field,
    kind: ExpansionKind,
    word: String,
}

/// Remembers expansions per locale for the current index generation.
///
/// While a user types "facturas pendientes", every keystroke re-expands the words before the
/// last one; walking the term dictionary again for them is wasted work. Entries are only valid
/// for the searcher generation they were computed on, so any commit invalidates them.
#[derive(Default)]
pub(crate) struct ExpansionCache {
    locales: Mutex<HashMap<String, GenerationCache>>,
}

struct GenerationCache {
    generation: u64,
    entries: HashMap<ExpansionKey, Arc<[Expansion]>>,
}

impl ExpansionCache {
    fn get(&self, locale: &str, generation: u64, key: &ExpansionKey) -> Option<Arc<[Expansion]>> {
        let locales = self
            .locales
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let cache = locales.get(locale)?;
        if cache.generation != generation {
            return None;
        }
        cache.entries.get(key).cloned()
    }

    fn insert(&self, locale: &str, generation: u64, key: ExpansionKey, value: Arc<[Expansion]>) {
        let mut locales = self
            .locales
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let cache = locales
            .entry(locale.to_owned())
            .or_insert_with(|| GenerationCache {
                generation,
                entries: HashMap::new(),
            });
        if cache.generation != generation || cache.entries.len() >= MAX_CACHED_EXPANSIONS {
            cache.generation = generation;
            cache.entries.clear();
        }
        cache.entries.insert(key, value);
    }
}

/// The best candidates seen so far, closest then most frequent first; allocation happens only
/// for terms that make it into the top.
struct TopTerms {
    capacity: usize,
    heap: BinaryHeap<Reverse<Candidate>>,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    closeness: Reverse<u8>,
    doc_freq: u64,
    term: Reverse<Vec<u8>>,
}

impl TopTerms {
    fn new(capacity: usize) -> Self {
        TopTerms {
            capacity,
            heap: BinaryHeap::with_capacity(capacity + 1),
        }
    }

    fn offer(&mut self, term: &[u8], doc_freq: u64, distance: u8) {
        if self.capacity == 0 {
            return;
        }
        if self.heap.len() == self.capacity
            && let Some(Reverse(worst)) = self.heap.peek()
            // Terms stream in sorted order, so on a tie the one already kept sorts first.
            && (Reverse(distance), doc_freq) <= (worst.closeness, worst.doc_freq)
        {
            return;
        }
        self.heap.push(Reverse(Candidate {
            closeness: Reverse(distance),
            doc_freq,
            term: Reverse(term.to_vec()),
        }));
        if self.heap.len() > self.capacity {
            self.heap.pop();
        }
    }
}

/// Merges per-segment top terms (summing document frequencies) and keeps the best `limit`.
///
/// Each segment keeps a few times `limit` candidates, so with several segments the result is a
/// close approximation of the global top; with one segment (the usual case after a rebuild)
/// it is exact.
fn merge_top_terms(per_segment: Vec<TopTerms>, limit: usize) -> Vec<Expansion> {
    let mut merged: HashMap<Vec<u8>, (u8, u64)> = HashMap::new();
    for top in per_segment {
        for Reverse(candidate) in top.heap {
            let entry = merged
                .entry(candidate.term.0)
                .or_insert((candidate.closeness.0, 0));
            entry.0 = entry.0.min(candidate.closeness.0);
            entry.1 += candidate.doc_freq;
        }
    }
    let mut expansions: Vec<Expansion> = merged
        .into_iter()
        .filter_map(|(term, (distance, doc_freq))| {
            Some(Expansion {
                term: String::from_utf8(term).ok()?,
                doc_freq,
                distance,
            })
        })
        .collect();
    expansions.sort_by(|a, b| {
        a.distance
            .cmp(&b.distance)
            .then(b.doc_freq.cmp(&a.doc_freq))
            .then_with(|| a.term.cmp(&b.term))
    });
    expansions.truncate(limit);
    expansions
}

/// Expanding to a stopword would add one of the longest posting lists for a word that tells
/// nothing about the article, so expansions skip them.
fn is_stopword_term(locale: &str, term: &[u8]) -> bool {
    std::str::from_utf8(term).is_ok_and(|term| analysis::is_stopword(locale, term))
}

fn prefix_expansions(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    limit: usize,
    locale: &str,
) -> tantivy::Result<Vec<Expansion>> {
    let mut per_segment = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut top = TopTerms::new(limit * 4);
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()?;
        while stream.advance() {
            let term = stream.key();
            if !term.starts_with(prefix.as_bytes()) {
                break;
            }
            if !is_stopword_term(locale, term) {
                top.offer(term, u64::from(stream.value().doc_freq), 0);
            }
        }
        per_segment.push(top);
    }
    Ok(merge_top_terms(per_segment, limit))
}

fn typo_expansions(
    searcher: &Searcher,
    field: Field,
    dfa: &DFA,
    limit: usize,
    locale: &str,
) -> tantivy::Result<Vec<Expansion>> {
    let mut per_segment = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut top = TopTerms::new(limit * 4);
        let mut stream = inverted.terms().search(DfaAutomaton(dfa)).into_stream()?;
        while stream.advance() {
            let term = stream.key();
            let distance = match dfa.eval(term) {
                Distance::Exact(distance) => distance,
                Distance::AtLeast(_) => continue,
            };
            if is_stopword_term(locale, term) {
                continue;
            }
            top.offer(term, u64::from(stream.value().doc_freq), distance);
        }
        per_segment.push(top);
    }
    Ok(merge_top_terms(per_segment, limit))
}

/// Lets the term dictionary's FST walk a Levenshtein DFA, visiting only terms within reach.
struct DfaAutomaton<'a>(&'a DFA);

impl tantivy_fst::Automaton for DfaAutomaton<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, locale: &str) -> Vec<QueryWord> {
        parse_words(text, locale, &mut analysis::stem_analyzer(locale))
    }

    #[test]
    fn last_word_is_a_prefix_only_while_typing() {
        let typing = words("facturas pend", "es");
        assert_eq!(typing.len(), 2);
        assert!(!typing[0].prefix && typing[1].prefix);
        assert!(!words("facturas pend ", "es")[1].prefix);
        assert!(!words("facturas pend.", "es")[1].prefix);
    }

    #[test]
    fn words_are_folded_stemmed_and_stopwords_optional() {
        let parsed = words("Cómo configurar el IVA", "es");
        let folded: Vec<&str> = parsed.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(folded, ["como", "configurar", "el", "iva"]);
        let optional: Vec<bool> = parsed.iter().map(|w| w.optional).collect();
        assert_eq!(optional, [true, false, true, false]);
        assert_eq!(parsed[1].stem, words("configuración", "es")[0].stem);
        let only_stopwords = words("how to", "en");
        assert!(only_stopwords.iter().all(|w| !w.optional));
    }

    #[test]
    fn hostile_text_is_just_words() {
        assert!(words("", "es").is_empty());
        assert!(words("*", "es").is_empty());
        assert!(words("\"\0?¡!🎉", "es").is_empty());
        let syntax: Vec<String> = words("title:x AND (", "en")
            .into_iter()
            .map(|w| w.folded)
            .collect();
        assert_eq!(syntax, ["title", "x", "and"]);
        let long = "palabra ".repeat(2000);
        let parsed = words(&long, "es");
        assert_eq!(parsed.len(), MAX_QUERY_WORDS);
        assert!(!parsed[MAX_QUERY_WORDS - 1].prefix);
        let huge_word = "a".repeat(10_000);
        assert!(words(&huge_word, "es").is_empty());
        let multibyte = "ñ".repeat(MAX_QUERY_BYTES);
        let _ = words(&multibyte, "es");
    }

    #[test]
    fn typo_budgets() {
        assert_eq!(typo_budget("iva"), None);
        assert_eq!(typo_budget("clave"), Some(1));
        assert_eq!(typo_budget("pasword"), Some(1));
        assert_eq!(typo_budget("facturasion"), Some(2));
        assert_eq!(typo_budget("540071"), None);
    }

    #[test]
    fn top_terms_keep_closest_then_most_frequent() {
        let mut top = TopTerms::new(2);
        top.offer(b"a", 5, 1);
        top.offer(b"b", 1, 0);
        top.offer(b"c", 9, 1);
        top.offer(b"d", 9, 1);
        let merged = merge_top_terms(vec![top], 2);
        let terms: Vec<&str> = merged.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["b", "c"]);
    }
}
