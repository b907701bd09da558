//! Small browser helpers: storage that may throw, the address bar and history, the document's
//! language and title, focus, dates in the user's language, the warning before a page with
//! unsaved changes closes, and a textarea's selection. Nothing here panics when an
//! API is missing; the worst case is that nothing happens.

use std::cell::{Cell, RefCell};

use js_sys::{Date, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BeforeUnloadEvent, HtmlDocument, HtmlElement, HtmlTextAreaElement, Storage, Window};

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

thread_local! {
    /// The position of the current history entry among the console's own: each entry the
    /// console pushes carries its position as its `history.state`, so that a Back or Forward
    /// can be told apart (and undone, and redone).
    static POSITION: Cell<i32> = const { Cell::new(0) };
}

/// Reads the position of the entry the page was loaded in (a reload keeps its state), or gives
/// it position 0.
pub fn start_history() {
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return;
    };
    match history.state().ok().and_then(|state| state.as_f64()) {
        Some(position) => POSITION.set(position as i32),
        None => {
            let _ = history.replace_state(&JsValue::from(0), "");
        }
    }
}

/// Puts `url` in the address bar as a new history entry (`replace`: in place of the current).
pub fn set_address(url: &str, replace: bool) {
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return;
    };
    let _ = if replace {
        history.replace_state_with_url(&JsValue::from(POSITION.get()), "", Some(url))
    } else {
        POSITION.set(POSITION.get() + 1);
        history.push_state_with_url(&JsValue::from(POSITION.get()), "", Some(url))
    };
}

/// Calls `handler` whenever the user moves through the history (Back, Forward) with how many
/// entries the move went (-1 for Back), when the entries say.
pub fn on_popstate(mut handler: impl FnMut(Option<i32>) + 'static) {
    let Some(window) = window() else { return };
    let history = window.history().ok();
    let closure = Closure::<dyn FnMut()>::new(move || {
        let position = history
            .as_ref()
            .and_then(|h| h.state().ok())
            .and_then(|state| state.as_f64())
            .map(|position| position as i32);
        let delta = position.map(|position| position - POSITION.get());
        if let Some(position) = position {
            POSITION.set(position);
        }
        handler(delta);
    });
    let _ = window.add_event_listener_with_callback("popstate", closure.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    closure.forget();
}

/// Moves `delta` entries through the history, as Back (-1) or Forward (1) would.
pub fn history_go(delta: i32) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.go_with_delta(delta);
    }
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

/// Now, in milliseconds since the epoch.
pub fn now_ms() -> f64 {
    Date::now()
}

/// An RFC 3339 time in milliseconds since the epoch, if the browser can read it.
pub fn time_ms(rfc3339: &str) -> Option<f64> {
    let time = Date::new(&JsValue::from_str(rfc3339)).get_time();
    (!time.is_nan()).then_some(time)
}

/// A time in milliseconds since the epoch as the user's language writes it, with the time of
/// day.
pub fn format_ms(ms: f64, locale: Locale) -> String {
    let iso = String::from(Date::new(&JsValue::from_f64(ms)).to_iso_string());
    format_time(&iso, locale, true)
}

pub fn storage_remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// A `beforeunload` listener.
type UnloadListener = Closure<dyn FnMut(BeforeUnloadEvent)>;

thread_local! {
    /// The `beforeunload` listener while there are unsaved changes.
    static UNLOAD_WARNING: RefCell<Option<UnloadListener>> = const { RefCell::new(None) };
}

/// Makes the browser ask before the page is closed or reloaded (`on`), or stops asking. The
/// listener is there only while needed: a page with one is kept out of the back-forward cache.
pub fn warn_before_unload(on: bool) {
    let Some(window) = window() else { return };
    UNLOAD_WARNING.with(|slot| {
        let mut slot = slot.borrow_mut();
        match (on, slot.take()) {
            (true, None) => {
                let closure =
                    Closure::<dyn FnMut(BeforeUnloadEvent)>::new(|event: BeforeUnloadEvent| {
                        event.prevent_default();
                        // Older browsers ask only when a value is set; none shows it.
                        event.set_return_value("unsaved");
                    });
                let _ = window.add_event_listener_with_callback(
                    "beforeunload",
                    closure.as_ref().unchecked_ref(),
                );
                *slot = Some(closure);
            }
            (false, Some(closure)) => {
                let _ = window.remove_event_listener_with_callback(
                    "beforeunload",
                    closure.as_ref().unchecked_ref(),
                );
            }
            (_, kept) => *slot = kept,
        }
    });
}

/// The element with the focus, to give it back later.
pub fn focused() -> Option<HtmlElement> {
    document()?.active_element()?.dyn_into::<HtmlElement>().ok()
}

/// The textarea with `id`.
pub fn textarea(id: &str) -> Option<HtmlTextAreaElement> {
    document()?.get_element_by_id(id)?.dyn_into().ok()
}

/// A textarea's text and selection (UTF-16 offsets, as the browser counts).
pub fn selection(area: &HtmlTextAreaElement) -> (String, u32, u32) {
    let start = area.selection_start().ok().flatten().unwrap_or(0);
    let end = area.selection_end().ok().flatten().unwrap_or(start);
    (area.value(), start, end)
}

/// Replaces `start..end` (UTF-16 offsets) of the focused textarea's text with `text` the way
/// typing would, so that the browser's Undo takes it back; where the browser cannot, sets the
/// whole value to `whole` instead. Then selects `select_start..select_end`.
pub fn replace_in_textarea(
    area: &HtmlTextAreaElement,
    (start, end, text): (u32, u32, &str),
    whole: &str,
    (select_start, select_end): (u32, u32),
) {
    let _ = area.focus();
    let _ = area.set_selection_range(start, end);
    let typed = document()
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
        .and_then(|d| {
            let command = if text.is_empty() {
                "delete"
            } else {
                "insertText"
            };
            d.exec_command_with_show_ui_and_value(command, false, text)
                .ok()
        })
        .unwrap_or(false);
    if !typed || area.value() != whole {
        area.set_value(whole);
    }
    let _ = area.set_selection_range(select_start, select_end);
}

/// Puts `text` on the clipboard; true if the browser took it. Failures (no clipboard outside a
/// secure context, a refused permission) are only reported, never thrown.
pub async fn copy_text(text: &str) -> bool {
    let Some(navigator) = window().map(|w| w.navigator()) else {
        return false;
    };
    let has_clipboard = Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|clipboard| !clipboard.is_undefined() && !clipboard.is_null());
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Offers `text` as a `text/plain` file named `filename`: a `Blob` behind an object URL, an
/// `<a download>` clicked, the URL revoked.
pub fn download_text(filename: &str, text: &str) {
    let Some(document) = document() else { return };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(&url);
        anchor.set_download(filename);
        anchor.set_class_name("visually-hidden");
        if let Some(body) = document.body() {
            let _ = body.append_child(&anchor);
            anchor.click();
            let _ = body.remove_child(&anchor);
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// A `<input type="datetime-local">` value (`2026-12-07T10:00`), read in the browser's time
/// zone, as RFC 3339 in UTC (`2026-12-07T09:00:00.000Z`); `None` if the browser cannot read it.
pub fn local_to_utc(local: &str) -> Option<String> {
    if local.trim().is_empty() {
        return None;
    }
    let date = Date::new(&JsValue::from_str(local.trim()));
    if date.get_time().is_nan() {
        return None;
    }
    Some(String::from(date.to_iso_string()))
}

/// Clicks the element with `id` (a hidden file input, from its visible button).
pub fn click_id(id: &str) {
    if let Some(element) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<HtmlElement>().ok())
    {
        element.click();
    }
}
