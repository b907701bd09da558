//! The inbox's side list: the built-in views (Mine, Unassigned, Due soon, Breached, All), by
//! level and by group, each with its count, the agent's saved views (with delete), and "Save
//! this view" for the filter in the address.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::api::desk::{self, Counts, NewView, SavedView};
use crate::components::common::{RouteLink, failure_text};
use crate::desk_query::{BUILT_IN_VIEWS, InboxFilter};
use crate::dom;
use crate::i18n::{DeskText, delete_view_label, tickets_count};
use crate::route::Route;
use crate::state::Console;

fn view_text(view: &str) -> DeskText {
    match view {
        "mine" => DeskText::ViewMine,
        "unassigned" => DeskText::ViewUnassigned,
        "due_soon" => DeskText::ViewDueSoon,
        "breached" => DeskText::ViewBreached,
        _ => DeskText::ViewAll,
    }
}

/// One entry: a link to `target`, current when the address shows it, with its count.
#[component]
fn Entry(
    /// The link's id.
    id: String,
    /// Where it leads.
    target: InboxFilter,
    /// The filter in the address.
    filter: Memo<Option<InboxFilter>>,
    /// Its label.
    #[prop(into)]
    label: Signal<String>,
    /// Its count, when known.
    #[prop(into)]
    count: Signal<Option<i64>>,
    /// More in the entry (a saved view's delete button).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let wanted = target.clone();
    let current = Signal::derive(move || {
        filter.with(|f| {
            f.as_ref().is_some_and(|f| {
                let f = f.first_page();
                // The inbox with nothing chosen is "All (unsolved)".
                f == wanted || (wanted.view == "all" && f == InboxFilter::default())
            })
        })
    });
    view! {
        <li class="view-entry">
            <RouteLink to=Route::Inbox(target) id=id class="view-link" current=current>
                <span class="view-name">{move || label.get()}</span>
                {move || {
                    count
                        .get()
                        .map(|n| {
                            view! {
                                <span class="view-count" aria-hidden="true">{n}</span>
                                <span class="visually-hidden">
                                    {format!(": {}", tickets_count(console.locale.get(), n))}
                                </span>
                            }
                        })
                }}
            </RouteLink>
            {children.map(|children| children())}
        </li>
    }
}

#[component]
pub fn ViewsPanel(
    /// The filter in the address.
    filter: Memo<Option<InboxFilter>>,
    /// The built-in and saved views' counts.
    counts: RwSignal<Option<Counts>>,
    /// Unsolved tickets per level.
    by_level: RwSignal<Vec<(String, i64)>>,
    /// Unsolved tickets per group.
    by_group: RwSignal<Vec<(String, i64)>>,
    /// The agent's saved views.
    saved: RwSignal<Option<Result<Vec<SavedView>, ApiError>>>,
    /// Asks for the saved views again.
    reload: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let built_in = BUILT_IN_VIEWS
        .into_iter()
        .map(|view| {
            let count =
                Signal::derive(move || counts.with(|c| c.as_ref().and_then(|c| c.of(view))));
            view! {
                <Entry
                    id=format!("view-{}", view.replace('_', "-"))
                    target=InboxFilter::view(view)
                    filter=filter
                    label=Signal::derive(move || t(view_text(view)).to_owned())
                    count=count
                />
            }
        })
        .collect_view();
    let levels = move || {
        by_level
            .get()
            .into_iter()
            .map(|(level, n)| {
                let label = level.to_uppercase();
                view! {
                    <Entry
                        id=format!("view-level-{level}")
                        target=InboxFilter::level(&level)
                        filter=filter
                        label=label
                        count=Some(n)
                    />
                }
            })
            .collect_view()
    };
    let groups = move || {
        by_group
            .get()
            .into_iter()
            .map(|(group, n)| {
                view! {
                    <Entry
                        id=format!("view-group-{group}")
                        target=InboxFilter::group(&group)
                        filter=filter
                        label=group.clone()
                        count=Some(n)
                    />
                }
            })
            .collect_view()
    };
    let notice = RwSignal::new(None::<DeskText>);
    let error = RwSignal::new(None::<String>);
    let remove = move |id: i64| {
        let Some(session) = console.session() else {
            return;
        };
        spawn_local(async move {
            match console.check(desk::delete_view(&session.csrf_token, id).await) {
                Ok(()) => {
                    notice.set(Some(DeskText::ViewDeleted));
                    dom::focus_id("save-view");
                    reload.run(());
                }
                Err(refusal) => {
                    error.set(Some(refusal.message.unwrap_or_else(|| {
                        console.t(failure_text(refusal.error)).to_owned()
                    })))
                }
            }
        });
    };
    let mine = move || match saved.get() {
        None => ().into_any(),
        Some(Err(_)) => view! {
            <p id="views-error-load" class="error">{move || t(DeskText::ViewsFailed)}</p>
        }
        .into_any(),
        Some(Ok(views)) if views.is_empty() => view! {
            <p id="views-empty" class="hint">{move || t(DeskText::NoSavedViews)}</p>
        }
        .into_any(),
        Some(Ok(views)) => {
            let entries = views
                .into_iter()
                .map(|view| {
                    let id = view.id;
                    let count = Signal::derive(move || {
                        counts.with(|c| c.as_ref().and_then(|c| c.of(&format!("saved:{id}"))))
                    });
                    let name = view.name.clone();
                    view! {
                        <Entry
                            id=format!("view-saved-{id}")
                            target=InboxFilter::saved(id, &view.query)
                            filter=filter
                            label=view.name.clone()
                            count=count
                        >
                            <button
                                type="button"
                                id=format!("delete-view-{id}")
                                class="icon-button delete-view"
                                aria-label=move || delete_view_label(console.locale.get(), &name)
                                on:click=move |_| remove(id)
                            >
                                <span aria-hidden="true">"×"</span>
                            </button>
                        </Entry>
                    }
                })
                .collect_view();
            view! {
                <ul class="view-list" aria-labelledby="views-saved-heading">{entries}</ul>
            }
            .into_any()
        }
    };
    view! {
        <nav id="inbox-views" class="inbox-views" aria-labelledby="inbox-views-heading">
            <h2 id="inbox-views-heading">{move || t(DeskText::Views)}</h2>
            <ul class="view-list">{built_in}</ul>
            <h3 id="views-level-heading">{move || t(DeskText::ByLevel)}</h3>
            <ul class="view-list" aria-labelledby="views-level-heading">{levels}</ul>
            <h3 id="views-group-heading" hidden=move || by_group.with(Vec::is_empty)>
                {move || t(DeskText::ByGroup)}
            </h3>
            <ul class="view-list" aria-labelledby="views-group-heading" hidden=move || by_group.with(Vec::is_empty)>
                {groups}
            </ul>
            <h3 id="views-saved-heading">{move || t(DeskText::SavedViews)}</h3>
            {mine}
            <SaveView filter=filter notice=notice error=error reload=reload/>
        </nav>
    }
}

/// "Save this view": a name for the filter in the address.
#[component]
fn SaveView(
    filter: Memo<Option<InboxFilter>>,
    notice: RwSignal<Option<DeskText>>,
    error: RwSignal<Option<String>>,
    reload: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let close = move || {
        open.set(false);
        dom::focus_id("save-view");
    };
    let save = move || {
        let Some(session) = console.session() else {
            return;
        };
        let typed = name.get_untracked().trim().to_owned();
        if typed.is_empty() {
            error.set(Some(t(DeskText::ViewNameMissing).to_owned()));
            dom::focus_id("save-view-name");
            return;
        }
        let query = filter.get_untracked().unwrap_or_default().view_query();
        busy.set(true);
        spawn_local(async move {
            let view = NewView {
                name: &typed,
                query: &query,
            };
            let result = console.check(desk::save_view(&session.csrf_token, &view).await);
            let _ = busy.try_set(false);
            match result {
                Ok(view) => {
                    name.set(String::new());
                    error.set(None);
                    notice.set(Some(DeskText::ViewSaved));
                    open.set(false);
                    reload.run(());
                    // The new view, current once the address is its own.
                    console.navigate(Route::Inbox(InboxFilter::saved(view.id, &view.query)));
                }
                Err(refusal) => {
                    error.set(Some(refusal.message.unwrap_or_else(|| {
                        console.t(failure_text(refusal.error)).to_owned()
                    })))
                }
            }
        });
    };
    view! {
        <div class="save-view">
            <button
                type="button"
                id="save-view"
                class="button"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="save-view-form"
                on:click=move |_| {
                    notice.set(None);
                    error.set(None);
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        request_animation_frame(|| {
                            dom::focus_id("save-view-name");
                        });
                    }
                }
            >
                {move || t(DeskText::SaveView)}
            </button>
            <form
                id="save-view-form"
                class="stack"
                hidden=move || !open.get()
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        ev.prevent_default();
                        close();
                    }
                }
            >
                <div class="field">
                    <label for="save-view-name">{move || t(DeskText::ViewName)}</label>
                    <input
                        type="text"
                        id="save-view-name"
                        maxlength="80"
                        autocomplete="off"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </div>
                <div class="actions">
                    <button
                        type="submit"
                        id="save-view-confirm"
                        class="button primary"
                        aria-disabled=move || busy.get().then_some("true")
                    >
                        {move || t(DeskText::SaveViewConfirm)}
                    </button>
                    <button type="button" id="save-view-cancel" class="button" on:click=move |_| close()>
                        {move || console.t(crate::i18n::Text::Cancel)}
                    </button>
                </div>
            </form>
            <p id="views-status" class="status-line" role="status">
                {move || notice.get().map(t)}
            </p>
            <p id="views-error" class="error" role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}
