//! The translations to do (`/console/translations?q=&locale=&state=&page=`): every language an
//! article is missing in or whose translation is older than the source's last change, 20
//! translation groups a page; a search keeps the groups with that text in a member's title. A missing one links to the editor seeded from the source, an
//! out-of-date one to the side-by-side view.

use ayuda_api::TranslationList;
use leptos::prelude::*;

use super::common::{LanguageFilter, RouteLink, SearchFilter};
use super::load::{Latest, Results, failed};
use super::overview::AddressLink;
use super::pages::{PageCounts, Pager};
use crate::api::{self, ApiError};
use crate::editorial::{SlotState, TranslationFilter, TranslationTask, Wanted, tasks};
use crate::i18n::{EditorialText, Text, language_name, status_text, translate_into};
use crate::paging;
use crate::route::Route;
use crate::seed;
use crate::state::Console;

#[component]
pub fn TranslationsScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let filter = Memo::new(move |_| {
        console.route.with(|route| match route {
            Route::Translations(filter) => Some(filter.clone()),
            _ => None,
        })
    });
    let loading = RwSignal::new(true);
    let answer = RwSignal::new(None::<Result<TranslationList, ApiError>>);
    let answered_page = RwSignal::new(1u32);
    let retries = RwSignal::new(0u32);
    let latest = Latest::new();

    Effect::new(move |_| {
        retries.track();
        let Some(filter) = filter.get() else {
            return;
        };
        let page = filter.page;
        latest.load(
            console,
            loading,
            async move { api::editorial::translations(&filter).await },
            move |result| {
                answered_page.set(page);
                answer.set(Some(result));
            },
        );
    });

    let results = move || {
        answer.with(|answer| match answer {
            None => ().into_any(),
            Some(Err(error)) => failed(
                *error,
                Some("translations-forbidden"),
                "translations-error",
                EditorialText::TranslationsFailed.into(),
                Callback::new(move |()| retries.update(|n| *n += 1)),
            ),
            Some(Ok(list)) => {
                let rows = tasks(&list.groups);
                if rows.is_empty() {
                    let searched = filter
                        .with_untracked(|f| f.as_ref().is_some_and(|f| !f.q.trim().is_empty()));
                    let text = if searched {
                        EditorialText::NoTranslationsMatch
                    } else {
                        EditorialText::NoTranslationsToDo
                    };
                    view! {
                        <p id="translations-empty" class="empty">
                            {move || t(text)}
                        </p>
                    }
                    .into_any()
                } else {
                    view! { <TranslationTable rows=rows/> }.into_any()
                }
            }
        })
    };
    let page = Signal::derive(move || filter.get().map_or(1, |f| f.page));
    let counts = Signal::derive(move || {
        answer.with(|answer| match answer {
            Some(Ok(list)) if !list.groups.is_empty() => Some(PageCounts {
                total: paging::total(list.total),
                rows: list.groups.len(),
                page: answered_page.get(),
            }),
            _ => None,
        })
    });
    let go = Callback::new(move |to: u32| {
        if let Some(filter) = filter.get_untracked() {
            console.navigate(Route::Translations(filter.with_page(to)));
        }
    });

    view! {
        <h1 tabindex="-1">{move || t(EditorialText::Translations)}</h1>
        <Filters filter=filter/>
        <Results stem="translations" loading=loading>
            {results}
            <Show when=move || counts.get().is_some()>
                <Pager prefix="translations" page=page counts=counts go=go/>
            </Show>
        </Results>
    }
}

/// The search box, the language and state selects. Each change is a new address from the
/// first page: typing replaces it, a pick pushes one.
#[component]
fn Filters(
    /// The filter in the address (`None` while the screen is leaving).
    filter: Memo<Option<TranslationFilter>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let current = move || filter.get_untracked().unwrap_or_default();
    let locale = move || filter.get().and_then(|f| f.locale);
    let wanted = move || filter.get().map(|f| f.wanted).unwrap_or_default();
    let wanted_text = |wanted: Wanted| match wanted {
        Wanted::Todo => EditorialText::WantedTodo,
        Wanted::Missing => EditorialText::WantedMissing,
        Wanted::Outdated => EditorialText::WantedOutdated,
    };
    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            <SearchFilter
                id="translations-search"
                label=EditorialText::SearchTranslations
                address=Signal::derive(move || filter.get().map(|f| f.q))
                on_type=Callback::new(move |typed: String| {
                    console.replace(Route::Translations(current().with_q(&typed)));
                })
            />
            <LanguageFilter
                id="translation-locale"
                chosen=Signal::derive(locale)
                on_pick=Callback::new(move |locale| {
                    console.navigate(Route::Translations(current().with_locale(locale)));
                })
            />
            <div class="field">
                <label for="translation-state">{move || t(EditorialText::Show)}</label>
                <select
                    id="translation-state"
                    name="state"
                    on:change=move |ev| {
                        let wanted = Wanted::parse(&event_target_value(&ev)).unwrap_or_default();
                        console.navigate(Route::Translations(current().with_wanted(wanted)));
                    }
                >
                    {Wanted::ALL
                        .into_iter()
                        .map(|option| {
                            view! {
                                <option
                                    value=option.as_str()
                                    prop:selected=move || wanted() == option
                                >
                                    {move || t(wanted_text(option))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        </form>
    }
}

/// One page of translations to do.
#[component]
fn TranslationTable(
    /// The rows, group by group.
    rows: Vec<TranslationTask>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let rows = rows.into_iter().map(task_row).collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="translations-caption">
            <table id="translations-table" class="translations">
                <caption id="translations-caption">
                    {move || t(EditorialText::TranslationsCaption)}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t(EditorialText::SourceArticle)}</th>
                        <th scope="col">{move || console.t(Text::Language)}</th>
                        <th scope="col">{move || t(EditorialText::TranslationState)}</th>
                        <th scope="col">{move || t(EditorialText::Translation)}</th>
                        <th scope="col">{move || console.t(crate::i18n::EditorText::Actions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The badge of a slot's state: its word, never its colour alone.
pub(super) fn state_badge(state: SlotState) -> impl IntoView {
    let console = expect_context::<Console>();
    let text = match state {
        SlotState::Missing => EditorialText::Missing,
        SlotState::Outdated => EditorialText::Outdated,
        SlotState::Current => EditorialText::UpToDate,
    };
    view! {
        <span class=format!("badge badge-{}", state.as_str())>{move || console.t(text)}</span>
    }
}

fn task_row(task: TranslationTask) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: EditorialText| console.t(text);
    let TranslationTask {
        source,
        locale,
        state,
        translation,
    } = task;
    let cell_id = format!("translation-source-{}-{locale}", source.id);
    let source_locale = source.locale.clone();
    let source_lang = source.locale.clone();
    let row_locale = locale.clone();
    let translation_id = translation.as_ref().map(|t| t.id);
    let target = locale.clone();
    let target_name = move || language_name(console.locale.get(), &target);
    let translation_cell = match translation.clone() {
        Some(translation) => {
            let status = translation.status;
            view! {
                <RouteLink to=Route::Article(translation.id)>{translation.title}</RouteLink>
                " "
                <span class=format!("badge badge-{}", status.as_str())>
                    {move || console.t(status_text(status))}
                </span>
            }
            .into_any()
        }
        None => view! { <span class="muted">{move || t(EditorialText::NotWrittenYet)}</span> }
            .into_any(),
    };
    let action = match (&translation, state) {
        (Some(translation), SlotState::Outdated | SlotState::Current) => view! {
            <RouteLink to=Route::SideBySide(translation.id) class="button compare-link">
                {move || t(EditorialText::Compare)}
            </RouteLink>
        }
        .into_any(),
        _ => {
            let language = locale.clone();
            view! {
                <AddressLink
                    href=seed::translate_href(source.id, &locale)
                    class="button translate-link"
                    describedby=cell_id.clone()
                >
                    <span aria-hidden="true">{move || t(EditorialText::Translate)}</span>
                    <span class="visually-hidden">
                        {move || {
                            let ui = console.locale.get();
                            translate_into(ui, &language_name(ui, &language))
                        }}
                    </span>
                </AddressLink>
            }
            .into_any()
        }
    };
    view! {
        <tr
            data-article-id=source.id
            data-locale=row_locale
            data-translation-id=translation_id
        >
            <th scope="row" id=cell_id>
                <RouteLink to=Route::Article(source.id)>
                    <span lang=source_lang>{source.title.clone()}</span>
                </RouteLink>
                " "
                <span class="muted">
                    "(" {move || language_name(console.locale.get(), &source_locale)} ")"
                </span>
            </th>
            <td>{target_name}</td>
            <td>{state_badge(state)}</td>
            <td>{translation_cell}</td>
            <td>{action}</td>
        </tr>
    }
}
