//! "Showing 21–40 of 57" with Previous and Next, for every paged list (the articles, the
//! editors' overview, the team, the audit log). It stays mounted from page to page so its buttons keep the focus; when the pressed one
//! becomes disabled at an end, the focus moves to the other.

use leptos::prelude::*;

use crate::dom;
use crate::i18n::{Text, showing};
use crate::paging;
use crate::state::Console;

/// What a page shows: the rows that matched in all, the rows on the page, and its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageCounts {
    pub total: u64,
    pub rows: usize,
    pub page: u32,
}

#[component]
pub fn Pager(
    /// The ids' prefix: `{prefix}-range`, `{prefix}-prev`, `{prefix}-next`.
    prefix: &'static str,
    /// The page asked for (the buttons follow it at once).
    page: Signal<u32>,
    /// The shown answer's counts.
    counts: Signal<Option<PageCounts>>,
    /// Goes to a page.
    go: Callback<u32>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let total = move || counts.get().map_or(0, |counts| counts.total);
    let range = move || {
        let counts = counts.get()?;
        let shown = paging::shown(counts.page, counts.rows, counts.total)?;
        Some(showing(
            console.locale.get(),
            shown.first,
            shown.last,
            shown.total,
        ))
    };
    let prev_id = format!("{prefix}-prev");
    let next_id = format!("{prefix}-next");
    let move_to = {
        let (prev_id, next_id) = (prev_id.clone(), next_id.clone());
        move |to: u32| {
            let total = counts.get_untracked().map_or(0, |counts| counts.total);
            go.run(to);
            let (prev_id, next_id) = (prev_id.clone(), next_id.clone());
            request_animation_frame(move || {
                if !paging::has_previous(to) {
                    dom::focus_id(&next_id);
                } else if !paging::has_next(to, total) {
                    dom::focus_id(&prev_id);
                }
            });
        }
    };
    let back = move_to.clone();
    view! {
        <div class="pager">
            <p id=format!("{prefix}-range")>{range}</p>
            <nav aria-label=move || t(Text::Pages)>
                <button
                    type="button"
                    id=prev_id
                    class="button"
                    disabled=move || !paging::has_previous(page.get())
                    on:click=move |_| back(page.get_untracked().saturating_sub(1))
                >
                    {move || t(Text::Previous)}
                </button>
                <button
                    type="button"
                    id=next_id
                    class="button"
                    disabled=move || !paging::has_next(page.get(), total())
                    on:click=move |_| move_to(page.get_untracked().saturating_add(1))
                >
                    {move || t(Text::Next)}
                </button>
            </nav>
        </div>
    }
}
