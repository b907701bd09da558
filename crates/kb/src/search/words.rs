//! All the words of a query as one tantivy query with one flat scorer.
//!
//! Each word has forms (its stem, its exact form, completions while it is typed, corrections),
//! each a term in one place (title, body or tags) with a weight. A document's score is, per
//! word and place, the BM25 score of the best of the word's forms there (a word counts once per
//! place, so forty completions cannot outweigh a complete word), summed over places and words;
//! plus the tiers (every word present; every word in the title) and the extras (phrases), which
//! are only looked at for documents the words match.
//!
//! Built with tantivy's boolean, disjunction-max and boost queries the same ranking nested
//! three unions per word, each allocating a 4,096-document buffer per segment and scoring
//! through layers of boxed scorers: most of a search's time. Here each posting list is read
//! once per window of documents into flat per-document sums.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// BM25's term-frequency saturation and length normalisation, as tantivy sets them.
const K1: Score = 1.2;
const B: Score = 0.75;

/// Where a form matches. A word scores once per place: the best of its forms there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    Title = 0,
    Body = 1,
    Tags = 2,
}

/// One form of a word: a term of one field, in one place, with its weight.
#[derive(Clone, Debug)]
pub(crate) struct Form {
    pub term: Term,
    pub place: Place,
    pub boost: Score,
}

/// One word of the query.
#[derive(Clone, Debug, Default)]
pub(crate) struct Word {
    pub forms: Vec<Form>,
    /// Counts for the tiers (a significant word, not a stopword being typed).
    pub counted: bool,
}

/// The query: words, tiers, extras and filters.
pub(crate) struct WordsQuery {
    pub words: Vec<Word>,
    /// Added when every counted word matches somewhere.
    pub all_words_bonus: Option<Score>,
    /// Added when every counted word matches in the title.
    pub title_words_bonus: Option<Score>,
    /// Scored (added) on the documents the words match; never match on their own.
    pub extras: Vec<Box<dyn Query>>,
    /// Must match; do not score.
    pub filters: Vec<Box<dyn Query>>,
}

impl Clone for WordsQuery {
    fn clone(&self) -> WordsQuery {
        WordsQuery {
            words: self.words.clone(),
            all_words_bonus: self.all_words_bonus,
            title_words_bonus: self.title_words_bonus,
            extras: self.extras.iter().map(|query| query.box_clone()).collect(),
            filters: self.filters.iter().map(|query| query.box_clone()).collect(),
        }
    }
}

impl fmt::Debug for WordsQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WordsQuery")
            .field("words", &self.words)
            .field("all_words_bonus", &self.all_words_bonus)
            .field("title_words_bonus", &self.title_words_bonus)
            .field("extras", &self.extras.len())
            .field("filters", &self.filters.len())
            .finish()
    }
}

/// A form with its BM25 factor `idf × (1 + k1) × boost`, and its field's length norms.
struct WeightedForm {
    term: Term,
    word: u16,
    place: Place,
    factor: Score,
    norms: Arc<[Score; 256]>,
}

/// BM25's `k1 × (1 − b + b × length / average length)` for each of tantivy's 256 length codes.
fn length_norms(average: Score) -> Arc<[Score; 256]> {
    let mut norms = [0.0; 256];
    for (id, norm) in norms.iter_mut().enumerate() {
        let length = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
        *norm = K1 * (1.0 - B + B * length / average.max(f32::MIN_POSITIVE));
    }
    Arc::new(norms)
}

/// BM25's inverse document frequency, as tantivy computes it.
fn idf(with: u64, docs: u64) -> Score {
    let with = with.min(docs) as Score;
    (1.0 + (docs as Score - with + 0.5) / (with + 0.5)).ln()
}

impl Query for WordsQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let statistics = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(statistics_provider),
            EnableScoring::Disabled { .. } => None,
        };
        let docs = match statistics {
            Some(statistics) => statistics.total_num_docs()?,
            None => 0,
        };
        let mut norms: HashMap<Field, Arc<[Score; 256]>> = HashMap::new();
        let mut forms = Vec::new();
        let mut counted = 0u32;
        for (index, word) in self.words.iter().enumerate() {
            let Ok(word_index) = u16::try_from(index) else {
                break;
            };
            if word.counted && index < 32 {
                counted |= 1 << index;
            }
            for form in &word.forms {
                let field = form.term.field();
                let (factor, field_norms) = match statistics {
                    Some(statistics) => {
                        let field_norms = match norms.get(&field) {
                            Some(field_norms) => Arc::clone(field_norms),
                            None => {
                                let tokens = statistics.total_num_tokens(field)?;
                                let average = tokens as Score / docs.max(1) as Score;
                                let field_norms = length_norms(average);
                                norms.insert(field, Arc::clone(&field_norms));
                                field_norms
                            }
                        };
                        let with = statistics.doc_freq(&form.term)?;
                        (idf(with, docs) * (1.0 + K1) * form.boost, field_norms)
                    }
                    None => (0.0, length_norms(1.0)),
                };
                forms.push(WeightedForm {
                    term: form.term.clone(),
                    word: word_index,
                    place: form.place,
                    factor,
                    norms: field_norms,
                });
            }
        }
        let extras = self
            .extras
            .iter()
            .map(|query| query.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        let filters = self
            .filters
            .iter()
            .map(|query| query.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(WordsWeight {
            forms,
            counted,
            all_words_bonus: self.all_words_bonus,
            title_words_bonus: self.title_words_bonus,
            extras,
            filters,
        }))
    }
}

struct WordsWeight {
    forms: Vec<WeightedForm>,
    /// Bit `i` set when word `i` counts for the tiers.
    counted: u32,
    all_words_bonus: Option<Score>,
    title_words_bonus: Option<Score>,
    extras: Vec<Box<dyn Weight>>,
    filters: Vec<Box<dyn Weight>>,
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.words_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.words_scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new(
            "best form per word and place, tiers, phrases",
            scorer.score(),
        ))
    }
}

impl WordsWeight {
    fn words_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<WordsScorer> {
        let mut fieldnorms: Vec<(Field, FieldNormReader)> = Vec::new();
        let mut cursors = Vec::with_capacity(self.forms.len());
        for form in &self.forms {
            let field = form.term.field();
            let Some(postings) = reader
                .inverted_index(field)?
                .read_postings(&form.term, IndexRecordOption::WithFreqs)?
            else {
                continue;
            };
            let lengths = match fieldnorms.iter().position(|(f, _)| *f == field) {
                Some(slot) => slot,
                None => {
                    let norms = reader.get_fieldnorms_reader(field)?;
                    fieldnorms.push((field, norms));
                    fieldnorms.len() - 1
                }
            };
            cursors.push(Cursor {
                postings,
                word: form.word,
                place: form.place,
                factor: form.factor * boost,
                norms: Arc::clone(&form.norms),
                lengths,
            });
        }
        let extras = self
            .extras
            .iter()
            .map(|weight| weight.scorer(reader, boost))
            .collect::<tantivy::Result<_>>()?;
        let filters = self
            .filters
            .iter()
            .map(|weight| weight.scorer(reader, 1.0))
            .collect::<tantivy::Result<_>>()?;
        Ok(WordsScorer::new(
            cursors,
            fieldnorms.into_iter().map(|(_, norms)| norms).collect(),
            self,
            extras,
            filters,
        ))
    }
}

/// One posting list being walked.
struct Cursor {
    postings: SegmentPostings,
    word: u16,
    place: Place,
    factor: Score,
    norms: Arc<[Score; 256]>,
    /// Index of the field's length reader in [`WordsScorer::lengths`].
    lengths: usize,
}

impl Cursor {
    fn score(&self, lengths: &[FieldNormReader], doc: DocId) -> Score {
        let length_id = lengths
            .get(self.lengths)
            .map_or(0, |reader| reader.fieldnorm_id(doc));
        let frequency = self.postings.term_freq() as Score;
        self.factor * frequency / (frequency + self.norms[usize::from(length_id)])
    }
}

/// Documents scored together: each posting list is read through a window before the next,
/// so a document's score is summed in arrays instead of by merging the lists one document at
/// a time (as tantivy's own union does, with the same window).
const WINDOW: usize = 4096;
const WINDOW_WORDS: usize = WINDOW / 64;

struct WordsScorer {
    /// Sorted by word, then place: each run is one word's forms in one place.
    cursors: Vec<Cursor>,
    /// The runs of `cursors`, as `start..end` ranges.
    groups: Vec<(usize, usize)>,
    lengths: Vec<FieldNormReader>,
    /// First document of the current window.
    start: DocId,
    /// Documents of the window some word matches, one bit each.
    matched: Vec<u64>,
    /// Where to look for the next matched document in `matched`.
    next: usize,
    /// Per document of the window: the words' summed score, and which words are present
    /// (anywhere, and in the title), one bit per word.
    total: Vec<Score>,
    present: Vec<u32>,
    in_title: Vec<u32>,
    /// The best score of the word being summed in the place being summed (negative: none).
    best: Vec<Score>,
    touched: Vec<u16>,
    counted: u32,
    all_words_bonus: Option<Score>,
    title_words_bonus: Option<Score>,
    extras: Vec<Box<dyn Scorer>>,
    filters: Vec<Box<dyn Scorer>>,
    doc: DocId,
    score: Score,
}

impl WordsScorer {
    fn new(
        mut cursors: Vec<Cursor>,
        lengths: Vec<FieldNormReader>,
        weight: &WordsWeight,
        extras: Vec<Box<dyn Scorer>>,
        filters: Vec<Box<dyn Scorer>>,
    ) -> WordsScorer {
        cursors.sort_by_key(|cursor| (cursor.word, cursor.place as u8));
        let mut groups = Vec::new();
        let mut from = 0;
        for at in 1..=cursors.len() {
            let boundary = match (cursors.get(at - 1), cursors.get(at)) {
                (Some(a), Some(b)) => (a.word, a.place) != (b.word, b.place),
                _ => true,
            };
            if boundary {
                groups.push((from, at));
                from = at;
            }
        }
        let mut scorer = WordsScorer {
            cursors,
            groups,
            lengths,
            start: 0,
            matched: vec![0; WINDOW_WORDS],
            next: WINDOW_WORDS,
            total: vec![0.0; WINDOW],
            present: vec![0; WINDOW],
            in_title: vec![0; WINDOW],
            best: vec![-1.0; WINDOW],
            touched: Vec::new(),
            counted: weight.counted,
            all_words_bonus: weight.all_words_bonus,
            title_words_bonus: weight.title_words_bonus,
            extras,
            filters,
            doc: 0,
            score: 0.0,
        };
        // A docset starts on its first document.
        scorer.advance();
        scorer
    }

    /// Reads every posting list through the next window holding a match; false when all are
    /// exhausted.
    fn fill(&mut self) -> bool {
        let Some(start) = self
            .cursors
            .iter()
            .map(|cursor| cursor.postings.doc())
            .min()
            .filter(|&doc| doc != TERMINATED)
        else {
            return false;
        };
        self.start = start;
        let end = start.saturating_add(WINDOW as DocId);
        for &(from, to) in &self.groups {
            let Some(first) = self.cursors.get(from) else {
                continue;
            };
            let bit = if first.word < 32 {
                1u32 << first.word
            } else {
                0
            };
            let title = first.place == Place::Title;
            for cursor in self.cursors.get_mut(from..to).into_iter().flatten() {
                let mut doc = cursor.postings.doc();
                while doc < end {
                    let slot = (doc - start) as usize;
                    let score = cursor.score(&self.lengths, doc);
                    if let Some(best) = self.best.get_mut(slot) {
                        if *best < 0.0 {
                            self.touched.push(slot as u16);
                        }
                        if score > *best {
                            *best = score;
                        }
                    }
                    doc = cursor.postings.advance();
                }
            }
            for slot in self.touched.drain(..) {
                let slot = usize::from(slot);
                if let Some(best) = self.best.get_mut(slot) {
                    self.total[slot] += best.max(0.0);
                    *best = -1.0;
                }
                self.present[slot] |= bit;
                if title {
                    self.in_title[slot] |= bit;
                }
                self.matched[slot / 64] |= 1 << (slot % 64);
            }
        }
        self.next = 0;
        true
    }

    /// Takes the next matched slot of the window, clearing its sums.
    fn take(&mut self) -> Option<(usize, Score, u32, u32)> {
        while self.next < WINDOW_WORDS {
            let bits = self.matched[self.next];
            if bits == 0 {
                self.next += 1;
                continue;
            }
            let bit = bits.trailing_zeros() as usize;
            self.matched[self.next] &= bits - 1;
            let slot = self.next * 64 + bit;
            let taken = (
                slot,
                self.total[slot],
                self.present[slot],
                self.in_title[slot],
            );
            self.total[slot] = 0.0;
            self.present[slot] = 0;
            self.in_title[slot] = 0;
            return Some(taken);
        }
        None
    }

    /// Whether `doc` passes every filter (each moved up to it).
    fn passes(&mut self, doc: DocId) -> bool {
        self.filters.iter_mut().all(|filter| {
            if filter.doc() < doc {
                filter.seek(doc);
            }
            filter.doc() == doc
        })
    }

    /// The words' score plus the tiers and extras.
    fn finish(&mut self, doc: DocId, mut score: Score, present: u32, in_title: u32) -> Score {
        if self.counted != 0 {
            if let Some(bonus) = self.all_words_bonus
                && present & self.counted == self.counted
            {
                score += bonus;
            }
            if let Some(bonus) = self.title_words_bonus
                && in_title & self.counted == self.counted
            {
                score += bonus;
            }
        }
        for extra in &mut self.extras {
            if extra.doc() < doc {
                extra.seek(doc);
            }
            if extra.doc() == doc {
                score += extra.score();
            }
        }
        score
    }
}

impl DocSet for WordsScorer {
    fn advance(&mut self) -> DocId {
        loop {
            let Some((slot, score, present, in_title)) = self.take() else {
                if self.fill() {
                    continue;
                }
                self.doc = TERMINATED;
                return TERMINATED;
            };
            let doc = self.start + slot as DocId;
            if self.passes(doc) {
                self.doc = doc;
                self.score = self.finish(doc, score, present, in_title);
                return doc;
            }
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.cursors
            .iter()
            .map(|cursor| cursor.postings.size_hint())
            .fold(0u32, u32::saturating_add)
    }
}

impl Scorer for WordsScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}
