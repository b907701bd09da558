//! Question sets: articles with the questions people asked about them, each question's right
//! answer known.

use std::collections::HashMap;
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
    let mut slugs = HashMap::new();
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
    set.questions = answered(questions, "slug", &slugs)?;
    Ok(set)
}

/// The shared support corpus (`../shared/corpora/adobe-commerce-kb`: Adobe Commerce's
/// help-center articles, `en/` and `es/`), every article of each language read as `ayuda import`
/// reads it (the same files, through `ayuda_server::import::read_article`: front matter, the
/// title or else the first `# heading`; `markdown::render`'s plain text, as the server indexes
/// it), with questions written for it as people type them (lines `locale | path | question` in
/// `questions`, from `crates/bench/questions/adobe-commerce-kb.txt`), each answered by the article
/// at that path under its language's folder.
pub fn support_kb(corpus: &Path, questions: &str, first_id: i64) -> Result<QuestionSet> {
    let mut set = QuestionSet {
        name: "support KB (adobe-commerce-kb), written questions".to_owned(),
        ..QuestionSet::default()
    };
    let mut paths = HashMap::new();
    let mut id = first_id;
    for locale in ["en", "es"] {
        let dir = corpus.join(locale);
        let files = ayuda_server::import::markdown_files(&dir)
            .map_err(|e| anyhow::anyhow!("cannot list {}: {e}", dir.display()))?;
        for file in files {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            // What the importer skips (not UTF-8, no title…) is not in the index either.
            let Ok(source) = String::from_utf8(bytes) else {
                continue;
            };
            let Ok((_, content)) = ayuda_server::import::read_article(&source) else {
                continue;
            };
            let relative = file
                .strip_prefix(&dir)
                .unwrap_or(&file)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            set.articles.push(Article {
                id,
                locale,
                title: content.title,
                text: ayuda_kb::markdown::render(&content.body).text,
            });
            paths.insert((locale, relative), id);
            id += 1;
        }
    }
    set.questions = answered(questions, "path", &paths)?;
    Ok(set)
}

/// Question lines `locale | key | question` (blank lines and `#` comments skipped), each
/// answered by the article `articles` holds under its locale and key (a slug or a path).
fn answered(
    questions: &str,
    key_name: &str,
    articles: &HashMap<(&'static str, String), i64>,
) -> Result<Vec<Question>> {
    let mut asked = Vec::new();
    for line in questions.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, '|').map(str::trim);
        let (Some(locale), Some(key), Some(text)) = (parts.next(), parts.next(), parts.next())
        else {
            anyhow::bail!("bad question line {line:?}: expected `locale | {key_name} | question`");
        };
        let locale: &'static str = match locale {
            "es" => "es",
            "en" => "en",
            other => anyhow::bail!("bad question line {line:?}: locale {other:?} is not es or en"),
        };
        if text.is_empty() {
            anyhow::bail!("bad question line {line:?}: no question");
        }
        let answer = *articles
            .get(&(locale, key.to_owned()))
            .with_context(|| format!("no {locale} article with {key_name} {key:?} for {text:?}"))?;
        asked.push(Question {
            text: text.to_owned(),
            locale,
            answer,
        });
    }
    Ok(asked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn articles() -> HashMap<(&'static str, String), i64> {
        HashMap::from([
            (("es", "a.md".to_owned()), 1),
            (("en", "a.md".to_owned()), 2),
        ])
    }

    #[test]
    fn question_lines_name_their_article() -> Result<()> {
        let asked = answered(
            "# a comment\n\n es | a.md | ¿cómo? \nen|a.md|how | why\n",
            "path",
            &articles(),
        )?;
        let got: Vec<(&str, &str, i64)> = asked
            .iter()
            .map(|q| (q.locale, q.text.as_str(), q.answer))
            .collect();
        assert_eq!(got, [("es", "¿cómo?", 1), ("en", "how | why", 2)]);
        Ok(())
    }

    #[test]
    fn bad_question_lines_are_refused() {
        for bad in [
            "es | a.md",
            "es a.md question",
            "fr | a.md | question",
            "es | a.md |   ",
            "es | missing.md | question",
            "en | A.md | question",
        ] {
            assert!(answered(bad, "path", &articles()).is_err(), "{bad:?}");
        }
    }
}
