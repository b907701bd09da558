//! Question sets: articles with the questions people asked about them, each question's right
//! answer known.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

/// One searchable article of a set.
#[derive(Clone, Debug)]
pub struct Article {
    /// Unique across the run: the tantivy document id and the FTS5 rowid.
    pub id: i64,
    pub locale: &'static str,
    pub title: String,
    /// Plain text.
    pub text: String,
}

/// A question and the article that answers it.
#[derive(Clone, Debug)]
pub struct Question {
    pub text: String,
    pub locale: &'static str,
    pub answer: i64,
}

/// A set: its name, its articles (the whole index of each language) and its questions.
#[derive(Debug, Default)]
pub struct QuestionSet {
    pub name: String,
    pub articles: Vec<Article>,
    pub questions: Vec<Question>,
}

#[derive(Deserialize)]
struct Squad {
    data: Vec<SquadArticle>,
}

#[derive(Deserialize)]
struct SquadArticle {
    title: String,
    paragraphs: Vec<SquadParagraph>,
}

#[derive(Deserialize)]
struct SquadParagraph {
    context: String,
    qas: Vec<SquadQuestion>,
}

#[derive(Deserialize)]
struct SquadQuestion {
    question: String,
}

/// XQuAD's development half in `locale` (`xquad-dev.<locale>.json` under `dir`): every
/// paragraph an article titled with its Wikipedia article's title, every question answered by
/// its paragraph. Ids start at `first_id`.
pub fn xquad(dir: &Path, locale: &'static str, first_id: i64) -> Result<QuestionSet> {
    let file = dir.join(format!("xquad-dev.{locale}.json"));
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let squad: Squad = serde_json::from_str(&text)
        .with_context(|| format!("{} is not SQuAD JSON", file.display()))?;
    let mut set = QuestionSet {
        name: format!("XQuAD dev, {locale}"),
        ..QuestionSet::default()
    };
    let mut id = first_id;
    for article in squad.data {
        let title = article.title.replace('_', " ");
        for paragraph in article.paragraphs {
            set.articles.push(Article {
                id,
                locale,
                title: title.clone(),
                text: paragraph.context,
            });
            set.questions
                .extend(paragraph.qas.into_iter().map(|qa| Question {
                    text: qa.question,
                    locale,
                    answer: id,
                }));
            id += 1;
        }
    }
    Ok(set)
}

/// The sample knowledge base (`examples/kb`) with questions written as its users would ask
/// them (lines `locale | slug | question` in
/// `questions`, from `crates/bench/questions/sample-kb.txt`), answered by the article with that slug.
pub fn sample_kb(kb: &Path, questions: &str, first_id: i64) -> Result<QuestionSet> {
    let mut set = QuestionSet {
        name: "sample KB (examples/kb), written questions".to_owned(),
        ..QuestionSet::default()
    };
    let mut slugs = std::collections::HashMap::new();
    let mut id = first_id;
    for locale in ["en", "es"] {
        let dir = kb.join(locale);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        for file in files {
            let source = std::fs::read_to_string(&file)?;
            let parsed = ayuda_kb::frontmatter::parse(&source);
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            let slug = parsed.front.slug.clone().unwrap_or_else(|| stem.to_owned());
            let rendered = ayuda_kb::markdown::render(&parsed.body);
            set.articles.push(Article {
                id,
                locale,
                title: parsed.front.title.clone().unwrap_or_else(|| slug.clone()),
                text: rendered.text,
            });
            slugs.insert((locale, slug), id);
            id += 1;
        }
    }
    for line in questions.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, '|').map(str::trim);
        let (Some(locale), Some(slug), Some(text)) = (parts.next(), parts.next(), parts.next())
        else {
            anyhow::bail!("bad question line {line:?}: expected `locale | slug | question`");
        };
        let locale: &'static str = if locale == "es" { "es" } else { "en" };
        let answer = *slugs
            .get(&(locale, slug.to_owned()))
            .with_context(|| format!("no {locale} article {slug:?} for {text:?}"))?;
        set.questions.push(Question {
            text: text.to_owned(),
            locale,
            answer,
        });
    }
    Ok(set)
}
