//! Ayuda's knowledge-base engine: article files, Markdown to safe HTML, contextual suggestions
//! and the tantivy-backed search index.
//!
//! This crate is pure engine: it does no HTTP and no database I/O. The server owns the source of
//! truth (articles in the database), feeds this crate plain values, and maps [`Error`] to HTTP
//! status codes with [`Error::is_user_error`].

pub mod analysis;
pub mod context;
pub mod error;
pub mod frontmatter;
pub mod locale;
pub mod markdown;
pub mod search;
pub mod slug;

pub use error::{Error, Result};

/// Access to the real-world corpus in the shared folder, for tests that check the engine on
/// actual knowledge-base articles. Tests skip (with a message) when it is absent.
#[cfg(test)]
pub(crate) mod test_corpus {
    use std::path::{Path, PathBuf};

    pub(crate) const CORPUS_DIR: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpora/adobe-commerce-kb"
    );

    /// All Markdown files under `<corpus>/<locale>/`, sorted, or `None` (with a message) when
    /// the corpus is not there.
    pub(crate) fn markdown_files(locale: &str) -> Option<Vec<PathBuf>> {
        let root = Path::new(CORPUS_DIR).join(locale);
        if !root.is_dir() {
            eprintln!("skipping: corpus not found at {}", root.display());
            return None;
        }
        let mut files = Vec::new();
        let mut pending = vec![root];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).ok()?.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|ext| ext == "md") {
                    files.push(path);
                }
            }
        }
        files.sort();
        Some(files)
    }
}
