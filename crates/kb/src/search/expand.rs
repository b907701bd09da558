//! Expanding a query word to the index's terms: completions of a prefix and corrections
//! within a Levenshtein distance, the best few by closeness and frequency, and a per-locale
//! cache of them for the current index generation.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex};

use levenshtein_automata::{DFA, Distance, SINK_STATE};
use tantivy::Searcher;
use tantivy::schema::Field;

use crate::analysis;

/// Expansions remembered per locale before the cache starts over.
const MAX_CACHED_EXPANSIONS: usize = 20_000;

/// A term a query word expands to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Expansion {
    pub term: String,
    pub doc_freq: u64,
    /// Edits from the query word (0 for prefix completions).
    pub distance: u8,
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub(crate) enum ExpansionKind {
    Prefix { limit: usize },
    Typo { distance: u8, prefix: bool },
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub(crate) struct ExpansionKey {
    pub field: Field,
    pub kind: ExpansionKind,
    pub word: String,
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
    pub(crate) fn get(
        &self,
        locale: &str,
        generation: u64,
        key: &ExpansionKey,
    ) -> Option<Arc<[Expansion]>> {
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

    pub(crate) fn insert(
        &self,
        locale: &str,
        generation: u64,
        key: ExpansionKey,
        value: Arc<[Expansion]>,
    ) {
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

pub(crate) fn prefix_expansions(
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

pub(crate) fn typo_expansions(
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
