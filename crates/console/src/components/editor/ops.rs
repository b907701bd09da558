//! What the editor asks the server: load, save (as a draft or published), publish, unpublish,
//! delete, and the two ways out of an edit conflict. Each sets `pending` while out, then
//! `done` or `error`; answers that arrive after the editor has moved on are dropped.

use ayuda_api::{Article, ArticleStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::form::{Action, Conflict, Done, Editor, Load};
use super::kept;
use crate::api::{self, ApiError, Refusal};
use crate::dom;
use crate::draft::Fields;
use crate::filters::ArticleFilter;
use crate::route::Route;
use crate::state::{Console, Flash};

/// Shows the article `id` (`None`: a new, empty one), then offers a kept draft of it.
pub fn load(editor: Editor, console: Console, id: Option<i64>) {
    editor.clear_messages();
    let Some(id) = id else {
        editor.blank(console.locale.get_untracked());
        kept::offer(editor);
        return;
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

/// "Save draft" (`publish: false`) or "Publish". A new article is created with that status.
/// An existing one is saved as a new version over `base_version` (published at once for
/// "Publish"); with nothing changed, "Publish" only publishes the latest version and "Save
/// draft" has nothing to send.
pub fn save(editor: Editor, console: Console, publish: bool) {
    let action = if publish {
        Action::Publish
    } else {
        Action::SaveDraft
    };
    let id = editor.id.get_untracked();
    let dirty = editor.dirty.get_untracked();
    if let (Some(_), false, false) = (id, dirty, publish) {
        if let Some(version) = editor.base_version.get_untracked() {
            editor.error.set(None);
            editor.done.set(Some(Done::Saved(version)));
        }
        return;
    }
    let live = editor.article.with_untracked(|a| {
        a.as_ref().is_some_and(|a| {
            a.status == ArticleStatus::Published && a.published_version == Some(a.version)
        })
    });
    if let (Some(_), false, true, true) = (id, dirty, publish, live) {
        if let Some(version) = editor.base_version.get_untracked() {
            editor.error.set(None);
            editor.done.set(Some(Done::Published(version)));
        }
        return;
    }
    let Some(csrf) = begin(editor, console, action) else {
        return;
    };
    let fields = editor.fields();
    let status = if publish {
        ArticleStatus::Published
    } else {
        ArticleStatus::Draft
    };
    let locale = editor.locale.get_untracked();
    let base_version = editor.base_version.get_untracked();
    spawn_local(async move {
        let result = match (id, base_version) {
            (None, _) => {
                let new = fields.new_article(locale.tag(), status);
                api::create_article(&csrf, &new).await
            }
            (Some(id), _) if publish && !dirty => api::publish_article(&csrf, id).await,
            (Some(id), Some(base)) => {
                api::update_article(&csrf, id, &fields.update(base, status)).await
            }
            (Some(_), None) => Err(ApiError::BadData.into()),
        };
        let result = console.check(result);
        if finish(editor) {
            return;
        }
        match result {
            Ok(article) => saved(editor, console, article, &fields, action),
            Err(Refusal {
                error: ApiError::EditConflict,
                ..
            }) => conflict(editor, console, action),
            Err(refusal) => editor.error.set(Some((action, refusal))),
        }
    });
}

/// After a save: the article as saved, its draft dropped, the new address for a new article.
/// Fields typed while the save was out stay, and stay unsaved.
fn saved(editor: Editor, console: Console, article: Article, sent: &Fields, action: Action) {
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
    editor.done.set(Some(if published {
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

/// "Keep mine": the refused save again, over the newest version.
pub fn keep_mine(editor: Editor, console: Console) {
    let Some(conflict) = editor.conflict.get_untracked() else {
        return;
    };
    let Some(Ok(newest)) = conflict.newest else {
        return;
    };
    editor.base_version.set(Some(newest.number));
    editor.conflict.set(None);
    save(editor, console, conflict.action == Action::Publish);
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
