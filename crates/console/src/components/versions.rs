//! An article's versions (`/console/articles/{id}/versions`): the list, newest first; two
//! versions compared line by line (the previous and the latest to begin with); and "Restore
//! this version" behind a confirmation, after which the editor shows the new version.

use ayuda_api::{Article, ArticleVersion};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::{ArticleTabs, Failure, failure_text};
use super::diff_view::DiffView;
use super::load::loading_line;
use crate::api::{self, ApiError, Refusal};
use crate::diff::{Diff, diff};
use crate::dom;
use crate::i18n::{EditorText, Text, confirm_restore, title_change, version_label, version_option};
use crate::route::Route;
use crate::state::{Console, Flash};

/// The article (for its live version) and its versions.
type Loaded = (Article, Vec<ArticleVersion>);

#[component]
pub fn VersionsScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorText| console.t(text);
    let id = Memo::new(move |_| {
        console.route.with(|route| match route {
            Route::Versions(id) => Some(*id),
            _ => None,
        })
    });
    let answer = RwSignal::new(None::<Result<Loaded, ApiError>>);
    let from = RwSignal::new(None::<i64>);
    let to = RwSignal::new(None::<i64>);
    let load = move || {
        let Some(id) = id.get_untracked() else {
            return;
        };
        answer.set(None);
        spawn_local(async move {
            let result = match api::article(id).await {
                Ok(article) => api::article_versions(id)
                    .await
                    .map(|versions| (article, versions)),
                Err(error) => Err(error),
            };
            let result = console.check(result);
            if let Ok((_, versions)) = &result {
                let latest = versions.first().map(|v| v.number);
                let previous = versions.get(1).map(|v| v.number).or(latest);
                let _ = to.try_set(latest);
                let _ = from.try_set(previous);
            }
            let _ = answer.try_set(Some(result));
        });
    };
    Effect::new(move |_| {
        if id.get().is_some() {
            load();
        }
    });

    let body = move || {
        answer.with(|answer| match answer {
            None => loading_line("versions-loading"),
            Some(Err(ApiError::Forbidden)) => view! {
                <p id="versions-forbidden" class="notice">{move || console.t(Text::ArticlesForbidden)}</p>
            }
            .into_any(),
            Some(Err(error)) => view! {
                <Failure
                    id="versions-error"
                    what=EditorText::VersionsFailed.into()
                    error=*error
                    retry=Callback::new(move |()| load())
                />
            }
            .into_any(),
            Some(Ok((_, versions))) if versions.is_empty() => {
                view! { <p class="empty">{move || t(EditorText::NoVersions)}</p> }.into_any()
            }
            Some(Ok((article, versions))) => view! {
                <p id="versions-article-title" class="lead">{article.title.clone()}</p>
                <VersionTable article=article.clone() versions=versions.clone()/>
                <Compare versions=versions.clone() from=from to=to/>
            }
            .into_any(),
        })
    };

    view! {
        {move || id.get().map(|id| view! { <ArticleTabs id=id on_versions=true/> })}
        <h1 tabindex="-1">{move || t(EditorText::Versions)}</h1>
        <div
            id="versions"
            aria-busy=move || if answer.with(Option::is_none) { "true" } else { "false" }
        >
            {body}
        </div>
    }
}

/// The versions, newest first, each but the latest with "Restore this version".
#[component]
fn VersionTable(
    /// The article.
    article: Article,
    /// Its versions, newest first.
    versions: Vec<ArticleVersion>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorText| console.t(text);
    let id = article.id;
    let latest = article.version;
    let live = article.published_version;
    // The version whose restoring waits for a confirmation.
    let asking = RwSignal::new(None::<i64>);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<Refusal>);

    let rows = versions
        .into_iter()
        .map(|version| {
            let n = version.number;
            let time = version.created_at.clone();
            let author = version.author.clone();
            let restore = move |_| {
                error.set(None);
                asking.set(Some(n));
                leptos::prelude::request_animation_frame(|| {
                    dom::focus_id("restore-confirm-text");
                });
            };
            view! {
                <tr data-version=n>
                    <th scope="row" id=format!("version-{n}")>
                        {move || version_label(console.locale.get(), n)}
                        {(n == latest)
                            .then(|| {
                                view! {
                                    " "
                                    <span class="badge badge-current">{move || t(EditorText::CurrentVersion)}</span>
                                }
                            })}
                        {(Some(n) == live)
                            .then(|| {
                                view! {
                                    " "
                                    <span class="badge badge-published">{move || t(EditorText::LiveVersion)}</span>
                                }
                            })}
                    </th>
                    <td>{version.title}</td>
                    <td>{move || author.clone().unwrap_or_else(|| t(EditorText::UnknownAuthor).to_owned())}</td>
                    <td>
                        <time datetime=version.created_at>
                            {move || dom::format_time(&time, console.locale.get(), true)}
                        </time>
                    </td>
                    <td>
                        {(n != latest)
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        id=format!("restore-version-{n}")
                                        class="button restore-version"
                                        data-version=n
                                        aria-describedby=format!("version-{n}")
                                        on:click=restore
                                    >
                                        {move || t(EditorText::RestoreThis)}
                                    </button>
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();

    let question = move || {
        asking
            .get()
            .map(|n| confirm_restore(console.locale.get(), n, latest + 1))
    };
    let cancel = move |_| {
        let n = asking.get_untracked();
        asking.set(None);
        if let Some(n) = n {
            leptos::prelude::request_animation_frame(move || {
                dom::focus_id(&format!("restore-version-{n}"));
            });
        }
    };
    let confirm = move |_| {
        let (Some(n), Some(session)) = (asking.get_untracked(), console.session()) else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = console.check(api::restore_version(&session.csrf_token, id, n).await);
            if pending.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(article) => {
                    console.flash.set(Some(Flash::Restored {
                        from: n,
                        to: article.version,
                    }));
                    console.navigate(Route::Article(id));
                }
                Err(refusal) => error.set(Some(refusal)),
            }
        });
    };
    let error_text = move || {
        error.with(|error| {
            error.as_ref().map(|refusal| {
                format!(
                    "{} {}",
                    t(EditorText::RestoreFailed),
                    console.t(failure_text(refusal.error))
                )
            })
        })
    };

    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="versions-caption">
            <table class="versions">
                <caption id="versions-caption">{move || t(EditorText::VersionsCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t(EditorText::VersionNumber)}</th>
                        <th scope="col">{move || console.t(Text::Title)}</th>
                        <th scope="col">{move || t(EditorText::Author)}</th>
                        <th scope="col">{move || t(EditorText::SavedAt)}</th>
                        <th scope="col">{move || t(EditorText::Actions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <div
            id="restore-confirm"
            class="confirm"
            role="group"
            aria-labelledby="restore-confirm-text"
            hidden=move || asking.get().is_none()
        >
            <p id="restore-confirm-text" tabindex="-1">{question}</p>
            <div class="actions">
                <button
                    type="button"
                    id="confirm-restore"
                    class="button primary"
                    aria-disabled=move || pending.get().then_some("true")
                    on:click=confirm
                >
                    {move || t(if pending.get() { EditorText::Restoring } else { EditorText::ConfirmRestoreYes })}
                </button>
                <button type="button" id="cancel-restore" class="button" on:click=cancel>
                    {move || console.t(Text::Cancel)}
                </button>
            </div>
        </div>
        <p id="restore-error" class="error" role="alert">{error_text}</p>
    }
}

/// Two selects and the line diff between the versions they name.
#[component]
fn Compare(
    /// The versions, newest first.
    versions: Vec<ArticleVersion>,
    /// The older side's number.
    from: RwSignal<Option<i64>>,
    /// The newer side's number.
    to: RwSignal<Option<i64>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorText| console.t(text);
    let versions = StoredValue::new(versions);
    let find = move |number: Option<i64>| {
        versions.with_value(|all| all.iter().find(|v| Some(v.number) == number).cloned())
    };
    let compared = Signal::derive(move || match (find(from.get()), find(to.get())) {
        (Some(old), Some(new)) => diff(&old.body, &new.body),
        _ => Diff::default(),
    });
    let title_changed = move || match (find(from.get()), find(to.get())) {
        (Some(old), Some(new)) if old.title != new.title => {
            Some(title_change(console.locale.get(), &old.title, &new.title))
        }
        _ => None,
    };
    let label = Signal::derive(move || {
        let locale = console.locale.get();
        let name = |n: Option<i64>| n.map(|n| version_label(locale, n)).unwrap_or_default();
        format!(
            "{}: {} → {}",
            t(EditorText::Differences),
            name(from.get()),
            name(to.get())
        )
    });
    let options = move |side: RwSignal<Option<i64>>| {
        versions.with_value(|all| {
            all.iter()
                .map(|version| {
                    let n = version.number;
                    let time = version.created_at.clone();
                    view! {
                        <option value=n prop:selected=move || side.get() == Some(n)>
                            {move || {
                                let locale = console.locale.get();
                                version_option(locale, n, &dom::format_time(&time, locale, true))
                            }}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let pick = move |side: RwSignal<Option<i64>>| {
        move |ev| side.set(event_target_value(&ev).parse::<i64>().ok())
    };

    view! {
        <section class="block" aria-labelledby="compare-heading">
            <h2 id="compare-heading">{move || t(EditorText::Compare)}</h2>
            <div class="filters">
                <div class="field">
                    <label for="diff-from">{move || t(EditorText::DiffFrom)}</label>
                    <select id="diff-from" name="from" on:change=pick(from)>
                        {options(from)}
                    </select>
                </div>
                <div class="field">
                    <label for="diff-to">{move || t(EditorText::DiffTo)}</label>
                    <select id="diff-to" name="to" on:change=pick(to)>
                        {options(to)}
                    </select>
                </div>
            </div>
            <p id="title-change">{title_changed}</p>
            <DiffView id="version-diff" label=label diff=compared/>
        </section>
    }
}
