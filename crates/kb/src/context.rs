//! Contextual suggestions: which articles fit the place in the host app the user is looking at.
//!
//! Articles list `contexts` patterns; the widget reports the place (URL, route name, keys of
//! elements on the page). Two kinds of pattern exist:
//!
//! - **URL path patterns** start with `/` and are compared with the path of the page URL
//!   (query string and fragment ignored, case-insensitive, repeated and trailing slashes
//!   ignored). `*` matches any run of characters within one path segment, `**` any run across
//!   segments. A trailing `/*` (or `/**`) means "this section": `/billing/*` matches
//!   `/billing/invoices`, `/billing/invoices/42` *and* `/billing` itself, because an article
//!   about a section is relevant on the section's landing page too. Use `/billing` alone for
//!   the landing page only.
//! - **Route and element patterns** are everything else. They match, case-sensitively, the
//!   route name (`invoices.*` matches `invoices.show`; `*` matches any run of characters,
//!   dots included) or any of the element keys present on the page.
//!
//! The score says how specific a match is: an exact pattern (no wildcard) beats any wildcard
//! pattern, and among wildcard patterns more literal characters win. Matching is a dynamic
//! programme over (pattern, path): linear in each, with no backtracking, and patterns longer
//! than [`MAX_PATTERN_LEN`] never match, so hostile input cannot make it slow.

/// Patterns longer than this (in bytes) never match.
pub const MAX_PATTERN_LEN: usize = 500;
/// URLs, routes and element keys longer than this (in bytes) never match anything.
pub const MAX_TARGET_LEN: usize = 2048;
/// At most this many element keys of a place are considered.
pub const MAX_ELEMENTS: usize = 200;

/// Added to the score of a pattern without wildcards that matches exactly, so it outranks every
/// wildcard match (whose score is at most about `2 * MAX_PATTERN_LEN + 1`).
const EXACT_MATCH_BONUS: u32 = 10_000;

/// Where the user is in the host app, as reported by the widget.
#[derive(Clone, Copy, Debug, Default)]
pub struct Place<'a> {
    /// The page URL, absolute (`https://app.example/billing?tab=2`) or just a path.
    pub url: Option<&'a str>,
    /// The host app's route name, e.g. `invoices.show`.
    pub route: Option<&'a str>,
    /// Keys of notable elements on the page (e.g. `export-button`).
    pub elements: &'a [String],
}

/// How specifically `pattern` matches `place`: `None` when it does not match, otherwise a
/// score where higher means more specific (see the module documentation).
pub fn match_score(pattern: &str, place: &Place) -> Option<u32> {
    PreparedPlace::new(place).score(pattern)
}

/// The candidates with at least one context pattern matching `place`, each with its best
/// score, most specific first. Candidates with equal scores keep their input order.
pub fn rank<'a, T>(
    candidates: &'a [T],
    contexts_of: impl Fn(&T) -> &[String],
    place: &Place,
) -> Vec<(&'a T, u32)> {
    let prepared = PreparedPlace::new(place);
    let mut ranked: Vec<(&'a T, u32)> = candidates
        .iter()
        .filter_map(|candidate| {
            contexts_of(candidate)
                .iter()
                .filter_map(|pattern| prepared.score(pattern))
                .max()
                .map(|score| (candidate, score))
        })
        .collect();
    // `sort_by_key` is stable, which keeps input order among equal scores.
    ranked.sort_by_key(|(_, score)| std::cmp::Reverse(*score));
    ranked
}

/// The normalised path of a URL or path: no scheme, host, query or fragment; lower-case;
/// single slashes; no trailing slash (except the root `/`). `None` when too long.
pub fn normalize_path(url: &str) -> Option<String> {
    if url.len() > MAX_TARGET_LEN {
        return None;
    }
    let url = url.trim();
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let mut rest = &url[..end];
    if let Some(scheme_end) = rest.find("://") {
        let after_scheme = &rest[scheme_end + 3..];
        rest = after_scheme
            .find('/')
            .map_or("", |slash| &after_scheme[slash..]);
    } else if let Some(after) = rest.strip_prefix("//") {
        rest = after.find('/').map_or("", |slash| &after[slash..]);
    }
    Some(normalize_slashes(&rest.to_lowercase()))
}

/// Collapses repeated slashes, ensures a leading slash and drops a trailing one.
fn normalize_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        out.push('/');
        out.push_str(segment);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// A place with its URL path normalised once, so ranking many patterns does not redo it.
struct PreparedPlace<'a> {
    path: Option<String>,
    route: Option<&'a str>,
    elements: &'a [String],
}

impl<'a> PreparedPlace<'a> {
    fn new(place: &Place<'a>) -> Self {
        PreparedPlace {
            path: place.url.and_then(normalize_path),
            route: place.route.filter(|route| route.len() <= MAX_TARGET_LEN),
            elements: &place.elements[..place.elements.len().min(MAX_ELEMENTS)],
        }
    }

    fn score(&self, pattern: &str) -> Option<u32> {
        let pattern = pattern.trim();
        if pattern.is_empty() || pattern.len() > MAX_PATTERN_LEN {
            return None;
        }
        if pattern.starts_with('/') {
            self.path
                .as_deref()
                .and_then(|path| score_path_pattern(pattern, path))
        } else {
            let glob = Glob::parse(pattern, false);
            self.route
                .into_iter()
                .chain(
                    self.elements
                        .iter()
                        .map(String::as_str)
                        .filter(|element| element.len() <= MAX_TARGET_LEN),
                )
                .filter_map(|target| glob.score(target.as_bytes()))
                .max()
        }
    }
}

fn score_path_pattern(pattern: &str, path: &str) -> Option<u32> {
    let pattern = normalize_slashes(&pattern.to_lowercase());
    // A trailing `/*` or `/**` stands for the section: its base path or anything below it.
    let section_base = pattern
        .strip_suffix("/**")
        .or_else(|| pattern.strip_suffix("/*"));
    match section_base {
        Some(base) => {
            let base_glob = Glob::parse(base, true);
            let below = format!("{base}/**");
            let below_glob = Glob::parse(&below, true);
            let base_matches = base_glob.matches(path.as_bytes())
                // "/*" has an empty base, which stands for the root.
                || (base.is_empty() && path == "/");
            if base_matches || below_glob.matches(path.as_bytes()) {
                // Scored like a wildcard pattern: the section is less specific than its pages.
                Some(2 * base_glob.literal_chars())
            } else {
                None
            }
        }
        None => Glob::parse(&pattern, true).score(path.as_bytes()),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Literal(u8),
    /// `*`: any run of bytes; within one path segment when matching paths.
    Star,
    /// `**` in path patterns: any run of bytes, slashes included.
    DoubleStar,
}

/// A compiled pattern. Matching works on bytes: literal runs are valid UTF-8 and start on a
/// character boundary, so a byte-level match always lines up with whole characters.
struct Glob {
    tokens: Vec<Token>,
}

impl Glob {
    /// In path mode `*` stops at `/` and `**` crosses it; otherwise any run of stars is `*`,
    /// matching anything.
    fn parse(pattern: &str, path_mode: bool) -> Glob {
        let bytes = pattern.as_bytes();
        let mut tokens = Vec::with_capacity(bytes.len());
        let mut index = 0;
        while index < bytes.len() {
            if bytes[index] == b'*' {
                let run = bytes[index..].iter().take_while(|b| **b == b'*').count();
                tokens.push(if path_mode && run >= 2 {
                    Token::DoubleStar
                } else {
                    Token::Star
                });
                index += run;
            } else {
                tokens.push(Token::Literal(bytes[index]));
                index += 1;
            }
        }
        Glob { tokens }
    }

    fn has_wildcards(&self) -> bool {
        self.tokens.iter().any(|t| !matches!(t, Token::Literal(_)))
    }

    /// Literal characters (not bytes, so accented patterns are not favoured).
    fn literal_chars(&self) -> u32 {
        let count = self
            .tokens
            .iter()
            .filter(|t| matches!(t, Token::Literal(b) if (b & 0xC0) != 0x80))
            .count();
        u32::try_from(count).unwrap_or(u32::MAX / 4)
    }

    fn score(&self, target: &[u8]) -> Option<u32> {
        if !self.matches(target) {
            return None;
        }
        let literal = self.literal_chars();
        Some(if self.has_wildcards() {
            // One more point when no `**` is involved: a segment wildcard is more specific.
            let crosses_segments = self.tokens.contains(&Token::DoubleStar);
            2 * literal + u32::from(!crosses_segments)
        } else {
            EXACT_MATCH_BONUS + literal
        })
    }

    fn matches(&self, target: &[u8]) -> bool {
        if !self.has_wildcards() {
            return self.tokens.len() == target.len()
                && self
                    .tokens
                    .iter()
                    .zip(target)
                    .all(|(t, b)| *t == Token::Literal(*b));
        }
        // reachable[j]: the tokens seen so far can match exactly target[..j].
        let n = target.len();
        let mut reachable = vec![false; n + 1];
        let mut next = vec![false; n + 1];
        reachable[0] = true;
        for token in &self.tokens {
            match *token {
                Token::Literal(byte) => {
                    next[0] = false;
                    for j in 1..=n {
                        next[j] = reachable[j - 1] && target[j - 1] == byte;
                    }
                }
                Token::Star | Token::DoubleStar => {
                    let crosses_slash = *token == Token::DoubleStar;
                    next[0] = reachable[0];
                    for j in 1..=n {
                        next[j] = reachable[j]
                            || (next[j - 1] && (crosses_slash || target[j - 1] != b'/'));
                    }
                }
            }
            std::mem::swap(&mut reachable, &mut next);
            if !reachable.contains(&true) {
                return false;
            }
        }
        reachable[n]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_url(url: &str) -> Place<'_> {
        Place {
            url: Some(url),
            route: None,
            elements: &[],
        }
    }

    fn url_score(pattern: &str, url: &str) -> Option<u32> {
        match_score(pattern, &at_url(url))
    }

    #[test]
    fn path_normalisation() {
        let cases = [
            (
                "https://app.example.com/Billing/Invoices/?tab=2#top",
                "/billing/invoices",
            ),
            ("http://localhost:8080", "/"),
            ("//cdn.example/a", "/a"),
            ("/a//b///c/", "/a/b/c"),
            ("billing/x", "/billing/x"),
            ("", "/"),
            ("/?q=1", "/"),
            ("/ÁRBOL/Ñ", "/árbol/ñ"),
        ];
        for (url, expected) in cases {
            assert_eq!(normalize_path(url).as_deref(), Some(expected), "{url}");
        }
        assert_eq!(normalize_path(&"/a".repeat(MAX_TARGET_LEN)), None);
    }

    #[test]
    fn exact_paths() {
        assert!(url_score("/billing", "/billing").is_some());
        assert!(url_score("/billing", "https://x.example/billing/?a=b").is_some());
        assert!(
            url_score("/Billing/", "/billing").is_some(),
            "case and trailing slash ignored"
        );
        assert!(url_score("/billing", "/billing/invoices").is_none());
        assert!(url_score("/billing", "/bill").is_none());
        assert!(url_score("/billing", "/billingx").is_none());
        assert!(url_score("/", "/").is_some());
        assert!(url_score("/", "/a").is_none());
    }

    #[test]
    fn trailing_star_means_the_section() {
        for url in [
            "/billing",
            "/billing/invoices",
            "/billing/invoices/42",
            "/billing/",
        ] {
            assert!(url_score("/billing/*", url).is_some(), "{url}");
            assert!(url_score("/billing/**", url).is_some(), "{url}");
        }
        for url in ["/billingx", "/bill", "/other/billing/x", "/"] {
            assert!(url_score("/billing/*", url).is_none(), "{url}");
        }
        assert!(url_score("/*", "/").is_some());
        assert!(url_score("/*", "/anything/at/all").is_some());
    }

    #[test]
    fn star_stays_within_a_segment() {
        assert!(url_score("/users/*/edit", "/users/42/edit").is_some());
        assert!(url_score("/users/*/edit", "/users/42/x/edit").is_none());
        assert!(
            url_score("/users/*/edit", "/users//edit").is_none(),
            "empty segment collapses"
        );
        assert!(url_score("/inv*", "/invoices").is_some());
        assert!(url_score("/inv*", "/inv").is_some());
        assert!(url_score("/inv*", "/invoices/1").is_none());
        assert!(url_score("/*ices", "/invoices").is_some());
        assert!(url_score("/a*b*c", "/axxbyyc").is_some());
        assert!(url_score("/a*b*c", "/axxbyy").is_none());
    }

    #[test]
    fn double_star_crosses_segments() {
        assert!(url_score("/**/edit", "/users/42/edit").is_some());
        assert!(
            url_score("/**/edit", "/edit").is_none(),
            "the slash before edit is literal"
        );
        assert!(url_score("/admin/**/settings", "/admin/a/b/c/settings").is_some());
        assert!(url_score("/admin/**/settings", "/admin/settings").is_none());
        assert!(url_score("/**", "/x/y").is_some());
        assert!(
            url_score("/a***b", "/a/x/b").is_some(),
            "three stars are two"
        );
    }

    #[test]
    fn more_specific_patterns_score_higher() {
        let url = "/billing/invoices/42";
        let exact = url_score("/billing/invoices/42", url).unwrap();
        let segment = url_score("/billing/invoices/*", url).unwrap();
        let deeper_star = url_score("/billing/*/42", url).unwrap();
        let section = url_score("/billing/*", url).unwrap();
        let anywhere = url_score("/**", url).unwrap();
        assert!(exact > deeper_star, "{exact} {deeper_star}");
        assert!(exact > segment);
        assert!(segment > section, "{segment} {section}");
        assert!(deeper_star > section);
        assert!(section > anywhere, "{section} {anywhere}");
        let within = url_score("/billing/invoices/4*", url).unwrap();
        let across = url_score("/billing/invoices/**", url).unwrap();
        assert!(within > across);
    }

    #[test]
    fn routes_and_elements() {
        let elements = vec!["export-button".to_owned(), "Invoice-Table".to_owned()];
        let place = Place {
            url: Some("/billing"),
            route: Some("invoices.show"),
            elements: &elements,
        };
        assert!(
            match_score("invoices.show", &place).unwrap()
                > match_score("invoices.*", &place).unwrap()
        );
        assert!(match_score("invoices.*", &place).is_some());
        assert!(match_score("*.show", &place).is_some());
        assert!(match_score("*", &place).is_some());
        assert!(
            match_score("Invoices.show", &place).is_none(),
            "routes are case-sensitive"
        );
        assert!(match_score("invoices", &place).is_none());
        assert!(match_score("export-button", &place).is_some());
        assert!(match_score("invoice-table", &place).is_none());
        assert!(match_score("Invoice-*", &place).is_some());
        assert!(
            match_score("billing", &place).is_none(),
            "a route pattern never looks at the URL"
        );
        let nowhere = Place::default();
        assert!(match_score("invoices.*", &nowhere).is_none());
        assert!(match_score("/billing", &nowhere).is_none());
    }

    #[test]
    fn route_star_crosses_dots() {
        let place = Place {
            url: None,
            route: Some("invoices.items.edit"),
            elements: &[],
        };
        assert!(match_score("invoices.*", &place).is_some());
        assert!(match_score("invoices.*.edit", &place).is_some());
        assert!(match_score("invoices.**", &place).is_some());
    }

    #[test]
    fn degenerate_patterns() {
        let place = at_url("/a");
        for pattern in ["", "   ", "\0"] {
            assert!(match_score(pattern, &place).is_none(), "{pattern:?}");
        }
        let too_long = format!("/{}", "a".repeat(MAX_PATTERN_LEN));
        assert!(match_score(&too_long, &at_url(&too_long)).is_none());
        let at_limit = format!("/{}", "a".repeat(MAX_PATTERN_LEN - 1));
        assert!(match_score(&at_limit, &at_url(&at_limit)).is_some());
        assert!(url_score("/é*", "/éa").is_some(), "multi-byte literals");
        assert!(url_score("/*ñ", "/añ").is_some());
    }

    #[test]
    fn hostile_patterns_stay_fast() {
        let pattern = format!("/{}b", "*a".repeat(240));
        let url = format!("/{}", "a".repeat(MAX_TARGET_LEN - 10));
        let started = std::time::Instant::now();
        assert!(url_score(&pattern, &url).is_none());
        let pattern = format!("/{}b", "**a".repeat(160));
        assert!(url_score(&pattern, &url).is_none());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn rank_orders_by_specificity_and_keeps_ties_stable() {
        struct Article {
            name: &'static str,
            contexts: Vec<String>,
        }
        let article = |name, contexts: &[&str]| Article {
            name,
            contexts: contexts.iter().map(|c| (*c).to_owned()).collect(),
        };
        let articles = vec![
            article("section", &["/billing/*"]),
            article("unrelated", &["/settings", "users.*"]),
            article("exact", &["/other", "/billing/invoices"]),
            article("none", &[]),
            article("section-twin", &["/billing/**"]),
            article("route", &["invoices.*"]),
        ];
        let place = Place {
            url: Some("https://app.example/billing/invoices?page=2"),
            route: Some("invoices.index"),
            elements: &[],
        };
        let ranked = rank(&articles, |a| &a.contexts, &place);
        let names: Vec<&str> = ranked.iter().map(|(a, _)| a.name).collect();
        // The route pattern has more literal characters than the section pattern, so it is the
        // more specific of the two; the twin sections tie and keep their input order.
        assert_eq!(names, ["exact", "route", "section", "section-twin"]);
        assert!(ranked.windows(2).all(|pair| pair[0].1 >= pair[1].1));
        assert!(rank(&articles, |a| &a.contexts, &Place::default()).is_empty());
    }
}
