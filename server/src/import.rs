//! `ayuda import DIR` and `ayuda export DIR`: Markdown files with YAML front matter.
//!
//! Import is idempotent by slug + locale: an unchanged file changes nothing, a changed one
//! becomes a new version. Files are read in a fixed order (shallow first, then by path) so
//! that slug clashes between files of the same name resolve the same way on every run.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ayuda_api::ArticleStatus;
use ayuda_kb::frontmatter::{self, FrontMatter};
use ayuda_store::{Content, NewArticleRow, SaveMode, Store};

use crate::error::{AppError, AppResult};
use crate::validate;

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Files not imported, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} added, {} updated, {} unchanged, {} skipped",
            self.added,
            self.updated,
            self.unchanged,
            self.skipped.len()
        )?;
        for (path, why) in &self.skipped {
            writeln!(f, "  skipped {}: {why}", path.display())?;
        }
        Ok(())
    }
}

/// Every `.md` file below `dir`, shallow first, then by path. Hidden entries and `README.md`
/// files (which describe a folder, they are not articles) are ignored.
pub fn markdown_files(dir: &Path) -> AppResult<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current)
            .map_err(|e| AppError::invalid(format!("cannot read {}: {e}", current.display())))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file()
                && path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("md"))
                && !entry.file_name().eq_ignore_ascii_case("readme.md")
            {
                files.push(path);
            }
        }
    }
    files.sort_by(|a, b| {
        a.components()
            .count()
            .cmp(&b.components().count())
            .then_with(|| a.cmp(b))
    });
    Ok(files)
}

/// ISO 639-1 language codes: only these name locale folders, so folders like `kb`, `ui` or
/// `faq` are never mistaken for one.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy \
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik \
    io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt \
    my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so \
    sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// A locale folder name: `es`, `en`, `pt-BR`, `es_MX`.
fn locale_folder(name: &str) -> Option<String> {
    let (lang, region) = name
        .split_once(['-', '_'])
        .map_or((name, None), |(l, r)| (l, Some(r)));
    let lang_ok = lang.len() == 2 && ISO_639_1.split_whitespace().any(|code| code == lang);
    let region_ok =
        region.is_none_or(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()));
    if lang_ok && region_ok {
        ayuda_kb::locale::normalize(&name.replace('_', "-"))
    } else {
        None
    }
}

/// The nearest ancestor folder of `file` (up to and including `root`) that names a locale,
/// with the file's path relative to that folder.
fn locale_from_path(root: &Path, file: &Path) -> Option<(String, PathBuf)> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if let Some(locale) = d
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(locale_folder)
        {
            return Some((locale, file.strip_prefix(d).ok()?.to_path_buf()));
        }
        if d == root {
            break;
        }
        dir = d.parent();
    }
    None
}

fn without_extension(path: &Path) -> String {
    path.with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Imports every Markdown file below `dir`.
pub async fn import_dir(
    store: &Store,
    dir: &Path,
    default_locale: &str,
    progress: bool,
) -> AppResult<ImportSummary> {
    if !dir.is_dir() {
        return Err(AppError::invalid(format!(
            "{} is not a directory",
            dir.display()
        )));
    }
    let files = markdown_files(dir)?;
    let known_sites: HashSet<String> = store.sites().await?.into_iter().map(|s| s.key).collect();
    let bar = if progress {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut summary = ImportSummary::default();
    let mut used_slugs: HashSet<(String, String)> = HashSet::new();
    for file in &files {
        bar.inc(1);
        let shown = file.strip_prefix(dir).unwrap_or(file).to_path_buf();
        bar.set_message(shown.display().to_string());
        match import_file(
            store,
            dir,
            file,
            default_locale,
            &known_sites,
            &mut used_slugs,
        )
        .await
        {
            Ok(Outcome::Added) => summary.added += 1,
            Ok(Outcome::Updated) => summary.updated += 1,
            Ok(Outcome::Unchanged) => summary.unchanged += 1,
            Err(AppError::Client { message, .. }) => summary.skipped.push((shown, message)),
            Err(other) => {
                bar.abandon();
                return Err(other);
            }
        }
    }
    bar.finish_and_clear();
    Ok(summary)
}

enum Outcome {
    Added,
    Updated,
    Unchanged,
}

/// An article file as imported: its front matter, and its validated content (the front matter's
/// `title`, else the body's first `# heading`; the Markdown body; tags and contexts). An error
/// is why the file is skipped. Also what the relevance benchmark reads a corpus with.
pub fn read_article(source: &str) -> AppResult<(FrontMatter, Content)> {
    let parsed = frontmatter::parse(source);
    let front = parsed.front;
    let title = front
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| frontmatter::title_from_body(&parsed.body))
        .ok_or_else(|| AppError::invalid("no title (front matter `title` or a `# heading`)"))?;
    let content = validate::content(&title, &parsed.body, &front.tags, &front.contexts)?;
    Ok((front, content))
}

async fn import_file(
    store: &Store,
    root: &Path,
    file: &Path,
    default_locale: &str,
    known_sites: &HashSet<String>,
    used_slugs: &mut HashSet<(String, String)>,
) -> AppResult<Outcome> {
    let bytes = std::fs::read(file).map_err(|e| AppError::invalid(format!("cannot read: {e}")))?;
    let source = String::from_utf8(bytes).map_err(|_| AppError::invalid("not UTF-8 text"))?;
    let (front, content) = read_article(&source)?;

    let from_path = locale_from_path(root, file);
    let locale = match (&front.locale, &from_path) {
        (Some(l), _) => validate::check_locale(l)?,
        (None, Some((l, _))) => l.clone(),
        (None, None) => validate::check_locale(default_locale)?,
    };
    let relative = match &from_path {
        Some((_, rel)) => rel.clone(),
        None => file.strip_prefix(root).unwrap_or(file).to_path_buf(),
    };
    let slug = match &front.slug {
        Some(slug) => {
            validate::check_slug(slug)?;
            slug.clone()
        }
        None => unique_slug(file, &locale, used_slugs),
    };
    if slug.is_empty() {
        return Err(AppError::invalid("cannot derive a slug from the file name"));
    }
    if !used_slugs.insert((locale.clone(), slug.clone())) && front.slug.is_some() {
        return Err(AppError::invalid(format!(
            "slug {slug:?} ({locale}) is used by another file of this import"
        )));
    }
    let translation_key = front
        .translation_key
        .clone()
        .unwrap_or_else(|| without_extension(&relative));
    validate::check_translation_key(&translation_key)?;
    let sites = validate::sites(&front.sites, |k| known_sites.contains(k))?;
    let status = match front.status.as_deref().map(str::trim) {
        None | Some("") => ArticleStatus::Published,
        Some(s) => ArticleStatus::parse(s).ok_or_else(|| {
            AppError::invalid(format!("status {s:?} must be draft, published or archived"))
        })?,
    };

    let Some(existing) = store.article_by_slug(&slug, &locale).await? else {
        store
            .create_article(&NewArticleRow {
                slug,
                locale,
                translation_key,
                status: status.as_str().to_owned(),
                sites,
                author: None,
                content,
            })
            .await?;
        return Ok(Outcome::Added);
    };

    let same_meta = existing.translation_key == translation_key && existing.sites == sites;
    let same_content = existing.content == content;
    let live_is_latest = existing.published_version == Some(existing.current_version);
    let same_status = match status {
        ArticleStatus::Published => existing.status == "published" && live_is_latest,
        ArticleStatus::Draft => existing.status == "draft",
        ArticleStatus::Archived => existing.status == "archived",
    };
    if same_meta && same_content && same_status {
        return Ok(Outcome::Unchanged);
    }
    let id = existing.id;
    if same_meta && same_content {
        match status {
            ArticleStatus::Published => {
                store.publish(id, None).await?;
            }
            ArticleStatus::Draft => {
                store.unpublish(id).await?;
            }
            ArticleStatus::Archived => {
                store
                    .save_version(
                        id,
                        &content,
                        None,
                        None,
                        None,
                        SaveMode::Archive,
                        None,
                        None,
                    )
                    .await?;
            }
        }
        return Ok(Outcome::Updated);
    }
    let mode = match status {
        ArticleStatus::Published => SaveMode::Publish,
        ArticleStatus::Draft => SaveMode::Draft,
        ArticleStatus::Archived => SaveMode::Archive,
    };
    let saved = store
        .save_version(
            id,
            &content,
            None,
            Some(&translation_key),
            Some(&sites),
            mode,
            None,
            None,
        )
        .await?;
    if status == ArticleStatus::Draft && saved.status == "published" {
        store.unpublish(id).await?;
    }
    Ok(Outcome::Updated)
}

/// The slug of a file without a `slug:` field: its name, or — when an earlier file of this
/// import took that name — its parent folder's name joined to it, then a number.
fn unique_slug(file: &Path, locale: &str, used: &HashSet<(String, String)>) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = frontmatter::slugify(&stem);
    if !used.contains(&(locale.to_owned(), base.clone())) {
        return base;
    }
    let parent = file
        .parent()
        .and_then(|p| p.file_name())
        .map(|s| frontmatter::slugify(&s.to_string_lossy()))
        .unwrap_or_default();
    let joined = frontmatter::slugify(&format!("{parent}-{stem}"));
    let mut candidate = joined.clone();
    let mut n = 2;
    while used.contains(&(locale.to_owned(), candidate.clone())) {
        candidate = format!("{joined}-{n}");
        n += 1;
    }
    candidate
}

/// Writes every article as `DIR/{locale}/{slug}.md`; importing the result changes nothing.
pub async fn export_dir(store: &Store, dir: &Path) -> AppResult<usize> {
    let articles = store.all_articles().await?;
    for article in &articles {
        let folder = dir.join(&article.locale);
        std::fs::create_dir_all(&folder)
            .map_err(|e| AppError::Internal(format!("cannot create {}: {e}", folder.display())))?;
        let front = FrontMatter {
            title: Some(article.content.title.clone()),
            slug: Some(article.slug.clone()),
            locale: Some(article.locale.clone()),
            tags: article.content.tags.clone(),
            contexts: article.content.contexts.clone(),
            translation_key: Some(article.translation_key.clone()),
            status: Some(article.status.clone()),
            sites: article.sites.clone(),
            description: None,
        };
        let path = folder.join(format!("{}.md", article.slug));
        std::fs::write(&path, frontmatter::to_file(&front, &article.content.body))
            .map_err(|e| AppError::Internal(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(articles.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_folders() {
        assert_eq!(locale_folder("es").as_deref(), Some("es"));
        assert_eq!(locale_folder("en").as_deref(), Some("en"));
        assert!(locale_folder("pt-BR").is_some());
        assert_eq!(locale_folder("faq"), None);
        assert_eq!(locale_folder("how-to"), None);
        assert_eq!(locale_folder("kb"), None);
        assert_eq!(locale_folder("ES"), None);
        let (l, rel) = locale_from_path(Path::new("/kb"), Path::new("/kb/en/faq/a.md")).unwrap();
        assert_eq!((l.as_str(), rel.as_path()), ("en", Path::new("faq/a.md")));
        assert_eq!(
            locale_from_path(Path::new("/kb"), Path::new("/kb/faq/a.md")),
            None
        );
    }

    #[test]
    fn clashing_file_names_get_their_folder() {
        let mut used = HashSet::new();
        used.insert(("en".to_owned(), "overview".to_owned()));
        assert_eq!(
            unique_slug(Path::new("/kb/en/faq/overview.md"), "en", &used),
            "faq-overview"
        );
        assert_eq!(
            unique_slug(Path::new("/kb/en/faq/overview.md"), "es", &used),
            "overview"
        );
    }
}
