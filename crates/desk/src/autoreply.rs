//! The automatic first reply's confidence bar: whether a search hit really answers the
//! ticket's subject, judged from the words the search engine marked in it.

use std::collections::HashSet;

use crate::routing::normalized_words;

/// The share (0–1) of `query`'s significant words (three letters or more) that the search
/// engine marked (`<mark>…</mark>`) in the hit's title or snippet. Words are compared
/// lower-cased and accent-folded; a marked word of four letters or more also covers a query
/// word it is a prefix of, or that is a prefix of it (stems: "factura" / "facturas").
pub fn confidence(query: &str, title_html: &str, snippet_html: &str) -> f32 {
    let words: HashSet<String> = normalized_words(query)
        .into_iter()
        .filter(|w| w.chars().count() >= 3)
        .collect();
    if words.is_empty() {
        return 0.0;
    }
    let mut marked = HashSet::new();
    for html in [title_html, snippet_html] {
        let mut rest = html;
        while let Some(start) = rest.find("<mark>") {
            let after = &rest[start + "<mark>".len()..];
            let Some(end) = after.find("</mark>") else {
                break;
            };
            marked.extend(normalized_words(&after[..end]));
            rest = &after[end + "</mark>".len()..];
        }
    }
    let covered = words
        .iter()
        .filter(|w| {
            marked.iter().any(|m| {
                m == *w
                    || (m.len() >= 4 && (w.starts_with(m.as_str()) || m.starts_with(w.as_str())))
            })
        })
        .count();
    covered as f32 / words.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_marked_query_words() {
        let q = "No puedo crear una factura";
        let title = "Cómo <mark>crear</mark> una <mark>factura</mark>";
        assert!((confidence(q, title, "") - 0.5).abs() < 1e-6);
        assert_eq!(confidence(q, "Otra cosa", ""), 0.0);
        assert_eq!(confidence("a b", title, ""), 0.0);
        assert_eq!(
            confidence("facturas", "<mark>Factura</mark>", "<mark>factura"),
            1.0
        );
        assert_eq!(
            confidence("facturación", "<mark>Facturacion</mark>", ""),
            1.0
        );
    }
}
