//! Small browser helpers: storage that may throw, the address bar and history, the document's
//! language and title, focus, and dates in the user's language. Nothing here panics when an
//! API is missing; the worst case is that nothing happens.

use js_sys::{Date, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, Storage, Window};

use crate::i18n::Locale;

fn window() -> Option<Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// `localStorage`, unless the browser refuses it (privacy modes, storage disabled): reading
/// the property itself may throw.
fn storage() -> Option<Storage> {
    window()?.local_storage().ok().flatten()
}

pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `value`, silently doing nothing when storage is refused or full.
pub fn storage_set(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// The browser's preferred language (`navigator.language`).
pub fn browser_language() -> Option<String> {
    window()?.navigator().language()
}

/// `location.pathname` and `location.search`.
pub fn location() -> (String, String) {
    let Some(location) = window().map(|w| w.location()) else {
        return (String::new(), String::new());
    };
    (
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
    )
}

/// Puts `url` in the address bar as a new history entry (`replace`: in place of the current).
pub fn set_address(url: &str, replace: bool) {
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return;
    };
    let _ = if replace {
        history.replace_state_with_url(&JsValue::NULL, "", Some(url))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(url))
    };
}

/// Calls `handler` whenever the user moves through the history (Back, Forward).
pub fn on_popstate(handler: impl FnMut() + 'static) {
    let Some(window) = window() else { return };
    let closure = Closure::<dyn FnMut()>::new(handler);
    let _ = window.add_event_listener_with_callback("popstate", closure.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    closure.forget();
}

/// Sets `<html lang>`.
pub fn set_lang(locale: Locale) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", locale.tag());
    }
}

pub fn set_title(title: &str) {
    if let Some(document) = document() {
        document.set_title(title);
    }
}

/// Focuses the element with `id`; true if there was one.
pub fn focus_id(id: &str) -> bool {
    document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<HtmlElement>().ok())
        .is_some_and(|element| element.focus().is_ok())
}

/// Focuses the current screen's heading (`<h1 tabindex="-1">` in `<main>`) once the screen
/// has been drawn, so that a screen reader announces where a navigation led.
pub fn focus_heading_soon() {
    leptos::prelude::request_animation_frame(|| {
        let heading = document()
            .and_then(|d| d.query_selector("main h1").ok().flatten())
            .and_then(|element| element.dyn_into::<HtmlElement>().ok());
        if let Some(heading) = heading {
            let _ = heading.focus();
        }
    });
}

/// An RFC 3339 time as the user's language writes it (`7 dic 2026` / `Dec 7, 2026`), with the
/// time of day when `with_time`, in the browser's time zone. A time the browser cannot read
/// is shown as sent.
pub fn format_time(rfc3339: &str, locale: Locale, with_time: bool) -> String {
    let date = Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    if with_time {
        let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
    }
    String::from(date.to_locale_string(locale.tag(), &options))
}
