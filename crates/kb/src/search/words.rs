//! All the words of a query as one tantivy query with one flat scorer.
//!
//! Each word has forms (its stem, its exact form, completions while it is typed, corrections),
//! each a term in one place (title, body or tags) with a weight. A document's score is, per
//! word and place, the BM25 score of the best of the word's forms there (a word counts once per
//! place, so forty completions cannot outweigh a complete word), summed over places and words;
//! plus the tiers (every word present; every word in the title).
//!
//! Built with tantivy's boolean, disjunction-max and boost queries the same ranking nested
//! three unions per word, each allocating a 4,096-document buffer per segment and scoring
//! through layers of boxed scorers: most of a search's time. Here each posting list is read
//! once per window of documents into flat per-document sums.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use tantivy::InvertedIndexReader;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
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
    /// Must match; do not score.
    pub filters: Vec<Box<dyn Query>>,
}

impl Clone for WordsQuery {
    fn clone(&self) -> WordsQuery {
        WordsQuery {
            words: self.words.clone(),
            all_words_bonus: self.all_words_bonus,
            title_words_bonus: self.title_words_bonus,
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
        // When the statistics are the searcher's own (as in every search here), each term is
        // looked up once per segment, for its frequency and, in `scorer`, its postings.
        let located: Option<Vec<(SegmentId, &SegmentReader)>> = match enable_scoring {
            EnableScoring::Enabled {
                searcher,
                statistics_provider,
            } if std::ptr::addr_eq(statistics_provider, searcher) => Some(
                searcher
                    .segment_readers()
                    .iter()
                    .map(|reader| (reader.segment_id(), reader))
                    .collect(),
            ),
            _ => None,
        };
        let mut term_infos: Vec<Vec<Option<TermInfo>>> = Vec::new();
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
                        let with = match &located {
                            // Found once per segment, for the frequency and the postings.
                            Some(segments) => {
                                let mut infos = Vec::with_capacity(segments.len());
                                for (_, reader) in segments.iter() {
                                    infos.push(
                                        reader.inverted_index(field)?.get_term_info(&form.term)?,
                                    );
                                }
                                let with = infos
                                    .iter()
                                    .flatten()
                                    .map(|info| u64::from(info.doc_freq))
                                    .sum();
                                term_infos.push(infos);
                                with
                            }
                            None => statistics.doc_freq(&form.term)?,
                        };
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
        // Filters only match: no scores to compute or combine.
        let unscored = EnableScoring::disabled_from_schema(enable_scoring.schema());
        let filters = self
            .filters
            .iter()
            .map(|query| query.weight(unscored))
            .collect::<tantivy::Result<_>>()?;
        let located = match located {
            Some(segments) if term_infos.len() == forms.len() => Some(Located {
                segments: segments.into_iter().map(|(id, _)| id).collect(),
                term_infos,
            }),
            _ => None,
        };
        Ok(Box::new(WordsWeight {
            forms,
            located,
            counted,
            all_words_bonus: self.all_words_bonus,
            title_words_bonus: self.title_words_bonus,
            filters,
        }))
    }
}

/// Where each form's postings are, per segment of the searcher the weight was built for.
struct Located {
    segments: Vec<SegmentId>,
    /// Per form, per segment (as in `segments`).
    term_infos: Vec<Vec<Option<TermInfo>>>,
}

struct WordsWeight {
    forms: Vec<WeightedForm>,
    located: Option<Located>,
    /// Bit `i` set when word `i` counts for the tiers.
    counted: u32,
    all_words_bonus: Option<Score>,
    title_words_bonus: Option<Score>,
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
            "best form per word and place, and tiers",
            scorer.score(),
        ))
    }
}

impl WordsWeight {
    fn words_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<WordsScorer> {
        let mut fieldnorms: Vec<(Field, FieldNormReader)> = Vec::new();
        let mut inverted: Vec<(Field, Arc<InvertedIndexReader>)> = Vec::new();
        let mut cursors = Vec::with_capacity(self.forms.len());
        let segment = self.located.as_ref().and_then(|located| {
            let id = reader.segment_id();
            let at = located.segments.iter().position(|&segment| segment == id)?;
            Some((located, at))
        });
        for (at, form) in self.forms.iter().enumerate() {
            let field = form.term.field();
            let index = match inverted.iter().find(|(f, _)| *f == field) {
                Some((_, index)) => Arc::clone(index),
                None => {
                    let index = reader.inverted_index(field)?;
                    inverted.push((field, Arc::clone(&index)));
                    index
                }
            };
            let postings = match segment {
                Some((located, segment)) => {
                    match located
                        .term_infos
                        .get(at)
                        .and_then(|infos| infos.get(segment))
                    {
                        Some(Some(info)) => Some(
                            index
                                .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?,
                        ),
                        Some(None) => None,
                        None => index.read_postings(&form.term, IndexRecordOption::WithFreqs)?,
                    }
                }
                None => index.read_postings(&form.term, IndexRecordOption::WithFreqs)?,
            };
            let Some(postings) = postings else {
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
        let filters = self
            .filters
            .iter()
            .map(|weight| weight.scorer(reader, 1.0))
            .collect::<tantivy::Result<_>>()?;
        Ok(WordsScorer::new(
            cursors,
            fieldnorms.into_iter().map(|(_, norms)| norms).collect(),
            self,
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
    filters: Vec<Box<dyn Scorer>>,
    doc: DocId,
    score: Score,
}

impl WordsScorer {
    fn new(
        mut cursors: Vec<Cursor>,
        lengths: Vec<FieldNormReader>,
        weight: &WordsWeight,
        filters: Vec<Box<dyn Scorer>>,
    ) -> WordsScorer {
        // The plan lists each word's forms place by place; sorting (stable) only guards that.
        if !cursors.is_sorted_by_key(|cursor| (cursor.word, cursor.place as u8)) {
            cursors.sort_by_key(|cursor| (cursor.word, cursor.place as u8));
        }
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

    /// The words' score plus the tiers.
    fn finish(&self, mut score: Score, present: u32, in_title: u32) -> Score {
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
                self.score = self.finish(score, present, in_title);
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use tantivy::collector::TopDocs;
    use tantivy::query::{
        BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, TermQuery,
    };
    use tantivy::schema::{STRING, Schema, TEXT};
    use tantivy::{DocAddress, Index, TantivyDocument};

    use super::*;

    const VOCABULARY: [&str; 12] = [
        "alpha", "alphas", "alphabet", "beta", "betas", "gamma", "delta", "omega", "sigma",
        "kappa", "lambda", "theta",
    ];

    /// 9,000 documents in two segments (so windows and segments both have edges), each with a
    /// short title, a body and one of two tags, from a fixed pseudo-random sequence.
    fn index() -> (Index, Field, Field, Field) {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let tag = schema.add_text_field("tag", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
            .expect("writer");
        let mut state = 7u64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        for i in 0..9_000 {
            let words = |count: usize, next: &mut dyn FnMut(usize) -> usize| {
                (0..count)
                    .map(|_| VOCABULARY[next(VOCABULARY.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let title_words = 1 + next(3);
            let body_words = 2 + next(12);
            let mut doc = TantivyDocument::default();
            doc.add_text(title, words(title_words, &mut next));
            doc.add_text(body, words(body_words, &mut next));
            doc.add_text(tag, if next(3) == 0 { "b" } else { "a" });
            writer.add_document(doc).expect("add");
            if i == 5_000 {
                writer.commit().expect("commit");
            }
        }
        writer.commit().expect("commit");
        (index, title, body, tag)
    }

    fn form(field: Field, text: &str, place: Place, boost: Score) -> Form {
        Form {
            term: Term::from_field_text(field, text),
            place,
            boost,
        }
    }

    /// The same ranking from tantivy's own queries: per word, the best form per place
    /// (disjunction-max), summed; the tiers as constant-score clauses; the filter required.
    fn oracle(words: &[Word], all: Score, titled: Score, filter: &Term) -> BooleanQuery {
        let boosted = |form: &Form| -> Box<dyn Query> {
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    form.term.clone(),
                    IndexRecordOption::WithFreqs,
                )),
                form.boost,
            ))
        };
        let in_place = |word: &Word, place: Place| -> Box<dyn Query> {
            Box::new(DisjunctionMaxQuery::new(
                word.forms
                    .iter()
                    .filter(|form| form.place == place)
                    .map(boosted)
                    .collect(),
            ))
        };
        let word_query = |word: &Word| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                [Place::Title, Place::Body]
                    .into_iter()
                    .map(|place| (Occur::Should, in_place(word, place)))
                    .collect(),
            ))
        };
        let counted: Vec<&Word> = words.iter().filter(|word| word.counted).collect();
        let every = |query: &dyn Fn(&Word) -> Box<dyn Query>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                counted
                    .iter()
                    .map(|word| (Occur::Must, query(word)))
                    .collect(),
            ))
        };
        BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(BooleanQuery::new(
                    words
                        .iter()
                        .map(|word| (Occur::Should, word_query(word)))
                        .collect(),
                )),
            ),
            (
                Occur::Should,
                Box::new(ConstScoreQuery::new(every(&word_query), all)),
            ),
            (
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    every(&|word: &Word| in_place(word, Place::Title)),
                    titled,
                )),
            ),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(filter.clone(), IndexRecordOption::Basic)),
                    0.0,
                )),
            ),
        ])
    }

    fn scores(index: &Index, query: &dyn Query) -> HashMap<DocAddress, Score> {
        let searcher = index.reader().expect("reader").searcher();
        searcher
            .search(query, &TopDocs::with_limit(10_000).order_by_score())
            .expect("search")
            .into_iter()
            .map(|(score, address)| (address, score))
            .collect()
    }

    #[test]
    fn scores_as_the_nested_queries_do_across_windows_and_segments() {
        let (index, title, body, tag) = index();
        let words = vec![
            Word {
                forms: vec![
                    form(title, "alpha", Place::Title, 1.5),
                    form(title, "alphas", Place::Title, 0.6),
                    form(body, "alpha", Place::Body, 1.0),
                    form(body, "alphabet", Place::Body, 0.4),
                ],
                counted: true,
            },
            Word {
                forms: vec![
                    form(title, "beta", Place::Title, 1.5),
                    form(body, "beta", Place::Body, 1.0),
                    form(body, "betas", Place::Body, 0.7),
                ],
                counted: true,
            },
            Word {
                forms: vec![form(body, "gamma", Place::Body, 1.0)],
                counted: false,
            },
        ];
        let filter = Term::from_field_text(tag, "a");
        let ours = WordsQuery {
            words: words.clone(),
            all_words_bonus: Some(100.0),
            title_words_bonus: Some(10.0),
            filters: vec![Box::new(TermQuery::new(
                filter.clone(),
                IndexRecordOption::Basic,
            ))],
        };
        let expected = scores(&index, &oracle(&words, 100.0, 10.0, &filter));
        let got = scores(&index, &ours);
        assert!(expected.len() > 4_096, "{} matches", expected.len());
        assert_eq!(got.len(), expected.len());
        for (address, score) in &expected {
            let ours = got.get(address).copied().unwrap_or(f32::NAN);
            assert!(
                (ours - score).abs() <= 1e-3 * score.abs().max(1.0),
                "{address:?}: {ours} ≠ {score}"
            );
        }
        // Both tiers were reached by some documents and missed by others.
        assert!(expected.values().any(|&s| s > 110.0));
        assert!(expected.values().any(|&s| (100.0..110.0).contains(&s)));
        assert!(expected.values().any(|&s| s < 100.0));
    }

    #[test]
    fn no_words_or_unknown_words_match_nothing() {
        let (index, title, _, _) = index();
        let unknown = WordsQuery {
            words: vec![Word {
                forms: vec![form(title, "zzz", Place::Title, 1.0)],
                counted: true,
            }],
            all_words_bonus: Some(100.0),
            title_words_bonus: None,
            filters: Vec::new(),
        };
        assert!(scores(&index, &unknown).is_empty());
        let empty = WordsQuery {
            words: Vec::new(),
            all_words_bonus: Some(100.0),
            title_words_bonus: Some(10.0),
            filters: Vec::new(),
        };
        assert!(scores(&index, &empty).is_empty());
    }
}
