//! Highlighted snippets and titles: HTML-escaped text with the words that matched the query
//! wrapped in `<mark>`.
//!
//! tantivy's `SnippetGenerator` highlights the terms of one field with that field's analyser.
//! Our matches come from two analyses of the same text (stemmed and unstemmed), and from terms
//! the query expanded to (prefixes, typos), so the highlighter is ours: it re-tokenises the
//! stored text with the folding analyser and marks a word when its folded form is one of the
//! expanded terms, or its stem is one of the query's stems.

use std::ops::ControlFlow;

use rustc_hash::FxHashMap as HashMap;

use tantivy::tokenizer::TextAnalyzer;

use crate::analysis;

/// Only this much of a body is scanned for the best window; an article whose matches all lie
/// beyond it gets its summary as snippet instead, which keeps the worst case bounded.
pub(crate) const MAX_SCAN_BYTES: usize = 6 * 1024;
/// Once a match is found, scanning stops this far after it: a better window much further
/// down is unlikely, and reading on would cost every hit the whole body.
const MAX_SCAN_AFTER_MATCH: usize = 1024;

/// Which query word a marked word stands for, and how good a match it is.
#[derive(Clone, Copy, Debug)]
struct WordMatch {
    word: usize,
    weight: f32,
}

#[derive(Clone, Copy, Debug)]
struct Span {
    from: usize,
    to: usize,
    matched: WordMatch,
}

/// Knows the terms one query matched and marks them in any text of the same locale.
pub(crate) struct Highlighter {
    raw_terms: HashMap<String, WordMatch>,
    stems: HashMap<String, WordMatch>,
    /// Stems are nearly always a prefix of their word, give or take the last letter; a word is
    /// only run through the stemmer when it starts like some stem, which skips most words.
    stem_probes: Vec<String>,
    words: usize,
    prefilter: Prefilter,
    /// Words already run through the stemmer, with what they matched.
    stemmed: HashMap<String, Option<WordMatch>>,
    stemmer: TextAnalyzer,
}

impl Highlighter {
    pub(crate) fn new(stemmer: TextAnalyzer, words: usize) -> Highlighter {
        Highlighter {
            raw_terms: HashMap::default(),
            stems: HashMap::default(),
            stem_probes: Vec::new(),
            words,
            prefilter: Prefilter::new(),
            stemmed: HashMap::default(),
            stemmer,
        }
    }

    /// Marks words whose folded form is `term`.
    pub(crate) fn add_raw(&mut self, term: &str, word: usize, weight: f32) {
        self.prefilter.add(term.as_bytes());
        insert_best(&mut self.raw_terms, term, WordMatch { word, weight });
    }

    /// Marks words whose stem is `stem`.
    pub(crate) fn add_stem(&mut self, stem: &str, word: usize, weight: f32) {
        if stem.len() < 3 {
            // Stems this short are whole words; stemming every word starting with their
            // letter to find them would cost more than it finds.
            self.add_raw(stem, word, weight);
            return;
        }
        insert_best(&mut self.stems, stem, WordMatch { word, weight });
        let probe_len = (stem.len() - 1).min(3);
        let probe: String = stem.chars().take(probe_len).collect();
        self.prefilter.add(probe.as_bytes());
        if !self.stem_probes.contains(&probe) {
            self.stem_probes.push(probe);
        }
    }

    /// The best window of about `max_bytes` of `text` (the one covering the most distinct
    /// query words), escaped and marked; `None` when nothing in the text matches.
    pub(crate) fn snippet(&mut self, text: &str, max_bytes: usize) -> Option<String> {
        let (window_from, window_to) = self.best_window(text, max_bytes)?;
        // Give the match some leading context, but start on a word.
        let slack = max_bytes.saturating_sub(window_to - window_from);
        let mut start = floor_char_boundary(text, window_from.saturating_sub((slack / 4).min(40)));
        if start > 0
            && let Some(space) = text[start..window_from].find(char::is_whitespace)
        {
            start += space + 1;
        }
        let mut end = floor_char_boundary(text, (start + max_bytes).min(text.len())).max(window_to);
        if end < text.len()
            && let Some(space) = text[window_to..end].rfind(char::is_whitespace)
        {
            end = window_to + space;
        }
        let mut out = String::with_capacity(end - start + 64);
        if start > 0 {
            out.push('…');
        }
        self.mark_into(&text[start..end], &mut out);
        if end < text.len() {
            out.push('…');
        }
        Some(out)
    }

    /// All of `text`, escaped, with every matching word marked.
    pub(crate) fn highlight_all(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 32);
        self.mark_into(text, &mut out);
        out
    }

    fn mark_into(&mut self, text: &str, out: &mut String) {
        let mut written = 0;
        let mut folded = String::new();
        analysis::for_each_word(text, |from, to, is_ascii| {
            if self
                .lookup_word(&text[from..to], is_ascii, &mut folded)
                .is_some()
            {
                escape_into(&text[written..from], out);
                out.push_str("<mark>");
                escape_into(&text[from..to], out);
                out.push_str("</mark>");
                written = to;
            }
            ControlFlow::Continue(())
        });
        escape_into(&text[written..], out);
    }

    /// What a word of the text matches, if anything. Most ASCII words are rejected by the
    /// two-byte prefix filter before being folded or hashed.
    fn lookup_word(
        &mut self,
        word: &str,
        is_ascii: bool,
        folded: &mut String,
    ) -> Option<WordMatch> {
        if is_ascii {
            let bytes = word.as_bytes();
            let head = [
                bytes[0].to_ascii_lowercase(),
                bytes.get(1).map_or(0, u8::to_ascii_lowercase),
            ];
            if bytes.len() >= 2 && !self.prefilter.may_match(&head) {
                return None;
            }
        }
        analysis::fold_word_into(word, is_ascii, folded);
        self.lookup(folded)
    }

    /// What a folded word matches, if anything.
    fn lookup(&mut self, folded: &str) -> Option<WordMatch> {
        if !self.prefilter.may_match(folded.as_bytes()) {
            return None;
        }
        if let Some(matched) = self.raw_terms.get(folded) {
            return Some(*matched);
        }
        if self.stems.is_empty()
            || !self
                .stem_probes
                .iter()
                .any(|probe| folded.starts_with(probe.as_str()))
        {
            return None;
        }
        if let Some(known) = self.stemmed.get(folded) {
            return *known;
        }
        let mut stream = self.stemmer.token_stream(folded);
        let matched = if stream.advance() {
            self.stems.get(&stream.token().text).copied()
        } else {
            None
        };
        drop(stream);
        // The same words recur across a page of hits, and stemming is the costly step.
        self.stemmed.insert(folded.to_owned(), matched);
        matched
    }

    /// Byte range from the first to the last match of the best window, found with a sliding
    /// window over the matches in one pass. Scanning stops early once a window covers every
    /// query word, since no later window can do better on that count.
    fn best_window(&mut self, text: &str, max_bytes: usize) -> Option<(usize, usize)> {
        let words = self.words.max(1);
        let mut spans: Vec<Span> = Vec::new();
        let mut per_word = vec![0u32; words];
        let mut distinct = 0usize;
        let mut weight_sum = 0f32;
        let mut first = 0usize;
        let mut best: Option<(usize, usize, f32)> = None;
        let mut folded = String::new();
        analysis::for_each_word(text, |from, to, is_ascii| {
            let scan_limit = spans
                .first()
                .map_or(MAX_SCAN_BYTES, |span| span.from + MAX_SCAN_AFTER_MATCH);
            if from > scan_limit.min(MAX_SCAN_BYTES) {
                return ControlFlow::Break(());
            }
            let Some(matched) = self.lookup_word(&text[from..to], is_ascii, &mut folded) else {
                return ControlFlow::Continue(());
            };
            let word = matched.word.min(words - 1);
            spans.push(Span { from, to, matched });
            if per_word[word] == 0 {
                distinct += 1;
            }
            per_word[word] += 1;
            weight_sum += matched.weight;
            let last = spans.len() - 1;
            while spans[last].to - spans[first].from > max_bytes && first < last {
                let leaving = spans[first].matched;
                let leaving_word = leaving.word.min(words - 1);
                per_word[leaving_word] -= 1;
                if per_word[leaving_word] == 0 {
                    distinct -= 1;
                }
                weight_sum -= leaving.weight;
                first += 1;
            }
            // Distinct words dominate; total match quality breaks ties.
            let score = distinct as f32 * 1000.0 + weight_sum;
            if best.is_none_or(|(_, _, best_score)| score > best_score) {
                best = Some((first, last, score));
            }
            if distinct >= words {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        best.map(|(first, last, _)| (spans[first].from, spans[last].to))
    }
}

/// Two-byte prefixes of everything the highlighter can match, as a 65,536-bit set.
struct Prefilter {
    pairs: Vec<u64>,
    /// Set when some key is shorter than two bytes, which the pair set cannot represent.
    pass_all: bool,
}

impl Prefilter {
    fn new() -> Prefilter {
        Prefilter {
            pairs: vec![0; 1024],
            pass_all: false,
        }
    }

    fn add(&mut self, key: &[u8]) {
        match key {
            [first, second, ..] => {
                let bit = usize::from(*first) << 8 | usize::from(*second);
                self.pairs[bit / 64] |= 1 << (bit % 64);
            }
            _ => self.pass_all = true,
        }
    }

    fn may_match(&self, word: &[u8]) -> bool {
        match word {
            [first, second, ..] => {
                let bit = usize::from(*first) << 8 | usize::from(*second);
                self.pass_all || self.pairs[bit / 64] & (1 << (bit % 64)) != 0
            }
            _ => true,
        }
    }
}

fn insert_best(map: &mut HashMap<String, WordMatch>, key: &str, candidate: WordMatch) {
    match map.get_mut(key) {
        Some(existing) if existing.weight >= candidate.weight => {}
        Some(existing) => *existing = candidate,
        None => {
            map.insert(key.to_owned(), candidate);
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Appends `text` HTML-escaped; line breaks and tabs become spaces, since a snippet is one line.
pub(crate) fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// `text` HTML-escaped (for element content and quoted attribute values), on one line.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlighter(raw: &[&str], stems: &[&str]) -> Highlighter {
        let mut h = Highlighter::new(analysis::stem_analyzer("es"), raw.len() + stems.len());
        for (i, term) in raw.iter().enumerate() {
            h.add_raw(term, i, 1.0);
        }
        for (i, stem) in stems.iter().enumerate() {
            h.add_stem(stem, raw.len() + i, 1.0);
        }
        h
    }

    #[test]
    fn marks_raw_and_stemmed_matches_and_escapes_the_rest() {
        let mut h = highlighter(&["iva"], &["factur"]);
        assert_eq!(
            h.highlight_all("<b>Facturas</b> & IVA"),
            "&lt;b&gt;<mark>Facturas</mark>&lt;/b&gt; &amp; <mark>IVA</mark>"
        );
    }

    #[test]
    fn snippet_picks_the_window_with_the_most_words() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("alpha {filler} alpha beta {filler}");
        let mut h = highlighter(&["alpha", "beta"], &[]);
        let snippet = h.snippet(&text, 80).unwrap();
        assert!(
            snippet.contains("<mark>alpha</mark> <mark>beta</mark>"),
            "{snippet}"
        );
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        assert!(h.snippet("nothing here", 80).is_none());
    }

    #[test]
    fn snippet_does_not_cut_words_or_characters() {
        let text = format!("{} objetivo {}", "añadiendo ".repeat(30), "más ".repeat(40));
        let mut h = highlighter(&["objetivo"], &[]);
        let snippet = h.snippet(&text, 60).unwrap();
        let inner = snippet.trim_matches('…');
        for word in inner.split_whitespace() {
            let word = word
                .trim_start_matches("<mark>")
                .trim_end_matches("</mark>");
            assert!(
                ["añadiendo", "objetivo", "más"].contains(&word),
                "{word:?} in {snippet}"
            );
        }
    }
}
