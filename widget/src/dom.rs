//! Small browser helpers: storage that may be missing, focus handling, timing marks, and the
//! theme's CSS custom properties. Nothing here panics when an API is unavailable.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, Storage};

use crate::color::Theme;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// `localStorage`, unless the browser refuses it to third-party frames (third-party cookies
/// blocked without storage partitioning, privacy modes).
fn storage() -> Option<Storage> {
    window()?.local_storage().ok().flatten()
}

thread_local! {
    /// What could not be written to `localStorage`, for the frame's life. Without it a
    /// browser that refuses storage would get a new visitor token on every ticket call (and
    /// lose sight of its own ticket) and a new visitor id on every vote; with it the panel
    /// only forgets between visits.
    static MEMORY: std::cell::RefCell<std::collections::HashMap<String, String>> =
        Default::default();
}

pub fn storage_get(key: &str) -> Option<String> {
    if let Some(value) = MEMORY.with_borrow(|m| m.get(key).cloned()) {
        return Some(value);
    }
    storage()?.get_item(key).ok().flatten()
}

pub fn storage_set(key: &str, value: &str) {
    let stored = storage().is_some_and(|s| s.set_item(key, value).is_ok());
    MEMORY.with_borrow_mut(|m| {
        if stored {
            m.remove(key);
        } else {
            m.insert(key.to_owned(), value.to_owned());
        }
    });
}

pub fn storage_remove(key: &str) {
    MEMORY.with_borrow_mut(|m| m.remove(key));
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// True when the frame's page is not visible (another tab, minimised window).
pub fn document_hidden() -> bool {
    document().is_some_and(|d| d.hidden())
}

/// Focuses a view: the search box on the home (selecting its text if `select`), else the
/// view's heading, else the Back button.
pub fn focus_view(home: bool, select: bool) {
    if home {
        focus_selector("[data-testid=search-input]", select);
    } else if !focus_selector("#ayuda-main > :not([hidden]) h1", false) {
        focus_selector("[data-testid=back]", false);
    }
}

/// True when nothing in particular has the focus (it was on an element that is gone).
pub fn focus_is_lost() -> bool {
    let Some(document) = document() else {
        return false;
    };
    match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.unchecked_ref::<Element>(),
        _ => false,
    }
}

/// Calls `handler` on every `event` of the document, for the panel's lifetime.
pub fn on_document(event: &str, handler: impl FnMut() + 'static) {
    use wasm_bindgen::closure::Closure;
    let Some(document) = document() else { return };
    let closure = Closure::<dyn FnMut()>::new(handler);
    let _ = document.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// Where the anonymous visitor id is kept.
pub const VISITOR_KEY: &str = "ayuda.visitor";

/// The visitor's random id, created and stored the first time it is needed (the first vote):
/// the panel stores nothing before the user interacts.
pub fn visitor_id() -> String {
    if let Some(id) = storage_get(VISITOR_KEY).filter(|id| is_visitor_id(id)) {
        return id;
    }
    let id = random_id();
    storage_set(VISITOR_KEY, &id);
    id
}

/// What the server accepts as a visitor id: 1 to 128 of `[A-Za-z0-9_-]`.
pub fn is_visitor_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// 128 random bits from `crypto.getRandomValues` (every browser the panel runs in has it)
/// as 32 hex digits.
fn random_id() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    let mut id = String::with_capacity(32);
    crate::color::push_hex(&mut id, &bytes);
    id
}

/// The browser's preferred languages (`navigator.languages`), best first.
pub fn browser_languages() -> Vec<String> {
    window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Sets `<html lang>`.
pub fn set_document_lang(tag: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Sets the theme's colours as CSS custom properties on `<html>` through the CSSOM, which the
/// frame's `style-src 'self'` allows (a `style="…"` attribute would be blocked).
pub fn apply_theme(theme: &Theme) {
    let Some(root) = document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let style = root.style();
    for (name, value) in theme.css_properties() {
        let _ = style.set_property(name, &value);
    }
}

/// Marks `name` on the performance timeline now (the benchmark reads it).
pub fn mark(name: &str) {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Marks `name` on the performance timeline at the next frame.
pub fn mark_next_frame(name: &'static str) {
    leptos::prelude::request_animation_frame(move || mark(name));
}

/// After the next frame is painted: `performance.mark('ayuda:results')` and
/// `document.body.dataset.resultsFor = query` (hooks for the benchmark and the tests).
pub fn mark_results(query: String) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(performance) = window().and_then(|w| w.performance()) {
            let _ = performance.mark("ayuda:results");
        }
        if let Some(body) = document().and_then(|d| d.body()) {
            let _ = body.set_attribute("data-results-for", &query);
        }
    });
}

/// Notes the search the panel just answered, for a ticket filed next (the desk module, in the
/// same document, reads it with [`last_search`]).
pub fn note_search(query: &str) {
    if let Some(body) = document().and_then(|d| d.body()) {
        let _ = body.set_attribute(LAST_SEARCH, query);
    }
}

/// The panel's last answered search in this frame, if any.
pub fn last_search() -> Option<String> {
    document()
        .and_then(|d| d.body())
        .and_then(|body| body.get_attribute(LAST_SEARCH))
        .filter(|query| !query.trim().is_empty())
}

const LAST_SEARCH: &str = "data-last-search";

/// The id of the panel's scrolling region.
pub const MAIN_ID: &str = "ayuda-main";

pub fn main_scroll_top() -> f64 {
    document()
        .and_then(|d| d.get_element_by_id(MAIN_ID))
        .map_or(0.0, |e| f64::from(e.scroll_top()))
}

pub fn set_main_scroll_top(top: f64) {
    if let Some(main) = document().and_then(|d| d.get_element_by_id(MAIN_ID)) {
        main.set_scroll_top(top as i32);
    }
}

/// Focuses the first element matching `selector`, if any; true if one was found.
pub fn focus_selector(selector: &str, select_text: bool) -> bool {
    let Some(element) = document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        return false;
    };
    let _ = element.focus();
    if select_text && let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.select();
    }
    true
}

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// The focusable elements of the document that are rendered (not in a `hidden` subtree).
fn focusable_elements() -> Vec<HtmlElement> {
    let Some(list) = document().and_then(|d| d.query_selector_all(FOCUSABLE).ok()) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .filter(|e| e.get_client_rects().length() > 0)
        .collect()
}

/// Keeps Tab inside the panel: from the last focusable element to the first, and
/// Shift+Tab from the first to the last. Call on every `keydown`.
pub fn trap_tab(event: &KeyboardEvent) {
    if event.key() != "Tab" {
        return;
    }
    let elements = focusable_elements();
    let (Some(first), Some(last)) = (elements.first(), elements.last()) else {
        return;
    };
    let active: Option<Element> = document().and_then(|d| d.active_element());
    let is = |e: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == e.unchecked_ref::<Element>())
    };
    let inside = elements.iter().any(is);
    let target = if event.shift_key() {
        (!inside || is(first)).then_some(last)
    } else {
        (!inside || is(last)).then_some(first)
    };
    if let Some(target) = target {
        event.prevent_default();
        let _ = target.focus();
    }
}
