//! The benchmark's data: the real corpus, multiplied into variants, and the query sets generated
//! from its titles (search-as-you-type prefixes, typos, and relevance queries with a known answer).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use ayuda_kb::analysis;
use ayuda_kb::frontmatter;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

pub use ayuda_bench::typing::typo;

/// The locales the corpus ships, as folder names under its root.
pub const LOCALES: [&str; 2] = ["en", "es"];

/// The locale searched when the requested one has no match (what the server does for a site
/// whose default is the other language).
pub fn other_locale(locale: &str) -> &'static str {
    if locale == "es" { "en" } else { "es" }
}

/// One file of the real corpus.
#[derive(Debug)]
pub struct Original {
    pub locale: &'static str,
    pub slug: String,
    /// Path under the locale folder without `.md`: the same for both translations of a page,
    /// so it serves as the translation key.
    pub rel: String,
    pub title: String,
    /// Markdown without the front matter.
    pub body: String,
}

/// One article of the benchmark set: an original or one of its variants.
#[derive(Debug)]
pub struct Article {
    /// 1-based, unique: the FTS5 rowid and the tantivy document id.
    pub id: i64,
    /// Index into the originals: every copy of one original counts as the right answer.
    pub original: usize,
    pub locale: &'static str,
    pub slug: String,
    pub translation_key: String,
    pub title: String,
    pub markdown: String,
    /// Plain text and summary from `ayuda_kb::markdown::render`, filled by [`render_all`].
    pub text: String,
    pub summary: String,
}

/// Reads every `<root>/{en,es}/**/*.md`, sorted so runs are reproducible.
pub fn load(root: &Path) -> Result<Vec<Original>> {
    if !root.is_dir() {
        bail!(
            "corpus not found at {}\n  (expected <root>/en/**/*.md and <root>/es/**/*.md; \
             pass --corpus DIR to use another folder)",
            root.display()
        );
    }
    let mut per_locale: Vec<Vec<Original>> = Vec::new();
    for locale in LOCALES {
        let mut originals = Vec::new();
        let locale_root = root.join(locale);
        let files = markdown_files(&locale_root)?;
        let mut taken: HashSet<String> = HashSet::new();
        for path in files {
            let source = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let file = frontmatter::parse(&source);
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let title = file
                .front
                .title
                .filter(|t| !t.trim().is_empty())
                .or_else(|| frontmatter::title_from_body(&file.body))
                .unwrap_or_else(|| stem.clone());
            let base = file
                .front
                .slug
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| frontmatter::slugify(&stem));
            let base = if base.is_empty() {
                "article".to_owned()
            } else {
                base
            };
            // File names repeat across folders (`overview.md`…); slugs must be unique per
            // locale, as the store and the answer key both rely on them.
            let mut slug = base.clone();
            let mut n = 2;
            while !taken.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            let rel = path
                .strip_prefix(&locale_root)
                .unwrap_or(&path)
                .with_extension("")
                .to_string_lossy()
                .into_owned();
            originals.push(Original {
                locale,
                slug,
                rel,
                title,
                body: file.body,
            });
        }
        per_locale.push(originals);
    }
    // Interleave the locales, so that a run with fewer articles than files (which takes the
    // first ones) still has both languages in proportion.
    let mut originals = Vec::new();
    let mut iters: Vec<_> = per_locale.into_iter().map(Vec::into_iter).collect();
    loop {
        let before = originals.len();
        originals.extend(iters.iter_mut().filter_map(Iterator::next));
        if originals.len() == before {
            break;
        }
    }
    if originals.is_empty() {
        bail!("no Markdown files under {}/{{en,es}}", root.display());
    }
    Ok(originals)
}

fn markdown_files(root: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if !root.is_dir() {
        return Ok(files);
    }
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Title templates for copies 1, 2, …: realistic rewordings an editor might publish, so the
/// copies are near-duplicates the ranking has to cope with rather than byte-identical rows.
fn variant_title(locale: &str, title: &str, copy: usize) -> String {
    let templates: [&str; 5] = if locale == "es" {
        [
            "{} (actualizado)",
            "Guía: {}",
            "{}: preguntas frecuentes",
            "Cómo resolver: {}",
            "{} (versión {k})",
        ]
    } else {
        [
            "{} (updated)",
            "Guide: {}",
            "{}: FAQ",
            "How to fix: {}",
            "{} (version {k})",
        ]
    };
    templates[(copy - 1) % templates.len()]
        .replace("{}", title)
        .replace("{k}", &(copy + 1).to_string())
}

/// The body with its paragraphs rotated by `copy`, the first block (usually the `# Title`
/// heading) kept first, so each copy differs in positions and snippets but not in vocabulary.
fn rotate_paragraphs(body: &str, copy: usize) -> String {
    let blocks: Vec<&str> = body.split("\n\n").collect();
    if blocks.len() <= 2 {
        return body.to_owned();
    }
    let mut rest = blocks[1..].to_vec();
    let by = copy % rest.len();
    rest.rotate_left(by);
    let mut out = String::with_capacity(body.len());
    out.push_str(blocks[0]);
    for block in rest {
        out.push_str("\n\n");
        out.push_str(block);
    }
    out
}

/// Exactly `count` articles: every original once (copy 0), then variant copies 1, 2, … of
/// each original in turn until the count is reached. Locales are kept.
pub fn multiply(originals: &[Original], count: usize) -> Vec<Article> {
    let mut articles = Vec::with_capacity(count);
    let mut copy = 0;
    while articles.len() < count {
        for (index, original) in originals.iter().enumerate() {
            if articles.len() == count {
                break;
            }
            let (slug, key, title, markdown) = if copy == 0 {
                (
                    original.slug.clone(),
                    original.rel.clone(),
                    original.title.clone(),
                    original.body.clone(),
                )
            } else {
                (
                    format!("{}-v{copy}", original.slug),
                    format!("{}#v{copy}", original.rel),
                    variant_title(original.locale, &original.title, copy),
                    rotate_paragraphs(&original.body, copy),
                )
            };
            articles.push(Article {
                id: i64::try_from(articles.len()).unwrap_or(i64::MAX - 1) + 1,
                original: index,
                locale: original.locale,
                slug,
                translation_key: key,
                title,
                markdown,
                text: String::new(),
                summary: String::new(),
            });
        }
        copy += 1;
    }
    articles
}

/// Renders every article's Markdown on all cores (the slowest part of preparing the data).
pub fn render_all(articles: &mut [Article]) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = articles.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in articles.chunks_mut(chunk) {
            scope.spawn(move || {
                for article in part {
                    let rendered = ayuda_kb::markdown::render(&article.markdown);
                    article.text = rendered.text;
                    article.summary = rendered.summary;
                }
            });
        }
    });
}

/// What a search-as-you-type query stands for, to break latency down by query shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeKind {
    Prefix1To2,
    Prefix3To5,
    Prefix6To15,
    Prefix16Plus,
    Typo,
}

impl TypeKind {
    pub const ALL: [TypeKind; 5] = [
        Self::Prefix1To2,
        Self::Prefix3To5,
        Self::Prefix6To15,
        Self::Prefix16Plus,
        Self::Typo,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Prefix1To2 => "prefix, 1–2 chars",
            Self::Prefix3To5 => "prefix, 3–5 chars",
            Self::Prefix6To15 => "prefix, 6–15 chars",
            Self::Prefix16Plus => "prefix, ≥16 chars",
            Self::Typo => "full title, one typo",
        }
    }

    fn of_prefix(chars: usize) -> Self {
        match chars {
            0..=2 => Self::Prefix1To2,
            3..=5 => Self::Prefix3To5,
            6..=15 => Self::Prefix6To15,
            _ => Self::Prefix16Plus,
        }
    }
}

/// One query as the widget would send it while the user types.
#[derive(Clone, Debug)]
pub struct TypedQuery {
    pub text: String,
    pub locale: &'static str,
    pub kind: TypeKind,
}

/// Titles sampled for query generation: half per locale, each title once (several pages share a
/// title, and a repeated title would only repeat queries).
fn sample_titles(
    originals: &[Original],
    per_locale: usize,
    rng: &mut StdRng,
) -> Vec<(usize, &'static str)> {
    let mut sampled = Vec::new();
    for locale in LOCALES {
        let mut seen = HashSet::new();
        let mut candidates: Vec<usize> = (0..originals.len())
            .filter(|&i| originals[i].locale == locale && seen.insert(originals[i].title.clone()))
            .collect();
        candidates.shuffle(rng);
        sampled.extend(candidates.into_iter().take(per_locale).map(|i| (i, locale)));
    }
    sampled
}

/// Every prefix (char by char, from 1 char) of `titles` sampled titles, plus the full title with
/// one typo, for each of its words of five letters or more.
pub fn typed_queries(originals: &[Original], titles: usize, rng: &mut StdRng) -> Vec<TypedQuery> {
    let mut queries = Vec::new();
    for (index, locale) in sample_titles(originals, titles.div_ceil(2), rng) {
        let title = originals[index].title.trim();
        let chars: Vec<char> = title.chars().collect();
        for len in 1..=chars.len() {
            queries.push(TypedQuery {
                text: chars[..len].iter().collect(),
                locale,
                kind: TypeKind::of_prefix(len),
            });
        }
        let words: Vec<&str> = title.split_whitespace().collect();
        for (position, word) in words.iter().enumerate() {
            let Some(typo) = typo(word, position, rng) else {
                continue;
            };
            let mut with_typo: Vec<&str> = words.clone();
            with_typo[position] = &typo;
            queries.push(TypedQuery {
                text: with_typo.join(" "),
                locale,
                kind: TypeKind::Typo,
            });
        }
    }
    queries
}

/// Which query a relevance test runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelKind {
    /// The title's words, as written.
    Exact,
    /// The first 2–3 significant words, one of them (≥5 letters) misspelt.
    TypoWords,
    /// The title typed up to a word of ≥5 letters (the third significant word or later), cut
    /// to its first 3–4 letters.
    PrefixTyped,
}

impl RelKind {
    pub const ALL: [RelKind; 3] = [Self::Exact, Self::TypoWords, Self::PrefixTyped];

    pub fn label(self) -> &'static str {
        match self {
            Self::Exact => "(a) exact title",
            Self::TypoWords => "(b) 2–3 words + typo",
            Self::PrefixTyped => "(c) typed prefix",
        }
    }
}

/// A query whose right answer is any copy of `original`.
#[derive(Clone, Debug)]
pub struct RelQuery {
    pub text: String,
    pub locale: &'static str,
    pub kind: RelKind,
    pub original: usize,
}

fn clean_word(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

fn is_significant(locale: &str, word: &str) -> bool {
    let folded = analysis::fold(clean_word(word));
    folded.chars().count() >= 3 && !analysis::is_stopword(locale, &folded)
}

fn letters(word: &str) -> usize {
    word.chars().filter(|c| c.is_alphabetic()).count()
}

/// Relevance queries for `per_locale` sampled originals of each locale. Originals whose title is
/// shared with another original of the same locale are left out: no query can tell them apart.
pub fn relevance_queries(
    originals: &[Original],
    per_locale: usize,
    rng: &mut StdRng,
) -> Vec<RelQuery> {
    let mut title_count: HashMap<(&str, &str), usize> = HashMap::new();
    for original in originals {
        *title_count
            .entry((original.locale, original.title.trim()))
            .or_default() += 1;
    }
    let mut queries = Vec::new();
    for locale in LOCALES {
        let mut candidates: Vec<usize> = (0..originals.len())
            .filter(|&i| {
                originals[i].locale == locale
                    && title_count.get(&(locale, originals[i].title.trim())) == Some(&1)
            })
            .collect();
        candidates.shuffle(rng);
        for index in candidates.into_iter().take(per_locale) {
            let title = originals[index].title.trim();
            let words: Vec<&str> = title.split_whitespace().collect();
            let push = |queries: &mut Vec<RelQuery>, text: String, kind| {
                queries.push(RelQuery {
                    text,
                    locale,
                    kind,
                    original: index,
                });
            };

            push(&mut queries, title.to_owned(), RelKind::Exact);

            let significant: Vec<&str> = words
                .iter()
                .map(|w| clean_word(w))
                .filter(|w| !w.is_empty() && is_significant(locale, w))
                .collect();
            let take = significant.len().min(rng.random_range(2..=3));
            let mut short: Vec<String> = significant[..take]
                .iter()
                .map(|w| (*w).to_owned())
                .collect();
            if let Some(at) = short.iter().position(|w| letters(w) >= 5) {
                let op = rng.random_range(0..3);
                if let Some(misspelt) = typo(&short[at], op, rng) {
                    short[at] = misspelt;
                    push(&mut queries, short.join(" "), RelKind::TypoWords);
                }
            }

            // Cut at the third significant word or later, so two whole words come before the
            // half-typed one, like a user a few words in. Earlier cuts ("Adobe Com") fit
            // hundreds of articles of this corpus and would say nothing about ranking.
            let mut seen_significant = 0;
            let mut cut = None;
            for (position, word) in words.iter().enumerate() {
                if is_significant(locale, word) {
                    seen_significant += 1;
                }
                if seen_significant >= 3 && letters(clean_word(word)) >= 5 {
                    cut = Some(position);
                    break;
                }
            }
            let cut = cut.or_else(|| words.iter().rposition(|w| letters(clean_word(w)) >= 5));
            if let Some(position) = cut {
                let keep = rng.random_range(3..=4);
                let partial: String = clean_word(words[position]).chars().take(keep).collect();
                let mut typed: Vec<&str> = words[..position].to_vec();
                typed.push(&partial);
                push(&mut queries, typed.join(" "), RelKind::PrefixTyped);
            }
        }
    }
    queries
}

/// A reproducible random source for one part of the benchmark.
pub fn rng(seed: u64, part: u64) -> StdRng {
    StdRng::seed_from_u64(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ part)
}
