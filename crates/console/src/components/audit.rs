//! The audit log (admins): what the staff did, newest first, 20 a page, filtered by action
//! family, actor and period. The filters live in the address (`Route::Audit`), so reload and
//! Back keep them; this screen reads them, asks the server, and shows the newest answer.

use ayuda_api::{AuditPage, AuditRecord, Role};
use leptos::prelude::*;

use super::load::{Latest, Results, failed};
use super::pages::{PageCounts, Pager};
use crate::api::{self, ApiError};
use crate::audit_query::{self, ActionFamily, AuditFilter};
use crate::dom;
use crate::i18n::AdminText;
use crate::paging;
use crate::route::Route;
use crate::state::Console;

/// A family's readable name.
fn family_text(family: Option<ActionFamily>) -> AdminText {
    match family {
        Some(ActionFamily::Auth) => AdminText::FamilyAuth,
        Some(ActionFamily::User) => AdminText::FamilyUser,
        Some(ActionFamily::Token) => AdminText::FamilyToken,
        Some(ActionFamily::Article) => AdminText::FamilyArticle,
        Some(ActionFamily::Security) => AdminText::FamilySecurity,
        None => AdminText::FamilyOther,
    }
}

/// The filter in the address, while the audit log is shown.
fn current_filter(console: Console) -> Option<AuditFilter> {
    console.route.with_untracked(|route| match route {
        Route::Audit(filter) => Some(filter.clone()),
        _ => None,
    })
}

#[component]
pub fn AuditScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let a = move |text: AdminText| console.t(text);
    let admin = Memo::new(move |_| console.role() == Some(Role::Admin));
    let filter = Memo::new(move |_| {
        console.route.with(|route| match route {
            Route::Audit(filter) => Some(filter.clone()),
            _ => None,
        })
    });
    let loading = RwSignal::new(false);
    let answer = RwSignal::new(None::<Result<AuditPage, ApiError>>);
    let answered_page = RwSignal::new(1u32);
    let retries = RwSignal::new(0u32);
    let latest = Latest::new();

    Effect::new(move |_| {
        retries.track();
        if !admin.get() {
            return;
        }
        let Some(filter) = filter.get() else {
            return;
        };
        // The period's days become instants in the browser's time zone.
        let since = filter
            .since
            .as_deref()
            .and_then(|day| dom::local_to_utc(&audit_query::since_local(day)));
        let until = filter
            .until
            .as_deref()
            .and_then(|day| dom::local_to_utc(&audit_query::until_local(day)));
        let url = filter.api_url(since.as_deref(), until.as_deref());
        let page = filter.page;
        latest.load(
            console,
            loading,
            async move { api::admin::audit(&url).await },
            move |result| {
                answered_page.set(page);
                answer.set(Some(result));
            },
        );
    });

    let forbidden = move || {
        !admin.get() || answer.with(|answer| matches!(answer, Some(Err(ApiError::Forbidden))))
    };
    let results = move || {
        answer.with(|answer| match answer {
            None => ().into_any(),
            Some(Err(error)) => failed(
                *error,
                None,
                "audit-error",
                AdminText::AuditFailed.into(),
                Callback::new(move |()| retries.update(|n| *n += 1)),
            ),
            Some(Ok(page)) if page.entries.is_empty() => view! {
                <p id="audit-empty" class="empty">{move || a(AdminText::NoEntries)}</p>
            }
            .into_any(),
            Some(Ok(page)) => view! { <AuditTable entries=page.entries.clone()/> }.into_any(),
        })
    };
    let page = Signal::derive(move || filter.get().map_or(1, |f| f.page));
    let counts = Signal::derive(move || {
        answer.with(|answer| match answer {
            Some(Ok(list)) if !list.entries.is_empty() => Some(PageCounts {
                total: paging::total(list.total),
                rows: list.entries.len(),
                page: answered_page.get(),
            }),
            _ => None,
        })
    });
    let go = Callback::new(move |to: u32| {
        if let Some(filter) = current_filter(console) {
            console.navigate(Route::Audit(filter.with_page(to)));
        }
    });

    view! {
        <h1 tabindex="-1">{move || a(AdminText::AuditLog)}</h1>
        <Show
            when=move || !forbidden()
            fallback=move || {
                view! { <p id="audit-forbidden" class="notice">{move || a(AdminText::AdminsOnly)}</p> }
            }
        >
            <p class="lead">{move || a(AdminText::AuditIntro)}</p>
            <AuditFilters filter=filter/>
            <Results stem="audit" loading=loading>
                {results}
                <Show when=move || counts.get().is_some()>
                    <Pager prefix="audit" page=page counts=counts go=go/>
                </Show>
            </Results>
        </Show>
    }
}

/// The action family, the actor and the period. Each change is a new address.
#[component]
fn AuditFilters(
    /// The filter in the address (`None` while the screen is leaving).
    filter: Memo<Option<AuditFilter>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let a = move |text: AdminText| console.t(text);
    let current = move || current_filter(console).unwrap_or_default();
    // The box keeps what is typed; the address follows it (replaced: one history entry per
    // search) and, on Back or Forward, the box follows the address.
    let actor = RwSignal::new(current().actor);
    Effect::new(move |_| {
        if let Some(filter) = filter.get()
            && actor.get_untracked() != filter.actor
        {
            actor.set(filter.actor);
        }
    });
    let action = move || filter.get().map(|f| f.action).unwrap_or_default();
    let since = move || filter.get().and_then(|f| f.since).unwrap_or_default();
    let until = move || filter.get().and_then(|f| f.until).unwrap_or_default();
    let backwards = move || filter.get().is_some_and(|f| f.period_is_backwards());
    // An action in the address that is no family (`user.role`, typed by hand) is offered too.
    let other_action = move || {
        let action = action();
        (!action.is_empty() && ActionFamily::parse(&action).is_none()).then_some(action)
    };
    let set_period = move |since: Option<String>, until: Option<String>| {
        let filter = current();
        let since = since.or(filter.since.clone());
        let until = until.or(filter.until.clone());
        let empty = |day: Option<String>| day.filter(|day| !day.is_empty());
        let (since, until) = (empty(since), empty(until));
        console.navigate(Route::Audit(
            filter.with_period(since.as_deref(), until.as_deref()),
        ));
    };

    view! {
        <form id="audit-filters" class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="audit-action">{move || a(AdminText::Action)}</label>
                <select
                    id="audit-action"
                    name="action"
                    on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        console.navigate(Route::Audit(current().with_action(&chosen)));
                    }
                >
                    <option value="" prop:selected=move || action().is_empty()>
                        {move || a(AdminText::AllActions)}
                    </option>
                    {ActionFamily::ALL
                        .into_iter()
                        .map(|family| {
                            view! {
                                <option
                                    value=family.key()
                                    prop:selected=move || action() == family.key()
                                >
                                    {move || a(family_text(Some(family)))}
                                </option>
                            }
                        })
                        .collect_view()}
                    {move || {
                        other_action()
                            .map(|other| {
                                view! {
                                    <option value=other.clone() selected>
                                        {other.clone()}
                                    </option>
                                }
                            })
                    }}
                </select>
            </div>
            <div class="field grow">
                <label for="audit-actor">{move || a(AdminText::Actor)}</label>
                <input
                    type="search"
                    id="audit-actor"
                    name="actor"
                    autocomplete="off"
                    maxlength=audit_query::MAX_FILTER_CHARS
                    prop:value=move || actor.get()
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        actor.set(typed.clone());
                        console.replace(Route::Audit(current().with_actor(&typed)));
                    }
                />
            </div>
            <div class="field">
                <label for="audit-since">{move || a(AdminText::Since)}</label>
                <input
                    type="date"
                    id="audit-since"
                    name="since"
                    prop:value=since
                    aria-describedby="audit-period-error"
                    on:change=move |ev| set_period(Some(event_target_value(&ev)), None)
                />
            </div>
            <div class="field">
                <label for="audit-until">{move || a(AdminText::Until)}</label>
                <input
                    type="date"
                    id="audit-until"
                    name="until"
                    prop:value=until
                    aria-describedby="audit-period-error"
                    on:change=move |ev| set_period(None, Some(event_target_value(&ev)))
                />
            </div>
            <Show when=move || filter.get().is_some_and(|f| f.is_filtered())>
                <button
                    type="button"
                    id="audit-clear"
                    class="button"
                    on:click=move |_| {
                        console.navigate(Route::Audit(AuditFilter::default()));
                        request_animation_frame(|| {
                            dom::focus_id("audit-action");
                        });
                    }
                >
                    {move || a(AdminText::ClearFilters)}
                </button>
            </Show>
        </form>
        <p id="audit-period-error" class="error" role="alert">
            {move || backwards().then(|| a(AdminText::PeriodBackwards))}
        </p>
    }
}

/// One page of the log.
#[component]
fn AuditTable(
    /// The server's answer for this page.
    entries: Vec<AuditRecord>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let a = move |text: AdminText| console.t(text);
    let rows = entries.into_iter().map(audit_row).collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="audit-caption">
            <table class="audit">
                <caption id="audit-caption">{move || a(AdminText::AuditCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || a(AdminText::When)}</th>
                        <th scope="col">{move || a(AdminText::Who)}</th>
                        <th scope="col">{move || a(AdminText::Action)}</th>
                        <th scope="col">{move || a(AdminText::Target)}</th>
                        <th scope="col">{move || a(AdminText::Detail)}</th>
                        <th scope="col">{move || a(AdminText::Address)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn audit_row(entry: AuditRecord) -> impl IntoView {
    let console = expect_context::<Console>();
    let AuditRecord {
        id,
        at,
        actor,
        action,
        target,
        detail,
        address,
    } = entry;
    let when = at.clone();
    let family = ActionFamily::of(&action);
    let code = action.clone();
    let actor = match actor {
        Some(email) => view! { <span class="audit-actor">{email}</span> }.into_any(),
        None => view! {
            <span class="audit-actor unknown">{move || console.t(AdminText::UnknownActor)}</span>
        }
        .into_any(),
    };
    view! {
        <tr data-audit-id=id data-action=action.clone()>
            <th scope="row">
                <time datetime=at>{move || dom::format_time(&when, console.locale.get(), true)}</time>
            </th>
            <td>{actor}</td>
            <td>
                <span class="action-label">{move || console.t(family_text(family))}</span>
                " "
                <code class="action-code">{code}</code>
            </td>
            <td class="audit-target">{target}</td>
            <td class="audit-detail">{detail}</td>
            <td class="audit-address">{address.unwrap_or_else(|| "—".to_owned())}</td>
        </tr>
    }
}
