//! A saved article's "Schedule": publish or unpublish it at a time in the browser's time zone
//! (sent as RFC 3339 in UTC), and the list of scheduled changes, pending ones first with a
//! button to cancel each.

use ayuda_api::{NewSchedule, Schedule};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, Refusal};
use crate::components::common::{Failure, failure_text};
use crate::components::load::loading_line;
use crate::dom;
use crate::i18n::{Locale, PublishingText, cancel_schedule_label, server_says, tr};
use crate::schedule::{self, Kind};
use crate::state::Console;

fn kind_text(kind: Kind) -> PublishingText {
    match kind {
        Kind::Publish => PublishingText::SchedulePublish,
        Kind::Unpublish => PublishingText::ScheduleUnpublish,
    }
}

/// A schedule's action in the UI language (an unknown word as it is).
fn action_name(locale: Locale, action: &str) -> String {
    match Kind::parse(action) {
        Some(kind) => tr(locale, kind_text(kind).into()).to_owned(),
        None => action.to_owned(),
    }
}

/// What went wrong in the section.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Problem {
    /// No complete date and time.
    MissingTime,
    Add(Refusal),
    Cancel(Refusal),
}

fn problem_text(locale: Locale, problem: &Problem) -> String {
    let (what, refusal) = match problem {
        Problem::MissingTime => return tr(locale, PublishingText::MissingTime.into()).to_owned(),
        Problem::Add(refusal) => (PublishingText::ScheduleFailed, refusal),
        Problem::Cancel(refusal) => (PublishingText::CancelFailed, refusal),
    };
    let why = match refusal.error {
        ApiError::InvalidInput => PublishingText::ScheduleRefused.into(),
        error => failure_text(error),
    };
    let mut text = format!("{} {}", tr(locale, what.into()), tr(locale, why));
    if let (ApiError::InvalidInput, Some(message)) = (refusal.error, &refusal.message) {
        text.push(' ');
        text.push_str(&server_says(locale, message));
    }
    text
}

#[component]
pub fn ScheduleSection(
    /// The article.
    id: i64,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let p = move |text: PublishingText| console.t(text);
    let list = RwSignal::new(None::<Result<Vec<Schedule>, ApiError>>);
    let kind = RwSignal::new(Kind::Publish);
    let at = RwSignal::new(String::new());
    let adding = RwSignal::new(false);
    let cancelling = RwSignal::new(None::<i64>);
    let problem = RwSignal::new(None::<Problem>);
    let done = RwSignal::new(None::<PublishingText>);
    let load = move || {
        spawn_local(async move {
            let result = console.check(api::schedules(id).await);
            list.set(Some(result.map(schedule::ordered)));
        });
    };
    load();

    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        if adding.get_untracked() {
            return;
        }
        let local = at.get_untracked();
        let utc = schedule::is_complete_local(&local)
            .then(|| dom::local_to_utc(&local))
            .flatten();
        let Some(utc) = utc else {
            problem.set(Some(Problem::MissingTime));
            dom::focus_id("schedule-at");
            return;
        };
        let Some(session) = console.session() else {
            return;
        };
        let request = NewSchedule {
            action: kind.get_untracked().as_str().to_owned(),
            at: utc,
        };
        adding.set(true);
        problem.set(None);
        done.set(None);
        spawn_local(async move {
            let result = console.check(api::add_schedule(&session.csrf_token, id, &request).await);
            adding.set(false);
            match result {
                Ok(_) => {
                    at.set(String::new());
                    done.set(Some(PublishingText::Scheduled));
                    load();
                }
                Err(refusal) => {
                    problem.set(Some(Problem::Add(refusal)));
                    dom::focus_id("schedule-at");
                }
            }
        });
    };
    let cancel = move |schedule: i64| {
        let Some(session) = console.session() else {
            return;
        };
        if cancelling.get_untracked().is_some() {
            return;
        }
        cancelling.set(Some(schedule));
        problem.set(None);
        done.set(None);
        spawn_local(async move {
            let result =
                console.check(api::cancel_schedule(&session.csrf_token, id, schedule).await);
            cancelling.set(None);
            match result {
                Ok(()) => {
                    done.set(Some(PublishingText::ScheduleCancelled));
                    dom::focus_id("schedule-heading");
                    load();
                }
                Err(refusal) => problem.set(Some(Problem::Cancel(refusal))),
            }
        });
    };

    let options = Kind::ALL
        .into_iter()
        .map(|option| {
            view! {
                <option value=option.as_str() prop:selected=move || kind.get() == option>
                    {move || p(kind_text(option))}
                </option>
            }
        })
        .collect_view();

    let table = move || {
        list.with(|answer| match answer {
            None => loading_line("schedules-loading"),
            Some(Err(error)) => view! {
                <Failure
                    id="schedules-error"
                    what=PublishingText::SchedulesFailed.into()
                    error=*error
                    retry=Callback::new(move |()| load())
                />
            }
            .into_any(),
            Some(Ok(schedules)) if schedules.is_empty() => view! {
                <p id="schedules-empty" class="empty">{move || p(PublishingText::NoSchedules)}</p>
            }
            .into_any(),
            Some(Ok(schedules)) => {
                let rows = schedules
                    .iter()
                    .cloned()
                    .map(|row| schedule_row(row, cancelling, cancel))
                    .collect_view();
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="schedules-caption">
                        <table class="schedules">
                            <caption id="schedules-caption">
                                {move || p(PublishingText::SchedulesCaption)}
                            </caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || p(PublishingText::ScheduleAction)}</th>
                                    <th scope="col">{move || p(PublishingText::When)}</th>
                                    <th scope="col">{move || p(PublishingText::By)}</th>
                                    <th scope="col">{move || p(PublishingText::State)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
        })
    };

    view! {
        <section id="schedule" class="block schedule" aria-labelledby="schedule-heading">
            <h2 id="schedule-heading" tabindex="-1">{move || p(PublishingText::Schedule)}</h2>
            <p id="schedule-hint" class="hint">{move || p(PublishingText::ScheduleHint)}</p>
            <form class="filters schedule-form" on:submit=add>
                <div class="field">
                    <label for="schedule-action">{move || p(PublishingText::ScheduleAction)}</label>
                    <select
                        id="schedule-action"
                        name="action"
                        on:change=move |ev| {
                            if let Some(option) = Kind::parse(&event_target_value(&ev)) {
                                kind.set(option);
                            }
                        }
                    >
                        {options}
                    </select>
                </div>
                <div class="field">
                    <label for="schedule-at">{move || p(PublishingText::ScheduleAt)}</label>
                    <input
                        id="schedule-at"
                        name="at"
                        type="datetime-local"
                        aria-describedby="schedule-at-hint schedule-error"
                        prop:value=move || at.get()
                        on:input=move |ev| at.set(event_target_value(&ev))
                        on:change=move |ev| at.set(event_target_value(&ev))
                    />
                    <p id="schedule-at-hint" class="hint">{move || p(PublishingText::ScheduleAtHint)}</p>
                </div>
                <button type="submit" id="add-schedule" class="button" disabled=move || adding.get()>
                    {move || p(if adding.get() { PublishingText::Adding } else { PublishingText::AddSchedule })}
                </button>
            </form>
            <p id="schedule-status" class="status-line" role="status">{move || done.get().map(p)}</p>
            <p id="schedule-error" class="error" role="alert">
                {move || problem.with(|problem| {
                    problem.as_ref().map(|problem| problem_text(console.locale.get(), problem))
                })}
            </p>
            {table}
        </section>
    }
}

/// One scheduled change: what, when, who, and "Pending" with a cancel button or the outcome.
fn schedule_row(
    row: Schedule,
    cancelling: RwSignal<Option<i64>>,
    cancel: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let p = move |text: PublishingText| console.t(text);
    let pending = schedule::is_pending(&row);
    let Schedule {
        id,
        action,
        at,
        created_by,
        done_at,
        outcome,
    } = row;
    let when_text = at.clone();
    let action_label = action.clone();
    let when = move || dom::format_time(&when_text, console.locale.get(), true);
    let state = if pending {
        let label = {
            let at = at.clone();
            move || {
                let locale = console.locale.get();
                cancel_schedule_label(
                    locale,
                    &action_name(locale, &action_label),
                    &dom::format_time(&at, locale, true),
                )
            }
        };
        view! {
            {move || p(PublishingText::PendingState)}
            " "
            <button
                type="button"
                class="button cancel-schedule"
                data-schedule-id=id
                aria-label=label
                disabled=move || cancelling.get().is_some()
                on:click=move |_| cancel(id)
            >
                {move || {
                    p(if cancelling.get() == Some(id) {
                        PublishingText::Cancelling
                    } else {
                        PublishingText::CancelSchedule
                    })
                }}
            </button>
        }
        .into_any()
    } else {
        let ran = done_at.unwrap_or_default();
        let ran_text = ran.clone();
        view! {
            {outcome}
            " ("
            <time datetime=ran>{move || dom::format_time(&ran_text, console.locale.get(), true)}</time>
            ")"
        }
        .into_any()
    };
    view! {
        <tr data-schedule-id=id class:pending=pending class:done=!pending>
            <th scope="row">{move || action_name(console.locale.get(), &action)}</th>
            <td>
                <time datetime=at>{when}</time>
            </td>
            <td>{created_by.unwrap_or_else(|| "—".to_owned())}</td>
            <td>{state}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_say_what_and_why() {
        let refused = Problem::Add(Refusal {
            error: ApiError::InvalidInput,
            message: Some("at must be in the future".to_owned()),
        });
        let text = problem_text(Locale::En, &refused);
        assert!(text.starts_with("Could not schedule the change. Choose a time in the future"));
        assert!(text.contains("at must be in the future"));
        assert_eq!(
            problem_text(Locale::Es, &Problem::MissingTime),
            "Elige la fecha y la hora."
        );
        assert!(
            problem_text(Locale::En, &Problem::Cancel(ApiError::Network.into()))
                .starts_with("Could not cancel")
        );
        assert_eq!(action_name(Locale::En, "unpublish"), "Unpublish");
        assert_eq!(action_name(Locale::En, "archive"), "archive");
    }
}
