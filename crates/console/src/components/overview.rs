//! Pieces the editors' overview screens share: a link into the console by address (the
//! seeded editor's links carry a query the route reads), the page buttons, and today's date.

use leptos::ev::MouseEvent;
use leptos::prelude::*;

use crate::dom;
use crate::i18n::{Text, showing};
use crate::paging;
use crate::period::{DAY_MS, Day};
use crate::route::Route;
use crate::state::Console;

/// A link to a console address given as text (`/console/articles/new?title=…`): a real
/// `href`, followed without a page load on a plain click, through the route it parses to.
#[component]
pub fn AddressLink(
    /// The address, under `/console/`.
    href: String,
    /// Its class (also what tests find it by).
    #[prop(optional, into)]
    class: Option<String>,
    /// An element that says what the link is about (the row's title).
    #[prop(optional, into)]
    describedby: Option<String>,
    children: Children,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let target = href.clone();
    view! {
        <a
            href=href
            class=class
            aria-describedby=describedby
            on:click=move |ev: MouseEvent| {
                let plain = ev.button() == 0
                    && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key());
                if plain {
                    ev.prevent_default();
                    let (path, search) = target.split_at(target.find('?').unwrap_or(target.len()));
                    console.navigate(Route::parse(path, search));
                }
            }
        >
            {children()}
        </a>
    }
}

/// "Showing 21–40 of 57" and the page buttons (`#{prefix}-range`, `#{prefix}-prev`,
/// `#{prefix}-next`). When the button pressed becomes disabled, the focus moves to the other.
#[component]
pub fn Pager(
    /// The ids' prefix.
    prefix: &'static str,
    /// The page in the address.
    #[prop(into)]
    page: Signal<u32>,
    /// The answer's total, the rows its page shows and the page it is for.
    #[prop(into)]
    counts: Signal<Option<(u64, usize, u32)>>,
    /// Goes to a page.
    go: Callback<u32>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text| console.t(text);
    let total = move || counts.get().map_or(0, |(total, _, _)| total);
    let range = move || {
        let (total, rows, answered_page) = counts.get()?;
        let shown = paging::shown(answered_page, rows, total)?;
        Some(showing(
            console.locale.get(),
            shown.first,
            shown.last,
            shown.total,
        ))
    };
    let to = move |page: u32| {
        let total = counts.get_untracked().map_or(0, |(total, _, _)| total);
        go.run(page);
        request_animation_frame(move || {
            if !paging::has_previous(page) {
                dom::focus_id(&format!("{prefix}-next"));
            } else if !paging::has_next(page, total) {
                dom::focus_id(&format!("{prefix}-prev"));
            }
        });
    };
    view! {
        <div class="pager">
            <p id=format!("{prefix}-range")>{range}</p>
            <nav aria-label=move || t(Text::Pages)>
                <button
                    type="button"
                    id=format!("{prefix}-prev")
                    class="button"
                    disabled=move || !paging::has_previous(page.get())
                    on:click=move |_| to(page.get_untracked().saturating_sub(1))
                >
                    {move || t(Text::Previous)}
                </button>
                <button
                    type="button"
                    id=format!("{prefix}-next")
                    class="button"
                    disabled=move || !paging::has_next(page.get(), total())
                    on:click=move |_| to(page.get_untracked().saturating_add(1))
                >
                    {move || t(Text::Next)}
                </button>
            </nav>
        </div>
    }
}

/// Today in the browser's time zone.
pub fn today() -> Day {
    let now = js_sys::Date::new_0();
    let local = Day::new(
        i32::try_from(now.get_full_year()).unwrap_or(1970),
        now.get_month() + 1,
        now.get_date(),
    );
    // A browser that cannot tell the date: the UTC day of the clock.
    local
        .or_else(|| Day::from_days_since_epoch(now_ms().div_euclid(DAY_MS)))
        .unwrap_or(Day::EPOCH)
}

/// Now, in whole milliseconds since the epoch.
pub fn now_ms() -> i64 {
    // Far inside i64 for any real clock.
    dom::now_ms() as i64
}
