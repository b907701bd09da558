//! Shared state of a running server: the store, the search index, caches and background work.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use ayuda_kb::search::{IndexDoc, SearchIndex};
use ayuda_store::{PublishedArticle, SearchLogRow, SiteRow, Store};
use tokio::sync::mpsc;

use crate::config::Settings;
use crate::error::{AppError, AppResult};
use crate::limits::{Limits, LoginLimiter};

/// Cloned into every handler; everything inside is cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub index: Arc<SearchIndex>,
    pub settings: Arc<Settings>,
    pub sites: SiteCache,
    /// Searches to log, held and written by `crate::search_log`; `try_send` only, so a full
    /// queue drops a search rather than slowing it down.
    pub search_log: mpsc::Sender<SearchLogRow>,
    pub login_limiter: Arc<LoginLimiter>,
    pub widget: Arc<crate::assets::AppFiles>,
    /// The staff console's builds (one per bundle), served under `/console/`.
    pub console: Arc<crate::console_files::ConsoleFiles>,
    /// The host apps' places the widget is opened on, for the editors' context picker.
    pub places: Arc<crate::places::PlaceLog>,
    /// Real-time fan-out of ticket activity to SSE streams.
    pub hub: crate::desk::hub::Hub,
    pub limits: Arc<Limits>,
    /// The WebAuthn relying party for staff passkeys.
    pub passkeys: Arc<crate::passkeys::RelyingParty>,
    /// Serialises round-robin picks on this node.
    pub assign_lock: Arc<tokio::sync::Mutex<()>>,
}

/// Sites by key, kept in memory: every public request needs its site, and sites change rarely.
/// Refreshed from the database every second (so every node sees changes) and at once after a
/// change through this node.
#[derive(Clone, Default)]
pub struct SiteCache(Arc<RwLock<HashMap<String, Arc<SiteRow>>>>);

impl SiteCache {
    pub fn get(&self, key: &str) -> Option<Arc<SiteRow>> {
        self.0.read().ok()?.get(key).cloned()
    }

    pub async fn refresh(&self, store: &Store) -> AppResult<()> {
        let sites = store.sites().await?;
        let map = sites
            .into_iter()
            .map(|s| (s.key.clone(), Arc::new(s)))
            .collect();
        if let Ok(mut guard) = self.0.write() {
            *guard = map;
        }
        Ok(())
    }

    pub fn all(&self) -> Vec<Arc<SiteRow>> {
        self.0
            .read()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default()
    }
}

impl AppState {
    /// Looks up a site by its public key, or answers `site_not_found`.
    pub fn site(&self, key: &str) -> AppResult<Arc<SiteRow>> {
        self.sites
            .get(key)
            .ok_or_else(|| AppError::site_not_found(key))
    }

    /// Brings one article's entry in the search index in line with the database.
    pub async fn sync_article(&self, id: i64) -> AppResult<()> {
        match self.store.published_by_id(id).await? {
            Some(article) => self.index.upsert(index_doc(&article))?,
            None => self.index.remove(id)?,
        }
        Ok(())
    }

    /// The public page of an article.
    pub fn article_url(&self, site: &str, locale: &str, slug: &str) -> String {
        self.article_links(site).url(locale, slug)
    }

    /// Links to `site`'s article pages, for answers that list many articles.
    pub fn article_links(&self, site: &str) -> ArticleLinks {
        ArticleLinks {
            site_base: format!("{}/help/{site}/", self.settings.public_url()),
        }
    }
}

/// Public article pages of one site: the base (`{public_url}/help/{site}/`) is formatted once,
/// each page appends its locale and slug.
#[derive(Debug)]
pub struct ArticleLinks {
    site_base: String,
}

impl ArticleLinks {
    /// `{public_url}/help/{site}/{locale}/{slug}`.
    pub fn url(&self, locale: &str, slug: &str) -> String {
        let mut url = String::with_capacity(self.site_base.len() + locale.len() + 1 + slug.len());
        url.push_str(&self.site_base);
        url.push_str(locale);
        url.push('/');
        url.push_str(slug);
        url
    }
}

/// The search document for a published article.
pub fn index_doc(article: &PublishedArticle) -> IndexDoc {
    let rendered = ayuda_kb::markdown::render(&article.content.body);
    let votes = (article.helpful - article.not_helpful).max(0) as f32;
    IndexDoc {
        id: article.id,
        slug: article.slug.clone(),
        locale: article.locale.clone(),
        title: article.content.title.clone(),
        text: rendered.text,
        summary: rendered.summary,
        tags: article.content.tags.clone(),
        sites: article.sites.clone(),
        popularity: votes + (article.views as f32).ln_1p() * 0.1,
    }
}

/// Where the index remembers the last change-log entry it has applied.
fn seq_file(settings: &Settings) -> PathBuf {
    settings.data_dir.join("index.seq")
}

/// Opens the search index and brings it up to date with the database: a full rebuild when it
/// is missing, corrupt or of an older schema, else the changes logged since it was last synced.
pub async fn open_index(store: &Store, settings: &Settings) -> AppResult<(Arc<SearchIndex>, i64)> {
    std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
        AppError::Internal(format!(
            "cannot create {}: {e}",
            settings.data_dir.display()
        ))
    })?;
    let (index, rebuild) = SearchIndex::open(&settings.index_dir())?;
    let index = Arc::new(index);
    let stored_seq = std::fs::read_to_string(seq_file(settings))
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok());
    let seq = match stored_seq {
        Some(seq) if !rebuild => catch_up(store, &index, seq).await?,
        _ => rebuild_index(store, &index).await?,
    };
    write_seq(settings, seq);
    Ok((index, seq))
}

/// Rebuilds the whole index from the database; returns the change-log position it reflects.
pub async fn rebuild_index(store: &Store, index: &SearchIndex) -> AppResult<i64> {
    // Read the position first: a change landing during the rebuild is then applied again later,
    // never missed.
    let seq = store.last_change_seq().await?;
    let articles = store.all_published().await?;
    tracing::info!(articles = articles.len(), "rebuilding the search index");
    index.replace_all(articles.iter().map(index_doc))?;
    Ok(seq)
}

async fn catch_up(store: &Store, index: &SearchIndex, mut seq: i64) -> AppResult<i64> {
    loop {
        let (ids, last) = store.changes_since(seq, 1000).await?;
        if ids.is_empty() {
            return Ok(seq);
        }
        let mut docs = Vec::new();
        for id in ids {
            match store.published_by_id(id).await? {
                Some(article) => docs.push(index_doc(&article)),
                None => index.remove(id)?,
            }
        }
        index.upsert_many(docs)?;
        seq = last;
    }
}

fn write_seq(settings: &Settings, seq: i64) {
    if let Err(e) = std::fs::write(seq_file(settings), seq.to_string()) {
        tracing::warn!(error = %e, "cannot record the index position");
    }
}

/// Follows the article change log (changes made by the CLI or by other server nodes) and
/// refreshes the site cache, once a second, until the process ends.
pub fn spawn_sync(state: AppState, mut seq: i64) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match catch_up(&state.store, &state.index, seq).await {
                Ok(new_seq) if new_seq != seq => {
                    seq = new_seq;
                    write_seq(&state.settings, seq);
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "index sync failed; retrying"),
            }
            if let Err(e) = state.sites.refresh(&state.store).await {
                tracing::warn!(error = %e, "site refresh failed; retrying");
            }
        }
    });
}
