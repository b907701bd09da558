//! A line diff as the versions screen and the edit-conflict panel show it: a summary, then the
//! lines, each added or removed one marked by a sign ("+" / "−"), a word for screen readers
//! and a class (never by colour alone); long unchanged runs folded.

use leptos::prelude::*;

use crate::diff::{Change, Diff, Row, fold};
use crate::i18n::{EditorText, diff_summary, unchanged_lines};
use crate::state::Console;

/// Unchanged lines kept around each change.
const CONTEXT: usize = 3;

#[component]
pub fn DiffView(
    /// The region's id.
    id: &'static str,
    /// What is compared, the region's name.
    #[prop(into)]
    label: Signal<String>,
    /// The diff to show.
    #[prop(into)]
    diff: Signal<Diff>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let summary = move || {
        let locale = console.locale.get();
        diff.with(|diff| {
            if diff.is_same() {
                console.t(EditorText::NoDifferences).to_owned()
            } else {
                let (added, removed) = diff.counts();
                diff_summary(locale, added, removed)
            }
        })
    };
    let rows = move || {
        diff.with(|diff| fold(diff, CONTEXT))
            .into_iter()
            .map(row)
            .collect_view()
    };
    view! {
        <div id=id class="diff" role="region" tabindex="0" aria-label=move || label.get()>
            <p class="diff-summary">{summary}</p>
            <Show when=move || diff.with(|d| d.coarse)>
                <p class="notice">{move || console.t(EditorText::DiffTooLarge)}</p>
            </Show>
            <Show when=move || diff.with(|d| !d.is_same())>
                <ol class="diff-lines">{rows}</ol>
            </Show>
        </div>
    }
}

fn row(row: Row) -> impl IntoView {
    let console = expect_context::<Console>();
    match row {
        Row::Folded(count) => view! {
            <li class="diff-line diff-folded">
                {move || unchanged_lines(console.locale.get(), count)}
            </li>
        }
        .into_any(),
        Row::Line(line) => {
            let (class, sign, word) = match line.change {
                Change::Added => ("diff-line diff-added", "+", Some(EditorText::AddedLine)),
                Change::Removed => ("diff-line diff-removed", "−", Some(EditorText::RemovedLine)),
                // Unchanged lines are read as they are.
                Change::Same => ("diff-line diff-same", " ", None),
            };
            view! {
                <li class=class>
                    <span class="diff-sign" aria-hidden="true">{sign}</span>
                    {word
                        .map(|word| {
                            view! {
                                <span class="visually-hidden">{move || console.t(word)}</span>
                            }
                        })}
                    <span class="diff-text">{line.text}</span>
                </li>
            }
            .into_any()
        }
    }
}
