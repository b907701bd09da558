//! The desk module's side of `crate::link`: what its exports (`src/desk_main.rs`) do. One
//! [`Desk`] lives for the frame's lifetime under its own reactive owner; each `show` renders one
//! of its views into the element the panel gives.

use std::any::Any;
use std::cell::RefCell;

use js_sys::Function;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::Desk;
use crate::bridge::{Bridge, FrameParams, HostContext, HostMessage, parse_message};
use crate::components::{ContactView, ConversationsView, ThreadView};
use crate::link::{decode_view, encode_to_panel, parse_deflected};
use crate::session::Session;
use crate::view::View;

struct App {
    /// Keeps the desk's signals alive.
    _owner: Owner,
    desk: Desk,
    /// The content locale the panel resolved.
    locale: RwSignal<String>,
    /// The view rendered, unmounted when dropped.
    shown: Option<Box<dyn Any>>,
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// Creates the desk; `hear` gets the [`crate::view::ToPanel`] messages, encoded.
pub fn start(hear: Function) {
    // Started once: a second load of the module (a Retry while a slow first one was still
    // on its way) finds the desk there.
    if APP.with_borrow(Option::is_some) {
        return;
    }
    // Effects and requests need the executor before the first view is mounted (this wasm
    // instance has its own; `mount_to` would set it up only at the first `show`).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = FrameParams::from_query(&search);
    let owner = Owner::new();
    let app = owner.with(|| {
        let locale = RwSignal::new(params.locale.clone().unwrap_or_default());
        let session = Session::new(
            StoredValue::new(params.site),
            StoredValue::new(Bridge::new(params.parent)),
            Memo::new(move |_| locale.get()),
            RwSignal::new(None),
            RwSignal::new(HostContext::default()),
            RwSignal::new(View::Home),
        );
        session.on_tell(move |message| {
            let _ = hear.call1(&JsValue::NULL, &encode_to_panel(&message));
        });
        let desk = Desk::new(session);
        desk.listen();
        App {
            _owner: owner.clone(),
            desk,
            locale,
            shown: None,
        }
    });
    APP.with_borrow_mut(|a| *a = Some(app));
}

/// A host-protocol message the panel passes on (`locale` carries the resolved locale).
pub fn receive(message: &JsValue) {
    let Some((desk, locale)) = APP.with_borrow(|a| a.as_ref().map(|a| (a.desk, a.locale))) else {
        return;
    };
    if let Some((slug, locale)) = parse_deflected(message) {
        return desk.contact.deflected_by(slug, locale);
    }
    let Some(envelope) = parse_message(message) else {
        return;
    };
    match envelope.message {
        HostMessage::Locale {
            locale: Some(value),
        } => {
            if locale.with_untracked(|l| *l != value) {
                locale.set(value);
            }
        }
        message => desk.receive(message),
    }
}

/// Renders the view `view` describes into `root`, in place of the one shown before.
pub fn show(root: &JsValue, view: &JsValue) {
    let (Some(view), Some(root)) = (
        decode_view(view),
        root.dyn_ref::<web_sys::HtmlElement>().cloned(),
    ) else {
        return;
    };
    let Some(desk) = APP.with_borrow_mut(|a| {
        a.as_mut().map(|a| {
            a.shown = None;
            a.desk
        })
    }) else {
        return;
    };
    desk.enter(view.clone());
    let handle = leptos::mount::mount_to(root, move || {
        desk.provide();
        match view {
            View::Contact => view! { <ContactView/> }.into_any(),
            View::Conversations => view! { <ConversationsView/> }.into_any(),
            View::Thread { .. } => view! { <ThreadView/> }.into_any(),
            View::Home | View::Article { .. } => ().into_any(),
        }
    });
    APP.with_borrow_mut(|a| {
        if let Some(a) = a.as_mut() {
            a.shown = Some(Box::new(handle));
        }
    });
    crate::dom::mark_next_frame("ayuda:desk");
}

/// The panel left the desk's views.
pub fn hide() {
    let desk = APP.with_borrow_mut(|a| {
        a.as_mut().map(|a| {
            a.shown = None;
            a.desk
        })
    });
    if let Some(desk) = desk {
        desk.leave();
    }
}
