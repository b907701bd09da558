//! Pieces the editors' overview screens share: a link into the console by address (the
//! seeded editor's links carry a query the route reads) and today's date. Their pager is
//! `pages.rs`.

use leptos::ev::MouseEvent;
use leptos::prelude::*;

use crate::dom;
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
