//! Query planning: from the user's plain text to a tantivy query, built programmatically (never
//! through `QueryParser`, so no user input is ever interpreted as query syntax).
//!
//! Each query word counts once per field: the best of its forms there (a disjunction-max),
//! weighted so that an exact word beats a prefix completion, which beats a typo correction:
//!
//! | match                          | fields                      | weight             |
//! |--------------------------------|-----------------------------|--------------------|
//! | same stem                      | title, body, tags (stemmed) | 1.0                |
//! | same unstemmed (folded) form   | title, body (raw)           | 1.5                |
//! | prefix completion (last word)  | title, body (raw)           | 0.8 × typed/5 letters, at most 0.8; none under 3 letters after other words |
//! | typo (1 edit from 5 letters, 2 from 9; a transposition is one edit) | title, body (raw) | 0.7 / 0.45, × 0.15 when the word itself is in the index |
//!
//! multiplied by the field weight (title 1.5, tags 1.5, body 1), and for title and tags by
//! the ratio of the word's IDF across all fields to its IDF in that field (BM25F's one IDF: a
//! word rare in titles but common in bodies is a weak title signal). Stopwords and question
//! words never score on their own. Phrase queries on the raw fields (all words adjacent and in
//! order; while the last word is typed, it as typed and as its likeliest completions) add a
//! bonus to the best hits (`execute` rescores them). Prefixes and typos are
//! expanded to explicit terms (the most frequent first, bounded), which keeps scoring
//! BM25-consistent and lets the highlighter mark exactly what matched.
//!
//! Words combine per [`Mode`]: a short query ranks the articles holding all its words first,
//! then the others; a question (three significant words or more) is ranked by coordination.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use levenshtein_automata::{DFA, LevenshteinAutomatonBuilder};
use tantivy::query::{BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query};
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::expand::{
    Expansion, ExpansionCache, ExpansionKey, ExpansionKind, prefix_expansions, typo_expansions,
};
use super::highlight::Highlighter;
use super::schema::Fields;
use super::words::{Form, Place, Word, WordsQuery};
use crate::analysis;

/// At most this many significant words of a query are used; the rest is ignored. Stopwords do
/// not count (they only take part in phrases): a Spanish question is half stopwords, and
/// counting them dropped the words that name its subject. This bounds the work a pasted
/// paragraph can cause.
pub const MAX_QUERY_WORDS: usize = 12;
/// At most this many words in all, stopwords included.
const MAX_QUERY_TOKENS: usize = 3 * MAX_QUERY_WORDS;
/// Only the first this many bytes of the query text are read.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Terms a prefix expands to, per field, most frequent first.
const MAX_PREFIX_EXPANSIONS: usize = 50;
/// Terms a misspelt word expands to, per field, closest and most frequent first.
const MAX_TYPO_EXPANSIONS: usize = 10;
/// A last word shorter than this is not used as a phrase prefix.
const MIN_PHRASE_PREFIX_CHARS: usize = 3;
/// Completions of the word being typed tried in phrases, most frequent first.
const PHRASE_COMPLETIONS: usize = 3;

const TITLE_WEIGHT: f32 = 1.5;
const TAGS_WEIGHT: f32 = 1.5;
const BODY_WEIGHT: f32 = 1.0;
const STEM_MATCH: f32 = 1.0;
const EXACT_FORM_BONUS: f32 = 0.5;
const PREFIX_MATCH: f32 = 0.8;
/// A prefix this long (or longer) gets the full [`PREFIX_MATCH`]; shorter ones less.
const FULL_PREFIX_CHARS: f32 = 5.0;
const TYPO_MATCH: [f32; 3] = [1.0, 0.7, 0.45];
/// Corrections of a word the articles contain count this much of a correction of an unknown one.
const KNOWN_WORD_TYPO: f32 = 0.15;
const PHRASE_MATCH: f32 = 4.0;
/// Words of a phrase may be this many positions further apart than in the query.
const PHRASE_SLOP: u32 = 2;
/// Lifts the articles holding every word of a short query above any partial match.
pub(crate) const ALL_WORDS_BONUS: f32 = 10_000.0;
/// Lifts, among those, the articles whose title holds every word.
pub(crate) const TITLE_WORDS_BONUS: f32 = 1_000.0;
/// The constant tiers a query adds, highest first (kept out of popularity).
pub(crate) const TIERS: [f32; 3] = [
    ALL_WORDS_BONUS + TITLE_WORDS_BONUS,
    ALL_WORDS_BONUS,
    TITLE_WORDS_BONUS,
];

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
    let mut significant = 0;
    while stream.advance() {
        let token = stream.token();
        let optional = analysis::is_stopword(locale, &token.text);
        if (significant == MAX_QUERY_WORDS && !optional) || words.len() == MAX_QUERY_TOKENS {
            more_words = true;
            break;
        }
        significant += usize::from(!optional);
        last_end = token.offset_to;
        words.push(QueryWord {
            folded: token.text.clone(),
            stem: String::new(),
            position: token.position,
            prefix: false,
            optional,
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

/// How the words of a query combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Any word may match; the articles with every word rank above all the others (a short
    /// query: what it names, and below it what comes close, never an empty page).
    AllFirst,
    /// Any word may match, ranked by how many and how telling (a question).
    AnyWord,
}

/// The query's building blocks, built once and assembled per [`Mode`].
pub(crate) struct Plan {
    words: Vec<Word>,
    phrases: Vec<Box<dyn Query>>,
    pub highlighter: Highlighter,
}

impl Plan {
    /// The words that are not stopwords.
    pub(crate) fn required_count(&self) -> usize {
        self.words.iter().filter(|word| word.counted).count()
    }

    /// The full query (the words combined per `mode`, and the `filters`, which must match but
    /// do not score); the phrase bonuses, to rescore its best hits with; and the highlighter.
    pub(crate) fn into_query(
        self,
        mode: Mode,
        filters: Vec<Box<dyn Query>>,
    ) -> (WordsQuery, Vec<Box<dyn Query>>, Highlighter) {
        let query = WordsQuery {
            words: self.words,
            all_words_bonus: (mode == Mode::AllFirst).then_some(ALL_WORDS_BONUS),
            // A title that holds every word is what the query most likely names (a question's
            // words rarely all are in a title; a title typed as a query always are).
            title_words_bonus: Some(TITLE_WORDS_BONUS),
            filters,
        };
        (query, self.phrases, self.highlighter)
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
        let alone = words.iter().filter(|word| !word.optional).count() <= 1;
        for word in scored {
            // Per field, the word counts once: the best of its forms (stem, exact form, a
            // completion while typed, a correction), so forty completions of a half-typed word
            // cannot outweigh the words already complete. Fields add up, title and tags
            // weighted above the body.
            // One IDF for the word across fields (as BM25F): a word rare in titles but common
            // in bodies is a weak title signal, not a strong one.
            // Each frequency is looked up once (they feed both the shared and the per-field IDFs).
            let docs = self.searcher.num_docs();
            let in_title = self.doc_freq(fields.title, &word.stem);
            let in_tags = self.doc_freq(fields.tags_text, &word.stem);
            let exact_in_title = self.doc_freq(fields.title_raw, &word.folded);
            // From the field where the word is most common: a lower bound of the documents
            // holding it anywhere.
            let shared = Idf::of(
                docs,
                in_title
                    .max(in_tags)
                    .max(self.doc_freq(fields.body, &word.stem)),
            );
            let title_stem = shared.relative_to(Idf::of(docs, in_title));
            let title_exact = shared.relative_to(Idf::of(docs, exact_in_title));
            let tags_stem = shared.relative_to(Idf::of(docs, in_tags));
            let mut title: Vec<Form> = vec![
                form(
                    fields.title,
                    &word.stem,
                    Place::Title,
                    TITLE_WEIGHT * STEM_MATCH * title_stem,
                ),
                form(
                    fields.title_raw,
                    &word.folded,
                    Place::Title,
                    TITLE_WEIGHT * (STEM_MATCH + EXACT_FORM_BONUS) * title_exact,
                ),
            ];
            let mut body: Vec<Form> = vec![
                form(
                    fields.body,
                    &word.stem,
                    Place::Body,
                    BODY_WEIGHT * STEM_MATCH,
                ),
                form(
                    fields.body_raw,
                    &word.folded,
                    Place::Body,
                    BODY_WEIGHT * (STEM_MATCH + EXACT_FORM_BONUS),
                ),
            ];
            let tags = form(
                fields.tags_text,
                &word.stem,
                Place::Tags,
                TAGS_WEIGHT * STEM_MATCH * tags_stem,
            );
            // A word still being typed is a guess, the shorter the weaker: its completions must
            // not drown the words already complete.
            let typed = word.folded.chars().count() as f32;
            let prefix_match = PREFIX_MATCH * (typed / FULL_PREFIX_CHARS).min(1.0);
            // A word the articles contain is most likely what the user meant: its neighbours
            // at one edit are other words, and only count far below it.
            let known = exact_in_title > 0 || self.doc_freq(fields.body_raw, &word.folded) > 0;
            let mut marks: Vec<(String, f32)> = Vec::new();
            let mut typo_automaton = None;
            for (field, weight, is_title) in [
                (fields.title_raw, TITLE_WEIGHT, true),
                (fields.body_raw, BODY_WEIGHT, false),
            ] {
                let (alternatives, place) = if is_title {
                    (&mut title, Place::Title)
                } else {
                    (&mut body, Place::Body)
                };
                let mut in_field: HashSet<&str> = HashSet::from([word.folded.as_str()]);
                let budget = match (word.prefix, alone) {
                    (false, _) => 0,
                    // One or two letters after complete words tell next to nothing yet.
                    (true, false) if word.folded.chars().count() < MIN_PHRASE_PREFIX_CHARS => 0,
                    (true, _) => prefix_budget(is_title, word.folded.chars().count()),
                };
                let prefixes = if budget > 0 {
                    self.prefix_expansions(field, &word.folded, budget)?
                } else {
                    Arc::from([])
                };
                for expansion in prefixes.iter() {
                    if in_field.insert(&expansion.term) {
                        alternatives.push(form(
                            field,
                            &expansion.term,
                            place,
                            weight * prefix_match,
                        ));
                        marks.push((expansion.term.clone(), prefix_match));
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
                            let typo_weight = TYPO_MATCH[usize::from(expansion.distance.min(2))]
                                * if known { KNOWN_WORD_TYPO } else { 1.0 };
                            alternatives.push(form(
                                field,
                                &expansion.term,
                                place,
                                weight * typo_weight,
                            ));
                            marks.push((expansion.term.clone(), typo_weight));
                        }
                    }
                }
            }
            let mut forms = title;
            forms.append(&mut body);
            forms.push(tags);
            if !word.optional {
                highlighter.add_stem(&word.stem, slot, STEM_MATCH);
                highlighter.add_raw(&word.folded, slot, STEM_MATCH + EXACT_FORM_BONUS);
                for (term, weight) in marks {
                    highlighter.add_raw(&term, slot, weight);
                }
                slot += 1;
            }
            word_queries.push(Word {
                forms,
                counted: !word.optional,
            });
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
                if last.prefix {
                    // The word being typed as its few likeliest completions (the most frequent,
                    // already looked up for the words), each an exact phrase: tantivy's phrase
                    // prefix query would read the positions of fifty of them per keystroke.
                    let budget =
                        prefix_budget(field == fields.title_raw, last.folded.chars().count());
                    let completions = self.prefix_expansions(field, &last.folded, budget)?;
                    let mut ends: Vec<&str> = vec![last.folded.as_str()];
                    for completion in completions.iter() {
                        if ends.len() > PHRASE_COMPLETIONS {
                            break;
                        }
                        if !ends.contains(&completion.term.as_str()) {
                            ends.push(&completion.term);
                        }
                    }
                    for end in ends {
                        let mut completed = terms.clone();
                        if let Some((_, term)) = completed.last_mut() {
                            *term = Term::from_field_text(field, end);
                        }
                        phrases.push(Box::new(BoostQuery::new(
                            Box::new(PhraseQuery::new_with_offset(completed)),
                            weight * PHRASE_MATCH,
                        )));
                    }
                }
                // Near each other counts too ("crear … factura" in "crear una factura"): a
                // proximity bonus, while the last word is typed (as it stands) only in titles,
                // whose positions are cheap to read on every keystroke.
                if !last.prefix || field == fields.title_raw {
                    let mut near = PhraseQuery::new_with_offset(terms);
                    near.set_slop(PHRASE_SLOP);
                    phrases.push(Box::new(BoostQuery::new(
                        Box::new(near),
                        weight * PHRASE_MATCH,
                    )));
                }
            }
        }
        Ok(Plan {
            words: word_queries,
            phrases,
            highlighter,
        })
    }

    /// How many documents hold `text` in `field` (0 if the index cannot tell).
    fn doc_freq(&self, field: Field, text: &str) -> u64 {
        self.searcher
            .doc_freq(&Term::from_field_text(field, text))
            .unwrap_or(0)
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

/// BM25's inverse document frequency, as tantivy computes it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Idf(f32);

impl Idf {
    fn of(docs: u64, with: u64) -> Idf {
        let (docs, with) = (docs as f32, with.min(docs) as f32);
        Idf((1.0 + (docs - with + 0.5) / (with + 0.5)).ln())
    }

    /// The factor that turns a score computed with `field`'s IDF into one with this IDF (1
    /// when the word is absent from the field: it scores nothing there anyway).
    fn relative_to(self, field: Idf) -> f32 {
        if field.0 > 0.0 {
            (self.0 / field.0).min(1.0)
        } else {
            1.0
        }
    }
}

/// `text` in `field`, counted in `place`, scored by BM25 times `boost`.
fn form(field: Field, text: &str, place: Place, boost: f32) -> Form {
    Form {
        term: Term::from_field_text(field, text),
        place,
        boost,
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
        let stopwords = "de la ".repeat(2000);
        assert_eq!(words(&stopwords, "es").len(), MAX_QUERY_TOKENS);
        let huge_word = "a".repeat(10_000);
        assert!(words(&huge_word, "es").is_empty());
        let multibyte = "ñ".repeat(MAX_QUERY_BYTES);
        let _ = words(&multibyte, "es");
    }

    #[test]
    fn stopwords_do_not_use_up_the_word_limit() {
        // Fourteen words, eight of them stopwords: the subject comes last.
        let question =
            "la tienda da 404 cuando empieza la actualización de una regla de precios del catálogo";
        let parsed = words(question, "es");
        let significant: Vec<&str> = parsed
            .iter()
            .filter(|w| !w.optional)
            .map(|w| w.folded.as_str())
            .collect();
        assert_eq!(
            significant,
            [
                "tienda",
                "da",
                "404",
                "empieza",
                "actualizacion",
                "regla",
                "precios",
                "catalogo"
            ]
        );
        assert!(parsed.last().is_some_and(|w| w.prefix));
    }

    #[test]
    fn typo_budgets() {
        assert_eq!(typo_budget("iva"), None);
        assert_eq!(typo_budget("clave"), Some(1));
        assert_eq!(typo_budget("pasword"), Some(1));
        assert_eq!(typo_budget("facturasion"), Some(2));
        assert_eq!(typo_budget("540071"), None);
    }
}
