//! Where the article leads: the source a new translation was started from ("Translation of
//! …"), the published article in the help centre (a new tab), and the side-by-side view of it
//! and its translations when it has any.
//!
//! The API has no look-up of one translation group: the group is found among every group
//! (`api::editorial::translation_group`, a batch of 500 at a time, usually one request).

use ayuda_api::ArticleStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::form::Editor;
use crate::api;
use crate::components::common::RouteLink;
use crate::draft::{self, DEFAULT_SITE};
use crate::i18n::{PublishingText, language_name};
use crate::route::Route;
use crate::state::Console;

/// "Translation of <source> (English)", for a new translation.
#[component]
pub fn SeedNotice(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    move || {
        editor.seed_source.get().map(|source| {
            let language = source.locale.clone();
            view! {
                <p id="seed-source" class="notice">
                    {move || console.t(PublishingText::TranslationOf)}
                    " "
                    <RouteLink to=Route::Article(source.id) id="seed-source-link">
                        <span lang=source.locale.clone()>{source.title.clone()}</span>
                    </RouteLink>
                    " ("
                    {move || language_name(console.locale.get(), &language)}
                    ")"
                </p>
            }
        })
    }
}

/// "View in the help centre" (published articles) and "Side by side" (articles with a
/// translation).
#[component]
pub fn ArticleLinks(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: PublishingText| console.t(text);
    // The translation key whose group was asked for, and whether it has other articles.
    let translated = RwSignal::new(None::<(String, bool)>);
    Effect::new(move |_| {
        let Some(key) = editor
            .article
            .with(|a| a.as_ref().map(|a| a.translation_key.clone()))
        else {
            return;
        };
        if translated.with_untracked(|t| t.as_ref().map(|(k, _)| k) == Some(&key)) {
            return;
        }
        translated.set(Some((key.clone(), false)));
        spawn_local(async move {
            let group = console.check(api::editorial::translation_group(&key).await);
            let has_others = matches!(
                group,
                Ok(Some(group)) if group.translations.iter().any(|slot| slot.article.is_some())
            );
            let _ = translated.try_update(|t| {
                if let Some((asked, others)) = t
                    && *asked == key
                {
                    *others = has_others;
                }
            });
        });
    });
    let help_centre = move || {
        let (site, locale, slug) = editor.article.with(|a| {
            let a = a
                .as_ref()
                .filter(|a| a.status == ArticleStatus::Published)?;
            a.published_version?;
            let site = a.sites.first().cloned();
            Some((site, a.locale.clone(), a.slug.clone()))
        })?;
        let site = site
            .or_else(|| {
                editor.site_list.with(|list| match list {
                    Some(Ok(sites)) => sites.first().map(|s| s.key.clone()),
                    _ => None,
                })
            })
            .unwrap_or_else(|| DEFAULT_SITE.to_owned());
        Some(view! {
            <a
                id="help-centre-link"
                href=draft::help_centre_path(&site, &locale, &slug)
                target="_blank"
                rel="noopener"
            >
                {move || t(PublishingText::ViewInHelpCentre)}
                <span class="visually-hidden">" " {move || t(PublishingText::NewTab)}</span>
            </a>
        })
    };
    let side_by_side = move || {
        let id = editor.id.get()?;
        translated
            .with(|t| t.as_ref().is_some_and(|(_, others)| *others))
            .then(|| {
                view! {
                    <RouteLink to=Route::SideBySide(id) id="side-by-side-link">
                        {move || t(PublishingText::SideBySideLink)}
                    </RouteLink>
                }
            })
    };
    view! {
        <p id="article-links" class="links">
            {help_centre}
            {side_by_side}
        </p>
    }
}
