//! Text analysis shared by indexing, querying, highlighting and slugs, so that all of them agree
//! on what a "word" is and how it is folded.
//!
//! Two analysers exist per locale:
//! - [`fold_analyzer`]: words split on non-alphanumerics, lower-cased and accent-folded
//!   (`Configuración` → `configuracion`, `contraseña` → `contrasena`). Used for the unstemmed
//!   copy of the text that prefix and typo matching run on, because stems break prefixes.
//! - [`stem_analyzer`]: the same, then the locale's Snowball stemmer. Folding happens *before*
//!   stemming so that a query typed without accents stems exactly like the accented text.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::ControlFlow;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};

use crate::locale;

/// Name under which every sub-index registers its [`fold_analyzer`].
pub const FOLD_TOKENIZER: &str = "ayuda_fold";
/// Name under which every sub-index registers its locale's [`stem_analyzer`].
pub const STEM_TOKENIZER: &str = "ayuda_stem";
/// Words of this many bytes or more are dropped: they are never real words (hashes, base64,
/// minified code) and would only bloat the term dictionary.
pub const MAX_WORD_BYTES: usize = 40;

/// Splits into words, lower-cases and folds accents; no stemming.
pub fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// [`fold_analyzer`] followed by the Snowball stemmer of the locale's language, when tantivy has
/// one (see [`locale::language_of`]); otherwise identical to [`fold_analyzer`].
pub fn stem_analyzer(locale: &str) -> TextAnalyzer {
    match locale::language_of(locale) {
        Some(language) => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(language))
            .build(),
        None => fold_analyzer(),
    }
}

thread_local! {
    // Building an analyser allocates a little; slugs and headings fold many short strings, so
    // each thread keeps one around.
    static WHOLE_TEXT_FOLDER: RefCell<TextAnalyzer> = RefCell::new(
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

/// Lower-cases and accent-folds a whole string, keeping punctuation and spacing:
/// `"¿Cómo añadir IVA?"` → `"¿como anadir iva?"`.
pub fn fold(text: &str) -> String {
    let text = strip_combining_marks(text);
    WHOLE_TEXT_FOLDER.with(|folder| {
        let mut folder = folder.borrow_mut();
        let mut stream = folder.token_stream(&text);
        let mut folded = String::with_capacity(text.len());
        while stream.advance() {
            folded.push_str(&stream.token().text);
        }
        folded
    })
}

/// Calls `visit(from, to, is_ascii)` for each word of `text` (a maximal run of alphanumeric
/// characters, as [`fold_analyzer`] splits), until it returns `ControlFlow::Break`. Words of
/// [`MAX_WORD_BYTES`] or more are skipped, as the analyser drops them.
///
/// Highlighting scans kilobytes of text per hit; this byte-level scan avoids the analyser's
/// per-token machinery and lets the caller reject most words before folding them.
pub fn for_each_word(text: &str, mut visit: impl FnMut(usize, usize, bool) -> ControlFlow<()>) {
    let bytes = text.as_bytes();
    // Length of the alphanumeric character at `index`, or `None` for a separator.
    let word_char_len = |index: usize| -> Option<usize> {
        let byte = bytes[index];
        if byte < 0x80 {
            return byte.is_ascii_alphanumeric().then_some(1);
        }
        let c = text.get(index..)?.chars().next()?;
        c.is_alphanumeric().then(|| c.len_utf8())
    };
    let mut index = 0;
    while index < bytes.len() {
        let Some(first_len) = word_char_len(index) else {
            index += text
                .get(index..)
                .and_then(|rest| rest.chars().next())
                .map_or(1, char::len_utf8);
            continue;
        };
        let start = index;
        let mut is_ascii = first_len == 1;
        index += first_len;
        while index < bytes.len() {
            match word_char_len(index) {
                Some(len) => {
                    is_ascii &= len == 1;
                    index += len;
                }
                None => break,
            }
        }
        if index - start < MAX_WORD_BYTES && visit(start, index, is_ascii).is_break() {
            return;
        }
    }
}

/// Calls `visit(from, to, folded)` for each word of `text`, exactly as [`fold_analyzer`] would
/// produce them (same boundaries, same dropped long words, same folding).
pub fn for_each_folded_word(
    text: &str,
    mut visit: impl FnMut(usize, usize, &str) -> ControlFlow<()>,
) {
    let mut folded = String::new();
    for_each_word(text, |from, to, is_ascii| {
        fold_word_into(&text[from..to], is_ascii, &mut folded);
        visit(from, to, &folded)
    });
}

/// Writes the folded form of one word (as found by [`for_each_word`]) into `out`.
pub fn fold_word_into(word: &str, is_ascii: bool, out: &mut String) {
    out.clear();
    if is_ascii {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(&fold(word));
    }
}

/// Removes Unicode combining diacritical marks (U+0300–U+036F).
///
/// Text pasted from macOS or some editors spells `é` as `e` + U+0301. The word tokenizer would
/// split the word at the mark, so the decomposed form is reduced to its base letters, which is
/// what accent folding would produce anyway. Borrowed (free) for the usual precomposed text.
pub fn strip_combining_marks(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_combining_mark) {
        Cow::Owned(text.chars().filter(|c| !is_combining_mark(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

// Per-language lists of folded function words and question words, sorted for binary search.
// Question words matter: "who" and "quién" open questions, and as rare title words (an
// article called "Doctor Who") they would decide a ranking they have nothing to do with.
const SPANISH_STOPWORDS: &[&str] = &[
    "a", "al", "como", "con", "cual", "cuales", "cuando", "cuanta", "cuantas", "cuanto", "cuantos",
    "de", "del", "donde", "e", "el", "ella", "ellas", "ellos", "en", "era", "eran", "es", "esa",
    "esas", "ese", "eso", "esos", "esta", "estas", "este", "esto", "estos", "fue", "fueron", "ha",
    "han", "hay", "la", "las", "le", "les", "lo", "los", "me", "mi", "mis", "muy", "nos", "o",
    "para", "por", "que", "quien", "quienes", "se", "ser", "si", "sobre", "son", "su", "sus", "te",
    "tu", "tus", "u", "un", "una", "unas", "uno", "unos", "y", "ya",
];
const ENGLISH_STOPWORDS: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did",
    "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in",
    "into", "is", "it", "its", "many", "much", "my", "of", "on", "or", "she", "so", "than", "that",
    "the", "their", "them", "there", "these", "they", "this", "those", "to", "was", "we", "were",
    "what", "when", "where", "which", "who", "whom", "whose", "why", "will", "with", "would",
    "you", "your",
];

/// True for a folded function word of the locale's language ("de", "the").
///
/// A query word on these lists is optional rather than required, so "cómo configurar el iva"
/// does not demand an article containing "el". The lists are short on purpose: a word wrongly
/// listed here can never be required.
pub fn is_stopword(locale: &str, folded_word: &str) -> bool {
    let list = match locale::language_part(locale) {
        "es" => SPANISH_STOPWORDS,
        "en" => ENGLISH_STOPWORDS,
        _ => &[],
    };
    list.binary_search(&folded_word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn folds_before_stemming() {
        let es = |t| tokens(stem_analyzer("es"), t);
        assert_eq!(es("Configuración"), es("configuracion"));
        assert_eq!(es("facturas"), es("factura"));
        assert_eq!(es("contraseña"), es("contrasena"));
        let en = |t| tokens(stem_analyzer("en"), t);
        assert_eq!(en("passwords"), en("password"));
        assert_eq!(en("Invoicing"), en("invoice"));
    }

    #[test]
    fn fold_keeps_punctuation() {
        assert_eq!(fold("¿Cómo añadir IVA?"), "¿como anadir iva?");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn decomposed_accents_fold_like_precomposed() {
        let decomposed = "Configuracio\u{301}n";
        assert_eq!(
            tokens(fold_analyzer(), &strip_combining_marks(decomposed)),
            vec!["configuracion"]
        );
        assert!(matches!(strip_combining_marks("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn stopword_lists_are_sorted_and_folded() {
        for list in [SPANISH_STOPWORDS, ENGLISH_STOPWORDS] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]));
            assert!(list.iter().all(|word| fold(word) == *word));
        }
        assert!(is_stopword("es-MX", "como"));
        assert!(is_stopword("en", "the"));
        assert!(!is_stopword("en", "invoice"));
        assert!(!is_stopword("fr", "le"));
    }

    #[test]
    fn fast_word_scan_agrees_with_the_analyser() {
        let samples = [
            "Configuración de IVA: ¿cómo añadir facturas?",
            "ACSD-54007 bin/magento cache:flush — Straße ÆØÅ naïve café",
            "emoji🎉mixed, tabs\tand\nnewlines; Привет мир; 中文字符; x",
            &format!("ok {} fine", "y".repeat(MAX_WORD_BYTES)),
            "",
            "   ",
            "trailing",
        ];
        for sample in samples {
            let mut expected = Vec::new();
            let mut analyzer = fold_analyzer();
            let mut stream = analyzer.token_stream(sample);
            while stream.advance() {
                let token = stream.token();
                expected.push((token.offset_from, token.offset_to, token.text.clone()));
            }
            let mut scanned = Vec::new();
            for_each_folded_word(sample, |from, to, folded| {
                scanned.push((from, to, folded.to_owned()));
                ControlFlow::Continue(())
            });
            assert_eq!(scanned, expected, "{sample:?}");
        }
    }

    #[test]
    fn long_words_are_dropped() {
        let long = "x".repeat(MAX_WORD_BYTES);
        assert_eq!(
            tokens(fold_analyzer(), &format!("ok {long} fine")),
            vec!["ok", "fine"]
        );
    }
}
