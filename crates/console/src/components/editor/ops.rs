//! What the editor asks the server: load (an article, or a new one from its seed), save (as a
//! draft or published, with the owner and review interval), publish, unpublish, archive,
//! delete, and the two ways out of an edit conflict. Each sets `pending` while out, then `done` or
//! `error`; answers that arrive after the editor has moved on are dropped.

use ayuda_api::{Article, ArticleStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::form::{Action, Conflict, Done, Editor, Load, SeedSource};
use super::kept;
use crate::api::{self, ApiError, Refusal, authoring};
use crate::dom;
use crate::draft::{self, Fields};
use crate::filters::ArticleFilter;
use crate::i18n::Locale;
use crate::route::Route;
use crate::seed::ArticleSeed;
use crate::state::{Console, Flash};

/// What the address asks the editor to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A new article, empty or started from a seed.
    New(ArticleSeed),
    Existing(i64),
}

impl Target {
    /// The target of `route`, if it is the editor's.
    pub fn of(route: &Route) -> Option<Target> {
        match route {
            Route::NewArticle(seed) => Some(Target::New(seed.clone())),
            Route::Article(id) => Some(Target::Existing(*id)),
            _ => None,
        }
    }
}

/// Shows what `target` names, then offers a kept draft of it.
pub fn load(editor: Editor, console: Console, target: Target) {
    editor.clear_messages();
    editor.seed_source.set(None);
    editor.translation_key.set(None);
    let id = match target {
        Target::New(seed) => return start_new(editor, console, seed),
        Target::Existing(id) => id,
    };
    editor.id.set(Some(id));
    editor.load.set(Load::Loading);
    spawn_local(async move {
        let result = console.check(api::article(id).await);
        // The editor went on to another article, or is gone.
        if editor.id.try_get_untracked() != Some(Some(id)) {
            return;
        }
        match result {
            Ok(article) => {
                editor.show(article);
                if let Some(Flash::Restored { from, to }) = console.flash.get_untracked() {
                    console.flash.set(None);
                    editor.done.set(Some(Done::Restored { from, to }));
                }
                kept::offer(editor);
            }
            Err(error) => editor.load.set(Load::Failed(error)),
        }
    });
}

/// A new article from `seed`: its title and language, or (a translation) the source's content
/// in its translation group, in the seed's language.
fn start_new(editor: Editor, console: Console, seed: ArticleSeed) {
    let locale = seed
        .locale
        .unwrap_or_else(|| console.locale.get_untracked());
    let Some(source) = seed.translation_of else {
        let fields = Fields {
            title: seed.title.clone(),
            ..Fields::default()
        };
        editor.blank(locale, fields);
        kept::offer(editor);
        return;
    };
    editor.id.set(None);
    editor.load.set(Load::Loading);
    spawn_local(async move {
        let result = console.check(api::article(source).await);
        // The address moved on (or the editor is gone): this seed is not wanted any more.
        let still = console
            .route
            .with_untracked(|route| Target::of(route) == Some(Target::New(seed.clone())));
        if !still || editor.load.try_get_untracked().is_none() {
            return;
        }
        match result {
            Ok(article) => seed_translation(editor, &article, locale),
            Err(error) => editor.load.set(Load::Failed(error)),
        }
    });
}

/// The translation of `source` into `locale`, ready to translate.
fn seed_translation(editor: Editor, source: &Article, locale: Locale) {
    let fields = Fields {
        title: source.title.clone(),
        tags: source.tags.join(", "),
        body: source.body.clone(),
        contexts: source.contexts.clone(),
        sites: source.sites.clone(),
        ..Fields::default()
    };
    editor.blank(locale, fields);
    editor
        .translation_key
        .set(Some(source.translation_key.clone()));
    editor.seed_source.set(Some(SeedSource {
        id: source.id,
        title: source.title.clone(),
        locale: source.locale.clone(),
    }));
    kept::offer(editor);
}

/// Starts `action` unless another one is out; the session's CSRF token if it may start.
fn begin(editor: Editor, console: Console, action: Action) -> Option<String> {
    if editor.pending.get_untracked().is_some() {
        return None;
    }
    let session = console.session()?;
    editor.pending.set(Some(action));
    editor.error.set(None);
    editor.done.set(None);
    Some(session.csrf_token)
}

/// Ends the pending action; true when the editor is gone (nothing more to show).
fn finish(editor: Editor) -> bool {
    // `try_set` hands the value back when the signal no longer exists.
    editor.pending.try_set(None).is_some()
}

/// The id of the review interval's own number field (shown for "another number of days").
pub const REVIEW_DAYS_ID: &str = "article-review-days";

/// "Save draft" (`publish: false`) or "Publish". A new article is created with that status.
/// An existing one is saved as a new version over `base_version` (published at once for
/// "Publish"); with its content unchanged, "Publish" only publishes the latest version and
/// "Save draft" sends only a changed owner or review interval (no new version), or nothing.
/// A new or just published article gets its owner and review interval by a second call.
pub fn save(editor: Editor, console: Console, publish: bool) {
    let action = if publish {
        Action::Publish
    } else {
        Action::SaveDraft
    };
    let id = editor.id.get_untracked();
    let fields = editor.fields();
    if draft::review_days(&fields.review).is_err() {
        // The field says why (`aria-invalid` and its message).
        dom::focus_id(REVIEW_DAYS_ID);
        return;
    }
    let stored = editor.saved.get_untracked();
    let content_dirty = !fields.same_content(&stored);
    let plan = fields.plan_update(&stored);
    let live = editor.article.with_untracked(|a| {
        a.as_ref().is_some_and(|a| {
            a.status == ArticleStatus::Published && a.published_version == Some(a.version)
        })
    });
    if let (Some(_), false, None) = (id, content_dirty, &plan)
        && (!publish || live)
    {
        if let Some(version) = editor.base_version.get_untracked() {
            editor.error.set(None);
            editor.done.set(Some(if publish {
                Done::Published(version)
            } else {
                Done::Saved(version)
            }));
        }
        return;
    }
    let Some(csrf) = begin(editor, console, action) else {
        return;
    };
    let status = if publish {
        ArticleStatus::Published
    } else {
        ArticleStatus::Draft
    };
    let locale = editor.locale.get_untracked();
    let base_version = editor.base_version.get_untracked();
    let translation_key = editor.translation_key.get_untracked();
    let plan_only = id.is_some() && !content_dirty && !publish;
    spawn_local(async move {
        let first = match (id, base_version, &plan) {
            (None, _, _) => {
                let mut new = fields.new_article(locale.tag(), status);
                new.translation_key = translation_key;
                api::create_article(&csrf, &new).await
            }
            (Some(id), _, _) if publish && !content_dirty => api::publish_article(&csrf, id).await,
            (Some(id), _, Some(plan)) if !content_dirty => {
                api::update_article(&csrf, id, plan).await
            }
            (Some(id), Some(base), _) => {
                let update = fields.update(base, status, &stored);
                api::update_article(&csrf, id, &update).await
            }
            (Some(_), _, _) => Err(ApiError::BadData.into()),
        };
        // A new or just published article still needs its owner and review interval.
        let needs_plan = id.is_none() || (publish && !content_dirty);
        let (result, plan_refused) = match (console.check(first), &plan) {
            (Ok(article), Some(plan)) if needs_plan => {
                match console.check(api::update_article(&csrf, article.id, plan).await) {
                    Ok(planned) => (Ok(planned), None),
                    Err(refusal) => (Ok(article), Some(refusal)),
                }
            }
            (result, _) => (result, None),
        };
        if finish(editor) {
            return;
        }
        match (result, plan_refused) {
            (Ok(article), Some(refusal)) => {
                // The content is saved; the owner or interval stays typed, and unsaved.
                let stored = fields.with_plan_of(&article);
                saved(editor, console, article, &stored, action, false);
                editor.error.set(Some((action, refusal)));
            }
            (Ok(article), None) => saved(editor, console, article, &fields, action, plan_only),
            (
                Err(Refusal {
                    error: ApiError::EditConflict,
                    ..
                }),
                _,
            ) => conflict(editor, console, action),
            (Err(refusal), _) => editor.error.set(Some((action, refusal))),
        }
    });
}

/// After a save: the article as saved, its draft dropped, the new address for a new article.
/// Fields typed while the save was out stay, and stay unsaved. `plan_only`: only the owner
/// and the review interval were saved.
fn saved(
    editor: Editor,
    console: Console,
    article: Article,
    sent: &Fields,
    action: Action,
    plan_only: bool,
) {
    kept::clear(editor);
    let was_new = editor.id.get_untracked().is_none();
    let typed_meanwhile = editor.fields() != *sent;
    let (id, version) = (article.id, article.version);
    let published = action == Action::Publish && article.status == ArticleStatus::Published;
    if typed_meanwhile {
        editor.saved.set(sent.clone());
        editor.id.set(Some(id));
        editor.base_version.set(Some(version));
        editor.article.set(Some(article));
    } else {
        editor.show(article);
    }
    editor.done.set(Some(if plan_only {
        Done::PlanSaved
    } else if published {
        Done::Published(version)
    } else {
        Done::Saved(version)
    }));
    if was_new {
        console.readdress(Route::Article(id));
    }
}

/// A save refused as an edit conflict: asks for the newest version to compare with.
fn conflict(editor: Editor, console: Console, action: Action) {
    editor.conflict.set(Some(Conflict {
        action,
        newest: None,
    }));
    load_newest(editor, console);
    leptos::prelude::request_animation_frame(|| {
        dom::focus_id("edit-conflict-title");
    });
}

/// Loads the newest version for the conflict panel.
pub fn load_newest(editor: Editor, console: Console) {
    let Some(id) = editor.id.get_untracked() else {
        return;
    };
    editor.conflict.update(|c| {
        if let Some(c) = c {
            c.newest = None;
        }
    });
    spawn_local(async move {
        let result = console.check(api::article_versions(id).await);
        let newest =
            result.and_then(|versions| versions.into_iter().next().ok_or(ApiError::BadData));
        let _ = editor.conflict.try_update(|c| {
            if let Some(c) = c {
                c.newest = Some(newest);
            }
        });
    });
}

/// "Keep mine": the refused save (or archiving) again, over the newest version.
pub fn keep_mine(editor: Editor, console: Console) {
    let Some(conflict) = editor.conflict.get_untracked() else {
        return;
    };
    let Some(Ok(newest)) = conflict.newest else {
        return;
    };
    editor.base_version.set(Some(newest.number));
    editor.conflict.set(None);
    match conflict.action {
        Action::Archive => archive(editor, console),
        action => save(editor, console, action == Action::Publish),
    }
}

/// "Take theirs" (confirmed): the newest version replaces one's own changes.
pub fn take_theirs(editor: Editor, console: Console) {
    let Some(id) = editor.id.get_untracked() else {
        return;
    };
    let Some(_) = begin(editor, console, Action::TakeTheirs) else {
        return;
    };
    spawn_local(async move {
        let result = console.check(api::article(id).await);
        if finish(editor) {
            return;
        }
        match result {
            Ok(article) => {
                kept::clear(editor);
                let version = article.version;
                editor.conflict.set(None);
                editor.show(article);
                editor.done.set(Some(Done::Loaded(version)));
                dom::focus_id("article-body");
            }
            Err(error) => editor.error.set(Some((Action::TakeTheirs, error.into()))),
        }
    });
}

/// "Unpublish": readers stop seeing the article; the fields are not touched.
pub fn unpublish(editor: Editor, console: Console) {
    let Some(id) = editor.id.get_untracked() else {
        return;
    };
    let Some(csrf) = begin(editor, console, Action::Unpublish) else {
        return;
    };
    spawn_local(async move {
        let result = console.check(api::unpublish_article(&csrf, id).await);
        if finish(editor) {
            return;
        }
        match result {
            Ok(article) => {
                editor.article.set(Some(article));
                editor.done.set(Some(Done::Unpublished));
                // The button is gone with the publication: the focus goes to "Publish".
                dom::focus_id("publish-article");
            }
            Err(refusal) => editor.error.set(Some((Action::Unpublish, refusal))),
        }
    });
}

/// "Archive" (confirmed): readers stop seeing the article. The server saves it as a new
/// version over the one the editor loaded (`base_version`); someone else's newer version is an
/// edit conflict, as for a save. The fields are not touched: what was typed stays unsaved.
pub fn archive(editor: Editor, console: Console) {
    let (Some(id), Some(base)) = (
        editor.id.get_untracked(),
        editor.base_version.get_untracked(),
    ) else {
        return;
    };
    let Some(csrf) = begin(editor, console, Action::Archive) else {
        return;
    };
    spawn_local(async move {
        let result = console.check(authoring::archive(&csrf, id, base).await);
        if finish(editor) {
            return;
        }
        match result {
            Ok(article) => {
                editor.base_version.set(Some(article.version));
                editor.article.set(Some(article));
                editor.done.set(Some(Done::Archived));
                // The button is gone with the status: the focus goes to "Publish".
                dom::focus_id("publish-article");
            }
            Err(Refusal {
                error: ApiError::EditConflict,
                ..
            }) => conflict(editor, console, Action::Archive),
            Err(refusal) => editor.error.set(Some((Action::Archive, refusal))),
        }
    });
}

/// "Delete" (confirmed): the article and its versions go; back to the list, which says so.
pub fn delete(editor: Editor, console: Console) {
    let Some(id) = editor.id.get_untracked() else {
        return;
    };
    let Some(csrf) = begin(editor, console, Action::Delete) else {
        return;
    };
    spawn_local(async move {
        let result = console.check(api::delete_article(&csrf, id).await);
        if finish(editor) {
            return;
        }
        match result {
            Ok(()) => {
                kept::clear(editor);
                // Nothing is unsaved in an article that is gone: no draft, no question.
                editor.saved.set(editor.fields());
                console.unsaved.set(false);
                console.flash.set(Some(Flash::Deleted));
                console.navigate(Route::Articles(ArticleFilter::default()));
            }
            Err(refusal) => editor.error.set(Some((Action::Delete, refusal))),
        }
    });
}
