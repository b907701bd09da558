//! The article editor (`/console/articles/new`, `/console/articles/{id}`): title, slug,
//! language (new articles only), tags, contexts, sites, owner and review interval, the
//! Markdown body with its toolbar beside the live preview, and the actions. Its parts: `form`
//! (the state), `ops` (the server calls), `kept` (the draft kept in this browser), `toolbar`,
//! `preview`, `actions`, `conflict`, `contexts` (the context picker), `plan` (sites, owner,
//! review), `presence` (who else has it open), `links` (its source, the help centre, the
//! side-by-side view). A new article may start from a seed in its address (`ops::Target`).

mod actions;
mod conflict;
mod contexts;
mod form;
mod images;
mod kept;
mod links;
mod ops;
mod plan;
mod presence;
mod preview;
mod schedule;
mod toolbar;

use ayuda_api::ArticleStatus;
use leptos::ev::{ClipboardEvent, DragEvent, KeyboardEvent};
use leptos::prelude::*;

use super::common::{ArticleTabs, Failure, RouteLink};
use crate::api::ApiError;
use crate::i18n::{
    EditorText, Locale, Text, language_name, live_version, status_text, version_label,
};
use crate::route::Route;
use crate::state::Console;
use actions::Actions;
use conflict::ConflictPanel;
use contexts::ContextPicker;
use form::{Editor, Load};
use images::ImagePicker;
use kept::DraftOffer;
use links::{ArticleLinks, SeedNotice};
use ops::Target;
use plan::{OwnerField, ReviewField, SitesField};
use presence::Presence;
use preview::Preview;
use schedule::ScheduleSection;
use toolbar::{BODY_ID, Toolbar};

#[component]
pub fn EditorScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorText| console.t(text);
    let editor = Editor::new(console.locale.get_untracked());
    // What the address names: an article, or a new one (perhaps seeded).
    let target = Memo::new(move |_| console.route.with(Target::of));
    // Load what the address names, unless the editor shows it already (a new article that was
    // just saved got its address: it stays as it is).
    Effect::new(move |_| {
        let Some(target) = target.get() else {
            return;
        };
        let shown = match &target {
            Target::Existing(id) => {
                editor.load.get_untracked() != Load::Blank && editor.id.get_untracked() == Some(*id)
            }
            Target::New(_) => false,
        };
        if !shown {
            ops::load(editor, console, target);
        }
    });
    plan::load_sites(editor, console);
    Effect::new(move |_| console.unsaved.set(editor.dirty.get()));
    kept::autosave(editor);
    on_cleanup(move || console.unsaved.set(false));

    let heading = move || {
        t(if editor.id.with(Option::is_some) {
            EditorText::EditArticle
        } else {
            EditorText::NewArticle
        })
    };
    let body = move || match editor.load.get() {
        Load::Blank | Load::Loading => view! {
            <p id="editor-loading" class="status-line" role="status">
                {move || console.t(Text::Loading)}
            </p>
        }
        .into_any(),
        Load::Failed(ApiError::NotFound) => view! {
            <div id="editor-missing" class="notice">
                <p>{move || t(EditorText::ArticleGone)}</p>
                <RouteLink to=Route::Articles(Default::default()) id="back-to-articles">
                    {move || t(EditorText::BackToArticles)}
                </RouteLink>
            </div>
        }
        .into_any(),
        Load::Failed(ApiError::Forbidden) => view! {
            <p id="editor-forbidden" class="notice">{move || console.t(Text::ArticlesForbidden)}</p>
        }
        .into_any(),
        Load::Failed(error) => view! {
            <Failure
                id="editor-load-error"
                what=EditorText::LoadFailed.into()
                error=error
                retry=Callback::new(move |()| {
                    if let Some(target) = target.get_untracked() {
                        ops::load(editor, console, target);
                    }
                })
            />
        }
        .into_any(),
        Load::Ready => view! { <EditorForm editor=editor/> }.into_any(),
    };

    view! {
        {move || editor.id.get().map(|id| view! { <ArticleTabs id=id on_versions=false/> })}
        <h1 tabindex="-1">{heading}</h1>
        <div class="editor" aria-busy=move || if editor.load.get() == Load::Loading { "true" } else { "false" }>
            {body}
        </div>
    }
}

/// The status badge, the version, the live version when it is not the latest, and whether
/// anything is unsaved.
#[component]
fn Meta(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let status = move || editor.status();
    let version = move || editor.article.with(|a| a.as_ref().map(|a| a.version));
    let live = move || {
        editor.article.with(|a| {
            a.as_ref()
                .filter(|a| a.status == ArticleStatus::Published)
                .and_then(|a| a.published_version.filter(|live| *live != a.version))
        })
    };
    view! {
        <p id="article-meta" class="meta">
            {move || {
                status()
                    .map(|status| {
                        view! {
                            <span id="article-status" class=format!("badge badge-{}", status.as_str())>
                                {move || console.t(status_text(status))}
                            </span>
                        }
                    })
            }}
            {move || {
                version()
                    .map(|n| {
                        view! {
                            <span id="article-version">
                                {move || version_label(console.locale.get(), n)}
                            </span>
                        }
                    })
            }}
            {move || {
                live()
                    .map(|n| {
                        view! {
                            <span id="article-live">{move || live_version(console.locale.get(), n)}</span>
                        }
                    })
            }}
            <Show when=move || editor.dirty.get()>
                <span id="unsaved-flag" class="badge badge-unsaved">
                    {move || console.t(EditorText::UnsavedChanges)}
                </span>
            </Show>
        </p>
    }
}

/// The fields, the body and its preview, the actions and the conflict panel.
#[component]
fn EditorForm(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorText| console.t(text);
    let lang = move || editor.content_locale().tag();
    let is_new = move || editor.id.with(Option::is_none);
    let shortcut = move |ev: KeyboardEvent| {
        if let Some(tool) = toolbar::shortcut_tool(&ev) {
            ev.prevent_default();
            toolbar::apply(editor, tool, editor.locale.get_untracked());
        }
    };
    // An image file pasted or dropped is uploaded; anything else is the browser's.
    let paste = move |ev: ClipboardEvent| {
        let files = images::pasted_images(ev.clipboard_data());
        if !files.is_empty() {
            ev.prevent_default();
            images::upload_all(editor, console, files);
        }
    };
    let drag_over = move |ev: DragEvent| {
        if images::drags_files(ev.data_transfer()) {
            ev.prevent_default();
        }
    };
    let drop = move |ev: DragEvent| {
        let data = ev.data_transfer();
        if images::drags_files(data.clone()) {
            // Never let the browser open a dropped file in place of the console.
            ev.prevent_default();
            images::upload_all(editor, console, images::dropped_images(data));
        }
    };
    let locales = move || {
        Locale::ALL
            .into_iter()
            .map(|option| {
                view! {
                    <option value=option.tag() prop:selected=move || editor.locale.get() == option>
                        {move || language_name(console.locale.get(), option.tag())}
                    </option>
                }
            })
            .collect_view()
    };

    view! {
        <Meta editor=editor/>
        {move || editor.id.get().map(|id| view! { <Presence id=id/> })}
        <SeedNotice editor=editor/>
        <ArticleLinks editor=editor/>
        <DraftOffer editor=editor/>
        <div class="editor-fields">
            <div class="field grow">
                <label for="article-title">{move || console.t(Text::Title)}</label>
                <input
                    id="article-title"
                    name="title"
                    type="text"
                    required
                    autocomplete="off"
                    lang=lang
                    prop:value=move || editor.title.get()
                    on:input=move |ev| editor.title.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for="article-slug">{move || t(EditorText::Slug)}</label>
                <input
                    id="article-slug"
                    name="slug"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="article-slug-hint"
                    prop:value=move || editor.slug.get()
                    on:input=move |ev| editor.slug.set(event_target_value(&ev))
                />
                <p id="article-slug-hint" class="hint">{move || t(EditorText::SlugHint)}</p>
            </div>
            <Show when=is_new>
                <div class="field">
                    <label for="article-locale">{move || t(EditorText::ArticleLanguage)}</label>
                    <select
                        id="article-locale"
                        name="locale"
                        on:change=move |ev| {
                            if let Some(locale) = Locale::parse(&event_target_value(&ev)) {
                                editor.locale.set(locale);
                            }
                        }
                    >
                        {locales()}
                    </select>
                </div>
            </Show>
            <div class="field">
                <label for="article-tags">{move || t(EditorText::Tags)}</label>
                <input
                    id="article-tags"
                    name="tags"
                    type="text"
                    autocomplete="off"
                    aria-describedby="article-tags-hint"
                    lang=lang
                    prop:value=move || editor.tags.get()
                    on:input=move |ev| editor.tags.set(event_target_value(&ev))
                />
                <p id="article-tags-hint" class="hint">{move || t(EditorText::TagsHint)}</p>
            </div>
        </div>
        <div class="editor-fields placement">
            <ContextPicker editor=editor/>
            <SitesField editor=editor/>
            <OwnerField editor=editor/>
            <ReviewField editor=editor/>
        </div>
        <div class="editor-panes">
            <div class="pane source">
                <label for=BODY_ID class="pane-title">{move || t(EditorText::Markdown)}</label>
                <Toolbar editor=editor/>
                <ImagePicker editor=editor/>
                <textarea
                    id=BODY_ID
                    name="body"
                    rows="24"
                    lang=lang
                    prop:value=move || editor.body.get()
                    on:input=move |ev| editor.body.set(event_target_value(&ev))
                    on:keydown=shortcut
                    on:paste=paste
                    on:dragover=drag_over
                    on:drop=drop
                ></textarea>
            </div>
            <Preview editor=editor/>
        </div>
        <Actions editor=editor/>
        <ConflictPanel editor=editor/>
        {move || editor.id.get().map(|id| view! { <ScheduleSection id=id/> })}
    }
}
