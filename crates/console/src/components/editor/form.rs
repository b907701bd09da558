//! The editor's state, shared by its parts: the article as last loaded or saved, the fields as
//! typed, what the editor is busy with and what it has to say. It imports none of its
//! siblings; they all import it.

use ayuda_api::{Article, ArticleStatus, ArticleVersion, Site};
use leptos::prelude::*;

use crate::api::{ApiError, Refusal};
use crate::draft::{self, Draft, Fields};
use crate::i18n::Locale;

/// Something the editor asks the server to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    SaveDraft,
    Publish,
    Unpublish,
    /// Take the article off the public side (`status: archived` over the loaded version).
    Archive,
    Delete,
    /// Load the newest version over one's own changes (after an edit conflict).
    TakeTheirs,
    /// Upload an image pasted, dropped or picked into the body.
    UploadImage,
}

/// Where loading the article stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Load {
    /// Nothing asked yet.
    Blank,
    Loading,
    Failed(ApiError),
    /// The fields are the article's (or a new article's).
    Ready,
}

/// What the status line says after an action worked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    Saved(i64),
    Published(i64),
    Unpublished,
    Archived,
    /// The newest version was loaded over one's own changes.
    Loaded(i64),
    Restored {
        from: i64,
        to: i64,
    },
    DraftRestored,
    /// An uploaded image is in the body.
    ImageInserted,
    /// Only the owner and the review interval changed, and were saved (no new version).
    PlanSaved,
}

/// The article a new one translates, as its "Translation of …" line names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedSource {
    pub id: i64,
    pub title: String,
    /// The source's language.
    pub locale: String,
}

/// A save refused because someone saved a newer version meanwhile.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The save that was refused: "Keep mine" does it again over the newest version.
    pub action: Action,
    /// The newest version, once loaded; `Err` when it could not be.
    pub newest: Option<Result<ArticleVersion, ApiError>>,
}

#[derive(Clone, Copy)]
pub struct Editor {
    /// The article's id; `None` until a new article is first saved.
    pub id: RwSignal<Option<i64>>,
    /// The article as the server last sent it.
    pub article: RwSignal<Option<Article>>,
    pub load: RwSignal<Load>,
    pub title: RwSignal<String>,
    pub slug: RwSignal<String>,
    pub tags: RwSignal<String>,
    pub body: RwSignal<String>,
    pub contexts: RwSignal<Vec<String>>,
    pub sites: RwSignal<Vec<String>>,
    pub owner: RwSignal<String>,
    /// The review interval in days, as typed (empty: none).
    pub review: RwSignal<String>,
    /// A new article's language (an existing article keeps its own).
    pub locale: RwSignal<Locale>,
    /// A new article's translation group (a translation's is its source's); `None`: its own.
    pub translation_key: RwSignal<Option<String>>,
    /// The article a new translation was started from.
    pub seed_source: RwSignal<Option<SeedSource>>,
    /// The help centre's sites (`GET /api/v1/sites`), once asked.
    pub site_list: RwSignal<Option<Result<Vec<Site>, ApiError>>>,
    /// The fields as last loaded or saved: anything else is unsaved.
    pub saved: RwSignal<Fields>,
    /// The version the changes are made on: every save sends it (`base_version`).
    pub base_version: RwSignal<Option<i64>>,
    /// The fields differ from what is saved.
    pub dirty: Memo<bool>,
    pub pending: RwSignal<Option<Action>>,
    pub error: RwSignal<Option<(Action, Refusal)>>,
    pub done: RwSignal<Option<Done>>,
    pub conflict: RwSignal<Option<Conflict>>,
    /// A draft kept in this browser that is worth restoring, until restored or discarded.
    pub offer: RwSignal<Option<Draft>>,
}

impl Editor {
    pub fn new(locale: Locale) -> Self {
        let title = RwSignal::new(String::new());
        let slug = RwSignal::new(String::new());
        let tags = RwSignal::new(String::new());
        let body = RwSignal::new(String::new());
        let contexts = RwSignal::new(Vec::new());
        let sites = RwSignal::new(Vec::new());
        let owner = RwSignal::new(String::new());
        let review = RwSignal::new(String::new());
        let saved = RwSignal::new(Fields::default());
        let dirty = Memo::new(move |_| {
            let fields = Fields {
                title: title.get(),
                slug: slug.get(),
                tags: tags.get(),
                body: body.get(),
                contexts: contexts.get(),
                sites: sites.get(),
                owner: owner.get(),
                review: review.get(),
            };
            saved.with(|saved| !fields.same_as(saved))
        });
        Self {
            id: RwSignal::new(None),
            article: RwSignal::new(None),
            load: RwSignal::new(Load::Blank),
            title,
            slug,
            tags,
            body,
            contexts,
            sites,
            owner,
            review,
            locale: RwSignal::new(locale),
            translation_key: RwSignal::new(None),
            seed_source: RwSignal::new(None),
            site_list: RwSignal::new(None),
            saved,
            base_version: RwSignal::new(None),
            dirty,
            pending: RwSignal::new(None),
            error: RwSignal::new(None),
            done: RwSignal::new(None),
            conflict: RwSignal::new(None),
            offer: RwSignal::new(None),
        }
    }

    /// The fields as typed, untracked (for handlers).
    pub fn fields(self) -> Fields {
        Fields {
            title: self.title.get_untracked(),
            slug: self.slug.get_untracked(),
            tags: self.tags.get_untracked(),
            body: self.body.get_untracked(),
            contexts: self.contexts.get_untracked(),
            sites: self.sites.get_untracked(),
            owner: self.owner.get_untracked(),
            review: self.review.get_untracked(),
        }
    }

    pub fn set_fields(self, fields: &Fields) {
        self.title.set(fields.title.clone());
        self.slug.set(fields.slug.clone());
        self.tags.set(fields.tags.clone());
        self.body.set(fields.body.clone());
        self.contexts.set(fields.contexts.clone());
        self.sites.set(fields.sites.clone());
        self.owner.set(fields.owner.clone());
        self.review.set(fields.review.clone());
    }

    /// Forgets the last action's outcome and any open question.
    pub fn clear_messages(self) {
        self.pending.set(None);
        self.error.set(None);
        self.done.set(None);
        self.conflict.set(None);
        self.offer.set(None);
    }

    /// Shows `article` as loaded: its fields, nothing unsaved.
    pub fn show(self, article: Article) {
        let fields = Fields::of(&article);
        self.set_fields(&fields);
        self.saved.set(fields);
        self.id.set(Some(article.id));
        self.base_version.set(Some(article.version));
        if let Some(locale) = Locale::parse(&article.locale) {
            self.locale.set(locale);
        }
        self.article.set(Some(article));
        self.load.set(Load::Ready);
    }

    /// A new article in `locale` starting with `fields` (empty, or a seed's), nothing unsaved:
    /// leaving a seeded article untouched asks nothing.
    pub fn blank(self, locale: Locale, fields: Fields) {
        self.set_fields(&fields);
        self.saved.set(fields);
        self.id.set(None);
        self.article.set(None);
        self.base_version.set(None);
        self.translation_key.set(None);
        self.seed_source.set(None);
        self.locale.set(locale);
        self.load.set(Load::Ready);
    }

    /// Where this article's draft is kept (untracked).
    pub fn draft_key(self) -> String {
        draft::storage_key(self.id.get_untracked())
    }

    /// The article's language: what toolbar words and spell-checking use (tracked).
    pub fn content_locale(self) -> Locale {
        self.locale.get()
    }

    /// The article's publication status, if it exists (tracked).
    pub fn status(self) -> Option<ArticleStatus> {
        self.article.with(|a| a.as_ref().map(|a| a.status))
    }
}
