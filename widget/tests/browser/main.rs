//! Browser tests of the panel: pure logic, then real components mounted into the page of
//! headless Chromium (`cargo test -p ayuda-widget --target wasm32-unknown-unknown`).
//!
//! One test binary (modules below) so the wasm is linked and bound once.

#![allow(clippy::unwrap_used)]

mod components;
mod decode;
mod desk;
mod logic;

use std::cell::Cell;
use std::rc::Rc;

use ayuda_widget::Panel;
use ayuda_widget::bridge::FrameParams;
use ayuda_widget::desk::Desk;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A mounted component with its panel; unmounts and removes its container when dropped so
/// that tests do not see each other's DOM.
pub struct Mounted {
    pub panel: Panel,
    /// The contact form and conversations over the panel's session (in the built widget a
    /// module of its own; here in the same app, as the desk tests need).
    pub desk: Desk,
    pub root: HtmlElement,
    handle: Option<Box<dyn std::any::Any>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        drop(self.handle.take());
        self.root.remove();
    }
}

impl Mounted {
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn get(&self, selector: &str) -> Element {
        self.find(selector)
            .unwrap_or_else(|| panic!("no {selector} in {}", self.root.inner_html()))
    }

    pub fn count(&self, selector: &str) -> u32 {
        self.root.query_selector_all(selector).unwrap().length()
    }

    pub fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default()
    }
}

/// Mounts `view` with a fresh [`Panel`] (site `demo`, no host, nothing fetched) in context;
/// `setup` runs before the view is built.
pub fn mount<V: IntoView + 'static>(
    setup: impl FnOnce(Panel) + 'static,
    view: impl FnOnce() -> V + 'static,
) -> Mounted {
    mount_desk(move |panel, _| setup(panel), view)
}

/// Like [`mount`], with a [`Desk`] over the panel's session in context too.
pub fn mount_desk<V: IntoView + 'static>(
    setup: impl FnOnce(Panel, Desk) + 'static,
    view: impl FnOnce() -> V + 'static,
) -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let slot = Rc::new(Cell::new(None::<(Panel, Desk)>));
    let out = slot.clone();
    let handle = mount_to(root.clone(), move || {
        let panel = Panel::new(FrameParams {
            site: "demo".into(),
            ..FrameParams::default()
        });
        panel.provide();
        let desk = Desk::new(panel.session);
        desk.provide();
        setup(panel, desk);
        out.set(Some((panel, desk)));
        view()
    });
    let (panel, desk) = slot.get().unwrap();
    Mounted {
        panel,
        desk,
        root,
        handle: Some(Box::new(handle)),
    }
}

/// Lets the reactive system and the DOM catch up: effects run on the microtask queue, and
/// some work (focus, article enhancements) waits for the next animation frame.
pub async fn tick() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    JsFuture::from(frame).await.unwrap();
    let timeout = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    JsFuture::from(timeout).await.unwrap();
}

/// Waits until `done` holds (polling each tick), for up to about two seconds.
pub async fn until(mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..120 {
        if done() {
            return true;
        }
        tick().await;
    }
    done()
}

/// A `keydown` event for `key` that bubbles and can be cancelled.
pub fn key(name: &str, shift: bool) -> web_sys::KeyboardEvent {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(name);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()
}
