//! The bulk bar above the articles: "N selected", Publish, Unpublish and Archive (each after a
//! question: the articles disappear from the widget), and a tag to add or remove. One request does the
//! action for every selected article of the page; the status line says how many were done,
//! the alert which were refused and why. Then the list is asked again and the selection
//! cleared.
//!
//! The bar stays in the page (its buttons `aria-disabled` while nothing is selected or a
//! request is out), so the focus never falls out of it.

use std::collections::BTreeSet;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Refusal, authoring};
use crate::bulk::{self, BulkAction, NotSent};
use crate::components::common::failure_text;
use crate::dom;
use crate::i18n::{
    BulkVerb, EditorText, Locale, PublishingText, Text, bulk_done, bulk_failed, bulk_partial,
    confirm_bulk_archive, confirm_bulk_unpublish, selected_count, server_says, tr,
};
use crate::state::Console;

/// What the last bulk action came to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Report {
    /// Every article was done.
    Done {
        action: BulkAction,
        count: usize,
    },
    /// Some were refused: (title, reason).
    Partial {
        done: usize,
        refused: Vec<(String, String)>,
    },
    /// The whole request failed.
    Failed {
        action: BulkAction,
        refusal: Refusal,
    },
    NotSent(NotSent),
}

fn verb(action: &BulkAction) -> BulkVerb<'_> {
    match action {
        BulkAction::Publish => BulkVerb::Publish,
        BulkAction::Unpublish => BulkVerb::Unpublish,
        BulkAction::Archive => BulkVerb::Archive,
        BulkAction::AddTag(tag) => BulkVerb::AddTag(tag.trim()),
        BulkAction::RemoveTag(tag) => BulkVerb::RemoveTag(tag.trim()),
    }
}

/// The button of an action asked about first, and what confirms it; `None` for the others.
fn asked_first(action: &BulkAction) -> Option<(&'static str, PublishingText)> {
    match action {
        BulkAction::Unpublish => Some(("bulk-unpublish", PublishingText::ConfirmBulkYes)),
        BulkAction::Archive => Some(("bulk-archive", PublishingText::ConfirmBulkArchiveYes)),
        _ => None,
    }
}

/// The status line's text (`Done`) or the alert's (everything else).
fn report_text(locale: Locale, report: &Report) -> String {
    match report {
        Report::Done { action, count } => bulk_done(locale, verb(action), *count),
        Report::Partial { done, refused } => bulk_partial(locale, *done, refused),
        Report::Failed { action, refusal } => {
            let why = match refusal.error {
                ApiError::InvalidInput => EditorText::InputRefused.into(),
                error => failure_text(error),
            };
            let mut text = format!("{} {}", bulk_failed(locale, verb(action)), tr(locale, why));
            if let (ApiError::InvalidInput, Some(message)) = (refusal.error, &refusal.message) {
                text.push(' ');
                text.push_str(&server_says(locale, message));
            }
            text
        }
        Report::NotSent(why) => tr(
            locale,
            match why {
                NotSent::NothingSelected => PublishingText::NothingSelected,
                NotSent::NoTag => PublishingText::BulkNoTag,
                NotSent::TooMany => PublishingText::TooManySelected,
            }
            .into(),
        )
        .to_owned(),
    }
}

#[component]
pub fn BulkBar(
    /// The page's articles, in order: (id, title).
    #[prop(into)]
    rows: Signal<Vec<(i64, String)>>,
    /// The selected articles.
    selected: RwSignal<BTreeSet<i64>>,
    /// Asks for the list again.
    reload: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: PublishingText| console.t(text);
    let tag = RwSignal::new(String::new());
    let pending = RwSignal::new(None::<BulkAction>);
    // The action the question is about (Unpublish or Archive), while it is asked.
    let confirming = RwSignal::new(None::<BulkAction>);
    let report = RwSignal::new(None::<Report>);

    let chosen = move || {
        rows.with_untracked(|rows| {
            let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
            selected.with_untracked(|selected| bulk::in_page_order(&ids, selected))
        })
    };
    let count = move || {
        rows.with(|rows| {
            selected.with(|selected| rows.iter().filter(|(id, _)| selected.contains(id)).count())
        })
    };
    let inactive = move || count() == 0 || pending.with(Option::is_some);

    let send = move |action: BulkAction| {
        let request = match bulk::request(&action, &chosen()) {
            Ok(request) => request,
            Err(why) => {
                report.set(Some(Report::NotSent(why)));
                if why == NotSent::NoTag {
                    dom::focus_id("bulk-tag");
                }
                return;
            }
        };
        let Some(session) = console.session() else {
            return;
        };
        confirming.set(None);
        report.set(None);
        pending.set(Some(action.clone()));
        spawn_local(async move {
            let result = console.check(authoring::bulk(&session.csrf_token, &request).await);
            if pending.try_set(None).is_some() {
                return;
            }
            let titles = rows.get_untracked();
            let title_of = |id: i64| {
                titles
                    .iter()
                    .find(|(row, _)| *row == id)
                    .map(|(_, title)| title.clone())
            };
            let outcome = match result {
                Ok(response) => bulk::outcome(&response, title_of),
                Err(refusal) => {
                    report.set(Some(Report::Failed { action, refusal }));
                    return;
                }
            };
            report.set(Some(if outcome.refused.is_empty() {
                Report::Done {
                    action,
                    count: outcome.done,
                }
            } else {
                Report::Partial {
                    done: outcome.done,
                    refused: outcome
                        .refused
                        .into_iter()
                        .map(|r| (r.title, r.reason))
                        .collect(),
                }
            }));
            selected.set(BTreeSet::new());
            reload.run(());
        });
    };
    let press = move |action: BulkAction| {
        if pending.with_untracked(Option::is_some) {
            return;
        }
        if chosen().is_empty() {
            report.set(Some(Report::NotSent(NotSent::NothingSelected)));
            return;
        }
        if asked_first(&action).is_some() {
            report.set(None);
            confirming.set(Some(action));
            leptos::prelude::request_animation_frame(|| {
                dom::focus_id("bulk-confirm-text");
            });
            return;
        }
        send(action);
    };
    let cancel = move || {
        let asked = confirming.get_untracked();
        confirming.set(None);
        if let Some((button, _)) = asked.as_ref().and_then(asked_first) {
            leptos::prelude::request_animation_frame(move || {
                dom::focus_id(button);
            });
        }
    };
    let asking = move |action: BulkAction| {
        if confirming.with(|asked| asked.as_ref() == Some(&action)) {
            "true"
        } else {
            "false"
        }
    };
    let question = move || {
        let locale = console.locale.get();
        match confirming.get() {
            Some(BulkAction::Archive) => confirm_bulk_archive(locale, count()),
            _ => confirm_bulk_unpublish(locale, count()),
        }
    };
    let confirm_label = move || {
        let yes = confirming.with(|asked| asked.as_ref().and_then(asked_first));
        t(yes.map_or(PublishingText::ConfirmBulkYes, |(_, yes)| yes))
    };
    let label = move |action: BulkAction, idle: PublishingText| {
        if pending.get().as_ref() == Some(&action) {
            t(PublishingText::BulkWorking)
        } else {
            t(idle)
        }
    };
    let aria_disabled = move || if inactive() { "true" } else { "false" };
    let status = move || {
        report.with(|r| match r {
            Some(done @ Report::Done { .. }) => Some(report_text(console.locale.get(), done)),
            _ => None,
        })
    };
    let alert = move || {
        report.with(|r| match r {
            Some(Report::Done { .. }) | None => None,
            Some(other) => Some(report_text(console.locale.get(), other)),
        })
    };
    let tag_action = move |add: bool| {
        let typed = tag.get_untracked();
        if add {
            BulkAction::AddTag(typed)
        } else {
            BulkAction::RemoveTag(typed)
        }
    };

    view! {
        <div class="bulk">
            <div id="bulk-bar" class="bulk-bar" role="group" aria-labelledby="bulk-count">
                <p id="bulk-count" class="bulk-count">
                    {move || selected_count(console.locale.get(), count())}
                </p>
                <button
                    type="button"
                    id="bulk-publish"
                    class="button"
                    aria-disabled=aria_disabled
                    on:click=move |_| press(BulkAction::Publish)
                >
                    {move || label(BulkAction::Publish, PublishingText::BulkPublish)}
                </button>
                <button
                    type="button"
                    id="bulk-unpublish"
                    class="button"
                    aria-disabled=aria_disabled
                    aria-controls="bulk-confirm"
                    aria-expanded=move || asking(BulkAction::Unpublish)
                    on:click=move |_| press(BulkAction::Unpublish)
                >
                    {move || label(BulkAction::Unpublish, PublishingText::BulkUnpublish)}
                </button>
                <button
                    type="button"
                    id="bulk-archive"
                    class="button"
                    aria-disabled=aria_disabled
                    aria-controls="bulk-confirm"
                    aria-expanded=move || asking(BulkAction::Archive)
                    on:click=move |_| press(BulkAction::Archive)
                >
                    {move || label(BulkAction::Archive, PublishingText::BulkArchive)}
                </button>
                <div class="bulk-tag">
                    <label for="bulk-tag">{move || t(PublishingText::BulkTag)}</label>
                    <input
                        id="bulk-tag"
                        name="bulk-tag"
                        type="text"
                        autocomplete="off"
                        prop:value=move || tag.get()
                        on:input=move |ev| tag.set(event_target_value(&ev))
                        on:keydown=move |ev: KeyboardEvent| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                press(tag_action(true));
                            }
                        }
                    />
                </div>
                <button
                    type="button"
                    id="bulk-add-tag"
                    class="button"
                    aria-disabled=aria_disabled
                    on:click=move |_| press(tag_action(true))
                >
                    {move || t(PublishingText::BulkAddTag)}
                </button>
                <button
                    type="button"
                    id="bulk-remove-tag"
                    class="button"
                    aria-disabled=aria_disabled
                    on:click=move |_| press(tag_action(false))
                >
                    {move || t(PublishingText::BulkRemoveTag)}
                </button>
            </div>
            <div
                id="bulk-confirm"
                class="confirm"
                role="group"
                aria-labelledby="bulk-confirm-text"
                hidden=move || confirming.with(Option::is_none)
                on:keydown=move |ev: KeyboardEvent| {
                    if ev.key() == "Escape" {
                        ev.prevent_default();
                        cancel();
                    }
                }
            >
                <p id="bulk-confirm-text" tabindex="-1">{question}</p>
                <div class="actions">
                    <button
                        type="button"
                        id="confirm-bulk"
                        class="button danger"
                        aria-disabled=move || pending.with(Option::is_some).then_some("true")
                        on:click=move |_| {
                            if pending.with_untracked(Option::is_none)
                                && let Some(action) = confirming.get_untracked()
                            {
                                send(action);
                            }
                        }
                    >
                        {confirm_label}
                    </button>
                    <button type="button" id="cancel-bulk" class="button" on:click=move |_| cancel()>
                        {move || console.t(Text::Cancel)}
                    </button>
                </div>
            </div>
            <p id="bulk-status" class="status-line" role="status">{status}</p>
            <p id="bulk-error" class="error" role="alert">{alert}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports() {
        let done = Report::Done {
            action: BulkAction::AddTag(" vat ".to_owned()),
            count: 2,
        };
        assert_eq!(
            report_text(Locale::En, &done),
            "Added the tag “vat” to 2 articles"
        );
        let failed = Report::Failed {
            action: BulkAction::Publish,
            refusal: Refusal {
                error: ApiError::InvalidInput,
                message: Some("at most 100 ids".to_owned()),
            },
        };
        assert!(report_text(Locale::En, &failed).starts_with("Could not publish the articles."));
        assert!(report_text(Locale::En, &failed).contains("at most 100 ids"));
        let archived = Report::Done {
            action: BulkAction::Archive,
            count: 1,
        };
        assert_eq!(report_text(Locale::En, &archived), "Archived 1 article");
        assert_eq!(
            asked_first(&BulkAction::Archive),
            Some(("bulk-archive", PublishingText::ConfirmBulkArchiveYes))
        );
        assert_eq!(asked_first(&BulkAction::Publish), None);
        assert_eq!(
            report_text(Locale::En, &Report::NotSent(NotSent::NoTag)),
            "Type the tag first."
        );
    }
}
