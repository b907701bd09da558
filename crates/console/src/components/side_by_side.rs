//! An article beside its counterpart (`/console/articles/{id}/translation`): the source on the
//! left, the translation on the right (stacked on a phone), each as readers see it (the
//! server's sanitised HTML of its latest version), and what changed in the source since the
//! translation was last updated: the source's version from then against its latest, line by
//! line.
//!
//! The API has no look-up by translation key, so the article's group is found among every
//! group (`api::editorial::translation_group`).

use ayuda_api::{Article, ArticleVersion};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::RouteLink;
use super::diff_view::DiffView;
use super::load::{failed, loading_line};
use super::overview::AddressLink;
use super::translations::state_badge;
use crate::api::{self, ApiError};
use crate::diff::diff;
use crate::dom;
use crate::editorial::{Pair, SlotState, latest, pair_in, version_at};
use crate::i18n::{
    EditorialText, Locale, language_name, source_versions, status_text, title_change,
    translate_into,
};
use crate::route::Route;
use crate::seed;
use crate::state::Console;

/// What the screen shows once loaded.
#[derive(Clone, Debug, PartialEq)]
enum Loaded {
    /// The article has no translation: the languages it could be translated into.
    Alone {
        article: Box<Article>,
        missing: Vec<String>,
    },
    /// Source and translation, with the source's versions (newest first).
    Both {
        source: Box<Article>,
        translation: Box<Article>,
        state: SlotState,
        /// When the translation's content last changed (its latest version).
        translated_at: String,
        versions: Vec<ArticleVersion>,
    },
}

/// Reads the article, finds its pair, and reads the other article and the source's versions.
async fn load(id: i64) -> Result<Loaded, ApiError> {
    let article = api::article(id).await?;
    let group = api::editorial::translation_group(&article.translation_key).await?;
    let pair = group.as_ref().and_then(|group| pair_in(group, id));
    let Some(Pair {
        source,
        translation: Some(translation),
        state,
        ..
    }) = pair
    else {
        // Alone: the languages missing from its group, or (no group: a help centre of one
        // language so far) the console's other languages.
        let missing = match pair {
            Some(pair) if pair.source.id == id => pair.missing,
            Some(_) => Vec::new(),
            None => Locale::ALL
                .into_iter()
                .map(Locale::tag)
                .filter(|tag| *tag != article.locale)
                .map(str::to_owned)
                .collect(),
        };
        return Ok(Loaded::Alone {
            article: Box::new(article),
            missing,
        });
    };
    let other_id = if source.id == id {
        translation.id
    } else {
        source.id
    };
    let other = api::article(other_id).await?;
    let (source_article, translation_article) = if source.id == id {
        (article, other)
    } else {
        (other, article)
    };
    let versions = api::article_versions(source.id).await?;
    Ok(Loaded::Both {
        source: Box::new(source_article),
        translation: Box::new(translation_article),
        state,
        translated_at: translation.changed_at,
        versions,
    })
}

#[component]
pub fn SideBySideScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let id = Memo::new(move |_| {
        console.route.with(|route| match route {
            Route::SideBySide(id) => Some(*id),
            _ => None,
        })
    });
    let answer = RwSignal::new(None::<Result<Loaded, ApiError>>);
    let reload = move || {
        let Some(id) = id.get_untracked() else {
            return;
        };
        answer.set(None);
        spawn_local(async move {
            let result = console.check(load(id).await);
            let _ = answer.try_set(Some(result));
        });
    };
    Effect::new(move |_| {
        if id.get().is_some() {
            reload();
        }
    });

    let body = move || {
        answer.with(|answer| match answer {
            None => loading_line("side-by-side-loading"),
            Some(Err(error)) => failed(
                *error,
                Some("side-by-side-forbidden"),
                "side-by-side-error",
                EditorialText::PairFailed.into(),
                Callback::new(move |()| reload()),
            ),
            Some(Ok(Loaded::Alone { article, missing })) => {
                view! { <Alone article=(**article).clone() missing=missing.clone()/> }.into_any()
            }
            Some(Ok(Loaded::Both {
                source,
                translation,
                state,
                translated_at,
                versions,
            })) => view! {
                <Both
                    source=(**source).clone()
                    translation=(**translation).clone()
                    state=*state
                    translated_at=translated_at.clone()
                    versions=versions.clone()
                />
            }
            .into_any(),
        })
    };

    view! {
        <h1 tabindex="-1">{move || t(EditorialText::SideBySide)}</h1>
        <div
            id="side-by-side-view"
            aria-busy=move || if answer.with(Option::is_none) { "true" } else { "false" }
        >
            {body}
        </div>
    }
}

/// An article without a translation: links to write one.
#[component]
fn Alone(
    /// The article.
    article: Article,
    /// The languages it could be translated into.
    missing: Vec<String>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let id = article.id;
    let links = missing
        .into_iter()
        .map(|locale| {
            let href = seed::translate_href(id, &locale);
            view! {
                <AddressLink href=href class="button translate-link">
                    {move || {
                        let ui = console.locale.get();
                        translate_into(ui, &language_name(ui, &locale))
                    }}
                </AddressLink>
            }
        })
        .collect_view();
    view! {
        <p id="side-by-side-title" class="lead" lang=article.locale.clone()>
            {article.title.clone()}
        </p>
        <p id="no-translation" class="notice">
            {move || console.t(EditorialText::NoTranslationYet)}
        </p>
        <div class="actions">
            {links}
            <RouteLink to=Route::Article(id) id="edit-source" class="button">
                {move || console.t(EditorialText::EditSource)}
            </RouteLink>
        </div>
    }
}

/// Source and translation side by side, then the source's changes.
#[component]
fn Both(
    /// The source article.
    source: Article,
    /// Its translation.
    translation: Article,
    /// The translation's state.
    state: SlotState,
    /// When the translation last changed.
    translated_at: String,
    /// The source's versions.
    versions: Vec<ArticleVersion>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let note = match state {
        SlotState::Outdated => EditorialText::OutdatedNote,
        _ => EditorialText::CurrentNote,
    };
    let translation_id = translation.id;
    let source_id = source.id;
    view! {
        <p id="pair-state" class="meta">
            {state_badge(state)}
            " "
            <span>{move || t(note)}</span>
        </p>
        <div class="actions">
            <RouteLink to=Route::Article(translation_id) id="edit-translation" class="button primary">
                {move || t(EditorialText::EditTranslation)}
            </RouteLink>
            <RouteLink to=Route::Article(source_id) id="edit-source" class="button">
                {move || t(EditorialText::EditSource)}
            </RouteLink>
        </div>
        <div id="side-by-side" class="side-by-side">
            <Side article=source side="source" heading=EditorialText::Source/>
            <Side article=translation side="translation" heading=EditorialText::Translation/>
        </div>
        <SourceChanges source_id=source_id translated_at=translated_at versions=versions/>
    }
}

/// One side: its language, status and last change, title and body.
#[component]
fn Side(
    /// The article shown.
    article: Article,
    /// `source` or `translation`: the ids' stem.
    side: &'static str,
    /// "Source" / "Translation".
    heading: EditorialText,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let Article {
        locale,
        title,
        html,
        status,
        updated_at,
        ..
    } = article;
    let heading_id = format!("{side}-heading");
    let labelledby = heading_id.clone();
    let language = locale.clone();
    let updated = updated_at.clone();
    view! {
        <section id=format!("{side}-side") class="side" aria-labelledby=labelledby>
            <h2 id=heading_id class="pane-title">
                {move || console.t(heading)}
                " — "
                {move || language_name(console.locale.get(), &language)}
            </h2>
            <p class="meta">
                <span class=format!("badge badge-{}", status.as_str())>
                    {move || console.t(status_text(status))}
                </span>
                <time datetime=updated_at>
                    {move || dom::format_time(&updated, console.locale.get(), true)}
                </time>
            </p>
            <div lang=locale>
                <h3 id=format!("{side}-title") class="side-title">{title}</h3>
                // Sanitised by the server (the readers' renderer); the page's CSP forbids
                // inline scripts and styles besides.
                <div id=format!("{side}-body") class="article-body" inner_html=html></div>
            </div>
        </section>
    }
}

/// The source's version from when the translation was last updated against its latest.
#[component]
fn SourceChanges(
    /// The source article.
    source_id: i64,
    /// When the translation last changed.
    translated_at: String,
    /// The source's versions.
    versions: Vec<ArticleVersion>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let base = version_at(&versions, &translated_at).cloned();
    let newest = latest(&versions).cloned();
    let content = match (base, newest) {
        (Some(base), Some(newest)) => {
            let (from, to) = (base.number, newest.number);
            let compared = diff(&base.body, &newest.body);
            let title_changed = (base.title != newest.title).then_some((base.title, newest.title));
            let label = Signal::derive(move || {
                format!(
                    "{}: {}",
                    t(EditorialText::SourceChanges),
                    source_versions(console.locale.get(), from, to)
                )
            });
            view! {
                <p id="source-changes-versions">
                    {move || source_versions(console.locale.get(), from, to)}
                </p>
                <p id="source-title-change">
                    {title_changed
                        .map(|(old, new)| move || title_change(console.locale.get(), &old, &new))}
                </p>
                <DiffView id="source-diff" label=label diff=Signal::derive(move || compared.clone())/>
            }
            .into_any()
        }
        _ => view! {
            <p id="no-base-version" class="notice">
                {move || t(EditorialText::NoBaseVersion)} " "
                <RouteLink to=Route::Versions(source_id)>
                    {move || console.t(crate::i18n::EditorText::Versions)}
                </RouteLink>
            </p>
        }
        .into_any(),
    };
    view! {
        <section id="source-changes" class="block" aria-labelledby="source-changes-heading">
            <h2 id="source-changes-heading">{move || t(EditorialText::SourceChanges)}</h2>
            <p class="hint">{move || t(EditorialText::SourceChangesIntro)}</p>
            {content}
        </section>
    }
}
